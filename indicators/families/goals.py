"""The goal catalogue in numbers: measures per goal and department, challenges, feedback.

Not spatial: one city-wide cell per goal (breakdown "goal=<key>") and per goal and department
("goal=<key>;department=<name>"), with the goal period as the period.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
from sqlalchemy import Connection, select

from etl.catalogue import effective_measures
from etl.models import Challenge, Feedback, Goal, GoalPeriod
from indicators.families import num
from indicators.geography import CITY_KEY

PREFIX = "goals."


def cells(conn: Connection) -> pd.DataFrame:
    rows = []
    for period_id, label in conn.execute(select(GoalPeriod.id, GoalPeriod.label)).all():
        start = int(label[:4])
        goals = conn.execute(select(Goal.id, Goal.key).where(Goal.period_id == period_id)).all()
        measures = effective_measures(conn, label)
        challenges = Counter(conn.execute(select(Challenge.goal_id)).scalars())
        feedback = Counter(conn.execute(select(Feedback.goal_id, Feedback.kind)).all())
        for goal_id, key in goals:
            own = [m for m in measures if m.goal_id == goal_id]
            counts = {
                "goals.measures": {"": len(own)}
                | {f";department={d}": c for d, c in Counter(m.department for m in own).items()},
                "goals.challenges": {"": challenges[goal_id]},
                "goals.feedback_keep": {"": feedback[(goal_id, "keep")]},
                "goals.feedback_adapt": {"": feedback[(goal_id, "adapt")]},
            }
            for indicator, by_breakdown in counts.items():
                for suffix, count in by_breakdown.items():
                    rows.append(
                        {
                            "period": label,
                            "year": start,
                            "level": "stadt",
                            "unit": CITY_KEY,
                            "parent": None,
                            "breakdown": f"goal={key}{suffix}",
                            num(indicator): float(count),
                        }
                    )
    return pd.DataFrame(rows)
