"""The app on a shared server: security headers, request limits, malformed callback requests,
bounded inputs and a bounded number of exports at once (Flask test client, tiny database)."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import threading
import time

import pytest

from dashboard import hardening
from dashboard.app import create_app
from dashboard.ids import Explorer
from etl.settings import load_settings
from publish.views.request import MAX_UNITS, ExportError, ExportRequest

SERIES_CSV = "/export?art=zeitverlauf&indikator=uwe.wellbeing_low&ebene=ortsteil&format=csv"


@pytest.fixture
def app(tiny_url):
    return create_app(tiny_url)


@pytest.fixture
def client(app):
    return app.server.test_client()


def post_callback(client, output: str, values: dict, changed: str, state: dict | None = None):
    """One callback request as the browser sends it; ``values``/``state`` by "id.property"."""
    spec = next(d for d in client.get("/_dash-dependencies").get_json() if output in d["output"])
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
        for part in spec["output"].strip(".").split("...")
    ]

    def items(declared, given):
        return [
            {
                "id": d["id"],
                "property": d["property"],
                "value": given.get(f"{d['id']}.{d['property']}"),
            }
            for d in declared
        ]

    payload = {
        "output": spec["output"],
        "outputs": outputs,
        "inputs": items(spec["inputs"], values),
        "changedPropIds": [changed],
        "state": items(spec["state"], state or {}),
    }
    return client.post("/_dash-update-component", json=payload)


# --- headers ----------------------------------------------------------------------------------


def test_every_response_carries_the_security_headers(client):
    script = re.search(r'src="(/_dash-component-suites/[^"]+\.js[^"]*)"', client.get("/").text)
    responses = {
        "page": client.get("/indikatoren"),
        "script": client.get(script.group(1)),
        "callback list": client.get("/_dash-dependencies"),
        "refused export": client.get("/export?art=karte&format=csv"),
        "missing": client.get("/gibt-es-nicht.txt"),
        "refused callback": client.post("/_dash-update-component", data=b"{kaputt"),
    }
    for what, response in responses.items():
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff", what
        assert headers["X-Frame-Options"] == "SAMEORIGIN", what
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy, what
        assert "object-src 'none'" in policy, what
        assert "'unsafe-eval'" not in policy, what


def test_the_policy_allows_exactly_the_pages_inline_scripts(client):
    """Scripts only from the app, and the inline ones by hash: each inline script of the page
    must be listed (or the browser would not run the app), and nothing allows any other."""
    page = client.get("/indikatoren")
    policy = dict(
        part.strip().split(" ", 1) for part in page.headers["Content-Security-Policy"].split(";")
    )
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page.text, re.S)
    inline = [body for attributes, body in scripts if "application/json" not in attributes]
    assert inline  # Dash starts its renderer from an inline script
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in inline
    }
    allowed = set(policy["script-src"].split())
    assert hashes <= allowed
    assert allowed - hashes == {"'self'"}
    assert policy["default-src"] == "'self'"
    assert "http" not in page.headers["Content-Security-Policy"]  # nothing from elsewhere


# --- limits and malformed requests ------------------------------------------------------------


def test_a_body_over_the_limit_is_refused(client):
    body = b'{"output": "' + b"x" * (hardening.MAX_BODY_BYTES + 10) + b'"}'
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 413
    assert "Anfrage zu groß" in response.text


@pytest.mark.parametrize(
    "body",
    [
        b"{kein json",
        b"[]",
        b"null",
        b"{}",
        b'{"output": "gibt.es-nicht"}',
        b'{"output": 1}',
    ],
)
def test_a_malformed_callback_request_gets_400_and_a_short_log_line(client, caplog, body):
    with caplog.at_level(logging.INFO):
        response = client.post(
            "/_dash-update-component", data=body, content_type="application/json"
        )
    assert response.status_code == 400
    assert response.text.startswith("Ungültige Anfrage:")
    assert len(caplog.records) == 1
    assert len(caplog.text) < 300


def test_a_large_malformed_body_is_not_written_to_the_log(client, caplog, app):
    """Before, Dash answered 500 and logged a traceback quoting the unknown output twice."""
    marker = "MARKIERUNG" * 50_000  # 500 KB, under the body limit
    known = next(iter(app.callback_map))
    bodies = [
        {"output": marker, "outputs": {}, "inputs": [], "state": []},
        {"output": known, "outputs": {}, "inputs": [{"id": marker}], "state": []},
    ]
    for body in bodies:
        with caplog.at_level(logging.INFO):
            response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 400
    assert "MARKIERUNG" not in caplog.text
    assert len(caplog.text) < 600


def test_an_overlong_query_string_is_refused(client):
    response = client.get("/indikatoren?einheiten=" + "11," * 5000)
    assert response.status_code == 400
    assert "Adresse zu lang" in response.text


# --- bounded inputs ---------------------------------------------------------------------------


def test_repeated_units_of_an_export_are_collapsed():
    repeated = ",".join(["11", "12"] * 300)
    request = ExportRequest.from_query({"art": "zeitverlauf", "einheiten": repeated})
    assert request.units == ("11", "12")


def test_absurd_unit_lists_are_refused_with_a_german_message(client):
    many = ",".join(str(n) for n in range(MAX_UNITS + 1))
    with pytest.raises(ExportError, match="Zu viele Einheiten"):
        ExportRequest.from_query({"art": "zeitverlauf", "einheiten": many})
    response = client.get(f"{SERIES_CSV}&einheiten={many}")
    assert response.status_code == 400
    assert "Zu viele Einheiten" in response.text
    long = client.get(f"{SERIES_CSV}&einheiten={'11,' * 1000}")  # 3000 characters
    assert long.status_code == 400
    assert "„einheiten“ ist zu lang" in long.text


def test_an_export_with_repeated_units_answers_at_once(client):
    started = time.perf_counter()
    response = client.get(f"{SERIES_CSV}&einheiten={','.join(['11'] * 600)}")
    assert response.status_code == 200
    assert time.perf_counter() - started < 5


def test_the_explorer_draws_a_repeated_unit_once(client):
    units = ",".join(["11"] * 2000 + ["99", "12"])  # 99 is no Ortsteil
    search = f"?indikator=uwe.wellbeing_low&ebene=ortsteil&jahr=2019&einheiten={units}"
    started = time.perf_counter()
    response = post_callback(
        client,
        f"{Explorer.SERIES}.figure",
        {f"{Explorer.URL}.search": search},
        f"{Explorer.URL}.search",
        {f"{Explorer.RENDERED}.data": "?anders"},
    )
    assert response.status_code == 200
    assert time.perf_counter() - started < 5
    answer = response.get_json()["response"]
    assert answer[Explorer.UNITS]["value"] == ["11", "12"]
    names = [trace.get("name") for trace in answer[Explorer.SERIES]["figure"]["data"]]
    assert names.count("Wanne") == 1 and names.count("Unser Fritz/Crange") == 1


# --- exports at once --------------------------------------------------------------------------


@pytest.fixture
def blocked_exports(monkeypatch, tiny_url):
    """An app with one export slot (and one place in line) whose table exports wait for
    ``release``."""
    monkeypatch.setenv("BIMO_MAX_EXPORTS", "1")
    entered, release = threading.Event(), threading.Event()
    import publish.render.xlsx_csv as tables

    real = tables.export_table

    def slow(*args, **kwargs):
        entered.set()
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(tables, "export_table", slow)
    app = create_app(tiny_url)
    yield app, entered, release
    release.set()


def test_exports_beyond_the_queue_are_asked_to_come_back(blocked_exports):
    app, entered, release = blocked_exports
    gate = app.server.extensions[hardening.GATE_KEY]
    results: list[int] = []

    def fetch():
        results.append(app.server.test_client().get(SERIES_CSV).status_code)

    first, second = threading.Thread(target=fetch), threading.Thread(target=fetch)
    first.start()
    assert entered.wait(10)  # the first renders
    second.start()
    for _ in range(200):  # the second waits in line
        if gate.queued == 1:
            break
        time.sleep(0.01)
    assert gate.queued == 1
    client = app.server.test_client()
    refused = client.get(SERIES_CSV)
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == str(hardening.RETRY_AFTER_SECONDS)
    assert "Bitte gleich noch einmal versuchen" in refused.text
    assert client.get("/export/pack?format=pdf").status_code == 503  # the same gate
    assert client.get("/indikatoren").status_code == 200  # pages are not held up
    release.set()
    first.join(10)
    second.join(10)
    assert results == [200, 200]
    assert client.get(SERIES_CSV).status_code == 200


def test_a_wait_too_long_for_a_slot_is_refused_too():
    gate = hardening.ExportGate(1, waiting=1, wait=0.05)
    with gate.slot(), pytest.raises(hardening.ExportBusy), gate.slot():
        pass
    with gate.slot():  # free again
        pass


def test_without_a_queue_the_second_export_is_refused_at_once():
    gate = hardening.ExportGate(1, waiting=0, wait=5)
    started = time.perf_counter()
    with gate.slot(), pytest.raises(hardening.ExportBusy), gate.slot():
        pass
    assert time.perf_counter() - started < 1  # refused, not queued for the 5 s wait


def test_the_number_of_exports_is_a_setting(monkeypatch):
    monkeypatch.setenv("BIMO_MAX_EXPORTS", "4")
    assert load_settings().max_exports == 4
    monkeypatch.delenv("BIMO_MAX_EXPORTS")
    assert load_settings().max_exports == 2
    monkeypatch.setenv("BIMO_MAX_EXPORTS", "0")
    with pytest.raises(SystemExit, match="BIMO_MAX_EXPORTS"):
        load_settings()
