"""UWE survey waves 2017-2023 (biennial): one row per questionnaire; grades 7, 9 (4 from 2021).

Answers come from a few latent traits per pupil (well-being, adult support, peers, nutrition and
sleep, activities, school climate) turned into 1-5 items. The trait centres were tuned (see
`calibrate`) so that the 2017 wave, grades 7+9 at city level, reproduces Herne's published
figures (well-being high 16 %, medium 31 %, low 53 %; peers 87 %, activities 70 %, nutrition and
sleep 53 %, school experiences 52 %, supportive adults 26 %) under the rules in `checks`. Later
waves get trends (pandemic dip in 2021, partial recovery 2023), districts a social gradient,
grade 9 is a bit worse than grade 7 and girls in grade 9 less optimistic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from etl.instruments import UWE_ITEMS, UWE_SCALES
from etl.sources import uwe as declared
from etl.synthetic.common import FILE_PREFIX, rng_for, title_line
from etl.synthetic.geography import DISTRICTS, proximity
from etl.synthetic.population import PopulationModel
from etl.synthetic.schools import School
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

SOURCE = declared.SOURCE

WAVES = (2017, 2019, 2021, 2023)
PARTICIPATION = 0.70
SECONDARY_FORMS = ("Hauptschule", "Realschule", "Gymnasium", "Gesamtschule")

# Centres of the latent traits, tuned with `calibrate()` on 200,000 simulated 2017 questionnaires
# (sampled like the real waves: schools, residences, grades 7 and 9).
CENTRES = {
    "wellbeing": 3.408,
    "spread": 0.736,
    "adults": 3.459,
    "peers": 4.707,
    "breakfast": 5.7,
    "activity": -0.615,
    "school": 3.9,
}
# Wave effects on the traits (2017 = 0): pandemic dip in 2021, partial recovery in 2023.
_WAVE = {
    2017: {},
    2019: {"wellbeing": 0.03, "adults": 0.02, "activity": 0.05},
    2021: {
        "wellbeing": -0.32,
        "adults": -0.08,
        "peers": -0.25,
        "breakfast": -0.10,
        "activity": -0.60,
        "school": -0.20,
    },
    2023: {"wellbeing": -0.18, "adults": -0.04, "peers": -0.10, "activity": -0.20, "school": -0.10},
}
# Grade effects (grades 7 and 9 symmetric, so the 2017 mix keeps the calibrated centre).
_GRADE = {4: 0.55, 7: 0.12, 9: -0.12}
# Social gradient of each trait (per unit of the residence's social index).
_GRADIENT = {
    "wellbeing": 0.8,
    "adults": 0.6,
    "peers": 0.35,
    "breakfast": 0.9,
    "activity": 1.2,
    "school": 0.35,
}


@dataclass
class Respondents:
    """Who answered: one entry per questionnaire."""

    year: int
    grade: np.ndarray
    sex: np.ndarray  # "m", "w", "d" or "" (not answered)
    social: np.ndarray  # social index of the residence


def _likert(
    rng: np.random.Generator, centre: np.ndarray, noise: float, low: int = 1, high: int = 5
) -> np.ndarray:
    return np.clip(np.rint(centre + rng.normal(0.0, noise, size=centre.shape)), low, high)


def answers(
    rng: np.random.Generator, who: Respondents, centres: dict[str, float] = CENTRES
) -> dict[str, np.ndarray]:
    """Item answers (floats, complete) for the respondents; missing answers are added later."""
    n = len(who.grade)
    wave = _WAVE[who.year]
    grade = np.array([_GRADE[g] for g in who.grade])
    girls9 = (who.sex == "w") & (who.grade == 9)
    centred = who.social - 0.5

    def trait(
        name: str, wellbeing_loading: float, wellbeing: np.ndarray | None = None
    ) -> np.ndarray:
        own = rng.normal(size=n)
        base = (
            own
            if wellbeing is None
            else wellbeing_loading * wellbeing + np.sqrt(1 - wellbeing_loading**2) * own
        )
        return base + wave.get(name, 0.0) - _GRADIENT[name] * centred

    wellbeing = trait("wellbeing", 0.0) + grade - 0.10 * girls9
    out: dict[str, np.ndarray] = {}
    spread = centres["spread"]
    for scale, extra in (
        ("optimism", -0.35 * girls9),
        ("self_esteem", 0.0),
        ("happiness", 0.05),
        ("sadness", 0.0),
    ):
        latent = 0.8 * wellbeing + 0.6 * rng.normal(size=n) + extra
        for item in UWE_SCALES[scale]:
            level = centres["wellbeing"] + spread * latent
            if scale == "sadness":
                level = 6.0 - level
            out[item] = _likert(rng, level, 0.55)
    health = 0.7 * wellbeing + 0.71 * rng.normal(size=n)
    out["GES1"] = _likert(rng, centres["wellbeing"] + 0.25 + spread * health, 0.4)
    adults = trait("adults", 0.45, wellbeing) + 0.5 * grade
    for scale, offset in (
        ("adults_school", 0.0),
        ("adults_home", 0.55),
        ("adults_neighbourhood", -0.45),
    ):
        sub = adults + 0.6 * rng.normal(size=n)
        for item in UWE_SCALES[scale]:
            out[item] = _likert(rng, centres["adults"] + offset + 0.7 * sub, 0.55)
    peers = trait("peers", 0.4, wellbeing)
    for scale in ("peer_belonging", "friendship"):
        sub = peers + 0.5 * rng.normal(size=n)
        for item in UWE_SCALES[scale]:
            out[item] = _likert(rng, centres["peers"] + 0.6 * sub, 0.5)
    nutrition = trait("breakfast", 0.3, wellbeing)
    out["FRUEH"] = _likert(rng, centres["breakfast"] + 2.6 * nutrition, 1.0, 0, 7)
    out["SCHLAF"] = _likert(rng, 4.1 + 0.5 * nutrition + 0.3 * wellbeing, 0.8)
    activity = trait("activity", 0.25, wellbeing)
    days = np.clip(
        np.rint(1.0 + 2.2 * (activity - centres["activity"]) + rng.normal(0, 0.7, size=n)), 1, 7
    )
    out["AKT"] = np.where(activity < centres["activity"], 0.0, days)
    school = trait("school", 0.5, wellbeing) + 0.6 * grade
    for item in UWE_SCALES["school_climate"]:
        out[item] = _likert(rng, centres["school"] + 0.75 * school, 0.55)
    return out


def add_missing(rng: np.random.Generator, items: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """About 2 % of single answers missing, and 1.5 % of questionnaires broken off part-way."""
    n = len(next(iter(items.values())))
    stop = np.where(rng.random(n) < 0.015, rng.integers(20, len(UWE_ITEMS), size=n), len(UWE_ITEMS))
    result = {}
    for position, name in enumerate(UWE_ITEMS):
        values = items[name].copy()
        values[(rng.random(n) < 0.02) | (position >= stop)] = np.nan
        result[name] = values
    return result


def calibrate(n: int = 200_000, seed: int = 1) -> dict[str, float]:
    """Re-tune CENTRES so that a 2017 grade 7+9 sample hits the published Herne figures.

    Run by hand after changing the model and paste the result into CENTRES.
    """
    from etl.synthetic.checks import uwe_figures
    from etl.synthetic.world import build_world

    rng = np.random.default_rng(seed)
    world = build_world(2017, 1.0)
    scale = n / 2_000  # about 2,000 questionnaires at scale 1
    _, grades, homes = _sample(rng, 2017, world.schools, world.population, scale)
    who = Respondents(
        2017,
        grades,
        rng.choice(np.array(["m", "w", "d", ""]), size=len(grades), p=[0.49, 0.49, 0.01, 0.01]),
        np.array([DISTRICTS[d].social_index for d in homes]),
    )
    centres = dict(CENTRES)

    def figures() -> dict[str, float]:
        sim = np.random.default_rng(seed + 1)
        return uwe_figures(pd.DataFrame(add_missing(sim, answers(sim, who, centres))))

    def solve(
        key: str, figure: str, target: float, low: float, high: float, rising: bool = True
    ) -> None:
        for _ in range(14):
            centres[key] = (low + high) / 2
            value = figures()[figure]
            if (value < target) == rising:
                low = centres[key]
            else:
                high = centres[key]

    low, high = 0.4, 2.0
    for _ in range(10):  # at a fixed "low" share, more spread gives more "high"
        centres["spread"] = (low + high) / 2
        solve("wellbeing", "wellbeing_low", 0.53, 2.0, 5.0, rising=False)
        if figures()["wellbeing_high"] < 0.16:
            low = centres["spread"]
        else:
            high = centres["spread"]
    solve("adults", "supportive_adults", 0.26, 2.0, 5.0)
    solve("peers", "peers", 0.87, 2.5, 6.0)
    solve("breakfast", "nutrition_sleep", 0.53, 2.0, 9.0)
    solve("activity", "activities", 0.70, -3.0, 1.0, rising=False)
    solve("school", "school_experiences", 0.52, 2.0, 5.0)
    return {k: round(v, 3) for k, v in centres.items()}


# --- files -----------------------------------------------------------------------------------

_LAYOUTS: dict[int, dict] = {
    2017: {"missing": "99"},
    2019: {
        "missing": "empty",
        "extra": True,
        "spelling": {"district_number": "Wohnort\nBezirk-Nr"},
    },
    2021: {"missing": "mixed", "format": "csv-utf8", "order": True},
    2023: {
        "missing": "empty",
        "text_numbers": True,
        "blank_every": 700,
        "spelling": {"grade": "Jahrgang:"},
    },
}


def _sample(
    rng: np.random.Generator,
    year: int,
    schools: list[School],
    population: PopulationModel,
    scale: float,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Questionnaires per school and grade: returns school numbers, grades and residences."""
    grades = (7, 9) + ((4,) if year >= 2021 else ())
    school_numbers: list[str] = []
    grade_list: list[int] = []
    homes: list[np.ndarray] = []
    for school in schools:
        if school.form in SECONDARY_FORMS:
            taught = [g for g in grades if g != 4]
            children = population.children(year - 1, range(10, 16)).astype(float)
        elif school.form == "Grundschule":
            taught = [g for g in grades if g == 4]
            children = population.children(year - 1, range(6, 10)).astype(float)
        else:
            continue
        social = np.array([d.social_index for d in DISTRICTS])
        weights = children * np.array([proximity(d, school.district) for d in DISTRICTS])
        if school.form == "Gymnasium":
            weights = weights * (1.25 - social)
        elif school.form == "Hauptschule":
            weights = weights * (0.5 + social)
        for grade in taught:
            participation = PARTICIPATION + rng.uniform(-0.15, 0.15)
            n = round(school.grade_size(year) * participation * scale)
            school_numbers += [school.number] * n
            grade_list += [grade] * n
            homes.append(rng.choice(len(DISTRICTS), size=n, p=weights / weights.sum()))
    return school_numbers, np.array(grade_list, dtype=int), np.concatenate(homes)


def keys(world: World) -> list[int]:
    return list(WAVES)


def write(out_dir: Path, world: World, year: int) -> dict:
    """One wave, all schools: grades 7 and 9, grade 4 from 2021."""
    rng = rng_for(world.seed, f"uwe:{year}")
    layout = _LAYOUTS[year]
    school_numbers, grades, homes = _sample(rng, year, world.schools, world.population, world.scale)
    n = len(grades)
    sex = rng.choice(np.array(["m", "w", "d", ""]), size=n, p=[0.49, 0.49, 0.01, 0.01])
    social = np.array([DISTRICTS[d].social_index for d in homes])
    items = add_missing(rng, answers(rng, Respondents(year, grades, sex, social)))
    no_home = rng.random(n) < 0.03
    code_99 = {"99": np.ones(n, bool), "empty": np.zeros(n, bool), "mixed": rng.random(n) < 0.5}[
        layout["missing"]
    ]
    as_text = layout.get("text_numbers", False)
    columns: dict[str, list[object]] = {
        "year": [str(year) if as_text else year] * n,
        "school_number": school_numbers,
        "grade": [str(g) if as_text else g for g in grades.tolist()],
        "sex": [s or None for s in sex.tolist()],
        "district_number": [
            None if x else DISTRICTS[d].number for d, x in zip(homes.tolist(), no_home, strict=True)
        ],
    }
    for item in UWE_ITEMS:
        values = items[item]
        missing = np.isnan(values)
        ints = np.where(missing, 0, values).astype(int).tolist()
        columns[item.lower()] = [
            (99 if c else None) if m else (str(v) if as_text else v)
            for v, m, c in zip(ints, missing.tolist(), code_99.tolist(), strict=True)
        ]
    variations = {
        "99": ["missing:99"],
        "empty": ["missing:empty"],
        "mixed": ["missing:99", "missing:empty"],
    }[layout["missing"]]
    if as_text:
        variations.append("numbers-as-text")
    extra = order = None
    if layout.get("extra"):
        letters = rng.choice(np.array(list("abcd")), size=n)
        extra = {
            "Klasse": [f"{g}{c}" for g, c in zip(grades.tolist(), letters.tolist(), strict=True)]
        }
    if layout.get("order"):
        order = [
            "school_number",
            "grade",
            "year",
            "district_number",
            "sex",
            *(column.name for column in declared.ITEM_COLUMNS),
        ]
    blank_every = layout.get("blank_every")
    sheet = make_sheet(
        "UWE",
        [title_line(world.seed), f"UWE-Befragung {year}, Rohdaten je Fragebogen"],
        columns,
        contract=declared.COLUMNS,
        order=order,
        spelling=layout.get("spelling"),
        extra=extra,
        blank_after=range(blank_every - 1, n, blank_every) if blank_every else (),
        variations=variations,
    )
    name = save(
        out_dir,
        f"{FILE_PREFIX}uwe_{year}",
        [sheet],
        layout.get("format", "xlsx"),
        f"UWE {year} (synthetisch)",
    )
    return entry(SOURCE, name, sheet, str(year))
