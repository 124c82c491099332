"""The "Steckbrief" of an indicator: what it means, where it comes from, how it is protected."""

from __future__ import annotations

from dash import html

from etl.vocabulary import LEVEL
from indicators.indicator import Indicator
from publish import formatting as fmt


def facts(indicator: Indicator) -> list[tuple[str, str]]:
    """(term, description) pairs of an indicator's metadata, German."""
    pairs = [
        ("Definition", indicator.definition),
        ("Quelle", indicator.source),
    ]
    if indicator.numerator:
        pairs.append(("Zähler", indicator.numerator))
    if indicator.denominator:
        pairs.append(("Nenner", indicator.denominator))
    pairs += [
        ("Einheit", fmt.unit_title(indicator)),
        ("Bewertung", fmt.DIRECTION_TITLES[indicator.direction]),
        ("Fallzahl n", _n_meaning(indicator)),
        ("Mindestfallzahl", fmt.rule_text(indicator)),
        ("Ebenen", ", ".join(LEVEL[lv].title for lv in indicator.levels)),
    ]
    if indicator.breakdowns:
        pairs.append(
            (
                "Aufgliederungen",
                ", ".join(fmt.BREAKDOWN_TITLES.get(b, b) for b in indicator.breakdowns),
            )
        )
    if indicator.notes:
        pairs.append(("Hinweise", indicator.notes))
    pairs.append(("Kennung", indicator.id))
    return pairs


def _n_meaning(indicator: Indicator) -> str:
    if indicator.rule.kind == "none":
        if indicator.rule.note:  # e.g. an index derived from published values
            return "entfällt (siehe Mindestfallzahl)"
        return "Einrichtungen bzw. Stellen (keine Personen)"
    if indicator.rule.kind == "count":
        return "gezählte Personen (Zähler)"
    if indicator.rule.kind == "residents":
        return "Einwohnerinnen und Einwohner im Nenner (amtliche Zahlen)"
    return "Befragte bzw. beobachtete Kinder (Nenner)"


def steckbrief(indicator: Indicator, heading_level: int = 2) -> html.Section:
    heading = getattr(html, f"H{heading_level}")
    items = []
    for term, description in facts(indicator):
        items += [html.Dt(term, className="col-sm-4"), html.Dd(description, className="col-sm-8")]
    return html.Section(
        [
            heading(f"Steckbrief: {indicator.title}", className="h5"),
            html.Dl(items, className="row small mb-0 bimo-facts"),
        ],
        className="bimo-steckbrief",
        **{"aria-label": f"Steckbrief {indicator.title}"},
    )
