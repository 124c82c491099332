"""What the sources share: the delivery unit a file covers, look-ups of known keys, and
inserting the delivered rows."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import ColumnElement, Connection, insert, select

from etl.models import Base, Goal, GoalPeriod, Kita, School, SpatialUnit


@dataclass
class Delivery:
    """The part of the database a file replaces: rows of ``scope`` (model, condition) pairs."""

    label: str  # German, e.g. "KOMPIK 2019, 42 Kitas"
    scope: list[tuple[type[Base], ColumnElement[bool]]] = field(default_factory=list)


class References:
    """Known keys read once per import, inside the import's transaction."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def _numbers(self, statement) -> set[str]:
        return set(self.conn.execute(statement).scalars())

    @cached_property
    def districts(self) -> set[str]:
        return self._numbers(select(SpatialUnit.number).where(SpatialUnit.level == "bezirk"))

    @cached_property
    def kitas(self) -> set[str]:
        return self._numbers(select(Kita.number))

    @cached_property
    def family_centres(self) -> set[str]:
        return self._numbers(select(Kita.number).where(Kita.is_family_centre))

    @cached_property
    def schools(self) -> set[str]:
        return self._numbers(select(School.number))

    def goals(self, period: str) -> list[tuple[int, int, str]]:
        """(goal id, number, title) of a goal period; empty if the period is unknown."""
        rows = self.conn.execute(
            select(Goal.id, Goal.number, Goal.title)
            .join(GoalPeriod)
            .where(GoalPeriod.label == period)
        )
        return [tuple(row) for row in rows]


def unknown_keys(table, column: str, known: set[str], rule: str, findings) -> None:
    """Report every row whose key in ``column`` is not among ``known``."""
    values = table.data[column]
    bad = values.notna() & ~values.isin(known)
    for row in values.index[bad]:
        findings.error(table.problem(int(row), column, rule, values.at[row]))


def records(frame, columns: list[str]) -> list[dict]:
    """Rows as dicts with plain Python values (None for missing), ready for executemany."""
    subset = frame[columns].astype(object)
    return subset.where(subset.notna(), None).to_dict("records")


# The running import's progress callback, so that loading reports without every source passing
# it along.
PROGRESS: ContextVar[Callable[[str], None] | None] = ContextVar("progress", default=None)
CHUNK = 20_000  # rows per executemany: progress for long files, bounded memory per statement


def insert_records(
    conn: Connection, model: type[Base], frame, columns: list[str], load_id: int
) -> int:
    """Insert the rows of ``frame`` (its ``columns``) into ``model`` as part of load ``load_id``."""
    rows = records(frame, columns)
    say = PROGRESS.get()
    for start in range(0, len(rows), CHUNK):
        chunk = [{**row, "load_id": load_id} for row in rows[start : start + CHUNK]]
        conn.execute(insert(model), chunk)
        if say and len(rows) > CHUNK:
            say(
                f"laden {min(start + CHUNK, len(rows)):,} von {len(rows):,} Zeilen".replace(
                    ",", "."
                )
            )
    return len(rows)
