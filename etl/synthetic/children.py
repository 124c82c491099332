"""The children of the synthetic world, followed from school entry to the move after grade 4.

A cohort is the children who start school in the summer of year Y (NRW: 6 years old by 30
September, so born October Y-7 to September Y-6). Its size and residence per district are those
of the 5-year-olds of the population model at 31.12. of Y-1, the same children KOMPIK observed
at 3 to 5 (both draw from the population model). Each child carries a few latent traits (general
development, social index of the district, German at home with KOMPIK's formula, Kita years)
from which its school-entry findings and, four years later, the primary school's recommendation
and the new school follow; a child deferred at school entry moves on one year later. Everything
is drawn from one stream per cohort, so school entry and transitions see the same children.

City levels per year come from rank cut-offs on the latent scores (so the share is exact at
scale 1); the social gradient comes from the scores. Public figures matched at city level are
listed in data/reference/school-entry-transitions.md; all other levels are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.instruments import (
    GERMAN_BROKEN,
    GERMAN_FLUENT,
    GERMAN_MINOR_ERRORS,
    GERMAN_NONE,
    OUTSIDE_HERNE,
)
from etl.synthetic.common import rng_for, scaled
from etl.synthetic.geography import DISTRICTS, proximity
from etl.synthetic.population import PopulationModel
from etl.synthetic.schools import School

TRANSITION_AFTER = 4  # years from school entry to the new school (grade 5)


def german_at_home_share(social: np.ndarray, year: int) -> np.ndarray:
    """Share of children whose family language is German (KOMPIK and school entry)."""
    return np.clip(0.92 - 0.55 * social - 0.01 * (year - 2016), 0.2, 0.98)


def _by_year(anchors: tuple[tuple[int, float], ...], year: int) -> float:
    years, values = zip(*anchors, strict=True)
    return float(np.interp(year, years, values))


# City levels per Untersuchungsjahr (linear between the anchors). German deficits among the
# children rated (first language not German): 11.4 % in 2014 and 47 % in 2024 (Herne, see
# data/reference); coordination 7.6 % and obesity 6.2 % in 2019 (Herne); deferrals follow the
# NRW rise 2019-2023 at a higher Herne level; the rest is invented.
GERMAN_DEFICIT = (
    (2013, 0.11),
    (2014, 0.114),
    (2016, 0.15),
    (2019, 0.25),
    (2021, 0.33),
    (2024, 0.47),
)
NO_GERMAN_SHARE = 0.4  # of the deficits: "kaum/keine" (the rest "radebrechend")
GERMAN_MINOR = 0.30  # of the rated children: "mit leichten Fehlern"
UNRATED = 0.03  # children with another first language whose German was not rated
COORDINATION = ((2013, 0.075), (2019, 0.076), (2021, 0.09), (2024, 0.09))  # auffällig
COORDINATION_BORDERLINE = 0.10
VISUOMOTOR = ((2013, 0.12), (2019, 0.12), (2021, 0.14), (2024, 0.14))
VISUOMOTOR_BORDERLINE = 0.14
OBESITY = ((2013, 0.060), (2019, 0.062), (2021, 0.068), (2024, 0.068))
OVERWEIGHT = 0.075  # Übergewicht without Adipositas
DEFERRAL = ((2013, 0.025), (2019, 0.025), (2021, 0.035), (2023, 0.045), (2024, 0.045))
SUPPORT = 0.07  # "mit Förderbedarf"
KITA_UNKNOWN = 0.03
# The primary school's recommendation (invented; best first) and how often it is missing.
RECOMMENDATION_SHARES = (("Gymnasium", 0.33), ("eingeschränkt", 0.15), ("Realschule", 0.30))
RECOMMENDATION_MISSING = 0.02
MOVED_AWAY = 0.03  # left Herne before grade 5: not in the transitions
LIVES_OUTSIDE = 0.035  # moved out but stays at the Herne school: empty Bezirk-Nr
# New school form per recommendation (rows sum to 1); calibrated to about 35 % Gymnasium and
# 29 % Realschule (Herne's registrations), the Gesamtschulen taking most of the rest.
FORMS = ("Gymnasium", "Gesamtschule", "Realschule", "Hauptschule", "Förderschule", OUTSIDE_HERNE)
CHOICE = {
    "Gymnasium": (0.84, 0.10, 0.02, 0.0, 0.0, 0.04),
    "eingeschränkt": (0.33, 0.30, 0.33, 0.0, 0.0, 0.04),
    "Realschule": (0.09, 0.36, 0.52, 0.005, 0.0, 0.025),
    "Hauptschule": (0.01, 0.50, 0.30, 0.09, 0.075, 0.025),
    None: (0.20, 0.40, 0.33, 0.02, 0.02, 0.03),
}


@dataclass
class Cohort:
    """The children starting school in ``year``; one entry per child (numpy arrays)."""

    year: int
    district: np.ndarray  # statistical district number of the residence (text)
    sex: np.ndarray  # "m", "w", "d"
    birth_year: np.ndarray
    birth_month: np.ndarray
    age_months: np.ndarray  # at 30 September of ``year``
    german_home: np.ndarray  # bool
    kita_years: np.ndarray  # float, NaN unknown
    german: np.ndarray  # rating (object, None: not rated)
    coordination: np.ndarray
    visuomotor: np.ndarray
    weight: np.ndarray
    entry_recommendation: np.ndarray  # regulär, mit Förderbedarf, Zurückstellung
    school: np.ndarray  # number of the Grundschule
    recommendation: np.ndarray  # at the end of grade 4 (object, None: missing)
    new_form: np.ndarray
    moved_away: np.ndarray  # bool: not in the transitions
    lives_outside: np.ndarray  # bool: empty Bezirk-Nr in the transitions

    @property
    def deferred(self) -> np.ndarray:
        return self.entry_recommendation == "Zurückstellung"


def _worst(score: np.ndarray, count: int, among: np.ndarray) -> np.ndarray:
    """The ``count`` children of ``among`` with the highest score."""
    chosen = np.zeros(len(score), dtype=bool)
    members = np.flatnonzero(among)
    if count > 0:
        chosen[members[np.argsort(-score[members], kind="stable")[:count]]] = True
    return chosen


def _classes(score: np.ndarray, shares: list[tuple[object, float]], rest: object) -> np.ndarray:
    """Classes by rank of ``score``: the first share takes the highest scores, and so on."""
    result = np.full(len(score), rest, dtype=object)
    order = np.argsort(-score, kind="stable")
    start = 0
    for value, share in shares:
        stop = start + round(share * len(score))
        result[order[start:stop]] = value
        start = stop
    return result


def cohort(
    seed: int, scale: float, year: int, population: PopulationModel, schools: list[School]
) -> Cohort:
    """The children starting school in the summer of ``year`` (deterministic per seed)."""
    rng = rng_for(seed, f"children:{year}")
    residents = population.children(year - 1, range(5, 6)).astype(float)
    n = scaled(residents.sum(), scale, minimum=1)
    home = rng.choice(len(DISTRICTS), size=n, p=residents / residents.sum())
    social = np.array([DISTRICTS[d].social_index for d in home])
    sex = rng.choice(np.array(["m", "w", "d"]), size=n, p=[0.51, 0.487, 0.003])
    boy = (sex == "m").astype(float)
    # Born October of Y-7 to September of Y-6; a few early starters, a handful of odd ages.
    age = 72 + rng.integers(0, 12, size=n)
    early = rng.random(n) < 0.015
    age[early] = rng.integers(68, 72, size=int(early.sum()))
    odd = rng.random(n) < 0.003
    age[odd] = rng.choice(np.r_[60:66, 96:101], size=int(odd.sum()))
    born = year * 12 + 8 - age  # month index (year * 12 + month - 1)
    german_home = rng.random(n) < german_at_home_share(social, year)
    other = ~german_home
    general = rng.normal(size=n)

    # Kita years: the Kita year starts on 1 August, so a child who enters in the August after
    # its third birthday has exactly 3 years at school entry (less if it entered later in the
    # Kita year). More than 3 years means a start under 3 (U3), more common in better-off
    # German-speaking families and in later years; late or never for recently arrived families.
    newcomer_years = float(year >= 2017)
    p_none = 0.015 + other * (0.04 + 0.02 * newcomer_years)
    p_late = 0.03 + other * (0.10 + 0.05 * newcomer_years)
    p_u3 = np.clip(
        (0.38 + 0.025 * (year - 2013)) * (1.2 - 0.6 * social) * np.where(other, 0.6, 1.0), 0, 0.8
    )
    draw = rng.random(n)
    none = draw < p_none
    late = ~none & (draw < p_none + p_late)
    u3 = ~none & ~late & (draw < p_none + p_late + p_u3)
    delay = np.where(rng.random(n) < 0.3, rng.uniform(0.1, 0.9, size=n), 0.0)
    kita = np.where(
        u3,
        rng.uniform(3.1, 5.5, size=n),
        np.where(late, rng.uniform(0.5, 2.5, size=n), 3.0 - delay),
    )
    kita = np.round(np.clip(np.where(none, 0.0, kita), 0.0, (age - 1) / 12), 1)
    kita = np.where(rng.random(n) < KITA_UNKNOWN, np.nan, kita)
    kita_effect = np.clip(np.nan_to_num(kita, nan=3.0) - 3.0, -3.0, 2.0)

    # German, rated only for children whose first language is not German (as in NRW).
    language = (
        -0.5 * general
        + 0.8 * rng.normal(size=n)
        + 1.0 * (social - 0.5)
        - np.where(other, 0.35, 0.1) * kita_effect
    )
    rated = other & (rng.random(n) >= UNRATED)
    deficit = _worst(language, round(_by_year(GERMAN_DEFICIT, year) * rated.sum()), rated)
    no_german = _worst(language, round(NO_GERMAN_SHARE * deficit.sum()), deficit)
    minor = _worst(language, round(GERMAN_MINOR * rated.sum()), rated & ~deficit)
    german = np.full(n, None, dtype=object)
    german[rated] = GERMAN_FLUENT
    german[minor] = GERMAN_MINOR_ERRORS
    german[deficit] = GERMAN_BROKEN
    german[no_german] = GERMAN_NONE

    def screening(score: np.ndarray, abnormal: float, borderline: float) -> np.ndarray:
        return _classes(
            score, [("auffällig", abnormal), ("grenzwertig", borderline)], "unauffällig"
        )

    motor = -0.4 * general + 0.9 * rng.normal(size=n) + 0.5 * (social - 0.5) + 0.3 * boy
    visual = -0.5 * general + 0.85 * rng.normal(size=n) + 0.6 * (social - 0.5) + 0.4 * boy
    body = 0.9 * rng.normal(size=n) + 0.9 * (social - 0.5) + 0.3 * other
    readiness = (
        -0.7 * general
        + 0.5 * rng.normal(size=n)
        + 0.5 * (social - 0.5)
        + 0.3 * boy
        - 0.04 * (age - 77)
        + 0.5 * deficit
    )
    entry = _classes(
        readiness,
        [("Zurückstellung", _by_year(DEFERRAL, year)), ("mit Förderbedarf", SUPPORT)],
        "regulär",
    )

    # The Grundschule: near home, by the size of its grades.
    primary = [s for s in schools if s.form == "Grundschule"]
    school = np.empty(n, dtype=object)
    for d in np.unique(home):
        members = np.flatnonzero(home == d)
        weights = np.array(
            [proximity(DISTRICTS[d], s.district) * s.grade_size(year) for s in primary]
        )
        picked = rng.choice(len(primary), size=len(members), p=weights / weights.sum())
        school[members] = [primary[i].number for i in picked]

    # Grade 4: the recommendation follows development, German and the social index.
    achievement = (
        0.75 * general
        - 0.35 * language
        - 0.5 * (social - 0.5)
        + 0.45 * rng.normal(size=n)
        - 1.0 * (entry == "mit Förderbedarf")
    )
    recommendation = _classes(achievement, list(RECOMMENDATION_SHARES), "Hauptschule")
    recommendation[rng.random(n) < RECOMMENDATION_MISSING] = None
    p = np.array([CHOICE[r] for r in recommendation], dtype=float).reshape(n, len(FORMS))
    p[:, 0] *= 1.2 - 0.4 * social  # better-off families choose the Gymnasium more often
    p[entry == "mit Förderbedarf", 4] *= 3.0
    cumulative = np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1)
    picked = np.minimum((rng.random(n)[:, None] > cumulative).sum(axis=1), len(FORMS) - 1)
    new_form = np.array(FORMS, dtype=object)[picked]
    return Cohort(
        year=year,
        district=np.array([DISTRICTS[d].number for d in home], dtype=object),
        sex=sex,
        birth_year=born // 12,
        birth_month=born % 12 + 1,
        age_months=age,
        german_home=german_home,
        kita_years=kita,
        german=german,
        coordination=screening(motor, _by_year(COORDINATION, year), COORDINATION_BORDERLINE),
        visuomotor=screening(visual, _by_year(VISUOMOTOR, year), VISUOMOTOR_BORDERLINE),
        weight=_classes(
            body, [("Adipositas", _by_year(OBESITY, year)), ("Übergewicht", OVERWEIGHT)], "nein"
        ),
        entry_recommendation=entry,
        school=school,
        recommendation=recommendation,
        new_form=new_form,
        moved_away=rng.random(n) < MOVED_AWAY,
        lives_outside=rng.random(n) < LIVES_OUTSIDE,
    )
