"""UWE: participation, the MDI well-being index and the assets, by residence.

Scale score = mean of the answered items of a scale, if at least two thirds of its items are
answered (2 of 3; single items must be answered). A measure is HIGH at a score >= 4 and LOW below 3
(sadness reversed: high sadness is low well-being); these ranges are this project's convention
(``UweCutoffs``). Well-being is HIGH ("thriving") with high scores on at least 4 of the 5 measures
and no low one, LOW with at least one low measure, MEDIUM otherwise: this combination rule is the
MDI's. A questionnaire missing any of the 5 measures is not classified.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from etl.instruments import UWE_SCALES
from etl.vocabulary import DOWN_TO_ORTSTEIL, HIGHER, LOWER, NEUTRAL, PERCENT, UWE
from indicators.disclosure import PERSONS, RESPONDENTS
from indicators.families import (
    Part,
    answered,
    binary_sex,
    contribution,
    merge_parts,
    num,
    population_part,
    sources,
)
from indicators.indicator import Indicator, declarer
from indicators.population import Relations

FAMILY = UWE
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


Present = Callable[[pd.DataFrame, UweCutoffs], pd.Series]  # 1.0, 0.0 or NaN per questionnaire


def _on_scales(*scales: str) -> Present:
    """An asset present at a mean of at least ``cutoffs.high`` over the items of ``scales``."""
    items = tuple(item for name in scales for item in UWE_SCALES[name])

    def present(records: pd.DataFrame, cutoffs: UweCutoffs) -> pd.Series:
        score = scale(records, items, cutoffs)
        return (score >= cutoffs.high).astype(float).where(score.notna())

    return present


def _nutrition_sleep(records: pd.DataFrame, cutoffs: UweCutoffs) -> pd.Series:
    breakfast, sleep = (records[c].astype(float) for c in ("frueh", "schlaf"))
    nutrition = ((breakfast >= cutoffs.breakfast_days) & (sleep >= cutoffs.high)).astype(float)
    return nutrition.where(breakfast.notna() & sleep.notna())


def _activities(records: pd.DataFrame, cutoffs: UweCutoffs) -> pd.Series:
    activity = records["akt"].astype(float)
    return (activity >= cutoffs.activity_days).astype(float).where(activity.notna())


@dataclass(frozen=True)
class Asset:
    """One asset (Ressource) of the UWE: its declaration's words and its record-level rule."""

    key: str
    title: str
    definition: str
    present: Present


ASSETS: tuple[Asset, ...] = (
    Asset(
        "adults",
        "Unterstützende Erwachsene",
        "Anteil mit hoher Zustimmung (Mittelwert ≥ 4) zu den neun Fragen nach unterstützenden "
        "Erwachsenen in Schule, Zuhause und Nachbarschaft.",
        _on_scales("adults_school", "adults_home", "adults_neighbourhood"),
    ),
    Asset(
        "adults_school",
        "Unterstützende Erwachsene in der Schule",
        "Anteil mit Mittelwert ≥ 4 auf der Skala Erwachsene in der Schule.",
        _on_scales("adults_school"),
    ),
    Asset(
        "adults_home",
        "Unterstützende Erwachsene zu Hause",
        "Anteil mit Mittelwert ≥ 4 auf der Skala Erwachsene zu Hause.",
        _on_scales("adults_home"),
    ),
    Asset(
        "adults_neighbourhood",
        "Unterstützende Erwachsene in der Nachbarschaft",
        "Anteil mit Mittelwert ≥ 4 auf der Skala Erwachsene in der Nachbarschaft.",
        _on_scales("adults_neighbourhood"),
    ),
    Asset(
        "peers",
        "Gleichaltrige",
        "Anteil mit Mittelwert ≥ 4 über Zugehörigkeit zu Gleichaltrigen und enge Freundschaft.",
        _on_scales("peer_belonging", "friendship"),
    ),
    Asset(
        "nutrition_sleep",
        "Ernährung und Schlaf",
        "Anteil mit Frühstück an mindestens 5 Tagen pro Woche und gutem Schlaf (≥ 4).",
        _nutrition_sleep,
    ),
    Asset(
        "activities",
        "Organisierte Freizeitaktivitäten",
        "Anteil mit organisierter Aktivität an mindestens einem Tag pro Woche.",
        _activities,
    ),
)


def assets(records: pd.DataFrame, cutoffs: UweCutoffs = CUTOFFS) -> dict[str, pd.Series]:
    """Per asset: 1.0 present, 0.0 absent, NaN not computable."""
    return {asset.key: asset.present(records, cutoffs) for asset in ASSETS}


# --- the declarations -------------------------------------------------------------------------

declare = declarer(
    UWE,
    source="UWE-Befragung (nach Wohnort)",
    rule=RESPONDENTS,
    levels=DOWN_TO_ORTSTEIL,  # a statistical district has a dozen students per grade
    breakdowns=("grade", "sex"),
    unit=PERCENT,
    scale=100,
    direction=HIGHER,
)

PARTICIPATION = declare(
    "participation",
    "UWE-Beteiligung",
    "Ausgefüllte Fragebögen je 100 Schülerinnen und Schüler der befragten Jahrgänge "
    "(Alter = Jahrgang + 5 am 31.12. des Vorjahres).",
    source="UWE-Befragung; Bevölkerung am 31.12. des Vorjahres",
    inputs=(*UWE.sources, "population"),
    numerator="Fragebögen (nach Wohnort)",
    denominator="Einwohnerinnen und Einwohner im Alter der befragten Jahrgänge",
    rule=PERSONS,
    ceiling=100,
    notes="Näherung: Jahrgang aus dem Alter; Fragebögen ohne Wohnort zählen nur stadtweit. "
    "Werte über 100 % sind möglich, wenn Zähler und Nenner nicht dieselben Kinder umfassen: "
    "Der Nenner sind die Einwohnerinnen und Einwohner des Jahrgangs am Stichtag, der Zähler die "
    "befragten Schülerinnen und Schüler, darunter auch Kinder, die außerhalb Hernes wohnen und "
    "eine Herner Schule besuchen, und Stichtag und Befragung liegen auseinander (Zuzüge). Ein "
    "Wert über 100 % zeigt diese Abweichung an, keine vollständige Beteiligung.",
)


def _wellbeing(level: str, word: str, direction: str, rule_text: str) -> Indicator:
    return declare(
        f"wellbeing_{level}",
        f"Wohlbefinden {word}",
        f"Anteil der Befragten mit Wohlbefindens-Index „{word}“: {rule_text} "
        "(Optimismus, Selbstwert, Glück, Abwesenheit von Traurigkeit, Gesundheit).",
        numerator=f"Befragte mit Index {word}",
        denominator="Befragte mit allen 5 Maßen",
        direction=direction,
        notes="Vom Middle Years Development Instrument (MDI) stammt die Bildung des Index: hoch "
        "bei hohem Bereich auf mindestens 4 der 5 Maße und keinem niedrigen, niedrig bei "
        "mindestens einem niedrigen Bereich, sonst mittel. Eigene Konvention des "
        "Bildungsmonitorings sind die Grenzen der Bereiche je Maß: hoch ab Skalenwert 4, niedrig "
        "unter 3 (Traurigkeit umgekehrt: hoch bis 2, niedrig über 3).",
    )


# Keyed by the classes ``wellbeing`` returns.
WELLBEING: dict[str, Indicator] = {
    "high": _wellbeing(
        "high", "hoch", HIGHER, "hoch auf mindestens 4 der 5 Maße und auf keinem niedrig"
    ),
    "medium": _wellbeing("medium", "mittel", NEUTRAL, "weder hoch noch niedrig"),
    "low": _wellbeing("low", "niedrig", LOWER, "niedrig auf mindestens einem der 5 Maße"),
}
ASSET_INDICATORS: dict[Asset, Indicator] = {
    asset: declare(
        f"asset_{asset.key}",
        f"Ressource: {asset.title}",
        asset.definition,
        numerator="Befragte mit der Ressource",
        denominator="Befragte mit auswertbaren Antworten",
    )
    for asset in ASSETS
}
SCHOOL_POSITIVE = declare(
    "school_positive",
    "Positive Schulerfahrungen",
    "Anteil mit Mittelwert ≥ 4 auf der Skala Schulklima und Zugehörigkeit.",
    numerator="Befragte mit positiven Schulerfahrungen",
    denominator="Befragte mit auswertbaren Antworten",
    notes="Nur nach Wohnort, nie nach Schule ausgewiesen (keine Schulrankings).",
)
INDICATORS: tuple[Indicator, ...] = (
    PARTICIPATION,
    *WELLBEING.values(),
    *ASSET_INDICATORS.values(),
    SCHOOL_POSITIVE,
)
# The persons are the questionnaires (participation's numerator); well-being splits them.
RELATIONS = Relations(persons=num(PARTICIPATION), partitions=(tuple(WELLBEING.values()),))


# --- the computation --------------------------------------------------------------------------


def questionnaires(records: pd.DataFrame) -> pd.DataFrame:
    columns = {
        "period": records["year"].astype(str),
        "year": records["year"].astype(int),
        "district": records["district_number"],
        "grade": records["grade"].astype(str),
        "sex": binary_sex(records["sex"], records["id"]),
        **contribution(PARTICIPATION, 1.0),
    }
    classes = wellbeing(records)
    for level, indicator in WELLBEING.items():
        columns |= contribution(
            indicator, (classes == level).astype(float), classes.notna().astype(float)
        )
    for asset, indicator in ASSET_INDICATORS.items():
        columns |= answered(indicator, asset.present(records, CUTOFFS))
    school = scale(records, UWE_SCALES["school_climate"])
    columns |= answered(
        SCHOOL_POSITIVE, (school >= CUTOFFS.high).astype(float).where(school.notna())
    )
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
            sources.population(conn), periods, ages, PARTICIPATION, dims=("grade", "sex")
        ),
    ]


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    return merge_parts(parts(conn), geography)
