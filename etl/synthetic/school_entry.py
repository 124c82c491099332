"""Schuleingangsuntersuchung 2013-2024: one row per examined child (about 1,400-1,550 at scale 1).

The children are the cohorts of ``children.py``: the 5-year-olds of the population model, living
where KOMPIK's children live, with their Kita years, German rating (only for children whose first
language is not German, as in NRW), screening results, weight class and school recommendation.
City levels: see ``children.py`` and data/reference/school-entry-transitions.md (German deficits,
coordination and obesity match published Herne figures, the rest is invented).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from etl.sources import school_entry as declared
from etl.synthetic.children import cohort
from etl.synthetic.common import FILE_PREFIX, decimal_text, rng_for, title_line
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

SOURCE = declared.SOURCE
YEARS = tuple(range(2013, 2025))

# Per year: file format, how Kita years and missing ratings are written, layout quirks.
_LAYOUTS: dict[int, dict] = {
    2013: {"format": "csv-cp1252", "kita": "comma"},
    2014: {"missing": "-"},
    2015: {"birth": "excel", "spelling": {"kita_years": "Kita-Besuch\n(Jahre)"}},
    2016: {"order": True, "extra": True},
    2017: {"format": "csv-utf8-bom", "kita": "comma", "missing": "k.A."},
    2018: {"text_numbers": True, "kita": "point"},
    2019: {"spelling": {"german": "DEUTSCHKENNTNISSE", "sex": "Geschlecht:"}},
    2020: {"blank_every": 300},
    2021: {"missing": "keine Angabe", "total": True},
    2022: {"format": "csv-utf8", "kita": "comma"},
    2023: {"spelling": {"child_id": "  Kind-ID  "}},
    2024: {},
}


def keys(world: World) -> list[int]:
    return list(YEARS)


def write(out_dir: Path, world: World, year: int) -> dict:
    """One Untersuchungsjahr, all examined children."""
    children = cohort(world.seed, world.scale, year, world.population, world.schools)
    rng = rng_for(world.seed, f"school-entry:{year}")
    layout = _LAYOUTS[year]
    n = len(children.sex)
    ids = rng.choice(10_000_000, size=n, replace=False)
    order = np.argsort(ids)
    fmt = layout.get("format", "xlsx")
    as_text = layout.get("text_numbers", False)
    kita_style = layout.get("kita", "comma" if fmt != "xlsx" else "number")
    missing = layout.get("missing")

    def kita_value(years: float) -> object:
        if np.isnan(years):
            return None
        if kita_style == "comma":
            return decimal_text(years, 1)
        if kita_style == "point":
            return decimal_text(years, 1, comma=False)
        return float(years)

    births = list(
        zip(children.birth_year[order].tolist(), children.birth_month[order].tolist(), strict=True)
    )
    columns: dict[str, list[object]] = {
        "year": [str(year) if as_text else year] * n,
        "child_id": [f"{i:07d}" for i in ids[order].tolist()],
        "birth_month": [
            dt.date(y, m, 1) if layout.get("birth") == "excel" else f"{m:02d}.{y}"
            for y, m in births
        ],
        "sex": children.sex[order].tolist(),
        "district_number": children.district[order].tolist(),
        "kita_years": [kita_value(k) for k in children.kita_years[order].tolist()],
        "german": [missing if g is None else g for g in children.german[order].tolist()],
        "coordination": children.coordination[order].tolist(),
        "visuomotor": children.visuomotor[order].tolist(),
        "weight": children.weight[order].tolist(),
        "recommendation": children.entry_recommendation[order].tolist(),
    }
    variations = [f"missing:{missing}" if missing else "missing:empty"]
    if kita_style in ("comma", "point"):
        variations.append("numbers-as-text")
    if kita_style == "comma":
        variations.append("decimal-comma")
    if as_text:
        variations.append("numbers-as-text")
    if layout.get("birth") == "excel":
        variations.append("birth-month-date")
    extra = column_order = None
    if layout.get("extra"):
        extra = {"Untersuchungsort": ["Gesundheitsamt"] * n}
    if layout.get("order"):
        column_order = [
            "child_id",
            "year",
            "sex",
            "birth_month",
            "district_number",
            "Untersuchungsort",
            "recommendation",
            "german",
            "kita_years",
            "weight",
            "visuomotor",
            "coordination",
        ]
    blank_every = layout.get("blank_every")
    sheet = make_sheet(
        "Schuleingangsuntersuchung",
        [title_line(world.seed), f"Schuleingangsuntersuchung {year}, je untersuchtes Kind"],
        columns,
        contract=declared.COLUMNS,
        order=column_order,
        spelling=layout.get("spelling"),
        extra=extra,
        blank_after=range(blank_every - 1, n, blank_every) if blank_every else (),
        total={"year": "Gesamt", "child_id": f"{n} Kinder"} if layout.get("total") else None,
        variations=list(dict.fromkeys(variations)),
    )
    name = save(
        out_dir,
        f"{FILE_PREFIX}schuleingangsuntersuchung_{year}",
        [sheet],
        fmt,
        f"Schuleingangsuntersuchung {year} (synthetisch)",
    )
    return entry(SOURCE, name, sheet, str(year))
