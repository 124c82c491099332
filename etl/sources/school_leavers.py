"""Schulabgänge: leavers per school, school year, qualification and sex (aggregated counts).

The school administration delivers one school year at a time; Berufskollegs are included. The
file holds no person records, only counts, so every row is a cell of persons: the indicators
treat the counts as persons (``indicators.families.school_leavers``). Schools must be known from
the school register (school social work); Grundschulen have no leavers.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from etl.columns import Column, Sheet
from etl.contract import RowRule, Unique
from etl.delivery import Delivery, References, insert_records, school_year_delivery, unknown_schools
from etl.instruments import LEAVER_SEXES, QUALIFICATION_SPELLINGS, QUALIFICATIONS
from etl.models import School, SchoolLeavers
from etl.problems import Findings
from etl.table import Table

SOURCE = "school-leavers"
TITLE = "Schulabgänge"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = SchoolLeavers.school_year
# The record tables this source writes, the main one first.
TABLES = (SchoolLeavers,)
GENERATOR = "etl.synthetic.school_leavers"  # its synthetic deliveries (`samples`)

COLUMNS = (
    Column("Schuljahr", "school_year", "school_year"),
    Column("Schul-Nr", "school_number"),
    Column(
        "Abschluss",
        "qualification",
        "choice",
        choices=QUALIFICATIONS,
        value_aliases=QUALIFICATION_SPELLINGS,
    ),
    Column("Geschlecht", "sex", "choice", choices=LEAVER_SEXES),
    Column("Anzahl", "count", "int", min=0),
    Column(
        "davon Übergangsbereich",
        "transition",
        "int",
        required=False,
        nullable=True,
        min=0,
        aliases=("davon im Übergangsbereich",),
    ),
)
SHEETS = (Sheet("main", COLUMNS),)
RULES = {
    "main": (
        RowRule(
            "transition",
            "davon Übergangsbereich darf nicht größer sein als Anzahl",
            # Float64: an absent optional column is all None (not applicable, hence fine).
            lambda f: f["transition"].astype("Float64") <= f["count"],
        ),
    )
}
UNIQUE = {
    "main": (
        Unique(
            ("school_year", "school_number", "qualification", "sex"),
            "Schule, Abschluss und Geschlecht kommen im selben Schuljahr mehrfach vor",
        ),
    )
}
NO_LEAVERS = ("Grundschule",)  # forms without leavers: a row of theirs is a mix-up of numbers


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    table = tables["main"]
    unknown_schools(table, refs, findings)
    forms = dict(refs.conn.execute(select(School.number, School.school_form)).all())
    numbers = table.data["school_number"]
    for row in numbers.index[numbers.map(forms).isin(NO_LEAVERS)]:
        findings.error(
            table.problem(
                int(row),
                "school_number",
                "Schule ist eine Grundschule: Schulabgänge gibt es nur an weiterführenden "
                "Schulen, Förderschulen und Berufskollegs",
                numbers.at[row],
            )
        )


def delivery(tables: dict[str, Table]) -> Delivery:
    return school_year_delivery(tables, SchoolLeavers)


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    return insert_records(
        conn, SchoolLeavers, tables["main"].data, [c.name for c in COLUMNS], load_id
    )
