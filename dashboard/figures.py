"""Pure figure builders: a DataFrame (and an indicator's metadata) in, a plotly figure out.

No database, no Dash. Every figure carries ``separators=",."`` (decimal comma, thousands dot);
values in labels and hover texts are formatted in Python (formatting.py), so a figure reads German
even before the browser's locale is registered. A suppressed cell never becomes a number: no bar,
no colour, no coordinate, only "•" with its reason. Colours come from colour-blind-safe palettes
(cividis for values, Okabe-Ito for categories and for better/worse), and every value is also
written as text, so nothing is told by colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from dashboard import formatting as fmt
from etl.vocabulary import PERCENT
from indicators.registry import Indicator

SEPARATORS = ",."
COLORSCALE = "cividis"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#212529"
GRID = "#e5e7eb"
SUPPRESSED_FILL = "#c8c8c8"
MISSING_FILL = "#f4f4f4"
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
    """Hover text of one cell. A suppressed cell says "gesperrt: <reason>" and nothing else
    about its value; an empty one says "keine Daten"."""
    title = name or row.get("name") or ""
    lines = [f"<b>{title}</b>"]
    if row.get("suppressed"):
        lines.append(f"{fmt.SUPPRESSED} {fmt.suppressed_note(row.get('reason'))}")
    elif fmt.is_missing(row.get("value")) and not isinstance(row.get("value_text"), str):
        lines.append(f"{fmt.MISSING} {fmt.MISSING_MEANING}")
    else:
        lines.append(f"{indicator.title}: {fmt.cell(indicator, row)}")
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


def _colorbar(indicator: Indicator) -> dict:
    """The value scale beside tile map and choropleth, in the indicator's unit."""
    return dict(
        title=dict(text=fmt.unit_title(indicator), side="right"),
        thickness=12,
        len=0.8,
        tickformat=f",.{indicator.decimals}f",
    )


def _colors(values: pd.Series, low: float, high: float) -> list[str]:
    span = (high - low) or 1.0
    points = [min(max((v - low) / span, 0.0), 1.0) for v in values]
    return sample_colorscale(COLORSCALE, points) if points else []


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for missing values (column-wise: fast for small frames)."""
    columns = {
        name: [None if isinstance(v, float) and math.isnan(v) else v for v in values]
        for name, values in frame.to_dict("list").items()
    }
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


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

    ``frame``: number, name, value, value_text, suppressed, reason (numerator, denominator, n).
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


# --- bars -------------------------------------------------------------------------------------


def ranked_bars(
    frame: pd.DataFrame,
    indicator: Indicator,
    city: dict | None = None,
    title: str | None = None,
) -> go.Figure:
    """Units ranked by value (highest on top), value written beside each bar, the city's value
    as a dashed reference line; suppressed units at the bottom with "•" at 0 and no bar."""
    records = _records(frame)
    shown = sorted(
        (r for r in records if not r["suppressed"] and r.get("value") is not None),
        key=lambda r: r["value"],
    )
    others = [r for r in records if r["suppressed"] or r.get("value") is None]
    height = max(260, 70 + 22 * len(records))
    if indicator.unit.is_date:
        return empty("Für Datumsangaben gibt es keine Rangfolge; siehe Tabelle.", title, 200)
    fig = new_figure(title, height, margin=dict(l=10, r=40, t=50 if title else 15, b=40))
    names_bottom_up = [r["name"] for r in others][::-1] + [r["name"] for r in shown]
    if shown:
        values = pd.Series([r["value"] for r in shown])
        low, high = _colour_range(frame)
        fig.add_trace(
            go.Bar(
                y=[r["name"] for r in shown],
                x=values,
                orientation="h",
                name=indicator.title,
                marker=dict(
                    color=_colors(values, low, high), line=dict(color="#4b5563", width=0.5)
                ),
                text=[cell_text(indicator, r) for r in shown],
                # Inside the bar's end (the city's line runs behind the bars, so it never
                # crosses a label); outside only where a bar is too short.
                textposition=_label_positions([r["value"] for r in shown], 0.2),
                insidetextanchor="end",
                constraintext="none",
                textfont=dict(size=12),
                cliponaxis=False,
                hovertext=[hover_text(indicator, r) for r in shown],
                hovertemplate=HOVER,
            )
        )
    if others:
        fig.add_trace(
            _symbol_markers([r["name"] for r in others], others, indicator, horizontal=True)
        )
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


def _label_positions(values: list[float], share: float) -> list[str]:
    """ "inside" for bars long enough to hold their label (``share`` of the longest), else
    "outside"."""
    longest = max([abs(v) for v in values] + [1e-9])
    return ["inside" if abs(v) >= share * longest else "outside" for v in values]


def _colour_range(frame: pd.DataFrame) -> tuple[float, float]:
    values = frame.loc[~frame["suppressed"], "value"].dropna()
    if values.empty:
        return 0.0, 1.0
    return float(values.min()), float(values.max())


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
    """ "•" (suppressed) or "–" (no data) at 0 for units without a bar, with the reason."""
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
    _pad_range(fig, [r["value"] for r in shown], axis="y")
    return fig


def department_bars(frame: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Counts of measures and projects per department (``department``, ``count``)."""
    if frame.empty:
        return empty("Für dieses Handlungsziel sind keine Maßnahmen erfasst.", title, 220)
    ordered = frame.sort_values(["count", "department"], ascending=[True, False])
    height = max(200, 80 + 34 * len(ordered))
    fig = new_figure(title, height, margin=dict(l=10, r=40, t=50 if title else 15, b=40))
    fig.add_trace(
        go.Bar(
            y=ordered["department"],
            x=ordered["count"],
            orientation="h",
            marker_color=BAR_COLOR,
            text=[fmt.integer(c) for c in ordered["count"]],
            textposition="outside",
            cliponaxis=False,
            hovertext=[
                f"<b>{d}</b><br>{fmt.plural(int(c), 'Nennung', 'Nennungen')}"
                for d, c in zip(ordered["department"], ordered["count"], strict=True)
            ],
            hovertemplate=HOVER,
        )
    )
    fig.update_xaxes(title="Anzahl der Nennungen", dtick=1, rangemode="tozero", tickformat="d")
    fig.update_yaxes(title=None)
    _pad_range(fig, list(ordered["count"]))
    return fig


# --- time ------------------------------------------------------------------------------------


def time_series(
    series: pd.DataFrame,
    indicator: Indicator,
    selected: Sequence[str] = (),
    title: str | None = None,
    height: int = 380,
) -> go.Figure:
    """The city's line (black, dashed) against the units: selected units in colour with markers,
    all others as thin grey context lines. Suppressed points leave a gap and show "•" on the time
    axis (with the reason when hovered); no value is ever drawn for them.

    ``series``: number ("0" = city), name, year, period, value, suppressed, reason, ..."""
    if series.empty or indicator.unit.is_date:
        return empty(title=title, height=height)
    fig = new_figure(
        title, height, showlegend=True, legend=dict(orientation="h", yanchor="top", y=-0.15, x=0)
    )
    periods = series[["year", "period"]].drop_duplicates().sort_values("year")
    selected = [s for s in selected if s != "0"]
    # All other units as one grey trace, their lines separated by gaps (one trace is much
    # lighter to build and to draw than one per unit).
    context = series[(series["number"] != "0") & ~series["number"].isin(selected)]
    xs: list = []
    ys: list = []
    hovers: list = []
    previous = None
    for r in _records(context.sort_values(["number", "year"], kind="stable")):
        if previous is not None and r["number"] != previous:
            xs.append(None)
            ys.append(None)
            hovers.append("")
        previous = r["number"]
        xs.append(r["year"])
        ys.append(None if r["suppressed"] else r["value"])
        hovers.append(hover_text(indicator, r, extra=[f"Jahr: {r['period']}"]))
    if xs:
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color=CONTEXT_COLOR, width=1),
                name="übrige Einheiten",
                showlegend=True,
                connectgaps=False,
                hovertext=hovers,
                hovertemplate=HOVER,
            )
        )
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
                f"<b>{r['title']}</b><br>{fmt.SUPPRESSED} {fmt.suppressed_note(r['reason'])}"
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


def scatter(
    pair: pd.DataFrame,
    x: Indicator,
    y: Indicator,
    city_x: dict | None,
    city_y: dict | None,
    title: str | None = None,
    height: int = 480,
) -> go.Figure:
    """Two indicators over the units of one level and year; each point labelled with its unit,
    the city as a black diamond and dashed lines through its values. Units with a suppressed or
    missing value on either axis are not drawn (the page lists them).

    ``pair``: number, name, value_x, suppressed_x, value_y, suppressed_y, ..."""
    usable = pair[
        ~pair["suppressed_x"]
        & ~pair["suppressed_y"]
        & pair["value_x"].notna()
        & pair["value_y"].notna()
    ]
    if usable.empty:
        return empty(title=title, height=height)
    ok_x = city_x and not city_x.get("suppressed") and city_x.get("value") is not None
    ok_y = city_y and not city_y.get("suppressed") and city_y.get("value") is not None
    city_point = (city_x["value"], city_y["value"]) if ok_x and ok_y else None
    fig = new_figure(title, height, margin=dict(l=10, r=20, t=50 if title else 15, b=50))
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
    fig.update_xaxes(title=_axis_label(x), tickformat=f",.{min(x.decimals, 2)}f")
    fig.update_yaxes(title=_axis_label(y), tickformat=f",.{min(y.decimals, 2)}f")
    return fig


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
                "reason": r.get("reason_2") if r["suppressed_2"] else r.get("reason_1"),
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
