"""The questionnaire of the Maßnahmen-Abfrage: one workbook per department (Arbeitsbereich).

``bildungsmonitor survey --period P --out DIR`` writes, for every department in the database,
a workbook the department fills in and returns as a `measures` delivery:

- sheet "Maßnahmen" (first, the one the importer reads): a title and a note on how to fill it
  in above the header, then exactly the columns of the `measures` contract
  (``etl.sources.measures.COLUMNS``), pre-filled with the department's measures of the previous
  round: the effective measures of the period before P (``GoalPeriod.previous_id``, else the
  latest earlier label), each under the goal of P that continues its goal (``Goal.predecessor``).
  Measures of goals without a successor are left out and named in a note row. Drop-downs
  (data validations) offer the goals of P by exact title (the importer accepts number or exact
  title), the status values, the Stadtteile, the period and the department;
- sheet "Handlungsziele": Nr, Titel and Zielformulierung of P, protected (a reference);
- hidden sheet "Listen": the values of the drop-downs.

Reads the database only; the files are new each time (no fixed timestamps needed).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Connection, select

from etl.catalogue import UNASSIGNED, effective_measures, has_tables, slug
from etl.instruments import MEASURE_STATUS
from etl.models import Department, Goal, GoalPeriod
from etl.sources import measures as contract

log = logging.getLogger(__name__)

MAIN_SHEET = "Maßnahmen"
GOALS_SHEET = "Handlungsziele"
LISTS_SHEET = "Listen"
EXTRA_ROWS = 200  # empty rows below the pre-filled ones that carry the drop-downs too
FILE_STEM = "massnahmen-abfrage"
# Header of the main sheet: the contract's, in its order (field name -> header).
HEADERS = {column.name: column.header for column in contract.COLUMNS}
WIDTHS = {
    "period": 12,
    "goal": 38,
    "title": 40,
    "department": 30,
    "description": 60,
    "status": 14,
    "target_group": 28,
    "districts": 32,
}
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
NOTE_FONT = Font(italic=True, color="444444")


class SurveyError(Exception):
    """The questionnaire cannot be written; the message is German, for the user."""


@dataclass(frozen=True)
class Row:
    """One pre-filled row of the main sheet (field names of the contract)."""

    goal: str  # the goal of P by exact title
    title: str
    description: str | None
    status: str | None
    target_group: str | None
    districts: str | None
    inferred: bool  # the department was inferred from the documentation, not named


@dataclass
class Prefill:
    """What a department's workbook starts with."""

    previous: str | None  # the period the rows come from (None: no earlier period)
    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    # Measures of goals that P does not continue, per department: "Titel (Ziel 3 Titel)".
    left_out: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


@dataclass(frozen=True)
class SurveyFile:
    department: str
    path: Path
    rows: int  # pre-filled measures
    left_out: int  # measures of the previous round not carried over


@dataclass(frozen=True)
class _Goal:
    id: int
    number: int
    title: str
    statement: str
    predecessor_id: int | None


def previous_period(conn: Connection, period: str) -> str | None:
    """The period before ``period``: the one it declares to continue, else the latest earlier
    label (labels such as "2013-2017" sort by time)."""
    previous_id = conn.execute(
        select(GoalPeriod.previous_id).where(GoalPeriod.label == period)
    ).scalar_one()
    if previous_id is not None:
        return conn.execute(
            select(GoalPeriod.label).where(GoalPeriod.id == previous_id)
        ).scalar_one()
    return conn.execute(
        select(GoalPeriod.label)
        .where(GoalPeriod.label < period)
        .order_by(GoalPeriod.label.desc())
        .limit(1)
    ).scalar()


def _goals(conn: Connection, period: str) -> list[_Goal]:
    rows = conn.execute(
        select(Goal.id, Goal.number, Goal.title, Goal.statement, Goal.predecessor_id)
        .join(GoalPeriod)
        .where(GoalPeriod.label == period)
        .order_by(Goal.number)
    ).all()
    return [_Goal(*row) for row in rows]


def prefill(conn: Connection, period: str) -> Prefill:
    """The previous round's measures per department, under the goals of ``period`` that
    continue theirs (a goal continued by several: the lowest-numbered)."""
    previous = previous_period(conn, period)
    result = Prefill(previous)
    if previous is None:
        return result
    successor: dict[int, _Goal] = {}
    for goal in _goals(conn, period):  # by number: the first successor wins
        if goal.predecessor_id is not None:
            successor.setdefault(goal.predecessor_id, goal)
    earlier = {goal.id: goal for goal in _goals(conn, previous)}
    for measure in effective_measures(conn, previous):
        if measure.department == UNASSIGNED:
            continue  # no department to ask
        goal = successor.get(measure.goal_id)
        if goal is None:
            old = earlier[measure.goal_id]
            result.left_out[measure.department].append(
                f"{measure.title} (Handlungsziel {old.number} {old.title})"
            )
            continue
        result.rows[measure.department].append(
            Row(
                goal.title,
                measure.title,
                measure.description,
                measure.status,
                measure.target_group,
                measure.districts,
                measure.department_inferred,
            )
        )
    return result


def departments(conn: Connection) -> list[str]:
    """Every department in the database except "nicht zugeordnet", by name."""
    names = conn.execute(select(Department.name)).scalars()
    return sorted((n for n in names if n != UNASSIGNED), key=str.casefold)


def write_survey(conn: Connection, period: str, out_dir: Path) -> list[SurveyFile]:
    """Write one questionnaire per department into ``out_dir``; raises SurveyError for an
    unknown period or a database without departments."""
    known = []
    if has_tables(conn, GoalPeriod.__tablename__):
        known = list(conn.execute(select(GoalPeriod.label).order_by(GoalPeriod.label)).scalars())
    if period not in known:
        offered = ", ".join(known) if known else "keine (kein Zielkatalog geladen)"
        raise SurveyError(f"Unbekannte Zielperiode „{period}“. Vorhanden: {offered}.")
    names = departments(conn)
    if not names:
        raise SurveyError(
            "Keine Arbeitsbereiche in der Datenbank: erst den Zielkatalog laden oder "
            "Maßnahmen importieren."
        )
    goals = _goals(conn, period)
    start = prefill(conn, period)
    districts = contract.district_names(conn)
    out_dir.mkdir(parents=True, exist_ok=True)
    written, stems = [], set()
    for department in names:
        stem = f"{FILE_STEM}_{period}_{slug(department)}"
        while stem in stems:  # two names with the same slug
            stem += "_"
        stems.add(stem)
        path = out_dir / f"{stem}.xlsx"
        rows = start.rows.get(department, [])
        left_out = start.left_out.get(department, [])
        _workbook(period, department, goals, districts, start.previous, rows, left_out).save(path)
        written.append(SurveyFile(department, path, len(rows), len(left_out)))
        log.info("survey %s for %s: %d rows", period, department, len(rows))
    return written


# --- the workbook ---------------------------------------------------------------------------


def _workbook(
    period: str,
    department: str,
    goals: list[_Goal],
    districts: list[str],
    previous: str | None,
    rows: list[Row],
    left_out: list[str],
) -> Workbook:
    book = Workbook()
    main = book.active
    main.title = MAIN_SHEET
    _goals_sheet(book, period, goals)
    lists = _lists_sheet(book, period, department, goals, districts)
    lists.sheet_state = "hidden"
    _main_sheet(main, period, department, previous, rows, left_out, lists, len(goals), districts)
    book.active = 0
    return book


def _text(cell: Cell, value: object) -> None:
    """A cell value that stays text: a measure titled "=..." must not become a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _note_lines(
    period: str, previous: str | None, rows: list[Row], left_out: list[str]
) -> list[str]:
    if previous is None:
        start = f"Keine frühere Zielperiode: bitte alle Maßnahmen für {period} eintragen."
    elif rows:
        start = (
            f"Vorbelegt sind Ihre Maßnahmen der Zielperiode {previous}, den Handlungszielen "
            f"{period} zugeordnet (über den Vorgänger des Ziels): bitte prüfen, ändern, ergänzen; "
            "Zeilen von Maßnahmen, die es nicht mehr gibt, löschen."
        )
    else:
        start = f"Für Ihren Arbeitsbereich sind aus {previous} keine Maßnahmen bekannt."
    lines = [
        "So füllen Sie die Tabelle aus: eine Zeile je Maßnahme oder Projekt, die Zeilen über der "
        "Kopfzeile stehen lassen. " + start,
        "Zielperiode, Handlungsziel, Arbeitsbereich und Status aus der Liste wählen (das "
        "Handlungsziel mit seinem Titel, siehe Blatt „Handlungsziele“). Stadtteile: aus der "
        f"Liste wählen oder mehrere mit „;“ getrennt eintippen (z. B. „{contract.WHOLE_CITY}“ "
        "oder „Wanne; Eickel“); Excel fragt dann nach, mit „Ja“ übernehmen. "
        "Beschreibung und Zielgruppe sind frei.",
    ]
    if left_out:
        lines.append(
            f"Nicht übernommen (Handlungsziel ohne Nachfolger in {period}): "
            + "; ".join(left_out)
            + ". Falls sie weiterlaufen: unter einem passenden Handlungsziel neu eintragen."
        )
    return lines


def _main_sheet(
    ws: Worksheet,
    period: str,
    department: str,
    previous: str | None,
    rows: list[Row],
    left_out: list[str],
    lists: Worksheet,
    n_goals: int,
    districts: list[str],
) -> None:
    fields = list(HEADERS)
    width = len(fields)
    last_column = get_column_letter(width)
    ws.cell(1, 1, f"Maßnahmen-Abfrage {period} – Arbeitsbereich {department}").font = Font(
        bold=True, size=13
    )
    notes = _note_lines(period, previous, rows, left_out)
    for offset, line in enumerate(notes):
        row = 2 + offset
        cell = ws.cell(row, 1, line)
        cell.font = NOTE_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(f"A{row}:{last_column}{row}")
        ws.row_dimensions[row].height = 15 * (1 + len(line) // 150)
    header_row = 2 + len(notes) + 1  # one empty row between notes and header
    for index, name in enumerate(fields, start=1):
        cell = ws.cell(header_row, index, HEADERS[name])
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    first = header_row + 1
    for offset, row in enumerate(rows):
        values = {
            "period": period,
            "goal": row.goal,
            "title": row.title,
            "department": department,
            "description": row.description,
            "status": row.status,
            "target_group": row.target_group,
            "districts": row.districts,
        }
        for index, name in enumerate(fields, start=1):
            cell = ws.cell(first + offset, index)
            _text(cell, values[name])
            cell.alignment = Alignment(wrap_text=name == "description", vertical="top")
        if row.inferred:
            ws.cell(first + offset, fields.index("department") + 1).comment = Comment(
                "Zuordnung aus der Dokumentation erschlossen, nicht gemeldet: bitte prüfen. "
                "Gehört die Maßnahme nicht zu Ihrem Arbeitsbereich, Zeile löschen.",
                "Bildungsmonitor",
            )
    ws.freeze_panes = ws.cell(first, 1)
    last = first + len(rows) + EXTRA_ROWS - 1
    _validations(ws, fields, first, last, lists, n_goals, len(districts))


def _column_range(ws: Worksheet, column: int, rows: int) -> str:
    """A list's cells on the hidden sheet, as Excel stores a validation's source (no "=")."""
    letter = get_column_letter(column)
    return f"{quote_sheetname(ws.title)}!${letter}$1:${letter}${max(rows, 1)}"


def _validations(
    ws: Worksheet,
    fields: list[str],
    first: int,
    last: int,
    lists: Worksheet,
    n_goals: int,
    n_districts: int,
) -> None:
    """Drop-downs: a choice from the list (stop), Stadtteile as a suggestion (warning), so that
    several names separated by ";" can still be typed."""
    sizes = {"period": 1, "goal": n_goals, "department": 1, "status": len(MEASURE_STATUS)}
    sizes["districts"] = n_districts
    messages = {
        "period": ("Zielperiode", "Bitte die Zielperiode aus der Liste wählen."),
        "goal": ("Handlungsziel", "Bitte ein Handlungsziel aus der Liste wählen."),
        "department": ("Arbeitsbereich", "Bitte den Arbeitsbereich aus der Liste wählen."),
        "status": ("Status", "Erlaubt: " + ", ".join(MEASURE_STATUS) + "."),
        "districts": (
            "Mehrere Stadtteile?",
            "Nicht in der Liste. Mehrere Stadtteile mit „;“ trennen, jeder muss ein Ortsteil, "
            f"Stadtbezirk oder „{contract.WHOLE_CITY}“ sein. Übernehmen?",
        ),
    }
    for index, name in enumerate(LIST_COLUMNS, start=1):
        column = fields.index(name) + 1
        title, text = messages[name]
        several = name == "districts"
        validation = DataValidation(
            type="list",
            formula1=_column_range(lists, index, sizes[name]),
            allow_blank=True,
            showDropDown=False,  # (sic, openpyxl) False shows the in-cell arrow
            showErrorMessage=True,
            errorStyle="warning" if several else "stop",
            errorTitle=title,
            error=text,
            showInputMessage=several,
            promptTitle="Stadtteile" if several else None,
            prompt="Aus der Liste wählen oder mehrere mit „;“ getrennt eintippen."
            if several
            else None,
        )
        letter = get_column_letter(column)
        validation.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(validation)


# The hidden sheet's columns: one list per column, from row 1, without a header (a header
# could make the importer take this sheet for the data).
LIST_COLUMNS = ("goal", "status", "districts", "period", "department")


def _lists_sheet(
    book: Workbook, period: str, department: str, goals: list[_Goal], districts: list[str]
) -> Worksheet:
    ws = book.create_sheet(LISTS_SHEET)
    values = {
        "goal": [goal.title for goal in goals],
        "status": list(MEASURE_STATUS),
        "districts": districts,
        "period": [period],
        "department": [department],
    }
    for index, name in enumerate(LIST_COLUMNS, start=1):
        for row, value in enumerate(values[name], start=1):
            _text(ws.cell(row, index), value)
    return ws


def _goals_sheet(book: Workbook, period: str, goals: list[_Goal]) -> Worksheet:
    ws = book.create_sheet(GOALS_SHEET)
    ws.cell(1, 1, f"Handlungsziele {period} (zum Nachschlagen, schreibgeschützt)").font = Font(
        bold=True
    )
    for index, (header, width) in enumerate(
        (("Nr", 6), ("Titel", 40), ("Zielformulierung", 100)), start=1
    ):
        cell = ws.cell(3, index, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = width
    for offset, goal in enumerate(goals):
        ws.cell(4 + offset, 1, goal.number)
        _text(ws.cell(4 + offset, 2), goal.title)
        cell = ws.cell(4 + offset, 3)
        _text(cell, goal.statement)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A4"
    ws.protection.sheet = True  # no password: a guard against slips, not a lock
    return ws
