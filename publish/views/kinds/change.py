"""Veränderung: one indicator's change between two years, unit by unit. Request: indicator,
level, year_from, year (None: the first and the latest year)."""

from __future__ import annotations

from dataclasses import replace

import plotly.graph_objects as go

from etl.vocabulary import LEVEL, PERCENT
from publish import figures
from publish import formatting as fmt
from publish.read import ReadModel
from publish.text import source_line
from publish.views.common import (
    Screen,
    ViewKind,
    area,
    base,
    has_suppressed,
    pick_year,
    rows_height,
)
from publish.views.request import ExportRequest, View
from publish.views.table import Table, place, records, rounded, value_cell


def gather(data: ReadModel, request: ExportRequest) -> View:
    indicator, level, years = area(data, request, "Veränderungen")
    second = pick_year(years, request.year, indicator)
    first = min(years) if request.year_from is None else request.year_from
    first = pick_year(years, first, indicator)
    change = data.change(indicator.id, level, first, second)
    return View(
        request=replace(request, year=second, year_from=first),
        title=f"{indicator.title}: Veränderung {years[first]} → {years[second]} nach "
        f"{LEVEL[level].dative}",
        unit="Prozentpunkte" if indicator.unit is PERCENT else fmt.unit_title(indicator),
        source=source_line(indicator.source, data.is_synthetic()),
        indicator=indicator,
        frame=change,
        extra={
            "first": years[first],
            "second": years[second],
            "suppressed": has_suppressed(change["suppressed_1"], change["suppressed_2"]),
        },
        **base(data),
    )


def table(view: View) -> Table:
    indicator = view.indicator
    first, second = view.extra["first"], view.extra["second"]
    rows = []
    for row in records(view.frame):
        hidden = row["suppressed_1"] or row["suppressed_2"]
        notes = [
            f"{label} {fmt.suppressed_note()}"
            for suffix, label in (("_1", first), ("_2", second))
            if row[f"suppressed{suffix}"]
        ]
        diff = rounded(row["diff"], indicator.decimals)
        rows.append(
            [
                row["number"],
                row["name"],
                value_cell(indicator, {"value": row["value_1"], "suppressed": row["suppressed_1"]}),
                value_cell(indicator, {"value": row["value_2"], "suppressed": row["suppressed_2"]}),
                fmt.SUPPRESSED if hidden else (fmt.MISSING if diff is None else diff),
                "; ".join(notes),
            ]
        )
    unit = indicator.unit
    change = unit.difference_name
    return Table(
        title=view.title,
        columns=["Nr.", "Einheit", first, second, change, "Hinweis"],
        rows=rows,
        decimals=dict.fromkeys((first, second, change), indicator.decimals),
        indicators=[indicator],
        metadata=place(view),
        suffixes={first: unit.suffix, second: unit.suffix, change: unit.difference_suffix},
        signed=(change,),
    )


def screen_rename(table: Table) -> dict[str, str]:
    """ "Veränderung" for "Veränderung (Prozentpunkte)": the cells say "+1,2 Pp."."""
    return dict.fromkeys(table.signed, "Veränderung")


def figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    extra = view.extra
    fig = figures.change_bars(view.frame, view.indicator, extra["first"], extra["second"], title)
    return fig, rows_height(len(view.frame))


KIND = ViewKind(
    "change", "Veränderung", gather, table, figure, by_level=True, stem_fields=("year_from",),
    screen=Screen(rename=screen_rename),
)  # fmt: skip
