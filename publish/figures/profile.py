"""The Stadtteilprofil: how far units lie from the city, per indicator, signed so that right
(positive) is more favourable whatever the indicator's direction.

Two renderings of the same rows: :func:`deviation_groups` for the page, which draws them as
bars in HTML (one unit, or two or three side by side on one scale, and readable on a phone), and
:func:`deviation_chart`, the figure of the image downloads and slides. Both show only the
indicators that can be judged (``publish.deviation.judged``: no sums, no neutral ones) and take
their words from ``publish.deviation``, so a number's sign, its word and its bar always agree.
A withheld value is "•" and never a bar or a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from etl.vocabulary import FAMILY
from indicators.registry import BY_ID
from publish import deviation
from publish import formatting as fmt
from publish.figures.style import (
    BETTER,
    HOVER,
    NEUTRAL,
    SEPARATORS,
    TEMPLATE,
    TEXT,
    WORSE,
    _records,
    empty,
)

HINT = "◀ ungünstiger als Herne  ·  günstiger als Herne ▶"
ROW = 18  # px per indicator in the image
PANEL = 46  # px per panel (its title and axis)
TONES = {deviation.BETTER: "better", deviation.WORSE: "worse", deviation.SAME: "same"}
COLOURS = {"better": BETTER, "worse": WORSE, "same": NEUTRAL}


def nothing_to_compare(name: str) -> str:
    """The message for a unit without one comparable value (all withheld or missing)."""
    return (
        f"Für {name} gibt es keinen vergleichbaren Wert: alle Werte sind gesperrt "
        f"({fmt.SUPPRESSED}) oder fehlen ({fmt.MISSING})."
    )


def comparable(profile: pd.DataFrame) -> pd.DataFrame:
    """The rows of a profile (``publish.read.PROFILE_COLUMNS``) that can be judged."""
    keep = [deviation.judged(BY_ID[i]) if i in BY_ID else False for i in profile["indicator"]]
    return profile[keep].reset_index(drop=True)


def has_numbers(profile: pd.DataFrame) -> bool:
    """Whether a profile has at least one comparable published value."""
    return bool(comparable(profile)["better"].notna().any())


# --- rows for the page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One unit on one indicator."""

    text: str  # "+3,2 Pp. günstiger", "wie Herne", "•", "–"
    share: float  # signed length as a share of the group's scale (-1 … 1); 0: no bar
    tone: str  # "better", "worse", "same", "suppressed", "missing"
    detail: str  # a plain sentence with both values (title and hover)


@dataclass(frozen=True)
class BarRow:
    indicator: str
    title: str
    period: str
    bars: tuple[Bar, ...]  # one per unit, in the order asked


@dataclass(frozen=True)
class BarGroup:
    """Indicators of one area in one measurement unit (one scale for every unit shown)."""

    title: str  # "KOMPIK (Kitas)"
    axis: str  # "Anteile: Differenz in Prozentpunkten"
    rows: tuple[BarRow, ...]


def _bar(record: dict | None, name: str, extent: float) -> Bar:
    if record is None:
        return Bar(fmt.MISSING, 0.0, "missing", f"{name}: {fmt.MISSING_MEANING}")
    indicator = BY_ID[record["indicator"]]
    if record["suppressed"]:
        return Bar(fmt.SUPPRESSED, 0.0, "suppressed", f"{name}: {fmt.suppressed_note()}")
    if record["better"] is None:
        why = "Wert für Herne gesperrt" if record["city_suppressed"] else fmt.MISSING_MEANING
        symbol = fmt.SUPPRESSED if record["city_suppressed"] else fmt.MISSING
        tone = "suppressed" if record["city_suppressed"] else "missing"
        return Bar(symbol, 0.0, tone, f"{name}: {why}")
    value = deviation.shown(indicator, record["better"]) or 0.0
    return Bar(
        deviation.label(indicator, record["better"]),
        max(-1.0, min(1.0, value / extent)) if extent else 0.0,
        TONES[deviation.verdict(indicator, record["better"])],
        deviation.sentence(indicator, name, record["value"], record["city"]),
    )


def deviation_groups(
    profiles: Sequence[tuple[str, pd.DataFrame]], by_value: bool = True
) -> list[BarGroup]:
    """The comparable rows of one or more units' profiles (name, profile of one level), grouped
    by area and measurement unit, each group on one scale for all units. With ``by_value`` (one
    unit) the most favourable first and rows without a number last; else in registry order."""
    frames = [(name, comparable(profile)) for name, profile in profiles]
    by_unit = [
        (name, {r["indicator"]: r for r in _records(frame)}) for name, frame in frames
    ]  # fmt: skip
    order = list(dict.fromkeys(i for _, frame in frames for i in frame["indicator"]))
    keys: dict[tuple[str, str], list[str]] = {}
    for indicator_id in order:
        indicator = BY_ID[indicator_id]
        family = indicator.family.prefix if indicator.family else ""
        keys.setdefault((family, indicator.unit.key), []).append(indicator_id)
    groups = []
    for (family, _), members in keys.items():
        values = [
            abs(deviation.shown(BY_ID[i], rows[i]["better"]) or 0.0)
            for i in members
            for _, rows in by_unit
            if i in rows and rows[i]["better"] is not None
        ]
        extent = max(values, default=0.0)
        rows = []
        for indicator_id in members:
            records = [found.get(indicator_id) for _, found in by_unit]
            first = next((r for r in records if r is not None), {})
            rows.append(
                BarRow(
                    indicator_id,
                    BY_ID[indicator_id].title,
                    str(first.get("period") or ""),
                    tuple(
                        _bar(record, name, extent)
                        for (name, _), record in zip(by_unit, records, strict=True)
                    ),
                )
            )
        if by_value and len(by_unit) == 1:
            rows.sort(key=lambda r: (r.bars[0].tone in ("suppressed", "missing"), -r.bars[0].share))
        unit = BY_ID[members[0]].unit
        title = FAMILY[family].title if family in FAMILY else "Eigene Indikatoren"
        groups.append(BarGroup(title, unit.difference_axis, tuple(rows)))
    return groups


# --- the figure of the downloads --------------------------------------------------------------


def deviation_chart(profile: pd.DataFrame, unit_name: str, title: str | None = None) -> go.Figure:
    """The profile of one unit as horizontal bars, one panel per measurement unit (percentage
    points and grade steps cannot share an axis), favourable to the right; "•" at 0 for a
    withheld value. A unit without one comparable value gets a message instead of axes."""
    rated = comparable(profile)
    if not has_numbers(rated):
        return empty(nothing_to_compare(unit_name), title, 260)
    groups = list(dict.fromkeys(rated["unit"]))
    counts = [int((rated["unit"] == g).sum()) for g in groups]
    fig = make_subplots(
        rows=len(groups),
        cols=1,
        row_heights=counts,
        vertical_spacing=min(0.06, 0.4 / len(groups)),
        subplot_titles=[g.difference_axis for g in groups],
    )
    hint = f"<span style='font-size:12px;color:#374151'>{HINT}</span>"
    fig.update_layout(
        template=TEMPLATE,
        separators=SEPARATORS,
        height=90 + sum(ROW * c + PANEL for c in counts),
        showlegend=False,
        bargap=0.25,
        margin=dict(l=10, r=20, t=95 if title else 60, b=30),
        title=dict(text=f"{title}<br>{hint}" if title else hint),
    )
    for index, group in enumerate(groups, start=1):
        part = rated[rated["unit"] == group].copy()
        part["shown"] = pd.Series(
            [
                deviation.shown(BY_ID[i], b)
                for i, b in zip(part["indicator"], part["better"], strict=True)
            ],
            index=part.index,
            dtype=float,
        )
        part = part.sort_values("shown", na_position="first")
        labels = [f"{t} ({p})" for t, p in zip(part["title"], part["period"], strict=True)]
        shown = _records(part[part["shown"].notna()])
        hidden = _records(part[part["shown"].isna()])
        if shown:
            verdicts = [deviation.verdict(BY_ID[r["indicator"]], r["better"]) for r in shown]
            fig.add_trace(
                go.Bar(
                    y=[f"{r['title']} ({r['period']})" for r in shown],
                    x=[r["shown"] for r in shown],
                    orientation="h",
                    marker_color=[COLOURS[TONES[v]] for v in verdicts],
                    text=[deviation.label(BY_ID[r["indicator"]], r["better"]) for r in shown],
                    textposition="outside",
                    textfont=dict(size=11),
                    cliponaxis=False,
                    hovertext=[
                        f"<b>{r['title']}</b> ({r['period']})<br>"
                        + deviation.sentence(
                            BY_ID[r["indicator"]], unit_name, r["value"], r["city"]
                        )
                        for r in shown
                    ],
                    hovertemplate=HOVER,
                ),
                row=index,
                col=1,
            )
        if hidden:
            fig.add_trace(
                go.Scatter(
                    y=[f"{r['title']} ({r['period']})" for r in hidden],
                    x=[0] * len(hidden),
                    mode="text",
                    text=[fmt.SUPPRESSED if _withheld(r) else fmt.MISSING for r in hidden],
                    textposition="middle right",
                    textfont=dict(size=16, color=TEXT),
                    hovertext=[
                        f"<b>{r['title']}</b><br>"
                        + (
                            f"{fmt.SUPPRESSED} {fmt.suppressed_note()}"
                            if _withheld(r)
                            else f"{fmt.MISSING} {fmt.MISSING_MEANING}"
                        )
                        for r in hidden
                    ],
                    hovertemplate=HOVER,
                    cliponaxis=False,
                ),
                row=index,
                col=1,
            )
        fig.update_yaxes(
            categoryorder="array", categoryarray=labels, row=index, col=1, tickfont=dict(size=11)
        )
        extent = max([abs(r["shown"]) for r in shown] + [1e-9]) * 1.7
        fig.update_xaxes(
            range=[-extent, extent],
            zeroline=True,
            zerolinewidth=2,
            zerolinecolor="#4b5563",
            tickformat=f",.{group.decimals}f",
            row=index,
            col=1,
        )
    return fig


def _withheld(record: dict) -> bool:
    return bool(record["suppressed"] or record["city_suppressed"])
