"""The school social work and all-day indicators reproduce Herne's published figures exactly on
the scale-1 samples (domain.md: the press for 2016/17 and 2019/20, the 2017 conference seed).

Exact, not within a tolerance: these figures are counts of schools and posts, which the generator
sets (etl/synthetic/school_social_work.py, etl/synthetic/schools.py) rather than draws.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from etl.sources import school_social_work
from etl.synthetic import generate
from etl.synthetic.checks import all_day_by_form, read_table, ssw_totals
from indicators.store import IndicatorValue

SCHOOLS = 46
# Per school form: (schools, bound all-day schools), 2017 seed; every Grundschule is open (OGS).
BOUND = {
    "Grundschule": (24, 0),
    "Hauptschule": (1, 1),
    "Realschule": (4, 3),
    "Gymnasium": (5, 2),
    "Gesamtschule": (3, 3),
    "Förderschule": (5, 2),
    "Berufskolleg": (4, 0),
}


def city(engine, indicator: str, period: str, breakdown: str = "") -> tuple[float, float, float]:
    """(value, numerator, denominator) of a city cell."""
    with engine.connect() as conn:
        row = conn.execute(
            select(
                IndicatorValue.value, IndicatorValue.numerator, IndicatorValue.denominator
            ).where(
                IndicatorValue.indicator == indicator,
                IndicatorValue.level == "stadt",
                IndicatorValue.period == period,
                IndicatorValue.breakdown == breakdown,
            )
        ).one()
    return tuple(row)


@pytest.mark.xdist_group("samples")
@pytest.mark.parametrize(
    ("period", "schools", "fte"),
    [("2016/17", 28, 26.8), ("2019/20", 40, 38.5)],
)
def test_schools_with_any_post_as_published(samples_db, period, schools, fte):
    value, numerator, denominator = city(samples_db, "ssw.schools_with_post", period)
    assert (numerator, denominator) == (schools, SCHOOLS)
    assert value == pytest.approx(100 * schools / SCHOOLS, abs=1e-6)
    assert city(samples_db, "ssw.fte", period)[0] == pytest.approx(fte, abs=1e-6)
    # A full post is the stricter count: never more schools than any post.
    assert city(samples_db, "ssw.schools_full_post", period)[1] <= schools


@pytest.mark.xdist_group("samples")
def test_fixed_term_posts_2017_18_as_in_the_seed(samples_db):
    assert city(samples_db, "ssw.fte", "2017/18")[0] == pytest.approx(32.4, abs=1e-6)
    _, fixed, posts = city(samples_db, "ssw.fixed_term_share", "2017/18")
    assert (fixed, posts) == (pytest.approx(14.7, abs=1e-6), pytest.approx(32.4, abs=1e-6))


@pytest.mark.xdist_group("samples")
@pytest.mark.parametrize(("form", "counts"), BOUND.items(), ids=list(BOUND))
def test_bound_all_day_by_school_form_2017_18(samples_db, form, counts):
    schools, bound = counts
    value, numerator, denominator = city(
        samples_db, "ssw.all_day_bound_share", "2017/18", f"school_form={form}"
    )
    assert (numerator, denominator) == (bound, schools)
    assert value == pytest.approx(100 * bound / schools, abs=1e-6)


@pytest.mark.xdist_group("samples")
def test_every_grundschule_has_open_all_day_2017_18(samples_db):
    value, numerator, denominator = city(
        samples_db, "ssw.all_day_open_share", "2017/18", "school_form=Grundschule"
    )
    assert value == 100.0 and numerator == denominator == 24


@pytest.mark.xdist_group("samples")
def test_bound_and_open_are_not_merged(samples_db):
    bound = city(samples_db, "ssw.all_day_bound_share", "2017/18")
    open_ = city(samples_db, "ssw.all_day_open_share", "2017/18")
    assert bound[2] == open_[2] == SCHOOLS
    assert bound[1] == sum(b for _, b in BOUND.values()) == 11
    # The Grundschulen and the three Förderschulen without bound all-day are open.
    assert open_[1] == 24 + 3


def test_the_generated_files_carry_the_published_counts(tmp_path):
    """The files themselves, read back without the importer: every school year the generator
    writes has the 2017 all-day forms, and the staffing totals of the published years."""
    manifest = generate(tmp_path, seed=2017, scale=1.0, sources=["school-social-work"])
    required = [c.header for c in school_social_work.COLUMNS]
    frames = {f["delivery"]: read_table(tmp_path / f["file"], required) for f in manifest["files"]}
    assert len(frames) == 12
    for year, frame in frames.items():
        forms = all_day_by_form(frame)
        for form, (schools, bound) in BOUND.items():
            assert sum(forms[form].values()) == schools, (year, form)
            assert forms[form].get("gebunden", 0) == bound, (year, form)
        assert forms["Grundschule"] == {"offen": 24}, year
    totals = ssw_totals(frames["2016/17"])
    assert (totals["schools"], totals["staff"], totals["all_schools"]) == (28, 31, SCHOOLS)
    assert totals["fte"] == pytest.approx(26.8, abs=1e-9)
    assert ssw_totals(frames["2017/18"])["fixed_term"] == pytest.approx(14.7, abs=1e-9)
