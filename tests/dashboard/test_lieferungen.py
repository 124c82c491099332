"""The Lieferungen page and its upload route (Flask test client, a temporary SQLite database
with the reference world of tests/helpers.py and two users): who may upload, the form's CSRF
token and size limit, the background check with the command line's problems, loading with the
login as "loaded_by" and the indicators built after it, a known file, and a re-delivery that is
replaced only after "Ersetzen"."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from helpers import load_world, source_header, write_csv, write_xlsx
from sqlalchemy import Engine, func, select

from dashboard import auth, uploads
from dashboard.app import create_app
from dashboard.ids import Deliveries as ID
from etl import accounts, audit
from etl.db import make_engine
from etl.models import Load, Population, Upload
from etl.pipeline import import_file
from etl.problems import ImportRejected
from etl.settings import Settings, load_settings
from indicators.store import IndicatorBuild, IndicatorValue

PASSWORD = "ein-langes-passwort"
WAIT_SECONDS = 60.0
HEADER = source_header("population")


@dataclass
class Site:
    app: object
    engine: Engine
    folder: Path
    settings: Settings

    def client(self):
        return self.app.server.test_client()


@pytest.fixture
def site(tmp_path, monkeypatch) -> Site:
    monkeypatch.setenv("BIMO_DATA_DIR", str(tmp_path / "daten"))
    monkeypatch.setenv("BIMO_MAX_FILE_MB", "2")  # the app's other requests: 1 MB
    url = f"sqlite:///{tmp_path / 'lieferungen.sqlite'}"
    settings = Settings(**{**load_settings().__dict__, "database_url": url})
    engine = make_engine(url)
    load_world(engine, settings, tmp_path)
    for login, role in (("dora", "datenpflege"), ("lea", "lesen")):
        accounts.add(engine, login, PASSWORD, role, by="test")
    yield Site(create_app(url), engine, tmp_path, settings)
    engine.dispose()


def population(folder: Path, name: str, counts=("4", "5"), district="0111") -> Path:
    rows = [
        HEADER,
        ["31.12.2019", district, "3", "w", counts[0]],
        ["31.12.2019", "0112", "4", "m", counts[1]],
    ]
    return write_xlsx(folder / name, rows)


def log_in(client, login: str) -> str:
    """Log in; the form token of the session (valid for the upload form too)."""
    page = client.get(auth.LOGIN_PATH).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        auth.LOGIN_PATH, data={"benutzer": login, "passwort": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return token


def upload(client, path: Path, csrf: str | None, source: str = uploads.AUTO):
    data = {"quelle": source, "datei": (path.open("rb"), path.name)}
    if csrf is not None:
        data["csrf_token"] = csrf
    return client.post(uploads.ROUTE, data=data, content_type="multipart/form-data")


def token_of(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    target = urlparse(response.headers["Location"])
    assert target.path == "/lieferungen"
    return parse_qs(target.query)["auftrag"][0]


def wait_for(engine: Engine, token: str, *states: str) -> Upload:
    """The upload row once it is in one of ``states`` (the work runs in a thread)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        with engine.connect() as conn:
            row = conn.execute(select(Upload).where(Upload.token == token)).one()
        if row.state in states:
            return row
        if row.state not in uploads.RUNNING or time.monotonic() > deadline:
            pytest.fail(
                f"Lieferung {token}: Zustand {row.state!r} ({row.result}), erwartet {states}"
            )
        time.sleep(0.05)


def press(client, app, button: str, token: str, chosen: str | None = None):
    """Click a button of the page: the callback request the browser sends."""
    key = next(k for k in app.callback_map if "lieferungen-meldung.children@" in k)
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1].split("@")[0]}
        for part in key.strip(".").split("...")
    ]
    body = {
        "output": key,
        "outputs": outputs,
        "inputs": [
            {"id": b, "property": "n_clicks", "value": 1 if b == button else None}
            for b in (ID.LOAD, ID.REPLACE, ID.CHOOSE_CHECK)
        ],
        "state": [
            {"id": ID.CHOOSE_SOURCE, "property": "value", "value": chosen},
            {"id": ID.JOB, "property": "data", "value": token},
        ],
        "changedPropIds": [f"{button}.n_clicks"],
    }
    return client.post("/_dash-update-component", json=body)


def count(engine: Engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def actions(engine: Engine) -> list[tuple[str, str]]:
    return [(entry.login, entry.action) for entry in audit.recent(engine)]


def view_of(site: Site, token: str) -> dict:
    from dashboard.pages import lieferungen

    with site.app.server.test_request_context("/lieferungen"):
        return lieferungen.view(uploads.job(token))


# --- the upload route -------------------------------------------------------------------------


def test_uploading_needs_a_login_and_the_role_datenpflege(site):
    path = population(site.folder, "bevoelkerung.xlsx")
    anonymous = site.client()
    assert upload(anonymous, path, None).status_code == 401
    reader = site.client()
    csrf = log_in(reader, "lea")
    response = upload(reader, path, csrf)
    assert response.status_code == 403
    assert "Datenpflege" in response.get_data(as_text=True)
    reader_click = press(reader, site.app, ID.LOAD, "egal")
    assert reader_click.status_code == 403
    assert count(site.engine, Upload) == 0


def test_an_upload_without_the_form_token_is_refused(site):
    client = site.client()
    log_in(client, "dora")
    response = upload(client, population(site.folder, "bevoelkerung.xlsx"), None)
    assert response.status_code == 400
    assert "Formular abgelaufen" in response.get_data(as_text=True)
    assert count(site.engine, Upload) == 0


def test_the_upload_limit_is_its_own_and_a_larger_file_is_refused_in_german(site):
    client = site.client()
    csrf = log_in(client, "dora")
    larger = site.folder / "groesser.csv"  # over the app's 1 MB, under BIMO_MAX_FILE_MB=2
    larger.write_bytes(b"Spalte;Wert\n" + b"a;1\n" * 400_000)
    token = token_of(upload(client, larger, csrf))
    wait_for(site.engine, token, uploads.ASK_SOURCE)

    big = site.folder / "gross.csv"
    big.write_bytes(b"x" * (2 * 1_048_576 + 100_000))
    response = upload(client, big, csrf)
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "zu groß: höchstens 2 MB" in text
    assert 'href="/lieferungen"' in text
    assert count(site.engine, Upload) == 1


def test_only_xlsx_and_csv_are_taken(site):
    client = site.client()
    csrf = log_in(client, "dora")
    other = site.folder / "bevoelkerung.xls"
    other.write_bytes(b"alt")
    response = upload(client, other, csrf)
    assert response.status_code == 400
    assert "„.xls“ wird nicht unterstützt" in response.get_data(as_text=True)


# --- check, load, build -----------------------------------------------------------------------


def test_a_broken_file_is_refused_with_the_problems_of_the_command_line(site):
    client = site.client()
    csrf = log_in(client, "dora")
    path = write_xlsx(
        site.folder / "kaputt.xlsx",
        [HEADER, ["31.12.2019", "9999", "3", "w", "4"], ["31.12.2019", "0111", "200", "x", "5"]],
    )
    token = token_of(upload(client, path, csrf, source="population"))
    row = wait_for(site.engine, token, uploads.REJECTED)

    with pytest.raises(ImportRejected) as caught:  # what `bildungsmonitor import` prints
        import_file(site.engine, "population", path, site.settings)
    printed = caught.value.report(site.settings.max_problems_shown).splitlines()[1:]
    shown = view_of(site, token)
    with site.app.server.test_request_context("/lieferungen"):
        problems = [p["message"] for p in uploads.job(token).result["problems"]]
    assert [f"  • {message}" for message in problems] == printed
    assert len(problems) == 3  # an unknown district (a reference), an age and a sex out of range
    assert "Zeile 2, Spalte „Bezirk-Nr“: Wert „9999“" in problems[0]
    text = str(shown["state"])
    assert ID.PROBLEMS in text and "Tabellenblatt" in text and "Problem" in text
    assert shown["message"].startswith("Import abgelehnt: kaputt.xlsx")
    assert not (shown["load"] or shown["replace"] or shown["poll"])
    assert ("dora", "import_abgelehnt") in actions(site.engine)
    assert count(site.engine, Load) == 3  # the world only
    assert not Path(row.stored_as).exists()  # a refused delivery is not kept


def test_a_valid_file_is_checked_then_loaded_and_built_by_the_login(site):
    client = site.client()
    csrf = log_in(client, "dora")
    path = population(site.folder, "bevoelkerung_2019.xlsx")
    token = token_of(upload(client, path, csrf))
    row = wait_for(site.engine, token, uploads.CHECKED)
    assert row.source == "population"  # recognised by its columns
    assert count(site.engine, Population) == 0  # a check writes nothing
    shown = view_of(site, token)
    assert shown["load"] and not shown["replace"]
    assert shown["message"].startswith("Prüfung bestanden: 2 Zeilen, Lieferung")

    response = press(client, site.app, ID.LOAD, token)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Import gestartet" in response.get_data(as_text=True)
    row = wait_for(site.engine, token, uploads.LOADED)

    with site.engine.connect() as conn:
        load = conn.execute(select(Load).where(Load.id == row.load_id)).one()
        builds = conn.execute(select(IndicatorBuild.sources)).scalars().all()
        values = conn.execute(select(func.count()).select_from(IndicatorValue)).scalar_one()
    assert (load.file_name, load.loaded_by, load.rows) == ("bevoelkerung_2019.xlsx", "dora", 2)
    assert "population" in builds[-1] and values > 0
    assert {"hochgeladen", "import", "berechnet"} <= {
        action for login, action in actions(site.engine) if login == "dora"
    }
    shown = view_of(site, token)
    assert not shown["poll"] and "Indikatoren" in str(shown["state"])
    assert press(client, site.app, ID.LOAD, token).status_code == 200  # a second click:
    assert count(site.engine, Load) == 4  # nothing more is loaded

    again = token_of(upload(client, path, csrf))  # the same file once more
    assert wait_for(site.engine, again, uploads.KNOWN)
    assert "bereits importiert" in view_of(site, again)["message"]


def test_a_corrected_redelivery_is_replaced_only_after_ersetzen(site):
    client = site.client()
    csrf = log_in(client, "dora")
    first = token_of(upload(client, population(site.folder, "erste.xlsx"), csrf))
    wait_for(site.engine, first, uploads.CHECKED)
    press(client, site.app, ID.LOAD, first)
    wait_for(site.engine, first, uploads.LOADED)

    corrected = population(site.folder, "korrigiert.xlsx", counts=("6", "7"))
    token = token_of(upload(client, corrected, csrf))
    wait_for(site.engine, token, uploads.ASK_REPLACE)
    shown = view_of(site, token)
    assert shown["replace"] and not shown["load"]
    assert shown["message"].startswith("Für diese Lieferung sind bereits Daten geladen")
    with site.engine.connect() as conn:
        assert sorted(conn.execute(select(Population.count)).scalars()) == [4, 5]

    assert "schon verarbeitet" in press(client, site.app, ID.LOAD, token).get_data(as_text=True)
    assert wait_for(site.engine, token, uploads.ASK_REPLACE)  # "Laden" does not replace
    press(client, site.app, ID.REPLACE, token)
    row = wait_for(site.engine, token, uploads.LOADED)
    with site.engine.connect() as conn:
        assert sorted(conn.execute(select(Population.count)).scalars()) == [6, 7]
        earlier = conn.execute(select(Load).where(Load.file_name == "erste.xlsx")).one()
    assert earlier.superseded_by == row.load_id
    assert ("dora", "ersetzt") in actions(site.engine)
    with site.app.server.test_request_context("/lieferungen"):
        history = uploads.history()
    assert list(history["Datei"][:2]) == ["korrigiert.xlsx", "erste.xlsx"]
    assert history["Stand"][1] == f"ersetzt durch Ladevorgang {row.load_id}"
    assert set(history["von"][:2]) == {"dora"}


def test_an_unrecognised_file_asks_for_its_source(site):
    client = site.client()
    csrf = log_in(client, "dora")
    path = write_csv(site.folder / "raetsel.csv", [["Spalte A", "Spalte B"], ["1", "2"]])
    token = token_of(upload(client, path, csrf))
    wait_for(site.engine, token, uploads.ASK_SOURCE)
    shown = view_of(site, token)
    assert shown["choose"] and "nicht erkannt" in shown["message"]

    press(client, site.app, ID.CHOOSE_CHECK, token, chosen="population")
    row = wait_for(site.engine, token, uploads.REJECTED)
    assert row.source == "population"
    assert "Kopfzeile nicht gefunden" in row.result


# --- the page ---------------------------------------------------------------------------------


def test_the_page_in_the_open_demo_has_the_labelled_form(tmp_path, monkeypatch, tiny_url):
    monkeypatch.setenv("BIMO_DATA_DIR", str(tmp_path / "daten"))
    app = create_app(tiny_url)
    from dashboard.pages import lieferungen

    with app.server.test_request_context("/lieferungen"):
        page = lieferungen.layout()
        assert auth.current_login() == "lokal"
    form = next(c for c in _walk(page) if getattr(c, "id", None) == ID.FORM)
    assert (form.action, form.method, form.encType) == (
        uploads.ROUTE,
        "post",
        "multipart/form-data",
    )
    named = {getattr(c, "name", None): c for c in _walk(form)}
    assert named["datei"].type == "file" and named["datei"].id == ID.FILE
    assert named["csrf_token"].value
    sources = [option["value"] for option in named["quelle"].options]
    assert sources[0] == uploads.AUTO and "population" in sources
    labels = {c.html_for for c in _walk(form) if hasattr(c, "html_for")}
    assert {ID.FILE, ID.SOURCE} <= labels
    assert lieferungen.layout.__module__ == "dashboard.pages.lieferungen"


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if children is None or isinstance(children, str):
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)
