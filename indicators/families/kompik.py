"""KOMPIK: coverage, Kitas delivering, and per area the mean and the lowest/highest fifth.

Children are counted where they live (statistical district of residence), Kitas where they are.
The bands "norm group 1-2" and "9-10" are this project's convention, not a KOMPIK norm.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection

from etl.instruments import KOMPIK_AREAS
from indicators.families import Part, binary_sex, den, num, population_part, sources
from indicators.registry import LIMITS

PREFIX = "kompik."
COVERAGE_AGES = [3, 4, 5]  # children of 3 to 5 years, the age group KOMPIK observes
LOW_GROUPS = (1, 2)
HIGH_GROUPS = (9, 10)
KECK_COLUMN = "kitas_ok"


def observations(records: pd.DataFrame) -> pd.DataFrame:
    """Per observation: period, breakdowns and the additive columns of every KOMPIK indicator."""
    years = pd.to_datetime(records["observed_on"]).dt.year
    # Children without an answer join "nein" ("not known to speak German at home"): as a
    # category of their own (about 1 %) they would be withheld everywhere and take "nein" along.
    german = records["german_at_home"].map({True: "ja", False: "nein"}).fillna("nein")
    columns = {
        "period": years.astype(str),
        "year": years,
        "district": records["district_number"],
        "sex": binary_sex(records["sex"], records["id"]),
        "german": german,
        "kita": records["kita_number"],
        num("kompik.coverage"): 1.0,
        den("kompik.coverage"): 0.0,
    }
    for area in KOMPIK_AREAS:
        mean, norm = records[f"mean_{area.key}"], records[f"norm_{area.key}"]
        observed = norm.notna() | mean.notna()
        columns |= {
            num(f"kompik.{area.key}.mean"): mean.fillna(0.0).astype(float),
            den(f"kompik.{area.key}.mean"): mean.notna().astype(float),
            num(f"kompik.{area.key}.low"): norm.isin(LOW_GROUPS).astype(float),
            den(f"kompik.{area.key}.low"): (observed & norm.notna()).astype(float),
            num(f"kompik.{area.key}.high"): norm.isin(HIGH_GROUPS).astype(float),
            den(f"kompik.{area.key}.high"): (observed & norm.notna()).astype(float),
        }
    return pd.DataFrame(columns, index=records.index)


def kitas_delivering(kitas: pd.DataFrame, records: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Per Kita and year it was open: whether it delivered any observation (by Kita location)."""
    delivered = set(
        zip(pd.to_datetime(records["observed_on"]).dt.year, records["kita_number"], strict=True)
    )
    rows = []
    for year in years:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        for kita in kitas.itertuples():
            if kita.listed_since <= end and (
                kita.closed_on is None or pd.isna(kita.closed_on) or kita.closed_on > start
            ):
                rows.append(
                    {
                        "period": str(year),
                        "year": year,
                        "district": kita.district_number,
                        num("kompik.kitas_delivering"): float((year, kita.number) in delivered),
                        den("kompik.kitas_delivering"): 1.0,
                    }
                )
    return pd.DataFrame(
        rows,
        columns=[
            "period",
            "year",
            "district",
            num("kompik.kitas_delivering"),
            den("kompik.kitas_delivering"),
        ],
    )


def parts(conn: Connection) -> list[Part]:
    records = sources.kompik(conn)
    if records.empty:
        return []
    frame = observations(records)
    years = sorted(frame["year"].unique().tolist())
    population = sources.population(conn)
    periods = {str(year): (year, year - 1) for year in years}  # Stichtag 31.12. of the year before
    ages = {str(year): COVERAGE_AGES for year in years}
    return [
        Part(
            frame,
            dims=("sex", "german"),
            group_min=("kita", LIMITS.keck_min_children_per_kita, KECK_COLUMN),
        ),
        population_part(population, periods, ages, "kompik.coverage"),
        Part(kitas_delivering(sources.kitas(conn), records, years)),
    ]
