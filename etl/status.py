"""What is in the database: loads per source and the goal catalogue with its counts, and per
goal period which departments have answered the Maßnahmen-Abfrage.

A reader: it never writes, and on an empty database (no tables yet) it reports no files and no
catalogue. The years per source come from each source module's ``YEAR`` declaration.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection, func, inspect, select

from etl.catalogue import FEEDBACK_KINDS, UNASSIGNED, answered_departments, effective_measures
from etl.models import (
    Challenge,
    Department,
    Feedback,
    Goal,
    GoalPeriod,
    Load,
    LoadWarning,
    Measure,
)
from etl.sources import SOURCES

CATALOGUE_TABLES = {
    model.__tablename__ for model in (GoalPeriod, Goal, Measure, Department, Challenge, Feedback)
}


def status(conn: Connection | None) -> dict:
    """Status as plain data (what ``bildungsmonitor status --json`` prints).

    ``conn`` None stands for a database that does not exist yet."""
    tables = set(inspect(conn).get_table_names()) if conn is not None else set()
    return {"sources": _sources(conn, tables), "periods": _periods(conn, tables)}


def _sources(conn: Connection | None, tables: set[str]) -> dict:
    loads, warnings = [], {}
    if {Load.__tablename__, LoadWarning.__tablename__} <= tables:
        loads = conn.execute(
            select(Load).where(Load.superseded_by.is_(None)).order_by(Load.loaded_at, Load.id)
        ).all()
        warnings = dict(
            conn.execute(
                select(LoadWarning.load_id, func.count()).group_by(LoadWarning.load_id)
            ).all()
        )
    result = {}
    for source, module in SOURCES.items():
        mine = [load for load in loads if load.source == source]
        years = []
        if module.YEAR is not None and module.TABLES[0].__tablename__ in tables:
            found = conn.execute(select(module.YEAR).distinct()).scalars()
            years = sorted(str(int(y)) if isinstance(y, float | int) else str(y) for y in found)
        result[source] = {
            "title": module.TITLE,
            "files": [
                {
                    "file": load.file_name,
                    "delivery": load.delivery,
                    "rows": load.rows,
                    "warnings": warnings.get(load.id, 0),
                    "loaded_at": load.loaded_at.isoformat(),
                    "loaded_by": load.loaded_by,
                }
                for load in mine
            ],
            "rows": sum(load.rows for load in mine),
            "years": years,
            "last_load": mine[-1].loaded_at.isoformat() if mine else None,
        }
    return result


def _periods(conn: Connection | None, tables: set[str]) -> dict:
    result: dict = {}
    if not tables >= CATALOGUE_TABLES:
        return result  # no catalogue loaded yet
    for period in conn.execute(select(GoalPeriod).order_by(GoalPeriod.label)).all():
        measures = effective_measures(conn, period.label)
        challenges = Counter(conn.execute(select(Challenge.goal_id)).scalars())
        feedback = Counter(conn.execute(select(Feedback.goal_id, Feedback.kind)).all())
        goals = []
        for goal in conn.execute(
            select(Goal).where(Goal.period_id == period.id).order_by(Goal.number)
        ).all():
            own = [m for m in measures if m.goal_id == goal.id]
            goals.append(
                {
                    "number": goal.number,
                    "key": goal.key,
                    "title": goal.title,
                    "measures": len(own),
                    "challenges": challenges[goal.id],
                    "feedback": {kind: feedback[(goal.id, kind)] for kind in FEEDBACK_KINDS},
                    "measures_by_department": dict(
                        Counter(m.department for m in own).most_common()
                    ),
                }
            )
        result[period.label] = {"goals": goals, "survey": _survey(conn, period.label)}
    return result


def _survey(conn: Connection, period: str) -> dict:
    """The Maßnahmen-Abfrage of ``period``: the departments that answered (name, time of their
    latest return, measures delivered), and those of the database that have not ("nicht
    zugeordnet" is no department to ask)."""
    latest = answered_departments(conn, period)
    counts = dict(
        conn.execute(
            select(Department.name, func.count())
            .join(Measure, Measure.department_id == Department.id)
            .join(Goal, Measure.goal_id == Goal.id)
            .join(GoalPeriod)
            .where(GoalPeriod.label == period, Measure.load_id.is_not(None))
            .group_by(Department.name)
        ).all()
    )
    every = conn.execute(select(Department.name)).scalars()
    return {
        "answered": [
            {"department": name, "latest": latest[name].isoformat(), "measures": counts[name]}
            for name in sorted(latest, key=str.casefold)
        ],
        "outstanding": sorted(
            (name for name in every if name not in latest and name != UNASSIGNED),
            key=str.casefold,
        ),
    }
