"""The table of a view: German headers, cells as numbers, dates or text, rounded as published;
with the metadata (definition, source, data date, confidentiality) the XLSX and CSV writers
(``publish.render.xlsx_csv``) put beside it, and the hints the screen needs to show the same
cells as text (``publish.tables.screen_frame``). Each view kind builds its table in its own module
(``publish.views.kinds``) from the cell helpers here.

A suppressed cell is "•" in every column that would carry a number of it (value, numerator,
denominator, n), a missing one "–". Text from deliveries is made inert here (``inert``), so a
unit or measure name can never become a spreadsheet formula.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from indicators.indicator import Indicator
from publish import formatting as fmt
from publish.text import SYMBOL_LEGEND, confidentiality_text
from publish.views.request import View

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CITY_LABEL = "Herne (Stadt)"


# --- neutralising text ------------------------------------------------------------------------


def inert(text: str) -> str:
    """Text that no spreadsheet evaluates: a leading apostrophe before =, +, -, @, tab or
    carriage return (also when blanks or line breaks come first)."""
    if text.lstrip(" \n\u00a0").startswith(FORMULA_START) or text.startswith(FORMULA_START):
        return "'" + text
    return text


def clean(text: str) -> str:
    """Inert text without the characters a spreadsheet refuses."""
    return inert(ILLEGAL_CHARACTERS_RE.sub("", text))


# --- the table model --------------------------------------------------------------------------


@dataclass
class Table:
    """A table ready to write: German headers, cells as numbers, dates or text."""

    title: str
    columns: list[str]
    rows: list[list[Any]]
    decimals: dict[str, int] = field(default_factory=dict)  # numeric column -> decimals
    metadata: list[tuple[str, str]] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)  # described on the meta sheet
    stem: str = "tabelle"
    source: str = ""
    data_date: dt.date | None = None
    # On screen (``publish.tables.screen_frame``): what follows a number of a column ("53,2 %",
    # "+1,2 Pp.") and the columns of signed differences.
    suffixes: dict[str, str] = field(default_factory=dict)
    signed: tuple[str, ...] = ()
    # Where the rows differ (the profile: one indicator a row): per row, column -> (decimals,
    # suffix) on screen.
    row_formats: list[dict[str, tuple[int, str]]] = field(default_factory=list)


def rounded(value: Any, decimals: int) -> float | int | None:
    """Commercial rounding to the published decimals (46,15 -> 46,2); None for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return int(exact) if decimals == 0 else float(exact)


def count_decimals(values: list[Any]) -> int:
    """0 where every number is whole, else 2 (numerators and denominators)."""
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return 0 if all(float(v).is_integer() for v in numbers) else 2


def value_cell(indicator: Indicator, row: dict) -> Any:
    """The value cell: "•", a date, a number or "–"."""
    if row.get("suppressed"):
        return fmt.SUPPRESSED
    text = row.get("value_text")
    if isinstance(text, str) and text:
        match = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", text)
        if match:
            day, month, year = map(int, match.groups())
            return dt.date(year, month, day)
        return text
    number = rounded(row.get("value"), indicator.decimals)
    return fmt.MISSING if number is None else number


def plain_cell(row: dict, name: str, decimals: int | None = None) -> Any:
    """A number beside the value (numerator, denominator, n): "•" where the cell is withheld."""
    if row.get("suppressed"):
        return fmt.SUPPRESSED
    value = row.get(name)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return fmt.MISSING
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    return rounded(value, decimals)


def hint(row: dict) -> str:
    """The "Hinweis" of a cell: why it is withheld, or that it is missing."""
    if row.get("suppressed"):
        return fmt.suppressed_note()
    if row.get("value") is None and not row.get("value_text"):
        return fmt.MISSING_MEANING
    return ""


def records(frame) -> list[dict]:
    """The rows of a frame as dicts, NaN as None."""
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def place(view: View) -> list[tuple[str, str]]:
    """Metadata of an indicator's view: level, year (where one) and breakdown."""
    request = view.request
    found = [("Raumebene", fmt.level_title(request.level))]
    if view.extra.get("period"):
        found.append(("Jahr", view.extra["period"]))
    found.append(("Aufgliederung", fmt.breakdown_title(request.breakdown)))
    return found


def common_metadata(view: View, table: Table) -> list[tuple[str, str]]:
    """The metadata every table carries first (title, source, data date, symbols)."""
    found = [("Titel", table.title)]
    found.append(("Quelle", view.source.removeprefix("Quelle: ")))
    found.append(("Datenstand", fmt.date(view.data_date)))
    if view.synthetic:
        found.append(("Datenbasis", "Synthetische Beispieldaten – keine echten Werte aus Herne."))
    found.append(("Geheimhaltung", confidentiality_text()))
    found.append(("Zeichenerklärung", SYMBOL_LEGEND))
    if _flagged(view):
        found.append(("Hinweis", f"{fmt.IMPLAUSIBLE} {fmt.IMPLAUSIBLE_NOTE}"))
    found.append(("Erstellt am", fmt.date(dt.date.today())))
    return found


def _flagged(view: View) -> bool:
    """True when the view shows a value above its indicator's ceiling."""
    indicator = view.indicator
    frame = view.frame
    if indicator is None or indicator.ceiling is None or "value" not in frame:
        return False
    return bool((frame["value"].astype(float) > indicator.ceiling).any())


def indicator_metadata(indicator: Indicator) -> list[tuple[str, str]]:
    """The Steckbrief of one indicator as (label, text) rows."""
    return [
        ("Indikator", indicator.title),
        ("Kennung", indicator.id),
        ("Definition", indicator.definition),
        ("Quelle", indicator.source),
        ("Zähler", indicator.numerator or fmt.MISSING),
        ("Nenner", (indicator.denominator if indicator.ratio else "") or fmt.MISSING),
        ("Maßeinheit", fmt.unit_title(indicator)),
        ("Nachkommastellen", str(indicator.decimals)),
        ("Bewertungsrichtung", fmt.DIRECTION_TITLES[indicator.direction]),
        ("Geheimhaltungsregel", fmt.rule_text(indicator)),
        ("Hinweise", indicator.notes or fmt.MISSING),
    ]
