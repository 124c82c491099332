"""Zusammenhang: two indicators against each other, one point per unit. Request: indicator
(x axis), indicator_y, level, year (None: the latest common year)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from etl.vocabulary import LEVEL
from publish import figures
from publish import formatting as fmt
from publish.figures.scatter import plotted
from publish.read import ReadModel
from publish.text import source_line
from publish.views.common import (
    HEIGHT,
    ViewKind,
    area,
    base,
    has_suppressed,
    indicator_of,
    years_of,
)
from publish.views.request import ExportError, ExportRequest, View
from publish.views.table import CITY_LABEL, Table, records, value_cell

MIN_POINTS = 5  # below this a correlation says nothing; none is shown
CORRELATION_NONE = f"keine Korrelation (weniger als {MIN_POINTS} Einheiten mit Werten)"
CORRELATION_NOTE = (
    "Pearson-Korrelation über die dargestellten Einheiten (nur veröffentlichte Werte); sie "
    "beschreibt einen Zusammenhang zwischen Gebieten, keine Ursache und nichts über Personen."
)


def gather(data: ReadModel, request: ExportRequest) -> View:
    x, level, years_x = area(data, request, "Zusammenhänge")
    y = indicator_of(request.indicator_y)
    years_y = years_of(data, y, level)
    common = sorted(set(years_x) & set(years_y))
    if not common:
        raise ExportError("Die beiden Indikatoren haben auf dieser Ebene kein gemeinsames Jahr.")
    year = common[-1] if request.year is None else request.year
    if year not in common:
        raise ExportError(
            "Gemeinsame Jahre der beiden Indikatoren: " + ", ".join(map(str, common)) + "."
        )
    pair = data.pair(x.id, y.id, level, year)
    label = years_x[year] if years_x[year] == years_y[year] else f"{years_x[year]}/{years_y[year]}"
    sources = x.source if x.source == y.source else f"{x.source}; {y.source}"
    return View(
        request=replace(request, year=year),
        title=f"{y.title} und {x.title} – {fmt.level_plural(level)} {label}",
        unit=f"x: {fmt.unit_title(x)}, y: {fmt.unit_title(y)}",
        source=source_line(sources, data.is_synthetic()),
        indicator=x,
        frame=pair,
        extra={
            "y": y,
            "period": label,
            "city_x": data.city_cell(x.id, year),
            "city_y": data.city_cell(y.id, year),
            "suppressed": has_suppressed(pair["suppressed_x"], pair["suppressed_y"]),
            "correlation": correlation_text(pair, level),
        },
        **base(data),
    )


def correlation(pair: pd.DataFrame) -> tuple[float, int] | None:
    """Pearson's r over the drawn units (published values only, so it reveals nothing
    withheld) and their number; None with fewer than MIN_POINTS units or no variation."""
    usable = plotted(pair)
    if len(usable) < MIN_POINTS:
        return None
    r = usable["value_x"].astype(float).corr(usable["value_y"].astype(float))
    return None if pd.isna(r) else (float(r), len(usable))


def correlation_text(pair: pd.DataFrame, level: str) -> str | None:
    """ "Korrelation r = −0,62 (stark, gegenläufig) über 13 Ortsteile" or None."""
    found = correlation(pair)
    if found is None:
        return None
    r, n = found
    strength = "schwach" if abs(r) < 0.3 else "mittel" if abs(r) < 0.6 else "stark"
    way = "gleichläufig" if r > 0 else "gegenläufig"
    number = fmt.number(r, 2).replace("-", "−")
    return f"Korrelation r = {number} ({strength}, {way}) über {n} {LEVEL[level].dative}"


def table(view: View) -> Table:
    x, y = view.indicator, view.extra["y"]
    rows = []
    for row in records(view.frame):
        cell_x = {"value": row["value_x"], "suppressed": row["suppressed_x"]}
        cell_y = {"value": row["value_y"], "suppressed": row["suppressed_y"]}
        notes = []
        if row["suppressed_x"]:
            notes.append(f"{x.title} {fmt.suppressed_note()}")
        if row["suppressed_y"]:
            notes.append(f"{y.title} {fmt.suppressed_note()}")
        rows.append(
            [
                row["number"],
                row["name"],
                value_cell(x, cell_x),
                value_cell(y, cell_y),
                "; ".join(notes),
            ]
        )
    city_x, city_y = view.extra["city_x"] or {}, view.extra["city_y"] or {}
    rows.append(
        [
            "0",
            CITY_LABEL,
            value_cell(x, city_x) if city_x else fmt.MISSING,
            value_cell(y, city_y) if city_y else fmt.MISSING,
            "",
        ]
    )
    col_x, col_y = f"{x.title} ({x.unit.label})", f"{y.title} ({y.unit.label})"
    if col_x == col_y:
        col_y += " "
    return Table(
        title=view.title,
        columns=["Nr.", "Einheit", col_x, col_y, "Hinweis"],
        rows=rows,
        decimals={col_x: x.decimals, col_y: y.decimals},
        indicators=[x, y],
        metadata=[
            ("Raumebene", fmt.level_title(view.request.level)),
            ("Jahr", view.extra["period"]),
            ("Zusammenhang", view.extra["correlation"] or CORRELATION_NONE),
            ("Hinweis", CORRELATION_NOTE),
        ],
    )


def figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    extra = view.extra
    fig = figures.scatter(
        view.frame,
        view.indicator,
        extra["y"],
        extra["city_x"],
        extra["city_y"],
        title,
        note=extra["correlation"],
    )
    return fig, HEIGHT


KIND = ViewKind("scatter", "Zusammenhang", gather, table, figure, by_level=True)
