"""Übergänge nach Klasse 4, school years 2014/15 to 2024/25: one row per child.

The children of school year T/T+1 are the school-entry cohort of T-4 (``children.py``) and the
children of T-5 deferred at school entry, minus those who left Herne; a few moved out of Herne
but stay at their Herne Grundschule (empty Bezirk-Nr). Their Grundschule is a primary school of
the synthetic school register (``schools.py``). Recommendation and new school form follow the
child's development and the district's social index: at city level about 35 % move to a
Gymnasium and 28 % to a Realschule (Herne's registrations, see
data/reference/school-entry-transitions.md); the other levels are invented.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from etl.sources import transitions as declared
from etl.synthetic.children import TRANSITION_AFTER, cohort
from etl.synthetic.common import FILE_PREFIX, rng_for, title_line
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

SOURCE = declared.SOURCE
STARTS = tuple(range(2014, 2025))  # 2014/15 .. 2024/25

# Per school year: file format, spelling of the school year and of a missing recommendation,
# layout quirks.
_LAYOUTS: dict[int, dict] = {
    2014: {"format": "csv-cp1252", "school_year": "long"},
    2015: {"school_year": "short", "missing": "k.A."},
    2016: {"extra": True, "order": True},
    2017: {
        "spelling": {"new_school_form": "Schulform\nneu", "primary_school": "GRUNDSCHULE SCHUL-NR"}
    },
    2018: {"format": "csv-utf8-bom", "missing": "-"},
    2019: {"blank_every": 250, "total": True},
    2020: {"school_year": "long", "spelling": {"recommendation": "Empfehlung:"}},
    2021: {"missing": "keine Angabe"},
    2022: {"format": "csv-utf8"},
    2023: {"spelling": {"district_number": "Bezirk-Nr  "}},
    2024: {},
}


def school_year(start: int, style: str = "") -> str:
    if style == "long":
        return f"{start}/{start + 1}"
    if style == "short":
        return f"{start % 100:02d}/{(start + 1) % 100:02d}"
    return f"{start}/{(start + 1) % 100:02d}"


def keys(world: World) -> list[int]:
    return list(STARTS)


def write(out_dir: Path, world: World, start: int) -> dict:
    """One school year: the children moving from grade 4 to a new school in it."""
    on_time = cohort(
        world.seed, world.scale, start - TRANSITION_AFTER, world.population, world.schools
    )
    late = cohort(
        world.seed, world.scale, start - TRANSITION_AFTER - 1, world.population, world.schools
    )
    parts = [
        (on_time, ~on_time.deferred & ~on_time.moved_away),
        (late, late.deferred & ~late.moved_away),
    ]
    pick = {
        field: np.concatenate([getattr(c, field)[keep] for c, keep in parts])
        for field in ("district", "sex", "school", "recommendation", "new_form", "lives_outside")
    }
    rng = rng_for(world.seed, f"transitions:{start}")
    layout = _LAYOUTS[start]
    n = len(pick["sex"])
    ids = rng.choice(10_000_000, size=n, replace=False)
    order = np.lexsort((ids, pick["school"].astype(str)))
    missing = layout.get("missing")
    columns: dict[str, list[object]] = {
        "school_year": [school_year(start, layout.get("school_year", ""))] * n,
        "child_id": [f"{i:07d}" for i in ids[order].tolist()],
        "district_number": [
            None if x else d
            for d, x in zip(pick["district"][order], pick["lives_outside"][order], strict=True)
        ],
        "sex": pick["sex"][order].tolist(),
        "primary_school": pick["school"][order].tolist(),
        "recommendation": [missing if r is None else r for r in pick["recommendation"][order]],
        "new_school_form": pick["new_form"][order].tolist(),
    }
    variations = [f"missing:{missing}" if missing else "missing:empty"]
    if layout.get("school_year"):
        variations.append("school-year-spelling")
    extra = column_order = None
    if layout.get("extra"):
        extra = {"Klasse": [f"4{'abc'[i % 3]}" for i in ids[order].tolist()]}
    if layout.get("order"):
        column_order = [
            "school_year",
            "primary_school",
            "Klasse",
            "child_id",
            "sex",
            "district_number",
            "new_school_form",
            "recommendation",
        ]
    blank_every = layout.get("blank_every")
    label = school_year(start)
    sheet = make_sheet(
        "Übergänge",
        [title_line(world.seed), f"Übergänge nach Klasse 4 zum Schuljahr {label}, je Kind"],
        columns,
        contract=declared.COLUMNS,
        order=column_order,
        spelling=layout.get("spelling"),
        extra=extra,
        blank_after=range(blank_every - 1, n, blank_every) if blank_every else (),
        total={"school_year": "Summe", "child_id": f"{n} Kinder"} if layout.get("total") else None,
        variations=variations,
    )
    name = save(
        out_dir,
        f"{FILE_PREFIX}uebergaenge_{start}-{(start + 1) % 100:02d}",
        [sheet],
        layout.get("format", "xlsx"),
        f"Übergänge nach Klasse 4 {label} (synthetisch)",
    )
    return entry(SOURCE, name, sheet, label)
