"""Building ``indicator_values``: records -> cells of every level -> disclosure control -> table.

A build recomputes the indicators of the sources that changed (or all), inside one transaction
under the database's write lock (``etl.db.locked``), so the dashboard never reads a half-built
table, two builds at once run one after the other (the second replaces the first's values), and
no import commits while a build reads the records.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, inspect, select

from etl import german
from etl.db import complete_schema, locked
from etl.models import Load
from etl.vocabulary import CITY
from indicators import disclosure, population
from indicators.aggregate import KEYS, UNASSIGNED
from indicators.families import Part, den, merge_parts, num
from indicators.geography import districts
from indicators.indicator import Indicator
from indicators.registry import BY_ID, FAMILY_MODULES, REGISTRY
from indicators.store import IndicatorBuild, IndicatorValue

log = logging.getLogger(__name__)

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


def build(
    engine: Engine, sources: set[str] | None = None, progress: Callable[[str], None] | None = None
) -> BuildResult:
    """Recompute the indicators depending on ``sources`` (all when None)."""
    started = dt.datetime.now()
    say = progress or (lambda _text: None)
    chosen = [i for i in REGISTRY if sources is None or set(i.inputs) & sources]
    # Indicators on the same persons share one withheld pattern, so they are built together.
    chosen_families = {i.family for i in chosen}
    chosen = [i for i in REGISTRY if i.family in chosen_families]
    rows: list[dict] = []
    with locked(engine) as conn:
        IndicatorValue.metadata.create_all(
            conn, tables=[IndicatorValue.__table__, IndicatorBuild.__table__]
        )
        geography = districts(conn)
        for module in FAMILY_MODULES:
            if module.FAMILY not in chosen_families:
                continue
            say(module.FAMILY.prefix)
            rows += family_values(module, module.cells(conn, geography))
        ids = [i.id for i in chosen]
        conn.execute(delete(IndicatorValue).where(IndicatorValue.indicator.in_(ids)))
        if rows:
            conn.execute(insert(IndicatorValue), rows)
        # The unique key of the values, in a database from before it (after the values were
        # replaced: a database that had stored values twice is clean now).
        complete_schema(conn)
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


def evaluate(indicator: Indicator, parts: list[Part], geography: pd.DataFrame) -> pd.DataFrame:
    """Values of one (e.g. a custom, unregistered) indicator, protected, as a DataFrame: the
    same path the build takes, without storing anything."""
    return pd.DataFrame(values(indicator, merge_parts(parts, geography)))


def family_values(module: ModuleType, cells: pd.DataFrame) -> list[dict]:
    """The rows of all indicators of a family module: those on persons under the family's
    shared pattern (``indicators.population``), the others each protected on its own."""
    on_persons = [i for i in module.INDICATORS if i.rule.on_persons and not i.kind.text]
    pattern = None
    relations = getattr(module, "RELATIONS", None)
    if on_persons and relations is not None and not cells.empty:
        pattern = population.protect(cells, on_persons, relations).frame
    rows: list[dict] = []
    for indicator in module.INDICATORS:
        shared = pattern if indicator in on_persons else None
        rows += values(indicator, cells, shared)
    return rows


def values(
    indicator: Indicator, cells: pd.DataFrame, pattern: pd.DataFrame | None = None
) -> list[dict]:
    """The rows of ``indicator`` for indicator_values, after disclosure control: ``pattern``
    (period, unit, breakdown, suppressed, reason) if the family computed one, else its own."""
    numerator = num(indicator)
    if numerator not in cells.columns:
        return []
    city = CITY.key in indicator.levels
    levels = [*indicator.levels, UNASSIGNED] if city else list(indicator.levels)
    frame = cells[cells[numerator].notna() & cells["level"].isin(levels)]
    frame = frame[_breakdown_allowed(frame["breakdown"], indicator.breakdowns)]
    kind, rule = indicator.kind, indicator.rule
    frame = pd.DataFrame(
        {
            **{key: frame[key] for key in KEYS},
            "numerator": frame[numerator].astype(float),
            "denominator": (
                frame[den(indicator)].fillna(0).astype(float) if den(indicator) in frame else 0.0
            ),
            **{column: frame.get(column, np.nan) for column in rule.columns},
        }
    )
    if frame.empty:
        return []
    if kind.text is not None:  # a date: shown as text, no numbers stored, no persons to protect
        texts = frame["numerator"].map(kind.text)
        shown = frame.assign(
            numerator=np.nan, denominator=np.nan, n=None, value=np.nan, suppressed=False
        )
        return _rows(indicator, shown.assign(reason=None), texts)
    counted = frame["numerator"] if rule.kind == "count" or not kind.ratio else frame["denominator"]
    frame["n"] = counted.round().astype(int)
    if pattern is None:
        protected = disclosure.protect(frame, rule)
    else:
        shared = frame[["period", "unit", "breakdown"]].merge(
            pattern, on=["period", "unit", "breakdown"], how="left", validate="one_to_one"
        )
        if shared["suppressed"].isna().any():
            raise ValueError(f"{indicator.id}: Zelle ohne gemeinsames Sperrmuster")
        protected = disclosure.apply_pattern(
            frame, shared["suppressed"].to_numpy(dtype=bool), list(shared["reason"])
        )
    protected = protected[protected["level"] != UNASSIGNED]
    if kind.ratio:
        value = protected["numerator"] / protected["denominator"] * indicator.scale
        value = value.where(protected["denominator"] > 0)
    else:
        value = protected["numerator"]
    return _rows(indicator, protected.assign(value=value.round(6)))


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


def stale_sources(conn: Connection) -> set[str]:
    """Sources loaded after the last build that covered them: their indicators are out of date."""
    builds = []  # a reader never creates the table: no table, no build yet
    if inspect(conn).has_table(IndicatorBuild.__tablename__):
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
