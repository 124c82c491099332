"""Reading a delivered file into raw rows, after checks that refuse hostile or broken files early.

.xlsx is read with python-calamine (fast, cells keep their type, no formulas evaluated); the few
checks calamine cannot do (formulas without a stored value, entity declarations) look into the
package's XML directly. .csv is read as text: separator ";", UTF-8 (with or without BOM) or
Windows-1252.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from etl.problems import Problem
from etl.settings import Settings

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: old .xls or encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARKER = "EncryptionInfo".encode("utf-16-le")
_FORMULA_CELL = re.compile(rb"<c\b([^>]*?)(?<!/)>(.*?)</c>", re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


class FileRefused(Exception):
    """The file cannot be read at all; carries one problem for the user."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.message())


@dataclass
class RawSheet:
    name: str | None  # None for a CSV file
    rows: list[list[object]]  # rows[0] is Excel row 1


def read_file(path: Path, settings: Settings) -> list[RawSheet]:
    """All sheets of ``path`` as raw cell rows, or FileRefused with the reason."""
    name = path.name
    size_mb = path.stat().st_size / 1_048_576
    if size_mb > settings.max_file_mb:
        _refuse(name, f"Datei ist größer als {settings.max_file_mb} MB (BIMO_MAX_FILE_MB)")
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(4096)
    if suffix == ".xlsx":
        return _read_xlsx(path, head, settings)
    if suffix == ".csv":
        return [_read_csv(path, head)]
    _refuse(
        name, f"Dateityp „{path.suffix or '(ohne Endung)'}“ wird nicht unterstützt: .xlsx oder .csv"
    )
    raise AssertionError("unreachable")


def _refuse(
    file: str,
    rule: str,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
) -> None:
    raise FileRefused(Problem(file=file, rule=rule, sheet=sheet, row=row, column=column))


def _read_xlsx(path: Path, head: bytes, settings: Settings) -> list[RawSheet]:
    name = path.name
    if head.startswith(OLE_MAGIC):
        if ENCRYPTED_MARKER in path.read_bytes()[:1_048_576]:
            _refuse(name, "Arbeitsmappe ist passwortgeschützt: bitte ohne Kennwort speichern")
        _refuse(name, "Datei ist eine alte .xls-Arbeitsmappe: bitte als .xlsx speichern")
    if not head.startswith(ZIP_MAGIC):
        _refuse(name, "Inhalt ist keine Excel-Arbeitsmappe (.xlsx), obwohl die Endung es sagt")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_package(name, archive, settings)
    except zipfile.BadZipFile:
        _refuse(name, "Arbeitsmappe ist beschädigt (ZIP-Struktur nicht lesbar)")
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        for sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            sheets.append(RawSheet(sheet_name, sheet.to_python(skip_empty_area=False)))
        workbook.close()
    except python_calamine.PasswordError:
        _refuse(name, "Arbeitsmappe ist passwortgeschützt: bitte ohne Kennwort speichern")
    except (python_calamine.CalamineError, ValueError, OSError) as error:
        _refuse(name, f"Arbeitsmappe ist beschädigt und nicht lesbar ({type(error).__name__})")
    return sheets


def _check_package(name: str, archive: zipfile.ZipFile, settings: Settings) -> None:
    members = archive.infolist()
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        _refuse(name, "Arbeitsmappe ist beschädigt oder keine Excel-Datei (xl/workbook.xml fehlt)")
    unpacked = sum(member.file_size for member in members)
    if unpacked > settings.max_unpacked_mb * 1_048_576:
        _refuse(
            name,
            f"Arbeitsmappe entpackt zu mehr als {settings.max_unpacked_mb} MB "
            "(BIMO_MAX_UNPACKED_MB): verdächtig groß, nicht gelesen",
        )
    sheet_titles = _sheet_titles(archive)
    for member in members:
        if not member.filename.endswith((".xml", ".rels")):
            continue
        with archive.open(member) as stream:
            start = stream.read(4096)
        if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
            _refuse(
                name,
                f"Arbeitsmappe enthält XML-Entitätsdeklarationen ({member.filename}): "
                "aus Sicherheitsgründen nicht gelesen",
            )
        if member.filename.startswith("xl/worksheets/sheet"):
            _check_formulas(name, archive, member, sheet_titles.get(member.filename))


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map worksheet part names to the sheet names the user sees (for messages)."""
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets |= {
        rid: target for target, rid in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)
    }
    titles = {}
    for title, rid in re.findall(r'<sheet[^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook):
        target = targets.get(rid, "").lstrip("/")
        part = target if target.startswith("xl/") else f"xl/{target}"
        titles[part] = title
    return titles


def _check_formulas(
    name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo, sheet: str | None
) -> None:
    data = archive.read(member)
    if b"<f" not in data:  # the common case: no formulas at all, nothing to parse
        return
    for attributes, content in _FORMULA_CELL.findall(data):
        if b"<f" in content and not re.search(rb"<v>[^<]", content):
            ref = _CELL_REF.search(attributes)
            column, row = (ref.group(1).decode(), int(ref.group(2))) if ref else (None, None)
            _refuse(
                name,
                "Formel ohne gespeicherten Wert: Datei in Excel öffnen, neu berechnen "
                "und speichern (oder Werte statt Formeln einfügen)",
                sheet=sheet,
                row=row,
                column=f"Zelle {column}{row}" if column else None,
            )


def _read_csv(path: Path, head: bytes) -> RawSheet:
    name = path.name
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)) or b"\x00" in head:
        _refuse(
            name,
            "Inhalt ist keine CSV-Textdatei (vielleicht eine Excel-Datei mit falscher Endung?)",
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            _refuse(name, "Zeichenkodierung nicht erkannt: UTF-8 oder Windows-1252 erwartet")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    return RawSheet(None, [list(row) for row in reader])
