"""Tiny deliveries written per test, and the small reference world most tests start from.

The reference world: 2 Stadtbezirke, 3 Ortsteile, 4 statistical districts, 2 Kitas (one a
Familienzentrum) and 2 schools. Every test file is named after the rule it exercises.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from etl.pipeline import import_file
from etl.sources import SOURCES


def source_header(source: str, sheet: str = "main") -> list[str]:
    """The headers of a source's sheet as its module declares them (etl.sources)."""
    spec = next(s for s in SOURCES[source].SHEETS if s.key == sheet)
    return [column.header for column in spec.columns]


UNITS = [
    source_header("spatial-units"),
    ["1", "Wanne", "11", "Wanne", "0111", "Wanne-Nord"],
    ["1", "Wanne", "11", "Wanne", "0112", "Wanne-Ost"],
    ["1", "Wanne", "12", "Crange", "0121", "Crange"],
    ["2", "Eickel", "21", "Eickel", "0211", "Eickel-Kern"],
]
KITAS = [
    source_header("kitas"),
    ["01.03.2020", "0107", "Kita Regenbogen", "Stadt Herne", "0111", "ja", "80"],
    ["01.03.2020", "0108", "Kita Sonne", "AWO", "0211", "nein", "45"],
]
SCHOOLS = [
    source_header("school-social-work")[:-1],  # without the optional Beratungskontakte
    [
        "2019/20",
        "164523",
        "Grundschule Am Park",
        "Grundschule",
        "0111",
        "250",
        "1",
        "0",
        "",
        "1",
        "Stadt",
        "offen",
    ],
    [
        "2019/20",
        "187654",
        "Gesamtschule Nord",
        "Gesamtschule",
        "0121",
        "1.234",
        "2,5",
        "1",
        "31.07.2021",
        "3",
        "Stadt/Land",
        "gebunden",
    ],
]


PARENT_SURVEY_HEADER = source_header("parent-survey")


def write_xlsx(
    path: Path,
    rows: list[list[object]],
    sheet: str = "Daten",
    extra: dict[str, list[list[object]]] | None = None,
) -> Path:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    for name, extra_rows in (extra or {}).items():
        other = workbook.create_sheet(name)
        for row in extra_rows:
            other.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def load_world(engine, settings, folder: Path):
    """Load the reference units, Kitas and schools."""
    for source, rows in (
        ("spatial-units", UNITS),
        ("kitas", KITAS),
        ("school-social-work", SCHOOLS),
    ):
        import_file(engine, source, write_xlsx(folder / f"{source}.xlsx", rows), settings)
    return engine


def kompik_row(
    kita="0107",
    child="001",
    birth="03.2015",
    sex="w",
    district="0111",
    observed="15.05.2019",
    german="ja",
    mean="3,5",
    norm="5",
) -> list[object]:
    areas = [value for _ in range(11) for value in (mean, norm)]
    return [kita, child, birth, sex, district, observed, german, *areas]


def kompik_header() -> list[str]:
    return source_header("kompik")
