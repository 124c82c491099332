"""The goal catalogue (Handlungsziele with measures, challenges, conference feedback, linked
indicators and the period's citation).

Catalogues are committed as YAML in ``data/catalogue/`` (one file per goal period, shipped in the
wheel as package data, see :mod:`etl.resources`). Loading them is an explicit step,
:func:`ensure_catalogue`, run by the writing commands (``import``, ``build``, ``demo``); readers
such as ``status`` only read, and read an empty database as "no catalogue". Measures delivered
later by the departments (source ``measures``) are stored beside the catalogue's;
:func:`effective_measures` merges both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import Connection, delete, insert, inspect, select

from etl.models import (
    Challenge,
    Department,
    Feedback,
    Goal,
    GoalIndicator,
    GoalPeriod,
    Measure,
    PeriodCitation,
)
from etl.resources import data_path

CATALOGUE_DIR = data_path("catalogue")
FEEDBACK_KINDS = ("keep", "adapt")
# Tables added after the first databases were created: the catalogue step creates them there.
LATER_TABLES = (PeriodCitation.__table__, GoalIndicator.__table__)


@dataclass(frozen=True)
class GoalLink:
    """An indicator linked to a goal (``lead``: the Leitindikator; ``key``: a key indicator,
    true for the lead too)."""

    goal_key: str
    indicator: str
    lead: bool
    key: bool
    reason: str | None
    position: int


def ensure_catalogue(conn: Connection, directory: Path = CATALOGUE_DIR) -> None:
    """Load every catalogue file whose period is not in the database yet, and bring the
    indicator links and the citation of known periods up to date with their files.

    The one step that writes the catalogue; run it inside the caller's transaction."""
    for table in LATER_TABLES:
        table.create(conn, checkfirst=True)
    known = dict(conn.execute(select(GoalPeriod.label, GoalPeriod.id)).all())
    for path in sorted(directory.glob("*.yaml")):
        catalogue = yaml.safe_load(path.read_text(encoding="utf-8"))
        period_id = known.get(catalogue["period"])
        if period_id is None:
            period_id = _load_period(conn, catalogue)
        _sync_citation(conn, period_id, catalogue.get("citation"))
        _sync_links(conn, period_id, catalogue)


def department_id(conn: Connection, name: str) -> int:
    """Id of the department ``name`` (matched case-insensitively), created if new."""
    for dept_id, dept_name in conn.execute(select(Department.id, Department.name)):
        if dept_name.casefold() == name.strip().casefold():
            return dept_id
    return conn.execute(
        insert(Department).returning(Department.id), {"name": name.strip()}
    ).scalar_one()


def _load_period(conn: Connection, catalogue: dict) -> int:
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
    return period_id


def _sync_citation(conn: Connection, period_id: int, citation: str | None) -> None:
    stored = conn.execute(
        select(PeriodCitation.citation).where(PeriodCitation.period_id == period_id)
    ).scalar_one_or_none()
    if stored == citation:
        return
    conn.execute(delete(PeriodCitation).where(PeriodCitation.period_id == period_id))
    if citation:
        conn.execute(insert(PeriodCitation), {"period_id": period_id, "citation": citation})


def _sync_links(conn: Connection, period_id: int, catalogue: dict) -> None:
    """Replace the period's indicator links when the file says something else."""
    goal_ids = dict(
        conn.execute(select(Goal.key, Goal.id).where(Goal.period_id == period_id)).all()
    )
    wanted = []
    for goal in catalogue["goals"]:
        links = goal.get("indicators") or []
        leads = [link["id"] for link in links if link.get("lead")]
        if len(leads) > 1:
            raise ValueError(
                f"catalogue {catalogue['period']}, goal {goal['key']}: more than one lead "
                f"indicator ({', '.join(leads)})"
            )
        for position, link in enumerate(links, start=1):
            lead = bool(link.get("lead"))
            wanted.append(
                {
                    "goal_id": goal_ids[goal["key"]],
                    "indicator": link["id"],
                    "lead": lead,
                    "key": lead or bool(link.get("key")),
                    "reason": link.get("reason"),
                    "position": position,
                }
            )
    columns = ("goal_id", "indicator", "lead", "key", "reason", "position")
    stored = conn.execute(
        select(*(getattr(GoalIndicator, c) for c in columns)).where(
            GoalIndicator.goal_id.in_(goal_ids.values())
        )
    ).all()
    if {tuple(row) for row in stored} == {tuple(link[c] for c in columns) for link in wanted}:
        return
    conn.execute(delete(GoalIndicator).where(GoalIndicator.goal_id.in_(goal_ids.values())))
    if wanted:
        conn.execute(insert(GoalIndicator), wanted)


# --- readers (they never write; on a database without the catalogue they find nothing) -------


def has_tables(conn: Connection, *names: str) -> bool:
    """True if the database has all these tables (a fresh database has none)."""
    existing = set(inspect(conn).get_table_names())
    return set(names) <= existing


def latest_period(conn: Connection) -> str | None:
    """The label of the most recent goal period in the database, None without a catalogue."""
    if not has_tables(conn, GoalPeriod.__tablename__):
        return None
    return conn.execute(select(GoalPeriod.label).order_by(GoalPeriod.label.desc())).scalar()


def goal_links(conn: Connection, period: str) -> dict[str, list[GoalLink]]:
    """The indicators linked to each goal of ``period`` (goal key -> links in catalogue order;
    goals without links are left out)."""
    if not has_tables(conn, GoalIndicator.__tablename__, GoalPeriod.__tablename__):
        return {}
    rows = conn.execute(
        select(GoalIndicator, Goal.key.label("goal_key"))
        .join(Goal, GoalIndicator.goal_id == Goal.id)
        .join(GoalPeriod)
        .where(GoalPeriod.label == period)
        .order_by(Goal.number, GoalIndicator.position)
    ).all()
    links: dict[str, list[GoalLink]] = {}
    for row in rows:
        links.setdefault(row.goal_key, []).append(
            GoalLink(row.goal_key, row.indicator, row.lead, row.key, row.reason, row.position)
        )
    return links


def period_citation(conn: Connection, period: str) -> str | None:
    """How exports cite the catalogue of ``period`` (None if the catalogue gives none)."""
    if not has_tables(conn, PeriodCitation.__tablename__, GoalPeriod.__tablename__):
        return None
    return conn.execute(
        select(PeriodCitation.citation)
        .join(GoalPeriod, PeriodCitation.period_id == GoalPeriod.id)
        .where(GoalPeriod.label == period)
    ).scalar()


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
