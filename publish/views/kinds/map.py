"""Karte: one indicator's cells on a map of the level (a choropleth where the boundaries are
known, tiles otherwise), coloured by classes with the city's value as reference. Request:
indicator, level, year (None: latest), breakdown, classes ("": deviation from the city)."""

from __future__ import annotations

import plotly.graph_objects as go

from publish import figures
from publish.figures.classes import DEFAULT_MODE
from publish.read import ReadModel
from publish.views.common import (
    CELLS_SCREEN,
    HEIGHT,
    ViewKind,
    cells_table,
    cells_view,
)
from publish.views.request import ExportRequest, View


def gather(data: ReadModel, request: ExportRequest) -> View:
    view = cells_view(data, request)
    geojson = data.geojson(view.request.level)
    view.extra["geojson"] = geojson
    view.extra["geojson_property"] = data.geojson_property
    view.extra["tiles"] = data.tiles(view.request.level) if geojson is None else None
    return view


def figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    extra = view.extra
    colour = dict(city=view.city, classes=view.request.classes or DEFAULT_MODE)
    if extra.get("geojson") is not None:
        fig = figures.choropleth_map(
            view.frame, extra["geojson"], extra["geojson_property"], view.indicator, title,
            **colour,
        )  # fmt: skip
    else:
        fig = figures.tile_map(view.frame, extra["tiles"], view.indicator, title, **colour)
    return fig, HEIGHT if view.request.level != "bezirk" else 800


KIND = ViewKind(
    "map", "Karte", gather, cells_table, figure, by_level=True,
    stem_fields=("classes",), screen=CELLS_SCREEN,
)  # fmt: skip
