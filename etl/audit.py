"""The audit log: who logged in, uploaded, imported, replaced, built or changed a user, and when.

Written in the same transaction as the change it records where there is one, so the log never
claims a change that was rolled back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select

from etl.models import AuditEntry

# action key -> German label shown on the admin page
ACTIONS = {
    "anmeldung": "Anmeldung",
    "anmeldung_abgelehnt": "Anmeldung abgelehnt",
    "abmeldung": "Abmeldung",
    "hochgeladen": "Datei hochgeladen",
    "import": "Import",
    "import_abgelehnt": "Import abgelehnt",
    "ersetzt": "Lieferung ersetzt",
    "berechnet": "Indikatoren berechnet",
    "wiederhergestellt": "Sicherung wiederhergestellt",
    "benutzer_angelegt": "Benutzer angelegt",
    "rolle_geaendert": "Rolle geändert",
    "passwort_gesetzt": "Passwort gesetzt",
    "benutzer_deaktiviert": "Benutzer deaktiviert",
    "benutzer_aktiviert": "Benutzer aktiviert",
}


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    login: str
    action: str
    detail: str

    @property
    def label(self) -> str:
        return ACTIONS.get(self.action, self.action)


def record(conn: Connection, login: str, action: str, detail: str = "") -> None:
    """One entry, in the caller's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(
        insert(AuditEntry),
        {
            "at": dt.datetime.now().replace(microsecond=0),
            "login": login[:100],
            "action": action,
            "detail": detail,
        },
    )


def record_now(engine: Engine, login: str, action: str, detail: str = "") -> None:
    """One entry in its own transaction (a login, a refused import: nothing else to join)."""
    with engine.begin() as conn:
        record(conn, login, action, detail)


def recent(engine: Engine, limit: int = 500) -> list[Entry]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(AuditEntry.at, AuditEntry.login, AuditEntry.action, AuditEntry.detail)
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        ).all()
        return [Entry(*row) for row in rows]
