"""Schulabgänge: leavers of general schools by qualification and sex, by school location.

The delivery is aggregated per school, but its counts are persons: each leaver is in exactly one
row (school, qualification, sex). So the leavers of a school year form a population as the UWE
questionnaires do (``indicators.population``): one withheld pattern for all indicators on them,
the count of leavers below the minimum cell size withheld, the shares of the six qualifications a
partition of one n, secondary suppression and the attacker's audit on the counts of the cells.
A row carries its count as the weight of the record, so every sum counts persons, not rows.

Values are shown by the school's location (not the leavers' residence), and only where at least
3 schools with leavers contribute (``disclosure.SCHOOL_GROUPS``), so that no school's result can
be read off: for the city and the Stadtbezirke. Herne's Ortsteile mostly have one or two
secondary schools, so Ortsteil values would almost all be withheld, and a year whose cells below
the city mostly fail is not published at all (``population.SPARSE``).

The share entering the Übergangsbereich rests on the rows that report it (the column is optional)
and is a population of its own: ``indicators.families.transition_system``.

Leavers of the Berufskollegs are loaded but not counted here: the official statistics report the
general schools (allgemeinbildende Schulen) apart, and a Berufskolleg leaver mostly already holds
a qualification of a general school.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from etl.instruments import GENERAL_SCHOOL_FORMS, QUALIFICATIONS
from etl.vocabulary import CITY, COUNT, HIGHER, LEAVERS, LOWER, NEUTRAL, PERCENT, STADTBEZIRK
from indicators.disclosure import LEAVERS_COUNT, LEAVERS_SHARE, group_counter
from indicators.families import Part, contribution, merge_parts, num, sources
from indicators.indicator import SUM, Indicator, declarer
from indicators.population import Relations

FAMILY = LEAVERS
WITHOUT, SPECIAL, LOWER_SECONDARY, MIDDLE, ENTRANCE_FH, ENTRANCE = QUALIFICATIONS

declare = declarer(
    LEAVERS,
    source="Schulabgänge (nach Standort der Schule)",
    rule=LEAVERS_SHARE,
    levels=(CITY.key, STADTBEZIRK.key),
    breakdowns=("sex",),
    denominator="Abgängerinnen und Abgänger allgemeinbildender Schulen",
    unit=PERCENT,
    scale=100,
)
SCHOOLS_NOTE = (
    "Nach Standort der Schule, nur allgemeinbildende Schulen (ohne Berufskollegs). Ein Wert wird "
    "nur gezeigt, wenn mindestens 3 Schulen mit Abgängen beitragen; daher Stadt und "
    "Stadtbezirke, keine Ortsteile."
)

LEAVERS_TOTAL = declare(
    "count",
    "Schulabgängerinnen und -abgänger",
    "Abgängerinnen und Abgänger allgemeinbildender Schulen im Schuljahr.",
    numerator="Abgängerinnen und Abgänger",
    denominator="",
    unit=COUNT,
    scale=1,
    kind=SUM,
    direction=NEUTRAL,
    rule=LEAVERS_COUNT,
    decimals=0,
    notes=SCHOOLS_NOTE,
)
WITHOUT_HAUPTSCHULE = declare(
    "without_hauptschule",
    "Abgänge ohne Hauptschulabschluss",
    "Anteil der Abgängerinnen und Abgänger allgemeinbildender Schulen ohne "
    "Hauptschulabschluss (ohne Abschluss oder mit Förderschulabschluss).",
    numerator="Abgänge ohne Abschluss oder mit Förderschulabschluss",
    direction=LOWER,
    notes="Abgrenzung der amtlichen Statistik: Förderschulabschlüsse (Bildungsgänge Lernen und "
    "Geistige Entwicklung) zählen mit. Zum Vergleich: NRW 2011–2021 zwischen 5,6 und 6,5 %. "
    + SCHOOLS_NOTE,
)


def _share(key: str, title: str, direction: str, notes: str = "") -> Indicator:
    return declare(
        key,
        f"Abschluss: {title}",
        f"Anteil der Abgängerinnen und Abgänger allgemeinbildender Schulen mit dem Abschluss "
        f"„{title}“ als höchstem Abschluss beim Verlassen der Schule.",
        numerator=f"Abgänge mit {title}",
        direction=direction,
        notes=(notes + " " if notes else "") + SCHOOLS_NOTE,
    )


# Keyed by the Abschluss of the delivery; together the six shares are 100 %.
QUALIFICATION_SHARES: dict[str, Indicator] = {
    WITHOUT: _share(
        "without",
        WITHOUT,
        LOWER,
        "Ohne jeden Abschluss; Förderschulabschlüsse zählen hier nicht (siehe „Abgänge ohne "
        "Hauptschulabschluss“).",
    ),
    SPECIAL: _share("special_school", SPECIAL, NEUTRAL),
    LOWER_SECONDARY: _share("hauptschule", LOWER_SECONDARY, NEUTRAL),
    MIDDLE: _share("middle", MIDDLE, NEUTRAL),
    ENTRANCE_FH: _share(
        "fh_entrance",
        ENTRANCE_FH,
        HIGHER,
        "An allgemeinbildenden Schulen meist der schulische Teil der Fachhochschulreife.",
    ),
    ENTRANCE: _share("entrance", ENTRANCE, HIGHER, "Allgemeine Hochschulreife (Abitur)."),
}
INDICATORS: tuple[Indicator, ...] = (
    LEAVERS_TOTAL,
    WITHOUT_HAUPTSCHULE,
    *QUALIFICATION_SHARES.values(),
)
# The persons are the leavers (the count's numerator); the six qualifications split them.
RELATIONS = Relations(
    persons=num(LEAVERS_TOTAL), partitions=(tuple(QUALIFICATION_SHARES.values()),)
)


def leavers(records: pd.DataFrame) -> pd.DataFrame:
    """Per row of general schools with at least one leaver: its count as persons in every
    indicator's columns. Rows of 0 leavers add nothing and would let a school without leavers
    count towards the 3 schools."""
    rows = records[records["school_form"].isin(GENERAL_SCHOOL_FORMS) & (records["count"] > 0)]
    count = rows["count"].astype(float)
    qualification = rows["qualification"]
    columns = {
        "period": rows["school_year"],
        "year": rows["school_year"].str[:4].astype(int),
        "district": rows["district_number"],
        "sex": rows["sex"],
        "school": rows["school_number"],
        **contribution(LEAVERS_TOTAL, count),
        **contribution(
            WITHOUT_HAUPTSCHULE, count.where(qualification.isin([WITHOUT, SPECIAL]), 0.0), count
        ),
    }
    for value, indicator in QUALIFICATION_SHARES.items():
        columns |= contribution(indicator, count.where(qualification == value, 0.0), count)
    return pd.DataFrame(columns, index=rows.index)


def record_parts(records: pd.DataFrame) -> list[Part]:
    """The part of the leaver rows (with school form and district of the school register)."""
    frame = leavers(records)
    if frame.empty:
        return []
    return [Part(frame, dims=("sex",), group_min=group_counter("school", LEAVERS_SHARE))]


def cells_of(records: pd.DataFrame, geography: pd.DataFrame) -> pd.DataFrame:
    """The cells of every level of the leaver rows ``records``."""
    return merge_parts(record_parts(records), geography)


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    return cells_of(sources.school_leavers(conn), geography)
