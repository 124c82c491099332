"""UWE student survey raw data: one row per questionnaire (grades 4, 7, 9).

Answers are kept item by item; scales and the well-being index are computed by the indicators.
A delivery covers one survey year and the schools in the file.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, or_

from etl.columns import Column, Sheet
from etl.delivery import Delivery, References, insert_records, unknown_districts, unknown_schools
from etl.instruments import SEXES, UWE_DAY_ITEMS, UWE_GRADES, UWE_ITEMS
from etl.models import UweResponse
from etl.problems import Findings, count_of
from etl.table import Table

SOURCE = "uwe"
TITLE = "UWE-Befragung"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = UweResponse.year
# The record tables this source writes, the main one first.
TABLES = (UweResponse,)
GENERATOR = "etl.synthetic.uwe"  # its synthetic deliveries (`samples`)

ITEM_COLUMNS = tuple(
    Column(
        item,
        item.lower(),
        "int",
        nullable=True,
        missing_codes=("99",),
        min=0 if item in UWE_DAY_ITEMS else 1,
        max=7 if item in UWE_DAY_ITEMS else 5,
    )
    for item in UWE_ITEMS
)
COLUMNS = (
    Column("Erhebungsjahr", "year", "int", min=2000, max=2100),
    Column("Schul-Nr", "school_number"),
    Column("Jahrgang", "grade", "int", choices=UWE_GRADES),
    Column("Geschlecht", "sex", "choice", nullable=True, choices=SEXES),
    Column("Wohnort Bezirk-Nr", "district_number", nullable=True),
    *ITEM_COLUMNS,
)
SHEETS = (Sheet("main", COLUMNS),)
RULES: dict = {}
UNIQUE: dict = {}  # questionnaires are anonymous: no key to be unique


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    table = tables["main"]
    unknown_schools(table, refs, findings)
    unknown_districts(table, refs, findings)


def _schools_by_year(tables: dict[str, Table]) -> dict[int, list[str]]:
    data = tables["main"].data
    return {
        int(year): sorted(set(group)) for year, group in data["school_number"].groupby(data["year"])
    }


def delivery(tables: dict[str, Table]) -> Delivery:
    by_year = _schools_by_year(tables)
    conditions = [
        and_(UweResponse.year == year, UweResponse.school_number.in_(schools))
        for year, schools in by_year.items()
    ]
    label = "; ".join(
        f"UWE {year}, {count_of(len(schools), 'Schule', 'Schulen')}"
        for year, schools in by_year.items()
    )
    return Delivery(label, [(UweResponse, or_(*conditions))])


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    return insert_records(
        conn, UweResponse, tables["main"].data, [c.name for c in COLUMNS], load_id
    )
