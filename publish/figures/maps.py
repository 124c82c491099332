"""Maps: the schematic tile map and the choropleth of a supplied GeoJSON, coloured by classes
with a meaning (``publish.figures.classes``: by default the deviation from the city's value in
the indicator's favourable direction), with the classes' legend in words inside the figure."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from indicators.indicator import Indicator
from publish.figures.classes import DEFAULT_MODE, DIVERGING, SEQUENTIAL, Classes, classify
from publish.figures.style import (
    HOVER,
    MISSING_FILL,
    OUTLINE,
    SUPPRESSED_FILL,
    TEXT,
    _records,
    _wrap,
    add_class_legend,
    cell_text,
    class_legend_height,
    empty,
    hover_text,
    new_figure,
)

PALE = (DIVERGING[2], SEQUENTIAL[0])  # class colours close to the white background


def discrete_scale(colours: list[str]) -> list[list]:
    """A colour scale of flat steps for class indices 0..k-1 (with zmin -0.5, zmax k-0.5)."""
    if len(colours) <= 1:
        colour = colours[0] if colours else MISSING_FILL
        return [[0, colour], [1, colour]]
    k = len(colours)
    scale: list[list] = []
    for i, colour in enumerate(colours):
        scale += [[i / k, colour], [(i + 1) / k, colour]]
    return scale


def _class_hover(indicator: Indicator, classes: Classes, row: dict) -> str:
    """The hover text of a published cell with its colour class (a withheld cell keeps the
    plain hover text: no class, no deviation, no number)."""
    line = classes.hover_line(indicator, row.get("value"))
    return hover_text(indicator, row, extra=[line] if line else ())


# --- maps -------------------------------------------------------------------------------------


def tile_map(
    frame: pd.DataFrame,
    tiles: pd.DataFrame,
    indicator: Indicator,
    title: str | None = None,
    height: int | None = None,
    city: dict | None = None,
    classes: str = DEFAULT_MODE,
) -> go.Figure:
    """The schematic map: one equal square per unit at its tile (row, col), labelled with name
    and value, coloured by its class (``classes``: abweichung, quantile, intervalle; the
    deviation needs ``city``, the city's cell); suppressed units grey with "•", units without
    data white with a dotted outline and "–".

    ``frame``: number, name, value, value_text, suppressed (numerator, denominator, n).
    ``tiles``: number, row, col."""
    placed = frame.merge(tiles, on="number", how="inner")
    if placed.empty:
        return empty(title=title, height=height or 300)
    rows = int(placed["row"].max()) + 1
    cols = int(placed["col"].max()) + 1
    if height is None:  # room for square tiles of about 80-110 px
        height = {1: 260, 2: 340, 3: 420}.get(rows, min(640, 80 + 75 * rows))
    width = 14 if cols <= 6 else 11
    font_size = 12 if cols <= 6 else 9
    has_values = placed["value"].notna() & ~placed["suppressed"]
    hidden = placed["suppressed"].astype(bool)
    blank = ~hidden & ~has_values
    scheme = classify(indicator, list(placed.loc[has_values, "value"]), city, classes)
    height += class_legend_height(scheme, bool(hidden.any()), bool(blank.any()))

    def grid(mask: pd.Series, fill: Any) -> tuple[list, list, list]:
        z = [[None] * cols for _ in range(rows)]
        text = [[""] * cols for _ in range(rows)]
        hover = [[""] * cols for _ in range(rows)]
        for row in _records(placed[mask]):
            r, c = int(row["row"]), int(row["col"])
            z[r][c] = fill(row)
            text[r][c] = f"{_wrap(str(row['name']), width)}<br><b>{cell_text(indicator, row)}</b>"
            hover[r][c] = _class_hover(indicator, scheme, row)
        return z, text, hover

    fig = new_figure(title, height, margin=dict(l=5, r=5, t=50 if title else 10, b=5))
    gap = 4 if cols <= 6 else 3
    common = dict(
        xgap=gap,
        ygap=gap,
        hoverongaps=False,
        texttemplate="%{text}",
        hovertemplate=HOVER,
        textfont=dict(size=font_size),
    )
    # Withheld and empty tiles: one flat colour each, no class.
    for mask, name, fill in (
        (hidden, "gesperrt", SUPPRESSED_FILL),
        (blank, "keine Daten", MISSING_FILL),
    ):
        if not mask.any():
            continue
        z, text, hover = grid(mask, lambda _row: 1)
        fig.add_trace(
            go.Heatmap(
                z=z,
                text=text,
                hovertext=hover,
                name=name,
                colorscale=[[0, fill], [1, fill]],
                showscale=False,
                showlegend=False,
                textfont=dict(size=font_size, color=TEXT),
                **{k: v for k, v in common.items() if k != "textfont"},
            )
        )
    if has_values.any():
        # z is the class index (no value on a continuous scale); the text keeps the value.
        z, text, hover = grid(has_values, lambda row: scheme.pick(float(row["value"])))
        fig.add_trace(
            go.Heatmap(
                z=z,
                text=text,
                hovertext=hover,
                name=indicator.title,
                colorscale=discrete_scale([b.colour for b in scheme.bands]),
                zmin=-0.5,
                zmax=len(scheme.bands) - 0.5,
                showscale=False,
                showlegend=False,
                **common,
            )
        )
    # An outline in the gap around pale tiles (the middle class would vanish on white), dotted
    # around the tiles without data.
    for row in _records(placed):
        empty_tile = not row["suppressed"] and row.get("value") is None
        if not empty_tile and (row["suppressed"] or scheme.colour(row["value"]) not in PALE):
            continue
        r, c = int(row["row"]), int(row["col"])
        fig.add_shape(
            type="rect",
            x0=c - 0.49,
            x1=c + 0.49,
            y0=r - 0.49,
            y1=r + 0.49,
            line=dict(color=OUTLINE, width=1, dash="dot" if empty_tile else "solid"),
            layer="below",
        )
    add_class_legend(fig, scheme, bool(hidden.any()), bool(blank.any()))
    fig.update_xaxes(visible=False, range=[-0.5, cols - 0.5], constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    return fig


def choropleth_map(
    frame: pd.DataFrame,
    geojson: dict,
    key_property: str,
    indicator: Indicator,
    title: str | None = None,
    height: int = 430,
    city: dict | None = None,
    classes: str = DEFAULT_MODE,
) -> go.Figure:
    """A real choropleth from a supplied GeoJSON (no base map, no tiles from anywhere):
    units coloured by their class (as :func:`tile_map`) and labelled with their value, grey
    suppressed ones with "•", white ones without data with "–"; the names are in the hover
    texts (real boundaries leave too little room for them)."""
    records = _records(frame)
    shown = [r for r in records if not r["suppressed"] and r.get("value") is not None]
    hidden = [r for r in records if r["suppressed"]]
    blank = [r for r in records if not r["suppressed"] and r.get("value") is None]
    scheme = classify(indicator, [r["value"] for r in shown], city, classes)
    height += class_legend_height(scheme, bool(hidden), bool(blank))
    fig = new_figure(title, height, margin=dict(l=5, r=5, t=50 if title else 10, b=5))
    common = dict(
        geojson=geojson,
        featureidkey=f"properties.{key_property}",
        hovertemplate=HOVER,
        marker=dict(line=dict(color=OUTLINE, width=0.8)),
        showlegend=False,
    )
    for group, fill, name in (
        (hidden, SUPPRESSED_FILL, "gesperrt"),
        (blank, MISSING_FILL, "keine Daten"),
    ):
        if group:
            fig.add_trace(
                go.Choropleth(
                    locations=[r["number"] for r in group],
                    z=[1] * len(group),
                    name=name,
                    colorscale=[[0, fill], [1, fill]],
                    showscale=False,
                    hovertext=[hover_text(indicator, r) for r in group],
                    **common,
                )
            )
    if shown:
        fig.add_trace(
            go.Choropleth(
                locations=[r["number"] for r in shown],
                z=[scheme.pick(float(r["value"])) for r in shown],
                name=indicator.title,
                colorscale=discrete_scale([b.colour for b in scheme.bands]),
                zmin=-0.5,
                zmax=len(scheme.bands) - 0.5,
                showscale=False,
                hovertext=[_class_hover(indicator, scheme, r) for r in shown],
                **common,
            )
        )
    # Labels ("•", "–" or the value) at each feature's centre. locationmode "geojson-id" keeps
    # plotly.js from loading its world map (topojson) for this trace.
    if records:
        fig.add_trace(
            go.Scattergeo(
                geojson=geojson,
                featureidkey=f"properties.{key_property}",
                locationmode="geojson-id",
                locations=[r["number"] for r in records],
                text=[cell_text(indicator, r) for r in records],
                mode="text",
                textfont=dict(size=11, color=TEXT, shadow="0 0 2px white, 0 0 3px white"),
                hovertext=[
                    hover_text(indicator, r)
                    if r["suppressed"]
                    else _class_hover(indicator, scheme, r)
                    for r in records
                ],
                hovertemplate=HOVER,
                showlegend=False,
            )
        )
    add_class_legend(fig, scheme, bool(hidden), bool(blank), geo=(geojson, key_property))
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    return fig
