"""Stadtteile im Überblick: every unit of a level against the city on the Leitindikatoren of a
goal period's goals, as a grid of deviations in the favourable direction (positive: more
favourable than Herne), with the number of goals on which a unit is less favourable.

Only published values are compared: a withheld value of the unit, or the city's, gives "•" and
never a number, so no deviation can reveal a withheld value. Rules (shown on the page and in
the downloads):

- a column is a goal's Leitindikator (the app's headline indicator of the goal: the lead, or
  the first linked indicator with values); it is left out where it cannot be judged (a sum, no
  favourable direction) or has no values on the level; two goals sharing one are one column;
- a column shows the indicator's latest year on the level, or with a year asked for, its latest
  year up to that one (each column names its year);
- a cell's colour class is the map's "Abweichung von Herne" (``publish.figures.classes``:
  "etwa wie Herne" under 2 Pp., "deutlich" from 5 Pp., other units by their own steps); a unit
  counts as less favourable on a goal when its class is below "etwa wie Herne", and it is
  flagged when that holds for at least ``MIN_UNFAVOURABLE`` goals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from etl.vocabulary import HIGHER, LOWER
from indicators.indicator import Indicator
from publish import deviation
from publish import formatting as fmt
from publish.figures.heat import tone

MIN_UNFAVOURABLE = 3
SORTS = {"nummer": "Nummer", "name": "Name", "unguenstig": "ungünstig bei den meisten Zielen"}
DEFAULT_SORT = "nummer"


@dataclass(frozen=True)
class Column:
    indicator: Indicator
    goals: tuple[int, ...]  # numbers of the goals it leads
    year: int
    period: str  # "2024/25"

    @property
    def goal_label(self) -> str:
        return "Ziel " + ", ".join(str(g) for g in self.goals)

    @property
    def label(self) -> str:
        """ "Ziel 1: KOMPIK-Abdeckung (2024)" (a header of the download)."""
        return f"{self.goal_label}: {self.indicator.title} ({self.period})"


@dataclass(frozen=True)
class Cell:
    state: str  # "better", "worse", "same", "suppressed", "missing"
    value: float | None  # the rounded deviation, favourable positive (None: "•" or "–")
    text: str  # "+3,2 Pp.", "0,0 Pp.", "•", "–"
    tone: int | None  # colour class -2 … 2 (publish.figures.heat); None for "•" and "–"
    note: str  # a plain sentence: both values and the verdict, or why there is no number


@dataclass(frozen=True)
class GridRow:
    number: str
    name: str
    cells: tuple[Cell, ...]  # one per column
    unfavourable: int  # goals on which the unit is less favourable than the city
    judged: int  # goals with a number for the unit

    @property
    def flagged(self) -> bool:
        return self.unfavourable >= MIN_UNFAVOURABLE

    def count_text(self) -> str:
        return f"{self.unfavourable} von {self.judged}"


@dataclass(frozen=True)
class Grid:
    level: str
    columns: tuple[Column, ...]
    rows: tuple[GridRow, ...]  # in number order
    left_out: tuple[str, ...]  # "Ziel 7 (Note Information): auf dieser Ebene keine Werte"

    @property
    def suppressed(self) -> bool:
        return any(c.state == "suppressed" for r in self.rows for c in r.cells)


def _year(years: Sequence[int], wanted: int | None) -> int | None:
    eligible = [y for y in years if wanted is None or y <= wanted]
    return max(eligible) if eligible else None


def columns_of(
    leads: Sequence[tuple[int, Indicator]], areas: pd.DataFrame, year: int | None
) -> tuple[list[Column], list[str]]:
    """The columns for the goals' Leitindikatoren (goal number, indicator) and the goals left
    out with the reason. ``areas``: the level's totals (indicator, year, period, ...)."""
    found: dict[str, Column] = {}
    left_out = []
    for number, indicator in leads:
        name = f"Ziel {number} ({indicator.title})"
        if indicator.id in found:  # two goals sharing a Leitindikator: one column
            column = found[indicator.id]
            found[indicator.id] = Column(
                indicator, (*column.goals, number), column.year, column.period
            )
            continue
        if not indicator.ratio:
            left_out.append(f"{name}: eine Summe, kein Vergleich mit der Stadt")
            continue
        if indicator.direction not in (HIGHER, LOWER):
            left_out.append(f"{name}: ohne Bewertungsrichtung")
            continue
        own = areas[areas["indicator"] == indicator.id]
        if own.empty:
            left_out.append(f"{name}: auf dieser Ebene keine Werte")
            continue
        chosen = _year(sorted(int(y) for y in own["year"].unique()), year)
        if chosen is None:
            left_out.append(f"{name}: Werte erst nach {year}")
            continue
        period = str(own.loc[own["year"] == chosen, "period"].iloc[0])
        found[indicator.id] = Column(indicator, (number,), chosen, period)
    return list(found.values()), left_out


def _cell(column: Column, name: str, own: dict | None, city: dict | None) -> Cell:
    indicator = column.indicator
    if own is not None and own.get("suppressed"):
        return Cell("suppressed", None, fmt.SUPPRESSED, None, f"{name}: {fmt.suppressed_note()}")
    value = None if own is None else own.get("value")
    if fmt.is_missing(value):
        return Cell("missing", None, fmt.MISSING, None, f"{name}: {fmt.MISSING_MEANING}")
    if city is not None and city.get("suppressed"):  # the deviation would reveal the city's
        return Cell("suppressed", None, fmt.SUPPRESSED, None, "Wert für Herne gesperrt")
    reference = None if city is None else city.get("value")
    if fmt.is_missing(reference):
        return Cell("missing", None, fmt.MISSING, None, f"Herne: {fmt.MISSING_MEANING}")
    better = deviation.favourable(indicator, value, reference)
    shown = deviation.shown(indicator, better)
    state = {deviation.BETTER: "better", deviation.WORSE: "worse"}.get(
        deviation.verdict(indicator, better), "same"
    )
    text = deviation.number(indicator, better)
    sentence = deviation.sentence(indicator, name, value, reference)
    return Cell(state, shown, text, tone(indicator, value, city), sentence)


def district_grid(
    level: str,
    units: pd.DataFrame,
    areas: pd.DataFrame,
    city: pd.DataFrame,
    leads: Sequence[tuple[int, Indicator]],
    year: int | None = None,
) -> Grid:
    """The grid of one level. ``units``: number, name of the level's units; ``areas`` and
    ``city``: totals of the level and of the city (indicator, number, year, period, value,
    suppressed); ``leads``: (goal number, Leitindikator) in goal order."""
    columns, left_out = columns_of(leads, areas, year)
    cells: dict[str, list[Cell]] = {str(n): [] for n in units["number"]}
    names = dict(zip(units["number"].astype(str), units["name"], strict=True))
    for column in columns:
        mine = areas[(areas["indicator"] == column.indicator.id) & (areas["year"] == column.year)]
        by_unit = {str(r["number"]): r for r in mine.to_dict("records")}
        town = city[(city["indicator"] == column.indicator.id) & (city["year"] == column.year)]
        reference = town.iloc[0].to_dict() if not town.empty else None
        for number in cells:
            cells[number].append(_cell(column, names[number], by_unit.get(number), reference))
    rows = []
    for number, own in cells.items():
        unfavourable = sum(
            # unfavourable beyond "etwa wie Herne", by the same thresholds as the map's classes
            len(c.goals)
            for c, x in zip(columns, own, strict=True)
            if x.tone is not None and x.tone < 0
        )
        judged = sum(len(c.goals) for c, x in zip(columns, own, strict=True) if x.value is not None)
        rows.append(GridRow(number, names[number], tuple(own), unfavourable, judged))
    return Grid(level, tuple(columns), tuple(rows), tuple(left_out))


def sort_keys(grid: Grid) -> dict[str, str]:
    """The orders a grid can be shown in (key -> German label): number, name, the count of
    goals, and each column (least favourable first)."""
    found = dict(SORTS)
    for column in grid.columns:
        found[column.indicator.id] = f"{column.goal_label}: {column.indicator.title}"
    return found


def sorted_rows(grid: Grid, key: str) -> tuple[GridRow, ...]:
    """The rows in the order ``key`` (see :func:`sort_keys`; unknown: number order).
    A column sorts the least favourable first and units without a number last."""
    rows = list(grid.rows)
    if key == "name":
        return tuple(sorted(rows, key=lambda r: r.name.casefold()))
    if key == "unguenstig":
        return tuple(sorted(rows, key=lambda r: (-r.unfavourable, r.judged, r.name.casefold())))
    ids = [c.indicator.id for c in grid.columns]
    if key in ids:
        index = ids.index(key)

        def by_value(row: GridRow) -> tuple:
            value = row.cells[index].value
            return (value is None, value if value is not None else 0.0)

        return tuple(sorted(rows, key=by_value))
    return tuple(rows)
