"""German presentation of indicator values: cells, differences, the confidentiality symbols and
the labels of indicators, levels and breakdowns.

The pure number and date functions live in ``etl.german`` and the vocabulary (levels, units,
directions, breakdowns, families) in ``etl.vocabulary``; this module adds what needs an
indicator, and re-exports the German functions so that figures, tables, pages and downloads
import one module (``from publish import formatting as fmt``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from etl.german import (
    MINUS,
    MISSING,
    SUPPRESSED,
    date,
    integer,
    is_missing,
    number,
    plural,
    timestamp,
    years,
)
from etl.vocabulary import (
    BREAKDOWN_TITLES,
    BREAKDOWN_VALUE_TITLES,
    DIRECTION_TITLES,
    LEVEL,
    level_title,
)
from indicators.disclosure import PUBLIC_NOTE
from indicators.indicator import Indicator

__all__ = [
    "BREAKDOWN_TITLES",
    "BREAKDOWN_VALUE_TITLES",
    "DIRECTION_TITLES",
    "IMPLAUSIBLE",
    "IMPLAUSIBLE_NOTE",
    "MINUS",
    "MISSING",
    "MISSING_MEANING",
    "SUPPRESSED",
    "SUPPRESSED_MEANING",
    "breakdown_title",
    "cell",
    "date",
    "difference",
    "implausible",
    "indicator_label",
    "integer",
    "is_missing",
    "level_plural",
    "level_title",
    "number",
    "plural",
    "rule_text",
    "suppressed_note",
    "timestamp",
    "unit_suffix",
    "unit_title",
    "value",
    "years",
]

SUPPRESSED_MEANING = PUBLIC_NOTE  # "zu geringe Fallzahl oder zum Schutz anderer Werte gesperrt"
MISSING_MEANING = "keine Daten"
IMPLAUSIBLE = "(!)"  # after a value above its indicator's ceiling (participation over 100 %)
IMPLAUSIBLE_NOTE = (
    "über 100 %: Zähler und Nenner umfassen nicht dieselben Personen (z. B. Stichtag der "
    "Bevölkerung, Zuzüge, Wohnort); der Wert ist nicht korrigiert"
)


def level_plural(level: str) -> str:
    """ "Ortsteile" (titles of charts and tables)."""
    return LEVEL[level].plural if level in LEVEL else level


def unit_suffix(indicator: Indicator) -> str:
    """What follows a number of this indicator in running text ("%" is written "53,2 %")."""
    return indicator.unit.suffix


def value(indicator: Indicator, raw: float | None, text: str | None = None) -> str:
    """A published value with its unit where that is short ("53,2 %"), else the bare number."""
    if isinstance(text, str) and text:
        return text
    if is_missing(raw):
        return MISSING
    text = number(raw, indicator.decimals) + unit_suffix(indicator)
    return f"{text} {IMPLAUSIBLE}" if implausible(indicator, raw) else text


def implausible(indicator: Indicator, raw: float | None) -> bool:
    """True for a value above the indicator's ceiling (flagged, never corrected)."""
    return indicator.ceiling is not None and not is_missing(raw) and raw > indicator.ceiling


def difference(indicator: Indicator, diff: float | None) -> str:
    """A signed difference: percentage points for shares, the indicator's unit otherwise."""
    if is_missing(diff):
        return MISSING
    return number(diff, indicator.decimals, signed=True) + indicator.unit.difference_suffix


def cell(indicator: Indicator, row: Mapping[str, Any]) -> str:
    """The text of one cell of ``indicator_values``: "•" when suppressed, "–" when empty."""
    if row.get("suppressed"):
        return SUPPRESSED
    return value(indicator, row.get("value"), row.get("value_text"))


def suppressed_note() -> str:
    """What every page, download and slide says of a withheld cell: one note for all, so that
    it never tells whether the cell is small itself (the reason stays in the database)."""
    return SUPPRESSED_MEANING


def breakdown_title(breakdown: str) -> str:
    """``"sex=w"`` -> ``"Geschlecht: weiblich"``; ``""`` -> ``"insgesamt"``."""
    if not breakdown:
        return "insgesamt"
    parts = []
    for part in breakdown.split(";"):
        dim, _, val = part.partition("=")
        if dim == "grade":
            parts.append(f"Jahrgang {val}")
            continue
        title = BREAKDOWN_TITLES.get(dim, dim)
        parts.append(f"{title}: {BREAKDOWN_VALUE_TITLES.get((dim, val), val)}")
    return ", ".join(parts)


def indicator_label(indicator: Indicator) -> str:
    """Option label of an indicator in the selectors: family, then title."""
    short = indicator.family.short if indicator.family else "Eigener Indikator"
    return f"{short} · {indicator.title}"


def unit_title(indicator: Indicator) -> str:
    return indicator.unit.axis_title


def rule_text(indicator: Indicator) -> str:
    """The primary confidentiality rule of an indicator in plain German."""
    rule = indicator.rule
    if rule.note:
        return rule.note
    if rule.kind == "none":
        return "keine Sperrung (Stellen und Maßnahmen, keine Personen)"
    if rule.kind == "residents":
        return (
            f"mindestens {rule.min_cell} Einwohnerinnen und Einwohner im Nenner je Zelle "
            "(kleinere Zahlen hat das Statistikamt bereits geheim gehalten)"
        )
    if rule.kind == "facilities":
        return f"nur für Gebiete mit mindestens {rule.min_cell} Einrichtungen"
    groups = ""
    if rule.groups is not None:
        name = f"{rule.groups.name}: " if rule.groups.name else ""
        groups = f" und {name}mindestens {rule.groups.min_groups} {rule.groups.title}" + (
            f" mit je mindestens {rule.groups.min_records} Kindern"
            if rule.groups.min_records > 1
            else ""
        )
    if rule.kind == "count":
        return f"mindestens {rule.min_cell} Personen je Zelle{groups}"
    return f"mindestens {rule.min_cell} Befragte bzw. Beobachtete je Zelle{groups}"
