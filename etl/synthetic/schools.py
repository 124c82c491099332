"""School master data: Herne's 46 schools by form, with invented names and NRW-style numbers.

The mix follows domain.md (24 Grundschulen, 1 Hauptschule, 4 Realschulen, 5 Gymnasien,
3 Gesamtschulen, 5 Förderschulen, 4 Berufskollegs) and the all-day status of the 2017 seed.
Schools are placed where children live; the same list feeds school social work (which is the
master data of the importer) and the UWE survey, so every UWE Schul-Nr is known.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.synthetic.common import MASTER_SEED, rng_for
from etl.synthetic.geography import DISTRICTS, SMALL_DISTRICT, District
from etl.synthetic.population import expected_residents

_GRUNDSCHULEN = (
    "Grundschule Am Lindenplatz", "Grundschule Kastanienweg", "Eichendorffschule",
    "Regenbogenschule", "Sonnenschule", "Lessingschule", "Grundschule Am Rosengarten",
    "Grundschule Buschkamp",
    "Grundschule Am Mühlenbach", "Michaelschule", "Falkenschule", "Schillerschule",
    "Grundschule Am Volkspark", "Claudiusschule", "Grundschule Am Kanal", "Kopernikusschule",
    "Jahnschule", "Grundschule Auf dem Hügel", "Astrid-Lindgren-Schule", "Goetheschule",
    "Grundschule Am Wiesengrund", "Brückenschule", "Parkschule", "Waldschule", "Uhlandschule",
    "Lindenschule", "Ludwig-Richter-Schule", "Grundschule An der Zeche",
)  # fmt: skip
_OTHERS: dict[str, tuple[str, ...]] = {
    "Hauptschule": ("Hauptschule Am Kanal",),
    "Realschule": (
        "Erich-Kästner-Realschule", "Realschule An der Linde", "Realschule Am Westring",
        "Realschule Am Schlosspark",
    ),
    "Gymnasium": (
        "Humboldt-Gymnasium", "Annette-von-Droste-Gymnasium", "Carl-Friedrich-Gauß-Gymnasium",
        "Gymnasium Am Lindenhof", "Marie-Curie-Gymnasium",
    ),
    "Gesamtschule": (
        "Gesamtschule Am Volkspark", "Geschwister-Scholl-Gesamtschule", "Willy-Brandt-Gesamtschule",
    ),
    "Förderschule": (
        "Förderschule Lernen Am Berg", "Förderschule Sprache Sonnenhof", "Förderschule ESE Am Wald",
        "Förderschule Geistige Entwicklung Regenbogen",
        "Förderschule Körperliche Entwicklung Am Park",
    ),
    "Berufskolleg": (
        "Berufskolleg Technik", "Berufskolleg Wirtschaft und Verwaltung",
        "Berufskolleg Gesundheit und Soziales", "Berufskolleg Am Kanal",
    ),
}  # fmt: skip
# (form, Stadtbezirk of each school, pupils range)
_LAYOUT = (
    ("Hauptschule", ("1",), (360, 440)),
    ("Realschule", ("1", "2", "3", "4"), (520, 780)),
    ("Gymnasium", ("1", "2", "3", "3", "4"), (720, 1_080)),
    ("Gesamtschule", ("3", "1", "4"), (1_020, 1_340)),
    ("Förderschule", ("1", "2", "3", "3", "4"), (90, 210)),
    ("Berufskolleg", ("3", "3", "1", "2"), (1_500, 2_900)),
)
# All-day status per form in list order (domain.md, 2017): 3 of 4 Realschulen, 2 of 5 Gymnasien,
# 2 of 5 Förderschulen and the Gesamtschulen and the Hauptschule bound; Grundschulen open.
_ALL_DAY = {
    "Grundschule": ("offen",) * 24,
    "Hauptschule": ("gebunden",),
    "Realschule": ("gebunden", "gebunden", "gebunden", "keiner"),
    "Gymnasium": ("gebunden", "keiner", "gebunden", "keiner", "keiner"),
    "Gesamtschule": ("gebunden",) * 3,
    "Förderschule": ("gebunden", "offen", "gebunden", "offen", "offen"),
    "Berufskolleg": ("keiner",) * 4,
}
# Grades a school form teaches (to turn pupils into the size of one grade).
GRADES_PER_FORM = {
    "Grundschule": 4,
    "Hauptschule": 6,
    "Realschule": 6,
    "Gymnasium": 8,
    "Gesamtschule": 9,
    "Förderschule": 10,
    "Berufskolleg": 3,
}


@dataclass(frozen=True)
class School:
    number: str  # six-digit NRW school number (text)
    name: str
    form: str
    district: District
    pupils_2019: int
    all_day: str
    pupil_trend: float  # relative change per year

    def pupils(self, year: int) -> int:
        return max(20, round(self.pupils_2019 * (1 + self.pupil_trend * (year - 2019))))

    def grade_size(self, year: int) -> float:
        return self.pupils(year) / GRADES_PER_FORM[self.form]


def build_schools() -> list[School]:
    """The 46 schools, the same for every seed (MASTER_SEED)."""
    rng = rng_for(MASTER_SEED, "schools")
    candidates = [d for d in DISTRICTS if d.number != SMALL_DISTRICT]
    children = np.array([expected_residents(d, range(6, 10)) for d in candidates])
    # Grundschulen: 24 over the districts with most children (largest remainder).
    expected = 24 * children / children.sum()
    counts = np.floor(expected).astype(int)
    for i in np.argsort(-(expected - counts), kind="stable")[: 24 - counts.sum()]:
        counts[i] += 1
    placed: list[tuple[str, District, tuple[int, int]]] = []
    for district, n in zip(candidates, counts, strict=True):
        placed += [("Grundschule", district, (160, 340))] * int(n)
    for form, stadtbezirke, pupils in _LAYOUT:
        for sb in stadtbezirke:
            pool = [d for d in candidates if d.stadtbezirk_number == sb]
            weights = np.array([d.population_2019 for d in pool], dtype=float)
            if form == "Hauptschule":  # the Hauptschule: in a deprived district
                weights = weights * np.array([d.social_index for d in pool]) ** 6
            placed.append(
                (form, pool[int(rng.choice(len(pool), p=weights / weights.sum()))], pupils)
            )
    numbers = rng.choice(np.arange(100_000, 200_000), size=len(placed), replace=False)
    gs_names = [str(n) for n in rng.permutation(_GRUNDSCHULEN)]
    used: dict[str, int] = {}
    schools = []
    for (form, district, (low, high)), number in zip(placed, numbers, strict=True):
        index = used.get(form, 0)
        used[form] = index + 1
        name = gs_names[index] if form == "Grundschule" else _OTHERS[form][index]
        schools.append(
            School(
                number=str(int(number)),
                name=name,
                form=form,
                district=district,
                pupils_2019=int(rng.integers(low, high)),
                all_day=_ALL_DAY[form][index],
                pupil_trend=float(rng.normal(0.0, 0.012)),
            )
        )
    return schools
