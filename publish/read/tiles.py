"""Positions of the units on the schematic tile map (no geometry needed)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from etl.resources import CHECKOUT_DATA, data_path

TILES_FILE = "spatial_units/ortsteil_tiles.csv"


def _tiles_csv() -> Path:
    try:
        return data_path(TILES_FILE)
    except FileNotFoundError:  # read_ortsteil_tiles then places every unit below the map
        return CHECKOUT_DATA / TILES_FILE


TILES_CSV = _tiles_csv()
# Stadtbezirke on a 2 x 2 grid: west (Wanne, Eickel) left, east (Herne-Mitte, Sodingen) right.
STADTBEZIRK_TILES = {"1": (0, 0), "2": (1, 0), "3": (0, 1), "4": (1, 1)}


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
