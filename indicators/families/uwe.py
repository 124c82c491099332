"""UWE: participation, the MDI well-being index and the assets, by residence.

Scale score = mean of the answered items of a scale, if at least two thirds of its items are
answered (2 of 3; single items must be answered). A measure is HIGH at a score >= 4 and LOW below 3
(sadness reversed: high sadness is low well-being). Well-being is HIGH ("thriving") with high scores
on at least 4 of the 5 measures and no low one, LOW with at least one low measure, MEDIUM otherwise;
a questionnaire missing any of the 5 measures is not classified.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from etl.instruments import UWE_SCALES
from indicators.families import Part, binary_sex, den, num, population_part, sources

PREFIX = "uwe."
WELLBEING_MEASURES = ("optimism", "self_esteem", "happiness", "sadness", "general_health")
REVERSED = ("sadness",)


@dataclass(frozen=True)
class UweCutoffs:
    """The documented cut-offs; change them here (and say so in the README)."""

    high: float = 4.0  # a scale score at or above: high range / asset present
    low: float = 3.0  # below: low range
    min_answered: float = 2 / 3  # share of a scale's items that must be answered
    breakfast_days: int = 5  # nutrition and sleep: breakfast on at least this many days
    activity_days: int = 1  # organised activities on at least this many days


CUTOFFS = UweCutoffs()


def scale(
    records: pd.DataFrame, items: tuple[str, ...], cutoffs: UweCutoffs = CUTOFFS
) -> pd.Series:
    answers = records[[item.lower() for item in items]].astype(float)
    needed = math.ceil(len(items) * cutoffs.min_answered - 1e-9)
    return answers.mean(axis=1).where(answers.notna().sum(axis=1) >= needed)


def wellbeing(records: pd.DataFrame, cutoffs: UweCutoffs = CUTOFFS) -> pd.Series:
    """ "high", "medium", "low" or NaN (not classified) per questionnaire."""
    high, low, complete = [], [], []
    for measure in WELLBEING_MEASURES:
        score = scale(records, UWE_SCALES[measure], cutoffs)
        if measure in REVERSED:  # much sadness is the low range
            high.append(score <= 6 - cutoffs.high)
            low.append(score > 6 - cutoffs.low)
        else:
            high.append(score >= cutoffs.high)
            low.append(score < cutoffs.low)
        complete.append(score.notna())
    highs = sum(h.astype(int) for h in high)
    any_low = np.logical_or.reduce([series.to_numpy() for series in low])
    classified = np.logical_and.reduce([series.to_numpy() for series in complete])
    result = np.where(any_low, "low", np.where(highs >= 4, "high", "medium"))
    return pd.Series(result, index=records.index).where(classified)


def assets(records: pd.DataFrame, cutoffs: UweCutoffs = CUTOFFS) -> dict[str, pd.Series]:
    """Per asset: 1.0 present, 0.0 absent, NaN not computable."""
    adults = (
        UWE_SCALES["adults_school"] + UWE_SCALES["adults_home"] + UWE_SCALES["adults_neighbourhood"]
    )
    peers = UWE_SCALES["peer_belonging"] + UWE_SCALES["friendship"]

    def present(score: pd.Series) -> pd.Series:
        return (score >= cutoffs.high).astype(float).where(score.notna())

    breakfast, sleep, activity = (records[c].astype(float) for c in ("frueh", "schlaf", "akt"))
    nutrition = ((breakfast >= cutoffs.breakfast_days) & (sleep >= cutoffs.high)).astype(float)
    return {
        "adults": present(scale(records, adults, cutoffs)),
        "adults_school": present(scale(records, UWE_SCALES["adults_school"], cutoffs)),
        "adults_home": present(scale(records, UWE_SCALES["adults_home"], cutoffs)),
        "adults_neighbourhood": present(
            scale(records, UWE_SCALES["adults_neighbourhood"], cutoffs)
        ),
        "peers": present(scale(records, peers, cutoffs)),
        "nutrition_sleep": nutrition.where(breakfast.notna() & sleep.notna()),
        "activities": (activity >= cutoffs.activity_days).astype(float).where(activity.notna()),
    }


def questionnaires(records: pd.DataFrame) -> pd.DataFrame:
    columns = {
        "period": records["year"].astype(str),
        "year": records["year"].astype(int),
        "district": records["district_number"],
        "grade": records["grade"].astype(str),
        "sex": binary_sex(records["sex"], records["id"]),
        num("uwe.participation"): 1.0,
        den("uwe.participation"): 0.0,
    }
    classes = wellbeing(records)
    for level in ("high", "medium", "low"):
        columns[num(f"uwe.wellbeing_{level}")] = (classes == level).astype(float)
        columns[den(f"uwe.wellbeing_{level}")] = classes.notna().astype(float)
    school = scale(records, UWE_SCALES["school_climate"])
    flags = {
        **{f"asset_{k}": v for k, v in assets(records).items()},
        "school_positive": (school >= CUTOFFS.high).astype(float).where(school.notna()),
    }
    for key, flag in flags.items():
        columns[num(f"uwe.{key}")] = flag.fillna(0.0)
        columns[den(f"uwe.{key}")] = flag.notna().astype(float)
    return pd.DataFrame(columns, index=records.index)


def parts(conn: Connection) -> list[Part]:
    records = sources.uwe(conn)
    if records.empty:
        return []
    frame = questionnaires(records)
    grades = frame.groupby("year")["grade"].unique()
    periods = {str(year): (int(year), int(year) - 1) for year in grades.index}
    ages = {
        f"{year}|{grade}": [int(grade) + 5] for year, found in grades.items() for grade in found
    }
    return [
        Part(frame, dims=("grade", "sex")),
        population_part(
            sources.population(conn), periods, ages, "uwe.participation", dims=("grade", "sex")
        ),
    ]
