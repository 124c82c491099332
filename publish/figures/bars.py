"""Bars: ranked units, units in number order, measures by department, change between years."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from etl.vocabulary import PERCENT
from indicators.indicator import Indicator
from publish import formatting as fmt
from publish.figures.classes import DEFAULT_MODE, classify
from publish.figures.style import (
    BAR_COLOR,
    BETTER,
    CITY_COLOR,
    HOVER,
    NEUTRAL,
    WORSE,
    _label_positions,
    _pad_range,
    _records,
    _symbol_markers,
    add_class_legend,
    cell_text,
    class_legend_height,
    empty,
    hover_text,
    new_figure,
)

# --- bars -------------------------------------------------------------------------------------


def ranked_bars(
    frame: pd.DataFrame,
    indicator: Indicator,
    city: dict | None = None,
    title: str | None = None,
    classes: str = DEFAULT_MODE,
) -> go.Figure:
    """Units ranked by value (highest on top), value written beside each bar, the city's value
    as a dashed reference line; suppressed units at the bottom with "•" at 0 and no bar. The
    bars are coloured by class as the map (``classes``: abweichung, quantile, intervalle), with
    the classes' legend in words below."""
    records = _records(frame)
    shown = sorted(
        (r for r in records if not r["suppressed"] and r.get("value") is not None),
        key=lambda r: r["value"],
    )
    others = [r for r in records if r["suppressed"] or r.get("value") is None]
    if indicator.unit.is_date:
        return empty("Für Datumsangaben gibt es keine Rangfolge; siehe Tabelle.", title, 200)
    scheme = classify(indicator, [r["value"] for r in shown], city, classes)
    hidden = any(r["suppressed"] for r in others)
    blank = any(not r["suppressed"] for r in others)
    height = max(260, 70 + 22 * len(records)) + class_legend_height(scheme, hidden, blank)
    # Room for the names from the start: plotly.js' automargin, shared with the legend's
    # reserved room, does not always widen the left margin far enough by itself.
    left = max(10, 8 * max((len(str(r["name"])) for r in records), default=0))
    fig = new_figure(title, height, margin=dict(l=left, r=40, t=50 if title else 15, b=40))
    names_bottom_up = [r["name"] for r in others][::-1] + [r["name"] for r in shown]
    if shown:
        values = pd.Series([r["value"] for r in shown])
        fig.add_trace(
            go.Bar(
                y=[r["name"] for r in shown],
                x=values,
                orientation="h",
                name=indicator.title,
                showlegend=False,
                marker=dict(
                    color=[scheme.colour(v) for v in values],
                    line=dict(color="#4b5563", width=0.5),
                ),
                text=[cell_text(indicator, r) for r in shown],
                # Inside the bar's end (the city's line runs behind the bars, so it never
                # crosses a label); outside only where a bar is too short.
                textposition=_label_positions([r["value"] for r in shown], 0.2),
                insidetextanchor="end",
                constraintext="none",
                textfont=dict(size=12),
                cliponaxis=False,
                hovertext=[
                    hover_text(indicator, r, extra=_line(scheme.hover_line(indicator, r["value"])))
                    for r in shown
                ],
                hovertemplate=HOVER,
            )
        )
    if others:
        markers = _symbol_markers([r["name"] for r in others], others, indicator, horizontal=True)
        markers.showlegend = False
        fig.add_trace(markers)
    add_class_legend(fig, scheme, hidden, blank, below=AXIS_BELOW)
    if city and not city.get("suppressed") and city.get("value") is not None:
        fig.add_vline(
            x=city["value"], line=dict(color=CITY_COLOR, dash="dash", width=1.5), layer="below"
        )
        fig.add_annotation(
            x=city["value"],
            y=1,
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            text=f"Herne: {fmt.cell(indicator, city)}",
            font=dict(size=12),
            bgcolor="rgba(255,255,255,0.8)",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=names_bottom_up, title=None)
    fig.update_xaxes(
        title=fmt.unit_title(indicator),
        rangemode="tozero",
        tickformat=f",.{min(indicator.decimals, 2)}f",
    )
    _pad_range(
        fig,
        [r["value"] for r in shown]
        + (
            [city["value"]]
            if city and city.get("value") is not None and not city.get("suppressed")
            else []
        ),
    )
    return fig


AXIS_BELOW = 58  # px of the value axis' tick labels and title under ranked bars


def _line(text: str) -> tuple[str, ...]:
    return (text,) if text else ()


def unit_bars(
    frame: pd.DataFrame,
    indicator: Indicator,
    city: dict | None = None,
    title: str | None = None,
    height: int = 280,
) -> go.Figure:
    """Small vertical bars per unit in number order (comparable across several small charts),
    value on each bar, the city's value as a dashed line, "•" at 0 for suppressed units."""
    records = _records(frame)
    if indicator.unit.is_date:
        return empty("Datumsangaben: siehe Indikatoren-Seite.", title, height)
    fig = new_figure(title, height, margin=dict(l=10, r=10, t=45 if title else 10, b=10))
    shown = [r for r in records if not r["suppressed"] and r.get("value") is not None]
    others = [r for r in records if r["suppressed"] or r.get("value") is None]
    names = [r["name"] for r in records]
    if shown:
        fig.add_trace(
            go.Bar(
                x=[r["name"] for r in shown],
                y=[r["value"] for r in shown],
                marker_color=BAR_COLOR,
                text=[cell_text(indicator, r) for r in shown],
                textposition=_label_positions([r["value"] for r in shown], 0.12),
                insidetextanchor="end",
                constraintext="none",
                cliponaxis=False,
                hovertext=[hover_text(indicator, r) for r in shown],
                hovertemplate=HOVER,
                textfont=dict(size=10),
            )
        )
    if others:
        fig.add_trace(
            _symbol_markers([r["name"] for r in others], others, indicator, horizontal=False)
        )
    if city and not city.get("suppressed") and city.get("value") is not None:
        fig.add_hline(
            y=city["value"], line=dict(color=CITY_COLOR, dash="dash", width=1.2), layer="below"
        )
        if title:
            fig.update_layout(title_text=f"{title} · Herne: {fmt.cell(indicator, city)}")
    fig.update_xaxes(
        categoryorder="array", categoryarray=names, tickangle=-45, tickfont=dict(size=10)
    )
    fig.update_yaxes(title=None, tickformat=f",.{min(indicator.decimals, 2)}f")
    # the city's line stays in view, also when every unit is withheld
    city_value = [city["value"]] if city and not city.get("suppressed") else []
    _pad_range(fig, [r["value"] for r in shown] + city_value, axis="y")
    return fig


RECONSTRUCTED_NOTE = (
    "Nennungen: von den Arbeitsbereichen in der Maßnahmen-Abfrage genannt. Rekonstruiert "
    "(schraffiert): aus den gedruckten Maßnahmen der Dokumentation gezählt, der Arbeitsbereich "
    "meist erschlossen; keine Nennungen."
)


def department_bars(frame: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Measures and projects per department (``department``, ``count``, ``from_survey``,
    ``reconstructed``): Nennungen of the Abfrage as solid bars, counts reconstructed from the
    printed catalogue as hatched, lighter bars stacked after them, so the two never pass for
    one another (also in black and white)."""
    if frame.empty:
        return empty("Für dieses Handlungsziel sind keine Maßnahmen erfasst.", title, 220)
    ordered = frame.sort_values(["count", "department"], ascending=[True, False])
    height = max(200, 110 + 34 * len(ordered))
    fig = new_figure(title, height, margin=dict(l=10, r=40, t=50 if title else 15, b=40))
    parts = (
        ("from_survey", "Nennungen (Abfrage)", dict(color=BAR_COLOR)),
        (
            "reconstructed",
            "rekonstruiert (Dokumentation)",
            dict(color="#aab8d3", pattern=dict(shape="/", fgcolor=BAR_COLOR, size=7)),
        ),
    )
    for column, name, marker in parts:
        counts = ordered[column] if column in ordered else ordered["count"] * 0
        if not counts.sum():
            continue
        fig.add_trace(
            go.Bar(
                y=ordered["department"],
                x=counts,
                orientation="h",
                name=name,
                marker=dict(line=dict(color=BAR_COLOR, width=1), **marker),
                hovertext=[
                    f"<b>{d}</b><br>{fmt.integer(int(c))} {name}"
                    for d, c in zip(ordered["department"], counts, strict=True)
                ],
                hovertemplate=HOVER,
            )
        )
    fig.add_trace(  # the total beside each bar
        go.Scatter(
            y=ordered["department"],
            x=ordered["count"],
            mode="text",
            text=[fmt.integer(c) for c in ordered["count"]],
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
            cliponaxis=False,
        )
    )
    fig.update_layout(
        barmode="stack",
        legend=dict(orientation="h", yanchor="top", y=-0.12 if len(ordered) > 3 else -0.3, x=0),
    )
    fig.update_xaxes(title="Anzahl", dtick=1, rangemode="tozero", tickformat="d")
    fig.update_yaxes(title=None)
    _pad_range(fig, list(ordered["count"]))
    return fig


def change_bars(
    change: pd.DataFrame,
    indicator: Indicator,
    first: str,
    second: str,
    title: str | None = None,
) -> go.Figure:
    """Change of one indicator per unit between two periods, sorted; colour and the words in the
    hover tell whether the change is favourable (by the indicator's direction); "•" at 0 where
    either year is suppressed.

    ``change``: number, name, value_1, value_2, suppressed_1, suppressed_2, diff, ..."""
    records = _records(change)
    shown = sorted((r for r in records if r.get("diff") is not None), key=lambda r: r["diff"])
    others = [r for r in records if r.get("diff") is None]
    if indicator.unit.is_date:
        return empty("Für Datumsangaben gibt es keine Veränderung.", title, 200)
    height = max(260, 70 + 22 * len(records))
    fig = new_figure(title, height, margin=dict(l=10, r=60, t=50 if title else 15, b=40))
    if shown:
        colors, hovers = [], []
        for r in shown:
            good = _favourable(indicator, r["diff"])
            colors.append({True: BETTER, False: WORSE, None: NEUTRAL}[good])
            verdict = {
                True: "günstige Entwicklung",
                False: "ungünstige Entwicklung",
                None: "keine Bewertung",
            }[good]
            hovers.append(
                f"<b>{r['name']}</b><br>{first}: {fmt.value(indicator, r['value_1'])}<br>"
                f"{second}: {fmt.value(indicator, r['value_2'])}<br>Veränderung: "
                f"{fmt.difference(indicator, r['diff'])} ({verdict})"
            )
        fig.add_trace(
            go.Bar(
                y=[r["name"] for r in shown],
                x=[r["diff"] for r in shown],
                orientation="h",
                marker_color=colors,
                text=[fmt.difference(indicator, r["diff"]) for r in shown],
                textposition="outside",
                cliponaxis=False,
                hovertext=hovers,
                hovertemplate=HOVER,
            )
        )
    if others:
        marker_rows = [
            {
                **r,
                "suppressed": bool(r["suppressed_1"] or r["suppressed_2"]),
                "value": None,
            }
            for r in others
        ]
        fig.add_trace(
            _symbol_markers([r["name"] for r in others], marker_rows, indicator, horizontal=True)
        )
    order = [r["name"] for r in others][::-1] + [r["name"] for r in shown]
    fig.update_yaxes(categoryorder="array", categoryarray=order, title=None)
    extent = max([abs(r["diff"]) for r in shown] + [1e-9]) * 1.3
    fig.update_xaxes(
        range=[-extent, extent],
        zeroline=True,
        zerolinewidth=2,
        zerolinecolor="#4b5563",
        title=f"Veränderung {first} → {second}"
        + (" (Prozentpunkte)" if indicator.unit is PERCENT else ""),
        tickformat=f",.{min(indicator.decimals, 2)}f",
    )
    return fig


def _favourable(indicator: Indicator, diff: float) -> bool | None:
    if indicator.direction == "neutral" or diff == 0:
        return None
    return (diff > 0) == (indicator.direction == "higher")
