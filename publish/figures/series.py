"""Time series of units and the city; the sparkline of the Übersicht."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators.indicator import Indicator
from publish import formatting as fmt
from publish.figures.style import (
    BAR_COLOR,
    CITY_COLOR,
    HOVER,
    OKABE_ITO,
    _records,
    empty,
    hover_text,
    new_figure,
)

# --- time ------------------------------------------------------------------------------------


def time_series(
    series: pd.DataFrame,
    indicator: Indicator,
    selected: Sequence[str] = (),
    title: str | None = None,
    height: int = 380,
) -> go.Figure:
    """The city's line (black, dashed) against the units: selected units in colour with markers,
    the others as a grey band (range and middle half per year). Suppressed points leave a gap
    and show "•" on the time axis (with the public note when hovered); no value is ever drawn
    for them, and they take no part in the band.

    ``series``: number ("0" = city), name, year, period, value, suppressed, ..."""
    if series.empty or indicator.unit.is_date:
        return empty(title=title, height=height)
    fig = new_figure(
        title, height, showlegend=True, legend=dict(orientation="h", yanchor="top", y=-0.15, x=0)
    )
    periods = series[["year", "period"]].drop_duplicates().sort_values("year")
    selected = [s for s in selected if s != "0"]
    # The other units as a band (their range and middle half per year), not one grey line each:
    # twenty crossing lines say nothing until a unit is picked. Only published values count.
    _add_band(fig, indicator, series[(series["number"] != "0") & ~series["number"].isin(selected)])
    symbols = []
    for index, number in enumerate(selected):
        group = series[series["number"] == number].sort_values("year")
        if group.empty:
            continue
        color = OKABE_ITO[index % len(OKABE_ITO)]
        records = _records(group)
        fig.add_trace(
            go.Scatter(
                x=group["year"],
                y=group["value"].where(~group["suppressed"]),
                mode="lines+markers",
                line=dict(color=color, width=2.5),
                marker=dict(size=7, symbol=_symbol(index)),
                name=str(group["name"].iloc[0]),
                connectgaps=False,
                hovertext=[
                    hover_text(indicator, r, extra=[f"Jahr: {r['period']}"]) for r in records
                ],
                hovertemplate=HOVER,
            )
        )
        symbols += [(r, color) for r in records if r["suppressed"]]
    city = series[series["number"] == "0"].sort_values("year")
    if not city.empty:
        fig.add_trace(
            go.Scatter(
                x=city["year"],
                y=city["value"].where(~city["suppressed"]),
                mode="lines+markers",
                line=dict(color=CITY_COLOR, width=3, dash="dash"),
                marker=dict(size=8),
                name="Herne (Stadt)",
                connectgaps=False,
                hovertext=[
                    hover_text(indicator, r, extra=[f"Jahr: {r['period']}"]) for r in _records(city)
                ],
                hovertemplate=HOVER,
            )
        )
    for record, color in symbols:
        fig.add_annotation(
            x=record["year"],
            y=0,
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            text=fmt.SUPPRESSED,
            font=dict(size=20, color=color),
            hovertext=hover_text(indicator, record, extra=[f"Jahr: {record['period']}"]),
        )
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(periods["year"]),
        ticktext=list(periods["period"]),
        title=None,
        showgrid=False,
    )
    fig.update_yaxes(title=fmt.unit_title(indicator), tickformat=f",.{min(indicator.decimals, 2)}f")
    return fig


BAND_COLOR = "rgba(120, 120, 120, 0.16)"  # full range of the other units
MIDDLE_COLOR = "rgba(120, 120, 120, 0.32)"  # their middle half (quartiles)


def _add_band(fig: go.Figure, indicator: Indicator, context: pd.DataFrame) -> None:
    shown = context[~context["suppressed"] & context["value"].notna()]
    if shown.empty:
        return
    stats = (
        shown.groupby(["year", "period"])["value"]
        .agg(
            low="min",
            q1=lambda v: v.quantile(0.25),
            q3=lambda v: v.quantile(0.75),
            high="max",
            count="count",
        )
        .reset_index()
        .sort_values("year")
    )
    hovers = [
        f"{r['period']}: übrige Einheiten von {fmt.value(indicator, r['low'])} bis "
        f"{fmt.value(indicator, r['high'])}, mittlere Hälfte {fmt.value(indicator, r['q1'])} bis "
        f"{fmt.value(indicator, r['q3'])} ({fmt.integer(r['count'])} mit Wert)"
        for r in stats.to_dict("records")
    ]
    for lower, upper, color, name in (
        ("low", "high", BAND_COLOR, "übrige Einheiten: Spannweite"),
        ("q1", "q3", MIDDLE_COLOR, "übrige Einheiten: mittlere Hälfte"),
    ):
        fig.add_trace(
            go.Scatter(
                x=stats["year"],
                y=stats[lower],
                mode="lines",
                line=dict(width=0),
                showlegend=False,
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=stats["year"],
                y=stats[upper],
                mode="lines",
                line=dict(width=0),
                fill="tonexty",
                fillcolor=color,
                name=name,
                hovertext=hovers,
                hovertemplate=HOVER,
            )
        )


def _symbol(index: int) -> str:
    return ("circle", "square", "diamond", "triangle-up", "x", "star", "cross")[index % 7]


def sparkline(series: pd.DataFrame, indicator: Indicator, height: int = 70) -> go.Figure:
    """A tiny line of the city's trend; suppressed years are gaps. Hover gives year and value."""
    fig = new_figure(None, height, margin=dict(l=4, r=4, t=6, b=6))
    if series.empty or indicator.unit.is_date or series["value"].notna().sum() == 0:
        return empty("keine Zeitreihe", height=height)
    records = _records(series)
    fig.add_trace(
        go.Scatter(
            x=series["year"],
            y=series["value"].where(~series["suppressed"]),
            mode="lines+markers",
            line=dict(color=BAR_COLOR, width=2),
            marker=dict(size=5),
            connectgaps=False,
            hovertext=[hover_text(indicator, r, name=f"Herne {r['period']}") for r in records],
            hovertemplate=HOVER,
        )
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig
