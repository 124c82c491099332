"""The goal catalogue as the pages and downloads read it: goals, measures, challenges, feedback,
the indicators linked to each goal (the Leitindikator first), the data it still lacks, and its
predecessor in the previous period (all data of the goal period, ``etl.catalogue``)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from etl.catalogue import (
    EffectiveMeasure,
    GoalLink,
    data_gaps,
    effective_measures,
    goal_lineage,
    goal_links,
)
from etl.models import Challenge, Feedback, Goal, GoalPeriod
from publish.read.results import (
    DEPARTMENT_COLUMNS,
    FeedbackItem,
    GoalDetail,
    GoalSummary,
    MeasureRow,
)


def present_links(links: list[GoalLink], present: set[str]) -> list[GoalLink]:
    """The links of a goal whose indicator has values, the Leitindikator first."""
    return [link for link in links if link.indicator in present]


def read_goals(conn: Connection, period: str, present: set[str]) -> list[GoalSummary]:
    """The goals of a period with their measures, departments and headline indicator."""
    goals = conn.execute(
        select(Goal.id, Goal.number, Goal.key, Goal.title, Goal.statement, Goal.status)
        .join(GoalPeriod)
        .where(GoalPeriod.label == period)
        .order_by(Goal.number)
    ).all()
    measures = effective_measures(conn, period)
    links = goal_links(conn, period)
    gaps = data_gaps(conn, period)
    found = []
    for goal_id, number, key, title, statement, status in goals:
        own = [m for m in measures if m.goal_id == goal_id]
        departments = list(dict.fromkeys(m.department for m in own))
        linked = [link.indicator for link in present_links(links.get(key, []), present)]
        found.append(
            GoalSummary(
                number,
                key,
                title,
                statement,
                len(own),
                departments,
                linked[0] if linked else None,
                status=status,
                gaps=gaps.get(key, []),
            )
        )
    return found


def department_counts(measures: list[EffectiveMeasure]) -> pd.DataFrame:
    """Measures per department, split into Nennungen of the Abfrage and reconstructed ones
    (DEPARTMENT_COLUMNS), most measures first."""
    rows: dict[str, list[int]] = {}
    for m in measures:
        counts = rows.setdefault(m.department, [0, 0])
        counts[0 if m.from_delivery else 1] += 1
    frame = pd.DataFrame(
        [(d, a + b, a, b) for d, (a, b) in rows.items()], columns=DEPARTMENT_COLUMNS
    )
    return frame.sort_values(["count", "department"], ascending=[False, True], ignore_index=True)


def read_goal(conn: Connection, period: str, key: str, present: set[str]) -> GoalDetail | None:
    """One goal with measures, challenges, feedback, links and measures by department."""
    goal = conn.execute(
        select(Goal.id, Goal.number, Goal.title, Goal.statement)
        .join(GoalPeriod)
        .where(GoalPeriod.label == period, Goal.key == key)
    ).one_or_none()
    if goal is None:
        return None
    own = [m for m in effective_measures(conn, period) if m.goal_id == goal.id]
    measures = [
        MeasureRow(
            title=m.title,
            description=m.description,
            department=m.department,
            inferred=m.department_inferred,
            evidence=m.evidence,
            status=m.status,
            from_survey=m.from_delivery,
            target_group=m.target_group,
            districts=m.districts,
        )
        for m in own
    ]
    challenges = conn.execute(
        select(Challenge.title, Challenge.description)
        .where(Challenge.goal_id == goal.id)
        .order_by(Challenge.position)
    ).all()
    feedback = conn.execute(
        select(Feedback.kind, Feedback.text, Feedback.requests_change)
        .where(Feedback.goal_id == goal.id)
        .order_by(Feedback.position)
    ).all()
    links = goal_links(conn, period).get(key, [])
    status, predecessor = goal_lineage(conn, period).get(key, (None, None))
    change = None
    if predecessor is not None:
        earlier = department_counts(
            [
                m
                for m in effective_measures(conn, predecessor.period)
                if m.goal_id == _goal_id(conn, predecessor.period, predecessor.key)
            ]
        )
        change = _department_change(earlier, department_counts(own))
    return GoalDetail(
        period=period,
        number=goal.number,
        key=key,
        title=goal.title,
        statement=goal.statement,
        measures=measures,
        challenges=[(t, d) for t, d in challenges],
        keep=[FeedbackItem(t, bool(r)) for kind, t, r in feedback if kind == "keep"],
        adapt=[FeedbackItem(t, bool(r)) for kind, t, r in feedback if kind == "adapt"],
        departments=department_counts(own),
        links=present_links(links, present),
        targeted=[link for link in links if link.has_target],
        gaps=data_gaps(conn, period).get(key, []),
        status=status,
        predecessor=predecessor,
        department_change=change,
    )


def _goal_id(conn: Connection, period: str, key: str) -> int | None:
    return conn.execute(
        select(Goal.id).join(GoalPeriod).where(GoalPeriod.label == period, Goal.key == key)
    ).scalar()


def _department_change(earlier: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    """department, previous, current: the measures by department in both periods."""
    merged = pd.merge(
        earlier[["department", "count"]].rename(columns={"count": "previous"}),
        now[["department", "count"]].rename(columns={"count": "current"}),
        on="department",
        how="outer",
    ).fillna(0)
    merged[["previous", "current"]] = merged[["previous", "current"]].astype(int)
    return merged.sort_values(
        ["current", "previous", "department"], ascending=[False, False, True], ignore_index=True
    )
