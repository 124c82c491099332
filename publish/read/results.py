"""What the read model answers with: plain dataclasses and the column lists of its frames."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from etl.catalogue import GoalLink

VALUE_COLUMNS = [
    "number",
    "name",
    "period",
    "year",
    "value",
    "value_text",
    "numerator",
    "denominator",
    "n",
    "suppressed",
]
PROFILE_COLUMNS = [
    "indicator",
    "title",
    "family",
    "unit",
    "direction",
    "period",
    "year",
    "value",
    "value_text",
    "suppressed",
    "city",
    "city_suppressed",
    "diff",
    "better",
]


@dataclass(frozen=True)
class ExplorerChoice:
    """A valid selection of the explorer and what could be chosen instead."""

    indicator: str
    level: str
    year: int | None
    breakdown: str
    indicators: list[str]
    levels: list[str]
    years: list[tuple[int, str]]  # (year, period label), ascending
    breakdowns: list[str]


@dataclass(frozen=True)
class ExplorerData:
    current: pd.DataFrame  # one row per unit of the level (units without a cell: value missing)
    city: dict[str, Any] | None  # the city's cell of the same year and breakdown
    series: pd.DataFrame  # all years: unit rows and the city's (number "0")


@dataclass(frozen=True)
class MeasureRow:
    title: str
    description: str | None
    department: str
    inferred: bool
    note: str | None
    status: str | None


@dataclass(frozen=True)
class GoalSummary:
    number: int
    key: str
    title: str
    statement: str
    measures: int
    departments: list[str]
    headline: str | None  # id of the first indicator linked to the goal (catalogue order)


@dataclass(frozen=True)
class GoalDetail:
    period: str
    number: int
    key: str
    title: str
    statement: str
    measures: list[MeasureRow]
    challenges: list[tuple[str, str | None]]
    keep: list[str]
    adapt: list[str]
    departments: pd.DataFrame  # department, count (from goals.measures)
    links: list[GoalLink] = field(default_factory=list)  # linked indicators with values

    @property
    def indicators(self) -> list[str]:
        """The ids of the linked indicators with values, in catalogue order."""
        return [link.indicator for link in self.links]

    @property
    def key_indicators(self) -> list[str]:
        """The goal's key indicators with values: the Leitindikator first, then the other
        key indicators in catalogue order."""
        keys = [link for link in self.links if link.lead or link.key]
        return [link.indicator for link in sorted(keys, key=lambda link: not link.lead)]

    def reason(self, indicator: str) -> str | None:
        """Why ``indicator`` is linked to the goal (one line from the catalogue)."""
        return next((link.reason for link in self.links if link.indicator == indicator), None)


# --- the data source --------------------------------------------------------------------------


def empty_profile() -> pd.DataFrame:
    return pd.DataFrame(columns=PROFILE_COLUMNS)
