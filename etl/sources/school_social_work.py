"""Schulsozialarbeit: staffing per school and school year; also the school register.

The first data of this kind registers the schools (number, form, district) that the UWE survey
refers to; every later delivery updates them.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from etl.columns import Column, Sheet
from etl.contract import RowRule, Unique
from etl.delivery import (
    Delivery,
    References,
    insert_records,
    school_year_delivery,
    unknown_districts,
)
from etl.instruments import ALL_DAY_FORMS, EMPLOYERS, SCHOOL_FORMS
from etl.models import School, SchoolSocialWork
from etl.problems import Findings
from etl.table import Table

SOURCE = "school-social-work"
TITLE = "Schulsozialarbeit"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = SchoolSocialWork.school_year
# The record tables this source writes, the main one first.
TABLES = (SchoolSocialWork, School)
GENERATOR = "etl.synthetic.school_social_work"  # its synthetic deliveries (`samples`)

COLUMNS = (
    Column("Schuljahr", "school_year", "school_year"),
    Column("Schul-Nr", "school_number"),
    Column("Schulname", "school_name"),
    Column("Schulform", "school_form", "choice", choices=SCHOOL_FORMS),
    Column("Bezirk-Nr", "district_number"),
    Column("Schülerzahl", "pupils", "int", min=1),
    Column("Stellen (VZÄ)", "fte", "decimal", min=0, aliases=("Stellen VZÄ", "Stellen")),
    Column(
        "davon befristet (VZÄ)",
        "fte_fixed_term",
        "decimal",
        min=0,
        aliases=("davon befristet VZÄ", "davon befristet"),
    ),
    Column("befristet bis", "fixed_term_until", "date", nullable=True),
    Column("Fachkräfte", "staff", "int", min=0),
    Column("Anstellungsträger", "employers", nullable=True),
    Column("Ganztag", "all_day", "choice", choices=ALL_DAY_FORMS),
    Column(
        "Beratungskontakte", "counselling_contacts", "int", required=False, nullable=True, min=0
    ),
)
SHEETS = (Sheet("main", COLUMNS),)


def _known_employers(frame):
    allowed = {e.casefold() for e in EMPLOYERS}
    return frame["employers"].map(
        lambda text: all(part.strip().casefold() in allowed for part in str(text).split("/")),
        na_action="ignore",
    )


RULES = {
    "main": (
        RowRule(
            "school_number",
            "Schul-Nr muss sechsstellig sein",
            lambda f: f["school_number"].str.fullmatch(r"\d{6}"),
        ),
        RowRule(
            "fte_fixed_term",
            "davon befristet darf nicht größer sein als Stellen (VZÄ)",
            lambda f: f["fte_fixed_term"] <= f["fte"] + 1e-9,
        ),
        RowRule(
            "fixed_term_until",
            "befristet bis ist anzugeben, wenn befristete Stellen bestehen",
            lambda f: ~((f["fte_fixed_term"] > 0) & f["fixed_term_until"].isna()),
        ),
        RowRule(
            "employers",
            "Anstellungsträger: erlaubt sind "
            + ", ".join(EMPLOYERS)
            + " (mehrere durch „/“ getrennt)",
            _known_employers,
        ),
        RowRule(
            "employers",
            "Anstellungsträger ist anzugeben, wenn Stellen bestehen",
            lambda f: ~((f["fte"] > 0) & f["employers"].isna()),
        ),
    )
}
UNIQUE = {
    "main": (
        Unique(("school_year", "school_number"), "Schule kommt im selben Schuljahr mehrfach vor"),
    )
}


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    unknown_districts(tables["main"], refs, findings)


def delivery(tables: dict[str, Table]) -> Delivery:
    return school_year_delivery(tables, SchoolSocialWork)


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    data = tables["main"].data
    data = data.assign(employers=data["employers"].map(_canonical_employers, na_action="ignore"))
    rows = insert_records(conn, SchoolSocialWork, data, [c.name for c in COLUMNS], load_id)
    rebuild_schools(conn)
    return rows


def _canonical_employers(text: str) -> str:
    canonical = {e.casefold(): e for e in EMPLOYERS}
    return "/".join(canonical[part.strip().casefold()] for part in text.split("/"))


def rebuild_schools(conn: Connection) -> None:
    """The school register: each school as in its latest school year."""
    latest: dict[str, dict] = {}
    rows = conn.execute(select(SchoolSocialWork).order_by(SchoolSocialWork.school_year)).all()
    for row in rows:
        latest[row.school_number] = {
            "number": row.school_number,
            "name": row.school_name,
            "school_form": row.school_form,
            "district_number": row.district_number,
        }
    conn.execute(delete(School))
    if latest:
        conn.execute(insert(School), list(latest.values()))
