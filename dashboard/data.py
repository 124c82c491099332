"""The dashboard's one door to the database: every query and every reshaping of its results.

Pages and callbacks ask this module for ready frames and never see SQL. What does not change
between builds (units, the registry's availability, the goal catalogue, the data status) is cached
per process and dropped as soon as a new indicator build or a new load appears (the highest ids of
``indicator_builds`` and ``loads``, checked at most once per second). Values for a chart are read
per request from ``indicator_values`` with queries the index (indicator, level, year) serves, which
stay fast however many records the sources have: the app reads records only for the data status
(etl.status), cached per load.
"""

from __future__ import annotations

import csv
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from flask import current_app
from sqlalchemy import Engine, create_engine, func, make_url, select

from etl.catalogue import effective_measures, ensure_catalogue
from etl.models import (
    Base,
    Challenge,
    Department,
    Feedback,
    Goal,
    GoalPeriod,
    Load,
    LoadWarning,
    Measure,
)
from etl.settings import PROJECT_ROOT
from etl.status import status as etl_status
from indicators.build import stale_sources
from indicators.geography import CITY_NAME, units
from indicators.registry import REGISTRY, Indicator
from indicators.store import IndicatorBuild, IndicatorValue

log = logging.getLogger(__name__)

TILES_CSV = PROJECT_ROOT / "data" / "spatial_units" / "ortsteil_tiles.csv"
EXTENSION_KEY = "bildungsmonitor_data"
MAP_LEVELS = ("stadtbezirk", "ortsteil", "bezirk")
COVERAGE_INDICATORS = (
    "kompik.coverage",
    "kompik.kitas_delivering",
    "uwe.participation",
    "parents.response_rate",
)
VALUE_COLUMNS = [
    "number",
    "name",
    "period",
    "year",
    "value",
    "value_text",
    "numerator",
    "denominator",
    "n",
    "suppressed",
    "reason",
]
# Stadtbezirke on a 2 x 2 grid: west (Wanne, Eickel) left, east (Herne-Mitte, Sodingen) right.
STADTBEZIRK_TILES = {"1": (0, 0), "2": (1, 0), "3": (0, 1), "4": (1, 1)}
KNOWN_EXPLORER_INDICATORS = [i for i in REGISTRY if set(i.levels) - {"stadt"}]


def current() -> DashboardData:
    """The data of the app serving the current request (several apps may share a process)."""
    return current_app.extensions[EXTENSION_KEY]


# --- plain results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExplorerChoice:
    """A valid selection of the explorer and what could be chosen instead."""

    indicator: str
    level: str
    year: int | None
    breakdown: str
    indicators: list[str]
    levels: list[str]
    years: list[tuple[int, str]]  # (year, period label), ascending
    breakdowns: list[str]


@dataclass(frozen=True)
class ExplorerData:
    current: pd.DataFrame  # one row per unit of the level (units without a cell: value missing)
    city: dict[str, Any] | None  # the city's cell of the same year and breakdown
    series: pd.DataFrame  # all years: unit rows and the city's (number "0")


@dataclass(frozen=True)
class MeasureRow:
    title: str
    description: str | None
    department: str
    inferred: bool
    note: str | None
    status: str | None


@dataclass(frozen=True)
class GoalSummary:
    number: int
    key: str
    title: str
    statement: str
    measures: int
    departments: list[str]
    headline: str | None  # id of the first registry indicator linked to the goal


@dataclass(frozen=True)
class GoalDetail:
    period: str
    number: int
    key: str
    title: str
    statement: str
    measures: list[MeasureRow]
    challenges: list[tuple[str, str | None]]
    keep: list[str]
    adapt: list[str]
    departments: pd.DataFrame  # department, count (from goals.measures)
    indicators: list[str] = field(default_factory=list)


# --- the data source --------------------------------------------------------------------------


class DashboardData:
    """Reads one database for one app; thread-safe (waitress serves with several threads)."""

    def __init__(
        self,
        database_url: str,
        *,
        geojson_path: Path | None = None,
        geojson_property: str = "nummer",
        tiles_path: Path = TILES_CSV,
        check_interval: float = 1.0,
    ) -> None:
        self.engine = _engine(database_url)
        self.geojson_path = geojson_path
        self.geojson_property = geojson_property
        self.tiles_path = tiles_path
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._checked_at = float("-inf")
        self._version: tuple[int, int] = (-1, -1)
        self._memo: dict[tuple, tuple[tuple[int, int], Any]] = {}
        self._prepare()

    def _prepare(self) -> None:
        """Make sure the tables exist (a fresh database shows empty pages, not errors) and the
        committed goal catalogue is loaded, as every command of the CLI does."""
        try:
            Base.metadata.create_all(self.engine)
            with self.engine.begin() as conn:
                ensure_catalogue(conn)
        except Exception as error:  # a read-only database: show what is there
            log.warning("Datenbank nicht vorbereitet (%s); es wird nur gelesen.", error)

    # versions and cache ----------------------------------------------------------------------

    def version(self) -> tuple[int, int]:
        """(latest build id, latest load id); re-read at most every ``check_interval`` s."""
        now = time.monotonic()
        if now - self._checked_at < self.check_interval:
            return self._version
        with self.engine.connect() as conn:
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
            with self.engine.connect() as conn:
                frame = units(conn)
            frame["sort"] = frame["number"].map(_number_sort_key)
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
            with self.engine.connect() as conn:
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
        wanted = _to_int(year)
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
        query = _value_select().where(
            iv.indicator == indicator,
            iv.level == level,
            iv.year == year,
            iv.breakdown == breakdown,
        )
        with self.engine.connect() as conn:
            found = _frame(conn.execute(query).all())
        return self._with_all_units(found, level, year)

    def city_cell(self, indicator: str, year: int, breakdown: str = "") -> dict[str, Any] | None:
        frame = self.cells(indicator, "stadt", year, breakdown)
        frame = frame[frame["period"].notna() & (frame["period"] != "")]
        return None if frame.empty else frame.iloc[0].to_dict()

    def explorer(self, choice: ExplorerChoice) -> ExplorerData:
        """Everything the explorer draws: the level's cells of the year, the city's, and the
        time series of all units and the city (one indexed query)."""
        iv = IndicatorValue
        query = _value_select().where(
            iv.indicator == choice.indicator,
            iv.level.in_([choice.level, "stadt"]),
            iv.breakdown == choice.breakdown,
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query.add_columns(iv.level)).all()
        frame = _frame([row[:-1] for row in rows])
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
        ).sort_values(["number", "year"], key=_sort_key_column)
        return ExplorerData(
            current=current_frame,
            city=None if city_now.empty else city_now.iloc[0].to_dict(),
            series=series.reset_index(drop=True),
        )

    def city_series(self, indicator: str, breakdown: str = "") -> pd.DataFrame:
        """The city's values of ``indicator`` over all years (for sparklines), cached per build."""

        def load() -> pd.DataFrame:
            iv = IndicatorValue
            query = _value_select().where(
                iv.indicator == indicator, iv.level == "stadt", iv.breakdown == breakdown
            )
            with self.engine.connect() as conn:
                frame = _frame(conn.execute(query).all())
            return frame.assign(name=CITY_NAME).sort_values("year").reset_index(drop=True)

        return self._cached(("city_series", indicator, breakdown), load)

    def latest_cells(self, indicator: str, level: str) -> tuple[pd.DataFrame, dict | None]:
        """The level's cells of the latest year of ``indicator`` and the city's cell."""
        year = self.latest_year(indicator, level)
        if year is None:
            return self._with_all_units(_frame([]), level, None), None
        return self.cells(indicator, level, year), self.city_cell(indicator, year)

    def totals(self, level: str) -> pd.DataFrame:
        """All indicators' cells without breakdown on ``level`` (all years), cached per build."""

        def load() -> pd.DataFrame:
            iv = IndicatorValue
            query = _value_select().add_columns(iv.indicator)
            query = query.where(iv.level == level, iv.breakdown == "")
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            frame = _frame([row[:-1] for row in rows])
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
        town = {(r["indicator"], r["year"]): r for r in city[keys + _CELL].to_dict("records")}
        rows = []
        for indicator in REGISTRY:
            if indicator.id not in latest or indicator.unit.is_date:
                continue
            year = int(latest[indicator.id])
            cell = mine.get((indicator.id, year), {})
            rows.append(_profile_row(indicator, year, cell, town.get((indicator.id, year), {})))
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
            with self.engine.connect() as conn:
                return list(
                    conn.execute(select(GoalPeriod.label).order_by(GoalPeriod.label)).scalars()
                )

        return self._cached(("periods",), load)

    def goals(self, period: str) -> list[GoalSummary]:
        return self._cached(("goals", period), lambda: self._goals(period))

    def _goals(self, period: str) -> list[GoalSummary]:
        with self.engine.connect() as conn:
            goals = conn.execute(
                select(Goal.id, Goal.number, Goal.key, Goal.title, Goal.statement)
                .join(GoalPeriod)
                .where(GoalPeriod.label == period)
                .order_by(Goal.number)
            ).all()
            measures = effective_measures(conn, period)
        present = set(self.available()["indicator"])
        found = []
        for goal_id, number, key, title, statement in goals:
            own = [m for m in measures if m.goal_id == goal_id]
            departments = list(dict.fromkeys(m.department for m in own))
            linked = [i.id for i in linked_indicators(key) if i.id in present]
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

    def goal(self, period: str, key: str) -> GoalDetail | None:
        return self._cached(("goal", period, key), lambda: self._goal(period, key))

    def _goal(self, period: str, key: str) -> GoalDetail | None:
        with self.engine.connect() as conn:
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
        present = set(self.available()["indicator"])
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
            indicators=[i.id for i in linked_indicators(key) if i.id in present],
        )

    # data status -----------------------------------------------------------------------------

    def status(self) -> dict:
        """etl.status.status: loads per source and the goal catalogue's counts."""

        def load() -> dict:
            with self.engine.connect() as conn:
                return etl_status(conn)

        return self._cached(("status",), load)

    def stale(self) -> set[str]:
        def load() -> set[str]:
            with self.engine.begin() as conn:
                return stale_sources(conn)

        return self._cached(("stale",), load)

    def last_build(self) -> dict | None:
        def load() -> dict | None:
            with self.engine.connect() as conn:
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
            with self.engine.connect() as conn:
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
            with self.engine.connect() as conn:
                names = conn.execute(select(Load.file_name).limit(50)).scalars().all()
            return any(name.startswith("synthetisch_") for name in names)

        return self._cached(("synthetic",), load)


# --- helpers ----------------------------------------------------------------------------------

_CELL = ["period", "value", "value_text", "suppressed", "reason"]
PROFILE_COLUMNS = [
    "indicator",
    "title",
    "family",
    "unit",
    "direction",
    "period",
    "year",
    "value",
    "value_text",
    "suppressed",
    "reason",
    "city",
    "city_suppressed",
    "diff",
    "better",
]


def linked_indicators(goal_key: str) -> list[Indicator]:
    """Registry indicators serving a goal, in registry order."""
    return [i for i in REGISTRY if goal_key in i.goals]


def _profile_row(indicator: Indicator, year: int, cell: dict, town: dict) -> dict:
    value = cell.get("value") if cell and not cell.get("suppressed") else None
    city = town.get("value") if town and not town.get("suppressed") else None
    diff = value - city if value is not None and city is not None else None
    if not indicator.ratio:  # a sum (posts, counts) of a unit cannot be held against the city's
        diff = None
    better = None
    if diff is not None and indicator.direction != "neutral":
        better = diff if indicator.direction == "higher" else -diff
    return {
        "indicator": indicator.id,
        "title": indicator.title,
        "family": indicator.id.split(".", 1)[0],
        "unit": indicator.unit,
        "direction": indicator.direction,
        "period": cell.get("period") or town.get("period"),
        "year": year,
        "value": value,
        "value_text": cell.get("value_text"),
        "suppressed": bool(cell.get("suppressed", False)),
        "reason": cell.get("reason"),
        "city": city,
        "city_suppressed": bool(town.get("suppressed", False)),
        "diff": diff,
        "better": better,
    }


def _engine(url: str) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        return create_engine(url)
    return create_engine(url, pool_pre_ping=True)


def _value_select():
    iv = IndicatorValue
    return select(
        iv.unit,
        iv.period,
        iv.year,
        iv.value,
        iv.value_text,
        iv.numerator,
        iv.denominator,
        iv.n,
        iv.suppressed,
        iv.reason,
    )


def _frame(rows: list) -> pd.DataFrame:
    frame = pd.DataFrame(
        [tuple(r) for r in rows],
        columns=[
            "number",
            "period",
            "year",
            "value",
            "value_text",
            "numerator",
            "denominator",
            "n",
            "suppressed",
            "reason",
        ],
    )
    for column in ("value", "numerator", "denominator"):
        frame[column] = frame[column].astype(float)
    frame["suppressed"] = frame["suppressed"].astype(bool)
    frame["number"] = frame["number"].astype(str)
    frame["name"] = None
    return frame


def _to_int(raw: Any) -> int | None:
    try:
        return int(str(raw)[:4])
    except (TypeError, ValueError):
        return None


def _number_sort_key(number: str) -> tuple:
    return (len(number), number) if number.isdigit() else (99, number)


def _sort_key_column(column: pd.Series) -> pd.Series:
    if column.name == "number":
        return column.map(lambda n: "0" if n == "0" else f"{len(n):02d}{n}")
    return column


def read_ortsteil_tiles(path: Path) -> dict[str, tuple[int, int]]:
    """``Ortsteil-Nr;row;col`` -> {number: (row, col)}; empty if the file is missing."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter=";") if r and not r[0].startswith("#")]
    return {r[0].strip(): (int(r[1]), int(r[2])) for r in rows[1:]}


def tile_positions(
    level: str,
    level_units: pd.DataFrame,
    ortsteile: pd.DataFrame,
    ortsteil_tiles: dict[str, tuple[int, int]],
) -> pd.DataFrame:
    """Tile (row, col) per unit of ``level`` for the schematic map.

    Ortsteile take their place from the committed CSV; a statistical district takes a cell of
    its Ortsteil's tile split 2 x 2 (up to four districts, in number order); Stadtbezirke sit on
    a 2 x 2 grid (west left, east right). Units the CSV does not know are put in a row below
    the map, so a new unit is never lost."""
    rows: list[tuple[str, int, int]] = []
    if level == "stadtbezirk":
        spare = 0
        for number in level_units["number"]:
            if number in STADTBEZIRK_TILES:
                rows.append((number, *STADTBEZIRK_TILES[number]))
            else:
                rows.append((number, 2, spare))
                spare += 1
    elif level == "ortsteil":
        bottom = max((r for r, _ in ortsteil_tiles.values()), default=-1) + 1
        spare = 0
        for number in level_units["number"]:
            if number in ortsteil_tiles:
                rows.append((number, *ortsteil_tiles[number]))
            else:
                rows.append((number, bottom, spare))
                spare += 1
    else:
        bottom = (max((r for r, _ in ortsteil_tiles.values()), default=-1) + 1) * 2
        spare = 0
        for parent, group in level_units.groupby("parent", sort=False):
            numbers = list(group["number"])
            if parent not in ortsteil_tiles:
                for number in numbers:
                    rows.append((number, bottom, spare))
                    spare += 1
                continue
            row, col = ortsteil_tiles[parent]
            for index, number in enumerate(numbers):
                if index < 4:
                    rows.append((number, row * 2 + index // 2, col * 2 + index % 2))
                else:  # more than four districts: the rest below the map
                    rows.append((number, bottom, spare))
                    spare += 1
    return pd.DataFrame(rows, columns=["number", "row", "col"])


def empty_profile() -> pd.DataFrame:
    return pd.DataFrame(columns=PROFILE_COLUMNS)
