"""From records to cells: sums per unit of every level, period and breakdown, in one pass.

A record frame carries ``period``, ``year``, ``district`` (statistical district, may be missing:
such records count only city-wide), optional breakdown columns, and additive value columns.
Every level is summed from the records themselves, never from the level below.
"""

from __future__ import annotations

import pandas as pd

from etl.vocabulary import AREA_LEVELS, BEZIRK, CITY, LEVEL
from indicators.geography import CITY_KEY

KEYS = ["period", "year", "level", "unit", "parent", "breakdown"]
# Records without a district count city-wide. For disclosure control they form a pseudo unit
# below the city, so that "city minus all Stadtbezirke" is a cell the rules protect like any
# other; it is never stored or shown.
UNASSIGNED = "ohne-wohnort"
UNASSIGNED_KEY = f"{UNASSIGNED}:0"
# The levels below the city, bottom-up: (level, column of ``geography.districts`` with the unit
# number, the level above or None for the city).
HIERARCHY: tuple[tuple[str, str, str | None], ...] = tuple(
    (
        level,
        "district" if level == BEZIRK.key else level,
        None if LEVEL[level].parent == CITY.key else LEVEL[level].parent,
    )
    for level in reversed(AREA_LEVELS)
)


def aggregate(
    records: pd.DataFrame,
    values: list[str],
    dims: tuple[str, ...],
    geography: pd.DataFrame,
    group_min: tuple[str, int, str] | None = None,
    how: str = "sum",
) -> pd.DataFrame:
    """Cells of all levels and breakdowns with the summed (``how="min"``: smallest) ``values``.

    ``group_min=(column, minimum, name)`` adds a column ``name``: how many distinct ``column``
    values (e.g. Kitas) contribute at least ``minimum`` records to a unit (the KECK rule). The
    rule is about areas, so a breakdown cell carries the count of its unit's total.
    """
    frame = records.merge(geography, on="district", how="left")
    parts = []
    placements = [(CITY.key, None, None), (UNASSIGNED, None, None), *HIERARCHY]
    for level, column, parent_level in placements:
        if level == CITY.key:
            placed = frame.assign(unit=CITY_KEY, parent=None)
        elif level == UNASSIGNED:
            placed = frame[frame["stadtbezirk"].isna()]
            placed = placed.assign(unit=UNASSIGNED_KEY, parent=CITY_KEY)
        else:
            placed = frame[frame[column].notna()]
            parent = (f"{parent_level}:" + placed[parent_level]) if parent_level else CITY_KEY
            placed = placed.assign(unit=f"{level}:" + placed[column], parent=parent)
        placed = placed.assign(level=level)
        for dim in ("", *dims):
            parts.append(_sum(placed, dim, values, group_min, how))
    cells = pd.concat(parts, ignore_index=True)
    return cells


def _sum(
    frame: pd.DataFrame,
    dim: str,
    values: list[str],
    group_min: tuple[str, int, str] | None,
    how: str,
) -> pd.DataFrame:
    keys = ["period", "year", "level", "unit", "parent"] + ([dim] if dim else [])
    subset = frame if not dim else frame[frame[dim].notna()]
    grouped = subset.groupby(keys, dropna=False, sort=False)[values].agg(how).reset_index()
    if group_min is not None:  # counted on all records of the unit, for totals and breakdowns
        column, minimum, name = group_min
        unit_keys = keys[:5]
        per_group = frame.groupby([*unit_keys, column], dropna=False, sort=False).size()
        ok = (per_group >= minimum).groupby(level=list(range(len(unit_keys))), dropna=False).sum()
        grouped = grouped.merge(ok.rename(name).reset_index(), on=unit_keys, how="left")
    if dim:
        grouped["breakdown"] = f"{dim}=" + grouped.pop(dim).astype(str)
    else:
        grouped["breakdown"] = ""
    return grouped
