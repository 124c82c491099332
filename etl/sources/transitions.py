"""Übergänge nach Klasse 4 (school administration): one row per child and school year.

The school year is that of the new school. Children are counted where they live; an empty
Bezirk-Nr means the child lives outside Herne (it counts city-wide only). The primary school must
be in the school register, which the school-social-work delivery builds. A delivery covers one
Schuljahr.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from etl.columns import Column, Sheet
from etl.contract import Unique
from etl.delivery import (
    Delivery,
    References,
    insert_records,
    school_year_delivery,
    unknown_keys,
    unknown_schools,
)
from etl.instruments import NEW_SCHOOL_FORMS, OUTSIDE_HERNE, RECOMMENDATIONS, SEXES
from etl.models import School, Transition
from etl.problems import Findings
from etl.table import Table

SOURCE = "transitions"
TITLE = "Übergänge nach Klasse 4"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = Transition.school_year
# The record tables this source writes, the main one first.
TABLES = (Transition,)
GENERATOR = "etl.synthetic.transitions"  # its synthetic deliveries (`samples`)

# School forms that teach grade 4 (children also move on from a Förderschule).
PRIMARY_FORMS = ("Grundschule", "Förderschule")

COLUMNS = (
    Column("Schuljahr", "school_year", "school_year"),
    Column("Kind-ID", "child_id"),
    Column("Bezirk-Nr", "district_number", nullable=True, aliases=("Wohnort Bezirk-Nr",)),
    Column("Geschlecht", "sex", "choice", choices=SEXES),
    Column("Grundschule Schul-Nr", "primary_school", aliases=("Schul-Nr Grundschule",)),
    Column(
        "Empfehlung",
        "recommendation",
        "choice",
        required=False,
        nullable=True,
        choices=RECOMMENDATIONS,
        aliases=("Schulformempfehlung",),
    ),
    Column(
        "Schulform neu",
        "new_school_form",
        "choice",
        choices=NEW_SCHOOL_FORMS,
        value_aliases=((OUTSIDE_HERNE.replace("ß", "ss"), OUTSIDE_HERNE),),  # ASCII exports
    ),
)
SHEETS = (Sheet("main", COLUMNS),)
RULES: dict = {}
UNIQUE = {
    "main": (Unique(("school_year", "child_id"), "Kind-ID kommt im selben Schuljahr mehrfach vor"),)
}


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    table = tables["main"]
    unknown_schools(table, refs, findings, "primary_school")
    unknown_keys(
        table,
        "district_number",
        refs.districts,
        "unbekannter statistischer Bezirk (leer lassen, wenn das Kind außerhalb Herne wohnt)",
        findings,
    )
    forms = dict(refs.conn.execute(select(School.number, School.school_form)).all())
    schools = table.data["primary_school"]
    form = schools.map(forms)  # missing for an unknown school, reported above
    for row in schools.index[form.notna() & ~form.isin(PRIMARY_FORMS)]:
        findings.warn(
            table.problem(
                int(row),
                "primary_school",
                f"Schule ist laut Schulverzeichnis keine Grundschule ({form.at[row]})",
                schools.at[row],
            )
        )


def delivery(tables: dict[str, Table]) -> Delivery:
    return school_year_delivery(tables, Transition)


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    return insert_records(conn, Transition, tables["main"].data, [c.name for c in COLUMNS], load_id)
