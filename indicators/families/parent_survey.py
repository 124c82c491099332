"""Parent survey of the Familienzentren: response rate, grades and shares, by centre location."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from indicators.families import Part, den, num, sources

PREFIX = "parents."
GRADES = (
    "overall_grade",
    "grade_opening_hours",
    "grade_settling_in",
    "grade_lunch",
    "grade_information",
)
SHARES = (
    "would_recommend",
    "interest_parent_cafe",
    "interest_counselling",
    "interest_family_education",
)
SHARE_IDS = {"would_recommend": "parents.recommend"}


def parts(conn: Connection) -> list[Part]:
    responses, distribution = sources.parent_survey(conn)
    if responses.empty:
        return []
    location = sources.kitas(conn).set_index("number")["district_number"]
    base = {
        "period": responses["year"].astype(str),
        "year": responses["year"].astype(int),
        "district": responses["centre_number"].map(location),
    }
    # Only centres that reported how many questionnaires they handed out have a response rate.
    reported = set(zip(distribution["year"], distribution["centre_number"], strict=True))
    counted = [
        (y, c) in reported
        for y, c in zip(responses["year"], responses["centre_number"], strict=True)
    ]
    columns = {
        **base,
        num("parents.response_rate"): pd.Series(counted, dtype=float).values,
        den("parents.response_rate"): 0.0,
    }
    for key in GRADES:
        columns[num(f"parents.{key}")] = responses[key].fillna(0).astype(float)
        columns[den(f"parents.{key}")] = responses[key].notna().astype(float)
    for key in SHARES:
        answer = responses[key].astype("boolean")
        indicator = SHARE_IDS.get(key, f"parents.{key}")
        columns[num(indicator)] = answer.fillna(False).astype(float)
        columns[den(indicator)] = answer.notna().astype(float)
    handed_out = pd.DataFrame(
        {
            "period": distribution["year"].astype(str),
            "year": distribution["year"].astype(int),
            "district": distribution["centre_number"].map(location),
            num("parents.response_rate"): 0.0,
            den("parents.response_rate"): distribution["distributed"].astype(float),
        }
    )
    return [Part(pd.DataFrame(columns, index=responses.index)), Part(handed_out)]
