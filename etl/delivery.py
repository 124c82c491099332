"""What the sources share: the delivery unit a file covers, look-ups of known keys, and
inserting the delivered rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
from sqlalchemy import ColumnElement, Connection, bindparam, insert, select

from etl import german
from etl.models import Base, Goal, GoalPeriod, Kita, School, SpatialUnit


@dataclass
class Delivery:
    """The part of the database a file replaces: rows of ``scope`` (model, condition) pairs."""

    label: str  # German, e.g. "KOMPIK 2019, 42 Kitas"
    scope: list[tuple[type[Base], ColumnElement[bool]]] = field(default_factory=list)
    # True: the source's ``load`` updates the rows of ``scope`` itself, keeping the ids other
    # records refer to (a goal period and its goals); the pipeline only counts them.
    in_place: bool = False


@dataclass(frozen=True)
class KnownIndicator:
    """What an import checks about an indicator of the registry. etl does not import the
    registry (the layers point the other way): the command line passes these in."""

    title: str
    levels: tuple[str, ...] = ()  # the levels it has values on (empty: not checked)
    is_date: bool = False  # its values are dates: no target can be set for it


class References:
    """Known keys read once per import, inside the import's transaction.

    ``indicators``: indicator id -> KnownIndicator, given by the caller (None: ids cannot be
    checked)."""

    def __init__(self, conn: Connection, indicators: Mapping[str, KnownIndicator] | None = None):
        self.conn = conn
        self.indicators = indicators

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


def school_year_delivery(tables: dict, model) -> Delivery:
    """The delivery unit of a source with a Schuljahr: the school years of the file."""
    years = sorted(set(tables["main"].data["school_year"].dropna()))
    return Delivery("Schuljahr " + ", ".join(years), [(model, model.school_year.in_(years))])


UNKNOWN_DISTRICT = "unbekannter statistischer Bezirk (Raumgliederung importiert?)"
UNKNOWN_SCHOOL = (
    "unbekannte Schule (Schulen werden mit der Schulsozialarbeit-Lieferung registriert)"
)


def unknown_districts(
    table, refs: References, findings, column: str = "district_number", rule: str = UNKNOWN_DISTRICT
) -> None:
    """Report every row whose statistical district is not in the Raumgliederung."""
    unknown_keys(table, column, refs.districts, rule, findings)


def unknown_schools(table, refs: References, findings, column: str = "school_number") -> None:
    """Report every row whose school is not in the school register."""
    unknown_keys(table, column, refs.schools, UNKNOWN_SCHOOL, findings)


def unknown_keys(table, column: str, known: set[str], rule: str, findings) -> None:
    """Report every row whose key in ``column`` is not among ``known``."""
    values = table.data[column]
    bad = values.notna() & ~values.isin(known)
    for row in values.index[bad]:
        findings.error(table.problem(int(row), column, rule, values.at[row]))


# The running import's progress callback, so that loading reports without every source passing
# it along.
PROGRESS: ContextVar[Callable[[str], None] | None] = ContextVar("progress", default=None)
CHUNK = 20_000  # rows per executemany: progress for long files, bounded memory per statement


def insert_records(
    conn: Connection, model: type[Base], frame: pd.DataFrame, columns: list[str], load_id: int
) -> int:
    """Insert the rows of ``frame`` (its ``columns``) into ``model`` as part of load ``load_id``.

    The parsed values are already of the column types, so the rows go to the driver's
    executemany directly: SQLAlchemy's per-row parameter processing would cost more than
    reading and checking the file.
    """
    names = [*columns, "load_id"]
    statement = insert(model).values({name: bindparam(name) for name in names})
    compiled = statement.compile(dialect=conn.dialect)
    values = [_plain(frame[column], conn.dialect.name) for column in columns]
    values.append([load_id] * len(frame))
    if compiled.positiontup is not None:  # qmark style (SQLite): tuples in placeholder order
        order = [names.index(name) for name in compiled.positiontup]
        rows = list(zip(*(values[i] for i in order), strict=True))
    else:  # named style (psycopg): dicts
        rows = [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]
    say = PROGRESS.get()
    for start in range(0, len(rows), CHUNK):
        conn.exec_driver_sql(compiled.string, rows[start : start + CHUNK])
        if say and len(rows) > CHUNK:
            done = min(start + CHUNK, len(rows))
            say(f"laden {german.integer(done)} von {german.plural(len(rows), 'Zeile', 'Zeilen')}")
    return len(rows)


def _plain(series: pd.Series, dialect: str) -> list:
    """Python values with None for missing; dates as ISO text for SQLite (its storage format)."""
    values = series.to_numpy(dtype=object, na_value=None).tolist()
    if dialect == "sqlite" and series.dtype == object:
        values = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
    return values
