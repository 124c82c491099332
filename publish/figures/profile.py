"""The Stadtteilprofil: deviations of one unit from the city, signed by direction."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from publish import formatting as fmt
from publish.figures.style import (
    BETTER,
    HOVER,
    SEPARATORS,
    TEMPLATE,
    WORSE,
    _records,
    _symbol_markers,
    empty,
)

# --- comparisons ------------------------------------------------------------------------------


def deviation_chart(profile: pd.DataFrame, unit_name: str, title: str | None = None) -> go.Figure:
    """How far a unit lies from the city, per indicator, signed so that right = more favourable
    (using each indicator's direction); one panel per measurement unit, since percentage points
    and grade steps cannot share an axis. Neutral indicators are left out (no better/worse);
    suppressed ones show "•" at 0.

    ``profile``: the columns of data.PROFILE_COLUMNS."""
    from indicators.registry import BY_ID

    rated = profile[profile["direction"] != "neutral"]
    rated = rated[rated["better"].notna() | rated["suppressed"]]
    if rated.empty:
        return empty("Keine vergleichbaren Werte für diese Einheit.", title, 260)
    groups = list(dict.fromkeys(rated["unit"]))
    counts = [int((rated["unit"] == g).sum()) for g in groups]
    height = 90 + sum(24 * c + 60 for c in counts)
    fig = make_subplots(
        rows=len(groups),
        cols=1,
        row_heights=counts,
        vertical_spacing=min(0.08, 0.5 / len(groups)),
        subplot_titles=[g.difference_axis for g in groups],
    )
    fig.update_layout(
        template=TEMPLATE,
        separators=SEPARATORS,
        height=height,
        showlegend=False,
        margin=dict(l=10, r=70, t=95, b=30),
    )
    hint = "◀ ungünstiger als Herne  ·  günstiger als Herne ▶"
    hint = f"<span style='font-size:12px;color:#374151'>{hint}</span>"
    fig.update_layout(title=dict(text=f"{title}<br>{hint}" if title else hint))
    for index, group in enumerate(groups, start=1):
        part = rated[rated["unit"] == group].sort_values("better", na_position="first")
        shown = part[part["better"].notna()]
        hidden = part[part["better"].isna()]
        labels = [f"{t} ({p})" for t, p in zip(part["title"], part["period"], strict=True)]
        if not shown.empty:
            texts, hovers, colors = [], [], []
            for r in _records(shown):
                indicator = BY_ID[r["indicator"]]
                verdict = (
                    "günstiger"
                    if r["better"] > 0
                    else ("ungünstiger" if r["better"] < 0 else "gleich")
                )
                texts.append(f"{fmt.difference(indicator, r['diff'])} {verdict}")
                hovers.append(
                    f"<b>{r['title']}</b> ({r['period']})<br>{unit_name}: "
                    f"{fmt.value(indicator, r['value'])}<br>"
                    f"Herne: {fmt.value(indicator, r['city'])}"
                    f"<br>Differenz: {fmt.difference(indicator, r['diff'])} – {verdict} als die "
                    f"Stadt<br>({fmt.DIRECTION_TITLES[indicator.direction]})"
                )
                colors.append(BETTER if r["better"] >= 0 else WORSE)
            fig.add_trace(
                go.Bar(
                    y=[f"{t} ({p})" for t, p in zip(shown["title"], shown["period"], strict=True)],
                    x=shown["better"],
                    orientation="h",
                    marker_color=colors,
                    text=texts,
                    textposition="outside",
                    cliponaxis=False,
                    hovertext=hovers,
                    hovertemplate=HOVER,
                ),
                row=index,
                col=1,
            )
        if not hidden.empty:
            records = _records(hidden)
            indicator = BY_ID[records[0]["indicator"]]
            names = [f"{t} ({p})" for t, p in zip(hidden["title"], hidden["period"], strict=True)]
            marker = _symbol_markers(names, records, indicator, horizontal=True)
            marker.hovertext = [
                f"<b>{r['title']}</b><br>{fmt.SUPPRESSED} {fmt.suppressed_note()}"
                if r["suppressed"]
                else f"<b>{r['title']}</b><br>{fmt.MISSING} keine Daten"
                for r in records
            ]
            fig.add_trace(marker, row=index, col=1)
        fig.update_yaxes(
            categoryorder="array", categoryarray=labels, row=index, col=1, tickfont=dict(size=11)
        )
        extent = max([abs(v) for v in shown["better"]] + [1e-9]) * 1.6
        fig.update_xaxes(
            range=[-extent, extent],
            zeroline=True,
            zerolinewidth=2,
            zerolinecolor="#4b5563",
            row=index,
            col=1,
            tickformat=f",.{group.decimals}f",
        )
    return fig
