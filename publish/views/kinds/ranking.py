"""Rangfolge: one indicator's cells as bars from highest to lowest, the city as a line.
Request: indicator, level, year (None: latest), breakdown, classes (the map's colours);
``unit`` highlights one unit."""

from __future__ import annotations

import plotly.graph_objects as go

from publish import figures
from publish.figures.classes import DEFAULT_MODE
from publish.views.common import (
    CELLS_SCREEN,
    ViewKind,
    cells_table,
    cells_view,
    highlight,
    rows_height,
    unit_name,
)
from publish.views.request import View


def figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    classes = view.request.classes or DEFAULT_MODE
    fig = figures.ranked_bars(view.frame, view.indicator, view.city, title, classes)
    highlight(fig, unit_name(view))
    return fig, rows_height(len(view.frame))


KIND = ViewKind(
    "ranking", "Rangfolge", cells_view, cells_table, figure, by_level=True,
    stem_fields=("classes",), screen=CELLS_SCREEN,
)  # fmt: skip
