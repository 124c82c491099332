"""Ganztag und OGS per school, school years 2013/14 to 2024/25 (one row per general school).

The all-day form follows each school's "Ganztag" in the school social work files
(``schools.py``, the 2017 seed): a school "gebunden" there is "gebunden" here, or "teilgebunden"
(the bound Gymnasien and one Realschule, bound in some grades only); "offen" stays "offen"
(spelled "OGS" or "offen (OGS)" in some years); "keiner" stays "keiner". Pupils are the same as in
the school social work files. The Berufskollegs are not in the file (no all-day offer).

Calibrated at city level (sources in data/reference/all-day.md): the share of Grundschule pupils
in all-day care rises from about 38 % in 2013/14 to about 53 % in 2023/24, the NRW figures of
IT.NRW; Herne's own figure was not found, so the NRW level is used. Invented: the demand per
school (lower in districts with a high social index), the places (they lag behind demand more in
those districts, so waiting lists there are longer and participation lower: the social gradient
of KOMPIK and UWE), the bound share per form and the waiting lists themselves. Bound schools have
no waiting list. The waiting list is delivered from 2015/16 on and left out by a few schools.
Not scaled by ``scale`` (places are school data).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from etl.sources import all_day as declared
from etl.synthetic.common import FILE_PREFIX, rng_for, thousands_text, title_line
from etl.synthetic.school_social_work import school_year
from etl.synthetic.schools import School
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

SOURCE = declared.SOURCE
YEARS = tuple(range(2013, 2025))
WAITING_FROM = 2015  # the Warteliste column exists from 2015/16 on
# Bound schools that are bound in some grades only (school numbers are fixed: by name).
PARTLY_BOUND = ("Gymnasium", "Realschule Am Westring")
# Share of a bound school's pupils in all-day (the Sekundarstufe I of a Gesamtschule).
_BOUND_SHARE = {"Gesamtschule": 6 / 9}
_PARTLY_BOUND_SHARE = 0.4
# Grundschule pupils in all-day care, NRW (IT.NRW): 38.5 % in 2013/14, 52.7 % in 2023/24.
_NRW_FROM, _NRW_TO = (2013, 0.385), (2023, 0.527)
_OPEN_SPECIAL_SCHOOL = 0.35  # open all-day at a Förderschule: the share of pupils who want it
# Demand above the city line, so that participation (places lag behind) meets the line.
_LAG = 1.085


@dataclass(frozen=True)
class Row:
    school: School
    form: str  # gebunden, teilgebunden, offen, keiner
    pupils: int
    places: int
    participants: int
    waiting: int  # 0 where nobody waits


def form_of(school: School) -> str:
    """The form of the all-day file, consistent with the school social work file's Ganztag."""
    if school.all_day == "gebunden":
        partly = school.form in PARTLY_BOUND or school.name in PARTLY_BOUND
        return "teilgebunden" if partly else "gebunden"
    return school.all_day


def primary_demand(start: int) -> float:
    """The city's share of Grundschule pupils in all-day care (the NRW line, continued)."""
    (y0, v0), (y1, v1) = _NRW_FROM, _NRW_TO
    return v0 + (v1 - v0) * (start - y0) / (y1 - y0)


def rows(world: World, start: int) -> list[Row]:
    rng = rng_for(world.seed, f"{SOURCE}-{start}")
    result = []
    for school in world.schools:
        if school.form == "Berufskolleg":
            continue
        form = form_of(school)
        pupils = school.pupils(start)
        social = school.district.social_index
        if form in ("gebunden", "teilgebunden"):
            share = _PARTLY_BOUND_SHARE if form == "teilgebunden" else 1.0
            share = _BOUND_SHARE.get(school.form, 1.0) if form == "gebunden" else share
            places = participants = round(pupils * share)
            waiting = 0
        elif form == "offen":
            base = primary_demand(start) if school.form == "Grundschule" else _OPEN_SPECIAL_SCHOOL
            # Fewer families ask for a place where the social index is high, and the places
            # lag behind more there.
            demand = base * _LAG * (1.0 + 0.45 * (0.5 - social)) * rng.normal(1.0, 0.05)
            wanted = round(pupils * min(demand, 0.95))
            coverage = (1.07 - 0.22 * social) * rng.normal(1.0, 0.03)
            places = max(0, round(wanted * coverage / 5) * 5)  # places come in groups of 5
            participants = min(places, wanted)
            waiting = max(0, wanted - places)
        else:
            places = participants = waiting = 0
        result.append(Row(school, form, pupils, places, participants, waiting))
    return result


def primary_participation(found: list[Row]) -> float:
    """Share of Grundschule pupils taking part in all-day care (the calibration target)."""
    primary = [r for r in found if r.school.form == "Grundschule"]
    return sum(r.participants for r in primary) / sum(r.pupils for r in primary)


# --- files -----------------------------------------------------------------------------------

_LAYOUTS: dict[int, dict] = {
    2013: {"year": "13/14"},
    2014: {"format": "csv-cp1252", "open": "OGS"},
    2015: {"pupils": "thousands", "missing": "k.A."},
    2016: {"open": "offen (OGS)", "extra": True},
    2017: {
        "year": "2017/2018",
        "spelling": {"places": "Ganztagsplätze:", "pupils": " Schülerzahl"},
    },
    2018: {"format": "csv-utf8-bom", "open": "OGS", "missing": "-"},
    2019: {"order": True, "total": "Summe"},
    2020: {"spelling": {"form": "GANZTAGSFORM", "waiting_list": "Warteliste:"}},
    2021: {"open": "offen (OGS)", "blank_every": 12, "missing": "keine Angabe"},
    2022: {"pupils": "thousands"},
    2023: {"format": "csv-utf8", "total": "Gesamt"},
    2024: {"open": "OGS", "missing": ""},
}
_ORDER = [
    "school_number", "school_year", "form", "pupils", "places", "participants", "waiting_list",
]  # fmt: skip


def keys(world: World) -> list[int]:
    return list(YEARS)


def write(out_dir: Path, world: World, start: int) -> dict:
    """One school year, one row per general school."""
    found = rows(world, start)
    layout = _LAYOUTS[start]
    fmt = layout.get("format", "xlsx")
    label = layout.get("year", school_year(start))
    open_spelling = layout.get("open", "offen")
    thousands = layout.get("pupils") == "thousands"
    rng = rng_for(world.seed, f"{SOURCE}-{start}-layout")

    def pupils(n: int) -> object:
        return thousands_text(n) if thousands else n

    columns: dict[str, list] = {
        "school_year": [label] * len(found),
        "school_number": [r.school.number for r in found],
        "form": [open_spelling if r.form == "offen" else r.form for r in found],
        "pupils": [pupils(r.pupils) for r in found],
        "places": [r.places for r in found],
        "participants": [r.participants for r in found],
    }
    variations = []
    if label != school_year(start):
        variations.append("school-year-spelling")
    if open_spelling != "offen":
        variations.append("all-day-ogs")
    if thousands:
        variations += ["numbers-as-text", "thousands-separator"]
    if start >= WAITING_FROM:
        # A few open schools leave the waiting list out; schools without all-day have none.
        missing = layout.get("missing")
        gaps = rng.random(len(found)) < 0.1
        waiting: list[object] = []
        for r, gap in zip(found, gaps, strict=True):
            if r.form == "keiner" or (missing is not None and gap and r.form == "offen"):
                waiting.append(missing if missing is not None else None)
            else:
                waiting.append(r.waiting)
        columns["waiting_list"] = waiting
        if missing is not None:
            variations.append(f"missing:{missing or 'empty'}")
    extra = None
    if layout.get("extra"):
        extra = {"Schulform": [r.school.form for r in found]}
    total = None
    if layout.get("total"):
        total = {
            "school_year": layout["total"],
            "pupils": sum(r.pupils for r in found),
            "places": sum(r.places for r in found),
            "participants": sum(r.participants for r in found),
        }
    blank_every = layout.get("blank_every")
    order = [n for n in _ORDER if n in columns] if layout.get("order") else None
    sheet = make_sheet(
        "Ganztag",
        [
            title_line(world.seed),
            f"Ganztag und OGS an Herner Schulen, Schuljahr {school_year(start)}",
        ],
        columns,
        contract=declared.COLUMNS,
        order=order,
        spelling=layout.get("spelling"),
        extra=extra,
        blank_after=range(blank_every - 1, len(found), blank_every) if blank_every else (),
        total=total,
        variations=variations,
    )
    name = save(
        out_dir,
        f"{FILE_PREFIX}ganztag_{start}-{(start + 1) % 100:02d}",
        [sheet],
        fmt,
        f"Ganztag und OGS {school_year(start)} (synthetisch)",
    )
    return entry(SOURCE, name, sheet, school_year(start))
