"""Record-level computations per source: pure functions from loaded tables to additive columns.

Each family module has ``PREFIX`` (the indicator ids it computes start with it) and
``parts(conn) -> list[Part]``; a column ``"<indicator id>|num"`` holds a record's contribution to
the numerator, ``"<indicator id>|den"`` to the denominator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


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
            self.values = [c for c in self.frame.columns if "|" in c]


def binary_sex(sex: pd.Series, key: pd.Series) -> pd.Series:
    """Sex for the breakdown: as official statistics do, persons recorded as "d" or without an
    answer are assigned to "m" or "w" by a reproducible coin (the parity of a record key), so
    that no small "d" group can be published or recomputed. The records themselves keep "d"."""
    coin = pd.Series(["w", "m"], dtype=object).iloc[(key.astype("int64") % 2).to_numpy()]
    return sex.where(sex.isin(["m", "w"]), coin.set_axis(sex.index))


def num(indicator: str) -> str:
    return f"{indicator}|num"


def den(indicator: str) -> str:
    return f"{indicator}|den"


def population_part(
    population: pd.DataFrame,
    periods: dict[str, tuple[int, int]],
    ages_of: dict[str, list[int]],
    indicator: str,
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
