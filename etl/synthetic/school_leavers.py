"""Schulabgänge per school, qualification and sex, school years 2013/14 to 2024/25.

Every school of ``schools.py`` except the Grundschulen delivers, the 4 Berufskollegs included. A
school's leavers per year are about one grade of its pupils (``School.grade_size``): about 1,600
leavers of general schools a year in Herne, and about 3,200 of the Berufskollegs. Counts are
persons and scale with ``scale``.

Calibrated at city level (sources in data/reference/school-leavers.md): the share of leavers of
general schools without a Hauptschulabschluss, Förderschulabschluss included (the definition of
the official statistics), lies at about 8-9 %, above NRW's 5.6-6.5 % (2011-2021) and below
Gelsenkirchen's 9.6 % (2021); it falls over the years with a rise in the pandemic years 2020/21
and 2021/22, as Herne's SDG portal describes. Herne's own figure was not found: the level is a
plausible choice. Invented: the mix of qualifications per school form, the social gradient
(schools in districts with a high social index, the same index that drives KOMPIK and UWE, have
more leavers without or with a low qualification and fewer with Abitur), boys' higher share
without a qualification, and the shares entering the Übergangsbereich per qualification. The
transition column is delivered from 2016/17 on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from etl.instruments import QUALIFICATIONS
from etl.sources import school_leavers as declared
from etl.synthetic.common import FILE_PREFIX, rng_for, thousands_text, title_line
from etl.synthetic.school_social_work import school_year
from etl.synthetic.schools import School
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

SOURCE = declared.SOURCE
YEARS = tuple(range(2013, 2025))  # school year starts: 2013/14 .. 2024/25
TRANSITION_FROM = 2016  # the Übergangsbereich column exists from 2016/17 on
WITHOUT, SPECIAL, LOWER_SECONDARY, MIDDLE, ENTRANCE_FH, ENTRANCE = QUALIFICATIONS

# Share of each qualification (in QUALIFICATIONS order) per school form at an average district.
_MIX: dict[str, tuple[float, ...]] = {
    "Hauptschule": (0.15, 0.0, 0.52, 0.33, 0.0, 0.0),
    "Realschule": (0.03, 0.0, 0.13, 0.84, 0.0, 0.0),
    "Sekundarschule": (0.04, 0.0, 0.22, 0.74, 0.0, 0.0),
    "Gymnasium": (0.01, 0.0, 0.02, 0.13, 0.05, 0.79),
    "Gesamtschule": (0.09, 0.0, 0.20, 0.41, 0.07, 0.23),
    "Förderschule": (0.34, 0.40, 0.22, 0.04, 0.0, 0.0),
    "Berufskolleg": (0.12, 0.0, 0.08, 0.20, 0.40, 0.20),
}
# Leavers per year relative to one grade of the school.
_LEAVERS_PER_GRADE = {"Berufskolleg": 1.0}
_DEFAULT_LEAVERS_PER_GRADE = 1.04
# City trend of leaving without a qualification (Förderschulabschluss included): falling, with
# the pandemic years 2020/21 and 2021/22 above the line.
_WITHOUT_TREND = {
    2013: 1.18, 2014: 1.14, 2015: 1.10, 2016: 1.10, 2017: 1.05, 2018: 1.01, 2019: 0.97,
    2020: 1.08, 2021: 1.10, 2022: 0.97, 2023: 0.93, 2024: 0.89,
}  # fmt: skip
_GIRLS = {"Gymnasium": 0.54, "Förderschule": 0.38, "Hauptschule": 0.42, "Berufskolleg": 0.46}
_DEFAULT_GIRLS = 0.49
# Probability of entering the Übergangsbereich per qualification (general schools, Berufskolleg).
_TRANSITION = {
    "general": (0.62, 0.55, 0.38, 0.11, 0.03, 0.01),
    "Berufskolleg": (0.35, 0.0, 0.22, 0.08, 0.02, 0.0),
}


@dataclass(frozen=True)
class Cell:
    """One row of the delivery: leavers of one school with one qualification and sex."""

    school: School
    qualification: str
    sex: str
    count: int
    transition: int


def mix(school: School, start: int, sex: str) -> np.ndarray:
    """Probabilities of the qualifications for a leaver of ``school`` in school year ``start``."""
    base = np.array(_MIX[school.form], dtype=float)
    possible = base > 0
    social = school.district.social_index
    # Odds of a low qualification rise with the district's social index, of Abitur fall.
    tilt = np.exp(np.array([1.4, 1.0, 0.6, 0.0, -0.5, -1.0]) * (social - 0.5))
    if school.form != "Berufskolleg":
        tilt[:2] *= _WITHOUT_TREND[start]
    boys = sex == "m"
    tilt *= (
        np.array([1.3, 1.15, 1.1, 1.0, 0.95, 0.88])
        if boys
        else np.array([0.72, 0.85, 0.9, 1.0, 1.05, 1.12])
    )
    weights = np.where(possible, base * tilt, 0.0)
    return weights / weights.sum()


def cells(world: World, start: int) -> list[Cell]:
    """The leavers of school year ``start`` (its own random stream)."""
    rng = rng_for(world.seed, f"{SOURCE}-{start}")
    result = []
    for school in world.schools:
        if school.form == "Grundschule":
            continue
        per_grade = _LEAVERS_PER_GRADE.get(school.form, _DEFAULT_LEAVERS_PER_GRADE)
        expected = school.grade_size(start) * per_grade * world.scale
        girls = _GIRLS.get(school.form, _DEFAULT_GIRLS)
        transition = _TRANSITION["Berufskolleg" if school.form == "Berufskolleg" else "general"]
        tilt = 0.8 + 0.4 * school.district.social_index
        for sex, share in (("m", 1.0 - girls), ("w", girls)):
            total = int(rng.poisson(expected * share))
            probabilities = mix(school, start, sex)
            counts = rng.multinomial(total, probabilities)
            for index, qualification in enumerate(QUALIFICATIONS):
                if _MIX[school.form][index] == 0:
                    continue  # a qualification the form does not award: no row
                p = min(1.0, transition[index] * tilt)
                moved = int(rng.binomial(int(counts[index]), p))
                result.append(Cell(school, qualification, sex, int(counts[index]), moved))
    return result


def without_share(rows: list[Cell]) -> float:
    """Share of leavers of general schools without a Hauptschulabschluss (the official
    definition: Förderschulabschluss included); the calibration target."""
    general = [c for c in rows if c.school.form != "Berufskolleg"]
    total = sum(c.count for c in general)
    low = sum(c.count for c in general if c.qualification in (WITHOUT, SPECIAL))
    return low / total if total else math.nan


# --- files -----------------------------------------------------------------------------------

_LAYOUTS: dict[int, dict] = {
    2013: {},
    2014: {"year": "2014/2015", "format": "csv-cp1252"},
    2015: {"year": "15/16", "spelling": {"qualification": "Abschluss:"}},
    2016: {"extra": True, "total": "Summe"},
    2017: {"format": "csv-utf8-bom", "text_numbers": True},
    2018: {"order": True, "missing": "k.A."},
    2019: {"blank_every": 40, "spelling": {"sex": "GESCHLECHT"}},
    2020: {"year": "2020/2021", "missing": "-"},
    2021: {"spelling": {"transition": "davon\nÜbergangsbereich"}},
    2022: {"format": "csv-utf8", "total": "Gesamt"},
    2023: {"year": "23/24", "missing": "keine Angabe"},
    2024: {"spelling": {"school_number": "  Schul-Nr "}},
}
_ORDER = ["school_number", "school_year", "sex", "qualification", "count", "transition"]


def keys(world: World) -> list[int]:
    return list(YEARS)


def write(out_dir: Path, world: World, start: int) -> dict:
    """One school year, one row per school, qualification the form awards and sex."""
    rows = cells(world, start)
    layout = _LAYOUTS[start]
    fmt = layout.get("format", "xlsx")
    label = layout.get("year", school_year(start))
    text_numbers = layout.get("text_numbers", False)
    missing = layout.get("missing")
    rng = rng_for(world.seed, f"{SOURCE}-{start}-layout")

    def number(n: int) -> object:
        return thousands_text(n) if text_numbers else n

    columns: dict[str, list] = {
        "school_year": [label] * len(rows),
        "school_number": [c.school.number for c in rows],
        "qualification": [c.qualification for c in rows],
        "sex": [c.sex for c in rows],
        "count": [number(c.count) for c in rows],
    }
    variations = []
    if label != school_year(start):
        variations.append("school-year-spelling")
    if text_numbers:
        variations.append("numbers-as-text")
    if start >= TRANSITION_FROM:
        # Some schools do not report the transition for a row: a missing answer, not zero.
        unreported = rng.random(len(rows)) < (0.06 if missing else 0.0)
        columns["transition"] = [
            missing if gap else number(c.transition)
            for c, gap in zip(rows, unreported, strict=True)
        ]
        if missing and unreported.any():
            variations.append(f"missing:{missing}")
    extra = None
    if layout.get("extra"):
        extra = {"Schulname": [c.school.name for c in rows]}
    total = None
    if layout.get("total"):
        total = {"school_year": layout["total"], "count": sum(c.count for c in rows)}
    blank_every = layout.get("blank_every")
    order = [n for n in _ORDER if n in columns] if layout.get("order") else None
    sheet = make_sheet(
        "Schulabgänge",
        [
            title_line(world.seed),
            f"Schulabgängerinnen und Schulabgänger nach Abschluss, Schuljahr {school_year(start)}",
        ],
        columns,
        contract=declared.COLUMNS,
        order=order,
        spelling=layout.get("spelling"),
        extra=extra,
        blank_after=range(blank_every - 1, len(rows), blank_every) if blank_every else (),
        total=total,
        variations=variations,
    )
    name = save(
        out_dir,
        f"{FILE_PREFIX}schulabgaenge_{start}-{(start + 1) % 100:02d}",
        [sheet],
        fmt,
        f"Schulabgänge {school_year(start)} (synthetisch)",
    )
    return entry(SOURCE, name, sheet, school_year(start))
