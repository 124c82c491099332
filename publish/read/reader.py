"""The connection, version and cache of the read model (``publish.read.model.ReadModel``).

Readers never write: opening a database creates no table and loads no catalogue (``import``,
``build`` and ``demo`` do that). A database without the project's tables reads as empty (every
answer is the empty answer) and :attr:`Reader.notice` says so in German; once the tables
appear, the next version check reads them. What does not change between builds is cached per
process and dropped as soon as a new indicator build or a new load appears (the highest ids of
``indicator_builds`` and ``loads``, checked at most once per second) or a backup is restored (a
new token in ``restores``: after a restore, the ids may return to numbers seen before).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, func, inspect, select
from sqlalchemy.pool import StaticPool

from etl.models import Base, Load, Restore
from indicators.store import IndicatorBuild
from publish.read.frames import engine_for
from publish.read.tiles import TILES_CSV

log = logging.getLogger(__name__)

# The tables a reader needs; without them the database reads as empty.
REQUIRED_TABLES = ("indicator_values", "indicator_builds", "loads", "goal_periods")
NO_TABLES = (
    "Die Datenbank enthält noch keine Tabellen des Bildungsmonitors. Zuerst Lieferungen "
    "importieren („bildungsmonitor import …“) oder „bildungsmonitor demo“ ausführen."
)
_BLANK: Engine | None = None
_BLANK_LOCK = threading.Lock()


def _blank_engine() -> Engine:
    """An in-memory database with the project's empty tables: what a reader of a database
    without tables sees (private to this process; the real database is never touched)."""
    global _BLANK
    with _BLANK_LOCK:
        if _BLANK is None:
            engine = create_engine(
                "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
            )
            Base.metadata.create_all(engine)
            _BLANK = engine
        return _BLANK


class Reader:
    """Reads one database for one app; thread-safe (waitress serves with several threads)."""

    def __init__(
        self,
        database: str | Engine,
        *,
        geojson_path: Path | None = None,
        geojson_property: str = "nummer",
        tiles_path: Path = TILES_CSV,
        check_interval: float = 1.0,
    ) -> None:
        owned = isinstance(database, str)
        self.engine = engine_for(database) if owned else database
        self.owns_engine = owned  # dispose() closes only an engine made here
        self.geojson_path = geojson_path
        self.geojson_property = geojson_property
        self.tiles_path = tiles_path
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._checked_at = float("-inf")
        self._version: tuple[int, int, str] = (-1, -1, "")
        self._has_restores = False  # a database of an older version may lack the table
        self._memo: dict[tuple, tuple[tuple[int, int, str], Any]] = {}
        self._schema_ready = False
        self._schema_checked_at = float("-inf")

    def dispose(self) -> None:
        """Close the connections of an engine this read model made from a URL."""
        if self.owns_engine:
            self.engine.dispose()

    # the database or, without tables, the empty stand-in -----------------------------------

    @property
    def notice(self) -> str | None:
        """A German message when the database has no tables yet (None otherwise)."""
        return None if self._reader() is self.engine else NO_TABLES

    def _reader(self) -> Engine:
        if self._schema_ready:
            return self.engine
        now = time.monotonic()
        if now - self._schema_checked_at >= self.check_interval:
            self._schema_checked_at = now
            present = set(inspect(self.engine).get_table_names())
            if set(REQUIRED_TABLES) <= present:
                self._schema_ready = True
                return self.engine
            log.warning(NO_TABLES)
        return _blank_engine()

    def _connect(self) -> AbstractContextManager[Connection]:
        return self._reader().connect()

    # versions and cache ----------------------------------------------------------------------

    def version(self) -> tuple[int, int, str]:
        """(latest build id, latest load id, latest restore token); re-read at most every
        ``check_interval`` s."""
        now = time.monotonic()
        if now - self._checked_at < self.check_interval:
            return self._version
        with self._connect() as conn:
            build = conn.execute(select(func.max(IndicatorBuild.id))).scalar() or 0
            load = conn.execute(select(func.max(Load.id))).scalar() or 0
            restore = self._restore_token(conn)
        with self._lock:
            if (build, load, restore) != self._version:
                self._memo.clear()
                self._version = (build, load, restore)
            self._checked_at = now
        return self._version

    def _restore_token(self, conn: Connection) -> str:
        if not self._has_restores:  # looked for until a writer or a restore has made it
            if not inspect(conn).has_table(Restore.__tablename__):
                return ""
            self._has_restores = conn.engine is self.engine  # not the empty stand-in
        latest = select(Restore.token).order_by(Restore.id.desc()).limit(1)
        return conn.execute(latest).scalar() or ""

    def _cached(self, key: tuple, loader: Callable[[], Any]) -> Any:
        version = self.version()
        with self._lock:
            hit = self._memo.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        value = loader()
        with self._lock:
            self._memo[key] = (version, value)
        return value
