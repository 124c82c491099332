"""German presentation of values: numbers, dates, the confidentiality symbols, labels.

Pure functions, shared by figures, tables and pages, so that a value reads the same everywhere:
decimal comma, thousands dot, dates as TT.MM.JJJJ, "•" for a suppressed cell (with its reason,
never a number) and "–" where no value exists.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from indicators.registry import BREAKDOWN_TITLES, LEVEL_TITLES, Indicator

SUPPRESSED = "•"
MISSING = "–"
MINUS = "−"  # typographic minus for signed differences
SUPPRESSED_MEANING = "gesperrt wegen zu kleiner Fallzahl"
MISSING_MEANING = "keine Daten"

LEVEL_PLURALS = {
    "stadt": "Stadt",
    "stadtbezirk": "Stadtbezirke",
    "ortsteil": "Ortsteile",
    "bezirk": "Statistische Bezirke",
}
BREAKDOWN_TITLES_DE = dict(BREAKDOWN_TITLES)
BREAKDOWN_TITLES_DE.setdefault("goal", "Handlungsziel")
BREAKDOWN_TITLES_DE.setdefault("department", "Arbeitsbereich")
BREAKDOWN_VALUE_TITLES = {
    ("sex", "m"): "männlich",
    ("sex", "w"): "weiblich",
    ("sex", "d"): "divers",
    ("german", "ja"): "ja",
    ("german", "nein"): "nein",
}
DIRECTION_TITLES = {
    "higher": "ein höherer Wert ist günstiger",
    "lower": "ein niedrigerer Wert ist günstiger",
    "neutral": "keine Bewertungsrichtung",
}
FAMILY_TITLES = {
    "kompik": "KOMPIK (Kitas)",
    "uwe": "UWE (Schülerbefragung)",
    "parents": "Elternbefragung Familienzentren",
    "ssw": "Schulsozialarbeit und Ganztag",
    "goals": "Handlungsziele",
}


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def number(value: float | int | None, decimals: int = 1, signed: bool = False) -> str:
    """``1234.5`` -> ``"1.234,5"``; missing -> "–". With ``signed`` a "+" or "−" leads."""
    if is_missing(value):
        return MISSING
    value = float(value)
    # Commercial rounding of the shown digits (46,15 -> 46,2), as in official statistics.
    rounded = Decimal(repr(abs(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}".replace(",", "\x00").replace(".", ",")
    text = text.replace("\x00", ".")
    rounded_zero = rounded == 0
    if value < 0 and not rounded_zero:
        return MINUS + text
    if signed and not rounded_zero:
        return "+" + text
    if signed:
        return "±" + text
    return text


def integer(value: float | int | None) -> str:
    return number(value, 0)


def date(value: dt.date | dt.datetime | str | None) -> str:
    """A date as TT.MM.JJJJ (ISO strings are accepted)."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.strftime("%d.%m.%Y")


def timestamp(value: dt.datetime | str | None) -> str:
    """A point in time as TT.MM.JJJJ HH:MM."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.strftime("%d.%m.%Y %H:%M")


def unit_suffix(indicator: Indicator) -> str:
    """What follows a number of this indicator in running text ("%" is written "53,2 %")."""
    return indicator.unit.suffix


def value(indicator: Indicator, raw: float | None, text: str | None = None) -> str:
    """A published value with its unit where that is short ("53,2 %"), else the bare number."""
    if isinstance(text, str) and text:
        return text
    if is_missing(raw):
        return MISSING
    return number(raw, indicator.decimals) + unit_suffix(indicator)


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


def suppressed_note(reason: str | None) -> str:
    """ "gesperrt: <reason>" (without saying "gesperrt" twice)."""
    text = (reason or SUPPRESSED_MEANING).replace("sekundär gesperrt", "sekundär")
    return f"gesperrt: {text}"


def level_title(level: str) -> str:
    return LEVEL_TITLES.get(level, level)


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


def family_of(indicator_id: str) -> str:
    return indicator_id.split(".", 1)[0]


def family_title(indicator_id: str) -> str:
    family = family_of(indicator_id)
    return FAMILY_TITLES.get(family, family)


def indicator_label(indicator: Indicator) -> str:
    """Option label of an indicator in the selectors: family, then title."""
    short = {"kompik": "KOMPIK", "uwe": "UWE", "parents": "Eltern", "ssw": "Schule"}
    return f"{short.get(family_of(indicator.id), family_of(indicator.id))} · {indicator.title}"


def unit_title(indicator: Indicator) -> str:
    return indicator.unit.axis_title


def rule_text(indicator: Indicator) -> str:
    """The primary confidentiality rule of an indicator in plain German."""
    from indicators.registry import LIMITS

    rule = indicator.rule
    if rule.kind == "none":
        return "keine Sperrung (Einrichtungen und Stellen, keine Personen)"
    if rule.keck:
        return (
            f"mindestens {rule.min_cell} beobachtete Kinder und KECK-Regel: mindestens "
            f"{LIMITS.keck_min_kitas} Kitas mit je mindestens "
            f"{LIMITS.keck_min_children_per_kita} Kindern"
        )
    if rule.kind == "count":
        return f"mindestens {rule.min_cell} Personen je Zelle"
    return f"mindestens {rule.min_cell} Befragte bzw. Beobachtete je Zelle"


def years(labels: list[str]) -> str:
    """Loaded years in short: "2013–2024" when there is no gap, else "2017, 2019, 2021"."""
    if not labels:
        return MISSING
    starts = [int(label[:4]) for label in labels if label[:4].isdigit()]
    if len(starts) == len(labels) and starts == list(range(starts[0], starts[0] + len(starts))):
        return labels[0] if len(labels) == 1 else f"{labels[0]}–{labels[-1]}"
    return ", ".join(labels)


def plural(count: int, one: str, many: str) -> str:
    return f"{integer(count)} {one if count == 1 else many}"
