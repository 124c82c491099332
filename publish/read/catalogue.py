"""The goal catalogue as the pages and downloads read it: goals, measures, challenges, feedback
and the indicators linked to each goal (data of the goal period, ``etl.catalogue.goal_links``)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from etl.catalogue import GoalLink, effective_measures, goal_links
from etl.models import Challenge, Department, Feedback, Goal, GoalPeriod, Measure
from indicators.store import IndicatorValue
from publish.read.results import GoalDetail, GoalSummary, MeasureRow


def present_links(links: list[GoalLink], present: set[str]) -> list[GoalLink]:
    """The links of a goal whose indicator has values, in catalogue order."""
    return [link for link in links if link.indicator in present]


def read_goals(conn: Connection, period: str, present: set[str]) -> list[GoalSummary]:
    """The goals of a period with their measures, departments and headline indicator."""
    goals = conn.execute(
        select(Goal.id, Goal.number, Goal.key, Goal.title, Goal.statement)
        .join(GoalPeriod)
        .where(GoalPeriod.label == period)
        .order_by(Goal.number)
    ).all()
    measures = effective_measures(conn, period)
    links = goal_links(conn, period)
    found = []
    for goal_id, number, key, title, statement in goals:
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
            )
        )
    return found


def read_goal(conn: Connection, period: str, key: str, present: set[str]) -> GoalDetail | None:
    """One goal with measures, challenges, feedback and measures by department."""
    goal = conn.execute(
        select(Goal.id, Goal.number, Goal.title, Goal.statement)
        .join(GoalPeriod)
        .where(GoalPeriod.label == period, Goal.key == key)
    ).one_or_none()
    if goal is None:
        return None
    notes = {
        (title.strip().casefold(), department): note
        for title, department, note in conn.execute(
            select(Measure.title, Department.name, Measure.inference_note)
            .join(Department)
            .where(Measure.goal_id == goal.id, Measure.department_inferred)
        ).all()
    }
    measures = [
        MeasureRow(
            title=m.title,
            description=m.description,
            department=m.department,
            inferred=m.department_inferred,
            note=notes.get((m.title.strip().casefold(), m.department))
            if m.department_inferred
            else None,
            status=m.status,
        )
        for m in effective_measures(conn, period)
        if m.goal_id == goal.id
    ]
    challenges = conn.execute(
        select(Challenge.title, Challenge.description)
        .where(Challenge.goal_id == goal.id)
        .order_by(Challenge.position)
    ).all()
    feedback = conn.execute(
        select(Feedback.kind, Feedback.text)
        .where(Feedback.goal_id == goal.id)
        .order_by(Feedback.position)
    ).all()
    iv = IndicatorValue
    prefix = f"goal={key};department="
    departments = conn.execute(
        select(iv.breakdown, iv.value).where(
            iv.indicator == "goals.measures",
            iv.level == "stadt",
            iv.period == period,
            iv.breakdown.startswith(prefix, autoescape=True),
        )
    ).all()
    number, title, statement = goal.number, goal.title, goal.statement
    counts = pd.DataFrame(
        [(b[len(prefix) :], v) for b, v in departments], columns=["department", "count"]
    ).sort_values(["count", "department"], ascending=[False, True], ignore_index=True)
    return GoalDetail(
        period=period,
        number=number,
        key=key,
        title=title,
        statement=statement,
        measures=measures,
        challenges=[(t, d) for t, d in challenges],
        keep=[text for kind, text in feedback if kind == "keep"],
        adapt=[text for kind, text in feedback if kind == "adapt"],
        departments=counts,
        links=present_links(goal_links(conn, period).get(key, []), present),
    )
