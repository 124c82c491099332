"""The look of every figure (template, colours, German separators), the labels and hover texts
of cells and the helpers the builders share. Pure: no database, no Dash."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from indicators.indicator import Indicator
from publish import formatting as fmt
from publish.figures.classes import Classes

SEPARATORS = ",."
COLORSCALE = "cividis"  # a continuous value scale (maps and bars use classes: figures.classes)
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#212529"
GRID = "#e5e7eb"
SUPPRESSED_FILL = "#c8c8c8"
MISSING_FILL = "#ffffff"  # white with a dotted outline: apart from the pale middle class
OUTLINE = "#6b7280"  # tiles, areas and the swatches of the legend (a pale class stays visible)
CITY_COLOR = "#000000"
CONTEXT_COLOR = "#c4c4c4"
BAR_COLOR = "#3b5b92"  # a dark cividis-like blue: readable with white or dark labels beside it
# Okabe-Ito: distinguishable with every common colour-vision deficiency.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
BETTER = "#0072B2"  # blue
WORSE = "#E69F00"  # orange
NEUTRAL = "#8c8c8c"
HOVER = "%{hovertext}<extra></extra>"

TEMPLATE = go.layout.Template(
    layout=dict(
        font=dict(family=FONT_FAMILY, size=13, color=TEXT),
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(gridcolor=GRID, zerolinecolor="#9ca3af", linecolor="#9ca3af", automargin=True),
        yaxis=dict(gridcolor=GRID, zerolinecolor="#9ca3af", linecolor="#9ca3af", automargin=True),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=13), bgcolor="white"),
        colorway=list(OKABE_ITO),
        title=dict(x=0, xanchor="left", font=dict(size=15)),
    )
)


def new_figure(title: str | None = None, height: int = 380, **layout: Any) -> go.Figure:
    """An empty figure with the project's look: German separators, lean template, title."""
    base = dict(
        template=TEMPLATE,
        separators=SEPARATORS,
        height=height,
        margin=dict(l=10, r=20, t=50 if title else 15, b=40),
        showlegend=False,
    )
    if title:
        base["title"] = dict(text=title)
    base.update(layout)
    return go.Figure(layout=base)


def empty(
    message: str = "Keine Daten für diese Auswahl.", title: str | None = None, height: int = 300
) -> go.Figure:
    fig = new_figure(title, height)
    fig.add_annotation(
        text=message,
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        font=dict(size=14, color="#555"),
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


# --- labels -----------------------------------------------------------------------------------


def cell_text(indicator: Indicator, row: dict) -> str:
    """What a unit shows on a tile, bar or table: value, "•" or "–"."""
    return fmt.cell(indicator, row)


def hover_text(
    indicator: Indicator, row: dict, name: str | None = None, extra: Sequence[str] = ()
) -> str:
    """Hover text of one cell. A suppressed cell says "gesperrt: <the public note>" and nothing else
    about its value; an empty one says "keine Daten"."""
    title = name or row.get("name") or ""
    lines = [f"<b>{title}</b>"]
    if row.get("suppressed"):
        lines.append(f"{fmt.SUPPRESSED} {fmt.suppressed_note()}")
    elif fmt.is_missing(row.get("value")) and not isinstance(row.get("value_text"), str):
        lines.append(f"{fmt.MISSING} {fmt.MISSING_MEANING}")
    else:
        lines.append(f"{indicator.title}: {fmt.cell(indicator, row)}")
        if fmt.implausible(indicator, row.get("value")):
            lines.append(f"{fmt.IMPLAUSIBLE} {fmt.IMPLAUSIBLE_NOTE}")
        if indicator.ratio and not fmt.is_missing(row.get("denominator")) and indicator.denominator:
            lines.append(
                f"{fmt.number(row.get('numerator'), _count_decimals(row.get('numerator')))} von "
                f"{fmt.number(row.get('denominator'), _count_decimals(row.get('denominator')))}"
            )
        if not fmt.is_missing(row.get("n")) and indicator.rule.kind != "none":
            lines.append(f"Fallzahl n = {fmt.integer(row.get('n'))}")
    lines.extend(extra)
    return "<br>".join(lines)


def _count_decimals(value: Any) -> int:
    if fmt.is_missing(value):
        return 0
    return 0 if float(value).is_integer() else 1


def _wrap(name: str, width: int) -> str:
    """Break a unit name into lines of at most ``width`` characters (at spaces, "/" and "-");
    a single word longer than that is shortened with a dot (the hover shows the full name)."""
    if len(name) <= width:
        return name
    words = name.replace("/", "/ ").replace("-", "- ").split(" ")
    lines: list[str] = []
    line = ""
    for word in words:
        if len(word) > width:
            word = word[: width - 1].rstrip("-/") + "."
        joined = f"{line}{word}" if not line or line.endswith(("/", "-")) else f"{line} {word}"
        if line and len(joined) > width:
            lines.append(line)
            line = word
        else:
            line = joined
    lines.append(line)
    return "<br>".join(lines)


# --- the legend of colour classes ---------------------------------------------------------------


def add_class_legend(
    fig: go.Figure,
    classes: Classes,
    suppressed: bool,
    missing: bool,
    *,
    below: int = 0,
    geo: tuple[dict, str] | None = None,
) -> None:
    """The legend of the colour classes below the chart: traces without data (one per class,
    then "• gesperrt" and "– keine Daten" where such cells are shown), so the words are part of
    the figure and of its images and slides. ``below``: px of tick labels and axis title between
    the plot and the legend; the figure's height should include :func:`class_legend_height`.
    ``geo``: the choropleth's (geojson, property), whose entries must be geo traces (a cartesian
    one would add axes). Clicking an entry hides nothing (the entries carry no data)."""
    entries = [(band.label.replace(" (", "<br>(", 1), band.colour) for band in classes.bands]
    if suppressed:
        entries.append((f"{fmt.SUPPRESSED} gesperrt", SUPPRESSED_FILL))
    if missing:
        entries.append((f"{fmt.MISSING} {fmt.MISSING_MEANING}", MISSING_FILL))
    for name, colour in entries:
        marker = dict(symbol="square", size=15, color=colour, line=dict(color=OUTLINE, width=1))
        common = dict(name=name, mode="markers", marker=marker, hoverinfo="skip", showlegend=True)
        if geo is None:
            fig.add_trace(go.Scatter(x=[None], y=[None], **common))
            continue
        geojson, key = geo
        # A location no feature has: nothing drawn; "geojson-id" loads no world map.
        fig.add_trace(
            go.Scattergeo(
                geojson=geojson,
                featureidkey=f"properties.{key}",
                locationmode="geojson-id",
                locations=["-"],
                **common,
            )
        )
    # At the figure's bottom (container): plotly.js reserves the legend's room below the axis,
    # however many rows it wraps into on a narrow screen.
    fig.update_layout(
        showlegend=True,
        margin=dict(b=below + 6),
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            yref="container",
            y=0,
            yanchor="bottom",
            title=dict(text=classes.title.replace(" · ", "<br>"), side="top", font=dict(size=12)),
            font=dict(size=12),
            traceorder="normal",
            itemclick=False,
            itemdoubleclick=False,
        ),
    )


LEGEND_ROW = 34  # px of one row of two-line entries
LEGEND_TITLE = 36  # px of the legend's title (two lines)


def class_legend_height(classes: Classes, suppressed: bool, missing: bool) -> int:
    """The room of the class legend below a chart: its title and two entries a row (a phone
    shows one a row: plotly.js then takes the room from the plot)."""
    entries = len(classes.bands) + int(suppressed) + int(missing)
    return LEGEND_TITLE + LEGEND_ROW * math.ceil(entries / 2) + 6


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for missing values (column-wise: fast for small frames)."""
    columns = {
        name: [None if isinstance(v, float) and math.isnan(v) else v for v in values]
        for name, values in frame.to_dict("list").items()
    }
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _label_positions(values: list[float], share: float) -> list[str]:
    """ "inside" for bars long enough to hold their label (``share`` of the longest), else
    "outside"."""
    longest = max([abs(v) for v in values] + [1e-9])
    return ["inside" if abs(v) >= share * longest else "outside" for v in values]


def _pad_range(fig: go.Figure, values: list[float], axis: str = "x") -> None:
    """Leave room for the value labels beside the longest bar."""
    clean = [v for v in values if v is not None and not fmt.is_missing(v)]
    if not clean:
        fig.update_layout({f"{axis}axis": dict(range=[0, 1])})
        return
    high = max(max(clean), 0)
    low = min(min(clean), 0)
    span = (high - low) or 1
    fig.update_layout(
        {f"{axis}axis": dict(range=[low - (0.12 * span if low < 0 else 0), high + 0.15 * span])}
    )


def _symbol_markers(
    categories: list[str],
    records: list[dict],
    indicator: Indicator,
    horizontal: bool,
    xaxis: str = "x",
    yaxis: str = "y",
) -> go.Scatter:
    """ "•" (suppressed) or "–" (no data) at 0 for units without a bar, with the public note."""
    texts = [fmt.SUPPRESSED if r["suppressed"] else fmt.MISSING for r in records]
    hovers = [hover_text(indicator, r) for r in records]
    zeros = [0] * len(records)
    return go.Scatter(
        x=zeros if horizontal else categories,
        y=categories if horizontal else zeros,
        mode="text",
        text=texts,
        textposition="middle right" if horizontal else "top center",
        textfont=dict(size=20, color=TEXT),
        hovertext=hovers,
        hovertemplate=HOVER,
        name="ohne Wert",
        xaxis=xaxis,
        yaxis=yaxis,
        cliponaxis=False,
    )


def hover_texts(fig: go.Figure) -> list[str]:
    """Every hover text of a figure (traces and annotations), for checks."""
    texts: list[str] = []
    for trace in fig.data:
        raw = getattr(trace, "hovertext", None)
        if raw is None:
            continue
        if isinstance(raw, str):
            texts.append(raw)
            continue
        for item in raw:
            if isinstance(item, list | tuple):
                texts.extend(str(t) for t in item if t)
            elif item:
                texts.append(str(item))
    for annotation in fig.layout.annotations or ():
        if annotation.hovertext:
            texts.append(annotation.hovertext)
    return texts
