"""Login and roles in a real browser (Chromium via Playwright) on a copy of the sample database
with three users: anonymous visitors are sent to the login, a wrong password is refused and
rate-limited, a reader cannot open Lieferungen, and the data steward's uploads reach the explorer
and the audit log."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from test_browser import Tab, browser, serve  # noqa: F401 - the module's browser fixture

from dashboard.app import create_app
from etl import accounts
from etl.db import make_engine

PASSWORD = "ein-langes-passwort"


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
