"""Bevölkerung: residents per statistical district, age year and sex at a reference date."""

from __future__ import annotations

from sqlalchemy import Connection, func

from etl.columns import Column, Sheet
from etl.contract import Unique
from etl.delivery import Delivery, References, insert_records, unknown_districts
from etl.instruments import SEXES
from etl.models import Population
from etl.problems import Findings
from etl.table import Table

SOURCE = "population"
TITLE = "Bevölkerung"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = func.extract("year", Population.reference_date)
# The record tables this source writes, the main one first.
TABLES = (Population,)
GENERATOR = "etl.synthetic.population"  # its synthetic deliveries (`samples`)

COLUMNS = (
    Column("Stichtag", "reference_date", "date"),
    Column("Bezirk-Nr", "district_number"),
    Column("Alter", "age", "int", min=0, max=110),
    Column("Geschlecht", "sex", "choice", choices=SEXES),
    Column("Anzahl", "count", "int", min=0),
)
SHEETS = (Sheet("main", COLUMNS),)
RULES: dict = {}
UNIQUE = {
    "main": (
        Unique(
            ("reference_date", "district_number", "age", "sex"),
            "Stichtag, Bezirk, Alter und Geschlecht kommen mehrfach vor",
        ),
    )
}


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    unknown_districts(tables["main"], refs, findings)


def delivery(tables: dict[str, Table]) -> Delivery:
    dates = sorted(set(tables["main"].data["reference_date"].dropna()))
    label = "Stichtag " + ", ".join(d.strftime("%d.%m.%Y") for d in dates)
    return Delivery(label, [(Population, Population.reference_date.in_(dates))])


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    return insert_records(conn, Population, tables["main"].data, [c.name for c in COLUMNS], load_id)
