"""Logins of the shared server: roles, argon2 password hashes, and the changes the admin page and
``bildungsmonitor users`` make. Every change is written to the audit log in the same
transaction."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func, insert, select, update

from etl import audit
from etl.db import locked
from etl.models import User

# role key -> German name; each role includes the rights of those after it
ROLES = {"admin": "Administration", "datenpflege": "Datenpflege", "lesen": "Lesen"}
RANK = {"admin": 3, "datenpflege": 2, "lesen": 1}
MIN_PASSWORD = 12
LOGIN_PATTERN = re.compile(r"^[A-Za-z0-9._@-]{2,100}$")

_hasher = PasswordHasher()  # argon2id with the library's current defaults
# Verified against when a login does not exist, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("bildungsmonitor-unbekannt")


_ACCOUNT = (User.login, User.role, User.active, User.created_at)


class AccountError(ValueError):
    """A change that is not allowed; the message is German and names the rule."""


@dataclass(frozen=True)
class Account:
    login: str
    role: str
    active: bool
    created_at: dt.datetime

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


def may(role: str | None, needed: str) -> bool:
    """Whether ``role`` includes the rights of ``needed``."""
    return RANK.get(role or "", 0) >= RANK[needed]


def check_role(role: str) -> str:
    key = role.strip().lower()
    by_name = {name.lower(): k for k, name in ROLES.items()}
    key = by_name.get(key, key)
    if key not in ROLES:
        raise AccountError(f"Unbekannte Rolle „{role}“. Erlaubt: {', '.join(ROLES)}.")
    return key


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein.")


def _check_login(login: str) -> str:
    if not LOGIN_PATTERN.match(login):
        raise AccountError(
            f"Ungültiger Benutzername „{login}“: 2–100 Zeichen aus Buchstaben, Ziffern und . _ @ -."
        )
    return login


def accounts(engine: Engine) -> list[Account]:
    with engine.connect() as conn:
        rows = conn.execute(select(*_ACCOUNT).order_by(User.login)).all()
        return [Account(*row) for row in rows]


def any_active(engine: Engine) -> bool:
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(User).where(User.active)).scalar()
    return bool(count)


def account(engine: Engine, login: str) -> Account | None:
    with engine.connect() as conn:
        row = conn.execute(select(*_ACCOUNT).where(User.login == login)).first()
        return None if row is None else Account(*row)


def authenticate(engine: Engine, login: str, password: str) -> Account | None:
    """The active account if the password is right, else None (same work either way)."""
    with engine.connect() as conn:
        user = conn.execute(
            select(User.id, User.password_hash, *_ACCOUNT).where(User.login == login)
        ).first()
    stored = user.password_hash if user is not None else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(stored):
        with locked(engine) as conn:
            conn.execute(
                update(User).where(User.id == user.id).values(password_hash=_hasher.hash(password))
            )
    return Account(user.login, user.role, user.active, user.created_at)


def add(engine: Engine, login: str, password: str, role: str, *, by: str) -> Account:
    login, role = _check_login(login), check_role(role)
    check_password(password)
    now = dt.datetime.now().replace(microsecond=0)
    with locked(engine) as conn:
        if conn.execute(select(User.id).where(User.login == login)).first():
            raise AccountError(f"Den Benutzer „{login}“ gibt es bereits.")
        conn.execute(
            insert(User),
            {
                "login": login,
                "password_hash": _hasher.hash(password),
                "role": role,
                "active": True,
                "created_at": now,
            },
        )
        audit.record(conn, by, "benutzer_angelegt", f"{login} ({ROLES[role]})")
    return Account(login, role, True, now)


def set_role(engine: Engine, login: str, role: str, *, by: str) -> None:
    role = check_role(role)
    with locked(engine) as conn:
        user = _existing(conn, login)
        if user.role == "admin" and role != "admin":
            _keep_an_admin(conn, login)
        conn.execute(update(User).where(User.id == user.id).values(role=role))
        audit.record(conn, by, "rolle_geaendert", f"{login}: {ROLES[user.role]} → {ROLES[role]}")


def set_password(engine: Engine, login: str, password: str, *, by: str) -> None:
    check_password(password)
    with locked(engine) as conn:
        user = _existing(conn, login)
        conn.execute(
            update(User).where(User.id == user.id).values(password_hash=_hasher.hash(password))
        )
        audit.record(conn, by, "passwort_gesetzt", login)


def set_active(engine: Engine, login: str, active: bool, *, by: str) -> None:
    with locked(engine) as conn:
        user = _existing(conn, login)
        if not active and user.role == "admin":
            _keep_an_admin(conn, login)
        conn.execute(update(User).where(User.id == user.id).values(active=active))
        audit.record(conn, by, "benutzer_aktiviert" if active else "benutzer_deaktiviert", login)


def _existing(conn, login: str):
    user = conn.execute(select(User.id, User.role).where(User.login == login)).first()
    if user is None:
        raise AccountError(f"Den Benutzer „{login}“ gibt es nicht.")
    return user


def _keep_an_admin(conn, login: str) -> None:
    """Nobody may lock everyone out: one active administrator always remains."""
    others = conn.execute(
        select(func.count())
        .select_from(User)
        .where(User.role == "admin", User.active, User.login != login)
    ).scalar()
    if not others:
        raise AccountError(
            f"„{login}“ ist der letzte aktive Administrator: zuerst einen anderen anlegen."
        )
