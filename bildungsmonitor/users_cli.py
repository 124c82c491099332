"""``bildungsmonitor users``: logins of the shared server (add, list, role, password, activate).

Passwords are asked at the prompt (hidden, twice) or read from standard input with
``--passwort-stdin`` (for scripts); never as an argument, which would land in the shell history.
Changes are recorded in the audit log as ``cli:<OS user>``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:  # SQLAlchemy only when a command runs: ``--help`` starts fast
    from sqlalchemy import Engine

users_app = typer.Typer(
    help="Benutzer des gemeinsamen Servers verwalten (Rollen: admin, datenpflege, lesen).",
    no_args_is_help=True,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[str | None, typer.Option("--db", help="Datenbank-URL", show_default=False)]
StdinOption = Annotated[
    bool, typer.Option("--passwort-stdin", help="Passwort aus der Standardeingabe lesen")
]
LoginArgument = Annotated[str, typer.Argument(help="Benutzername")]


def _run(db: str | None, change: Callable[[Engine, str], str]) -> None:
    """Open the database, apply ``change`` as ``cli:<OS user>`` and print its message."""
    from bildungsmonitor.cli import _engine, _settings
    from etl.accounts import AccountError
    from etl.db import DatabaseError

    settings = _settings(db)
    engine = _engine(settings)
    try:
        out.print(change(engine, f"cli:{settings.user}"), highlight=False, markup=False)
    except (AccountError, DatabaseError) as error:
        err.print(str(error), highlight=False, markup=False)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Passwort", hide_input=True, confirmation_prompt="Passwort wiederholen")


@users_app.command("add")
def add(
    login: LoginArgument,
    role: Annotated[str, typer.Option("--rolle", help="admin, datenpflege oder lesen")] = "lesen",
    from_stdin: StdinOption = False,
    db: DbOption = None,
) -> None:
    """Einen Benutzer anlegen (der erste sollte die Rolle admin haben)."""
    from etl import accounts

    password = _password(from_stdin)

    def change(engine: Engine, by: str) -> str:
        made = accounts.add(engine, login, password, role, by=by)
        return f"Benutzer „{made.login}“ angelegt (Rolle {made.role_name})."

    _run(db, change)


@users_app.command("list")
def list_users(db: DbOption = None) -> None:
    """Alle Benutzer mit Rolle und Status."""
    from etl import accounts

    def change(engine: Engine, _by: str) -> str:
        found = accounts.accounts(engine)
        if not found:
            return "Noch keine Benutzer: das Dashboard läuft nur auf diesem Rechner ohne Anmeldung."
        return "\n".join(
            f"{a.login}\t{a.role_name}\t{'aktiv' if a.active else 'deaktiviert'}\t"
            f"seit {a.created_at:%d.%m.%Y}"
            for a in found
        )

    _run(db, change)


@users_app.command("role")
def role(
    login: LoginArgument,
    new_role: Annotated[str, typer.Argument(help="admin, datenpflege oder lesen")],
    db: DbOption = None,
) -> None:
    """Die Rolle eines Benutzers ändern."""
    from etl import accounts

    def change(engine: Engine, by: str) -> str:
        accounts.set_role(engine, login, new_role, by=by)
        return f"Rolle von „{login}“ geändert."

    _run(db, change)


@users_app.command("password")
def password(login: LoginArgument, from_stdin: StdinOption = False, db: DbOption = None) -> None:
    """Ein neues Passwort setzen."""
    from etl import accounts

    secret = _password(from_stdin)

    def change(engine: Engine, by: str) -> str:
        accounts.set_password(engine, login, secret, by=by)
        return f"Passwort von „{login}“ gesetzt."

    _run(db, change)


def _set_active(login: str, active: bool, db: str | None) -> None:
    from etl import accounts

    def change(engine: Engine, by: str) -> str:
        accounts.set_active(engine, login, active, by=by)
        return f"„{login}“ {'wieder aktiv' if active else 'deaktiviert'}."

    _run(db, change)


@users_app.command("deactivate")
def deactivate(login: LoginArgument, db: DbOption = None) -> None:
    """Einen Benutzer sperren (er bleibt im Protokoll erhalten)."""
    _set_active(login, False, db)


@users_app.command("activate")
def activate(login: LoginArgument, db: DbOption = None) -> None:
    """Einen gesperrten Benutzer wieder zulassen."""
    _set_active(login, True, db)
