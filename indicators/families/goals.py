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
from etl.vocabulary import CITY, COUNT, GOALS, NEUTRAL
from indicators.disclosure import INSTITUTIONS
from indicators.families import num
from indicators.geography import CITY_KEY
from indicators.indicator import SUM, Indicator, declarer

FAMILY = GOALS

declare = declarer(
    GOALS,
    source="Zielkatalog und Maßnahmen-Abfrage",
    rule=INSTITUTIONS,
    levels=(CITY.key,),
    breakdowns=("goal", "department"),
    denominator="",
    unit=COUNT,
    scale=1,
    kind=SUM,
    direction=NEUTRAL,
    decimals=0,
)

MEASURES = declare(
    "measures",
    "Maßnahmen",
    "Zahl der Maßnahmen und Projekte je Handlungsziel und Arbeitsbereich in der Zielperiode.",
    numerator="Maßnahmen",
)
CHALLENGES = declare(
    "challenges",
    "Herausforderungen",
    "Zahl der genannten Schwierigkeiten und Herausforderungen je Handlungsziel.",
    numerator="Herausforderungen",
)
FEEDBACK_KEEP = declare(
    "feedback_keep",
    "Rückmeldungen: beibehalten",
    "Zahl der Rückmeldungen der Bildungskonferenz, das Handlungsziel unverändert zu lassen, "
    "ohne die Rückmeldungen dieser Spalte, die eine Änderung verlangen (eigener Indikator). "
    "Unterpunkte zählen mit ihrer Rückmeldung als eine.",
    numerator="Rückmeldungen",
)
FEEDBACK_KEEP_CHANGE = declare(
    "feedback_keep_change",
    "Rückmeldungen: beibehalten, mit Änderungswunsch",
    "Zahl der Rückmeldungen in der Spalte „kann unverändert bleiben“, deren Wortlaut dennoch "
    "eine Änderung verlangt (Einordnung des Projekts, im Zielkatalog vermerkt).",
    numerator="Rückmeldungen",
)
FEEDBACK_ADAPT = declare(
    "feedback_adapt",
    "Rückmeldungen: anpassen",
    "Zahl der Rückmeldungen der Bildungskonferenz, das Handlungsziel anzupassen.",
    numerator="Rückmeldungen",
)
INDICATORS: tuple[Indicator, ...] = (
    MEASURES,
    CHALLENGES,
    FEEDBACK_KEEP,
    FEEDBACK_KEEP_CHANGE,
    FEEDBACK_ADAPT,
)


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    """The cells directly (nothing to aggregate: the catalogue counts are city-wide)."""
    rows = []
    for period_id, label in conn.execute(select(GoalPeriod.id, GoalPeriod.label)).all():
        start = int(label[:4])
        goals = conn.execute(select(Goal.id, Goal.key).where(Goal.period_id == period_id)).all()
        measures = effective_measures(conn, label)
        challenges = Counter(conn.execute(select(Challenge.goal_id)).scalars())
        feedback = Counter(
            conn.execute(select(Feedback.goal_id, Feedback.kind, Feedback.requests_change)).all()
        )
        for goal_id, key in goals:
            own = [m for m in measures if m.goal_id == goal_id]
            counts = {
                MEASURES: {"": len(own)}
                | {f";department={d}": c for d, c in Counter(m.department for m in own).items()},
                CHALLENGES: {"": challenges[goal_id]},
                FEEDBACK_KEEP: {"": feedback[(goal_id, "keep", False)]},
                FEEDBACK_KEEP_CHANGE: {"": feedback[(goal_id, "keep", True)]},
                FEEDBACK_ADAPT: {"": sum(feedback[(goal_id, "adapt", r)] for r in (False, True))},
            }
            for indicator, by_breakdown in counts.items():
                for suffix, count in by_breakdown.items():
                    rows.append(
                        {
                            "period": label,
                            "year": start,
                            "level": CITY.key,
                            "unit": CITY_KEY,
                            "parent": None,
                            "breakdown": f"goal={key}{suffix}",
                            num(indicator): float(count),
                        }
                    )
    return pd.DataFrame(rows)
