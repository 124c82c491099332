"""KOMPIK annual exports 2016-2024: one row per observed child, 11 areas with mean and norm group.

About 70 % of the 3-5-year-olds (by residence) are observed each year at scale 1 and about 90 % of
the Kitas listed at the time deliver (domain.md). Children attend Kitas near home. Norm groups are
deciles of a latent development score: roughly uniform city-wide, but lower in deprived districts
and, for language above all, for children whose family language is not German; a mild
improvement over the years. The area mean follows the same latent score, so mean and norm group
agree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from etl.instruments import KOMPIK_AREAS
from etl.sources import kompik as declared
from etl.synthetic.children import german_at_home_share
from etl.synthetic.common import (
    DATE_TAGS,
    FILE_PREFIX,
    decimal_text,
    format_date,
    format_yes_no,
    rng_for,
    scaled,
    title_line,
)
from etl.synthetic.geography import DISTRICT_BY_NUMBER, DISTRICTS, proximity
from etl.synthetic.kitas import Kita, listed
from etl.synthetic.population import PopulationModel
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

SOURCE = declared.SOURCE

YEARS = tuple(range(2016, 2025))
COVERAGE = 0.70  # share of the 3-5-year-olds observed per year
DELIVERING = 0.90  # share of listed Kitas that deliver in a year
# Area effects: (social gradient, non-German family language, girls minus boys)
_EFFECTS = {
    "motor": (0.30, 0.10, -0.10),
    "social": (0.50, 0.15, 0.15),
    "emotional": (0.50, 0.15, 0.15),
    "motivation": (0.45, 0.15, 0.05),
    "language": (1.00, 0.90, 0.15),
    "maths": (0.60, 0.30, 0.00),
    "science": (0.50, 0.20, 0.00),
    "arts": (0.35, 0.10, 0.15),
    "music": (0.35, 0.10, 0.10),
    "health": (0.50, 0.15, 0.05),
    "wellbeing": (0.40, 0.15, 0.05),
}
_DECILE_CUTS = np.array([-1.2816, -0.8416, -0.5244, -0.2533, 0.0, 0.2533, 0.5244, 0.8416, 1.2816])
_COMMON = 0.55  # loading of the child's general development on every area


HEADER = {column.name: column.header for column in declared.COLUMNS}


def _observations(
    rng: np.random.Generator,
    year: int,
    kitas: list[Kita],
    population: PopulationModel,
    scale: float,
):
    """Vectorised draw of one year's children; returns a dict of numpy arrays (one per field)."""
    listed_kitas = listed(kitas, dt.date(year, 6, 1))
    n_deliver = round(DELIVERING * len(listed_kitas))
    deliver_idx = np.sort(rng.choice(len(listed_kitas), size=n_deliver, replace=False))
    delivering = [listed_kitas[i] for i in deliver_idx]
    residents = population.children(year - 1, range(3, 6)).astype(float)
    n = scaled(COVERAGE * residents.sum(), scale, minimum=1)
    home = rng.choice(len(DISTRICTS), size=n, p=residents / residents.sum())
    kita_district = [DISTRICTS.index(DISTRICT_BY_NUMBER[k.district]) for k in delivering]
    # Kitas in their opening year observe only a few children: small numbers for the KECK rule.
    places = np.array(
        [k.places * (0.1 if k.opened and k.opened.year == year else 1.0) for k in delivering]
    )
    kita = np.empty(n, dtype=int)
    for d in range(len(DISTRICTS)):
        members = np.nonzero(home == d)[0]
        if len(members):
            w = places * np.array([proximity(DISTRICTS[d], DISTRICTS[j]) for j in kita_district])
            kita[members] = rng.choice(len(delivering), size=len(members), p=w / w.sum())
    social = np.array([DISTRICTS[d].social_index for d in home])
    # Age in months at the observation: 42-72 normally, a few outside (warnings, never errors).
    age = rng.integers(42, 73, size=n)
    odd = rng.random(n) < 0.005
    age[odd] = rng.choice(np.r_[37:41, 74:84], size=int(odd.sum()))
    start, end = dt.date(year, 3, 1).toordinal(), dt.date(year, 11, 30).toordinal()
    kita_day = rng.integers(start + 14, end - 14, size=len(delivering))
    day = np.clip(kita_day[kita] + rng.integers(-20, 21, size=n), start, end)
    sex = rng.choice(np.array(["m", "w", "d"]), size=n, p=[0.51, 0.487, 0.003])
    german = rng.random(n) < german_at_home_share(social, year)  # as at school entry
    general = rng.normal(size=n)
    areas = {}
    for area in KOMPIK_AREAS:
        beta, gamma, girls = _EFFECTS[area.key]
        shift = (
            -beta * (social - 0.5)
            - gamma * ((~german) - 0.3)
            + 0.025 * (year - 2020)
            + np.where(sex == "w", girls / 2, -girls / 2)
        )
        z = _COMMON * general + np.sqrt(1 - _COMMON**2) * rng.normal(size=n) + shift
        norm = 1 + np.searchsorted(_DECILE_CUTS, z / np.sqrt(1 + 0.05 * beta + 0.2 * gamma**2))
        mean = np.clip(3.0 + 0.55 * z + 0.012 * (age - 57) + rng.normal(0, 0.06, size=n), 1.0, 5.0)
        areas[area.key] = (np.round(mean, 2), norm)
    # About 1 % of the children lack 1-3 areas (not observed); never all of them.
    missing = np.zeros((n, len(KOMPIK_AREAS)), dtype=bool)
    for i in np.nonzero(rng.random(n) < 0.01)[0]:
        gone = rng.choice(len(KOMPIK_AREAS), size=int(rng.integers(1, 4)), replace=False)
        missing[i, gone] = True
    # Kind-ID: a pseudonym with a leading zero, unique within the Kita.
    child_id = np.empty(n, dtype=object)
    for k in np.unique(kita):
        members = np.nonzero(kita == k)[0]
        child_id[members] = [
            f"{x:07d}" for x in rng.choice(1_000_000, size=len(members), replace=False)
        ]
    no_home = rng.random(n) < 0.02
    no_language = rng.random(n) < 0.01
    order = np.lexsort((child_id.astype(str), day, kita))
    return {
        "kita": np.array([delivering[k].number for k in kita], dtype=object)[order],
        "child_id": child_id[order],
        "age": age[order],
        "day": day[order],
        "sex": sex[order],
        "home": np.array([DISTRICTS[d].number for d in home], dtype=object)[order],
        "no_home": no_home[order],
        "german": german[order],
        "no_language": no_language[order],
        "areas": {k: (m[order], g[order]) for k, (m, g) in areas.items()},
        "missing": missing[order],
    }


def _birth_month(day: dt.date, age_months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - age_months
    return index // 12, index % 12 + 1


# Per year: date style, yes/no spelling and layout quirks (every tolerated variation once).
_LAYOUTS: dict[int, dict] = {
    2016: {"date": "excel", "yes_no": "ja/nein"},
    2017: {"date": "text", "yes_no": "ja/nein", "means": "comma", "norms": "text"},
    2018: {"date": "iso", "yes_no": "j/n", "linebreak": True},
    2019: {"format": "csv-utf8-bom", "date": "text", "yes_no": "1/0"},
    2020: {"date": "excel", "yes_no": "ja/nein", "order": True, "extra": True},
    2021: {"date": "excel", "yes_no": "true/false", "birth": "excel"},
    2022: {
        "date": "excel",
        "yes_no": "Ja/Nein",
        "blank_every": 400,
        "spelling": {"kita_number": "KITA-NR", "district_number": "Wohnort  Bezirk-Nr"},
    },
    2023: {
        "date": "iso",
        "yes_no": "ja/nein",
        "spelling": {"sex": "Geschlecht:", "child_id": "Kind-ID:"},
    },
    2024: {"date": "excel", "yes_no": "ja/nein", "language_missing": "k.A."},
}


def keys(world: World) -> list[int]:
    return list(YEARS)


def write(out_dir: Path, world: World, year: int) -> dict:
    """One calendar year of observations, all delivering Kitas in one export."""
    obs = _observations(
        rng_for(world.seed, f"kompik:{year}"), year, world.kitas, world.population, world.scale
    )
    layout = _LAYOUTS[year]
    fmt = layout.get("format", "xlsx")
    n = len(obs["kita"])
    days = [dt.date.fromordinal(int(d)) for d in obs["day"]]
    births = [_birth_month(d, int(a)) for d, a in zip(days, obs["age"], strict=True)]
    if layout.get("birth") == "excel":
        birth_col: list[object] = [dt.date(y, m, 1) for y, m in births]
    else:
        birth_col = [f"{m:02d}.{y}" for y, m in births]
    missing_language = layout.get("language_missing")
    columns: dict[str, list[object]] = {
        "kita_number": list(obs["kita"]),
        "child_id": list(obs["child_id"]),
        "birth_month": birth_col,
        "sex": obs["sex"].tolist(),
        "district_number": [
            None if x else h for h, x in zip(obs["home"], obs["no_home"], strict=True)
        ],
        "observed_on": [format_date(d, layout["date"]) for d in days],
        "german_at_home": [
            format_yes_no(None if x else bool(g), layout["yes_no"], missing_language)
            for g, x in zip(obs["german"], obs["no_language"], strict=True)
        ],
    }
    comma = layout.get("means") == "comma" or fmt != "xlsx"
    norms_as_text = layout.get("norms") == "text"
    for a, area in enumerate(KOMPIK_AREAS):
        means, norms = obs["areas"][area.key]
        gone = obs["missing"][:, a].tolist()
        columns[f"mean_{area.key}"] = [
            None if g else (decimal_text(m, 2) if comma else m)
            for m, g in zip(means.tolist(), gone, strict=True)
        ]
        columns[f"norm_{area.key}"] = [
            None if g else (str(v) if norms_as_text else v)
            for v, g in zip(norms.tolist(), gone, strict=True)
        ]
    variations = [DATE_TAGS[layout["date"]], f"yes-no:{layout['yes_no']}"]
    if comma:
        variations += ["numbers-as-text", "decimal-comma"]
    if norms_as_text:
        variations.append("numbers-as-text")
    if layout.get("birth") == "excel":
        variations.append("birth-month-date")
    if missing_language:
        variations.append(f"missing:{missing_language}")
    spelling = dict(layout.get("spelling", {}))
    if layout.get("linebreak"):
        spelling.update({c: HEADER[c].replace(" ", "\n", 1) for c in declared.AREA_NAMES[:4]})
        spelling["german_at_home"] = HEADER["german_at_home"].replace(" ", "\n")
    extra = order = None
    if layout.get("extra"):
        extra = {"Gruppe": [f"Gruppe {'ABCD'[int(x) % 4]}" for x in obs["age"]]}
    if layout.get("order"):
        base = list(HEADER)
        areas = declared.AREA_NAMES
        order = [base[1], base[0], "Gruppe", base[5], *base[2:5], base[6], *areas[::-1]]
    blank_every = layout.get("blank_every")
    sheet = make_sheet(
        "KOMPIK",
        [title_line(world.seed), f"KOMPIK-Jahresexport {year}, alle Kitas"],
        columns,
        contract=declared.COLUMNS,
        order=order,
        spelling=spelling,
        extra=extra,
        blank_after=range(blank_every - 1, n, blank_every) if blank_every else (),
        variations=list(dict.fromkeys(variations)),
    )
    name = save(
        out_dir, f"{FILE_PREFIX}kompik_{year}", [sheet], fmt, f"KOMPIK {year} (synthetisch)"
    )
    return entry(SOURCE, name, sheet, str(year))
