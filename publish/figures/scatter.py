"""Two indicators against each other, one point per unit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.indicator import Indicator
from publish import formatting as fmt
from publish.figures.style import (
    CITY_COLOR,
    HOVER,
    OKABE_ITO,
    _records,
    empty,
    new_figure,
)


def scatter(
    pair: pd.DataFrame,
    x: Indicator,
    y: Indicator,
    city_x: dict | None,
    city_y: dict | None,
    title: str | None = None,
    height: int = 480,
    note: str | None = None,
) -> go.Figure:
    """Two indicators over the units of one level and year; each point labelled with its unit,
    the city as a black diamond and dashed lines through its values. Units with a suppressed or
    missing value on either axis are not drawn (the page lists them).

    ``pair``: number, name, value_x, suppressed_x, value_y, suppressed_y, ..."""
    usable = plotted(pair)
    if usable.empty:
        return empty(title=title, height=height)
    ok_x = city_x and not city_x.get("suppressed") and city_x.get("value") is not None
    ok_y = city_y and not city_y.get("suppressed") and city_y.get("value") is not None
    city_point = (city_x["value"], city_y["value"]) if ok_x and ok_y else None
    top = (50 if title else 15) + (22 if note else 0)
    fig = new_figure(title, height, margin=dict(l=10, r=20, t=top, b=50))
    fig.add_trace(
        go.Scatter(
            x=usable["value_x"],
            y=usable["value_y"],
            mode="markers+text",
            text=usable["name"],
            textposition=_spread_labels(
                list(usable["value_x"]), list(usable["value_y"]), city_point
            ),
            textfont=dict(size=10),
            marker=dict(size=10, color=OKABE_ITO[0], line=dict(color="white", width=1)),
            hovertext=[
                f"<b>{r['name']}</b><br>{x.title}: {fmt.value(x, r['value_x'])}"
                f"<br>{y.title}: {fmt.value(y, r['value_y'])}"
                for r in _records(usable)
            ],
            hovertemplate=HOVER,
            name="Einheiten",
        )
    )
    if city_point:
        fig.add_trace(
            go.Scatter(
                x=[city_x["value"]],
                y=[city_y["value"]],
                mode="markers+text",
                text=["Herne"],
                textposition="middle right",
                marker=dict(size=13, symbol="diamond", color=CITY_COLOR),
                hovertext=[
                    f"<b>Herne (Stadt)</b><br>{x.title}: {fmt.value(x, city_x['value'])}"
                    f"<br>{y.title}: {fmt.value(y, city_y['value'])}"
                ],
                hovertemplate=HOVER,
                name="Herne",
            )
        )
    if ok_x:
        fig.add_vline(x=city_x["value"], line=dict(color="#6b7280", dash="dash", width=1))
    if ok_y:
        fig.add_hline(y=city_y["value"], line=dict(color="#6b7280", dash="dash", width=1))
    if note:  # the correlation, inside the image so that a download keeps it
        fig.add_annotation(
            text=note,
            xref="paper",
            yref="paper",
            x=0,
            y=1,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            font=dict(size=11, color="#374151"),
        )
    fig.update_xaxes(title=_axis_label(x), tickformat=f",.{min(x.decimals, 2)}f")
    fig.update_yaxes(title=_axis_label(y), tickformat=f",.{min(y.decimals, 2)}f")
    return fig


def plotted(pair: pd.DataFrame) -> pd.DataFrame:
    """The units drawn: published (not withheld) and with a value on both axes."""
    return pair[
        ~pair["suppressed_x"]
        & ~pair["suppressed_y"]
        & pair["value_x"].notna()
        & pair["value_y"].notna()
    ]


def _spread_labels(xs: list[float], ys: list[float], city: tuple[float, float] | None) -> list[str]:
    """Text positions that keep labels of close points apart: a label avoids the side where a
    close neighbour (or the city's diamond) sits and the position a close labelled neighbour
    already uses."""
    every_x = xs + ([city[0]] if city else [])
    every_y = ys + ([city[1]] if city else [])
    span_x = (max(every_x) - min(every_x)) or 1.0
    span_y = (max(every_y) - min(every_y)) or 1.0
    points = [(x / span_x, y / span_y) for x, y in zip(every_x, every_y, strict=True)]
    choices = (
        "top center",
        "bottom center",
        "middle right",
        "middle left",
        "top right",
        "bottom left",
    )
    taken: list[tuple[float, float, str]] = []
    if city:
        taken.append((*points[-1], "middle right"))
    positions = []
    for index, (nx, ny) in enumerate(points[: len(xs)]):
        blocked = set()
        for other, (ox, oy) in enumerate(points):
            if other == index or abs(ox - nx) > 0.12 or abs(oy - ny) > 0.1:
                continue
            if abs(oy - ny) >= abs(ox - nx):
                blocked.add("top center" if oy > ny else "bottom center")
            else:
                blocked.add("middle right" if ox > nx else "middle left")
        blocked |= {p for px, py, p in taken if abs(px - nx) < 0.12 and abs(py - ny) < 0.1}
        position = next((c for c in choices if c not in blocked), "top center")
        taken.append((nx, ny, position))
        positions.append(position)
    return positions


def _axis_label(indicator: Indicator) -> str:
    unit = f" ({indicator.unit.label})"
    return f"{indicator.title}{unit}"
