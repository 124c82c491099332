"""The goal catalogue of each goal period: Handlungsziele (with status and predecessor),
measures, challenges, conference feedback, linked indicators with their targets, data gaps and
the period's citation.

A period comes either from a committed YAML file in ``data/catalogue/`` (2013-2017, shipped in
the wheel as package data, see :mod:`etl.resources`), loaded by :func:`ensure_catalogue` when it
is new or changed, or from a `goals` delivery (a workbook, ``etl.sources.goals``). Both go
through :func:`write_period`. Readers such as ``status`` only read, and read an empty database as
"no catalogue". Measures named by the departments (source ``measures``) are stored beside the
catalogue's; :func:`effective_measures` merges both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import Connection, delete, func, insert, inspect, select, update
from sqlalchemy.orm import aliased

from etl.models import (
    Challenge,
    Department,
    Feedback,
    Goal,
    GoalDataGap,
    GoalIndicator,
    GoalPeriod,
    Load,
    Measure,
    PeriodCitation,
)
from etl.resources import data_path

# libyaml's parser where installed (the wheels have it): ten times the pure-Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CATALOGUE_DIR = data_path("catalogue")
FEEDBACK_KINDS = ("keep", "adapt")
GOAL_STATUS = ("neu", "beibehalten", "angepasst")
DIRECTIONS = ("steigen", "sinken", "halten")
# Measures whose department no source supports: counted under this name, never guessed.
UNASSIGNED = "nicht zugeordnet"


@dataclass(frozen=True)
class GoalLink:
    """An indicator linked to a goal (``lead``: the Leitindikator; ``key``: a key indicator,
    true for the lead too), with its optional target (see :class:`etl.models.GoalIndicator`)."""

    goal_key: str
    indicator: str
    lead: bool
    key: bool
    reason: str | None
    position: int
    baseline_year: int | None = None
    baseline_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None
    direction: str | None = None
    target_level: str | None = None

    @property
    def has_target(self) -> bool:
        return self.target_value is not None or self.direction is not None


def slug(title: str) -> str:
    """A stable ASCII key for a goal title ("Übergangssystem" -> "uebergangssystem")."""
    text = title.casefold()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:60] or "ziel"


def ensure_catalogue(conn: Connection, directory: Path = CATALOGUE_DIR) -> None:
    """Load every committed catalogue file that is new or changed since it was loaded.

    The one step that writes the committed catalogues; run it inside the caller's transaction.
    A period imported as a `goals` delivery is left alone (the import is the newer word)."""
    stored = {
        label: (sha, load_id)
        for label, sha, load_id in conn.execute(
            select(GoalPeriod.label, GoalPeriod.catalogue_sha256, GoalPeriod.load_id)
        ).all()
    }
    loaded = {sha for sha, _ in stored.values()}
    for path in sorted(directory.glob("*.yaml")):
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest in loaded:  # unchanged: no parsing (every import passes here)
            continue
        catalogue = yaml.load(raw.decode("utf-8"), Loader=SafeLoader)
        known = stored.get(catalogue["period"])
        if known is not None and (known[0] == digest or known[1] is not None):
            continue
        write_period(conn, catalogue, catalogue_sha256=digest)


def department_id(conn: Connection, name: str) -> int:
    """Id of the department ``name`` (matched case-insensitively), created if new."""
    for dept_id, dept_name in conn.execute(select(Department.id, Department.name)):
        if dept_name.casefold() == name.strip().casefold():
            return dept_id
    return conn.execute(
        insert(Department).returning(Department.id), {"name": name.strip()}
    ).scalar_one()


def write_period(
    conn: Connection,
    catalogue: dict,
    *,
    catalogue_sha256: str | None = None,
    load_id: int | None = None,
) -> int:
    """Store (or replace) the catalogue of one goal period; returns the period's id.

    ``catalogue``: the parsed form of a catalogue file (see data/catalogue/README.md); the
    `goals` importer builds the same form from a workbook. Goals are matched by number, so
    measures delivered for a goal keep pointing at it; a goal that disappears must not have
    delivered measures (ValueError). Measures, challenges, feedback, links and data gaps of the
    catalogue are replaced."""
    label = catalogue["period"]
    previous_id = None
    if catalogue.get("previous"):
        previous_id = conn.execute(
            select(GoalPeriod.id).where(GoalPeriod.label == catalogue["previous"])
        ).scalar_one()
    fields = {
        "source": catalogue.get("source"),
        "previous_id": previous_id,
        "catalogue_sha256": catalogue_sha256,
        "load_id": load_id,
    }
    period_id = conn.execute(select(GoalPeriod.id).where(GoalPeriod.label == label)).scalar()
    if period_id is None:
        period_id = conn.execute(
            insert(GoalPeriod).returning(GoalPeriod.id), {"label": label, **fields}
        ).scalar_one()
    else:
        conn.execute(update(GoalPeriod).where(GoalPeriod.id == period_id).values(**fields))
    _sync_citation(conn, period_id, catalogue.get("citation"))
    goal_ids = _sync_goals(conn, period_id, previous_id, catalogue["goals"])
    owned = list(goal_ids.values())
    for table in (Challenge, Feedback, GoalIndicator, GoalDataGap):
        conn.execute(delete(table).where(table.goal_id.in_(owned)))
    conn.execute(delete(Measure).where(Measure.goal_id.in_(owned), Measure.load_id.is_(None)))
    for goal in catalogue["goals"]:
        _insert_goal_parts(conn, goal_ids[goal["number"]], goal, label)
    return period_id


def _sync_goals(
    conn: Connection, period_id: int, previous_id: int | None, goals: list[dict]
) -> dict[int, int]:
    """Insert or update the goals by number; returns number -> goal id."""
    existing = dict(
        conn.execute(select(Goal.number, Goal.id).where(Goal.period_id == period_id)).all()
    )
    predecessors = {}
    if previous_id is not None:
        predecessors = dict(
            conn.execute(select(Goal.number, Goal.id).where(Goal.period_id == previous_id)).all()
        )
    wanted = {goal["number"] for goal in goals}
    gone = [goal_id for number, goal_id in existing.items() if number not in wanted]
    if gone:
        delivered = conn.execute(
            select(func.count()).where(Measure.goal_id.in_(gone), Measure.load_id.is_not(None))
        ).scalar_one()
        if delivered:
            raise ValueError("goals with delivered measures cannot be removed from a period")
        for table in (Challenge, Feedback, GoalIndicator, GoalDataGap, Measure):
            conn.execute(delete(table).where(table.goal_id.in_(gone)))
        conn.execute(delete(Goal).where(Goal.id.in_(gone)))
    ids = {}
    for goal in goals:
        values = {
            "key": goal.get("key") or slug(goal["title"]),
            "title": goal["title"],
            "statement": goal["statement"],
            "status": goal.get("status"),
            "predecessor_id": predecessors.get(goal.get("predecessor")),
        }
        goal_id = existing.get(goal["number"])
        if goal_id is None:
            goal_id = conn.execute(
                insert(Goal).returning(Goal.id),
                {"period_id": period_id, "number": goal["number"], **values},
            ).scalar_one()
        else:
            conn.execute(update(Goal).where(Goal.id == goal_id).values(**values))
        ids[goal["number"]] = goal_id
    return ids


def _feedback_item(item: str | dict) -> tuple[str, bool]:
    """(text, requests_change) of a feedback entry: a plain string, or a mapping with ``text``
    and ``requests_change``."""
    if isinstance(item, str):
        return item, False
    return item["text"], bool(item.get("requests_change"))


def _insert_goal_parts(conn: Connection, goal_id: int, goal: dict, period: str) -> None:
    for position, measure in enumerate(goal.get("measures") or [], start=1):
        conn.execute(
            insert(Measure),
            {
                "goal_id": goal_id,
                "position": position,
                "title": measure["title"],
                "description": measure.get("description") or None,
                "department_id": department_id(conn, measure.get("department") or UNASSIGNED),
                "department_inferred": bool(measure.get("department_inferred")),
                "evidence": measure.get("evidence"),
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
        for position, item in enumerate(feedback.get(kind) or [], start=1):
            text, requests_change = _feedback_item(item)
            conn.execute(
                insert(Feedback),
                {
                    "goal_id": goal_id,
                    "kind": kind,
                    "position": position,
                    "text": text,
                    "requests_change": requests_change,
                },
            )
    links = goal.get("indicators") or []
    leads = [link["id"] for link in links if link.get("lead")]
    if len(leads) > 1:
        raise ValueError(
            f"catalogue {period}, goal {goal['number']}: more than one lead indicator "
            f"({', '.join(leads)})"
        )
    for position, link in enumerate(links, start=1):
        baseline = link.get("baseline") or {}
        target = link.get("target") or {}
        conn.execute(
            insert(GoalIndicator),
            {
                "goal_id": goal_id,
                "indicator": link["id"],
                "lead": bool(link.get("lead")),
                "key": bool(link.get("lead") or link.get("key")),
                "reason": link.get("reason"),
                "position": position,
                "baseline_year": baseline.get("year"),
                "baseline_value": baseline.get("value"),
                "target_year": target.get("year"),
                "target_value": target.get("value"),
                "direction": target.get("direction"),
                "target_level": target.get("level"),
            },
        )
    for position, gap in enumerate(goal.get("data_gaps") or [], start=1):
        conn.execute(
            insert(GoalDataGap),
            {
                "goal_id": goal_id,
                "position": position,
                "topic": gap["topic"],
                "sources": gap["sources"],
            },
        )


def _sync_citation(conn: Connection, period_id: int, citation: str | None) -> None:
    conn.execute(delete(PeriodCitation).where(PeriodCitation.period_id == period_id))
    if citation:
        conn.execute(insert(PeriodCitation), {"period_id": period_id, "citation": citation})


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
        link = row
        links.setdefault(row.goal_key, []).append(
            GoalLink(
                row.goal_key,
                link.indicator,
                link.lead,
                link.key,
                link.reason,
                link.position,
                link.baseline_year,
                link.baseline_value,
                link.target_year,
                link.target_value,
                link.direction,
                link.target_level,
            )
        )
    # The Leitindikator first, the others in catalogue order.
    return {
        key: sorted(found, key=lambda g: (not g.lead, g.position)) for key, found in links.items()
    }


def data_gaps(conn: Connection, period: str) -> dict[str, list[tuple[str, str]]]:
    """Per goal key of ``period``: (topic, sources) of the evidence no loaded source gives."""
    if not has_tables(conn, GoalDataGap.__tablename__):
        return {}
    rows = conn.execute(
        select(Goal.key, GoalDataGap.topic, GoalDataGap.sources)
        .join(Goal, GoalDataGap.goal_id == Goal.id)
        .join(GoalPeriod)
        .where(GoalPeriod.label == period)
        .order_by(Goal.number, GoalDataGap.position)
    ).all()
    gaps: dict[str, list[tuple[str, str]]] = {}
    for key, topic, sources in rows:
        gaps.setdefault(key, []).append((topic, sources))
    return gaps


@dataclass(frozen=True)
class Predecessor:
    """The goal of the previous period a goal continues."""

    period: str
    number: int
    key: str
    title: str


def goal_lineage(conn: Connection, period: str) -> dict[str, tuple[str | None, Predecessor | None]]:
    """Per goal key of ``period``: (status neu/beibehalten/angepasst or None, predecessor)."""
    earlier = aliased(Goal)
    earlier_period = aliased(GoalPeriod)
    rows = conn.execute(
        select(
            Goal.key,
            Goal.status,
            earlier_period.label,
            earlier.number,
            earlier.key.label("earlier_key"),
            earlier.title,
        )
        .join(GoalPeriod, Goal.period_id == GoalPeriod.id)
        .outerjoin(earlier, Goal.predecessor_id == earlier.id)
        .outerjoin(earlier_period, earlier.period_id == earlier_period.id)
        .where(GoalPeriod.label == period)
    ).all()
    return {
        row.key: (
            row.status,
            Predecessor(row.label, row.number, row.earlier_key, row.title)
            if row.earlier_key
            else None,
        )
        for row in rows
    }


def answered_departments(conn: Connection, period: str) -> dict[str, dt.datetime]:
    """The departments that returned the Maßnahmen-Abfrage of ``period`` (a `measures`
    delivery), with the time of their latest load."""
    rows = conn.execute(
        select(Department.name, func.max(Load.loaded_at))
        .join(Measure, Measure.department_id == Department.id)
        .join(Load, Measure.load_id == Load.id)
        .join(Goal, Measure.goal_id == Goal.id)
        .join(GoalPeriod)
        .where(GoalPeriod.label == period)
        .group_by(Department.name)
    ).all()
    return dict(rows)


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
    evidence: str | None
    status: str | None
    target_group: str | None
    districts: str | None
    from_delivery: bool  # True: named in the Maßnahmen-Abfrage (a Nennung), not reconstructed


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
            evidence=measure.evidence,
            status=measure.status,
            target_group=measure.target_group,
            districts=measure.districts,
            from_delivery=measure.load_id is not None,
        )
    return sorted(merged.values(), key=lambda m: (m.goal_id, m.position))
