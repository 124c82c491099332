"""Sozialstruktur: aggregated counts per statistical district at a Stichtag, from the statistics
office (residents under 15 and of them in SGB-II households, residents 15-64, unemployed,
residents without German citizenship, optionally arrivals from abroad in the year before).

The office replaces counts below 3 by "•" (or "."): such a cell is a known secret, loaded as
missing (None), never as 0, and reported once per sheet; an empty cell stays an error.
"""

from __future__ import annotations

from sqlalchemy import Connection, func

from etl.columns import Column, Sheet
from etl.contract import RowRule, Unique
from etl.delivery import Delivery, References, insert_records, unknown_districts
from etl.models import SocialContext
from etl.problems import Findings, Problem
from etl.table import Table

SOURCE = "social-context"
TITLE = "Sozialstruktur"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = func.extract("year", SocialContext.reference_date)
# The record tables this source writes, the main one first.
TABLES = (SocialContext,)
GENERATOR = "etl.synthetic.social_context"  # its synthetic deliveries (`samples`)

# How the statistics office marks a count it suppressed (fewer than 3 persons).
SECRET = ("•", ".")


def _count(header: str, name: str, **options) -> Column:
    return Column(header, name, "int", min=0, secret_codes=SECRET, **options)


COLUMNS = (
    Column("Stichtag", "reference_date", "date"),
    Column("Bezirk-Nr", "district_number"),
    _count("Einwohner unter 15", "residents_under_15", aliases=("Einwohner unter 15 Jahren",)),
    _count(
        "davon in SGB-II-Bedarfsgemeinschaften",
        "under_15_sgb2",
        aliases=("davon in SGB II-Bedarfsgemeinschaften", "davon in SGB-II-BG"),
    ),
    _count(
        "Einwohner 15 bis 64",
        "residents_15_64",
        aliases=("Einwohner 15 bis 64 Jahre", "Einwohner 15 bis unter 65"),
    ),
    _count("Arbeitslose", "unemployed"),
    _count(
        "Einwohner ohne deutsche Staatsangehörigkeit",
        "foreign_residents",
        aliases=("ohne deutsche Staatsangehörigkeit",),
    ),
    _count(
        "Zuzüge aus dem Ausland (Vorjahr)",
        "arrivals_from_abroad",
        required=False,
        nullable=True,
        aliases=("Zuzüge aus dem Ausland",),
    ),
)
SHEETS = (Sheet("main", COLUMNS),)
RULES = {
    "main": (
        RowRule(
            "under_15_sgb2",
            "davon in SGB-II-Bedarfsgemeinschaften darf nicht größer sein als Einwohner unter 15",
            lambda f: f["under_15_sgb2"] <= f["residents_under_15"],
        ),
    )
}
UNIQUE = {
    "main": (
        Unique(
            ("reference_date", "district_number"),
            "Stichtag und Bezirk kommen mehrfach vor",
        ),
    )
}


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    table = tables["main"]
    unknown_districts(table, refs, findings)
    # A district left out makes every total above it smaller without a trace: say so.
    data = table.data
    for date, rows in data.groupby("reference_date").groups.items():
        missing = sorted(refs.districts - set(data.loc[rows, "district_number"]))
        if missing:
            findings.warn(
                Problem(
                    table.file,
                    f"Stichtag {date:%d.%m.%Y}: keine Zeile für "
                    f"{len(missing)} statistische Bezirke ({', '.join(missing)}); ihre Werte "
                    "fehlen, Summen darüber enthalten sie nicht",
                    table.sheet,
                )
            )


def delivery(tables: dict[str, Table]) -> Delivery:
    dates = sorted(set(tables["main"].data["reference_date"].dropna()))
    label = "Sozialstruktur Stichtag " + ", ".join(d.strftime("%d.%m.%Y") for d in dates)
    return Delivery(label, [(SocialContext, SocialContext.reference_date.in_(dates))])


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    columns = [c.name for c in COLUMNS]
    return insert_records(conn, SocialContext, tables["main"].data, columns, load_id)
