"""The social context beside any indicator: its correlation with the Sozialindex over the areas
of a level, and a link to the scatter on the Vergleich page (publish.read.lens has the rules)."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from etl.vocabulary import HIGHER, LEVEL
from indicators.registry import BY_ID
from publish import formatting as fmt
from publish.read import ReadModel
from publish.read.lens import SOCIAL_INDEX
from publish.views.kinds.scatter import correlation_text


def social_lens(source: ReadModel, indicator: str, level: str, year: int) -> list[Any]:
    """One line: "Mit dem Sozialindex (Ortsteile 2023): Korrelation r = … → im Vergleich". Empty
    without social-context data on this level, or for the social indicators themselves."""
    if indicator.startswith("social.") or SOCIAL_INDEX not in source.explorer_indicators():
        return []
    social = dict(source.years(SOCIAL_INDEX, level))
    own = dict(source.years(indicator, level))
    common = sorted(set(social) & set(own))
    if not common:
        return []
    # the year shown if the Sozialindex has it, else the latest year both have
    shown = year if year in common else common[-1]
    text = correlation_text(source.pair(SOCIAL_INDEX, indicator, level, shown), level)
    href = f"/vergleich?ebene={level}&jahr={shown}&x={SOCIAL_INDEX}&y={indicator}"
    label = f"Mit dem {BY_ID[SOCIAL_INDEX].title} ({fmt.level_plural(level)} {own[shown]}): "
    return [
        html.Span(label, className="fw-semibold"),
        text or f"zu wenige {LEVEL[level].plural} mit Werten für eine Korrelation",
        " · ",
        dcc.Link("im Vergleich ansehen →", href=href),
    ]


def unit_lens(source: ReadModel, level: str, number: str) -> list[Any]:
    """The area's Sozialindex and its rank by need among the areas of its level."""
    if SOCIAL_INDEX not in source.explorer_indicators():
        return []
    year = source.latest_year(SOCIAL_INDEX, level)
    if year is None:
        return []
    index = BY_ID[SOCIAL_INDEX]
    cells = source.cells(SOCIAL_INDEX, level, year)
    published = cells[~cells["suppressed"] & cells["value"].notna()]
    # rank 1 = the highest need: the least favourable value first
    needy_first = published.sort_values("value", ascending=index.direction == HIGHER)
    ranks = {n: i + 1 for i, n in enumerate(needy_first["number"])}
    own = cells[cells["number"] == number]
    if own.empty or number not in ranks:
        value = fmt.SUPPRESSED if not own.empty and bool(own["suppressed"].iloc[0]) else fmt.MISSING
        return [html.Span(f"{index.title} {year}: ", className="fw-semibold"), value]
    return [
        html.Span(f"{index.title} {own['period'].iloc[0]}: ", className="fw-semibold"),
        fmt.value(index, float(own["value"].iloc[0])),
        f" – Rang {ranks[number]} von {len(ranks)} {LEVEL[level].dative} nach Bedarf "
        "(1 = höchster Bedarf) · ",
        dcc.Link(
            "alle Indikatoren gegen den Sozialindex →",
            href=f"/vergleich?ebene={level}&x={SOCIAL_INDEX}",
        ),
    ]
