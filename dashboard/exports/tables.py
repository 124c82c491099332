"""Tables of every view for Excel: XLSX (a data sheet and a metadata sheet) and CSV for German
Excel (semicolon, UTF-8 with BOM, decimal comma).

Numbers stay numbers (XLSX: numeric cells with a German-displayed number format; CSV: decimal
comma, no thousands separator, so Excel reads them as numbers), rounded as published (the
indicator's decimals, commercial rounding). A suppressed cell is "•" in every column that would
carry a number of it (value, numerator, denominator, n), a missing one "–"; both are explained
in the symbol legend of the metadata.

Spreadsheet formula injection: unit, measure and department names come from deliveries. Every
text cell on every path that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(also after leading blanks) gets a leading apostrophe (OWASP's advice), so neither Excel nor
LibreOffice evaluates it, not even after a later save as CSV. Numbers are written by this
module, never taken from text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard import formatting as fmt
from dashboard.data import DashboardData
from dashboard.exports.request import PUBLISHER, ExportError, ExportRequest, View, gather
from indicators.registry import BY_ID, LIMITS, Indicator

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
SYMBOL_LEGEND = (
    f"{fmt.SUPPRESSED} = gesperrt (zu kleine Fallzahl, Geheimhaltung); {fmt.MISSING} = keine Daten"
)
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


# --- tables per view --------------------------------------------------------------------------


def table_for(data: DashboardData, request: ExportRequest) -> Table:
    """The table of a requested view (the same cells its chart shows)."""
    return table_from_view(gather(data, request))


def table_from_view(view: View) -> Table:
    builder = {
        "map": _cells_table,
        "ranking": _cells_table,
        "units": _cells_table,
        "series": _series_table,
        "departments": _departments_table,
        "measures": _measures_table,
        "goals": _goals_table,
        "profile": _profile_table,
        "change": _change_table,
        "scatter": _scatter_table,
    }[view.request.kind]
    table = builder(view)
    table.stem = view.stem
    table.source = view.source
    table.data_date = view.data_date
    table.metadata = _common_metadata(view, table) + table.metadata
    return table


def _cells_table(view: View) -> Table:
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


def _series_table(view: View) -> Table:
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


def _departments_table(view: View) -> Table:
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


def _measures_table(view: View) -> Table:
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


def _goals_table(view: View) -> Table:
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


def _profile_table(view: View) -> Table:
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
                fmt.family_title(row["indicator"]),
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


def _change_table(view: View) -> Table:
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
    return Table(
        title=view.title,
        columns=["Nr.", "Einheit", first, second, change, "Hinweis"],
        rows=rows,
        decimals=dict.fromkeys((first, second, change), indicator.decimals),
        indicators=[indicator],
        metadata=_place(view),
    )


def _scatter_table(view: View) -> Table:
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


def confidentiality_text() -> str:
    """The project's thresholds in one sentence (from indicators.registry.LIMITS)."""
    return (
        f"Anzahlen von Personen ab {LIMITS.min_count} Personen; Anteile und Mittelwerte aus "
        f"Befragungen und Beobachtungen ab {LIMITS.min_respondents} Befragten bzw. "
        f"Beobachteten; KOMPIK zusätzlich nach der KECK-Regel nur, wenn mindestens "
        f"{LIMITS.keck_min_kitas} Kitas mit je mindestens {LIMITS.keck_min_children_per_kita} "
        "Kindern beigetragen haben. Weitere Zellen sind sekundär gesperrt, wenn ein gesperrter "
        "Wert sonst aus Summen (übergeordnete Einheit, andere Kategorien) berechenbar wäre. "
        "Einrichtungen und Stellen werden nicht gesperrt."
    )


def _common_metadata(view: View, table: Table) -> list[tuple[str, str]]:
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


# --- writers ----------------------------------------------------------------------------------

_HEADER_FILL = PatternFill("solid", fgColor="E5E7EB")


def to_xlsx(table: Table) -> bytes:
    """The table as a workbook: sheet "Daten" (title, source, header, rows, legend) and sheet
    "Metadaten" (what the numbers mean, where they come from, the confidentiality rule)."""
    book = Workbook()
    book.properties.title = _clean(table.title)
    book.properties.creator = PUBLISHER
    book.properties.language = "de-DE"
    sheet = book.active
    sheet.title = "Daten"
    _put(sheet, 1, 1, table.title).font = Font(bold=True, size=13)
    note = table.source + (f"; Datenstand: {fmt.date(table.data_date)}" if table.data_date else "")
    _put(sheet, 2, 1, note).font = Font(italic=True, color="4B5563")
    header_row = 4
    for col, name in enumerate(table.columns, start=1):
        cell = _put(sheet, header_row, col, name)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    formats = {
        col: ("#,##0" if table.decimals[name] == 0 else "#,##0." + "0" * table.decimals[name])
        for col, name in enumerate(table.columns, start=1)
        if name in table.decimals
    }
    for index, row in enumerate(table.rows, start=header_row + 1):
        for col, value in enumerate(row, start=1):
            cell = _put(sheet, index, col, value)
            if isinstance(value, dt.date):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(value, int | float) and col in formats:
                cell.number_format = formats[col]
            elif value in (fmt.SUPPRESSED, fmt.MISSING):
                cell.alignment = Alignment(horizontal="right")
    last = header_row + len(table.rows)
    _put(sheet, last + 2, 1, f"Zeichenerklärung: {SYMBOL_LEGEND}").font = Font(
        italic=True, color="4B5563"
    )
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if table.rows:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(table.columns))}{last}"
    _widths(sheet, table)

    meta = book.create_sheet("Metadaten")
    meta.column_dimensions["A"].width = 24
    meta.column_dimensions["B"].width = 100
    line = 1
    for label, text in table.metadata:
        _put(meta, line, 1, label).font = Font(bold=True)
        _put(meta, line, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
        line += 1
    for indicator in _unique(table.indicators):
        line += 1
        for label, text in indicator_metadata(indicator):
            _put(meta, line, 1, label).font = Font(bold=True)
            _put(meta, line, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
            line += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _put(sheet, row: int, col: int, value: Any):
    """Write one cell; text is cleaned and neutralised here, on the one path every cell takes."""
    if isinstance(value, str):
        value = _clean(value)
    elif isinstance(value, bool):
        value = "ja" if value else "nein"
    cell = sheet.cell(row=row, column=col, value=value)
    if isinstance(value, str) and cell.data_type == "f":  # defence in depth
        cell.value = "'" + value
        cell.data_type = "s"
    return cell


def _widths(sheet, table: Table) -> None:
    for col, name in enumerate(table.columns, start=1):
        longest = max(
            [len(str(name))] + [len(str(row[col - 1])) for row in table.rows if col - 1 < len(row)]
        )
        sheet.column_dimensions[get_column_letter(col)].width = min(max(8, longest + 2), 60)


def _unique(indicators: list[Indicator]) -> list[Indicator]:
    return list({i.id: i for i in indicators}.values())


def csv_number(value: float | int, decimals: int) -> str:
    """``1234.5`` -> ``"1234,5"``: decimal comma, no thousands separator (German Excel reads it
    as a number), ASCII minus."""
    if isinstance(value, int) and decimals == 0:
        return str(value)
    text = f"{rounded(value, decimals):.{decimals}f}"
    return text.replace(".", ",")


def to_csv(table: Table, *, with_metadata: bool = True) -> bytes:
    """The table as CSV for German Excel: ``;``, UTF-8 with BOM, CRLF, decimal comma.

    With ``with_metadata`` (default) a title and source line lead and the symbol legend and
    confidentiality rule follow after a blank line, as in official statistics downloads;
    without it the header is the first line (for programs)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def text(value: Any, column: str | None = None) -> str:
        if isinstance(value, bool):
            return "ja" if value else "nein"
        if isinstance(value, int | float):
            decimals = table.decimals.get(column or "", _count_decimals([value]))
            return csv_number(value, decimals)
        if isinstance(value, dt.date):
            return fmt.date(value)
        return _clean("" if value is None else str(value))

    if with_metadata:
        writer.writerow([text(table.title)])
        note = table.source + (
            f"; Datenstand: {fmt.date(table.data_date)}" if table.data_date else ""
        )
        writer.writerow([text(note)])
        writer.writerow([])
    writer.writerow([text(name) for name in table.columns])
    for row in table.rows:
        writer.writerow([text(v, table.columns[i]) for i, v in enumerate(row)])
    if with_metadata:
        writer.writerow([])
        writer.writerow([text(f"Zeichenerklärung: {SYMBOL_LEGEND}")])
        writer.writerow([text(f"Geheimhaltung: {confidentiality_text()}")])
    return buffer.getvalue().encode("utf-8-sig")


def export_table(
    data: DashboardData, request: ExportRequest, fmt_: str = "xlsx"
) -> tuple[bytes, str, str]:
    """(file bytes, file name, media type) of a requested view's table: the one call of the
    app's download route and of the CLI."""
    if fmt_ not in FORMATS:
        raise ExportError(f"Unbekanntes Tabellenformat {fmt_!r}; möglich: xlsx, csv.")
    table = table_for(data, request)
    content = to_xlsx(table) if fmt_ == "xlsx" else to_csv(table)
    return content, f"{table.stem}.{fmt_}", FORMATS[fmt_]
