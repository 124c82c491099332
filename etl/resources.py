"""Committed data files the code reads (goal catalogues, spatial units), found wherever etl runs.

In a checkout they live in ``data/`` at the repository root, where people look for them; a wheel
carries the same files as package data (``etl/_data/``, mapped by hatch ``force-include`` in
pyproject.toml), so an installed package needs no checkout. :func:`data_path` tries the installed
location first and falls back to the checkout.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

CHECKOUT_DATA = Path(__file__).resolve().parent.parent / "data"
PACKAGED = "_data"  # the folder inside the etl package of a wheel


def data_path(relative: str) -> Path:
    """Path of a committed data file or folder, e.g. ``data_path("catalogue")`` or
    ``data_path("spatial_units/ortsteil_tiles.csv")`` (relative to ``data/``).

    Raises FileNotFoundError when neither the package nor the checkout has it."""
    packaged = Path(str(resources.files("etl").joinpath(PACKAGED, relative)))
    if packaged.exists():
        return packaged
    checkout = CHECKOUT_DATA / relative
    if checkout.exists():
        return checkout
    raise FileNotFoundError(f"data file not found: {relative} (neither {packaged} nor {checkout})")
