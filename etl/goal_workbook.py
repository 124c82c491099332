"""The workbook of a new goal period, pre-filled from the previous one
(``bildungsmonitor period new 2018-2022 --from 2013-2017 --out FILE.xlsx``).

The workbook is a `goals` delivery (:mod:`etl.sources.goals`) waiting to be edited: imported
unchanged it gives the new period the previous period's goals (each continuing its predecessor),
indicator links and data gaps. Sheets, in this order:

- "Handlungsziele": every goal of the previous period with Zielperiode = the new label, Vorgänger
  = its number, Status "beibehalten", or "angepasst" where the conference feedback asks for a
  change (an "anpassen" item, or a "beibehalten" item marked as requesting change); the column
  Hinweis says why;
- "Indikatoren": the previous links (Leitindikator, Kennzahl, Begründung) with empty target
  columns to fill; links whose indicator the registry no longer has are left out and listed in
  the reference sheet;
- "Herausforderungen" and "Rückmeldungen": empty, with their header (the importer reads an
  optional sheet without rows as absent);
- "Datenlücken": the previous period's data gaps;
- "Vorperiode (Info)": the previous period's statements, challenges and conference feedback per
  goal, for reference; the importer does not read it;
- "Listen" (hidden): the values of the drop-downs (indicator ids, the previous goal numbers).

Above each header a title row and a one-line note say what to fill in (title rows are tolerated
by every importer). Drop-downs (data validations) offer the allowed values of Zielperiode,
Vorgänger, Status, Indikator, Leitindikator, Kennzahl, Richtung, Ebene and Art.

Etl cannot import the indicator registry: the caller passes it (id -> KnownIndicator).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from etl.catalogue import DIRECTIONS, FEEDBACK_KINDS, GOAL_STATUS, has_tables
from etl.columns import Column
from etl.delivery import KnownIndicator
from etl.models import Challenge, Feedback, Goal, GoalDataGap, GoalIndicator, GoalPeriod
from etl.sources import goals as contract

INFO_SHEET = "Vorperiode (Info)"
LISTS_SHEET = "Listen"
EXTRA_ROWS = 200  # empty rows below the pre-filled ones that carry the drop-downs too
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
NOTE_FONT = Font(italic=True, color="444444")
YES, NO = "ja", "nein"
ART = {kind: art for art, kind in contract.FEEDBACK_KIND.items()}  # keep -> "beibehalten"
WIDTHS = {
    "period": 12,
    "number": 6,
    "title": 34,
    "statement": 70,
    "predecessor": 11,
    "status": 13,
    "note": 60,
    "indicator": 34,
    "lead": 14,
    "key": 11,
    "baseline_year": 13,
    "baseline_value": 14,
    "target_year": 10,
    "target_value": 10,
    "direction": 10,
    "level": 13,
    "reason": 60,
    "text": 80,
    "kind": 13,
    "topic": 40,
    "sources": 50,
}
WRAP = {"statement", "note", "reason", "text", "topic", "sources", "title"}


class PeriodError(Exception):
    """The workbook cannot be written; the message is German, for the user."""


@dataclass
class Draft:
    """A new period before editing: ``catalogue`` in the form of a catalogue file (what the
    import of the unchanged workbook stores), ``previous`` the period it continues (same form)."""

    catalogue: dict
    previous: dict
    notes: dict[int, str] = field(default_factory=dict)  # goal number -> Hinweis
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (goal, indicator) left out


# --- reading a period -----------------------------------------------------------------------


def period_catalogue(conn: Connection, label: str) -> dict:
    """A goal period of the database in the form of a catalogue file (without measures)."""
    period = conn.execute(select(GoalPeriod).where(GoalPeriod.label == label)).one()
    earlier = aliased(Goal)
    rows = conn.execute(
        select(Goal, earlier.number.label("predecessor_number"))
        .outerjoin(earlier, Goal.predecessor_id == earlier.id)
        .where(Goal.period_id == period.id)
        .order_by(Goal.number)
    ).all()
    goals = []
    for row in rows:
        challenges = conn.execute(
            select(Challenge.title, Challenge.description)
            .where(Challenge.goal_id == row.id)
            .order_by(Challenge.position)
        ).all()
        feedback = conn.execute(
            select(Feedback.kind, Feedback.text, Feedback.requests_change)
            .where(Feedback.goal_id == row.id)
            .order_by(Feedback.position)
        ).all()
        links = conn.execute(
            select(GoalIndicator)
            .where(GoalIndicator.goal_id == row.id)
            .order_by(GoalIndicator.position)
        ).all()
        gaps = conn.execute(
            select(GoalDataGap.topic, GoalDataGap.sources)
            .where(GoalDataGap.goal_id == row.id)
            .order_by(GoalDataGap.position)
        ).all()
        goals.append(
            {
                "number": row.number,
                "key": row.key,
                "title": row.title,
                "statement": row.statement,
                "status": row.status,
                "predecessor": row.predecessor_number,
                "challenges": [{"title": t, "description": d} for t, d in challenges],
                "feedback": {
                    kind: [
                        {"text": text, "requests_change": bool(change)}
                        for k, text, change in feedback
                        if k == kind
                    ]
                    for kind in FEEDBACK_KINDS
                },
                "indicators": [_link_of(link) for link in links],
                "data_gaps": [{"topic": t, "sources": s} for t, s in gaps],
            }
        )
    return {"period": label, "goals": goals}


def _link_of(link) -> dict:
    found = {"id": link.indicator, "lead": link.lead, "key": link.key, "reason": link.reason}
    if link.target_year is not None:
        found["baseline"] = {"year": link.baseline_year, "value": link.baseline_value}
        found["target"] = {
            "year": link.target_year,
            "value": link.target_value,
            "direction": link.direction,
            "level": link.target_level,
        }
    return found


# --- the pre-fill ---------------------------------------------------------------------------


def change_requests(goal: dict) -> list[str]:
    """The feedback items of a goal that ask for a change: every "adapt" item and the "keep"
    items marked ``requests_change``."""
    feedback = goal.get("feedback") or {}
    found = []
    for kind in FEEDBACK_KINDS:
        for item in feedback.get(kind) or []:
            text, change = (
                (item, False)
                if isinstance(item, str)
                else (item["text"], item.get("requests_change"))
            )
            if kind == "adapt" or change:
                found.append(text)
    return found


def prefill(
    previous: dict, label: str, indicators: Mapping[str, KnownIndicator] | None = None
) -> Draft:
    """The new period ``label`` continuing ``previous`` (a catalogue in file form): every goal
    continued with status beibehalten or angepasst, its links (without targets: those are
    the new period's to set) and data gaps. ``indicators``: links to ids not in it are left
    out (None: all are kept)."""
    goals, notes, dropped = [], {}, []
    for goal in previous["goals"]:
        number = goal["number"]
        requests = change_requests(goal)
        status = "angepasst" if requests else "beibehalten"
        if requests:
            notes[number] = (
                f"Vorbelegt mit „angepasst“: {len(requests)} Rückmeldung"
                f"{'en' if len(requests) > 1 else ''} der Bildungskonferenz "
                f"{'verlangen' if len(requests) > 1 else 'verlangt'} eine Änderung (Blatt "
                f"„{INFO_SHEET}“). Zielformulierung anpassen oder Status auf „beibehalten“ setzen."
            )
        else:
            notes[number] = (
                "Vorbelegt mit „beibehalten“: keine Rückmeldung der Bildungskonferenz verlangt "
                "eine Änderung."
            )
        links = []
        for link in goal.get("indicators") or []:
            if indicators is not None and link["id"] not in indicators:
                dropped.append((number, link["id"]))
                continue
            links.append(
                {
                    "id": link["id"],
                    "lead": bool(link.get("lead")),
                    "key": bool(link.get("lead") or link.get("key")),
                    "reason": link.get("reason"),
                }
            )
        goals.append(
            {
                "number": number,
                "title": goal["title"],
                "statement": goal["statement"],
                "status": status,
                "predecessor": number,
                "challenges": [],
                "feedback": {"keep": [], "adapt": []},
                "indicators": links,
                "data_gaps": copy.deepcopy(goal.get("data_gaps") or []),
            }
        )
    catalogue = {"period": label, "previous": previous["period"], "goals": goals}
    return Draft(catalogue, previous, notes, dropped)


def new_period(
    conn: Connection,
    label: str,
    previous: str | None,
    indicators: Mapping[str, KnownIndicator] | None,
) -> Draft:
    """The draft of period ``label`` from ``previous`` (default: the period the import of
    ``label`` will continue); PeriodError with a German message for a bad label, a period that
    exists, an unknown previous period or one the import would not take as the previous."""
    new = contract.period_label(label)
    if new is None or new != label.strip():
        raise PeriodError(
            f"Ungültige Zielperiode „{label}“: erwartet JJJJ-JJJJ, z. B. 2018-2022 "
            "(Endjahr nicht vor dem Anfangsjahr)."
        )
    known = []
    if has_tables(conn, GoalPeriod.__tablename__):
        known = list(conn.execute(select(GoalPeriod.label).order_by(GoalPeriod.label)).scalars())
    offered = ", ".join(known) if known else "keine"
    if new in known:
        raise PeriodError(
            f"Die Zielperiode {new} ist schon in der Datenbank. Eine korrigierte Arbeitsmappe "
            f"ersetzt sie mit „bildungsmonitor import goals DATEI --replace“."
        )
    expected = contract.previous_period(conn, new) if known else None
    if previous is None:
        if expected is None:
            raise PeriodError(
                f"Keine Zielperiode vor {new} in der Datenbank, aus der vorbelegt werden kann "
                f"(vorhanden: {offered})."
            )
        previous = expected
    elif previous not in known:
        raise PeriodError(f"Unbekannte Zielperiode „{previous}“ (--from). Vorhanden: {offered}.")
    elif previous != expected:
        raise PeriodError(
            f"--from {previous} passt nicht zu {new}: beim Import von {new} ist die Vorperiode "
            f"die letzte Zielperiode davor, {expected or 'keine'}."
        )
    return prefill(period_catalogue(conn, previous), new, indicators)


# --- the workbook ---------------------------------------------------------------------------


def workbook(
    draft: Draft,
    indicators: Mapping[str, KnownIndicator] | None = None,
    title_lines: Sequence[str] = (),
) -> Workbook:
    """The workbook of ``draft``. ``indicators``: the ids offered in the drop-down (None: those
    the draft links); ``title_lines``: written first on every sheet (e.g. the synthetic marker)."""
    label = draft.catalogue["period"]
    previous = draft.previous["period"]
    known = indicators
    if known is None:
        ids = sorted(
            {link["id"] for goal in draft.catalogue["goals"] for link in goal["indicators"]}
        )
        known = {indicator_id: KnownIndicator(indicator_id) for indicator_id in ids}
    book = Workbook()
    main = book.active
    main.title = contract.GOALS_SHEET
    sheets = {
        "main": main,
        "indicators": book.create_sheet(contract.INDICATORS_SHEET),
        "challenges": book.create_sheet(contract.CHALLENGES_SHEET),
        "feedback": book.create_sheet(contract.FEEDBACK_SHEET),
        "gaps": book.create_sheet(contract.GAPS_SHEET),
    }
    info = book.create_sheet(INFO_SHEET)
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    ranges = _lists(lists, title_lines, known, draft.previous)
    rows = _rows(draft)
    for spec in contract.SHEETS:
        key = spec.key
        ws = sheets[key]
        first = _table(
            ws,
            [*title_lines, f"Zielkatalog {label} – {ws.title} (Entwurf aus {previous})"],
            NOTES[key].format(label=label, previous=previous, info=INFO_SHEET),
            spec.columns,
            rows[key],
        )
        _validations(
            ws, spec.columns, first, first + len(rows[key]) + EXTRA_ROWS - 1, label, ranges
        )
    _info(info, title_lines, draft)
    book.active = 0
    return book


NOTES = {
    "main": (
        "Eine Zeile je Handlungsziel {label}. Vorgänger = Nr des fortgeführten Ziels {previous}; "
        "Status: beibehalten, angepasst (Zielformulierung ändern) oder neu (Vorgänger leer). "
        "Neue Ziele unten anfügen, entfallende Zeilen löschen. Hinweis wird nicht importiert."
    ),
    "indicators": (
        "Indikatoren je Handlungsziel (Nr): höchstens ein Leitindikator je Ziel; Kennzahl = auch "
        "in der Sitzungsunterlage. Ziel eintragen: Ausgangsjahr (Ausgangswert leer = aus den "
        "Daten), Zieljahr und Zielwert oder Richtung; Ebene: stadt (Standard), stadtbezirk oder "
        "ortsteil (gilt dann für jede Einheit)."
    ),
    "challenges": (
        "Herausforderungen {label} je Handlungsziel (Nr): Titel (kurze Überschrift, optional) "
        "und Text."
    ),
    "feedback": (
        "Rückmeldungen der Bildungskonferenz zu den Zielen {label} (Nr): Art beibehalten oder "
        "anpassen, Text. Die Rückmeldungen zu {previous} stehen im Blatt „{info}“."
    ),
    "gaps": (
        "Datenlücken je Handlungsziel (Nr): was das Ziel zeigen müsste (Thema) und welche "
        "Daten es zeigen würden (Datenquellen). Vorbelegt aus {previous}."
    ),
}


def _yes_no(value: bool) -> str:
    return YES if value else NO


def _rows(draft: Draft) -> dict[str, list[dict]]:
    """Per sheet key the rows (field name -> value) of the draft."""
    label = draft.catalogue["period"]
    rows: dict[str, list[dict]] = {
        "main": [],
        "indicators": [],
        "challenges": [],
        "feedback": [],
        "gaps": [],
    }
    for goal in draft.catalogue["goals"]:
        number = goal["number"]
        rows["main"].append(
            {
                "period": label,
                "number": number,
                "title": goal["title"],
                "statement": goal["statement"],
                "predecessor": goal.get("predecessor"),
                "status": goal["status"],
                "note": draft.notes.get(number),
            }
        )
        for link in goal.get("indicators") or []:
            baseline = link.get("baseline") or {}
            target = link.get("target") or {}
            rows["indicators"].append(
                {
                    "number": number,
                    "indicator": link["id"],
                    "lead": _yes_no(link.get("lead")),
                    "key": _yes_no(link.get("lead") or link.get("key")),
                    "baseline_year": baseline.get("year"),
                    "baseline_value": baseline.get("value"),
                    "target_year": target.get("year"),
                    "target_value": target.get("value"),
                    "direction": target.get("direction"),
                    "level": target.get("level"),
                    "reason": link.get("reason"),
                }
            )
        for challenge in goal.get("challenges") or []:
            described = bool(challenge.get("description"))
            rows["challenges"].append(
                {
                    "number": number,
                    "title": challenge["title"] if described else None,
                    "text": challenge["description"] if described else challenge["title"],
                }
            )
        for kind in FEEDBACK_KINDS:
            for item in (goal.get("feedback") or {}).get(kind) or []:
                text = item if isinstance(item, str) else item["text"]
                rows["feedback"].append({"number": number, "kind": ART[kind], "text": text})
        for gap in goal.get("data_gaps") or []:
            rows["gaps"].append(
                {"number": number, "topic": gap["topic"], "sources": gap["sources"]}
            )
    return rows


def _put(ws: Worksheet, row: int, column: int, value: object):
    """A cell whose text stays text: a title such as "=..." must not become a formula."""
    cell = ws.cell(row, column, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _heading(ws: Worksheet, lines: Sequence[str], note: str | None, width: int) -> int:
    """Title lines and the note above a header; returns the header's row."""
    row = 1
    for line in lines:
        ws.cell(row, 1, line).font = Font(bold=True, size=12 if row == len(lines) else 11)
        row += 1
    if note:
        cell = ws.cell(row, 1, note)
        cell.font = NOTE_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(width, 1))
        ws.row_dimensions[row].height = 15 * (1 + len(note) // 140)
        row += 1
    return row + 1  # one empty row before the header


def _table(
    ws: Worksheet,
    lines: Sequence[str],
    note: str,
    columns: Sequence[Column],
    rows: list[dict],
) -> int:
    """Title, note, header and rows; returns the first data row."""
    header = _heading(ws, lines, note, len(columns))
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(header, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.name, 14)
    for offset, values in enumerate(rows, start=1):
        for index, column in enumerate(columns, start=1):
            cell = _put(ws, header + offset, index, values.get(column.name))
            cell.alignment = Alignment(wrap_text=column.name in WRAP, vertical="top")
    ws.freeze_panes = ws.cell(header + 1, 1)
    return header + 1


def _lists(
    ws: Worksheet,
    lines: Sequence[str],
    indicators: Mapping[str, KnownIndicator],
    previous: dict,
) -> dict[str, str]:
    """The hidden lists; returns list name -> range formula of the drop-downs."""
    header = _heading(ws, [*lines, "Listen der Auswahlfelder (nicht bearbeiten)"], None, 3)
    values = {
        "indicator": sorted(indicators),
        "indicator_title": [indicators[i].title for i in sorted(indicators)],
        "predecessor": [goal["number"] for goal in previous["goals"]],
    }
    heads = {
        "indicator": "Indikator (ID)",
        "indicator_title": "Titel des Indikators",
        "predecessor": "Ziel-Nr der Vorperiode",
    }
    ranges = {}
    for index, name in enumerate(values, start=1):
        ws.cell(header, index, heads[name]).font = Font(bold=True)
        for offset, value in enumerate(values[name], start=1):
            _put(ws, header + offset, index, value)
        letter = get_column_letter(index)
        last = header + max(len(values[name]), 1)
        ranges[name] = f"{quote_sheetname(ws.title)}!${letter}${header + 1}:${letter}${last}"
    return ranges


def _validations(
    ws: Worksheet,
    columns: Sequence[Column],
    first: int,
    last: int,
    label: str,
    ranges: dict[str, str],
) -> None:
    def inline(values: Sequence[str]) -> str:
        return '"' + ",".join(values) + '"'

    lists = {
        "period": (inline([label]), f"Die Zielperiode dieser Arbeitsmappe ist {label}.", "stop"),
        "predecessor": (
            ranges["predecessor"],
            "Nr eines Handlungsziels der Vorperiode (leer bei Status neu).",
            "stop",
        ),
        "status": (inline(GOAL_STATUS), "Erlaubt: " + ", ".join(GOAL_STATUS) + ".", "stop"),
        "indicator": (
            ranges["indicator"],
            "Nicht in der Liste: erlaubt ist die ID oder der genaue Titel eines Indikators. "
            "Übernehmen?",
            "warning",
        ),
        "lead": (inline([YES, NO]), "Erlaubt: ja oder nein.", "stop"),
        "key": (inline([YES, NO]), "Erlaubt: ja oder nein.", "stop"),
        "direction": (inline(DIRECTIONS), "Erlaubt: " + ", ".join(DIRECTIONS) + ".", "stop"),
        "level": (
            inline(contract.TARGET_LEVELS),
            "Erlaubt: " + ", ".join(contract.TARGET_LEVELS) + ".",
            "stop",
        ),
        "kind": (
            inline(list(contract.FEEDBACK_KIND)),
            "Erlaubt: " + ", ".join(contract.FEEDBACK_KIND) + ".",
            "stop",
        ),
    }
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}{first}:{letter}{last}"
        if column.name in lists:
            formula, message, style = lists[column.name]
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle=style,
                errorTitle=column.header,
                error=message,
            )
        elif column.kind in ("int", "decimal"):
            low = int(column.min) if column.min is not None else -1_000_000_000
            high = int(column.max) if column.max is not None else 1_000_000_000
            validation = DataValidation(
                type="whole" if column.kind == "int" else "decimal",
                operator="between",
                formula1=str(low),
                formula2=str(high),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error=(
                    f"Eine ganze Zahl von {low} bis {high}."
                    if column.kind == "int"
                    else "Eine Zahl (Dezimalkomma)."
                ),
            )
        else:
            continue
        validation.add(cells)
        ws.add_data_validation(validation)


def _info(ws: Worksheet, lines: Sequence[str], draft: Draft) -> None:
    """The previous period's goals with statement, challenges and feedback (not imported)."""
    previous = draft.previous["period"]
    header = [
        ("Ziel-Nr (Vorperiode)", 10),
        ("Handlungsziel", 30),
        ("Art", 26),
        ("Text", 90),
        ("Änderung verlangt", 12),
    ]
    first = _heading(
        ws,
        [*lines, f"Zielperiode {previous}: Zielformulierungen, Herausforderungen, Rückmeldungen"],
        "Nur zur Information beim Bearbeiten: dieses Blatt wird beim Import nicht gelesen. "
        "„Änderung verlangt“ = ja: die Rückmeldung verlangt eine Anpassung des Ziels.",
        len(header),
    )
    for index, (text, width) in enumerate(header, start=1):
        cell = ws.cell(first, index, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = width
    entries = []
    for goal in draft.previous["goals"]:
        entries.append((goal, "Zielformulierung (Vorperiode)", goal["statement"], None))
        for challenge in goal.get("challenges") or []:
            text = challenge["title"]
            if challenge.get("description"):
                text += ": " + challenge["description"]
            entries.append((goal, "Herausforderung", text, None))
        for kind in FEEDBACK_KINDS:
            for item in (goal.get("feedback") or {}).get(kind) or []:
                text, change = (
                    (item, False)
                    if isinstance(item, str)
                    else (item["text"], item.get("requests_change"))
                )
                art = f"Rückmeldung: {ART[kind]}"
                entries.append((goal, art, text, YES if kind == "adapt" or change else NO))
    by_number = {goal["number"]: goal for goal in draft.previous["goals"]}
    for number, indicator_id in draft.dropped:
        entries.append(
            (
                by_number[number],
                "Indikator entfällt",
                f"{indicator_id}: nicht mehr im Indikatorverzeichnis, nicht übernommen",
                None,
            )
        )
    for offset, (goal, art, text, change) in enumerate(entries, start=1):
        for index, value in enumerate((goal["number"], goal["title"], art, text, change), start=1):
            cell = _put(ws, first + offset, index, value)
            cell.alignment = Alignment(wrap_text=index in (2, 4), vertical="top")
    ws.freeze_panes = ws.cell(first + 1, 1)


def write_new_period(
    conn: Connection,
    label: str,
    previous: str | None,
    out: Path,
    indicators: Mapping[str, KnownIndicator],
) -> Draft:
    """Write the pre-filled workbook of ``label`` to ``out`` (a new .xlsx file)."""
    if out.suffix.lower() != ".xlsx":
        raise PeriodError(f"Die Arbeitsmappe muss eine .xlsx-Datei sein, nicht „{out.name}“.")
    if out.exists():
        raise PeriodError(
            f"Die Datei {out} gibt es schon: eine andere Datei wählen oder diese erst löschen "
            "(sie könnte bearbeitet sein)."
        )
    draft = new_period(conn, label, previous, indicators)
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook(draft, indicators).save(out)
    return draft
