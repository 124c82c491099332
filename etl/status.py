"""What is in the database: loads per source and the goal catalogue with its counts."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection, func, select

from etl.catalogue import FEEDBACK_KINDS, effective_measures
from etl.models import (
    Challenge,
    Feedback,
    Goal,
    GoalPeriod,
    KitaListEntry,
    KompikObservation,
    Load,
    LoadWarning,
    ParentSurveyResponse,
    Population,
    SchoolSocialWork,
    UweResponse,
)
from etl.sources import SOURCES

# The column that says which year (or school year) a record belongs to, per source.
YEAR_OF = {
    "population": func.extract("year", Population.reference_date),
    "kitas": func.extract("year", KitaListEntry.list_date),
    "school-social-work": SchoolSocialWork.school_year,
    "kompik": func.extract("year", KompikObservation.observed_on),
    "uwe": UweResponse.year,
    "parent-survey": ParentSurveyResponse.year,
}


def status(conn: Connection) -> dict:
    """Status as plain data (what ``bildungsmonitor status --json`` prints)."""
    return {"sources": _sources(conn), "periods": _periods(conn)}


def _sources(conn: Connection) -> dict:
    loads = conn.execute(
        select(Load).where(Load.superseded_by.is_(None)).order_by(Load.loaded_at, Load.id)
    ).all()
    warnings = dict(
        conn.execute(select(LoadWarning.load_id, func.count()).group_by(LoadWarning.load_id)).all()
    )
    result = {}
    for source, module in SOURCES.items():
        mine = [load for load in loads if load.source == source]
        years = []
        if source in YEAR_OF:
            found = conn.execute(select(YEAR_OF[source]).distinct()).scalars()
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


def _periods(conn: Connection) -> dict:
    result = {}
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
        result[period.label] = {"goals": goals}
    return result
