"""Accounts of the shared server and ``bildungsmonitor users``: roles, password rules, the last
administrator, the audit log, and ``serve`` refusing to open the app to other machines unsafely."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from bildungsmonitor.cli import app
from etl import accounts, audit
from etl.db import make_engine

PASSWORD = "ein-langes-passwort"
STRONG_KEY = "k" * 20 + "Zufall-0123456789-abcdef"


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'konten.sqlite'}"


@pytest.fixture
def engine(url):
    engine = make_engine(url)
    yield engine
    engine.dispose()


def run(*args: str, stdin: str | None = None, env: dict | None = None):
    result = CliRunner().invoke(app, list(args), input=stdin, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_roles_include_the_rights_below_them():
    assert accounts.may("admin", "datenpflege") and accounts.may("datenpflege", "lesen")
    assert not accounts.may("lesen", "datenpflege") and not accounts.may(None, "lesen")


def test_german_role_names_are_understood(engine):
    made = accounts.add(engine, "dora", PASSWORD, "Datenpflege", by="test")
    assert made.role == "datenpflege"
    with pytest.raises(accounts.AccountError, match="Unbekannte Rolle „chef“"):
        accounts.add(engine, "chef", PASSWORD, "chef", by="test")


def test_logins_passwords_and_duplicates_are_checked(engine):
    with pytest.raises(accounts.AccountError, match="mindestens 12 Zeichen"):
        accounts.add(engine, "kurz", "zu-kurz", "lesen", by="test")
    with pytest.raises(accounts.AccountError, match="Ungültiger Benutzername"):
        accounts.add(engine, "mit leerzeichen", PASSWORD, "lesen", by="test")
    accounts.add(engine, "ada", PASSWORD, "admin", by="test")
    with pytest.raises(accounts.AccountError, match="gibt es bereits"):
        accounts.add(engine, "ada", PASSWORD, "lesen", by="test")


def test_authentication_needs_the_right_password_and_an_active_account(engine):
    accounts.add(engine, "ada", PASSWORD, "admin", by="test")
    accounts.add(engine, "lea", PASSWORD, "lesen", by="test")
    assert accounts.authenticate(engine, "ada", PASSWORD).role == "admin"
    assert accounts.authenticate(engine, "ada", PASSWORD + "x") is None
    assert accounts.authenticate(engine, "niemand", PASSWORD) is None
    accounts.set_active(engine, "lea", False, by="ada")
    assert accounts.authenticate(engine, "lea", PASSWORD) is None


def test_the_last_active_administrator_stays(engine):
    accounts.add(engine, "ada", PASSWORD, "admin", by="test")
    with pytest.raises(accounts.AccountError, match="letzte aktive Administrator"):
        accounts.set_role(engine, "ada", "lesen", by="ada")
    with pytest.raises(accounts.AccountError, match="letzte aktive Administrator"):
        accounts.set_active(engine, "ada", False, by="ada")
    accounts.add(engine, "bert", PASSWORD, "admin", by="ada")
    accounts.set_role(engine, "ada", "lesen", by="bert")
    assert accounts.account(engine, "ada").role == "lesen"


def test_every_change_is_in_the_audit_log(engine):
    accounts.add(engine, "ada", PASSWORD, "admin", by="cli:root")
    accounts.add(engine, "lea", PASSWORD, "lesen", by="ada")
    accounts.set_password(engine, "lea", PASSWORD + "2", by="ada")
    accounts.set_role(engine, "lea", "datenpflege", by="ada")
    accounts.set_active(engine, "lea", False, by="ada")
    logged = [(e.login, e.action, e.detail) for e in reversed(audit.recent(engine))]
    assert logged == [
        ("cli:root", "benutzer_angelegt", "ada (Administration)"),
        ("ada", "benutzer_angelegt", "lea (Lesen)"),
        ("ada", "passwort_gesetzt", "lea"),
        ("ada", "rolle_geaendert", "lea: Lesen → Datenpflege"),
        ("ada", "benutzer_deaktiviert", "lea"),
    ]


def test_a_refused_change_logs_nothing(engine):
    accounts.add(engine, "ada", PASSWORD, "admin", by="test")
    before = len(audit.recent(engine))
    with pytest.raises(accounts.AccountError):
        accounts.set_role(engine, "ada", "lesen", by="ada")
    assert len(audit.recent(engine)) == before


def test_users_on_the_command_line(url):
    added = run(
        "users",
        "add",
        "ada",
        "--rolle",
        "admin",
        "--passwort-stdin",
        "--db",
        url,
        stdin=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert "Benutzer „ada“ angelegt (Rolle Administration)" in added.output
    short = run("users", "add", "bob", "--passwort-stdin", "--db", url, stdin="kurz\n")
    assert short.exit_code == 1
    assert "mindestens 12 Zeichen" in short.output
    last = run("users", "deactivate", "ada", "--db", url)
    assert last.exit_code == 1 and "letzte aktive Administrator" in last.output
    listed = run("users", "list", "--db", url)
    assert re.search(r"ada\s+Administration\s+aktiv", listed.output)


def test_serving_beyond_localhost_needs_a_secret_key(url):
    result = run("serve", "--host", "0.0.0.0", "--db", url, env={"BIMO_SECRET_KEY": ""})
    assert result.exit_code == 1
    assert "BIMO_SECRET_KEY fehlt" in result.output
    weak = run("serve", "--host", "0.0.0.0", "--db", url, env={"BIMO_SECRET_KEY": "dev"})
    assert weak.exit_code == 1 and "zu schwach" in weak.output


def test_serving_beyond_localhost_needs_an_administrator(url):
    result = run("serve", "--host", "0.0.0.0", "--db", url, env={"BIMO_SECRET_KEY": STRONG_KEY})
    assert result.exit_code == 1
    assert "noch keinen aktiven Administrator" in result.output
