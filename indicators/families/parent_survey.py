"""Parent survey of the Familienzentren: response rate, grades and shares, by centre location."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from etl.vocabulary import CITY, GRADE_1_6, HIGHER, LOWER, NEUTRAL, PARENTS, PERCENT, STADTBEZIRK
from indicators.disclosure import CENTRES, CENTRES_COUNT, group_counter
from indicators.families import PERSONS, Part, answered, contribution, merge_parts, sources
from indicators.indicator import MEAN, Indicator, declarer
from indicators.population import Relations

FAMILY = PARENTS

# Results describe the Familienzentren where parents answered, so they are published for the
# city and the Stadtbezirke only, each value resting on at least 3 centres: an Ortsteil or a
# district often has one or two, and its value would be that centre's result.
declare = declarer(
    PARENTS,
    source="Elternbefragung der Familienzentren (nach Standort des Familienzentrums)",
    rule=CENTRES,
    levels=(CITY.key, STADTBEZIRK.key),
    denominator="Eltern mit Angabe",
    unit=PERCENT,
    scale=100,
)

RESPONSE_RATE = declare(
    "response_rate",
    "Rücklaufquote Elternbefragung",
    "Zurückgegebene Fragebögen je 100 ausgegebene.",
    numerator="zurückgegebene Fragebögen",
    denominator="ausgegebene Fragebögen (Blatt Rücklauf)",
    direction=HIGHER,
    rule=CENTRES_COUNT,
    notes="Nur Familienzentren mit Angaben im Blatt Rücklauf.",
)
RECOMMEND = declare(
    "recommend",
    "Weiterempfehlung",
    "Anteil der Eltern, die das Familienzentrum weiterempfehlen würden.",
    numerator="Eltern mit Weiterempfehlung",
    direction=HIGHER,
)
# Keyed by the column of the answers in the survey's records (the id without its prefix).
GRADES: dict[str, Indicator] = {
    column: declare(
        column,
        title,
        f"Durchschnittliche {what} (1 = sehr gut bis 6).",
        numerator="Summe der Noten",
        unit=GRADE_1_6,
        scale=1,
        kind=MEAN,
        direction=LOWER,
        decimals=2,
    )
    for column, title, what in (
        ("overall_grade", "Gesamtnote", "Gesamtzufriedenheit als Schulnote"),
        (
            "grade_opening_hours",
            "Note Öffnungszeiten",
            "Note für die Öffnungszeiten",
        ),
        ("grade_settling_in", "Note Eingewöhnung", "Note für die Eingewöhnung"),
        ("grade_lunch", "Note Mittagessen", "Note für das Mittagessen"),
        (
            "grade_information",
            "Note Information",
            "Note für den Informationsfluss",
        ),
    )
}
INTERESTS: dict[str, Indicator] = {
    column: declare(
        column,
        f"Interesse: {title}",
        f"Anteil der Eltern mit Interesse am Angebot {title}.",
        numerator="Eltern mit Interesse",
        direction=NEUTRAL,
    )
    for column, title in (
        ("interest_parent_cafe", "Elterncafé"),
        ("interest_counselling", "Erziehungsberatung"),
        ("interest_family_education", "Familienbildung"),
    )
}
INDICATORS: tuple[Indicator, ...] = (
    RESPONSE_RATE,
    RECOMMEND,
    *GRADES.values(),
    *INTERESTS.values(),
)
SHARES: dict[str, Indicator] = {"would_recommend": RECOMMEND, **INTERESTS}  # yes/no columns
RELATIONS = Relations(persons=PERSONS)  # the returned questionnaires


def parts(conn: Connection) -> list[Part]:
    responses, distribution = sources.parent_survey(conn)
    if responses.empty:
        return []
    location = sources.kitas(conn).set_index("number")["district_number"]
    base = {
        "period": responses["year"].astype(str),
        "year": responses["year"].astype(int),
        "district": responses["centre_number"].map(location),
        "centre": responses["centre_number"],
        PERSONS: 1.0,
    }
    # Only centres that reported how many questionnaires they handed out have a response rate.
    reported = set(zip(distribution["year"], distribution["centre_number"], strict=True))
    counted = [
        (y, c) in reported
        for y, c in zip(responses["year"], responses["centre_number"], strict=True)
    ]
    columns = {**base, **contribution(RESPONSE_RATE, pd.Series(counted, dtype=float).values)}
    for column, indicator in GRADES.items():
        columns |= answered(indicator, responses[column])
    for column, indicator in SHARES.items():
        answer = responses[column].astype("boolean")
        columns |= contribution(
            indicator, answer.fillna(False).astype(float), answer.notna().astype(float)
        )
    handed_out = pd.DataFrame(
        {
            "period": distribution["year"].astype(str),
            "year": distribution["year"].astype(int),
            "district": distribution["centre_number"].map(location),
            **contribution(RESPONSE_RATE, 0.0, distribution["distributed"].astype(float)),
        }
    )
    return [
        Part(
            pd.DataFrame(columns, index=responses.index), group_min=group_counter("centre", CENTRES)
        ),
        Part(handed_out),
    ]


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    return merge_parts(parts(conn), geography)
