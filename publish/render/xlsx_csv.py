"""Tables of every view for Excel: XLSX (a data sheet and a metadata sheet) and CSV for German
Excel (semicolon, UTF-8 with BOM, decimal comma).

Numbers stay numbers (XLSX: numeric cells with a German-displayed number format; CSV: decimal
comma, no thousands separator, so Excel reads them as numbers), rounded as published (the
indicator's decimals, commercial rounding). A suppressed cell is "•", a missing one "–"; both are
explained in the symbol legend of the metadata.

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
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from indicators.indicator import Indicator
from publish import formatting as fmt
from publish.read import ReadModel
from publish.text import PUBLISHER, SYMBOL_LEGEND, confidentiality_text
from publish.views.registry import table_for
from publish.views.request import ExportError, ExportRequest
from publish.views.table import Table, clean, count_decimals, indicator_metadata, rounded

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


# --- writers ----------------------------------------------------------------------------------

_HEADER_FILL = PatternFill("solid", fgColor="E5E7EB")


def to_xlsx(table: Table) -> bytes:
    """The table as a workbook: sheet "Daten" (title, source, header, rows, legend) and sheet
    "Metadaten" (what the numbers mean, where they come from, the confidentiality rule)."""
    book = Workbook()
    book.properties.title = clean(table.title)
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
        value = clean(value)
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
            decimals = table.decimals.get(column or "", count_decimals([value]))
            return csv_number(value, decimals)
        if isinstance(value, dt.date):
            return fmt.date(value)
        return clean("" if value is None else str(value))

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
    data: ReadModel, request: ExportRequest, fmt_: str = "xlsx"
) -> tuple[bytes, str, str]:
    """(file bytes, file name, media type) of a requested view's table: the one call of the
    app's download route and of the CLI."""
    if fmt_ not in FORMATS:
        raise ExportError(f"Unbekanntes Tabellenformat {fmt_!r}; möglich: xlsx, csv.")
    table = table_for(data, request)
    content = to_xlsx(table) if fmt_ == "xlsx" else to_csv(table)
    return content, f"{table.stem}.{fmt_}", FORMATS[fmt_]
