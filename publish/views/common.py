"""What the view kinds share: :class:`ViewKind` (what a kind module declares), the checks of a
request (indicator, level, year, breakdown, goal period), the cells of one indicator on one
level and year (gathered and tabled alike for map, ranking and units), the goal behind the
department and measure views, and the helpers of their figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from etl.vocabulary import AREA_LEVELS, LEVEL
from indicators.indicator import Indicator
from indicators.registry import BY_ID
from publish import figures
from publish import formatting as fmt
from publish.read import ReadModel
from publish.tables import screen_frame
from publish.text import catalogue_citation, data_date, source_line
from publish.views.request import ExportError, ExportRequest, View, _ascii
from publish.views.table import (
    CITY_LABEL,
    Table,
    count_decimals,
    hint,
    place,
    plain_cell,
    records,
    value_cell,
)


@dataclass(frozen=True)
class Screen:
    """How a page shows the table of a view (``publish.tables.screen_frame``): the same cells,
    some columns left out or named shorter, some numbers with fewer decimals."""

    leave_out: tuple[str, ...] = ("Nr.",)  # the unit's number: the name heads the row
    rename: Mapping[str, str] | Callable[[Table], Mapping[str, str]] = field(default_factory=dict)
    at_most: Mapping[str, int] = field(default_factory=dict)  # column -> decimals on screen

    def frame(self, table: Table) -> tuple[pd.DataFrame, list[str]]:
        """The table as German text and the names of its numeric columns."""
        rename = dict(self.rename(table) if callable(self.rename) else self.rename)
        frame = screen_frame(table, self.leave_out, rename, dict(self.at_most))
        return frame, [rename.get(c, c) for c in table.decimals if c not in self.leave_out]


Figure = Callable[[View, str | None], tuple[go.Figure, int]]  # (view, title) -> (figure, height)


@dataclass(frozen=True)
class ViewKind:
    """One view kind, declared as ``KIND`` by its module in ``publish.views.kinds``."""

    key: str  # "ranking": the English key (code, CLI)
    title: str  # "Rangfolge": German name (messages, the page's ``art=`` parameter)
    gather: Callable[[ReadModel, ExportRequest], View]  # checked, completed (latest year …)
    table: Callable[[View], Table]  # the cells of its downloads and of the screen
    figure: Figure | None = None  # None: a table only
    aliases: tuple[str, ...] = ()
    by_level: bool = False  # the level is part of the file name
    by_period: bool = False  # the goal period is part of the file name
    stem_fields: tuple[str, ...] = ()  # further request fields in the file name (after level)
    note: Callable[[View], str] | None = None  # added to the unit line of an image
    screen: Screen = Screen()  # how a page shows its table

    @property
    def file_name(self) -> str:
        """The start of every file name of this kind ("rangfolge", "veraenderung")."""
        return _ascii(self.title).lower()


# --- checking a request -----------------------------------------------------------------------


def base(data: ReadModel) -> dict[str, Any]:
    """The fields every view carries: data date, synthetic or not."""
    return {"data_date": data_date(data), "synthetic": data.is_synthetic()}


def indicator_of(indicator_id: str | None) -> Indicator:
    if not indicator_id:
        raise ExportError("Es ist kein Indikator angegeben.")
    if indicator_id not in BY_ID:
        raise ExportError(f"Unbekannter Indikator {indicator_id!r}.")
    return BY_ID[indicator_id]


def years_of(data: ReadModel, indicator: Indicator, level: str) -> dict[int, str]:
    """The years with values of ``indicator`` on ``level`` (year -> label)."""
    if level not in LEVEL:
        raise ExportError(f"Unbekannte Raumebene {level!r}; möglich: " + ", ".join(LEVEL) + ".")
    years = dict(data.years(indicator.id, level))
    if not years:
        raise ExportError(
            f"Für „{indicator.title}“ gibt es auf der Ebene {fmt.level_title(level)} keine Werte."
        )
    return years


def pick_year(years: dict[int, str], year: int | None, indicator: Indicator) -> int:
    """The requested year, or the latest where none is given."""
    if year is None:
        return max(years)
    if year not in years:
        raise ExportError(
            f"Für „{indicator.title}“ gibt es kein Jahr {year}; vorhanden: "
            + ", ".join(years[y] for y in sorted(years))
            + "."
        )
    return year


def check_breakdown(
    data: ReadModel, indicator: Indicator, level: str, year: int | None, breakdown: str
) -> None:
    if not breakdown:
        return
    found = data.available()
    mask = (found["indicator"] == indicator.id) & (found["level"] == level)
    if year is not None:
        mask &= found["year"] == year
    known = sorted(set(found.loc[mask, "breakdown"]) - {""})
    if breakdown not in known:
        raise ExportError(
            f"Die Aufgliederung {breakdown!r} gibt es für „{indicator.title}“ hier nicht; "
            "vorhanden: " + (", ".join(known) if known else "keine") + "."
        )


def detail(breakdown: str) -> str:
    """ " (Geschlecht: weiblich)" after a title; nothing without a breakdown."""
    return f" ({fmt.breakdown_title(breakdown)})" if breakdown else ""


def has_suppressed(*columns: pd.Series) -> bool:
    return any(bool(column.fillna(False).astype(bool).any()) for column in columns)


def area(
    data: ReadModel, request: ExportRequest, what: str
) -> tuple[Indicator, str, dict[int, str]]:
    """The requested indicator, its level (one of the areas: ``what`` "gibt es" only there)
    and the years it has values on that level."""
    indicator = indicator_of(request.indicator)
    if request.level not in AREA_LEVELS:
        raise ExportError(f"{what} gibt es für Stadtbezirke, Ortsteile und Bezirke.")
    return indicator, request.level, years_of(data, indicator, request.level)


def with_period(data: ReadModel, request: ExportRequest) -> ExportRequest:
    """The request with its goal period: the latest in the database where none is given."""
    if request.period:
        return request
    latest = data.latest_period()
    if latest is None:
        raise ExportError("In der Datenbank ist keine Zielperiode erfasst.")
    return replace(request, period=latest)


def catalogue_line(data: ReadModel, period: str) -> str:
    """The source line of the goal catalogue of a period."""
    return source_line(catalogue_citation(data, period), data.is_synthetic())


# --- the cells of one indicator (map, ranking, units) -----------------------------------------


def cells_view(data: ReadModel, request: ExportRequest) -> View:
    """Every unit's cell of an indicator on one level, year and breakdown, and the city's."""
    indicator, level, years = area(data, request, "Karten und Rangfolgen")
    year = pick_year(years, request.year, indicator)
    check_breakdown(data, indicator, level, year, request.breakdown)
    cells = data.cells(indicator.id, level, year, request.breakdown)
    city = data.city_cell(indicator.id, year, request.breakdown)
    if request.unit and request.unit not in set(cells["number"]):
        raise ExportError(f"Die Einheit {request.unit!r} gibt es auf dieser Ebene nicht.")
    title = (
        f"{indicator.title} – {fmt.level_plural(level)} {years[year]}{detail(request.breakdown)}"
    )
    return View(
        request=replace(request, year=year),
        title=title,
        unit=fmt.unit_title(indicator),
        source=source_line(indicator.source, data.is_synthetic()),
        indicator=indicator,
        frame=cells,
        city=city,
        extra={
            "period": years[year],
            "suppressed": has_suppressed(cells["suppressed"])
            or bool(city and city.get("suppressed")),
        },
        **base(data),
    )


def cells_table(view: View) -> Table:
    """One row per unit and the city last: value, numerator, denominator and n where the
    indicator has them, and the hint."""
    indicator = view.indicator
    columns = ["Nr.", "Einheit", "Jahr", "Wert"]
    with_numerator = bool(indicator.numerator)
    with_denominator = bool(indicator.ratio and indicator.denominator)
    with_n = indicator.rule.kind != "none"
    if with_numerator:
        columns.append("Zähler")
    if with_denominator:
        columns.append("Nenner")
    if with_n:
        columns.append("Fallzahl (n)")
    columns.append("Hinweis")
    rows_in = records(view.frame)
    if view.city:
        city = {k: (None if fmt.is_missing(v) else v) for k, v in view.city.items()}
        rows_in.append({**city, "number": "0", "name": CITY_LABEL})
    rows = []
    period = view.extra.get("period", "")
    for row in rows_in:
        line = [row.get("number") or "", row.get("name") or "", row.get("period") or period]
        line.append(value_cell(indicator, row))
        if with_numerator:
            line.append(plain_cell(row, "numerator"))
        if with_denominator:
            line.append(plain_cell(row, "denominator"))
        if with_n:
            line.append(plain_cell(row, "n", 0))
        line.append(hint(row))
        rows.append(line)
    decimals = {"Wert": indicator.decimals, "Fallzahl (n)": 0}
    for name, key in (("Zähler", "numerator"), ("Nenner", "denominator")):
        decimals[name] = count_decimals([r.get(key) for r in rows_in])
    return Table(
        title=view.title,
        columns=columns,
        rows=rows,
        decimals=decimals,
        indicators=[indicator],
        metadata=place(view),
        suffixes={"Wert": indicator.unit.suffix},
    )


# On screen the year is in the caption and the unit's number heads the row; short headers and
# numerators with one decimal keep the table as narrow as the page's column.
CELLS_SCREEN = Screen(
    leave_out=("Jahr",), rename={"Fallzahl (n)": "n"}, at_most={"Zähler": 1, "Nenner": 1}
)


# --- a goal of the catalogue (departments, measures) ------------------------------------------


def goal_view(data: ReadModel, request: ExportRequest, what: str) -> View:
    """One goal of a period with its measures and the departments naming them (``what``: the
    title's words for what is counted)."""
    request = with_period(data, request)
    if not request.goal:
        raise ExportError("Es ist kein Handlungsziel angegeben.")
    found = data.goal(request.period, request.goal)
    if found is None:
        known = ", ".join(g.key for g in data.goals(request.period)) or "keine"
        raise ExportError(
            f"Das Handlungsziel {request.goal!r} gibt es in der Zielperiode {request.period} "
            f"nicht; vorhanden: {known}."
        )
    return View(
        request=request,
        title=f"Handlungsziel {found.number} {found.title}: {what} nach Arbeitsbereichen",
        unit="Anzahl der Nennungen",
        source=catalogue_line(data, request.period),
        frame=found.departments,
        extra={"detail": found, "suppressed": False},
        **base(data),
    )


def goal_metadata(view: View) -> list[tuple[str, str]]:
    found = view.extra["detail"]
    return [
        ("Handlungsziel", f"{found.number} {found.title}"),
        ("Zielformulierung", found.statement),
        ("Zielperiode", found.period),
    ]


# --- figures ----------------------------------------------------------------------------------

HEIGHT = 675  # logical pixels of a chart on its own
HIGHLIGHT = figures.WORSE  # Okabe-Ito orange: a highlighted unit's bar


def rows_height(rows: int, per_row: int = 24, base: int = 200) -> int:
    """The image height for ``rows`` bars (at least a chart's own height)."""
    return max(HEIGHT, base + per_row * rows)


def unit_name(view: View) -> str | None:
    """The name of the unit the request highlights (``unit``), if any."""
    number = view.request.unit
    if not number:
        return None
    found = view.frame.loc[view.frame["number"] == number, "name"]
    return None if found.empty else str(found.iloc[0])


def highlight(fig: go.Figure, name: str | None) -> None:
    """Mark one unit's bar: another colour (a thick outline where the bars carry colour
    classes) and its name in bold with "▶" (not colour alone)."""
    if not name:
        return
    for trace in fig.data:
        if not isinstance(trace, go.Bar):
            continue
        categories = list(trace.y if trace.orientation == "h" else trace.x)
        if name not in categories:
            continue
        base_colour = trace.marker.color
        if isinstance(base_colour, list | tuple):  # colour classes: keep the class, outline it
            widths = [0.5] * len(categories)
            widths[categories.index(name)] = 3
            trace.marker.line = dict(color=figures.TEXT, width=widths)
            continue
        colours = [base_colour] * len(categories)
        colours[categories.index(name)] = HIGHLIGHT
        trace.marker.color = colours
    axis = "yaxis" if any(getattr(t, "orientation", None) == "h" for t in fig.data) else "xaxis"
    order = list(fig.layout[axis].categoryarray or [])
    if name in order:
        fig.layout[axis].tickmode = "array"
        fig.layout[axis].tickvals = order
        fig.layout[axis].ticktext = [f"<b>▶ {n}</b>" if n == name else n for n in order]
