"""Targets of the goal period and the status of an indicator against them (auf Kurs / nicht auf
Kurs / keine Daten).

A target is data of the goal period (``etl.catalogue.GoalLink``): a baseline (year, value; a
missing value is read from the published values of the baseline year) and either a target value
for a target year or only a direction (steigen, sinken, halten). Only published (not withheld)
values are used, so a status never reveals a withheld value.

Rules (the project's convention, documented in Methodik):

- With a target value the way from baseline to target is a straight line; the latest value is
  on course when it is at or beyond the line's value for its year (in the target's direction).
- With a direction only, "steigen" needs a value above the baseline, "sinken" one below it, and
  "halten" one that is not less favourable than the baseline (for an indicator without a
  favourable direction: within ±5 % of it).
- A target for a level (``target_level``, e.g. every Ortsteil) is judged for each unit with its
  own baseline from the data; it is on course only when every unit with data is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from etl.vocabulary import HIGHER, LOWER, NEUTRAL

ON_TRACK = "auf Kurs"
OFF_TRACK = "nicht auf Kurs"
NO_DATA = "keine Daten"
STATUSES = (ON_TRACK, OFF_TRACK, NO_DATA)
HOLD_TOLERANCE = 0.05  # "halten" of an indicator without a favourable direction: ±5 %
STATUS_RULE = (
    "Status aus den veröffentlichten Werten: mit Zielwert auf Kurs, wenn der neueste Wert "
    "mindestens auf der geraden Linie vom Ausgangs- zum Zielwert liegt; mit Richtung allein, "
    "wenn er gegenüber dem Ausgangswert gestiegen (steigen) bzw. gesunken (sinken) oder nicht "
    "ungünstiger geworden ist (halten). Gesperrte Werte zählen als fehlend."
)


@dataclass(frozen=True)
class Target:
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    direction: str | None  # steigen, sinken, halten; None: from baseline to target value
    level: str | None = None  # None: the city


@dataclass(frozen=True)
class Assessment:
    status: str  # one of STATUSES
    note: str  # why, in German (without numbers: the caller formats them)
    latest_year: int | None = None
    latest_value: float | None = None
    baseline_value: float | None = None
    expected: float | None = None  # where the straight way to the target stands in latest_year


def intended_direction(target: Target, baseline: float) -> str:
    """steigen, sinken or halten: as given, or from the baseline to the target value."""
    if target.direction:
        return target.direction
    if target.target_value is None or target.target_value == baseline:
        return "halten"
    return "steigen" if target.target_value > baseline else "sinken"


def assess(target: Target, series: Mapping[int, float], favourable: str = NEUTRAL) -> Assessment:
    """The status of one series of published values (year -> value) against ``target``.

    ``favourable``: the indicator's direction (HIGHER, LOWER or NEUTRAL), used by "halten"."""
    start = target.baseline_year
    baseline = target.baseline_value
    if baseline is None and start is not None:
        baseline = series.get(start)
    if baseline is None:
        return Assessment(NO_DATA, "kein Ausgangswert (weder angegeben noch veröffentlicht)")
    later = sorted(year for year in series if start is None or year > start)
    if not later:
        return Assessment(NO_DATA, "noch kein Wert nach dem Ausgangsjahr", baseline_value=baseline)
    year = later[-1]
    latest = series[year]
    direction = intended_direction(target, baseline)
    expected = _expected(target, baseline, year)
    reference = expected if expected is not None else baseline
    if direction == "steigen":
        on_track = latest >= reference if expected is not None else latest > reference
    elif direction == "sinken":
        on_track = latest <= reference if expected is not None else latest < reference
    else:
        reference = target.target_value if target.target_value is not None else baseline
        on_track = _held(latest, reference, favourable)
    note = (
        "Verlauf auf der geraden Linie vom Ausgangs- zum Zielwert"
        if expected is not None
        else f"Richtung „{direction}“ gegenüber dem Ausgangswert"
    )
    return Assessment(
        ON_TRACK if on_track else OFF_TRACK,
        note,
        latest_year=year,
        latest_value=latest,
        baseline_value=baseline,
        expected=expected,
    )


def _expected(target: Target, baseline: float, year: int) -> float | None:
    """The value the straight way from baseline to target has reached in ``year``."""
    if target.target_value is None or target.target_year is None or target.baseline_year is None:
        return None
    span = target.target_year - target.baseline_year
    if span <= 0:
        return target.target_value
    done = min(max(year - target.baseline_year, 0), span) / span
    return baseline + (target.target_value - baseline) * done


def _held(value: float, reference: float, favourable: str) -> bool:
    if favourable == HIGHER:
        return value >= reference
    if favourable == LOWER:
        return value <= reference
    return abs(value - reference) <= HOLD_TOLERANCE * abs(reference)


@dataclass(frozen=True)
class UnitsAssessment:
    """A target for every unit of a level: the overall status and each unit's."""

    status: str
    note: str
    units: dict[str, Assessment]  # unit name -> its assessment


def assess_units(
    target: Target, series_by_unit: Mapping[str, Mapping[int, float]], favourable: str, dative: str
) -> UnitsAssessment:
    """Every unit against the same target, each with its own baseline from the data (a given
    baseline value is the city's and not used). ``dative``: the level's dative plural
    ("Ortsteilen")."""
    own = Target(
        target.baseline_year, None, target.target_year, target.target_value, target.direction
    )
    units = {name: assess(own, series, favourable) for name, series in series_by_unit.items()}
    judged = [a for a in units.values() if a.status != NO_DATA]
    if not judged:
        return UnitsAssessment(NO_DATA, f"in keinem der {dative} ein vergleichbarer Wert", units)
    on = sum(a.status == ON_TRACK for a in judged)
    status = ON_TRACK if on == len(judged) else OFF_TRACK
    return UnitsAssessment(status, f"auf Kurs in {on} von {len(judged)} {dative}", units)


def count_statuses(statuses: Sequence[str]) -> dict[str, int]:
    """How many of each status (in the order of STATUSES)."""
    return {status: sum(s == status for s in statuses) for status in STATUSES}
