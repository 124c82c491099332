"""Maps: the schematic tile map and the choropleth of a supplied GeoJSON."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from indicators.indicator import Indicator
from publish.figures.style import (
    COLORSCALE,
    HOVER,
    MISSING_FILL,
    SUPPRESSED_FILL,
    TEXT,
    _colorbar,
    _records,
    _wrap,
    cell_text,
    empty,
    hover_text,
    new_figure,
)

# --- maps -------------------------------------------------------------------------------------


def tile_map(
    frame: pd.DataFrame,
    tiles: pd.DataFrame,
    indicator: Indicator,
    title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """The schematic map: one equal square per unit at its tile (row, col), labelled with name
    and value, coloured by value; suppressed units grey with "•", units without data "–".

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

    def grid(mask: pd.Series, fill: Any) -> tuple[list, list, list]:
        z = [[None] * cols for _ in range(rows)]
        text = [[""] * cols for _ in range(rows)]
        hover = [[""] * cols for _ in range(rows)]
        for row in _records(placed[mask]):
            r, c = int(row["row"]), int(row["col"])
            z[r][c] = fill(row)
            text[r][c] = f"{_wrap(str(row['name']), width)}<br><b>{cell_text(indicator, row)}</b>"
            hover[r][c] = hover_text(indicator, row)
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
    hidden = placed["suppressed"]
    # Withheld and empty tiles: one flat colour each, no value on the colour scale.
    for mask, name, fill in (
        (hidden, "gesperrt", SUPPRESSED_FILL),
        (~hidden & ~has_values, "keine Daten", MISSING_FILL),
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
                textfont=dict(size=font_size, color=TEXT),
                **{k: v for k, v in common.items() if k != "textfont"},
            )
        )
    if has_values.any():
        z, text, hover = grid(has_values, lambda row: row["value"])
        fig.add_trace(
            go.Heatmap(
                z=z,
                text=text,
                hovertext=hover,
                name=indicator.title,
                colorscale=COLORSCALE,
                colorbar=_colorbar(indicator),
                **common,
            )
        )
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
) -> go.Figure:
    """A real choropleth from a supplied GeoJSON (no base map, no tiles from anywhere):
    coloured units labelled with their value, grey suppressed ones with "•"; the names are in
    the hover texts (real boundaries leave too little room for them)."""
    records = _records(frame)
    fig = new_figure(title, height, margin=dict(l=5, r=5, t=50 if title else 10, b=5))
    common = dict(
        geojson=geojson,
        featureidkey=f"properties.{key_property}",
        hovertemplate=HOVER,
        marker=dict(line=dict(color="white", width=1.5)),
    )
    shown = [r for r in records if not r["suppressed"] and r.get("value") is not None]
    hidden = [r for r in records if r["suppressed"]]
    blank = [r for r in records if not r["suppressed"] and r.get("value") is None]
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
                z=[r["value"] for r in shown],
                name=indicator.title,
                colorscale=COLORSCALE,
                colorbar=_colorbar(indicator),
                hovertext=[hover_text(indicator, r) for r in shown],
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
                hovertext=[hover_text(indicator, r) for r in records],
                hovertemplate=HOVER,
            )
        )
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    return fig
