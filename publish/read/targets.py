"""The status of a goal's linked indicators against the targets of the goal period, from the
published values (``indicators.targets`` holds the rules)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from etl.catalogue import GoalLink
from etl.vocabulary import LEVEL
from indicators.registry import BY_ID
from indicators.targets import NO_DATA, Target, assess, assess_units
from publish import formatting as fmt


@dataclass(frozen=True)
class LinkStatus:
    """One linked indicator with a target: what the target is, where it stands, the status."""

    indicator: str
    lead: bool
    status: str  # indicators.targets.STATUSES
    target: str  # "Ziel 2022: 25,0 % (Ausgangswert 2017: 20,3 %)"
    current: str  # "2019: 22,1 %" or "auf Kurs in 9 von 13 Ortsteilen"
    note: str


def target_of(link: GoalLink) -> Target:
    return Target(
        link.baseline_year,
        link.baseline_value,
        link.target_year,
        link.target_value,
        link.direction,
        link.target_level,
    )


def published(frame: pd.DataFrame, indicator: str) -> dict[str, dict[int, float]]:
    """unit name -> {year: value} of the published (not withheld, not empty) values."""
    own = frame[(frame["indicator"] == indicator) & ~frame["suppressed"].astype(bool)]
    own = own[own["value"].notna()]
    series: dict[str, dict[int, float]] = {}
    for name, year, value in own[["name", "year", "value"]].itertuples(index=False):
        series.setdefault(name, {})[int(year)] = float(value)
    return series


def describe_target(link: GoalLink, baseline: float | None) -> str:
    """The target in words, e.g. "Ziel 2022: 25,0 % (Ausgangswert 2017: 20,3 %)"."""
    indicator = BY_ID[link.indicator]
    where = (
        f" in jedem Gebiet der Ebene {LEVEL[link.target_level].title}"
        if link.target_level in LEVEL
        else ""
    )
    if link.target_value is not None:
        aim = f"Ziel {link.target_year or ''}: {fmt.value(indicator, link.target_value)}".replace(
            "Ziel :", "Ziel:"
        )
    else:
        aim = f"Richtung: {link.direction}" + (
            f" bis {link.target_year}" if link.target_year else ""
        )
    start = ""
    if link.baseline_year is not None:
        start = f" (Ausgangsjahr {link.baseline_year}"
        if baseline is not None and not link.target_level:
            start += f": {fmt.value(indicator, baseline)}"
        start += ")"
    return aim + where + start


def link_status(
    city: pd.DataFrame, by_level: dict[str, pd.DataFrame], link: GoalLink
) -> LinkStatus:
    """The status of one link with a target. ``city``: the city's totals; ``by_level``: the
    totals of the level a target names (see ReadModel.totals)."""
    indicator = BY_ID[link.indicator]
    target = target_of(link)
    if link.target_level and link.target_level in by_level:
        series = published(by_level[link.target_level], link.indicator)
        result = assess_units(target, series, indicator.direction, LEVEL[link.target_level].dative)
        return LinkStatus(
            link.indicator, link.lead, result.status, describe_target(link, None), result.note, ""
        )
    series = next(iter(published(city, link.indicator).values()), {})
    result = assess(target, series, indicator.direction)
    current = "–"
    if result.latest_year is not None:
        current = f"{result.latest_year}: {fmt.value(indicator, result.latest_value)}"
    note = result.note
    if result.expected is not None and result.status != NO_DATA:
        note = f"{note}: {result.latest_year} erwartet {fmt.value(indicator, result.expected)}"
    return LinkStatus(
        link.indicator,
        link.lead,
        result.status,
        describe_target(link, result.baseline_value),
        current,
        note,
    )
