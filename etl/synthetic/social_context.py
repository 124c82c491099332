"""Sozialstruktur per statistical district at 31.12. of 2013-2024, as the statistics office
sends it.

Residents under 15 and 15 to 64 are those of the synthetic population at the same Stichtag (the
office and the population file count the same register), so both sources agree exactly. The
other counts follow the social gradient of ``geography.py`` (the districts whose children do
worse in the KOMPIK and UWE samples have more SGB-II households, more unemployed, more
residents without German citizenship): per district and year a logistic rate
``a(year) + slope * (social index - mean) + a persistent district effect + yearly noise``, with
``a(year)`` solved so that the city level meets the target below, then a binomial draw.

City targets (sources in data/reference/social-context.md): SGB-II rate of children under 15
27-33 % (Bundesagentur für Arbeit, as quoted by the Herner Sozialforum and the Arbeitslosenreport
NRW); unemployed at 31.12. 7,700-10,100 (Agentur für Arbeit Herne, press); residents without
German citizenship 11 % (2013) rising to about 21 % (IT.NRW 2020/2021), further after 2022.
Years between the sourced ones are interpolated, arrivals from abroad and every district value
are invented. Counts of 1 or 2 are written as "•" (some years ".") as the office does; in the
tiny harbour district that happens to arrivals and, with its persistently low unemployment
(invented: mostly company housing), to the unemployed. Not scaled by ``scale``: these are
official counts of a Herne-sized city.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from etl.sources import social_context as declared
from etl.synthetic.common import (
    DATE_TAGS,
    FILE_PREFIX,
    format_date,
    rng_for,
    thousands_text,
    title_line,
)
from etl.synthetic.geography import DISTRICTS, SMALL_DISTRICT
from etl.synthetic.population import YEARS, PopulationModel
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

SOURCE = declared.SOURCE

# Children under 15 in SGB-II households, share at 31.12. (BA; 2015, 2017, 2021 quoted, the
# rest interpolated or approximate, see data/reference/social-context.md).
SGB2_UNDER_15 = {
    2013: 0.270,
    2014: 0.280,
    2015: 0.294,
    2016: 0.310,
    2017: 0.326,
    2018: 0.320,
    2019: 0.314,
    2020: 0.302,
    2021: 0.292,
    2022: 0.300,
    2023: 0.300,
    2024: 0.296,
}
# Registered unemployed in December (Agentur für Arbeit Herne: Dec 2014 9,699, Dec 2018 8,203,
# Dec 2019 7,701; 2022 annual mean 8,538; the rest approximate).
UNEMPLOYED = {
    2013: 10_100,
    2014: 9_700,
    2015: 9_600,
    2016: 9_500,
    2017: 8_900,
    2018: 8_200,
    2019: 7_700,
    2020: 9_000,
    2021: 8_500,
    2022: 8_600,
    2023: 8_900,
    2024: 9_400,
}
# Residents without German citizenship, share of all residents (IT.NRW: 31,580 in 2020 and
# 32,355 in 2021 of about 156,000; earlier years approximate, after 2021 invented).
FOREIGN = {
    2013: 0.110,
    2014: 0.120,
    2015: 0.145,
    2016: 0.160,
    2017: 0.168,
    2018: 0.176,
    2019: 0.186,
    2020: 0.202,
    2021: 0.207,
    2022: 0.225,
    2023: 0.230,
    2024: 0.234,
}
# Arrivals from abroad per resident in the year up to the Stichtag (invented level, with the
# refugee arrivals of 2015/16 and 2022).
ARRIVALS = {
    2013: 0.012,
    2014: 0.016,
    2015: 0.034,
    2016: 0.022,
    2017: 0.017,
    2018: 0.015,
    2019: 0.014,
    2020: 0.010,
    2021: 0.012,
    2022: 0.026,
    2023: 0.016,
    2024: 0.014,
}
# Slope of the logit per unit of the social index (0 = well-off, 1 = most deprived): SGB-II
# from about 5 % in the best-off to over 50 % in the most deprived districts.
SLOPES = {"sgb2": 4.5, "unemployed": 3.0, "foreign": 3.0, "arrivals": 2.5}
DISTRICT_SPREAD = 0.15  # persistent district effect (logit), beyond the social index
YEARLY_SPREAD = 0.05
# The harbour district: few residents, mostly in company housing, so few unemployed.
SMALL_DISTRICT_UNEMPLOYED = -1.6
SECRET_BELOW = 3  # the office suppresses counts 1 and 2

# One layout per Stichtag, so that the tolerated variations occur here too.
_LAYOUTS: dict[int, dict] = {
    2013: {"date": "excel", "secret": "•"},
    2014: {"format": "csv-cp1252", "date": "text", "secret": "•"},
    2015: {
        "date": "excel",
        "secret": ".",
        "spelling": {"under_15_sgb2": "davon in\nSGB-II-Bedarfsgemeinschaften"},
    },
    2016: {"date": "text", "secret": "•", "text_numbers": True},
    2017: {
        "date": "iso",
        "secret": "•",
        "order": [
            "district_number",
            "reference_date",
            "residents_15_64",
            "unemployed",
            "residents_under_15",
            "under_15_sgb2",
            "foreign_residents",
            "arrivals_from_abroad",
        ],
    },
    2018: {"date": "excel", "secret": ".", "extra": "Bemerkung"},
    2019: {"date": "excel", "secret": "•", "spelling": {"unemployed": "ARBEITSLOSE"}},
    2020: {"format": "csv-utf8-bom", "date": "text", "secret": "•"},
    2021: {"date": "excel", "secret": ".", "blank_every": 10},
    2022: {"date": "iso", "secret": "•", "spelling": {"residents_15_64": "Einwohner 15 bis 64:"}},
    2023: {"date": "excel", "secret": "•"},
    2024: {"format": "csv-utf8", "date": "iso", "secret": "."},
}


@dataclass(frozen=True)
class Stichtag:
    """The counts of one Stichtag, one entry per district (in ``DISTRICTS`` order)."""

    year: int
    under_15: np.ndarray
    sgb2: np.ndarray
    age_15_64: np.ndarray
    unemployed: np.ndarray
    foreign: np.ndarray
    residents: np.ndarray
    arrivals: np.ndarray


def residents(model: PopulationModel, year: int, ages: range) -> np.ndarray:
    """Residents of ``ages`` per district at 31.12. of ``year`` as the population file has them
    (both sexes and the few "d")."""
    y = YEARS.index(year)
    counts = model.counts[y, :, ages.start : ages.stop, :].sum(axis=(1, 2)).astype(np.int64)
    index = {d.number: i for i, d in enumerate(DISTRICTS)}
    for district, age, count in model.diverse[year]:
        if age in ages:
            counts[index[district]] += count
    return counts


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _calibrated(shift: np.ndarray, weights: np.ndarray, target: float) -> np.ndarray:
    """Rates expit(a + shift) whose mean weighted by ``weights`` is ``target`` (bisection on a)."""
    low, high = -12.0, 12.0
    for _ in range(60):
        middle = (low + high) / 2
        if (weights * _expit(middle + shift)).sum() < target * weights.sum():
            low = middle
        else:
            high = middle
    return _expit((low + high) / 2 + shift)


def _district_effects(seed: int) -> dict[str, np.ndarray]:
    rng = rng_for(seed, "social-context")
    effects = {name: rng.normal(0, DISTRICT_SPREAD, len(DISTRICTS)) for name in SLOPES}
    small = next(i for i, d in enumerate(DISTRICTS) if d.number == SMALL_DISTRICT)
    effects["unemployed"][small] += SMALL_DISTRICT_UNEMPLOYED
    return effects


def build_stichtag(seed: int, model: PopulationModel, year: int) -> Stichtag:
    """The counts of one Stichtag (deterministic from the seed)."""
    rng = rng_for(seed, f"social-context-{year}")
    effects = _district_effects(seed)
    social = np.array([d.social_index for d in DISTRICTS])
    centred = social - social.mean()
    under_15 = residents(model, year, range(0, 15))
    age_15_64 = residents(model, year, range(15, 65))
    everyone = residents(model, year, range(0, 111))

    def draw(name: str, denominator: np.ndarray, target: float) -> np.ndarray:
        noise = rng.normal(0, YEARLY_SPREAD, len(DISTRICTS))
        shift = SLOPES[name] * centred + effects[name] + noise
        return rng.binomial(denominator, _calibrated(shift, denominator, target))

    sgb2 = draw("sgb2", under_15, SGB2_UNDER_15[year])
    unemployed = draw("unemployed", age_15_64, UNEMPLOYED[year] / age_15_64.sum())
    foreign = draw("foreign", everyone, FOREIGN[year])
    arrivals = draw("arrivals", everyone, ARRIVALS[year])
    return Stichtag(year, under_15, sgb2, age_15_64, unemployed, foreign, everyone, arrivals)


def keys(world: World) -> list[int]:
    return list(YEARS)


def _cell(count: int, secret: str, as_text: bool) -> object:
    """A count as the office writes it: 1 and 2 replaced by the secret mark."""
    if 0 < count < SECRET_BELOW:
        return secret
    return thousands_text(int(count)) if as_text else int(count)


def write(out_dir: Path, world: World, year: int) -> dict:
    """One Stichtag: one row per statistical district."""
    data = build_stichtag(world.seed, world.population, year)
    layout = _LAYOUTS[year]
    stichtag = dt.date(year, 12, 31)
    secret, as_text = layout["secret"], layout.get("text_numbers", False)
    counts = {
        "residents_under_15": data.under_15,
        "under_15_sgb2": data.sgb2,
        "residents_15_64": data.age_15_64,
        "unemployed": data.unemployed,
        "foreign_residents": data.foreign,
        "arrivals_from_abroad": data.arrivals,
    }
    columns: dict[str, list[object]] = {
        "reference_date": [format_date(stichtag, layout["date"])] * len(DISTRICTS),
        "district_number": [d.number for d in DISTRICTS],
        **{name: [_cell(n, secret, as_text) for n in values] for name, values in counts.items()},
    }
    hidden = sum(0 < n < SECRET_BELOW for values in counts.values() for n in values)
    variations = [DATE_TAGS[layout["date"]]]
    if as_text:
        variations += ["numbers-as-text", "thousands-separator"]
    if hidden:
        variations.append(f"secret:{secret}")
    order = layout.get("order")
    extra = None
    if layout.get("extra"):
        extra = {
            layout["extra"]: ["vorläufig" if i % 7 == 0 else "" for i in range(len(DISTRICTS))]
        }
    blank_every = layout.get("blank_every")
    sheet = make_sheet(
        "Sozialstruktur",
        [
            title_line(world.seed),
            f"Sozialstruktur nach statistischen Bezirken am {stichtag:%d.%m.%Y}; "
            f"„{secret}“ = weniger als 3 Fälle (geheim gehalten)",
        ],
        columns,
        contract=declared.COLUMNS,
        order=order,
        spelling=layout.get("spelling"),
        extra=extra,
        blank_after=range(blank_every - 1, len(DISTRICTS), blank_every) if blank_every else (),
        variations=variations,
    )
    name = save(
        out_dir,
        f"{FILE_PREFIX}sozialstruktur_{stichtag.isoformat()}",
        [sheet],
        layout.get("format", "xlsx"),
        f"Sozialstruktur {stichtag:%d.%m.%Y} (synthetisch)",
    )
    return entry(SOURCE, name, sheet, f"{stichtag:%d.%m.%Y}")
