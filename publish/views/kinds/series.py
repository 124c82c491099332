"""Zeitverlauf: one indicator over all its years, every unit of the level and the city.
Request: indicator, level, breakdown, units (drawn in colour; the others grey)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import plotly.graph_objects as go

from publish import figures
from publish import formatting as fmt
from publish.read import ExplorerChoice, ReadModel
from publish.text import source_line
from publish.views.common import (
    HEIGHT,
    ViewKind,
    area,
    base,
    check_breakdown,
    detail,
    has_suppressed,
)
from publish.views.request import ExportError, ExportRequest, View
from publish.views.table import CITY_LABEL, Table, place, records, value_cell


def gather(data: ReadModel, request: ExportRequest) -> View:
    indicator, level, years = area(data, request, "Zeitverläufe")
    check_breakdown(data, indicator, level, None, request.breakdown)
    latest = max(years)
    choice = ExplorerChoice(indicator.id, level, latest, request.breakdown, [], [], [], [])
    found = data.explorer(choice)
    numbers = set(found.current["number"])
    unknown = [u for u in request.units if u not in numbers]
    if unknown:
        raise ExportError("Unbekannte Einheiten auf dieser Ebene: " + ", ".join(unknown) + ".")
    series = found.series
    first, last = years[min(years)], years[latest]
    span = first if first == last else f"{first} bis {last}"
    return View(
        request=replace(request, year=None),
        title=f"{indicator.title} – {fmt.level_plural(level)} und Herne, {span}"
        f"{detail(request.breakdown)}",
        unit=fmt.unit_title(indicator),
        source=source_line(indicator.source, data.is_synthetic()),
        indicator=indicator,
        frame=series,
        extra={
            "years": years,
            "names": dict(zip(found.current["number"], found.current["name"], strict=True)),
            "suppressed": has_suppressed(series["suppressed"]),
        },
        **base(data),
    )


def table(view: View) -> Table:
    """One row per unit (the city last), one column per year."""
    indicator = view.indicator
    years: dict[int, str] = view.extra["years"]
    ordered = sorted(years)
    labels = [years[y] for y in ordered]
    names = dict(view.extra["names"])
    numbers = [n for n in names if n != "0"] + ["0"]
    names["0"] = CITY_LABEL
    cells = {(r["number"], int(r["year"])): r for r in records(view.frame)}
    rows = []
    for number in numbers:
        line: list[Any] = [number, names.get(number, number)]
        for year in ordered:
            cell = cells.get((number, year))
            line.append(fmt.MISSING if cell is None else value_cell(indicator, cell))
        rows.append(line)
    return Table(
        title=view.title,
        columns=["Nr.", "Einheit", *labels],
        rows=rows,
        decimals=dict.fromkeys(labels, indicator.decimals),
        indicators=[indicator],
        metadata=place(view),
        suffixes=dict.fromkeys(labels, indicator.unit.suffix),
    )


def figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    return figures.time_series(view.frame, view.indicator, view.request.units, title), HEIGHT


KIND = ViewKind("series", "Zeitverlauf", gather, table, figure, by_level=True)
