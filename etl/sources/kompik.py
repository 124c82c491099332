"""KOMPIK annual export: one row per child and observation, 11 areas with mean and norm group.

Children are pseudonymous (Kind-ID as given by the Kita software); only the birth month is kept.
A delivery covers the Kitas in the file for the calendar year of the observation date, so Kitas
may deliver one by one.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, and_, func, or_

from etl.columns import Column, Sheet
from etl.contract import RowRule, Unique
from etl.delivery import Delivery, References, insert_records, unknown_districts, unknown_keys
from etl.instruments import KOMPIK_AREAS, SEXES
from etl.models import KompikObservation
from etl.problems import Findings, count_of
from etl.table import Table

SOURCE = "kompik"
TITLE = "KOMPIK-Beobachtungen"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = func.extract("year", KompikObservation.observed_on)
# The record tables this source writes, the main one first.
TABLES = (KompikObservation,)
GENERATOR = "etl.synthetic.kompik"  # its synthetic deliveries (`samples`)

MIN_AGE_MONTHS, MAX_AGE_MONTHS = 36, 84  # outside: an error
USUAL_MIN_MONTHS, USUAL_MAX_MONTHS = 42, 72  # 3.5 to 6 years; outside: a warning

AREA_COLUMNS = tuple(
    column
    for area in KOMPIK_AREAS
    for column in (
        Column(
            f"{area.short} Mittelwert",
            f"mean_{area.key}",
            "decimal",
            required=True,
            nullable=True,
            min=1.0,
            max=5.0,
        ),
        Column(
            f"{area.short} Normgruppe",
            f"norm_{area.key}",
            "int",
            required=True,
            nullable=True,
            min=1,
            max=10,
        ),
    )
)
COLUMNS = (
    Column("Kita-Nr", "kita_number"),
    Column("Kind-ID", "child_id"),
    Column("Geburtsmonat", "birth_month", "month"),
    Column("Geschlecht", "sex", "choice", choices=SEXES),
    Column("Wohnort Bezirk-Nr", "district_number", nullable=True),
    Column("Beobachtungsdatum", "observed_on", "date"),
    Column("Familiensprache Deutsch", "german_at_home", "yesno", required=False, nullable=True),
    *AREA_COLUMNS,
)
SHEETS = (Sheet("main", COLUMNS),)
AREA_NAMES = [column.name for column in AREA_COLUMNS]


def age_in_months(frame: pd.DataFrame) -> pd.Series:
    observed = pd.to_datetime(frame["observed_on"])
    born = pd.to_datetime(frame["birth_month"])
    months = (observed.dt.year - born.dt.year) * 12 + (observed.dt.month - born.dt.month)
    return months.astype("Int64")


RULES = {
    "main": (
        RowRule(
            "birth_month",
            f"Kind muss am Beobachtungsdatum {MIN_AGE_MONTHS} bis {MAX_AGE_MONTHS} Monate alt sein",
            lambda f: age_in_months(f).between(MIN_AGE_MONTHS, MAX_AGE_MONTHS),
        ),
        RowRule(
            "birth_month",
            f"Alter außerhalb des üblichen Bereichs ({USUAL_MIN_MONTHS} bis "
            f"{USUAL_MAX_MONTHS} Monate)",
            lambda f: (
                age_in_months(f).between(USUAL_MIN_MONTHS, USUAL_MAX_MONTHS)
                | ~age_in_months(f).between(MIN_AGE_MONTHS, MAX_AGE_MONTHS)
            ),
            warning=True,
        ),
        RowRule(
            "kita_number",
            "kein Entwicklungsbereich beobachtet (alle Bereiche leer)",
            lambda f: f[AREA_NAMES].notna().any(axis=1),
        ),
    )
}
UNIQUE = {
    "main": (
        Unique(
            ("kita_number", "observed_on", "child_id"),
            "Kind-ID kommt für diese Kita und dieses Beobachtungsdatum mehrfach vor",
        ),
    )
}


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    table = tables["main"]
    unknown_keys(
        table, "kita_number", refs.kitas, "unbekannte Kita (nicht im Kita-Verzeichnis)", findings
    )
    unknown_districts(table, refs, findings)


def _kitas_by_year(tables: dict[str, Table]) -> dict[int, list[str]]:
    data = tables["main"].data
    years = data["observed_on"].map(lambda d: d.year)
    return {int(year): sorted(set(group)) for year, group in data["kita_number"].groupby(years)}


def delivery(tables: dict[str, Table]) -> Delivery:
    by_year = _kitas_by_year(tables)
    conditions = [
        and_(
            KompikObservation.kita_number.in_(kitas),
            KompikObservation.observed_on >= dt.date(year, 1, 1),
            KompikObservation.observed_on < dt.date(year + 1, 1, 1),
        )
        for year, kitas in by_year.items()
    ]
    label = "; ".join(
        f"KOMPIK {year}, {count_of(len(kitas), 'Kita', 'Kitas')}" for year, kitas in by_year.items()
    )
    return Delivery(label, [(KompikObservation, or_(*conditions))])


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    data = tables["main"].data
    data = data.assign(age_months=age_in_months(data))
    columns = [c.name for c in COLUMNS] + ["age_months"]
    return insert_records(conn, KompikObservation, data, columns, load_id)
