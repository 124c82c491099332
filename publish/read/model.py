"""The read model: the one door to the database for pages, downloads and the command line.

Callers ask for ready frames and never see SQL. Values for a chart are read per request from
``indicator_values`` with queries the index (indicator, level, year) serves, which stay fast however
many records the sources have: records are read only for the data status (etl.status), cached per
load. What does not change between builds (units, the registry's availability, the goal
catalogue, the data status) is cached (``publish.read.reader``).

One class in three modules along its seams: connection, version and cache
(``publish.read.reader.Reader``), goal catalogue and data status
(``publish.read.status.StatusReader``), and here units, availability and values.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pandas as pd

from indicators.geography import CITY_NAME, units
from indicators.registry import BY_ID, REGISTRY
from indicators.store import IndicatorValue
from publish.read.frames import (
    CELL,
    frame_of,
    number_sort_key,
    profile_row,
    sort_key_column,
    to_int,
    value_select,
)
from publish.read.lens import SOCIAL_INDEX, NeedFlag, need_flags
from publish.read.reader import NO_TABLES, Reader
from publish.read.results import (
    PROFILE_COLUMNS,
    VALUE_COLUMNS,
    ExplorerChoice,
    ExplorerData,
)
from publish.read.status import StatusReader
from publish.read.targets import LinkStatus, link_status
from publish.read.tiles import read_ortsteil_tiles, tile_positions

__all__ = ["MAP_LEVELS", "NO_TABLES", "ReadModel", "Reader"]

log = logging.getLogger(__name__)

MAP_LEVELS = ("stadtbezirk", "ortsteil", "bezirk")
COVERAGE_INDICATORS = (
    "kompik.coverage",
    "kompik.kitas_delivering",
    "uwe.participation",
    "parents.response_rate",
)
KNOWN_EXPLORER_INDICATORS = [i for i in REGISTRY if set(i.levels) - {"stadt"}]


class ReadModel(StatusReader):
    """Reads one database for one app; thread-safe (waitress serves with several threads).
    Connection, version and cache: :class:`publish.read.reader.Reader`; goal catalogue and
    data status: :class:`publish.read.status.StatusReader`."""

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
        suppressed, city, city_suppressed, diff (unit - city), better (diff signed so that
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

    def need_flags(self, period: str, level: str = "ortsteil") -> list[NeedFlag]:
        """Areas behind the city on several Leitindikatoren of ``period`` and high on need by
        the Sozialindex (publish.read.lens); empty without social-context data."""
        if SOCIAL_INDEX not in BY_ID:
            return []
        leads = [BY_ID[g.headline] for g in self.goals(period) if g.headline in BY_ID]
        return need_flags(
            self.totals(level),
            self.totals("stadt"),
            self.level_units(level),
            leads,
            BY_ID[SOCIAL_INDEX],
        )

    def goal_statuses(self, period: str, key: str) -> list[LinkStatus]:
        """The goal's linked indicators with a target and their status, the Leitindikator
        first (publish.read.targets)."""
        detail = self.goal(period, key)
        if detail is None:
            return []
        links = [link for link in detail.targeted if link.indicator in BY_ID]
        levels = {link.target_level for link in links if link.target_level in MAP_LEVELS}
        city = self.totals("stadt")
        by_level = {level: self.totals(level) for level in levels}
        return [link_status(city, by_level, link) for link in links]

    def pair(self, x: str, y: str, level: str, year: int) -> pd.DataFrame:
        """Two indicators side by side per unit of one level and year."""
        left = self.cells(x, level, year)
        right = self.cells(y, level, year)
        keep = ["value", "suppressed", "period"]
        return left[["number", "name", *keep]].merge(
            right[["number", *keep]], on="number", suffixes=("_x", "_y")
        )

    def change(self, indicator: str, level: str, first: int, second: int) -> pd.DataFrame:
        """One indicator's values in two years per unit and the difference (second - first)."""
        before = self.cells(indicator, level, first)
        after = self.cells(indicator, level, second)
        keep = ["value", "suppressed", "period"]
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

    def coverage(self) -> pd.DataFrame:
        """City values of the coverage indicators per year (indicator, period, year, value...)."""

        def load() -> pd.DataFrame:
            frame = self.totals("stadt")
            mine = frame[frame["indicator"].isin(COVERAGE_INDICATORS)]
            return mine.sort_values(["indicator", "year"]).reset_index(drop=True)

        return self._cached(("coverage",), load)
