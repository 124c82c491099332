"""The figure of each view kind for an image or a slide (the page draws the same builders with
its own titles): which builder, and how tall the image must be for its rows."""

from __future__ import annotations

import plotly.graph_objects as go

from publish import figures
from publish import formatting as fmt
from publish.views.request import View

HEIGHT = 675  # logical pixels of a chart on its own
HIGHLIGHT = figures.WORSE  # Okabe-Ito orange: a highlighted unit's bar


def _rows_height(rows: int, per_row: int = 24, base: int = 200) -> int:
    return max(HEIGHT, base + per_row * rows)


def map_figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    extra = view.extra
    if extra.get("geojson") is not None:
        fig = figures.choropleth_map(
            view.frame, extra["geojson"], extra["geojson_property"], view.indicator, title
        )
    else:
        fig = figures.tile_map(view.frame, extra["tiles"], view.indicator, title)
    return fig, HEIGHT if view.request.level != "bezirk" else 800


def ranking_figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    fig = figures.ranked_bars(view.frame, view.indicator, view.city, title)
    highlight(fig, _unit_name(view))
    return fig, _rows_height(len(view.frame))


def units_figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    fig = figures.unit_bars(view.frame, view.indicator, view.city, title)
    highlight(fig, _unit_name(view))
    return fig, HEIGHT


def series_figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    fig = figures.time_series(view.frame, view.indicator, view.request.units, title)
    return fig, HEIGHT


def departments_figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    fig = figures.department_bars(view.frame, title)
    return fig, max(420, 200 + 40 * len(view.frame))


def profile_figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    fig = figures.deviation_chart(view.frame, view.extra["name"], title)
    rows = int((view.frame["direction"] != "neutral").sum())
    return fig, max(HEIGHT, 260 + 24 * rows)


def change_figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    fig = figures.change_bars(
        view.frame, view.indicator, view.extra["first"], view.extra["second"], title
    )
    return fig, _rows_height(len(view.frame))


def scatter_figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    extra = view.extra
    fig = figures.scatter(
        view.frame, view.indicator, extra["y"], extra["city_x"], extra["city_y"], title
    )
    return fig, HEIGHT


def _unit_name(view: View) -> str | None:
    number = view.request.unit
    if not number:
        return None
    found = view.frame.loc[view.frame["number"] == number, "name"]
    return None if found.empty else str(found.iloc[0])


def highlight(fig: go.Figure, name: str | None) -> None:
    """Mark one unit's bar: another colour and its name in bold with "▶" (not colour alone)."""
    if not name:
        return
    for trace in fig.data:
        if not isinstance(trace, go.Bar):
            continue
        categories = list(trace.y if trace.orientation == "h" else trace.x)
        if name not in categories:
            continue
        base = trace.marker.color
        colours = list(base) if isinstance(base, list | tuple) else [base] * len(categories)
        colours[categories.index(name)] = HIGHLIGHT
        trace.marker.color = colours
    axis = "yaxis" if any(getattr(t, "orientation", None) == "h" for t in fig.data) else "xaxis"
    order = list(fig.layout[axis].categoryarray or [])
    if name in order:
        fig.layout[axis].tickmode = "array"
        fig.layout[axis].tickvals = order
        fig.layout[axis].ticktext = [f"<b>▶ {n}</b>" if n == name else n for n in order]


def city_note(view: View) -> str:
    """ "gestrichelte Linie: Herne 24,1 %" for the unit line (unit_bars says it in the title on
    screen, and a label on the line would cover a bar's value)."""
    city = view.city
    if not city or city.get("suppressed") or city.get("value") is None:
        return ""
    return f"gestrichelte Linie: Herne {fmt.cell(view.indicator, city)}"
