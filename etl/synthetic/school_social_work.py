"""School social work per school and school year, 2013/14 to 2024/25 (one row per school).

The city totals are set, not drawn: 2016/17 26.8 FTE at 28 of 46 schools (31 staff), 2017/18
32.4 FTE with 14.7 fixed-term to 31.12.2018, 2019/20 38.5 FTE at 40 schools (45 staff), 40 %
fixed-term (domain.md); the other years are interpolated towards "one post per school". Posts go
to schools in deprived districts and to the Hauptschule, Gesamtschulen and Förderschulen first;
fixed-term posts are the most recent ones. Every served school gets at least 0.5 FTE, so the
schools with any post are exactly the target's count (the published figures count any post, not
full posts). The "Ganztag" column is each school's all-day form (``schools.py``, the 2017 seed:
3 of 4 Realschulen, 2 of 5 Gymnasien, 2 of 5 Förderschulen, the Hauptschule and the 3
Gesamtschulen "gebunden", all Grundschulen "offen"), the same in every school year. Not scaled by
`scale`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from etl.sources import school_social_work as declared
from etl.synthetic.common import (
    DATE_TAGS,
    FILE_PREFIX,
    decimal_text,
    format_date,
    rng_for,
    thousands_text,
    title_line,
)
from etl.synthetic.schools import School
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

SOURCE = declared.SOURCE


@dataclass(frozen=True)
class YearTarget:
    start: int  # 2016 for 2016/17
    fte: float
    schools: int
    staff: int
    fixed_term: float
    fixed_until: dt.date


TARGETS = (
    YearTarget(2013, 19.5, 22, 24, 6.5, dt.date(2014, 12, 31)),
    YearTarget(2014, 21.0, 24, 26, 7.0, dt.date(2015, 12, 31)),
    YearTarget(2015, 23.5, 26, 28, 9.0, dt.date(2017, 12, 31)),
    YearTarget(2016, 26.8, 28, 31, 11.0, dt.date(2017, 12, 31)),
    YearTarget(2017, 32.4, 33, 37, 14.7, dt.date(2018, 12, 31)),
    YearTarget(2018, 35.5, 37, 41, 15.0, dt.date(2020, 12, 31)),
    YearTarget(2019, 38.5, 40, 45, 15.4, dt.date(2020, 12, 31)),
    YearTarget(2020, 39.5, 41, 46, 14.5, dt.date(2022, 12, 31)),
    YearTarget(2021, 41.0, 42, 47, 13.0, dt.date(2022, 12, 31)),
    YearTarget(2022, 42.0, 43, 48, 11.0, dt.date(2025, 12, 31)),
    YearTarget(2023, 43.5, 44, 49, 9.5, dt.date(2025, 12, 31)),
    YearTarget(2024, 44.5, 45, 50, 8.0, dt.date(2027, 7, 31)),
)
_FORM_PRIORITY = {
    "Hauptschule": 0.6,
    "Gesamtschule": 0.45,
    "Förderschule": 0.4,
    "Realschule": 0.3,
    "Berufskolleg": 0.2,
    "Grundschule": 0.0,
    "Gymnasium": -0.1,
    "Sekundarschule": 0.3,
}
_EMPLOYERS = ("Stadt", "Land", "Freier Träger", "Stadt/Land", "Stadt/Freier Träger")
_EMPLOYER_SHARES = (0.45, 0.2, 0.15, 0.1, 0.1)
_UNIT = 0.05  # FTE are multiples of 0.05


@dataclass(frozen=True)
class Post:
    school: School
    fte: float
    fixed_term: float
    fixed_until: dt.date | None
    staff: int
    employers: str | None
    contacts: int | None


def school_year(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def _allocate(weights: np.ndarray, staff: np.ndarray, total: float) -> np.ndarray:
    """FTE per school in 0.05 steps: by weight, at least 0.5, at most 1.0 per person."""
    units = round(total / _UNIT)
    low = np.full(len(weights), round(0.5 / _UNIT))
    high = staff * round(1.0 / _UNIT)
    target = units * weights / weights.sum()
    alloc = np.clip(np.floor(target).astype(int), low, high)
    while alloc.sum() != units:
        if alloc.sum() < units:
            room = np.where(alloc < high, target - alloc, -np.inf)
            alloc[int(np.argmax(room))] += 1
        else:
            room = np.where(alloc > low, alloc - target, -np.inf)
            alloc[int(np.argmax(room))] -= 1
    return alloc * _UNIT


def build_posts(seed: int, schools: list[School]) -> dict[int, list[Post]]:
    """Posts per school year start, one entry per school (fte 0 where there is no post)."""
    rng = rng_for(seed, "school-social-work")
    priority = np.array(
        [s.district.social_index + _FORM_PRIORITY[s.form] + rng.normal(0, 0.08) for s in schools]
    )
    order = list(np.argsort(-priority, kind="stable"))  # served first .. last
    employers = [str(rng.choice(_EMPLOYERS, p=_EMPLOYER_SHARES)) for _ in schools]
    result: dict[int, list[Post]] = {}
    for t in TARGETS:
        served = order[: t.schools]
        weights = np.array(
            [
                math.sqrt(schools[i].pupils(t.start)) * (0.6 + schools[i].district.social_index)
                for i in served
            ]
        )
        # Persons: one per school, the extra persons at the schools with the largest weight.
        staff = np.ones(len(served), dtype=int)
        for j in np.argsort(-weights, kind="stable")[: t.staff - t.schools]:
            staff[j] += 1
        fte = _allocate(weights, staff, t.fte)
        # Fixed-term FTE: the most recently served schools first.
        fixed = np.zeros(len(served))
        remaining = round(t.fixed_term / _UNIT)
        for j in reversed(range(len(served))):
            take = min(remaining, round(fte[j] / _UNIT))
            fixed[j] = take * _UNIT
            remaining -= take
            if remaining == 0:
                break
        by_school = {i: j for j, i in enumerate(served)}
        posts = []
        for i, school in enumerate(schools):
            j = by_school.get(i)
            if j is None:
                posts.append(Post(school, 0.0, 0.0, None, 0, None, None))
                continue
            contacts = None if rng.random() < 0.15 else int(fte[j] * rng.uniform(180, 320))
            employer = employers[i] if staff[j] > 1 else employers[i].split("/")[0]
            posts.append(
                Post(
                    school,
                    round(float(fte[j]), 2),
                    round(float(fixed[j]), 2),
                    t.fixed_until if fixed[j] > 0 else None,
                    int(staff[j]),
                    employer,
                    contacts,
                )
            )
        result[t.start] = posts
    return result


# --- files -----------------------------------------------------------------------------------

# One layout per school year: school-year spelling, file format, date style and header quirks.
_LAYOUTS: dict[int, dict] = {
    2013: {"year": "2013/14", "date": "excel"},
    2014: {"year": "2014/2015", "format": "csv-cp1252", "date": "text", "pupils": "thousands"},
    2015: {
        "year": "15/16",
        "date": "iso",
        "spelling": {"fte": "Stellen\n(VZÄ)", "fte_fixed_term": "davon befristet\n(VZÄ)"},
    },
    2016: {"date": "excel", "extra": True, "total": "Gesamt"},
    2017: {
        "date": "text",
        "fte": "comma",
        "spelling": {"fte_fixed_term": "davon  befristet (VZÄ)"},
    },
    2018: {"format": "csv-utf8-bom", "date": "iso"},
    2019: {"date": "excel", "order": True},
    2020: {"date": "excel", "spelling": {"school_number": "Schul-Nr:", "all_day": "Ganztag:"}},
    2021: {
        "date": "text",
        "blank_every": 15,
        "spelling": {"school_name": "SCHULNAME", "staff": "fachkräfte"},
    },
    2022: {"date": "excel", "pupils": "thousands"},
    2023: {"date": "iso"},
    2024: {"date": "excel", "total": "Summe"},
}
_ORDER = [
    "school_number", "school_name", "school_form", "district_number", "school_year", "all_day",
    "pupils", "staff", "fte", "fte_fixed_term", "fixed_term_until", "employers",
    "counselling_contacts",
]  # fmt: skip


def keys(world: World) -> list[int]:
    return list(world.posts)


def write(out_dir: Path, world: World, start: int) -> dict:
    """One school year, one row per school (FTE 0 where there is no school social work)."""
    posts = world.posts[start]
    layout = _LAYOUTS[start]
    fmt = layout.get("format", "xlsx")
    comma = fmt != "xlsx" or layout.get("fte") == "comma"
    year_label = layout.get("year", school_year(start))

    def fte_value(x: float) -> object:
        return decimal_text(x, 2) if comma else x

    def pupils_value(n: int) -> object:
        return thousands_text(n) if layout.get("pupils") == "thousands" else n

    columns = {
        "school_year": [year_label] * len(posts),
        "school_number": [p.school.number for p in posts],
        "school_name": [p.school.name for p in posts],
        "school_form": [p.school.form for p in posts],
        "district_number": [p.school.district.number for p in posts],
        "pupils": [pupils_value(p.school.pupils(start)) for p in posts],
        "fte": [fte_value(p.fte) for p in posts],
        "fte_fixed_term": [fte_value(p.fixed_term) for p in posts],
        "fixed_term_until": [format_date(p.fixed_until, layout["date"]) for p in posts],
        "staff": [p.staff for p in posts],
        "employers": [p.employers for p in posts],
        "all_day": [p.school.all_day for p in posts],
        "counselling_contacts": [p.contacts for p in posts],
    }
    variations = [DATE_TAGS[layout["date"]]]
    if year_label != school_year(start):
        variations.append("school-year-spelling")
    if layout.get("pupils") == "thousands":
        variations += ["numbers-as-text", "thousands-separator"]
    if comma:
        variations += ["numbers-as-text", "decimal-comma"]
    extra = None
    if layout.get("extra"):
        extra = {"Bemerkung": ["Stelle neu besetzt" if p.fixed_term > 0 else None for p in posts]}
    total = None
    if layout.get("total"):
        total = {
            "school_year": layout["total"],
            "pupils": sum(p.school.pupils(start) for p in posts),
            "fte": fte_value(round(sum(p.fte for p in posts), 2)),
            "fte_fixed_term": fte_value(round(sum(p.fixed_term for p in posts), 2)),
            "staff": sum(p.staff for p in posts),
        }
    blank_every = layout.get("blank_every")
    sheet = make_sheet(
        "Schulsozialarbeit",
        [
            title_line(world.seed),
            f"Schulsozialarbeit an Herner Schulen, Schuljahr {school_year(start)}",
        ],
        columns,
        contract=declared.COLUMNS,
        order=_ORDER if layout.get("order") else None,
        spelling=layout.get("spelling"),
        extra=extra,
        blank_after=range(blank_every - 1, len(posts), blank_every) if blank_every else (),
        total=total,
        variations=variations,
    )
    name = save(
        out_dir,
        f"{FILE_PREFIX}schulsozialarbeit_{start}-{(start + 1) % 100:02d}",
        [sheet],
        fmt,
        f"Schulsozialarbeit {school_year(start)} (synthetisch)",
    )
    return entry(SOURCE, name, sheet, school_year(start))
