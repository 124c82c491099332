"""The goal catalogue (Handlungsziele with measures, challenges and conference feedback).

Catalogues are committed as YAML in ``data/catalogue/`` (one file per goal period) and loaded
into the database on first use. Measures delivered later by the departments (source
``measures``) are stored beside the catalogue's; :func:`effective_measures` merges both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import Connection, insert, select

from etl.models import Challenge, Department, Feedback, Goal, GoalPeriod, Measure
from etl.settings import PROJECT_ROOT

CATALOGUE_DIR = PROJECT_ROOT / "data" / "catalogue"
FEEDBACK_KINDS = ("keep", "adapt")


def ensure_catalogue(conn: Connection, directory: Path = CATALOGUE_DIR) -> None:
    """Load every catalogue file whose period is not in the database yet."""
    known = set(conn.execute(select(GoalPeriod.label)).scalars())
    for path in sorted(directory.glob("*.yaml")):
        if path.stem in known:  # files are named after their period: no need to parse
            continue
        catalogue = yaml.safe_load(path.read_text(encoding="utf-8"))
        if catalogue["period"] not in known:
            _load_period(conn, catalogue)


def department_id(conn: Connection, name: str) -> int:
    """Id of the department ``name`` (matched case-insensitively), created if new."""
    for dept_id, dept_name in conn.execute(select(Department.id, Department.name)):
        if dept_name.casefold() == name.strip().casefold():
            return dept_id
    return conn.execute(
        insert(Department).returning(Department.id), {"name": name.strip()}
    ).scalar_one()


def _load_period(conn: Connection, catalogue: dict) -> None:
    period_id = conn.execute(
        insert(GoalPeriod).returning(GoalPeriod.id),
        {"label": catalogue["period"], "source": catalogue.get("source")},
    ).scalar_one()
    for goal in catalogue["goals"]:
        goal_id = conn.execute(
            insert(Goal).returning(Goal.id),
            {
                "period_id": period_id,
                "number": goal["number"],
                "key": goal["key"],
                "title": goal["title"],
                "statement": goal["statement"],
            },
        ).scalar_one()
        for position, measure in enumerate(goal.get("measures") or [], start=1):
            conn.execute(
                insert(Measure),
                {
                    "goal_id": goal_id,
                    "position": position,
                    "title": measure["title"],
                    "description": measure.get("description") or None,
                    "department_id": department_id(conn, measure["department"]),
                    "department_inferred": bool(measure.get("department_inferred")),
                    "inference_note": measure.get("inference_note"),
                },
            )
        for position, challenge in enumerate(goal.get("challenges") or [], start=1):
            conn.execute(
                insert(Challenge),
                {
                    "goal_id": goal_id,
                    "position": position,
                    "title": challenge["title"],
                    "description": challenge.get("description") or None,
                },
            )
        feedback = goal.get("feedback") or {}
        for kind in FEEDBACK_KINDS:
            for position, text in enumerate(feedback.get(kind) or [], start=1):
                conn.execute(
                    insert(Feedback),
                    {"goal_id": goal_id, "kind": kind, "position": position, "text": text},
                )


@dataclass(frozen=True)
class EffectiveMeasure:
    goal_id: int
    position: int
    title: str
    description: str | None
    department: str
    department_inferred: bool
    status: str | None
    from_delivery: bool  # True: named in a measures delivery, not (only) in the catalogue


def effective_measures(conn: Connection, period: str) -> list[EffectiveMeasure]:
    """The measures of ``period``: the catalogue's, each replaced by a delivered measure of the
    same goal and title, plus delivered measures the catalogue does not have."""
    rows = conn.execute(
        select(Measure, Department.name.label("department"))
        .join(Department)
        .join(Goal)
        .join(GoalPeriod)
        .where(GoalPeriod.label == period)
        .order_by(Measure.goal_id, Measure.load_id.is_not(None), Measure.position)
    ).all()
    merged: dict[tuple[int, str], EffectiveMeasure] = {}
    for measure in rows:
        key = (measure.goal_id, measure.title.strip().casefold())
        earlier = merged.get(key)
        merged[key] = EffectiveMeasure(
            goal_id=measure.goal_id,
            position=earlier.position if earlier else measure.position,
            title=measure.title,
            description=measure.description or (earlier.description if earlier else None),
            department=measure.department,
            department_inferred=measure.department_inferred,
            status=measure.status,
            from_delivery=measure.load_id is not None,
        )
    return sorted(merged.values(), key=lambda m: (m.goal_id, m.position))
