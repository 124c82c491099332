"""Übergangsbereich: the share of leavers of general schools who enter the transition system.

"davon Übergangsbereich" is optional per row of the Schulabgänge, so this share rests on the
leavers whose rows report it: a population of its own, beside the leavers of
``indicators.families.school_leavers``. Its 3-schools rule counts the schools that report
(a value where only one school reports would be that school's share), its persons are the
leavers with a report, and the shared pattern and the attacker's audit work on them. As a share
in the leavers family it could not be: there the rule counts all schools with leavers, and a
share left out where fewer report would leave sums of the hierarchy open that the audit reads as
persons it does not have.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from etl.instruments import GENERAL_SCHOOL_FORMS
from etl.vocabulary import CITY, LOWER, PERCENT, STADTBEZIRK, TRANSITION_SYSTEM
from indicators.disclosure import LEAVERS_SHARE, group_counter
from indicators.families import PERSONS, Part, contribution, merge_parts, sources
from indicators.indicator import Indicator, declarer
from indicators.population import Relations

FAMILY = TRANSITION_SYSTEM

declare = declarer(
    TRANSITION_SYSTEM,
    source="Schulabgänge, Spalte „davon Übergangsbereich“ (nach Standort der Schule)",
    rule=LEAVERS_SHARE,
    levels=(CITY.key, STADTBEZIRK.key),
    breakdowns=("sex",),
    unit=PERCENT,
    scale=100,
)
SHARE = declare(
    "share",
    "Übergang in den Übergangsbereich",
    "Anteil der Abgängerinnen und Abgänger allgemeinbildender Schulen, die in den "
    "Übergangsbereich wechseln (Bildungsgänge ohne vollqualifizierenden Berufsabschluss).",
    numerator="davon Übergangsbereich",
    denominator="Abgängerinnen und Abgänger mit Angabe zum Übergangsbereich",
    direction=LOWER,
    notes="Nur Zeilen mit Angabe „davon Übergangsbereich“ (die Spalte ist freiwillig). Nach "
    "Standort der Schule, nur allgemeinbildende Schulen; ein Wert wird nur gezeigt, wenn "
    "mindestens 3 Schulen die Angabe machen: Stadt und Stadtbezirke.",
)
INDICATORS: tuple[Indicator, ...] = (SHARE,)
RELATIONS = Relations(persons=PERSONS)  # the leavers whose rows report the transition


def reported(records: pd.DataFrame) -> pd.DataFrame:
    """The rows of general schools with leavers that report the Übergangsbereich."""
    rows = records[
        records["school_form"].isin(GENERAL_SCHOOL_FORMS)
        & (records["count"] > 0)
        & records["transition"].notna()
    ]
    count = rows["count"].astype(float)
    return pd.DataFrame(
        {
            "period": rows["school_year"],
            "year": rows["school_year"].str[:4].astype(int),
            "district": rows["district_number"],
            "sex": rows["sex"],
            "school": rows["school_number"],
            PERSONS: count,
            **contribution(SHARE, rows["transition"].astype(float), count),
        },
        index=rows.index,
    )


def cells_of(records: pd.DataFrame, geography: pd.DataFrame) -> pd.DataFrame:
    frame = reported(records)
    if frame.empty:
        return merge_parts([], geography)
    part = Part(frame, dims=("sex",), group_min=group_counter("school", LEAVERS_SHARE))
    return merge_parts([part], geography)


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    return cells_of(sources.school_leavers(conn), geography)
