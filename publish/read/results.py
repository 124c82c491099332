"""What the read model answers with: plain dataclasses and the column lists of its frames."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from etl.catalogue import GoalLink, Predecessor

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
    inferred: bool  # the department is inferred from the text (or none could be given)
    evidence: str | None  # where the department comes from, or why none
    status: str | None
    from_survey: bool = False  # named by the department in the Maßnahmen-Abfrage
    target_group: str | None = None
    districts: str | None = None


@dataclass(frozen=True)
class FeedbackItem:
    text: str  # as printed; sub-points are lines starting with "- "
    requests_change: bool = False  # a "keep" item whose wording asks for a change


# Columns of GoalDetail.departments: per department the measures named in the Abfrage
# ("from_survey") and those reconstructed from the printed catalogue ("reconstructed").
DEPARTMENT_COLUMNS = ["department", "count", "from_survey", "reconstructed"]


@dataclass(frozen=True)
class GoalSummary:
    number: int
    key: str
    title: str
    statement: str
    measures: int
    departments: list[str]
    headline: str | None  # the Leitindikator (or the first linked indicator) with values
    status: str | None = None  # neu, beibehalten, angepasst (None: the first period)
    gaps: list[tuple[str, str]] = field(default_factory=list)  # (topic, sources)


@dataclass(frozen=True)
class GoalDetail:
    period: str
    number: int
    key: str
    title: str
    statement: str
    measures: list[MeasureRow]
    challenges: list[tuple[str, str | None]]
    keep: list[FeedbackItem]
    adapt: list[FeedbackItem]
    departments: pd.DataFrame  # DEPARTMENT_COLUMNS, most measures first
    links: list[GoalLink] = field(default_factory=list)  # linked indicators with values
    gaps: list[tuple[str, str]] = field(default_factory=list)  # (topic, sources) without data
    status: str | None = None  # neu, beibehalten, angepasst (None: the first period)
    predecessor: Predecessor | None = None
    # department, previous (the predecessor's measures), current; None without predecessor
    department_change: pd.DataFrame | None = None
    targeted: list[GoalLink] = field(
        default_factory=list
    )  # links with a target, with or without values

    @property
    def indicators(self) -> list[str]:
        """The ids of the linked indicators with values, the Leitindikator first."""
        return [link.indicator for link in self.links]

    @property
    def key_indicators(self) -> list[str]:
        """The goal's key indicators with values: the Leitindikator first, then the other
        key indicators in catalogue order."""
        keys = [link for link in self.links if link.lead or link.key]
        return [link.indicator for link in sorted(keys, key=lambda link: not link.lead)]

    @property
    def lead(self) -> str | None:
        return next((link.indicator for link in self.links if link.lead), None)

    @property
    def supporting_keep(self) -> list[FeedbackItem]:
        """Keep items that do not ask for a change: the support for keeping the goal."""
        return [item for item in self.keep if not item.requests_change]

    @property
    def from_survey(self) -> bool:
        """True when some counts by department are Nennungen of the Maßnahmen-Abfrage."""
        return bool(self.departments["from_survey"].sum()) if len(self.departments) else False

    @property
    def reconstructed(self) -> bool:
        """True when some counts by department are reconstructed from the printed measures."""
        return bool(self.departments["reconstructed"].sum()) if len(self.departments) else False

    def lineage_text(self) -> str | None:
        """ "beibehalten; Vorgänger: Handlungsziel 3 Schulsozialarbeit (2013-2017)" (None in a
        period without goal status, e.g. the first one)."""
        if self.status is None and self.predecessor is None:
            return None
        status = f"Status: {self.status}" if self.status else "Status: –"
        before = self.predecessor
        if before is None:
            return f"{status}; ohne Vorgänger"
        return (
            f"{status}; Vorgänger: Handlungsziel {before.number} {before.title} ({before.period})"
        )

    def gap_texts(self) -> list[str]:
        """ "Übergänge Schule–Beruf: Datenquelle fehlt (Schulabgänge, Übergangsbereich)"."""
        return [f"{topic}: Datenquelle fehlt ({sources})" for topic, sources in self.gaps]

    def reason(self, indicator: str) -> str | None:
        """Why ``indicator`` is linked to the goal (one line from the catalogue)."""
        return next((link.reason for link in self.links if link.indicator == indicator), None)


# --- the data source --------------------------------------------------------------------------


def empty_profile() -> pd.DataFrame:
    return pd.DataFrame(columns=PROFILE_COLUMNS)
