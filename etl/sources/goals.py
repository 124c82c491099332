"""Zielkatalog: the goal catalogue of one goal period, delivered as a workbook.

Sheets (formats.md, `goals`): "Handlungsziele" (the main data: Zielperiode, Nr, Titel,
Zielformulierung, Vorgänger, Status), and the optional "Indikatoren", "Herausforderungen",
"Rückmeldungen" and "Datenlücken". Extensions of the project: the optional columns Ebene,
Kennzahl and Begründung in "Indikatoren", Titel in "Herausforderungen", Hinweis in
"Handlungsziele" (a note, ignored) and the sheet "Datenlücken". Other sheets, such as the
reference sheet and the hidden lists of a workbook written by ``bildungsmonitor period new``
(:mod:`etl.goal_workbook`), are not read.

The previous period is the latest period in the database whose label sorts before the delivered
one; a Vorgänger is the number of one of its goals. Indicators are named by id or exact title of
the indicator registry, which etl cannot import: the caller passes it (``References.indicators``,
filled by the command line); without it ids are taken as written, with a warning.

A delivery covers one Zielperiode. It is stored with :func:`etl.catalogue.write_period`, which
matches goals by number, so measures delivered for a goal (source `measures`) keep pointing at
it; a goal with delivered measures cannot be dropped. The catalogue measures of a period that
came with the committed catalogue are kept (a goals workbook has no measures).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import Connection, func, select
from sqlalchemy.orm import aliased

from etl.catalogue import DIRECTIONS, GOAL_STATUS, slug, write_period
from etl.columns import Column, Sheet
from etl.contract import Unique
from etl.delivery import Delivery, KnownIndicator, References
from etl.models import (
    Challenge,
    Department,
    Feedback,
    Goal,
    GoalDataGap,
    GoalIndicator,
    GoalPeriod,
    Measure,
)
from etl.problems import Findings, Problem
from etl.table import Table
from etl.vocabulary import CITY, ORTSTEIL, STADTBEZIRK, level_title

SOURCE = "goals"
TITLE = "Zielkatalog"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = None  # one Zielperiode per delivery, shown with the goals
# The record tables this source writes, the main one first.
TABLES = (GoalPeriod, Goal, GoalIndicator, Challenge, Feedback, GoalDataGap)
GENERATOR = "etl.synthetic.goals"  # its synthetic deliveries (`samples`)

# Sheet names as written in formats.md (and by etl.goal_workbook).
GOALS_SHEET = "Handlungsziele"
INDICATORS_SHEET = "Indikatoren"
CHALLENGES_SHEET = "Herausforderungen"
FEEDBACK_SHEET = "Rückmeldungen"
GAPS_SHEET = "Datenlücken"
# Art of a Rückmeldung -> kind of the catalogue (etl.catalogue.FEEDBACK_KINDS).
FEEDBACK_KIND = {"beibehalten": "keep", "anpassen": "adapt"}
# Ebene of a target: the city (default) or every unit of a level.
TARGET_LEVELS = (CITY.key, STADTBEZIRK.key, ORTSTEIL.key)
# Lengths of the database columns (etl.models): longer texts are refused with a message.
MAX_TITLE = 200
MAX_CHALLENGE_TITLE = 300
_LABEL = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")


def _number(header: str = "Nr") -> Column:
    return Column(header, "number", "int", min=1, max=999, aliases=("Nr.",))


COLUMNS = (
    Column("Zielperiode", "period"),
    _number(),
    Column("Titel", "title"),
    Column("Zielformulierung", "statement"),
    Column("Vorgänger", "predecessor", "int", required=False, nullable=True, min=1, max=999),
    Column("Status", "status", "choice", choices=GOAL_STATUS),
    Column("Hinweis", "note", required=False, nullable=True),  # for the editors; not stored
)
INDICATOR_COLUMNS = (
    _number(),
    Column("Indikator", "indicator"),
    Column("Leitindikator", "lead", "yesno", nullable=True),
    Column("Kennzahl", "key", "yesno", required=False, nullable=True),
    Column(
        "Ausgangsjahr", "baseline_year", "int", required=False, nullable=True, min=1990, max=2100
    ),
    Column("Ausgangswert", "baseline_value", "decimal", required=False, nullable=True),
    Column("Zieljahr", "target_year", "int", required=False, nullable=True, min=1990, max=2100),
    Column("Zielwert", "target_value", "decimal", required=False, nullable=True),
    Column("Richtung", "direction", "choice", required=False, nullable=True, choices=DIRECTIONS),
    Column("Ebene", "level", "choice", required=False, nullable=True, choices=TARGET_LEVELS),
    Column("Begründung", "reason", required=False, nullable=True),
)
CHALLENGE_COLUMNS = (
    _number(),
    Column("Titel", "title", required=False, nullable=True),
    Column("Text", "text"),
)
FEEDBACK_COLUMNS = (
    _number(),
    Column("Art", "kind", "choice", choices=tuple(FEEDBACK_KIND)),
    Column("Text", "text"),
)
GAP_COLUMNS = (
    _number(),
    Column("Thema", "topic"),
    Column("Datenquellen", "sources"),
)
SHEETS = (
    Sheet("main", COLUMNS),  # "Handlungsziele": the first sheet with this header
    Sheet("indicators", INDICATOR_COLUMNS, name=INDICATORS_SHEET, required=False),
    Sheet("challenges", CHALLENGE_COLUMNS, name=CHALLENGES_SHEET, required=False),
    Sheet("feedback", FEEDBACK_COLUMNS, name=FEEDBACK_SHEET, required=False),
    Sheet("gaps", GAP_COLUMNS, name=GAPS_SHEET, required=False),
)
RULES: dict = {}
UNIQUE = {
    "main": (Unique(("number",), "Nr kommt mehrfach vor: jedes Handlungsziel hat eine eigene Nr"),)
}
# The column of the Indikatoren sheet that ``check`` fills with the resolved indicator id.
INDICATOR_ID = "indicator_id"
UNCHECKED = (
    "Indikatoren nicht geprüft: kein Indikatorverzeichnis übergeben, die Angaben werden als "
    "Indikator-IDs übernommen"
)


def period_label(text: object) -> str | None:
    """A Zielperiode as "JJJJ-JJJJ" (the end not before the start), or None. "2018 – 2022"
    is read as "2018-2022"."""
    if text is None:
        return None
    found = _LABEL.match(str(text).strip())
    if not found or int(found.group(2)) < int(found.group(1)):
        return None
    return f"{found.group(1)}-{found.group(2)}"


def previous_period(conn: Connection, label: str) -> str | None:
    """The period a delivery of ``label`` continues: the latest one in the database whose label
    sorts before it (labels "JJJJ-JJJJ" sort by time)."""
    return conn.execute(select(func.max(GoalPeriod.label)).where(GoalPeriod.label < label)).scalar()


def _period_goals(conn: Connection, label: str | None) -> dict[int, tuple[str, str, str]]:
    """number -> (key, title, statement) of the goals of a period."""
    if label is None:
        return {}
    rows = conn.execute(
        select(Goal.number, Goal.key, Goal.title, Goal.statement)
        .join(GoalPeriod)
        .where(GoalPeriod.label == label)
    ).all()
    return {number: (key, title, statement) for number, key, title, statement in rows}


def goal_key(title: str, predecessor: tuple[str, str, str] | None) -> str:
    """A continued goal with an unchanged title keeps its predecessor's key (links and pages
    stay the same across periods); any other goal gets the slug of its title."""
    if predecessor is not None and predecessor[1].strip().casefold() == title.strip().casefold():
        return predecessor[0]
    return slug(title)


def _the_period(tables: dict[str, Table]) -> str:
    """The Zielperiode of a checked delivery (one per file)."""
    return period_label(tables["main"].data["period"].dropna().iloc[0])


def _header(table: Table, columns: tuple[Column, ...]) -> Table:
    """Messages about a column the file lacks name it by its declared header."""
    for column in columns:
        table.headers.setdefault(column.name, column.header)
    return table


# --- checks ---------------------------------------------------------------------------------


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    """Rules across rows and sheets, and the references: the previous period's goals, the
    indicator registry, measures delivered for goals of a period that is replaced.

    Fills ``tables["indicators"].data[INDICATOR_ID]`` with the resolved indicator ids."""
    main = _header(tables["main"], COLUMNS)
    label = _check_period(main, findings)
    if label is None:
        return
    previous = previous_period(refs.conn, label)
    earlier = _period_goals(refs.conn, previous)
    _check_goals(main, previous, earlier, findings)
    _check_removed_goals(main, refs.conn, label, findings)
    numbers = set(main.data["number"].dropna().astype(int))
    if "indicators" in tables:
        _check_indicators(_header(tables["indicators"], INDICATOR_COLUMNS), numbers, refs, findings)
    for key, columns in (
        ("challenges", CHALLENGE_COLUMNS),
        ("feedback", FEEDBACK_COLUMNS),
        ("gaps", GAP_COLUMNS),
    ):
        if key in tables:
            _check_numbers(_header(tables[key], columns), numbers, findings)
    if "challenges" in tables:
        _check_challenges(tables["challenges"], findings)


def _check_period(main: Table, findings: Findings) -> str | None:
    """The one Zielperiode of the file; every row must name it."""
    data = main.data
    label = None
    for row, text in data["period"].dropna().items():
        parsed = period_label(text)
        if parsed is None:
            findings.error(
                main.problem(
                    int(row),
                    "period",
                    "keine gültige Zielperiode: erwartet JJJJ-JJJJ, z. B. 2018-2022",
                    text,
                )
            )
        elif label is None:
            label = parsed
        elif parsed != label:
            findings.error(
                main.problem(
                    int(row),
                    "period",
                    f"andere Zielperiode als in den Zeilen davor ({label}): eine Datei enthält "
                    "den Zielkatalog genau einer Zielperiode",
                    text,
                )
            )
    return label


def _check_goals(
    main: Table,
    previous: str | None,
    earlier: dict[int, tuple[str, str, str]],
    findings: Findings,
) -> None:
    data = main.data
    keys: dict[str, int] = {}
    for row in data.itertuples():
        at = int(row.Index)
        status, predecessor = row.status, _int(row.predecessor)
        if predecessor is not None:
            if previous is None:
                findings.error(
                    main.problem(
                        at,
                        "predecessor",
                        "keine frühere Zielperiode in der Datenbank: ein Vorgänger ist nicht "
                        "möglich (Status neu, Vorgänger leer)",
                        predecessor,
                    )
                )
            elif predecessor not in earlier:
                findings.error(
                    main.problem(
                        at,
                        "predecessor",
                        f"unbekannter Vorgänger: Nr eines Handlungsziels der Vorperiode "
                        f"{previous} erwartet",
                        predecessor,
                    )
                )
        if status == "neu" and predecessor is not None:
            findings.error(
                main.problem(
                    at,
                    "predecessor",
                    "ein neues Handlungsziel (Status neu) hat keinen Vorgänger: Vorgänger leer "
                    "lassen oder Status beibehalten/angepasst",
                    predecessor,
                )
            )
        if status in ("beibehalten", "angepasst") and _missing(row.predecessor):
            findings.error(
                main.problem(
                    at,
                    "predecessor",
                    f"Vorgänger fehlt: bei Status {status} die Nr des fortgeführten "
                    "Handlungsziels der Vorperiode angeben",
                )
            )
        if (
            status == "beibehalten"
            and predecessor in earlier
            and isinstance(row.statement, str)
            and " ".join(row.statement.split()) != " ".join(earlier[predecessor][2].split())
        ):
            findings.warn(
                main.problem(
                    at,
                    "statement",
                    "Status beibehalten, aber die Zielformulierung weicht von der des "
                    f"Vorgängers (Nr {predecessor}) ab: ist das Ziel angepasst?",
                )
            )
        if isinstance(row.title, str):
            if len(row.title) > MAX_TITLE:
                findings.error(
                    main.problem(
                        at, "title", f"Titel ist länger als {MAX_TITLE} Zeichen", row.title
                    )
                )
            key = goal_key(row.title, earlier.get(predecessor))
            if key in keys:
                findings.error(
                    main.problem(
                        at,
                        "title",
                        f"Titel zu ähnlich dem des Handlungsziels in Zeile {keys[key]}: die "
                        "Titel einer Zielperiode müssen sich unterscheiden",
                        row.title,
                    )
                )
            else:
                keys[key] = at


def _check_removed_goals(main: Table, conn: Connection, label: str, findings: Findings) -> None:
    """A goal of an already loaded period stays if measures were delivered for it or a goal of
    a later period continues it."""
    numbers = set(main.data["number"].dropna().astype(int))
    delivered = conn.execute(
        select(Goal.number, func.count())
        .join(GoalPeriod)
        .join(Measure, Measure.goal_id == Goal.id)
        .where(GoalPeriod.label == label, Measure.load_id.is_not(None))
        .group_by(Goal.number)
    ).all()
    for number, count in sorted(delivered):
        if number not in numbers:
            findings.error(
                main.problem(
                    None,
                    "number",
                    f"Handlungsziel Nr {number} fehlt, für es sind aber {count} Maßnahmen "
                    "geliefert (Maßnahmen-Abfrage): ein Ziel mit gelieferten Maßnahmen bleibt "
                    "im Katalog",
                )
            )
    later = aliased(Goal)
    continued = conn.execute(
        select(Goal.number, func.min(GoalPeriod.label))
        .select_from(Goal)
        .join(later, later.predecessor_id == Goal.id)
        .join(GoalPeriod, later.period_id == GoalPeriod.id)
        .where(Goal.period_id.in_(select(GoalPeriod.id).where(GoalPeriod.label == label)))
        .group_by(Goal.number)
    ).all()
    for number, successor_period in sorted(continued):
        if number not in numbers:
            findings.error(
                main.problem(
                    None,
                    "number",
                    f"Handlungsziel Nr {number} fehlt, wird aber in der Zielperiode "
                    f"{successor_period} fortgeführt (Vorgänger): es bleibt im Katalog",
                )
            )


def _check_numbers(table: Table, numbers: set[int], findings: Findings) -> None:
    for row, number in table.data["number"].dropna().items():
        if int(number) not in numbers:
            findings.error(
                table.problem(
                    int(row),
                    "number",
                    f"kein Handlungsziel mit dieser Nr im Blatt „{GOALS_SHEET}“",
                    int(number),
                )
            )


def _check_challenges(table: Table, findings: Findings) -> None:
    for row in table.data.itertuples():
        if isinstance(row.title, str) and len(row.title) > MAX_CHALLENGE_TITLE:
            findings.error(
                table.problem(
                    int(row.Index),
                    "title",
                    f"Titel ist länger als {MAX_CHALLENGE_TITLE} Zeichen",
                    row.title,
                )
            )
        if (
            _missing(row.title)
            and isinstance(row.text, str)
            and len(row.text) > MAX_CHALLENGE_TITLE
        ):
            findings.error(
                table.problem(
                    int(row.Index),
                    "text",
                    f"Text ohne Titel ist länger als {MAX_CHALLENGE_TITLE} Zeichen: eine kurze "
                    "Überschrift in die Spalte „Titel“ schreiben",
                    row.text,
                )
            )


def resolve_indicator(known: Mapping[str, KnownIndicator], text: str) -> str | None:
    """The id of an indicator named by id or by exact title (case does not matter)."""
    text = text.strip()
    if text in known:
        return text
    for indicator_id, indicator in known.items():
        if (
            indicator.title.casefold() == text.casefold()
            or indicator_id.casefold() == text.casefold()
        ):
            return indicator_id
    return None


def _check_indicators(
    table: Table, numbers: set[int], refs: References, findings: Findings
) -> None:
    data = table.data
    _check_numbers(table, numbers, findings)
    known = refs.indicators
    if known is None:
        findings.warn(Problem(table.file, UNCHECKED, table.sheet))
    ids = pd.Series(None, index=data.index, dtype=object)
    first_row: dict[tuple[int, str], int] = {}
    lead_row: dict[int, int] = {}
    for row in data.itertuples():
        at = int(row.Index)
        number = _int(row.number)
        indicator_id = None
        if isinstance(row.indicator, str):
            indicator_id = (
                row.indicator.strip()
                if known is None
                else (resolve_indicator(known, row.indicator))
            )
            if indicator_id is None:
                findings.error(
                    table.problem(
                        at,
                        "indicator",
                        "unbekannter Indikator: ID (z. B. uwe.wellbeing_low) oder genauer Titel "
                        "eines Indikators erwartet",
                        row.indicator,
                    )
                )
        ids[row.Index] = indicator_id
        if number is not None and indicator_id is not None:
            if (number, indicator_id) in first_row:
                findings.error(
                    table.problem(
                        at,
                        "indicator",
                        f"Indikator ist Handlungsziel Nr {number} schon in Zeile "
                        f"{first_row[(number, indicator_id)]} zugeordnet",
                        row.indicator,
                    )
                )
            else:
                first_row[(number, indicator_id)] = at
        if number is not None and _yes(row.lead):
            if number in lead_row:
                findings.error(
                    table.problem(
                        at,
                        "lead",
                        f"Handlungsziel Nr {number} hat schon einen Leitindikator (Zeile "
                        f"{lead_row[number]}): höchstens einer je Handlungsziel",
                        "ja",
                    )
                )
            else:
                lead_row[number] = at
        _check_target(
            table, row, at, known.get(indicator_id) if known and indicator_id else None, findings
        )
    data[INDICATOR_ID] = ids


def _check_target(
    table: Table, row, at: int, indicator: KnownIndicator | None, findings: Findings
) -> None:
    """A target needs Ausgangsjahr, Zieljahr and a Zielwert or a Richtung; the baseline is not
    after the target year; the Ebene exists for the indicator; a date cannot be a target."""

    def empty(name: str) -> bool:  # an unreadable cell is reported already: not empty
        return _missing(getattr(row, name)) and (at, name) not in table.reported

    level = None if empty("level") or row.level == CITY.key else row.level
    names = ("baseline_year", "baseline_value", "target_year", "target_value", "direction")
    if all(empty(name) for name in names):
        if level is not None:
            findings.error(
                table.problem(
                    at,
                    "level",
                    "Ebene ohne Ziel: Ausgangsjahr, Zieljahr und Zielwert oder Richtung angeben",
                    row.level,
                )
            )
        return
    if empty("target_year"):
        findings.error(
            table.problem(at, "target_year", "Zieljahr fehlt: ein Ziel braucht ein Zieljahr")
        )
    if empty("target_value") and empty("direction"):
        findings.error(
            table.problem(at, "target_value", "Ziel unvollständig: Zielwert oder Richtung angeben")
        )
    if empty("baseline_year"):
        findings.error(
            table.problem(
                at, "baseline_year", "Ausgangsjahr fehlt: ein Ziel braucht ein Ausgangsjahr"
            )
        )
    elif (
        not _missing(row.baseline_year)
        and not _missing(row.target_year)
        and int(row.baseline_year) > int(row.target_year)
    ):
        findings.error(
            table.problem(
                at,
                "baseline_year",
                f"Ausgangsjahr liegt nach dem Zieljahr ({int(row.target_year)})",
                int(row.baseline_year),
            )
        )
    if indicator is None:
        return
    if indicator.is_date:
        findings.error(
            table.problem(
                at,
                "indicator",
                "für einen Indikator, dessen Werte Daten sind, ist kein Ziel möglich",
                row.indicator,
            )
        )
    elif level is not None and indicator.levels and level not in indicator.levels:
        findings.error(
            table.problem(
                at,
                "level",
                f"den Indikator gibt es nicht auf der Ebene {level_title(level)}",
                row.level,
            )
        )


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _yes(value: object) -> bool:
    """A parsed yes/no cell: empty counts as no."""
    return not _missing(value) and bool(value)


def _int(value: object) -> int | None:
    return None if _missing(value) else int(value)


def _float(value: object) -> float | None:
    return None if _missing(value) else float(value)


def _text(value: object) -> str | None:
    return None if _missing(value) else str(value)


# --- delivery and load ----------------------------------------------------------------------


def delivery(tables: dict[str, Table]) -> Delivery:
    label = _the_period(tables)
    return Delivery(
        f"Zielkatalog {label}", [(GoalPeriod, GoalPeriod.label == label)], in_place=True
    )


def catalogue(
    tables: dict[str, Table],
    previous: str | None,
    earlier: Mapping[int, tuple[str, str, str]],
) -> dict:
    """The checked delivery in the form of a catalogue file (see etl.catalogue.write_period)."""
    goals = []
    for row in tables["main"].data.sort_values("number").itertuples():
        predecessor = _int(row.predecessor)
        goals.append(
            {
                "number": int(row.number),
                "key": goal_key(row.title, earlier.get(predecessor)),
                "title": row.title,
                "statement": row.statement,
                "status": row.status,
                "predecessor": predecessor,
                "challenges": [],
                "feedback": {"keep": [], "adapt": []},
                "indicators": [],
                "data_gaps": [],
            }
        )
    by_number = {goal["number"]: goal for goal in goals}
    if "indicators" in tables:
        for row in tables["indicators"].data.itertuples():
            by_number[int(row.number)]["indicators"].append(_link(row))
    if "challenges" in tables:
        for row in tables["challenges"].data.itertuples():
            title = _text(row.title)
            by_number[int(row.number)]["challenges"].append(
                {"title": title or row.text, "description": row.text if title else None}
            )
    if "feedback" in tables:
        for row in tables["feedback"].data.itertuples():
            by_number[int(row.number)]["feedback"][FEEDBACK_KIND[row.kind]].append(row.text)
    if "gaps" in tables:
        for row in tables["gaps"].data.itertuples():
            by_number[int(row.number)]["data_gaps"].append(
                {"topic": row.topic, "sources": row.sources}
            )
    return {
        "period": _the_period(tables),
        "previous": previous,
        "source": None,
        "citation": None,
        "goals": goals,
    }


def _link(row) -> dict:
    lead = _yes(row.lead)
    link: dict = {
        "id": getattr(row, INDICATOR_ID),
        "lead": lead,
        "key": lead or _yes(row.key),
        "reason": _text(row.reason),
    }
    if not _missing(row.target_year):
        link["baseline"] = {"year": _int(row.baseline_year), "value": _float(row.baseline_value)}
        link["target"] = {
            "year": _int(row.target_year),
            "value": _float(row.target_value),
            "direction": _text(row.direction),
            "level": None if _missing(row.level) or row.level == CITY.key else row.level,
        }
    return link


def _catalogue_measures(conn: Connection, label: str) -> dict[int, list[dict]]:
    """number -> the catalogue's own measures (not delivered ones) of a loaded period."""
    rows = conn.execute(
        select(Goal.number, Measure, Department.name.label("department"))
        .join(GoalPeriod, Goal.period_id == GoalPeriod.id)
        .join(Measure, Measure.goal_id == Goal.id)
        .join(Department, Measure.department_id == Department.id)
        .where(GoalPeriod.label == label, Measure.load_id.is_(None))
        .order_by(Goal.number, Measure.position)
    ).all()
    measures: dict[int, list[dict]] = {}
    for row in rows:
        measures.setdefault(row.number, []).append(
            {
                "title": row.title,
                "description": row.description,
                "department": row.department,
                "department_inferred": row.department_inferred,
                "evidence": row.evidence,
            }
        )
    return measures


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    label = _the_period(tables)
    previous = previous_period(conn, label)
    result = catalogue(tables, previous, _period_goals(conn, previous))
    kept = _catalogue_measures(conn, label)
    for goal in result["goals"]:
        goal["measures"] = kept.get(goal["number"], [])
    write_period(conn, result, load_id=load_id)
    return len(result["goals"])
