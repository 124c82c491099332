"""Maßnahmen-Abfrage: measures and projects named by the departments for a goal period.

A delivered measure with the title of a catalogue measure of the same goal updates it (department,
description, status; see :func:`etl.catalogue.effective_measures`); others are added. The
departments answer one by one: a delivery covers one Zielperiode and the Arbeitsbereiche named in
the file, so a second department's return sits beside the first, and a corrected return
(``--replace``) replaces only the measures its departments delivered for that period. The
questionnaire the departments fill in is written by :mod:`etl.survey`.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, and_, func, insert, select

from etl import german
from etl.catalogue import UNASSIGNED, department_id
from etl.columns import Column, Sheet
from etl.contract import Unique
from etl.delivery import Delivery, References
from etl.instruments import MEASURE_STATUS
from etl.models import Department, Goal, GoalPeriod, Measure, SpatialUnit
from etl.problems import Findings
from etl.table import Table

SOURCE = "measures"
TITLE = "Maßnahmen-Abfrage"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = None  # one Zielperiode per delivery, shown with the goals
# The record tables this source writes, the main one first.
TABLES = (Measure,)
GENERATOR = "etl.synthetic.measures"  # its synthetic deliveries (`samples`)

# The Stadtteile value for a measure offered in the whole city.
WHOLE_CITY = "gesamte Stadt"
# Several Stadtteile in one cell: separated by ";" (as the questionnaire says) or ",".
DISTRICT_SEPARATORS = re.compile(r"[;,]")

COLUMNS = (
    Column("Zielperiode", "period"),
    Column("Handlungsziel", "goal"),
    Column("Maßnahme/Projekt", "title", aliases=("Maßnahme / Projekt", "Maßnahme")),
    Column("Arbeitsbereich", "department"),
    Column("Beschreibung", "description", required=False, nullable=True),
    Column("Status", "status", "choice", required=False, nullable=True, choices=MEASURE_STATUS),
    Column("Zielgruppe", "target_group", required=False, nullable=True),
    Column("Stadtteile", "districts", required=False, nullable=True),
)
SHEETS = (Sheet("main", COLUMNS),)
RULES: dict = {}
UNIQUE = {
    "main": (
        Unique(("period", "goal", "title"), "Maßnahme kommt für dieses Handlungsziel mehrfach vor"),
    )
}


def resolve_goal(goals: list[tuple[int, int, str]], text: str) -> int | None:
    """Goal id for a goal number ("3") or an exact goal title of the period."""
    for goal_id, number, title in goals:
        if text.strip() == str(number) or text.strip().casefold() == title.casefold():
            return goal_id
    return None


def district_names(conn: Connection) -> list[str]:
    """The names a Stadtteile cell may hold: the Stadtbezirke and Ortsteile of the spatial units
    (each name once, Stadtbezirke first, by number) and "gesamte Stadt"."""
    rows = conn.execute(
        select(SpatialUnit.name)
        .where(SpatialUnit.level.in_(("stadtbezirk", "ortsteil")))
        .order_by(SpatialUnit.level.desc(), SpatialUnit.number)  # "stadtbezirk" > "ortsteil"
    ).scalars()
    return list(dict.fromkeys([WHOLE_CITY, *rows]))


def split_districts(text: str, known: dict[str, str]) -> tuple[list[str], list[str]]:
    """(names in their stored spelling, unknown names) of a Stadtteile cell; ``known`` maps
    casefolded names to their spelling. Empty parts ("Wanne;") are ignored."""
    found, unknown = [], []
    for part in DISTRICT_SEPARATORS.split(text):
        name = " ".join(part.split())
        if not name:
            continue
        if name.casefold() in known:
            found.append(known[name.casefold()])
        else:
            unknown.append(name)
    return list(dict.fromkeys(found)), unknown


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    """Goals of a known period, real departments, known Stadtteile.

    Also brings department names and Stadtteile to their stored spelling ("schulverwaltung" ->
    "Schulverwaltung", "wanne, eickel" -> "Wanne; Eickel"): ``delivery`` and ``load`` rely on it.
    """
    table = tables["main"]
    data = table.data
    for period in sorted(set(data["period"].dropna())):
        goals = refs.goals(period)
        rows = data.index[data["period"] == period]
        if not goals:
            for row in rows:
                findings.error(
                    table.problem(
                        int(row),
                        "period",
                        "unbekannte Zielperiode (kein Zielkatalog geladen)",
                        period,
                    )
                )
            continue
        for row in rows:
            goal = data.at[row, "goal"]
            if goal is not None and resolve_goal(goals, goal) is None:
                findings.error(
                    table.problem(
                        int(row),
                        "goal",
                        "unbekanntes Handlungsziel: Nummer oder genauer "
                        f"Titel eines Ziels der Periode {period} erwartet",
                        goal,
                    )
                )
    _check_departments(table, refs.conn, findings)
    _check_districts(table, refs.conn, findings)


def _check_departments(table: Table, conn: Connection, findings: Findings) -> None:
    data = table.data
    stored = {name.casefold(): name for name in conn.execute(select(Department.name)).scalars()}
    for row in data.index[data["department"].notna()]:
        name = " ".join(str(data.at[row, "department"]).split())
        if name.casefold() == UNASSIGNED.casefold():
            findings.error(
                table.problem(
                    int(row),
                    "department",
                    f"„{UNASSIGNED}“ ist kein Arbeitsbereich: den meldenden Arbeitsbereich "
                    "eintragen",
                    data.at[row, "department"],
                )
            )
        data.at[row, "department"] = stored.get(name.casefold(), name)


def _check_districts(table: Table, conn: Connection, findings: Findings) -> None:
    data = table.data
    cells = data.index[data["districts"].notna()]
    if not len(cells):
        return
    known = {name.casefold(): name for name in district_names(conn)}
    for row in cells:
        names, unknown = split_districts(str(data.at[row, "districts"]), known)
        for name in unknown:
            findings.error(
                table.problem(
                    int(row),
                    "districts",
                    f"unbekannter Stadtteil „{name}“: Name eines Ortsteils oder Stadtbezirks "
                    f"der Raumgliederung oder „{WHOLE_CITY}“ erwartet, mehrere mit „;“ getrennt",
                    data.at[row, "districts"],
                )
            )
        data.at[row, "districts"] = "; ".join(names) or None


def delivery(tables: dict[str, Table]) -> Delivery:
    """One Zielperiode and the Arbeitsbereiche of the file: the measures these departments
    delivered for the period (department names as ``check`` stored them)."""
    data = tables["main"].data
    periods = sorted(set(data["period"].dropna()))
    departments = sorted(set(data["department"].dropna()))
    goal_ids = select(Goal.id).join(GoalPeriod).where(GoalPeriod.label.in_(periods))
    department_ids = select(Department.id).where(Department.name.in_(departments))
    named = (
        ", ".join(departments)
        if len(departments) <= 3
        else german.plural(len(departments), "Arbeitsbereich", "Arbeitsbereiche")
    )
    label = f"Maßnahmen der Zielperiode {', '.join(periods)}: {named}"
    return Delivery(
        label[:200],
        [
            (
                Measure,
                and_(
                    Measure.load_id.is_not(None),
                    Measure.goal_id.in_(goal_ids),
                    Measure.department_id.in_(department_ids),
                ),
            )
        ],
    )


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    data = tables["main"].data
    refs = References(conn)
    goals = {period: refs.goals(period) for period in set(data["period"])}
    next_position: dict[int, int] = {}
    for row in data.itertuples():
        goal_id = resolve_goal(goals[row.period], row.goal)
        if goal_id not in next_position:
            last = conn.execute(
                select(func.max(Measure.position)).where(Measure.goal_id == goal_id)
            ).scalar()
            next_position[goal_id] = (last or 0) + 1
        conn.execute(
            insert(Measure),
            {
                "goal_id": goal_id,
                "position": next_position[goal_id],
                "title": row.title,
                "description": row.description,
                "department_id": department_id(conn, row.department),
                "department_inferred": False,
                "status": row.status,
                "target_group": row.target_group,
                "districts": row.districts,
                "load_id": load_id,
            },
        )
        next_position[goal_id] += 1
    return len(data)
