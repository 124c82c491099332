"""Schuleingangsuntersuchung (health office): one row per examined child and Untersuchungsjahr.

Children are pseudonymous (Kind-ID of the health office, unique per year) and counted where they
live; only the birth month is kept. The age is taken at 30 September of the Untersuchungsjahr,
NRW's cut-off date for compulsory schooling: a child who is 6 by then starts school that summer,
so regular school starters are 72 to 83 months old, early starters a little younger, children
deferred the year before a little older. A delivery covers one Untersuchungsjahr.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from etl.columns import Column, Sheet
from etl.contract import RowRule, Unique
from etl.delivery import Delivery, References, insert_records, unknown_districts
from etl.instruments import (
    ENTRY_RECOMMENDATIONS,
    GERMAN_LEVELS,
    SCREENING_RESULTS,
    SEXES,
    WEIGHT_CLASSES,
)
from etl.models import SchoolEntryExam
from etl.problems import Findings
from etl.table import Table

SOURCE = "school-entry"
TITLE = "Schuleingangsuntersuchung"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = SchoolEntryExam.year
# The record tables this source writes, the main one first.
TABLES = (SchoolEntryExam,)
GENERATOR = "etl.synthetic.school_entry"  # its synthetic deliveries (`samples`)

CUT_OFF_MONTH = 9  # age in completed months at 30 September of the Untersuchungsjahr
MIN_AGE_MONTHS, MAX_AGE_MONTHS = 48, 108  # 4 to 9 years; outside: an error
USUAL_MIN_MONTHS, USUAL_MAX_MONTHS = 66, 95  # 5 1/2 to 7 years 11 months; outside: a warning

COLUMNS = (
    Column("Untersuchungsjahr", "year", "int", min=2000, max=2100),
    Column("Kind-ID", "child_id"),
    Column("Geburtsmonat", "birth_month", "month"),
    Column("Geschlecht", "sex", "choice", choices=SEXES),
    Column("Bezirk-Nr", "district_number", nullable=True, aliases=("Wohnort Bezirk-Nr",)),
    Column(
        "Kita-Besuch (Jahre)",
        "kita_years",
        "decimal",
        required=False,
        nullable=True,
        min=0,
        max=7,
        aliases=("Kita-Besuch Jahre", "Kita-Besuch"),
    ),
    Column(
        "Deutschkenntnisse",
        "german",
        "choice",
        nullable=True,
        choices=GERMAN_LEVELS,
        value_aliases=tuple(
            (level.replace("/", " / "), level) for level in GERMAN_LEVELS if "/" in level
        ),
    ),
    Column("Körperkoordination", "coordination", "choice", choices=SCREENING_RESULTS),
    Column("Visuomotorik", "visuomotor", "choice", choices=SCREENING_RESULTS),
    Column("Übergewicht", "weight", "choice", choices=WEIGHT_CLASSES),
    Column("Schulempfehlung", "recommendation", "choice", choices=ENTRY_RECOMMENDATIONS),
)
SHEETS = (Sheet("main", COLUMNS),)


def age_in_months(frame: pd.DataFrame) -> pd.Series:
    """Completed months at 30 September of the Untersuchungsjahr (birth month as delivered)."""
    born = pd.to_datetime(frame["birth_month"])
    year = frame["year"].astype("Int64")
    return ((year - born.dt.year) * 12 + (CUT_OFF_MONTH - born.dt.month)).astype("Int64")


def _within(frame: pd.DataFrame, low: int, high: int) -> pd.Series:
    return age_in_months(frame).between(low, high)


def _kita_within_age(frame: pd.DataFrame) -> pd.Series:
    kita, age = frame["kita_years"].astype(float), age_in_months(frame).astype(float)
    return kita.isna() | age.isna() | (kita * 12 <= age)


RULES = {
    "main": (
        RowRule(
            "birth_month",
            f"Kind muss am 30.09. des Untersuchungsjahres {MIN_AGE_MONTHS // 12} bis "
            f"{MAX_AGE_MONTHS // 12} Jahre alt sein",
            lambda f: _within(f, MIN_AGE_MONTHS, MAX_AGE_MONTHS),
        ),
        RowRule(
            "birth_month",
            "Alter bei Schuleintritt ungewöhnlich (üblich am 30.09. des Untersuchungsjahres: "
            f"{USUAL_MIN_MONTHS} bis {USUAL_MAX_MONTHS} Monate)",
            lambda f: (
                _within(f, USUAL_MIN_MONTHS, USUAL_MAX_MONTHS)
                | ~_within(f, MIN_AGE_MONTHS, MAX_AGE_MONTHS)
            ),
            warning=True,
        ),
        RowRule(
            "kita_years",
            "Kita-Besuch länger als das Alter des Kindes am 30.09. des Untersuchungsjahres",
            _kita_within_age,
            warning=True,
        ),
    )
}
UNIQUE = {
    "main": (
        Unique(("year", "child_id"), "Kind-ID kommt im selben Untersuchungsjahr mehrfach vor"),
    )
}


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    unknown_districts(tables["main"], refs, findings)


def delivery(tables: dict[str, Table]) -> Delivery:
    years = sorted({int(year) for year in tables["main"].data["year"].dropna()})
    return Delivery(
        "Untersuchungsjahr " + ", ".join(map(str, years)),
        [(SchoolEntryExam, SchoolEntryExam.year.in_(years))],
    )


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    data = tables["main"].data
    data = data.assign(age_months=age_in_months(data))
    columns = [c.name for c in COLUMNS] + ["age_months"]
    return insert_records(conn, SchoolEntryExam, data, columns, load_id)
