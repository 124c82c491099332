"""Kita-Verzeichnis of the youth office: one row per Kita at a list date (Stand).

A later list supersedes earlier ones: a Kita missing from it counts as closed from that date on;
the lists themselves are all kept.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, func, insert, select

from etl.columns import Column, Sheet
from etl.contract import Unique
from etl.delivery import Delivery, References, insert_records, unknown_districts
from etl.models import Kita, KitaListEntry
from etl.problems import Findings
from etl.table import Table

SOURCE = "kitas"
TITLE = "Kita-Verzeichnis"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = func.extract("year", KitaListEntry.list_date)
# The record tables this source writes, the main one first.
TABLES = (KitaListEntry, Kita)
GENERATOR = "etl.synthetic.kitas"  # its synthetic deliveries (`samples`)

COLUMNS = (
    Column("Stand", "list_date", "date"),
    Column("Kita-Nr", "number"),
    Column("Kita", "name"),
    Column("Träger", "provider"),
    Column("Bezirk-Nr", "district_number"),
    Column("Familienzentrum", "is_family_centre", "yesno"),
    Column("Plätze", "places", "int", min=0),
)
SHEETS = (Sheet("main", COLUMNS),)
RULES: dict = {}
UNIQUE = {"main": (Unique(("list_date", "number"), "Kita-Nr kommt in der Liste mehrfach vor"),)}


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    table = tables["main"]
    dates = table.data["list_date"].dropna()
    if dates.nunique() > 1:
        first = dates.iloc[0]
        for row in dates.index[dates != first]:
            findings.error(
                table.problem(
                    int(row),
                    "list_date",
                    "eine Liste hat genau einen Stand (alle Zeilen gleich)",
                    dates.at[row].strftime("%d.%m.%Y"),
                )
            )
    unknown_districts(table, refs, findings)


def delivery(tables: dict[str, Table]) -> Delivery:
    dates = sorted(set(tables["main"].data["list_date"].dropna()))
    label = "Kita-Verzeichnis Stand " + ", ".join(d.strftime("%d.%m.%Y") for d in dates)
    return Delivery(label, [(KitaListEntry, KitaListEntry.list_date.in_(dates))])


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    rows = insert_records(
        conn, KitaListEntry, tables["main"].data, [c.name for c in COLUMNS], load_id
    )
    rebuild_kitas(conn)
    return rows


def rebuild_kitas(conn: Connection) -> None:
    """Derive the current Kita table from all lists: latest attributes, first and closing date."""
    entries = conn.execute(select(KitaListEntry).order_by(KitaListEntry.list_date)).all()
    list_dates = sorted({entry.list_date for entry in entries})
    kitas: dict[str, dict] = {}
    for entry in entries:
        kita = kitas.setdefault(entry.number, {"listed_since": entry.list_date})
        kita.update(
            number=entry.number,
            name=entry.name,
            provider=entry.provider,
            district_number=entry.district_number,
            is_family_centre=entry.is_family_centre,
            places=entry.places,
            last_listed=entry.list_date,
        )
    for kita in kitas.values():
        last_listed = kita.pop("last_listed")
        later = [d for d in list_dates if d > last_listed]
        kita["closed_on"] = later[0] if later else None
    conn.execute(delete(Kita))
    if kitas:
        conn.execute(insert(Kita), list(kitas.values()))
