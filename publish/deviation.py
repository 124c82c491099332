"""A unit against the city, in the favourable direction: one wording for the Stadtteilprofil
(chart, table, page) and the heat map of the Stadtteile.

``better`` is the difference unit - city signed so that positive means more favourable (for an
indicator where a lower value is better, a value below the city's is positive). What is shown is
that number rounded to the indicator's decimals: its sign, the word and the direction of a bar
always agree, and a difference that rounds to zero reads "wie Herne" (no "±", no verdict).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from etl.vocabulary import HIGHER, LOWER
from indicators.indicator import Indicator
from publish import formatting as fmt

BETTER, WORSE, SAME = "günstiger", "ungünstiger", "wie Herne"


def judged(indicator: Indicator) -> bool:
    """Whether a unit's value can be called more or less favourable than the city's: a ratio
    (not a sum of posts or places) with a favourable direction."""
    return indicator.ratio and indicator.direction in (HIGHER, LOWER)


def favourable(indicator: Indicator, unit: float | None, city: float | None) -> float | None:
    """unit - city signed so that positive is more favourable (None: not comparable)."""
    if not judged(indicator) or fmt.is_missing(unit) or fmt.is_missing(city):
        return None
    diff = float(unit) - float(city)
    return diff if indicator.direction == HIGHER else -diff


def shown(indicator: Indicator, better: float | None) -> float | None:
    """``better`` as published: rounded to the indicator's decimals (commercially), 0.0 for a
    difference that rounds to zero."""
    if fmt.is_missing(better):
        return None
    step = Decimal(1).scaleb(-indicator.decimals)
    value = float(Decimal(repr(float(better))).quantize(step, ROUND_HALF_UP))
    return 0.0 if value == 0 else value


def verdict(indicator: Indicator, better: float | None) -> str:
    """ "günstiger", "ungünstiger" or "wie Herne" (as shown, i.e. after rounding); "" without
    a comparison."""
    value = shown(indicator, better)
    if value is None:
        return ""
    return BETTER if value > 0 else (WORSE if value < 0 else SAME)


def number(indicator: Indicator, better: float | None) -> str:
    """The signed number with its unit ("+3,2 Pp.", "−0,15"); "0,0 Pp." without a sign."""
    value = shown(indicator, better)
    if value is None:
        return fmt.MISSING
    if value == 0:
        return fmt.number(0, indicator.decimals) + indicator.unit.difference_suffix
    return fmt.difference(indicator, value)


def label(indicator: Indicator, better: float | None) -> str:
    """ "+18,0 Pp. günstiger", "−2,9 Pp. ungünstiger" or "wie Herne"; "–" without one."""
    word = verdict(indicator, better)
    if not word:
        return fmt.MISSING
    return SAME if word == SAME else f"{number(indicator, better)} {word}"


def sentence(indicator: Indicator, name: str, value: float | None, city: float | None) -> str:
    """Plain text for a hover or a title: the two values and the verdict in words, e.g.
    "Wanne: 12,0 % · Herne: 30,0 % → 18,0 Pp. niedriger, günstiger (ein niedrigerer Wert ist
    günstiger)"."""
    better = favourable(indicator, value, city)
    values = f"{name}: {fmt.value(indicator, value)} · Herne: {fmt.value(indicator, city)}"
    word = verdict(indicator, better)
    if not word:
        return values
    if word == SAME:
        return f"{values} → {SAME}"
    diff = float(value) - float(city)  # type: ignore[arg-type]
    size = fmt.number(abs(diff), indicator.decimals) + indicator.unit.difference_suffix
    side = "höher" if diff > 0 else "niedriger"
    return f"{values} → {size} {side}, {word} ({fmt.DIRECTION_TITLES[indicator.direction]})"
