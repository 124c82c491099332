"""From raw rows to a typed table: find the header, map the columns, parse every cell.

The parsed DataFrame is indexed by the Excel row number, so every later check can name the row
as the user sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from etl.columns import Column, Sheet, normalise_header
from etl.problems import Findings, Problem, count_of
from etl.reading import RawSheet
from etl.values import KIND_RULES, parse, secret_cells, to_missing

HEADER_SEARCH_ROWS = 30  # title and note rows above the header are tolerated
TOTAL_ROW_WORDS = ("summe", "gesamt")


@dataclass
class Table:
    """A parsed sheet: typed data plus what is needed to word messages about it."""

    data: pd.DataFrame  # index: Excel row number; columns: Column.name
    file: str
    sheet: str | None
    headers: dict[str, str]  # Column.name -> header as written in the file
    # Cells already reported (unreadable) and required columns missing: not reported again.
    reported: set[tuple[int, str]] = field(default_factory=set)
    absent: set[str] = field(default_factory=set)
    # Cells holding a column's secret code ("•"): missing, but no missing required value.
    secret: set[tuple[int, str]] = field(default_factory=set)

    def problem(
        self, row: int | None, name: str | None, rule: str, value: object = None
    ) -> Problem:
        header = self.headers.get(name, name) if name else None
        return Problem(self.file, rule, self.sheet, row, header, value)


def find_header(
    rows: list[list[object]], columns: tuple[Column, ...]
) -> tuple[int, dict[int, Column]] | None:
    """Index of the header row and the columns it holds, or None if no row looks like it."""
    lookup: dict[str, Column] = {}
    for column in columns:
        for text in (column.header, *column.aliases):
            lookup[normalise_header(text)] = column
    best: tuple[int, dict[int, Column]] | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {
            i: lookup[normalise_header(cell)]
            for i, cell in enumerate(row)
            if normalise_header(cell) in lookup
        }
        if len(found) >= 2 and (best is None or len(found) > len(best[1])):
            best = (index, found)
    return best


def parse_sheet(raw: RawSheet, sheet: Sheet, file: str, findings: Findings) -> Table | None:
    """Parse ``raw`` against ``sheet``'s columns; problems go to ``findings``."""
    sheet_name = raw.name
    located = find_header(raw.rows, sheet.columns)
    if located is None:
        expected = ", ".join(c.header for c in sheet.columns if c.required)
        hint = ""
        if any(
            len(row) == 1 and ("," in str(row[0]) or "\t" in str(row[0])) for row in raw.rows[:5]
        ):
            hint = " Trennzeichen muss „;“ sein."
        findings.error(
            Problem(
                file,
                f"Kopfzeile nicht gefunden; erwartet werden die Spalten: {expected}.{hint}",
                sheet_name,
            )
        )
        return None
    header_index, found = located
    header_row = header_index + 1
    headers = {column.name: str(raw.rows[header_index][i]).strip() for i, column in found.items()}

    seen: dict[str, int] = {}
    for i, column in found.items():
        if column.name in seen:
            findings.error(
                Problem(
                    file, "Spalte kommt doppelt vor", sheet_name, header_row, headers[column.name]
                )
            )
        seen[column.name] = i
    for column in sheet.columns:
        if column.required and column.name not in seen:
            findings.error(
                Problem(file, "Pflichtspalte fehlt", sheet_name, header_row, column.header)
            )
    for i, cell in enumerate(raw.rows[header_index]):
        if i not in found and normalise_header(cell):
            findings.warn(
                Problem(
                    file,
                    "unbekannte Spalte wird ignoriert",
                    sheet_name,
                    header_row,
                    str(cell).strip(),
                )
            )

    body = raw.rows[header_index + 1 :]
    kept: list[list[object]] = []
    row_numbers: list[int] = []
    width = max(seen.values(), default=0) + 1
    for offset, row in enumerate(body):
        if not any(_has_content(cell) for cell in row):  # stops at the first filled cell
            continue  # empty row
        cells = row[:width] if len(row) >= width else [*row, *[None] * (width - len(row))]
        kept.append(cells)
        row_numbers.append(header_row + 1 + offset)
    if kept and _is_total_row(body[row_numbers[-1] - header_row - 1]):
        findings.warn(
            Problem(file, "Summenzeile erkannt und übersprungen", sheet_name, row_numbers[-1])
        )
        kept.pop()
        row_numbers.pop()

    frame = pd.DataFrame(kept, index=pd.Index(row_numbers, name="row"), dtype=object)
    data = {}
    reported: set[tuple[int, str]] = set()
    secret: dict[str, list[int]] = {}  # column name -> rows holding a secret code
    for column in sheet.columns:
        if column.name not in seen:
            data[column.name] = pd.Series(None, index=frame.index, dtype=object)
            continue
        raw_values = frame[seen[column.name]] if len(frame) else pd.Series(dtype=object)
        values = to_missing(raw_values, column)
        if column.secret_codes:
            hidden = secret_cells(raw_values, column)
            if hidden.any():
                secret[column.name] = [int(row) for row in hidden.index[hidden]]
        parsed, invalid = parse(values, column)
        for row in invalid[invalid].index:
            rule = KIND_RULES[column.kind]
            if column.kind == "choice":
                rule = column.rule_text()
            findings.error(
                Problem(file, rule, sheet_name, int(row), headers[column.name], raw_values.at[row])
            )
            reported.add((int(row), column.name))
        data[column.name] = parsed
    table = pd.DataFrame(data, index=frame.index)
    if table.empty:
        findings.error(
            Problem(file, "keine Datenzeilen unter der Kopfzeile", sheet_name, header_row)
        )
    absent = {column.name for column in sheet.columns if column.name not in seen}
    if secret:
        findings.warn(_secret_summary(secret, headers, sheet, file, sheet_name))
    cells = {(row, name) for name, rows in secret.items() for row in rows}
    return Table(table, file, sheet_name, headers, reported, absent, cells)


def _secret_summary(
    secret: dict[str, list[int]], headers: dict[str, str], sheet: Sheet, file: str, name: str
) -> Problem:
    """One warning per sheet for the values an office kept secret: they are expected, so a
    message per cell would bury the warnings that matter."""
    codes = dict.fromkeys(
        code for c in sheet.columns if c.name in secret for code in c.secret_codes
    )
    counts = ", ".join(f"„{headers[column]}“ {len(rows)}" for column, rows in secret.items())
    total = count_of(sum(len(rows) for rows in secret.values()), "Wert", "Werte")
    marks = " bzw. ".join(f"„{code}“" for code in codes)
    return Problem(
        file,
        f"{total} als geheim gekennzeichnet ({marks}: kleine Fallzahl, von der liefernden "
        f"Stelle unterdrückt), als fehlend geladen: {counts}",
        name,
    )


def _has_content(cell: object) -> bool:
    return cell is not None and cell != "" and not (isinstance(cell, str) and cell.isspace())


def _is_total_row(row: list[object]) -> bool:
    first = next((c for c in row if c is not None and str(c).strip()), None)
    return isinstance(first, str) and first.strip().casefold().startswith(TOTAL_ROW_WORDS)
