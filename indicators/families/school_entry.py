"""Schuleingangsuntersuchung: German, coordination, visuomotor skills, weight and deferrals.

Children are counted where they live (statistical district of residence) and, as KOMPIK and UWE,
published down to the Ortsteil only. Every share is of the children examined in the year, except
the German deficits among the children whose German was rated: in NRW the health office rates
German only for children whose first language is not German, so an empty rating is normal and
counts as "no deficit" in the shares of all children.

Kita attendance is broken down at 3 years ("bis 3 Jahre", including children who attended no
Kita, and "mehr als 3 Jahre", i.e. a start before the third birthday): Herne's health office
reports the difference in German at this line. A finer split, or a line such as "unter 2 Jahre",
would leave groups of a few children per Ortsteil, and a withheld group takes other cells with it:
where its Ortsteil has no deferral at all, the audit sees the group's share pinned at 0 % and
withholds its neighbours, for every indicator on the children (one pattern). Children without a
Kita duration count in "bis 3 Jahre": left out of the breakdown, they would be the total minus its
two groups, a small group nobody protects (as "d" in the sex breakdown, see ``binary_sex``).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from etl.instruments import (
    ENTRY_RECOMMENDATIONS,
    GERMAN_BROKEN,
    GERMAN_MINOR_ERRORS,
    GERMAN_NONE,
    SCREENING_RESULTS,
    WEIGHT_CLASSES,
)
from etl.models import SchoolEntryExam
from etl.vocabulary import CITY, DOWN_TO_ORTSTEIL, LOWER, PERCENT, SCHOOL_ENTRY, STADTBEZIRK
from indicators.disclosure import RESPONDENTS
from indicators.families import PERSONS, Part, binary_sex, contribution, merge_parts, sources
from indicators.indicator import Indicator, declarer
from indicators.population import Relations

FAMILY = SCHOOL_ENTRY
KITA_YEARS = 3.0  # the line of the Kita breakdown: more than 3 years is "long"
SHORT_KITA, LONG_KITA = "bis3", "ueber3"
DEFICIT = (GERMAN_BROKEN, GERMAN_NONE)
ABNORMAL = SCREENING_RESULTS[-1]  # "auffällig"
_, OVERWEIGHT_CLASS, OBESE_CLASS = WEIGHT_CLASSES
_, SUPPORT_NEED, DEFERRED = ENTRY_RECOMMENDATIONS
RATED_ONLY = (
    "In NRW stuft das Gesundheitsamt die Deutschkenntnisse nur bei Kindern ein, deren "
    "Erstsprache nicht Deutsch ist; Kinder ohne Einstufung zählen hier als Kinder ohne Defizit."
)

declare = declarer(
    SCHOOL_ENTRY,
    source="Schuleingangsuntersuchung des Gesundheitsamts (nach Wohnort des Kindes)",
    rule=RESPONDENTS,
    levels=DOWN_TO_ORTSTEIL,  # a statistical district has a few dozen school starters
    breakdowns=("sex", "kita_years"),
    denominator="untersuchte Kinder",
    unit=PERCENT,
    scale=100,
    direction=LOWER,
)

GERMAN_DEFICIT = declare(
    "german_deficit",
    "Unzureichende Deutschkenntnisse",
    "Anteil der untersuchten Kinder mit Deutschkenntnissen „radebrechend“ oder „kaum/keine“.",
    numerator="Kinder mit Deutschkenntnissen radebrechend oder kaum/keine",
    notes=RATED_ONLY,
)
GERMAN_DEFICIT_RATED = declare(
    "german_deficit_rated",
    "Unzureichende Deutschkenntnisse (eingestufte Kinder)",
    "Anteil der Kinder mit Deutschkenntnissen „radebrechend“ oder „kaum/keine“ unter den "
    "Kindern, deren Deutschkenntnisse eingestuft wurden.",
    numerator="Kinder mit Deutschkenntnissen radebrechend oder kaum/keine",
    denominator="Kinder mit Einstufung der Deutschkenntnisse",
    # Rated children are a third to a half of all: per Ortsteil too few to publish (and one
    # withheld Ortsteil would withhold the other indicators there too: one shared pattern).
    levels=(CITY.key, STADTBEZIRK.key),
    breakdowns=("sex",),
    notes="In NRW werden die Deutschkenntnisse nur bei Kindern mit anderer Erstsprache als "
    "Deutsch eingestuft: der Wert ist dann der Anteil unter diesen Kindern (so berichtet das "
    "Herner Gesundheitsamt). Stuft eine Lieferung alle Kinder ein, ist er gleich dem Anteil "
    "an allen untersuchten Kindern.",
)
GERMAN_MINOR = declare(
    "german_minor_errors",
    "Deutschkenntnisse mit leichten Fehlern",
    "Anteil der untersuchten Kinder mit Deutschkenntnissen „mit leichten Fehlern“.",
    numerator="Kinder mit Deutschkenntnissen mit leichten Fehlern",
    notes=RATED_ONLY,
)
COORDINATION = declare(
    "coordination",
    "Körperkoordination auffällig",
    "Anteil der untersuchten Kinder mit auffälliger Körperkoordination.",
    numerator="Kinder mit Befund auffällig",
    notes="Grenzwertige Befunde zählen nicht mit.",
)
VISUOMOTOR = declare(
    "visuomotor",
    "Visuomotorik auffällig",
    "Anteil der untersuchten Kinder mit auffälliger Visuomotorik.",
    numerator="Kinder mit Befund auffällig",
    notes="Grenzwertige Befunde zählen nicht mit.",
)
OVERWEIGHT = declare(
    "overweight",
    "Übergewicht (einschließlich Adipositas)",
    "Anteil der untersuchten Kinder mit Übergewicht oder Adipositas.",
    numerator="Kinder mit Übergewicht oder Adipositas",
    notes="Gewichtsklassen nach BMI-Perzentilen, wie vom Gesundheitsamt geliefert.",
)
OBESITY = declare(
    "obesity",
    "Adipositas",
    "Anteil der untersuchten Kinder mit Adipositas.",
    numerator="Kinder mit Adipositas",
    notes="Gewichtsklassen nach BMI-Perzentilen, wie vom Gesundheitsamt geliefert.",
)
DEFERRAL = declare(
    "deferral",
    "Zurückstellungen vom Schulbesuch",
    "Anteil der untersuchten Kinder mit der Schulempfehlung „Zurückstellung“.",
    numerator="Kinder mit Empfehlung Zurückstellung",
    notes="Empfehlung des Gesundheitsamts; über die Zurückstellung entscheidet die Schule.",
)
SUPPORT = declare(
    "support_need",
    "Einschulung mit Förderbedarf",
    "Anteil der untersuchten Kinder mit der Schulempfehlung „mit Förderbedarf“.",
    numerator="Kinder mit Empfehlung mit Förderbedarf",
)
INDICATORS: tuple[Indicator, ...] = (
    GERMAN_DEFICIT,
    GERMAN_DEFICIT_RATED,
    GERMAN_MINOR,
    COORDINATION,
    VISUOMOTOR,
    OVERWEIGHT,
    OBESITY,
    DEFERRAL,
    SUPPORT,
)
# The persons are the examined children; every share rests on them (or the rated among them).
RELATIONS = Relations(persons=PERSONS)


def kita_group(years: pd.Series) -> pd.Series:
    """The breakdown value of the Kita duration; an unknown duration counts as short, so the two
    groups add up to the total."""
    long = years.astype(float).gt(KITA_YEARS)  # NaN compares False: short
    return long.map({True: LONG_KITA, False: SHORT_KITA}).astype(object)


def exams(records: pd.DataFrame) -> pd.DataFrame:
    """Per examined child: period, breakdowns and the additive columns of every indicator."""
    german = records["german"]
    deficit = german.isin(DEFICIT).astype(float)

    def share(indicator: Indicator, hit: pd.Series) -> dict:
        return contribution(indicator, hit.astype(float), 1.0)

    return pd.DataFrame(
        {
            "period": records["year"].astype(str),
            "year": records["year"].astype(int),
            "district": records["district_number"],
            "sex": binary_sex(records["sex"], records["id"]),
            "kita_years": kita_group(records["kita_years"]),
            PERSONS: 1.0,
            **contribution(GERMAN_DEFICIT, deficit, 1.0),
            **contribution(GERMAN_DEFICIT_RATED, deficit, german.notna().astype(float)),
            **share(GERMAN_MINOR, german == GERMAN_MINOR_ERRORS),
            **share(COORDINATION, records["coordination"] == ABNORMAL),
            **share(VISUOMOTOR, records["visuomotor"] == ABNORMAL),
            **share(OVERWEIGHT, records["weight"].isin([OVERWEIGHT_CLASS, OBESE_CLASS])),
            **share(OBESITY, records["weight"] == OBESE_CLASS),
            **share(DEFERRAL, records["recommendation"] == DEFERRED),
            **share(SUPPORT, records["recommendation"] == SUPPORT_NEED),
        },
        index=records.index,
    )


def parts(conn: Connection) -> list[Part]:
    records = sources.read(conn, select(SchoolEntryExam.__table__))
    if records.empty:
        return []
    return [Part(exams(records), dims=("sex", "kita_years"))]


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    return merge_parts(parts(conn), geography)
