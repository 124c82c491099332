"""What an indicator is: its declaration (``Indicator``) and how its value is formed (``Kind``).

The declarations themselves live next to their computation, one module per source family in
``indicators/families/``; ``indicators/registry.py`` collects them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from etl import german
from etl.vocabulary import LEVEL_KEYS, Family, Unit
from indicators.disclosure import CellRule


@dataclass(frozen=True)
class Kind:
    """How the value of a cell is formed from the sums of its records.

    ``ratio``: value = numerator / denominator * scale, else the numerator itself (a sum such as
    posts). ``aggregation``: how records add up to a cell ("sum", or "min" for the earliest
    date). ``text``: the value is shown as text made from the aggregated number (a date); such a
    cell stores no numerator, denominator or n.
    """

    key: str
    ratio: bool
    aggregation: str = "sum"
    text: Callable[[float], str] | None = None


def day_text(day: float) -> str:
    """A day number (``date.toordinal()``) as TT.MM.JJJJ."""
    return german.date(dt.date.fromordinal(int(day)))


RATIO = Kind("ratio", ratio=True)  # a share or rate: numerator / denominator * scale
MEAN = Kind("mean", ratio=True)  # a mean: sum of the values / records with a value (scale 1)
SUM = Kind("sum", ratio=False)  # a sum of the records (posts, counts)
EARLIEST_DATE = Kind("earliest_date", ratio=False, aggregation="min", text=day_text)
KINDS: tuple[Kind, ...] = (RATIO, MEAN, SUM, EARLIEST_DATE)


@dataclass(frozen=True)
class Indicator:
    """One indicator: what the number means, where it comes from, how it is formed, on which
    levels and breakdowns it exists and which rule protects it.

    Its record-level columns are ``num(indicator)`` and ``den(indicator)`` (see
    ``indicators.families``), computed by the module of its ``family``.
    """

    id: str
    title: str
    definition: str
    source: str
    inputs: tuple[str, ...]  # etl sources it is computed from: rebuilt when one of them changes
    numerator: str
    denominator: str
    unit: Unit
    scale: float  # value = numerator / denominator * scale (a kind without ratio: the numerator)
    direction: str
    rule: CellRule
    levels: tuple[str, ...] = LEVEL_KEYS
    breakdowns: tuple[str, ...] = ()
    notes: str = ""
    decimals: int = 1
    kind: Kind = RATIO
    family: Family | None = None  # None: a custom indicator (e.g. in a notebook)
    # A value above it cannot be true of the persons counted (participation above 100 %): it
    # shows that numerator and denominator do not cover the same people. Flagged, not changed.
    ceiling: float | None = None

    @property
    def ratio(self) -> bool:
        """Whether the value is numerator / denominator (else the numerator or a text)."""
        return self.kind.ratio


def declarer(family: Family, **defaults: Any) -> Callable[..., Indicator]:
    """A constructor of ``family``'s indicators: ``declare(key, title, definition, **fields)``
    gives the indicator "<prefix>.<key>" with the family's sources as inputs and ``defaults``
    for every field not given."""

    def declare(key: str, title: str, definition: str, **fields: Any) -> Indicator:
        values = {"inputs": family.sources, **defaults, **fields}
        return Indicator(f"{family.prefix}.{key}", title, definition, family=family, **values)

    return declare
