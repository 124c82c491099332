"""Ganztag und OGS: all-day form, places, participants and waiting list per school and school year.

From the school administration, one school year at a time. The all-day form is delivered as
gebunden, teilgebunden, offen (also "OGS" or "offen (OGS)") or keiner; it is stored in the first
spelling. Schools must be known from the school register (school social work).
"""

from __future__ import annotations

from sqlalchemy import Connection

from etl.columns import Column, Sheet
from etl.contract import RowRule, Unique
from etl.delivery import Delivery, References, insert_records, school_year_delivery, unknown_schools
from etl.instruments import ALL_DAY_TYPE_SPELLINGS, ALL_DAY_TYPES
from etl.models import AllDaySchool
from etl.problems import Findings
from etl.table import Table

SOURCE = "all-day"
TITLE = "Ganztag und OGS"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = AllDaySchool.school_year
# The record tables this source writes, the main one first.
TABLES = (AllDaySchool,)
GENERATOR = "etl.synthetic.all_day"  # its synthetic deliveries (`samples`)
NONE = "keiner"

COLUMNS = (
    Column("Schuljahr", "school_year", "school_year"),
    Column("Schul-Nr", "school_number"),
    Column(
        "Ganztagsform",
        "form",
        "choice",
        choices=ALL_DAY_TYPES,
        value_aliases=ALL_DAY_TYPE_SPELLINGS,
    ),
    Column("Schülerzahl", "pupils", "int", min=1),
    Column("Ganztagsplätze", "places", "int", min=0),
    Column("Ganztagsteilnehmende", "participants", "int", min=0),
    Column("Warteliste", "waiting_list", "int", required=False, nullable=True, min=0),
)
SHEETS = (Sheet("main", COLUMNS),)
RULES = {
    "main": (
        RowRule(
            "participants",
            "Ganztagsteilnehmende dürfen nicht mehr sein als die Schülerzahl",
            lambda f: f["participants"] <= f["pupils"],
        ),
        # Plausible but worth a look: an over-occupied OGS or a form that does not fit.
        RowRule(
            "participants",
            "mehr Ganztagsteilnehmende als Ganztagsplätze",
            lambda f: f["participants"] <= f["places"],
            warning=True,
        ),
        RowRule(
            "form",
            "Ganztagsform „keiner“, aber Ganztagsplätze oder -teilnehmende angegeben",
            lambda f: ~((f["form"] == NONE) & ((f["places"] > 0) | (f["participants"] > 0))),
            warning=True,
        ),
    )
}
UNIQUE = {
    "main": (
        Unique(("school_year", "school_number"), "Schule kommt im selben Schuljahr mehrfach vor"),
    )
}


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    unknown_schools(tables["main"], refs, findings)


def delivery(tables: dict[str, Table]) -> Delivery:
    return school_year_delivery(tables, AllDaySchool)


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    return insert_records(
        conn, AllDaySchool, tables["main"].data, [c.name for c in COLUMNS], load_id
    )
