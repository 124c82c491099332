"""Writing the synthetic deliveries: xlsx through openpyxl, CSV through the csv module.

A `Sheet` is built from canonical columns plus a small layout (header spellings, column order,
extra columns, empty rows, a trailing total row), so each generator only states *which*
tolerated variation a file carries. Workbooks get fixed timestamps (document properties and zip
entries), so the same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.writer.excel import ExcelWriter

from etl.columns import Column
from etl.synthetic.common import FIXED_TIMESTAMP, date_text

DATE_FORMAT = "DD.MM.YYYY"
_ZIP_TIME = FIXED_TIMESTAMP.timetuple()[:6]


@dataclass
class Sheet:
    """One table as it is written: title lines, the header as spelled, the data rows."""

    name: str
    title: list[str]
    header: list[str]
    rows: Iterable[Sequence[object]]
    n_rows: int  # data rows (without title, header, empty and total rows)
    blank_after: frozenset[int] = frozenset()  # write an empty row after these data rows (0-based)
    trailer: list[list[object]] = field(default_factory=list)  # e.g. a "Summe" row
    variations: list[str] = field(default_factory=list)


def make_sheet(
    name: str,
    title: Sequence[str],
    columns: Mapping[str, Sequence[object]],
    *,
    contract: Sequence[Column],
    order: Sequence[str] | None = None,
    spelling: Mapping[str, str] | None = None,
    extra: Mapping[str, Sequence[object]] | None = None,
    blank_after: Iterable[int] = (),
    total: Mapping[str, object] | None = None,
    variations: Iterable[str] = (),
) -> Sheet:
    """Arrange the columns of a source's contract into a sheet with the requested layout
    variations.

    columns: field name of the contract (``etl.sources.<source>.COLUMNS``) -> values; the header
    written is the contract's, so no header text is typed twice. order: field names (or extra
    headers) in the written order; spelling: field name -> header as written (a tolerated
    variation of the contract's header); extra: additional columns (header -> values) the
    importer must ignore; total: a trailing total row (field name -> value).
    """
    header_of = {column.name: column.header for column in contract}
    unknown = sorted(set(columns) - set(header_of))
    missing = sorted(c.name for c in contract if c.required and c.name not in columns)
    if unknown or missing:
        raise ValueError(f"{name}: columns not in the contract {unknown}, missing {missing}")
    columns = {header_of[n]: values for n, values in columns.items()}
    if order is not None:
        order = [header_of.get(n, n) for n in order]
    spelling = {header_of[n]: spelled for n, spelled in (spelling or {}).items()}
    if total is not None:
        total = {header_of[n]: value for n, value in total.items()}
    all_columns = {**columns, **(extra or {})}
    names = list(order) if order is not None else list(all_columns)
    if sorted(names) != sorted(all_columns):
        raise ValueError(f"order does not match the columns: {names}")
    lengths = {len(values) for values in all_columns.values()}
    if len(lengths) != 1:
        raise ValueError(f"columns of different length in {name}")
    n_rows = lengths.pop()
    header = [spelling.get(n, n) for n in names]
    rows = zip(*(all_columns[n] for n in names), strict=True)
    trailer = [[total.get(n) for n in names]] if total else []
    tags = (["title-rows"] if title else []) + list(variations)
    if order is not None and list(order) != list(all_columns):
        tags.append("column-order")
    if extra:
        tags.append("extra-column")
    for canonical, spelled in spelling.items():
        tags += header_tags(canonical, spelled)
    blank = frozenset(i for i in blank_after if 0 <= i < n_rows - 1)
    if blank:
        tags.append("empty-rows")
    if trailer:
        tags.append("total-row")
    tags = list(dict.fromkeys(tags))
    return Sheet(name, list(title), header, rows, n_rows, blank, trailer, tags)


def header_tags(canonical: str, spelled: str) -> list[str]:
    """Which tolerated header variations turn `canonical` into `spelled`."""
    tags = []
    text = spelled
    if "\n" in text:
        tags.append("header-linebreak")
        text = text.replace("\n", " ")
    if text.rstrip().endswith(":"):
        tags.append("header-colon")
        text = text.rstrip()[:-1]
    if text != " ".join(text.split()):
        tags.append("header-spaces")
        text = " ".join(text.split())
    if text != canonical:
        if text.casefold() != canonical.casefold():
            raise ValueError(f"{spelled!r} is not a tolerated spelling of {canonical!r}")
        tags.append("header-case")
    return tags


def _with_blanks(sheet: Sheet) -> Iterator[Sequence[object]]:
    for index, row in enumerate(sheet.rows):
        yield row
        if index in sheet.blank_after:
            yield ()
    yield from sheet.trailer


# --- xlsx ------------------------------------------------------------------------------------


class _FixedTimeZipFile(zipfile.ZipFile):
    """A ZipFile whose entries all carry the same timestamp (openpyxl would use 'now')."""

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        info = self._info(arcname or os.path.basename(filename))
        info.file_size = os.path.getsize(filename)
        with open(filename, "rb") as source, self.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


def write_xlsx(path: Path, sheets: Sequence[Sheet], title: str) -> None:
    """Write sheets in write-only mode; dates become real Excel dates shown as TT.MM.JJJJ."""
    wb = Workbook(write_only=True)
    wb.properties.creator = "bildungsmonitor samples"
    wb.properties.lastModifiedBy = "bildungsmonitor samples"
    wb.properties.title = title
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        date_cells: dict[dt.date, WriteOnlyCell] = {}

        def as_cell(value: object, ws=ws, date_cells=date_cells) -> object:
            if isinstance(value, dt.date):
                cell = date_cells.get(value)
                if cell is None:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = DATE_FORMAT
                    date_cells[value] = cell
                return cell
            return value

        for line in sheet.title:
            ws.append([line])
        ws.append([])
        ws.append(sheet.header)
        for row in _with_blanks(sheet):
            if any(isinstance(v, dt.date) for v in row):
                row = [as_cell(v) for v in row]
            ws.append(row)
    with _FixedTimeZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()


# --- csv -------------------------------------------------------------------------------------


def _csv_value(value: object, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def write_csv(path: Path, sheet: Sheet, encoding: str, decimal_comma: bool = True) -> None:
    """Semicolon CSV; encoding "cp1252", "utf-8-sig" (with BOM) or "utf-8"."""
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        for line in sheet.title:
            writer.writerow([line])
        writer.writerow([])
        writer.writerow(sheet.header)
        for row in _with_blanks(sheet):
            writer.writerow([_csv_value(v, decimal_comma) for v in row])


CSV_ENCODINGS = {"csv-cp1252": "cp1252", "csv-utf8-bom": "utf-8-sig", "csv-utf8": "utf-8"}


def save(out_dir: Path, stem: str, sheets: Sequence[Sheet], fmt: str, title: str) -> str:
    """Write `stem`.xlsx (fmt "xlsx") or `stem`.csv (fmt a key of CSV_ENCODINGS, one sheet).

    Returns the file name; the format tag is added to the first sheet's variations.
    """
    if fmt == "xlsx":
        name = f"{stem}.xlsx"
        write_xlsx(out_dir / name, sheets, title)
    else:
        (sheet,) = sheets
        name = f"{stem}.csv"
        write_csv(out_dir / name, sheet, CSV_ENCODINGS[fmt])
        sheet.variations.insert(0, fmt)
    return name


def entry(source: str, name: str, sheet: Sheet, delivery: str, **more: object) -> dict:
    """The manifest entry of one written file."""
    return {
        "source": source,
        "file": name,
        "rows": sheet.n_rows,
        "delivery": delivery,
        **more,
        "variations": sheet.variations,
    }
