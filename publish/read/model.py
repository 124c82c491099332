"""The read model: the one door to the database for pages, downloads and the command line.

Callers ask for ready frames and never see SQL. What does not change between builds (units, the
registry's availability, the goal catalogue, the data status) is cached per process and dropped as
soon as a new indicator build or a new load appears (the highest ids of ``indicator_builds`` and
``loads``, checked at most once per second). Values for a chart are read per request from
``indicator_values`` with queries the index (indicator, level, year) serves, which stay fast however
many records the sources have: records are read only for the data status (etl.status), cached per
load.

Readers never write: opening a database creates no table and loads no catalogue (``import``,
``build`` and ``demo`` do that). A database without the project's tables reads as empty (every
answer is the empty answer) and :attr:`ReadModel.notice` says so in German; once the tables
appear, the next version check reads them.

(About 600 lines: one class, the whole query surface of the views; goal queries, frame helpers
and tile positions live in the sibling modules.)
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, create_engine, func, inspect, select
from sqlalchemy.pool import StaticPool

from etl import catalogue as etl_catalogue
from etl.models import Base, GoalPeriod, Load, LoadWarning
from etl.status import status as etl_status
from indicators.build import stale_sources
from indicators.geography import CITY_NAME, units
from indicators.registry import REGISTRY
from indicators.store import IndicatorBuild, IndicatorValue
from publish.read import catalogue
from publish.read.frames import (
    CELL,
    engine_for,
    frame_of,
    number_sort_key,
    profile_row,
    sort_key_column,
    to_int,
    value_select,
)
from publish.read.results import (
    PROFILE_COLUMNS,
    VALUE_COLUMNS,
    ExplorerChoice,
    ExplorerData,
    GoalDetail,
    GoalSummary,
)
from publish.read.tiles import TILES_CSV, read_ortsteil_tiles, tile_positions

log = logging.getLogger(__name__)

MAP_LEVELS = ("stadtbezirk", "ortsteil", "bezirk")
COVERAGE_INDICATORS = (
    "kompik.coverage",
    "kompik.kitas_delivering",
    "uwe.participation",
    "parents.response_rate",
)
KNOWN_EXPLORER_INDICATORS = [i for i in REGISTRY if set(i.levels) - {"stadt"}]
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


class ReadModel:
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
        self._version: tuple[int, int] = (-1, -1)
        self._memo: dict[tuple, tuple[tuple[int, int], Any]] = {}
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

    def version(self) -> tuple[int, int]:
        """(latest build id, latest load id); re-read at most every ``check_interval`` s."""
        now = time.monotonic()
        if now - self._checked_at < self.check_interval:
            return self._version
        with self._connect() as conn:
            build = conn.execute(select(func.max(IndicatorBuild.id))).scalar() or 0
            load = conn.execute(select(func.max(Load.id))).scalar() or 0
        with self._lock:
            if (build, load) != self._version:
                self._memo.clear()
                self._version = (build, load)
            self._checked_at = now
        return self._version

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

    # spatial units ---------------------------------------------------------------------------

    def units(self) -> pd.DataFrame:
        """All units (key, level, number, name, parent), the city as level "stadt"."""

        def load() -> pd.DataFrame:
            with self._connect() as conn:
                frame = units(conn)
            frame["sort"] = frame["number"].map(number_sort_key)
            return frame.sort_values(["level", "sort"]).drop(columns="sort")

        return self._cached(("units",), load)

    def level_units(self, level: str) -> pd.DataFrame:
        """Units of one level in number order: number, name, parent number."""
        frame = self.units()
        mine = frame[frame["level"] == level]
        return pd.DataFrame(
            {
                "number": mine["number"].to_numpy(),
                "name": mine["name"].to_numpy(),
                "parent": mine["parent"].fillna("").str.split(":").str[-1].to_numpy(),
            }
        )

    def unit_name(self, level: str, number: str) -> str | None:
        frame = self.level_units(level)
        found = frame.loc[frame["number"] == number, "name"]
        return None if found.empty else str(found.iloc[0])

    def tiles(self, level: str) -> pd.DataFrame:
        """Positions (number, row, col) of the schematic tile map of ``level``."""
        return self._cached(("tiles", level), lambda: self._tiles(level))

    def _tiles(self, level: str) -> pd.DataFrame:
        return tile_positions(
            level,
            self.level_units(level),
            self.level_units("ortsteil"),
            read_ortsteil_tiles(self.tiles_path),
        )

    def geojson(self, level: str) -> dict | None:
        """The supplied GeoJSON's features of ``level`` (None: draw the tile map)."""
        if self.geojson_path is None:
            return None
        return self._cached(("geojson", level), lambda: self._geojson(level))

    def _geojson(self, level: str) -> dict | None:
        try:
            collection = json.loads(Path(self.geojson_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            log.warning("GeoJSON %s nicht lesbar: %s", self.geojson_path, error)
            return None
        numbers = set(self.level_units(level)["number"])
        features = []
        for feature in collection.get("features", []):
            props = feature.get("properties") or {}
            feature_level = props.get("ebene", props.get("level"))
            if feature_level not in (None, level):
                continue
            number = props.get(self.geojson_property)
            if number is not None and str(number) in numbers:
                feature = {**feature, "properties": {**props, self.geojson_property: str(number)}}
                features.append(feature)
        if not features:
            return None
        return {"type": "FeatureCollection", "features": features}

    # availability ----------------------------------------------------------------------------

    def available(self) -> pd.DataFrame:
        """Which (indicator, level, year, period, breakdown) exist in indicator_values."""

        def load() -> pd.DataFrame:
            iv = IndicatorValue
            query = select(iv.indicator, iv.level, iv.year, iv.period, iv.breakdown).distinct()
            with self._connect() as conn:
                rows = conn.execute(query).all()
            return pd.DataFrame(rows, columns=["indicator", "level", "year", "period", "breakdown"])

        return self._cached(("available",), load)

    def _index(self) -> dict[str, dict[str, dict[int, tuple[str, list[str]]]]]:
        """{indicator: {level: {year: (period, breakdowns)}}}, built once per build."""

        def load() -> dict:
            index: dict = {}
            frame = self.available().sort_values(["indicator", "level", "year", "breakdown"])
            for indicator, level, year, period, breakdown in frame.itertuples(index=False):
                years = index.setdefault(indicator, {}).setdefault(level, {})
                entry = years.setdefault(int(year), (str(period), []))
                entry[1].append(breakdown)
            return index

        return self._cached(("index",), load)

    def explorer_indicators(self) -> list[str]:
        """Indicators with values below the city level, in registry order."""
        index = self._index()
        return [i.id for i in KNOWN_EXPLORER_INDICATORS if set(index.get(i.id, {})) - {"stadt"}]

    def years(self, indicator: str, level: str) -> list[tuple[int, str]]:
        """(year, period label) of ``indicator`` on ``level``, ascending."""
        years = self._index().get(indicator, {}).get(level, {})
        return [(year, years[year][0]) for year in sorted(years)]

    def latest_year(self, indicator: str, level: str) -> int | None:
        years = self.years(indicator, level)
        return years[-1][0] if years else None

    def choose(
        self,
        indicator: str | None,
        level: str | None,
        year: str | int | None,
        breakdown: str | None,
        *,
        default_indicator: str | None = None,
    ) -> ExplorerChoice | None:
        """The nearest valid explorer selection to the requested one (None: no data at all)."""
        indicators = self.explorer_indicators()
        if not indicators:
            return None
        if indicator not in indicators:
            indicator = default_indicator if default_indicator in indicators else indicators[0]
        at_indicator = self._index()[indicator]
        levels = [lv for lv in MAP_LEVELS if lv in at_indicator]
        if level not in levels:
            level = "ortsteil" if "ortsteil" in levels else levels[0]
        years = self.years(indicator, level)
        wanted = to_int(year)
        chosen_year = wanted if wanted in at_indicator[level] else years[-1][0]
        breakdowns = sorted(set(at_indicator[level][chosen_year][1]), key=lambda b: (b != "", b))
        if (breakdown or "") not in breakdowns:
            breakdown = ""
        return ExplorerChoice(
            indicator=indicator,
            level=level,
            year=chosen_year,
            breakdown=breakdown or "",
            indicators=indicators,
            levels=levels,
            years=years,
            breakdowns=breakdowns or [""],
        )

    # values ----------------------------------------------------------------------------------

    def cells(self, indicator: str, level: str, year: int, breakdown: str = "") -> pd.DataFrame:
        """The cells of one indicator, level, year and breakdown: one row per unit of the level
        in number order, units without a cell included (value missing, not suppressed)."""
        iv = IndicatorValue
        query = value_select().where(
            iv.indicator == indicator,
            iv.level == level,
            iv.year == year,
            iv.breakdown == breakdown,
        )
        with self._connect() as conn:
            found = frame_of(conn.execute(query).all())
        return self._with_all_units(found, level, year)

    def city_cell(self, indicator: str, year: int, breakdown: str = "") -> dict[str, Any] | None:
        frame = self.cells(indicator, "stadt", year, breakdown)
        frame = frame[frame["period"].notna() & (frame["period"] != "")]
        return None if frame.empty else frame.iloc[0].to_dict()

    def explorer(self, choice: ExplorerChoice) -> ExplorerData:
        """Everything the explorer draws: the level's cells of the year, the city's, and the
        time series of all units and the city (one indexed query)."""
        iv = IndicatorValue
        query = value_select().where(
            iv.indicator == choice.indicator,
            iv.level.in_([choice.level, "stadt"]),
            iv.breakdown == choice.breakdown,
        )
        with self._connect() as conn:
            rows = conn.execute(query.add_columns(iv.level)).all()
        frame = frame_of([row[:-1] for row in rows])
        frame["level"] = [row[-1] for row in rows]
        own = frame[frame["level"] == choice.level].drop(columns="level")
        city = frame[frame["level"] == "stadt"].drop(columns="level")
        this_year = own[own["year"] == choice.year]
        current_frame = self._with_all_units(this_year, choice.level, choice.year)
        city_now = city[city["year"] == choice.year]
        names = self.level_units(choice.level).set_index("number")["name"]
        series = pd.concat(
            [own.assign(name=own["number"].map(names)), city.assign(name=CITY_NAME, number="0")],
            ignore_index=True,
        ).sort_values(["number", "year"], key=sort_key_column)
        return ExplorerData(
            current=current_frame,
            city=None if city_now.empty else city_now.iloc[0].to_dict(),
            series=series.reset_index(drop=True),
        )

    def city_series(self, indicator: str, breakdown: str = "") -> pd.DataFrame:
        """The city's values of ``indicator`` over all years (for sparklines), cached per build."""

        def load() -> pd.DataFrame:
            iv = IndicatorValue
            query = value_select().where(
                iv.indicator == indicator, iv.level == "stadt", iv.breakdown == breakdown
            )
            with self._connect() as conn:
                frame = frame_of(conn.execute(query).all())
            return frame.assign(name=CITY_NAME).sort_values("year").reset_index(drop=True)

        return self._cached(("city_series", indicator, breakdown), load)

    def totals(self, level: str) -> pd.DataFrame:
        """All indicators' cells without breakdown on ``level`` (all years), cached per build."""

        def load() -> pd.DataFrame:
            iv = IndicatorValue
            query = value_select().add_columns(iv.indicator)
            query = query.where(iv.level == level, iv.breakdown == "")
            with self._connect() as conn:
                rows = conn.execute(query).all()
            frame = frame_of([row[:-1] for row in rows])
            frame["indicator"] = [row[-1] for row in rows]
            return frame

        return self._cached(("totals", level), load)

    def profile(self, level: str, number: str) -> pd.DataFrame:
        """One unit across all indicators: its latest year per indicator against the city.

        Columns: indicator, title, family, unit, direction, period, year, value, value_text,
        suppressed, reason, city, city_suppressed, diff (unit - city), better (diff signed so that
        positive means more favourable; missing for neutral indicators)."""
        own = self.totals(level)
        city = self.totals("stadt")
        latest = own.groupby("indicator")["year"].max().to_dict()
        keys = ["indicator", "year"]
        mine = {
            (r["indicator"], r["year"]): r for r in own[own["number"] == number].to_dict("records")
        }
        town = {(r["indicator"], r["year"]): r for r in city[keys + CELL].to_dict("records")}
        rows = []
        for indicator in REGISTRY:
            if indicator.id not in latest or indicator.unit.is_date:
                continue
            year = int(latest[indicator.id])
            cell = mine.get((indicator.id, year), {})
            rows.append(profile_row(indicator, year, cell, town.get((indicator.id, year), {})))
        return pd.DataFrame(rows, columns=PROFILE_COLUMNS)

    def pair(self, x: str, y: str, level: str, year: int) -> pd.DataFrame:
        """Two indicators side by side per unit of one level and year."""
        left = self.cells(x, level, year)
        right = self.cells(y, level, year)
        keep = ["value", "suppressed", "reason", "period"]
        return left[["number", "name", *keep]].merge(
            right[["number", *keep]], on="number", suffixes=("_x", "_y")
        )

    def change(self, indicator: str, level: str, first: int, second: int) -> pd.DataFrame:
        """One indicator's values in two years per unit and the difference (second - first)."""
        before = self.cells(indicator, level, first)
        after = self.cells(indicator, level, second)
        keep = ["value", "suppressed", "reason", "period"]
        frame = before[["number", "name", *keep]].merge(
            after[["number", *keep]], on="number", suffixes=("_1", "_2")
        )
        frame["diff"] = frame["value_2"] - frame["value_1"]
        hidden = frame["suppressed_1"] | frame["suppressed_2"]
        frame.loc[hidden, "diff"] = float("nan")
        return frame

    def _with_all_units(self, found: pd.DataFrame, level: str, year: int | None) -> pd.DataFrame:
        if level == "stadt":
            base = pd.DataFrame({"number": ["0"], "name": [CITY_NAME]})
        else:
            base = self.level_units(level)[["number", "name"]]
        merged = base.merge(found.drop(columns="name", errors="ignore"), on="number", how="left")
        merged["suppressed"] = merged["suppressed"].fillna(False).astype(bool)
        merged["year"] = year
        return merged[VALUE_COLUMNS].reset_index(drop=True)

    # goals -----------------------------------------------------------------------------------

    def periods(self) -> list[str]:
        def load() -> list[str]:
            with self._connect() as conn:
                return list(
                    conn.execute(select(GoalPeriod.label).order_by(GoalPeriod.label)).scalars()
                )

        return self._cached(("periods",), load)

    def latest_period(self) -> str | None:
        """The default goal period: the latest in the database (None: no catalogue loaded)."""
        periods = self.periods()
        return periods[-1] if periods else None

    def period_source(self, period: str) -> str | None:
        """Where the catalogue of a goal period comes from, as stored with it."""

        def load() -> str | None:
            with self._connect() as conn:
                return conn.execute(
                    select(GoalPeriod.source).where(GoalPeriod.label == period)
                ).scalar_one_or_none()

        return self._cached(("period_source", period), load)

    def period_citation(self, period: str) -> str | None:
        """How exports cite the catalogue of a goal period, as stored with it (None: none)."""

        def load() -> str | None:
            with self._connect() as conn:
                return etl_catalogue.period_citation(conn, period)

        return self._cached(("period_citation", period), load)

    def goals(self, period: str) -> list[GoalSummary]:
        return self._cached(("goals", period), lambda: self._goals(period))

    def _goals(self, period: str) -> list[GoalSummary]:
        present = set(self.available()["indicator"])
        with self._connect() as conn:
            return catalogue.read_goals(conn, period, present)

    def goal(self, period: str, key: str) -> GoalDetail | None:
        return self._cached(("goal", period, key), lambda: self._goal(period, key))

    def _goal(self, period: str, key: str) -> GoalDetail | None:
        present = set(self.available()["indicator"])
        with self._connect() as conn:
            return catalogue.read_goal(conn, period, key, present)

    # data status -----------------------------------------------------------------------------

    def status(self) -> dict:
        """etl.status.status: loads per source and the goal catalogue's counts."""

        def load() -> dict:
            with self._connect() as conn:
                return etl_status(conn)

        return self._cached(("status",), load)

    def stale(self) -> set[str]:
        def load() -> set[str]:
            with self._connect() as conn:
                return stale_sources(conn)

        return self._cached(("stale",), load)

    def last_build(self) -> dict | None:
        def load() -> dict | None:
            with self._connect() as conn:
                row = conn.execute(
                    select(
                        IndicatorBuild.built_at,
                        IndicatorBuild.indicators,
                        IndicatorBuild.cells,
                        IndicatorBuild.sources,
                    )
                    .order_by(IndicatorBuild.id.desc())
                    .limit(1)
                ).one_or_none()
            if row is None:
                return None
            return {
                "built_at": row.built_at,
                "indicators": row.indicators,
                "cells": row.cells,
                "sources": row.sources,
            }

        return self._cached(("last_build",), load)

    def warnings(self, source: str | None = None) -> pd.DataFrame:
        """Import warnings of the current loads (superseded loads left out), newest load first."""

        def load() -> pd.DataFrame:
            query = (
                select(
                    Load.source,
                    Load.file_name,
                    Load.loaded_at,
                    LoadWarning.sheet,
                    LoadWarning.row,
                    LoadWarning.column,
                    LoadWarning.message,
                )
                .join(Load, LoadWarning.load_id == Load.id)
                .where(Load.superseded_by.is_(None))
                .order_by(Load.id.desc(), LoadWarning.id)
            )
            with self._connect() as conn:
                rows = conn.execute(query).all()
            return pd.DataFrame(
                rows,
                columns=["source", "file", "loaded_at", "sheet", "row", "column", "message"],
            )

        frame = self._cached(("warnings",), load)
        if source:
            frame = frame[frame["source"] == source]
        return frame.reset_index(drop=True)

    def coverage(self) -> pd.DataFrame:
        """City values of the coverage indicators per year (indicator, period, year, value...)."""

        def load() -> pd.DataFrame:
            frame = self.totals("stadt")
            mine = frame[frame["indicator"].isin(COVERAGE_INDICATORS)]
            return mine.sort_values(["indicator", "year"]).reset_index(drop=True)

        return self._cached(("coverage",), load)

    def is_synthetic(self) -> bool:
        """True when the loaded deliveries are the synthetic samples (file names say so)."""

        def load() -> bool:
            with self._connect() as conn:
                names = conn.execute(select(Load.file_name).limit(50)).scalars().all()
            return any(name.startswith("synthetisch_") for name in names)

        return self._cached(("synthetic",), load)
