"""Maßnahmen-Abfrage: measures and projects named by the departments for a goal period.

A delivered measure with the title of a catalogue measure of the same goal updates it (department,
description, status); others are added. A delivery covers one Zielperiode.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, insert, select

from etl.catalogue import department_id
from etl.columns import Column, Sheet
from etl.contract import Unique
from etl.delivery import Delivery, References
from etl.instruments import MEASURE_STATUS
from etl.models import Goal, GoalPeriod, Measure
from etl.problems import Findings
from etl.table import Table

SOURCE = "measures"
TITLE = "Maßnahmen-Abfrage"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = None  # one Zielperiode per delivery, shown with the goals
# The record tables this source writes, the main one first.
TABLES = (Measure,)
GENERATOR = "etl.synthetic.measures"  # its synthetic deliveries (`samples`)

COLUMNS = (
    Column("Zielperiode", "period"),
    Column("Handlungsziel", "goal"),
    Column("Maßnahme/Projekt", "title", aliases=("Maßnahme / Projekt", "Maßnahme")),
    Column("Arbeitsbereich", "department"),
    Column("Beschreibung", "description", required=False, nullable=True),
    Column("Status", "status", "choice", required=False, nullable=True, choices=MEASURE_STATUS),
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


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
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


def delivery(tables: dict[str, Table]) -> Delivery:
    periods = sorted(set(tables["main"].data["period"].dropna()))
    goal_ids = select(Goal.id).join(GoalPeriod).where(GoalPeriod.label.in_(periods))
    return Delivery(
        "Maßnahmen der Zielperiode " + ", ".join(periods),
        [(Measure, and_(Measure.load_id.is_not(None), Measure.goal_id.in_(goal_ids)))],
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
                "load_id": load_id,
            },
        )
        next_position[goal_id] += 1
    return len(data)
