"""Login and roles on the shared server (Flask test client, tiny database): who gets in, what
each role may open and change, the login's CSRF token and rate limit, and the audit log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine

from dashboard import auth
from dashboard.app import create_app
from dashboard.ids import Admin
from etl import accounts, audit

PASSWORD = "ein-langes-passwort"


@pytest.fixture
def engine(tiny_url):
    from etl.db import make_engine

    engine = make_engine(tiny_url)
    yield engine
    engine.dispose()


@pytest.fixture
def people(engine):
    for login, role in (("ada", "admin"), ("dora", "datenpflege"), ("lea", "lesen")):
        accounts.add(engine, login, PASSWORD, role, by="test")
    return engine


def client_of(url: str, **kwargs):
    return create_app(url, **kwargs).server.test_client()


def token(client, path: str = auth.LOGIN_PATH) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def log_in(client, login: str, password: str = PASSWORD, target: str = "/"):
    return client.post(
        auth.LOGIN_PATH,
        data={
            "benutzer": login,
            "passwort": password,
            "weiter": target,
            "csrf_token": token(client),
        },
    )


def actions(engine) -> list[tuple[str, str]]:
    return [(e.login, e.action) for e in audit.recent(engine)]


def test_without_users_the_local_demo_is_open_and_says_so(tiny_url):
    client = client_of(tiny_url)
    assert client.get("/").status_code == 200
    app = create_app(tiny_url)
    with app.server.test_request_context("/"):
        assert auth.is_open() and auth.allowed("admin")
        assert "Demo ohne Anmeldung" in str(app.layout())


def test_beyond_localhost_a_login_is_required_even_before_the_first_user(tiny_url):
    client = client_of(tiny_url, may_run_open=False)
    response = client.get("/indikatoren?jahr=2019")
    assert response.status_code == 302
    assert response.location.endswith("/anmelden?weiter=%2Findikatoren%3Fjahr%3D2019")


def test_with_users_everything_but_the_login_page_needs_a_login(tiny_url, people):
    client = client_of(tiny_url)
    assert client.get("/").status_code == 302
    assert client.get("/_dash-layout").status_code == 401
    assert client.post("/_dash-update-component", json={}).status_code == 401
    assert client.get("/export?art=karte&format=csv").status_code == 401
    assert client.get(auth.LOGIN_PATH).status_code == 200
    assert client.get("/_bimo/bootstrap/bootstrap.min.css").status_code == 200


def test_a_wrong_password_is_refused_and_logged(tiny_url, people):
    client = client_of(tiny_url)
    response = log_in(client, "ada", "falsches-passwort-123")
    assert response.status_code == 401
    assert "Benutzername oder Passwort falsch" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert ("ada", "anmeldung_abgelehnt") in actions(people)


def test_an_unknown_login_gets_the_same_answer(tiny_url, people):
    client = client_of(tiny_url)
    response = log_in(client, "niemand", PASSWORD)
    assert response.status_code == 401
    assert "Benutzername oder Passwort falsch" in response.get_data(as_text=True)


def test_the_login_needs_its_csrf_token(tiny_url, people):
    client = client_of(tiny_url)
    client.get(auth.LOGIN_PATH)
    response = client.post(auth.LOGIN_PATH, data={"benutzer": "ada", "passwort": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_logins_are_rate_limited(tiny_url, people):
    client = client_of(tiny_url)
    codes = [log_in(client, "ada", f"falsch-{n}-passwort").status_code for n in range(6)]
    assert codes[:5] == [401] * 5
    assert codes[5] == 429
    # even the right password waits now
    response = log_in(client, "ada")
    assert response.status_code == 429
    assert "Zu viele Anmeldeversuche" in response.get_data(as_text=True)


def test_a_good_login_opens_the_app_at_the_page_asked_for(tiny_url, people):
    client = client_of(tiny_url)
    response = log_in(client, "lea", target="/indikatoren?jahr=2019")
    assert response.status_code == 302
    assert response.location.endswith("/indikatoren?jahr=2019")
    assert client.get("/indikatoren").status_code == 200
    assert ("lea", "anmeldung") in actions(people)


@pytest.mark.parametrize("target", ["//boese.example/", "https://boese.example/", "/\\boese"])
def test_the_login_never_sends_anyone_to_another_site(tiny_url, people, target):
    client = client_of(tiny_url)
    response = log_in(client, "lea", target=target)
    assert response.status_code == 302
    assert response.location in ("/", "http://localhost/")


def test_a_deactivated_user_is_out_at_the_next_request(tiny_url, people):
    client = client_of(tiny_url)
    log_in(client, "dora")
    assert client.get("/").status_code == 200
    accounts.set_active(people, "dora", False, by="ada")
    assert client.get("/").status_code == 302


def test_logout_needs_the_token_and_ends_the_session(tiny_url, people):
    client = client_of(tiny_url)
    log_in(client, "lea")
    assert client.post(auth.LOGOUT_PATH).status_code == 400
    # the navigation's logout form carries the token
    layout = client.get("/_dash-layout").get_data(as_text=True)
    page_token = re.search(r'"value":"([^"]+)"[^{}]*"name":"csrf_token"', layout).group(1)
    response = client.post(auth.LOGOUT_PATH, data={"csrf_token": page_token})
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert ("lea", "abmeldung") in actions(people)


def callback_body(output: str) -> dict:
    # ``outputs`` names a harmless component: the check must go by ``output``, what Dash runs
    return {
        "output": output,
        "outputs": {"id": "indikatoren-karte", "property": "children"},
        "inputs": [],
        "changedPropIds": [],
    }


def test_a_reader_can_neither_open_nor_call_the_protected_pages(tiny_url, people):
    app = create_app(tiny_url)
    from dashboard.pages import verwaltung  # registered once an app exists

    client = app.server.test_client()
    log_in(client, "lea")
    change = next(key for key in app.callback_map if Admin.MESSAGE in key)
    response = client.post("/_dash-update-component", json=callback_body(change))
    assert response.status_code == 403
    assert "Administration" in response.get_data(as_text=True)
    with app.server.test_request_context("/"):
        from flask_login import login_user

        login_user(auth._User(accounts.account(people, "lea")))
        assert "Keine Berechtigung" in str(verwaltung.layout())
        navigation = str(app.layout())
        assert "href='/verwaltung'" not in navigation
        assert "href='/lieferungen'" not in navigation
        assert "href='/datenstand'" in navigation
        assert "lea (Lesen)" in navigation


def test_the_admin_page_changes_users_and_logs_it(tiny_url, people):
    app = create_app(tiny_url)
    from dashboard.pages import verwaltung

    with app.server.test_request_context("/"):
        from flask_login import login_user

        login_user(auth._User(accounts.account(people, "ada")))
        message, colour = verwaltung.change_users(
            Admin.ADD, {"new_login": "neu", "new_role": "datenpflege", "new_password": PASSWORD}
        )
        assert colour == "success" and "neu" in message
        message, colour = verwaltung.change_users(Admin.SET_ROLE, {"who": "ada", "role": "lesen"})
        assert colour == "danger" and "letzte aktive Administrator" in message
        message, colour = verwaltung.change_users(
            Admin.SET_PASSWORD, {"who": "neu", "password": "kurz"}
        )
        assert colour == "danger" and "mindestens 12 Zeichen" in message
    assert accounts.account(people, "neu").role == "datenpflege"
    assert ("ada", "benutzer_angelegt") in actions(people)


def test_a_reader_sees_no_import_details(tiny_url, people):
    from dashboard.pages import datenstand
    from dashboard.urlstate import StatusState

    app = create_app(tiny_url)
    for login, shown in (("lea", False), ("dora", True)):
        with app.server.test_request_context("/"):
            from flask_login import login_user

            login_user(auth._User(accounts.account(people, login)))
            warnings = str(datenstand.view(StatusState(""))["warnings"])
            assert ("sieht die Datenpflege" not in warnings) == shown


@pytest.mark.parametrize("key", [None, "", "kurz", "dev", "x" * 31])
def test_a_weak_or_missing_secret_key_is_refused(key):
    with pytest.raises(auth.SecretKeyMissing):
        auth.check_secret_key(key)


def test_passwords_are_stored_as_argon2_hashes_only(tiny_url, people):
    with create_engine(tiny_url).connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalars().all()
    assert all(h.startswith("$argon2id$") for h in stored)
    assert not any(PASSWORD in h for h in stored)
