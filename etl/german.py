"""German number and date formatting, at the bottom of the stack.

Pure functions used by the importers' messages, the command line, the indicators' summaries and
every page and download, so that a number reads the same everywhere: decimal comma, thousands
dot, commercial rounding, dates as TT.MM.JJJJ, "–" where no value exists.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SUPPRESSED = "•"  # a value withheld for confidentiality
MISSING = "–"  # no value
MINUS = "−"  # typographic minus for signed differences


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


def plain_number(value: float) -> str:
    """A rule's bound as written in a message: "10", "1,5" (no rounding, no thousands dot)."""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


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


def years(labels: list[str]) -> str:
    """Loaded years in short: "2013–2024" when there is no gap, else "2017, 2019, 2021"."""
    if not labels:
        return MISSING
    starts = [int(label[:4]) for label in labels if label[:4].isdigit()]
    if len(starts) == len(labels) and starts == list(range(starts[0], starts[0] + len(starts))):
        return labels[0] if len(labels) == 1 else f"{labels[0]}–{labels[-1]}"
    return ", ".join(labels)


def plural(count: int, one: str, many: str) -> str:
    """``plural(1234, "Zeile", "Zeilen")`` -> "1.234 Zeilen"."""
    return f"{integer(count)} {one if count == 1 else many}"
