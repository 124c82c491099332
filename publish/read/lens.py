"""The social context as a lens: which areas lag behind the city on several goals'
Leitindikatoren and are, at the same time, high on need by the Sozialindex.

Only published values are compared (a withheld value counts as missing), so a flag never reveals
a withheld value. Rules (shown on the Übersicht and in Methodik):

- an area lags on a Leitindikator when its latest published value is less favourable than the
  city's of the same year (indicators without a favourable direction are not judged);
- it is high on need when its Sozialindex (latest year) is less favourable than the median of
  the areas of its level;
- it is flagged when both hold and it lags on at least ``MIN_LAGGING`` Leitindikatoren.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from etl.vocabulary import HIGHER, LOWER
from indicators.indicator import Indicator

SOCIAL_INDEX = "social.index"
SGB2_RATE = "social.sgb2_under15"
MIN_LAGGING = 2


@dataclass(frozen=True)
class NeedFlag:
    number: str
    name: str
    lagging: tuple[str, ...]  # titles of the Leitindikatoren where the area is behind the city
    judged: int  # Leitindikatoren with a published value for the area and the city
    index: float  # the area's Sozialindex

    def text(self) -> str:
        return (
            f"ungünstiger als die Stadt bei {len(self.lagging)} von {self.judged} "
            f"Leitindikatoren ({', '.join(self.lagging)})"
        )


def _worse(value: float, reference: float, direction: str) -> bool:
    if direction == HIGHER:
        return value < reference
    if direction == LOWER:
        return value > reference
    return False


def _latest_published(frame: pd.DataFrame, indicator: str) -> pd.DataFrame:
    own = frame[(frame["indicator"] == indicator) & ~frame["suppressed"] & frame["value"].notna()]
    if own.empty:
        return own
    return own[own["year"] == own["year"].max()]


def need_flags(
    areas: pd.DataFrame,
    city: pd.DataFrame,
    names: pd.DataFrame,
    leads: Iterable[Indicator],
    index: Indicator,
) -> list[NeedFlag]:
    """Flagged areas, those lagging on most Leitindikatoren first. ``areas`` and ``city``: the
    totals of the level and of the city (columns indicator, number, year, value, suppressed);
    ``names``: number, name of the level's units."""
    social = _latest_published(areas, index.id)
    if social.empty or index.direction not in (HIGHER, LOWER):
        return []
    median = float(social["value"].median())
    needy = {
        str(r.number): float(r.value)
        for r in social.itertuples()
        if _worse(float(r.value), median, index.direction)
    }
    lagging: dict[str, list[str]] = {number: [] for number in needy}
    judged: dict[str, int] = dict.fromkeys(needy, 0)
    for lead in {lead.id: lead for lead in leads}.values():  # two goals may share a lead
        if lead.direction not in (HIGHER, LOWER):
            continue
        own = _latest_published(areas, lead.id)
        if own.empty:
            continue
        year = int(own["year"].iloc[0])
        town = city[(city["indicator"] == lead.id) & (city["year"] == year) & ~city["suppressed"]]
        if town.empty or pd.isna(town["value"].iloc[0]):
            continue
        reference = float(town["value"].iloc[0])
        for r in own.itertuples():
            number = str(r.number)
            if number not in needy:
                continue
            judged[number] += 1
            if _worse(float(r.value), reference, lead.direction):
                lagging[number].append(lead.title)
    name_of = dict(zip(names["number"].astype(str), names["name"], strict=True))
    flags = [
        NeedFlag(number, name_of.get(number, number), tuple(titles), judged[number], needy[number])
        for number, titles in lagging.items()
        if len(titles) >= MIN_LAGGING
    ]
    return sorted(flags, key=lambda f: (-len(f.lagging), f.name))
