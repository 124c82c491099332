"""Einheiten: one indicator's cells as bars in the order of the unit numbers, the city as a
dashed line. Request: indicator, level, year (None: latest), breakdown; ``unit`` highlights
one unit."""

from __future__ import annotations

import plotly.graph_objects as go

from publish import figures
from publish import formatting as fmt
from publish.views.common import (
    CELLS_SCREEN,
    HEIGHT,
    ViewKind,
    cells_table,
    cells_view,
    highlight,
    unit_name,
)
from publish.views.request import View


def figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    fig = figures.unit_bars(view.frame, view.indicator, view.city, title)
    highlight(fig, unit_name(view))
    return fig, HEIGHT


def city_note(view: View) -> str:
    """ "gestrichelte Linie: Herne 24,1 %" for the unit line of an image (unit_bars says it in
    the title on screen, and a label on the line would cover a bar's value)."""
    city = view.city
    if not city or city.get("suppressed") or city.get("value") is None:
        return ""
    return f"gestrichelte Linie: Herne {fmt.cell(view.indicator, city)}"


KIND = ViewKind(
    "units", "Einheiten", cells_view, cells_table, figure, aliases=("einheit",),
    by_level=True, note=city_note,
    screen=CELLS_SCREEN,
)  # fmt: skip
