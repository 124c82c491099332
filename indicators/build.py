"""Building ``indicator_values``: records -> cells of every level -> disclosure control -> table.

A build recomputes the indicators of the sources that changed (or all), inside one transaction,
so the dashboard never reads a half-built table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select

from etl import german
from etl.models import Load
from indicators import disclosure
from indicators.aggregate import KEYS, UNASSIGNED, aggregate
from indicators.families import den, goals, kompik, num, parent_survey, school_social_work, uwe
from indicators.geography import districts
from indicators.registry import BY_ID, REGISTRY, Indicator
from indicators.store import IndicatorBuild, IndicatorValue

log = logging.getLogger(__name__)

FAMILIES: tuple[ModuleType, ...] = (kompik, uwe, parent_survey, school_social_work, goals)
ALL_SOURCES = "alle"


@dataclass
class BuildResult:
    indicators: int
    cells: int
    suppressed: int
    seconds: float

    def summary(self) -> str:
        cells, suppressed = german.integer(self.cells), german.integer(self.suppressed)
        seconds = german.number(self.seconds, 1)
        return (
            f"{self.indicators} Indikatoren berechnet: {cells} Werte, davon {suppressed} "
            f"gesperrt (•), in {seconds} s."
        )


def family_of(indicator: Indicator) -> ModuleType:
    return next(f for f in FAMILIES if indicator.id.startswith(f.PREFIX))


def build(
    engine: Engine, sources: set[str] | None = None, progress: Callable[[str], None] | None = None
) -> BuildResult:
    """Recompute the indicators depending on ``sources`` (all when None)."""
    started = dt.datetime.now()
    say = progress or (lambda _text: None)
    IndicatorValue.metadata.create_all(
        engine, tables=[IndicatorValue.__table__, IndicatorBuild.__table__]
    )
    chosen = [i for i in REGISTRY if sources is None or set(i.inputs) & sources]
    rows: list[dict] = []
    _PATTERNS.clear()
    with engine.begin() as conn:
        geography = districts(conn)
        for family in FAMILIES:
            mine = [i for i in chosen if family_of(i) is family]
            if not mine:
                continue
            say(family.PREFIX.rstrip("."))
            cells = family_cells(conn, family, geography)
            for indicator in mine:
                rows += values(indicator, cells)
        ids = [i.id for i in chosen]
        conn.execute(delete(IndicatorValue).where(IndicatorValue.indicator.in_(ids)))
        if rows:
            conn.execute(insert(IndicatorValue), rows)
        last_load = conn.execute(select(func.max(Load.id))).scalar() or 0
        conn.execute(
            insert(IndicatorBuild),
            {
                "built_at": started.replace(microsecond=0),
                "indicators": len(chosen),
                "cells": len(rows),
                "last_load_id": last_load,
                "sources": ALL_SOURCES if sources is None else ",".join(sorted(sources)),
            },
        )
    seconds = (dt.datetime.now() - started).total_seconds()
    suppressed = sum(row["suppressed"] for row in rows)
    return BuildResult(len(chosen), len(rows), suppressed, seconds)


def family_cells(conn: Connection, family: ModuleType, geography: pd.DataFrame) -> pd.DataFrame:
    """All cells of one family: its parts aggregated to every level, merged side by side."""
    if hasattr(family, "cells"):
        return family.cells(conn)
    return merge_parts(family.parts(conn), geography)


def evaluate(indicator: Indicator, parts: list, geography: pd.DataFrame) -> pd.DataFrame:
    """Values of one (e.g. a custom, unregistered) indicator, protected, as a DataFrame: the
    same path the build takes, without storing anything."""
    return pd.DataFrame(values(indicator, merge_parts(parts, geography)))


def merge_parts(parts: list, geography: pd.DataFrame) -> pd.DataFrame:
    """Aggregate each part to cells of every level and add them up cell by cell."""
    merged: pd.DataFrame | None = None
    for part in parts:
        cells = aggregate(part.frame, part.values, part.dims, geography, part.group_min, part.how)
        if merged is None:
            merged = cells
            continue
        shared = [c for c in cells.columns if c in merged.columns and c not in KEYS]
        for column in shared:  # two parts feeding one indicator (records and population)
            cells = cells.rename(columns={column: f"{column}#2"})
        merged = merged.merge(cells, on=KEYS, how="outer")
        for column in shared:
            merged[column] = merged[column].fillna(0) + merged.pop(f"{column}#2").fillna(0)
    return merged if merged is not None else pd.DataFrame(columns=KEYS)


def values(indicator: Indicator, cells: pd.DataFrame) -> list[dict]:
    """The rows of ``indicator`` for indicator_values, after disclosure control."""
    if indicator.id == school_social_work.NEXT_END:
        return _dates(indicator, cells)
    numerator = num(indicator.id)
    if numerator not in cells.columns:
        return []
    levels = [*indicator.levels, UNASSIGNED] if "stadt" in indicator.levels else indicator.levels
    frame = cells[cells[numerator].notna() & cells["level"].isin(levels)]
    frame = frame[_breakdown_allowed(frame["breakdown"], indicator.breakdowns)]
    frame = pd.DataFrame(
        {
            **{key: frame[key] for key in KEYS},
            "numerator": frame[numerator].astype(float),
            "denominator": (
                frame[den(indicator.id)].fillna(0).astype(float)
                if den(indicator.id) in frame
                else 0.0
            ),
            "kitas_ok": frame.get(kompik.KECK_COLUMN, np.nan),
        }
    )
    if frame.empty:
        return []
    if indicator.rule.keck:  # the KECK rule is about areas: breakdown cells follow their total
        totals = frame[frame["breakdown"] == ""].set_index(["period", "unit"])["kitas_ok"]
        cell_units = pd.MultiIndex.from_frame(frame[["period", "unit"]])
        frame["kitas_ok"] = totals.reindex(cell_units).to_numpy()
    frame["n"] = (
        (
            frame["numerator"]
            if indicator.rule.kind == "count" or not indicator.ratio
            else frame["denominator"]
        )
        .round()
        .astype(int)
    )
    protected = _protect(frame, indicator.rule)
    protected = protected[protected["level"] != UNASSIGNED]
    if indicator.ratio:
        value = protected["numerator"] / protected["denominator"] * indicator.scale
        value = value.where(protected["denominator"] > 0)
    else:
        value = protected["numerator"]
    return _rows(indicator, protected.assign(value=value.round(6)))


_PATTERNS: dict[tuple, tuple[np.ndarray, list]] = {}


def _protect(frame: pd.DataFrame, rule: disclosure.CellRule) -> pd.DataFrame:
    """disclosure.protect, reusing the result for indicators with the same cells and counts.

    Suppression depends only on the cells, their n and the rule, so the three KOMPIK indicators
    of an area (or the three well-being levels) share one pattern; computing it once keeps the
    build fast. The pattern is applied by disclosure.apply_pattern, never by hand."""
    cells = frame[["period", "unit", "breakdown", "n", "kitas_ok"]]
    key = (rule, hashlib.sha256(pd.util.hash_pandas_object(cells, index=False).to_numpy()).digest())
    if key not in _PATTERNS:
        protected = disclosure.protect(frame, rule)
        _PATTERNS[key] = (protected["suppressed"].to_numpy(), list(protected["reason"]))
        return protected
    hidden, reasons = _PATTERNS[key]
    return disclosure.apply_pattern(frame, hidden, reasons)


def _breakdown_allowed(breakdowns: pd.Series, dims: tuple[str, ...]) -> pd.Series:
    dim = breakdowns.str.split("=").str[0]
    return (breakdowns == "") | dim.isin(dims)


def _rows(indicator: Indicator, frame: pd.DataFrame, texts: pd.Series | None = None) -> list[dict]:
    unit = frame["unit"].str.split(":").str[1]
    out = pd.DataFrame(
        {
            "indicator": indicator.id,
            "level": frame["level"],
            "unit": unit,
            "period": frame["period"].astype(str),
            "year": frame["year"].astype(int),
            "breakdown": frame["breakdown"],
            "value": frame["value"],
            "value_text": texts if texts is not None else None,
            "numerator": frame["numerator"],
            "denominator": frame["denominator"],
            "n": frame["n"],
            "suppressed": frame.get("suppressed", False),
            "reason": frame.get("reason"),
        }
    )
    out = out.astype(object).where(out.notna(), None)
    records = out.to_dict("records")
    for record in records:
        if record["n"] is not None:
            record["n"] = int(record["n"])
        record["suppressed"] = bool(record["suppressed"])
        if record["suppressed"]:  # belt and braces: nothing of a suppressed cell is stored
            record.update(value=None, value_text=None, numerator=None, denominator=None, n=None)
    return records


def _dates(indicator: Indicator, cells: pd.DataFrame) -> list[dict]:
    if "end_day" not in cells:
        return []
    frame = cells[cells["end_day"].notna()]
    frame = frame[frame["breakdown"] == ""].assign(
        numerator=np.nan, denominator=np.nan, n=None, value=np.nan, suppressed=False, reason=None
    )
    texts = frame["end_day"].map(school_social_work.day_text)
    return _rows(indicator, frame, texts)


def stale_sources(conn: Connection) -> set[str]:
    """Sources loaded after the last build that covered them: their indicators are out of date."""
    IndicatorBuild.metadata.create_all(conn, tables=[IndicatorBuild.__table__])
    builds = conn.execute(select(IndicatorBuild.sources, IndicatorBuild.last_load_id)).all()
    latest = dict(conn.execute(select(Load.source, func.max(Load.id)).group_by(Load.source)).all())
    stale = set()
    for source, load_id in latest.items():
        covered = [
            last
            for sources, last in builds
            if sources == ALL_SOURCES or source in sources.split(",")
        ]
        if not covered or max(covered) < load_id:
            stale.add(source)
    return {s for s in stale if any(s in BY_ID[i].inputs for i in BY_ID)}
