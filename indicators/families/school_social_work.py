"""School social work: staffing per school year, by school location; all-day schools by form."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection

from indicators.families import Part, den, num, sources

PREFIX = "ssw."
POST = 1.0  # the conference asked for at least one full post per school
NEXT_END = "ssw.next_end_date"


def school_years(records: pd.DataFrame) -> pd.DataFrame:
    fte, fixed, pupils = (records[c].astype(float) for c in ("fte", "fte_fixed_term", "pupils"))
    start = records["school_year"].str[:4].astype(int)
    # The earliest fixed-term end after the school year began (1 August), as a day number:
    # the minimum is taken per cell, then shown as a date.
    begins = start.map(lambda year: dt.date(year, 8, 1))
    ends = records["fixed_term_until"].where(
        records["fixed_term_until"].notna() & (records["fixed_term_until"] >= begins)
    )
    return pd.DataFrame(
        {
            "period": records["school_year"],
            "year": start,
            "district": records["district_number"],
            "school_form": records["school_form"],
            num("ssw.fte"): fte,
            den("ssw.fte"): 0.0,
            num("ssw.fte_per_1000"): fte,
            den("ssw.fte_per_1000"): pupils,
            num("ssw.schools_with_post"): (fte >= POST).astype(float),
            den("ssw.schools_with_post"): 1.0,
            num("ssw.fixed_term_share"): fixed,
            den("ssw.fixed_term_share"): fte,
            num("ssw.pupils_per_fte"): pupils,
            den("ssw.pupils_per_fte"): fte,
            num("ssw.all_day_share"): (records["all_day"] != "keiner").astype(float),
            den("ssw.all_day_share"): 1.0,
            "end_day": ends.map(lambda d: d.toordinal(), na_action="ignore").astype(float),
        }
    )


def parts(conn: Connection) -> list[Part]:
    records = sources.school_social_work(conn)
    if records.empty:
        return []
    frame = school_years(records)
    return [
        Part(frame.drop(columns="end_day"), dims=("school_form",)),
        Part(frame[["period", "year", "district", "end_day"]], values=["end_day"], how="min"),
    ]


def day_text(day: float) -> str | None:
    return None if pd.isna(day) else dt.date.fromordinal(int(day)).strftime("%d.%m.%Y")
