"""Login and roles in a real browser (Chromium via Playwright) on a copy of the sample database
with three users: anonymous visitors are sent to the login, a wrong password is refused and
rate-limited, a reader cannot open Lieferungen, and the data steward's uploads reach the explorer
and the audit log."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import openpyxl
import pytest
from dashboard_helpers import SAMPLE_SCALE
from test_browser import Tab, browser, serve  # noqa: F401 - the module's browser fixture

from dashboard.app import create_app
from etl import accounts
from etl.db import make_engine

PASSWORD = "ein-langes-passwort"
NEW_YEAR, OLD_YEAR = "2025/26", "2024/25"


@pytest.fixture(scope="module")
def users_url(sample_url, tmp_path_factory) -> str:
    """A copy of the sample database (the tests write to it) with one user per role."""
    source = urlparse(sample_url).path
    if source.startswith("//"):  # sqlite:////abs/path
        source = source[1:]
    copy = tmp_path_factory.mktemp("anmeldung") / "bildungsmonitor.sqlite"
    shutil.copy(source, copy)
    url = f"sqlite:///{copy}"
    engine = make_engine(url)
    for login, role in (("ada", "admin"), ("dora", "datenpflege"), ("lea", "lesen")):
        accounts.add(engine, login, PASSWORD, role, by="test")
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def app_url(users_url) -> Iterator[str]:
    url, server = serve(create_app(users_url))
    yield url
    server.close()


@pytest.fixture
def visitor(browser, app_url) -> Iterator[Tab]:  # noqa: F811
    opened = Tab(browser, app_url)
    yield opened
    opened.close()


def log_in(tab: Tab, login: str, password: str = PASSWORD, path: str = "/") -> None:
    tab.page.goto(tab.base + path)
    tab.page.get_by_label("Benutzername").fill(login)
    tab.page.get_by_label("Passwort").fill(password)
    tab.page.get_by_role("button", name="Anmelden").click()


def test_an_anonymous_visitor_is_sent_to_the_login(visitor):
    visitor.page.goto(visitor.base + "/indikatoren?jahr=2019")
    assert urlparse(visitor.page.url).path == "/anmelden"
    assert visitor.page.get_by_role("heading", name="Anmelden").is_visible()
    assert not visitor.blocked


def test_after_the_login_the_page_asked_for_opens(visitor):
    log_in(visitor, "lea", path="/indikatoren?ebene=ortsteil")
    visitor.ready()
    assert urlparse(visitor.page.url).path == "/indikatoren"
    assert "ebene=ortsteil" in visitor.page.url
    assert "lea (Lesen)" in visitor.page.inner_text("header")


def test_a_wrong_password_is_refused_and_then_rate_limited(browser, users_url):  # noqa: F811
    url, server = serve(create_app(users_url))  # its own app: its own count of attempts
    tab = Tab(browser, url)
    try:
        log_in(tab, "ada", "falsches-passwort-1")
        assert "Benutzername oder Passwort falsch" in tab.page.inner_text("main")
        for attempt in range(2, 6):
            log_in(tab, "ada", f"falsches-passwort-{attempt}")
        log_in(tab, "ada")  # the right one, too late
        assert "Zu viele Anmeldeversuche" in tab.page.inner_text("main")
        assert urlparse(tab.page.url).path == "/anmelden"
    finally:
        tab.close()
        server.close()


def test_a_reader_cannot_open_lieferungen(visitor):
    log_in(visitor, "lea")
    visitor.ready()
    header = visitor.page.inner_text("header")
    assert "Lieferungen" not in header and "Verwaltung" not in header
    visitor.open("/lieferungen")
    assert visitor.page.get_by_role("heading", name="Keine Berechtigung").is_visible()
    assert visitor.page.locator("input[type=file]").count() == 0


def all_day_delivery(folder: Path, broken: bool) -> Path:
    """The sample's last all-day delivery moved to a school year the database does not have yet;
    ``broken``: with a count that is not a number and a school that does not exist."""
    from etl.synthetic import generate

    made = folder / "erzeugt"
    if not (made / "manifest.json").exists():
        generate(made, seed=2017, scale=SAMPLE_SCALE, sources=["all-day"])
    book = openpyxl.load_workbook(made / "synthetisch_ganztag_2024-25.xlsx")
    sheet = book.active
    for row in sheet.iter_rows(min_row=5):
        if row[0].value == OLD_YEAR:
            row[0].value = NEW_YEAR
    if broken:
        sheet.cell(row=5, column=4).value = "viele"
        sheet.cell(row=6, column=2).value = "999999"
    target = folder / ("ganztag_2025-26_fehlerhaft.xlsx" if broken else "ganztag_2025-26.xlsx")
    book.save(target)
    return target


def upload(tab: Tab, path: Path) -> None:
    tab.open("/lieferungen")
    tab.page.set_input_files("#lieferungen-datei", str(path))
    tab.page.click("#lieferungen-hochladen")
    tab.page.wait_for_url("**/lieferungen?auftrag=*")


def test_a_data_steward_uploads_and_the_audit_log_shows_it(browser, app_url, tmp_path):  # noqa: F811
    steward = Tab(browser, app_url)
    try:
        log_in(steward, "dora")
        steward.ready()
        assert "Lieferungen" in steward.page.inner_text("header")

        upload(steward, all_day_delivery(tmp_path, broken=True))
        problems = steward.page.locator("#lieferungen-probleme")
        problems.wait_for(timeout=60_000)
        text = problems.inner_text()
        assert "Import abgelehnt" in steward.page.inner_text("#lieferungen-stand")
        assert "viele" in text and "999999" in text  # the cells, as the command line names them

        upload(steward, all_day_delivery(tmp_path, broken=False))
        steward.page.wait_for_selector("text=Prüfung bestanden", timeout=60_000)
        steward.page.click("#lieferungen-laden")
        # loaded, then built in the background: the page says so when both are done
        steward.page.wait_for_selector("#lieferungen-stand >> text=Zum Datenstand", timeout=120_000)
        steward.open("/lieferungen")
        history = steward.page.inner_text("#lieferungen-verlauf")
        assert "ganztag_2025-26.xlsx" in history and "dora" in history

        steward.open("/indikatoren?indikator=allday.places_per_100&ebene=stadtbezirk&jahr=2025")
        assert steward.query()["jahr"] == ["2025"]
        table = steward.page.inner_text("main table")
        assert "2025/26" in steward.page.inner_text("main")
        assert any(ch.isdigit() for ch in table)
    finally:
        steward.close()

    admin = Tab(browser, app_url)
    try:
        log_in(admin, "ada", path="/verwaltung")
        admin.ready()
        log = admin.page.inner_text("#verwaltung-protokoll")
        assert "Import abgelehnt" in log and "ganztag_2025-26_fehlerhaft.xlsx" in log
        assert "Import" in log and "ganztag_2025-26.xlsx" in log
        assert "dora" in log
    finally:
        admin.close()
