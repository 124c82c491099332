"""School social work: staffing per school year, by school location; all-day schools by form."""

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
POST = 1.0  # the conference asked for at least one full post per school

declare = declarer(
    SCHOOL_SOCIAL_WORK,
    source="Schulsozialarbeit (nach Standort der Schule)",
    rule=INSTITUTIONS,
    goals=("schulsozialarbeit",),
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
    "Schulen mit mindestens einer Stelle",
    "Anteil der Schulen mit mindestens 1,0 Stelle Schulsozialarbeit (die Konferenz "
    "2017 forderte eine Stelle je Schule).",
    numerator="Schulen mit ≥ 1,0 VZÄ",
    denominator="Schulen",
    direction=HIGHER,
    breakdowns=("school_form",),
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
ALL_DAY_SHARE = declare(
    "all_day_share",
    "Ganztagsschulen",
    "Anteil der Schulen mit gebundenem oder offenem Ganztag.",
    numerator="Schulen mit Ganztag",
    denominator="Schulen",
    direction=HIGHER,
    breakdowns=("school_form",),
    goals=("ganztagssysteme",),
)
INDICATORS: tuple[Indicator, ...] = (
    FTE_TOTAL,
    FTE_PER_1000_PUPILS,
    SCHOOLS_WITH_POST,
    FIXED_TERM_SHARE,
    NEXT_END_DATE,
    PUPILS_PER_FTE,
    ALL_DAY_SHARE,
)


def school_years(records: pd.DataFrame) -> pd.DataFrame:
    fte, fixed, pupils = (records[c].astype(float) for c in ("fte", "fte_fixed_term", "pupils"))
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
            **contribution(SCHOOLS_WITH_POST, (fte >= POST).astype(float), 1.0),
            **contribution(FIXED_TERM_SHARE, fixed, fte),
            **contribution(PUPILS_PER_FTE, pupils, fte),
            **contribution(ALL_DAY_SHARE, (records["all_day"] != "keiner").astype(float), 1.0),
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
