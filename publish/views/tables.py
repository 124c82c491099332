"""The table of each view kind: German headers, cells as numbers, dates or text, rounded as
published; with the metadata (definition, source, data date, confidentiality) the XLSX and CSV
writers (``publish.render.xlsx_csv``) put beside it.

A suppressed cell is "•" in every column that would carry a number of it (value, numerator,
denominator, n), a missing one "–". Text from deliveries is made inert here (``inert``), so a
unit or measure name can never become a spreadsheet formula.

(About 480 lines: one small builder per view kind; they share the cell helpers above them.)
"""

from __future__ import annotations

import csv  # noqa: F401
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from indicators.indicator import Indicator
from indicators.registry import BY_ID
from publish import formatting as fmt
from publish.text import (
    SYMBOL_LEGEND,
    confidentiality_text,
)
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


def _clean(text: str) -> str:
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


def rounded(value: Any, decimals: int) -> float | int | None:
    """Commercial rounding to the published decimals (46,15 -> 46,2); None for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return int(exact) if decimals == 0 else float(exact)


def _count_decimals(values: list[Any]) -> int:
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return 0 if all(float(v).is_integer() for v in numbers) else 2


def _value(indicator: Indicator, row: dict) -> Any:
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


def _plain(row: dict, name: str, decimals: int | None = None) -> Any:
    if row.get("suppressed"):
        return fmt.SUPPRESSED
    value = row.get(name)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return fmt.MISSING
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    return rounded(value, decimals)


def _hint(row: dict) -> str:
    if row.get("suppressed"):
        return fmt.suppressed_note(row.get("reason"))
    if row.get("value") is None and not row.get("value_text"):
        return fmt.MISSING_MEANING
    return ""


def _records(frame) -> list[dict]:
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def cells_table(view: View) -> Table:
    indicator = view.indicator
    columns = ["Nr.", "Einheit", "Jahr", "Wert"]
    with_numerator = bool(indicator.numerator)
    with_denominator = bool(indicator.ratio and indicator.denominator)
    with_n = indicator.rule.kind != "none"
    if with_numerator:
        columns.append("Zähler")
    if with_denominator:
        columns.append("Nenner")
    if with_n:
        columns.append("Fallzahl (n)")
    columns.append("Hinweis")
    records = _records(view.frame)
    if view.city:
        city = {
            k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in view.city.items()
        }
        records.append({**city, "number": "0", "name": CITY_LABEL})
    rows = []
    period = view.extra.get("period", "")
    for row in records:
        line = [row.get("number") or "", row.get("name") or "", row.get("period") or period]
        line.append(_value(indicator, row))
        if with_numerator:
            line.append(_plain(row, "numerator"))
        if with_denominator:
            line.append(_plain(row, "denominator"))
        if with_n:
            line.append(_plain(row, "n", 0))
        line.append(_hint(row))
        rows.append(line)
    decimals = {"Wert": indicator.decimals, "Fallzahl (n)": 0}
    for name, key in (("Zähler", "numerator"), ("Nenner", "denominator")):
        decimals[name] = _count_decimals([r.get(key) for r in records])
    return Table(
        title=view.title,
        columns=columns,
        rows=rows,
        decimals=decimals,
        indicators=[indicator],
        metadata=_place(view),
    )


def series_table(view: View) -> Table:
    indicator = view.indicator
    years: dict[int, str] = view.extra["years"]
    ordered = sorted(years)
    labels = [years[y] for y in ordered]
    frame = view.frame
    names = dict(view.extra["names"])
    numbers = [n for n in names if n != "0"] + ["0"]
    names["0"] = CITY_LABEL
    cells = {(r["number"], int(r["year"])): r for r in _records(frame)}
    rows = []
    for number in numbers:
        line: list[Any] = [number, names.get(number, number)]
        for year in ordered:
            cell = cells.get((number, year))
            line.append(fmt.MISSING if cell is None else _value(indicator, cell))
        rows.append(line)
    return Table(
        title=view.title,
        columns=["Nr.", "Einheit", *labels],
        rows=rows,
        decimals=dict.fromkeys(labels, indicator.decimals),
        indicators=[indicator],
        metadata=_place(view),
    )


def departments_table(view: View) -> Table:
    detail = view.extra["detail"]
    rows = [[str(r["department"]), rounded(r["count"], 0)] for r in _records(detail.departments)]
    return Table(
        title=view.title,
        columns=["Arbeitsbereich", "Nennungen"],
        rows=rows,
        decimals={"Nennungen": 0},
        indicators=[BY_ID["goals.measures"]],
        metadata=[
            ("Handlungsziel", f"{detail.number} {detail.title}"),
            ("Zielformulierung", detail.statement),
            ("Zielperiode", detail.period),
        ],
    )


def measures_table(view: View) -> Table:
    detail = view.extra["detail"]
    rows = [
        [
            index,
            m.title,
            m.department,
            "ja" if m.inferred else "nein",
            m.note or "",
            m.description or "",
            m.status or "",
        ]
        for index, m in enumerate(detail.measures, start=1)
    ]
    return Table(
        title=f"Handlungsziel {detail.number} {detail.title}: Maßnahmen und Projekte",
        columns=[
            "Nr.",
            "Maßnahme / Projekt",
            "Arbeitsbereich",
            "Arbeitsbereich erschlossen",
            "Begründung der Zuordnung",
            "Beschreibung",
            "Stand",
        ],
        rows=rows,
        decimals={"Nr.": 0},
        metadata=[
            ("Handlungsziel", f"{detail.number} {detail.title}"),
            ("Zielformulierung", detail.statement),
            ("Zielperiode", detail.period),
            (
                "Arbeitsbereich erschlossen",
                "ja: die Dokumentation nennt den Arbeitsbereich nicht ausdrücklich; die "
                "Zuordnung ist aus dem Text erschlossen (Begründung in der Spalte daneben).",
            ),
        ],
    )


def goals_table(view: View) -> Table:
    rows = []
    for detail in view.extra["details"]:
        rows.append(
            [
                detail.number,
                detail.title,
                detail.statement,
                len(detail.measures),
                len({m.department for m in detail.measures}),
                len(detail.challenges),
                len(detail.keep),
                len(detail.adapt),
            ]
        )
    counts = [
        "Maßnahmen",
        "Arbeitsbereiche",
        "Herausforderungen",
        "Rückmeldungen beibehalten",
        "Rückmeldungen anpassen",
    ]
    return Table(
        title=view.title,
        columns=["Nr.", "Handlungsziel", "Zielformulierung", *counts],
        rows=rows,
        decimals={"Nr.": 0, **dict.fromkeys(counts, 0)},
        metadata=[("Zielperiode", view.request.period)],
    )


def profile_table(view: View) -> Table:
    rows = []
    used = []
    for row in _records(view.frame):
        indicator = BY_ID[row["indicator"]]
        used.append(indicator)
        hidden = bool(row["suppressed"])
        if hidden:
            verdict = fmt.suppressed_note(row["reason"])
        elif not indicator.ratio:
            verdict = "Summe, nicht vergleichbar"
        elif row["better"] is None:
            verdict = "keine Bewertung" if indicator.direction == "neutral" else fmt.MISSING
        else:
            verdict = (
                "günstiger"
                if row["better"] > 0
                else ("ungünstiger" if row["better"] < 0 else "gleich")
            )
        city = (
            fmt.SUPPRESSED if row["city_suppressed"] else rounded(row["city"], indicator.decimals)
        )
        diff = fmt.SUPPRESSED if hidden else rounded(row["diff"], indicator.decimals)
        rows.append(
            [
                indicator.family.title if indicator.family else "",
                indicator.title,
                indicator.unit.label,
                row["period"] or "",
                _value(indicator, row),
                fmt.MISSING if city is None else city,
                fmt.MISSING if diff is None else diff,
                verdict,
            ]
        )
    return Table(
        title=view.title,
        columns=[
            "Bereich",
            "Indikator",
            "Maßeinheit",
            "Jahr",
            "Wert",
            "Herne",
            "Differenz",
            "Bewertung",
        ],
        rows=rows,
        decimals={"Wert": 2, "Herne": 2, "Differenz": 2},
        indicators=used,
        metadata=[
            ("Einheit", view.extra["name"]),
            (
                "Bewertung",
                "günstiger/ungünstiger als Herne nach der Bewertungsrichtung des Indikators "
                "(ein höherer oder ein niedrigerer Wert ist günstiger); Summen (Stellen, Anzahl) "
                "werden nicht mit der Stadt verglichen.",
            ),
        ],
    )


def change_table(view: View) -> Table:
    indicator = view.indicator
    first, second = view.extra["first"], view.extra["second"]
    rows = []
    for row in _records(view.frame):
        hidden = row["suppressed_1"] or row["suppressed_2"]
        notes = [
            f"{label} {fmt.suppressed_note(row[f'reason{suffix}'])}"
            for suffix, label in (("_1", first), ("_2", second))
            if row[f"suppressed{suffix}"]
        ]
        diff = rounded(row["diff"], indicator.decimals)
        rows.append(
            [
                row["number"],
                row["name"],
                _value(indicator, {"value": row["value_1"], "suppressed": row["suppressed_1"]}),
                _value(indicator, {"value": row["value_2"], "suppressed": row["suppressed_2"]}),
                fmt.SUPPRESSED if hidden else (fmt.MISSING if diff is None else diff),
                "; ".join(notes),
            ]
        )
    change = indicator.unit.difference_name
    unit = indicator.unit
    return Table(
        title=view.title,
        columns=["Nr.", "Einheit", first, second, change, "Hinweis"],
        rows=rows,
        decimals=dict.fromkeys((first, second, change), indicator.decimals),
        indicators=[indicator],
        metadata=_place(view),
        suffixes={first: unit.suffix, second: unit.suffix, change: unit.difference_suffix},
        signed=(change,),
    )


def scatter_table(view: View) -> Table:
    x, y = view.indicator, view.extra["y"]
    rows = []
    for row in _records(view.frame):
        cell_x = {"value": row["value_x"], "suppressed": row["suppressed_x"]}
        cell_y = {"value": row["value_y"], "suppressed": row["suppressed_y"]}
        notes = []
        if row["suppressed_x"]:
            notes.append(f"{x.title} {fmt.suppressed_note(row['reason_x'])}")
        if row["suppressed_y"]:
            notes.append(f"{y.title} {fmt.suppressed_note(row['reason_y'])}")
        rows.append(
            [row["number"], row["name"], _value(x, cell_x), _value(y, cell_y), "; ".join(notes)]
        )
    city_x, city_y = view.extra["city_x"] or {}, view.extra["city_y"] or {}
    rows.append(
        [
            "0",
            CITY_LABEL,
            _value(x, city_x) if city_x else fmt.MISSING,
            _value(y, city_y) if city_y else fmt.MISSING,
            "",
        ]
    )
    col_x, col_y = f"{x.title} ({x.unit.label})", f"{y.title} ({y.unit.label})"
    if col_x == col_y:
        col_y += " "
    return Table(
        title=view.title,
        columns=["Nr.", "Einheit", col_x, col_y, "Hinweis"],
        rows=rows,
        decimals={col_x: x.decimals, col_y: y.decimals},
        indicators=[x, y],
        metadata=[
            ("Raumebene", fmt.level_title(view.request.level)),
            ("Jahr", view.extra["period"]),
        ],
    )


def _place(view: View) -> list[tuple[str, str]]:
    request = view.request
    found = [("Raumebene", fmt.level_title(request.level))]
    if request.kind != "series" and view.extra.get("period"):
        found.append(("Jahr", view.extra["period"]))
    found.append(("Aufgliederung", fmt.breakdown_title(request.breakdown)))
    return found


def common_metadata(view: View, table: Table) -> list[tuple[str, str]]:
    found = [("Titel", table.title)]
    found.append(("Quelle", view.source.removeprefix("Quelle: ")))
    found.append(("Datenstand", fmt.date(view.data_date)))
    if view.synthetic:
        found.append(("Datenbasis", "Synthetische Beispieldaten – keine echten Werte aus Herne."))
    found.append(("Geheimhaltung", confidentiality_text()))
    found.append(("Zeichenerklärung", SYMBOL_LEGEND))
    found.append(("Erstellt am", fmt.date(dt.date.today())))
    return found


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
