"""School social work: staffing per school year, by school location; all-day schools by form.

Two readings of "a school has school social work" are published side by side: any post (> 0 VZÄ,
the count of the press figures "26,8 Stellen an 28 von 46 Schulen") and at least one full post
(>= 1,0 VZÄ, the conference's demand of one post per school). All-day schooling is counted as the
seed reports it: bound (gebunden) and open (offen, OGS) all-day are two indicators, never merged.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection

from etl.vocabulary import (
    DATE,
    FTE,
    FTE_PER_1000,
    HIGHER,
    LOWER,
    NEUTRAL,
    PER_FTE,
    PERCENT,
    SCHOOL_SOCIAL_WORK,
)
from indicators.disclosure import INSTITUTIONS
from indicators.families import Part, contribution, merge_parts, num, sources
from indicators.indicator import EARLIEST_DATE, SUM, Indicator, declarer

FAMILY = SCHOOL_SOCIAL_WORK
FULL_POST = 1.0  # the conference asked for at least one full post per school
BOUND, OPEN = "gebunden", "offen"  # the values of "Ganztag" counted by the all-day indicators

declare = declarer(
    SCHOOL_SOCIAL_WORK,
    source="Schulsozialarbeit (nach Standort der Schule)",
    rule=INSTITUTIONS,
    unit=PERCENT,
    scale=100,
)

FTE_TOTAL = declare(
    "fte",
    "Stellen Schulsozialarbeit",
    "Stellen der Schulsozialarbeit in Vollzeitäquivalenten.",
    numerator="Stellen (VZÄ)",
    denominator="",
    unit=FTE,
    scale=1,
    kind=SUM,
    direction=HIGHER,
)
FTE_PER_1000_PUPILS = declare(
    "fte_per_1000",
    "Stellen je 1.000 Schülerinnen und Schüler",
    "Stellen der Schulsozialarbeit (VZÄ) je 1.000 Schülerinnen und Schüler.",
    numerator="Stellen (VZÄ)",
    denominator="Schülerzahl",
    unit=FTE_PER_1000,
    scale=1000,
    direction=HIGHER,
    decimals=2,
)
SCHOOLS_WITH_POST = declare(
    "schools_with_post",
    "Schulen mit Schulsozialarbeit",
    "Anteil der Schulen mit Schulsozialarbeit, gleich welchen Umfangs (mehr als 0 VZÄ).",
    numerator="Schulen mit > 0 VZÄ",
    denominator="Schulen",
    direction=HIGHER,
    breakdowns=("school_form",),
    notes="Zählweise der veröffentlichten Zahlen (2016/17: 28 von 46 Schulen): jede Schule mit "
    "einer Stelle oder einem Stellenanteil zählt. Wie viele Schulen eine volle Stelle haben, "
    "zeigt „Schulen mit mindestens einer vollen Stelle“.",
)
SCHOOLS_FULL_POST = declare(
    "schools_full_post",
    "Schulen mit mindestens einer vollen Stelle",
    "Anteil der Schulen mit mindestens 1,0 Stelle Schulsozialarbeit (VZÄ).",
    numerator="Schulen mit ≥ 1,0 VZÄ",
    denominator="Schulen",
    direction=HIGHER,
    breakdowns=("school_form",),
    notes="Maßstab der Bildungskonferenz 2017, die mindestens eine Stelle je Schule forderte. "
    "Schulen mit einem Stellenanteil unter 1,0 zählen hier nicht, wohl aber bei „Schulen mit "
    "Schulsozialarbeit“.",
)
FIXED_TERM_SHARE = declare(
    "fixed_term_share",
    "Befristete Stellen",
    "Anteil der befristeten an allen Stellen (VZÄ).",
    numerator="befristete Stellen (VZÄ)",
    denominator="Stellen (VZÄ)",
    direction=LOWER,
)
NEXT_END_DATE = declare(
    "next_end_date",
    "Nächstes Befristungsende",
    "Frühestes Ende einer Befristung nach Beginn des Schuljahres.",
    numerator="",
    denominator="",
    unit=DATE,
    scale=1,
    kind=EARLIEST_DATE,
    direction=NEUTRAL,
)
PUPILS_PER_FTE = declare(
    "pupils_per_fte",
    "Schülerinnen und Schüler je Stelle",
    "Schülerinnen und Schüler je Stelle Schulsozialarbeit (VZÄ).",
    numerator="Schülerzahl",
    denominator="Stellen (VZÄ)",
    unit=PER_FTE,
    scale=1,
    direction=LOWER,
    decimals=0,
)
ALL_DAY_BOUND_SHARE = declare(
    "all_day_bound_share",
    "Schulen mit gebundenem Ganztag",
    "Anteil der Schulen, die gebundene Ganztagsschulen sind (Ganztag „gebunden“).",
    numerator="Schulen mit gebundenem Ganztag",
    denominator="Schulen",
    direction=HIGHER,
    breakdowns=("school_form",),
    notes="Gebunden: der Ganztag ist für alle oder ganze Jahrgänge verpflichtend. Schulen mit "
    "offenem Ganztag zählen hier nicht (siehe „Schulen mit offenem Ganztag (OGS)“).",
)
ALL_DAY_OPEN_SHARE = declare(
    "all_day_open_share",
    "Schulen mit offenem Ganztag (OGS)",
    "Anteil der Schulen mit offenem Ganztag (Ganztag „offen“, an Grundschulen die OGS).",
    numerator="Schulen mit offenem Ganztag",
    denominator="Schulen",
    direction=HIGHER,
    breakdowns=("school_form",),
    notes="Offen: die Teilnahme am Ganztag ist freiwillig. Gebundene Ganztagsschulen zählen "
    "hier nicht; beide Anteile zusammen ergeben die Schulen mit Ganztag.",
)
INDICATORS: tuple[Indicator, ...] = (
    FTE_TOTAL,
    FTE_PER_1000_PUPILS,
    SCHOOLS_WITH_POST,
    SCHOOLS_FULL_POST,
    FIXED_TERM_SHARE,
    NEXT_END_DATE,
    PUPILS_PER_FTE,
    ALL_DAY_BOUND_SHARE,
    ALL_DAY_OPEN_SHARE,
)


def school_years(records: pd.DataFrame) -> pd.DataFrame:
    fte, fixed, pupils = (records[c].astype(float) for c in ("fte", "fte_fixed_term", "pupils"))
    all_day = records["all_day"]
    start = records["school_year"].str[:4].astype(int)
    # The earliest fixed-term end after the school year began (1 August), as a day number:
    # the minimum is taken per cell, then shown as a date.
    begins = start.map(lambda year: dt.date(year, 8, 1))
    ends = records["fixed_term_until"].where(
        records["fixed_term_until"].notna() & (records["fixed_term_until"] >= begins)
    )
    end_days = ends.map(lambda d: d.toordinal(), na_action="ignore").astype(float)
    return pd.DataFrame(
        {
            "period": records["school_year"],
            "year": start,
            "district": records["district_number"],
            "school_form": records["school_form"],
            **contribution(FTE_TOTAL, fte),
            **contribution(FTE_PER_1000_PUPILS, fte, pupils),
            **contribution(SCHOOLS_WITH_POST, (fte > 0).astype(float), 1.0),
            **contribution(SCHOOLS_FULL_POST, (fte >= FULL_POST).astype(float), 1.0),
            **contribution(FIXED_TERM_SHARE, fixed, fte),
            **contribution(PUPILS_PER_FTE, pupils, fte),
            **contribution(ALL_DAY_BOUND_SHARE, (all_day == BOUND).astype(float), 1.0),
            **contribution(ALL_DAY_OPEN_SHARE, (all_day == OPEN).astype(float), 1.0),
            num(NEXT_END_DATE): end_days,
        }
    )


def parts(conn: Connection) -> list[Part]:
    records = sources.school_social_work(conn)
    if records.empty:
        return []
    frame = school_years(records)
    return [
        Part(frame.drop(columns=num(NEXT_END_DATE)), dims=("school_form",)),
        Part(
            frame[["period", "year", "district", num(NEXT_END_DATE)]],
            values=[num(NEXT_END_DATE)],
            how=NEXT_END_DATE.kind.aggregation,
        ),
    ]


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    return merge_parts(parts(conn), geography)
