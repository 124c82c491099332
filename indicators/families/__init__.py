"""Record-level computations per source: pure functions from loaded tables to additive columns.

Each family module declares its indicators next to their computation and has the same names:
``FAMILY`` (its ``etl.vocabulary.Family``), ``INDICATORS`` (its declarations, in the order they
are listed) and ``cells(conn, geography)`` (the cells of every level with the columns of its
indicators). A column ``num(indicator)`` holds a record's contribution to the numerator,
``den(indicator)`` to the denominator; the family writes them from its declared indicators, so an
id is spelled once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from indicators.aggregate import KEYS, aggregate
from indicators.indicator import Indicator

# A cell column counting the persons of a family whose indicators do not count them themselves.
PERSONS = "persons"


@dataclass
class Part:
    """A record frame with ``period``, ``year``, ``district`` and additive value columns."""

    frame: pd.DataFrame
    dims: tuple[str, ...] = ()
    group_min: tuple[str, int, str] | None = None  # see aggregate.aggregate
    values: list[str] = field(default_factory=list)
    how: str = "sum"  # "min" for non-additive values such as the next end date

    def __post_init__(self) -> None:
        if not self.values:
            self.values = [c for c in self.frame.columns if "|" in c or c == PERSONS]


def binary_sex(sex: pd.Series, key: pd.Series) -> pd.Series:
    """Sex for the breakdown: as official statistics do, persons recorded as "d" or without an
    answer are assigned to "m" or "w" by a reproducible coin (the parity of a record key), so
    that no small "d" group can be published or recomputed. The records themselves keep "d"."""
    coin = pd.Series(["w", "m"], dtype=object).iloc[(key.astype("int64") % 2).to_numpy()]
    return sex.where(sex.isin(["m", "w"]), coin.set_axis(sex.index))


def _id(indicator: Indicator | str) -> str:
    return indicator.id if isinstance(indicator, Indicator) else indicator


def num(indicator: Indicator | str) -> str:
    """The column of a record's contribution to the numerator of ``indicator``."""
    return f"{_id(indicator)}|num"


def den(indicator: Indicator | str) -> str:
    """The column of a record's contribution to the denominator of ``indicator``."""
    return f"{_id(indicator)}|den"


def contribution(indicator: Indicator, numerator: Any, denominator: Any = 0.0) -> dict[str, Any]:
    """The two columns of ``indicator`` (a kind without ratio needs no denominator)."""
    return {num(indicator): numerator, den(indicator): denominator}


def answered(indicator: Indicator, value: pd.Series) -> dict[str, Any]:
    """A mean or share over the records with an answer: ``value`` (1.0/0.0 for a share) summed,
    divided by the records where it is not missing."""
    return contribution(indicator, value.fillna(0.0).astype(float), value.notna().astype(float))


def merge_parts(parts: list[Part], geography: pd.DataFrame) -> pd.DataFrame:
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


def population_part(
    population: pd.DataFrame,
    periods: dict[str, tuple[int, int]],
    ages_of: dict[str, list[int]],
    indicator: Indicator | str,
    dims: tuple[str, ...] = ("sex",),
) -> Part:
    """Population as the denominator of ``indicator``: for each period the residents at the
    Stichtag 31.12. of year ``periods[period][1]`` whose age is in ``ages_of[period]``.

    ``population`` has reference_year, district, age, sex, count (and ``grade`` may be derived by
    the caller through ``ages_of`` keys of the form "period|grade")."""
    frames = []
    for period, (year, stichtag_year) in periods.items():
        for key, ages in ages_of.items():
            if key.split("|")[0] != period:
                continue
            chosen = population[
                (population["reference_year"] == stichtag_year) & population["age"].isin(ages)
            ]
            frame = chosen.assign(period=period, year=year)
            if "|" in key:
                frame = frame.assign(grade=key.split("|")[1])
            frames.append(frame)
    if not frames:
        return Part(
            pd.DataFrame(columns=["period", "year", "district", num(indicator), den(indicator)]),
            dims,
        )
    frame = pd.concat(frames, ignore_index=True)
    frame["sex"] = binary_sex(frame["sex"], frame["age"] + frame["district"].str[-1:].map(ord))
    frame[num(indicator)] = 0.0
    frame[den(indicator)] = frame["count"].astype(float)
    return Part(frame.drop(columns=["count", "age", "reference_year"]), dims)
