"""Population by statistical district, age and sex at 31.12. of 2013-2024 (Herne-sized).

A cohort model keeps the years consistent (a 3-year-old of 2019 is a 4-year-old of 2020): births by
year shape the pyramid (baby boom, low 1990s/2000s, about 1,450 births a year in the 2010s), a
Gompertz mortality thins the old, and deprived districts are a little younger. City totals follow
domain.md (about 156,000-157,000 in 2020-2022, slightly more before). The population never
scales with `scale`: it is the denominator for coverage, so at scale > 1 coverage exceeds 100 %.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from etl.sources import population as declared
from etl.synthetic.common import DATE_TAGS, FILE_PREFIX, format_date, rng_for, title_line
from etl.synthetic.geography import DISTRICTS, SMALL_DISTRICT, District
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

SOURCE = declared.SOURCE

YEARS = tuple(range(2013, 2025))
MAX_AGE = 110
AGES = np.arange(MAX_AGE + 1)
CITY_TOTAL = {
    2013: 157_600,
    2014: 157_200,
    2015: 156_900,
    2016: 156_700,
    2017: 156_500,
    2018: 156_400,
    2019: 156_450,
    2020: 156_300,
    2021: 156_200,
    2022: 156_900,
    2023: 156_800,
    2024: 156_600,
}
# Relative births by birth year (German pattern), linearly interpolated.
_BIRTH_ANCHORS = (
    (1900, 1.05),
    (1915, 0.80),
    (1920, 1.25),
    (1933, 0.95),
    (1939, 1.25),
    (1945, 0.85),
    (1950, 1.05),
    (1964, 1.35),
    (1975, 0.80),
    (1990, 0.82),
    (1995, 0.70),
    (2005, 0.62),
    (2011, 0.60),
    (2016, 0.635),
    (2018, 0.64),
    (2021, 0.635),
    (2024, 0.61),
)


def _births(birth_year: np.ndarray) -> np.ndarray:
    xs, ys = zip(*_BIRTH_ANCHORS, strict=True)
    return np.interp(birth_year, xs, ys)


def _survival(male: bool) -> np.ndarray:
    """Share surviving to each age (Gompertz hazard, men's hazard higher)."""
    hazard = 0.0003 + 0.00002 * np.exp(0.097 * AGES)
    if male:
        hazard = hazard * 1.55
    return np.exp(-np.cumsum(np.minimum(hazard, 1.0)))


def _migration(ages: np.ndarray) -> np.ndarray:
    """Young adults are over-represented in a Ruhr city (students, immigration)."""
    return 1.0 + 0.12 * np.exp(-(((ages - 27) / 8.0) ** 2))


def _district_age_profile(social_index: float) -> np.ndarray:
    """Deprived districts have more children and fewer old people."""
    tilt = np.select(
        [AGES < 18, AGES < 30, AGES < 50, AGES < 65],
        [1.0, 0.6, 0.1, -0.3],
        default=-0.8,
    )
    return np.clip(1.0 + 0.9 * (social_index - 0.45) * tilt, 0.2, None)


def expected_residents(district: District, ages: range) -> float:
    """Expected residents of the given ages (no randomness): for placing Kitas and schools."""
    profile = _district_age_profile(district.social_index)
    return (
        district.population_2019
        * profile[ages.start : ages.stop].mean()
        * len(ages)
        / (MAX_AGE + 1)
    )


@dataclass
class PopulationModel:
    """counts[year index, district index, age, sex] with sex 0 = m, 1 = w; plus a few "d"."""

    counts: np.ndarray
    diverse: dict[int, list[tuple[str, int, int]]]  # year -> (district, age, count)

    def children(self, year: int, ages: range) -> np.ndarray:
        """Persons of the given ages per district (both sexes) at 31.12. of `year`."""
        y = YEARS.index(min(max(year, YEARS[0]), YEARS[-1]))
        return self.counts[y, :, ages.start : ages.stop, :].sum(axis=(1, 2))

    def total(self, year: int) -> int:
        return int(self.counts[YEARS.index(year)].sum()) + sum(c for *_, c in self.diverse[year])


def build_model(seed: int) -> PopulationModel:
    rng = rng_for(seed, "population")
    weights = np.array([d.population_2019 for d in DISTRICTS], dtype=float)
    shares = weights / weights.sum()
    survival = np.stack([_survival(True), _survival(False)], axis=1)  # age x sex
    sex_ratio = np.array([1.05, 1.0]) / 2.05
    profiles = np.stack([_district_age_profile(d.social_index) for d in DISTRICTS])
    counts = np.zeros((len(YEARS), len(DISTRICTS), MAX_AGE + 1, 2), dtype=np.int64)
    first_birth_year = YEARS[0] - MAX_AGE
    cohort_noise = rng.lognormal(
        -0.0032, 0.08, (len(DISTRICTS), YEARS[-1] - first_birth_year + 1, 2)
    )
    for y, year in enumerate(YEARS):
        city = _births(year - AGES)[:, None] * survival * sex_ratio * _migration(AGES)[:, None]
        city = city / city.sum()
        expected = city[None, :, :] * profiles[:, :, None]
        expected = expected / expected.sum(axis=(1, 2), keepdims=True)
        expected = expected * (shares * CITY_TOTAL[year])[:, None, None]
        # A persistent factor per district, birth cohort and sex keeps the years consistent
        # (the 3-year-olds of one year are the 4-year-olds of the next); stochastic rounding.
        born = year - AGES
        factor = cohort_noise[:, born - first_birth_year, :]
        counts[y] = np.floor(expected * factor + rng.random(expected.shape)).astype(np.int64)
    # "d" (divers) exists since 2019 in the register: a handful of rows with count 1 or 2.
    candidates = [d.number for d in DISTRICTS if d.number != SMALL_DISTRICT]
    diverse: dict[int, list[tuple[str, int, int]]] = {}
    for year in YEARS:
        rows: dict[tuple[str, int], int] = {}
        if year >= 2019:
            for _ in range(int(rng.integers(3, 7))):
                key = (str(rng.choice(candidates)), int(rng.integers(16, 46)))
                rows[key] = rows.get(key, 0) + int(rng.integers(1, 3))
        diverse[year] = sorted((d, a, c) for (d, a), c in rows.items())
    return PopulationModel(counts, diverse)


# --- files -----------------------------------------------------------------------------------

# One layout per Stichtag, so that every tolerated variation occurs somewhere.
_LAYOUTS: dict[int, dict] = {
    2013: {"format": "csv-utf8-bom", "date": "text"},
    2014: {"date": "excel", "total": "Summe"},
    2015: {"date": "iso", "spelling": {"reference_date": "Stichtag:"}},
    2016: {
        "date": "excel",
        "order": ["district_number", "sex", "age", "count", "reference_date", "Bemerkung"],
        "extra": "Bemerkung",
    },
    2017: {"date": "text", "text_numbers": True, "blank_every": 1500},
    2018: {"format": "csv-cp1252", "date": "text", "total": "Gesamt"},
    2019: {"date": "excel", "spelling": {"age": "ALTER", "sex": "geschlecht"}},
    2020: {"date": "excel", "spelling": {"count": " Anzahl ", "district_number": "Bezirk-Nr  "}},
    2021: {"date": "excel", "total": "Summe"},
    2022: {"date": "iso", "order": ["district_number", "age", "sex", "count", "reference_date"]},
    2023: {"date": "excel"},
    2024: {"format": "csv-utf8", "date": "iso", "blank_every": 2500},
}


def keys(world: World) -> list[int]:
    return list(YEARS)


def write(out_dir: Path, world: World, year: int) -> dict:
    """One Stichtag: rows per district, age and sex with a count > 0."""
    model = world.population
    y = YEARS.index(year)
    layout = _LAYOUTS[year]
    stichtag = dt.date(year, 12, 31)
    rows: list[tuple[str, int, str, int]] = []
    diverse = {(d, a): c for d, a, c in model.diverse[year]}
    for i, district in enumerate(DISTRICTS):
        for age in range(MAX_AGE + 1):
            for s, sex in enumerate(("m", "w")):
                n = int(model.counts[y, i, age, s])
                if n:
                    rows.append((district.number, age, sex, n))
            if (district.number, age) in diverse:
                rows.append((district.number, age, "d", diverse[(district.number, age)]))
    text_numbers = layout.get("text_numbers", False)
    columns = {
        "reference_date": [format_date(stichtag, layout["date"])] * len(rows),
        "district_number": [r[0] for r in rows],
        "age": [str(r[1]) if text_numbers else r[1] for r in rows],
        "sex": [r[2] for r in rows],
        "count": [str(r[3]) if text_numbers else r[3] for r in rows],
    }
    variations = [DATE_TAGS[layout["date"]]] + (["numbers-as-text"] if text_numbers else [])
    extra = {layout["extra"]: ["Fortschreibung"] * len(rows)} if layout.get("extra") else None
    total = None
    if layout.get("total"):
        total = {"reference_date": layout["total"], "count": sum(r[3] for r in rows)}
    blank_every = layout.get("blank_every")
    sheet = make_sheet(
        "Bevölkerung",
        [
            title_line(world.seed),
            f"Einwohner mit Hauptwohnsitz am {stichtag:%d.%m.%Y} nach Alter und Geschlecht",
        ],
        columns,
        contract=declared.COLUMNS,
        order=layout.get("order"),
        spelling=layout.get("spelling"),
        extra=extra,
        blank_after=range(blank_every - 1, len(rows), blank_every) if blank_every else (),
        total=total,
        variations=variations,
    )
    name = save(
        out_dir,
        f"{FILE_PREFIX}bevoelkerung_{stichtag.isoformat()}",
        [sheet],
        layout.get("format", "xlsx"),
        f"Bevölkerung {stichtag:%d.%m.%Y} (synthetisch)",
    )
    return entry(SOURCE, name, sheet, f"{stichtag:%d.%m.%Y}")
