"""The synthetic school-entry and transition files: the same children, Herne-sized, calibrated to
the published Herne figures (data/reference/school-entry-transitions.md), with a social gradient
by district and primary schools of the synthetic school register."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl.sources import SOURCES
from etl.synthetic import generate
from etl.synthetic.checks import read_table
from etl.synthetic.children import cohort
from etl.synthetic.geography import DISTRICT_BY_NUMBER
from etl.synthetic.schools import build_schools
from etl.synthetic.world import build_world

ENTRY = [c.header for c in SOURCES["school-entry"].COLUMNS]
TRANSITIONS = [c.header for c in SOURCES["transitions"].COLUMNS]
MISSING = {None, "", "k.A.", "-", "keine Angabe"}
DEFICIT = {"radebrechend", "kaum/keine"}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    out = tmp_path_factory.mktemp("children")
    manifest = generate(out, seed=2017, scale=1.0, sources=["school-entry", "transitions"])
    tables = {}
    for f in manifest["files"]:
        headers = ENTRY if f["source"] == "school-entry" else TRANSITIONS
        table = read_table(out / f["file"], headers)
        assert len(table) == f["rows"], f["file"]
        tables[(f["source"], f["delivery"])] = table
    return tables


def _ortsteil(districts: pd.Series) -> pd.Series:
    return districts.map(lambda d: None if d is None else str(d)[:2])


def test_herne_sized_cohorts_that_scale(files):
    entries = [len(t) for (source, _), t in files.items() if source == "school-entry"]
    moves = [len(t) for (source, _), t in files.items() if source == "transitions"]
    assert len(entries) == 12 and len(moves) == 11
    assert all(1_350 <= n <= 1_600 for n in entries), entries
    assert all(1_300 <= n <= 1_500 for n in moves), moves
    world = build_world(2017, 0.1)
    small = cohort(2017, 0.1, 2019, world.population, world.schools)
    assert len(small.sex) == pytest.approx(0.1 * len(files[("school-entry", "2019")]), abs=2)


def test_the_children_of_a_school_entry_year_move_on_four_years_later(files):
    entry = files[("school-entry", "2019")]
    moved = files[("transitions", "2023/24")]
    # Same children: about as many (minus those who left Herne, plus last year's deferred) ...
    assert 0.93 <= len(moved) / len(entry) <= 1.0
    # ... living where they lived at school entry.
    before = _ortsteil(entry["Bezirk-Nr"]).value_counts(normalize=True)
    after = _ortsteil(moved["Bezirk-Nr"]).value_counts(normalize=True)  # those in Herne
    assert (before - after.reindex(before.index)).abs().max() < 0.01
    assert set(moved["Bezirk-Nr"].dropna()) <= set(DISTRICT_BY_NUMBER)
    # The school-entry file holds exactly the children of the shared cohort model.
    world = build_world(2017, 1.0)
    children = cohort(2017, 1.0, 2019, world.population, world.schools)
    assert sorted(entry["Geschlecht"]) == sorted(children.sex.tolist())


def test_primary_schools_are_grundschulen_of_the_register(files):
    primary = {s.number for s in build_schools() if s.form == "Grundschule"}
    for (source, year), table in files.items():
        if source == "transitions":
            used = set(table["Grundschule Schul-Nr"])
            assert used <= primary, year
            assert len(used) == len(primary), year  # every Grundschule sends children


def test_scale_1_hits_the_published_herne_figures(files):
    def deficit_among_rated(year: int) -> float:
        german = files[("school-entry", str(year))]["Deutschkenntnisse"]
        german = german.map(lambda v: None if v in MISSING else str(v).replace(" / ", "/"))
        rated = german.dropna().str.casefold()
        return rated.isin(DEFICIT).mean()

    assert deficit_among_rated(2014) == pytest.approx(0.114, abs=0.005)
    assert deficit_among_rated(2024) == pytest.approx(0.47, abs=0.005)
    exam = files[("school-entry", "2019")]
    assert (exam["Körperkoordination"] == "auffällig").mean() == pytest.approx(0.076, abs=0.002)
    assert (exam["Übergewicht"] == "Adipositas").mean() == pytest.approx(0.062, abs=0.002)
    assert 0.12 <= (exam["Übergewicht"] != "nein").mean() <= 0.15
    for (source, year), table in files.items():
        if source == "transitions":
            forms = table["Schulform neu"].value_counts(normalize=True)
            assert 0.31 <= forms["Gymnasium"] <= 0.39, year
            assert 0.24 <= forms["Realschule"] <= 0.33, year


def test_a_social_gradient_by_district(files):
    exams = pd.concat(t for (s, _), t in files.items() if s == "school-entry")
    moves = pd.concat(t for (s, _), t in files.items() if s == "transitions")
    moves = moves[moves["Bezirk-Nr"].notna()]
    social = {number: d.social_index for number, d in DISTRICT_BY_NUMBER.items()}

    def by_ortsteil(table: pd.DataFrame, hit: pd.Series) -> pd.DataFrame:
        ortsteil = _ortsteil(table["Bezirk-Nr"])
        index = table["Bezirk-Nr"].map(social)
        return (
            pd.DataFrame({"hit": hit.to_numpy(), "social": index.to_numpy()})
            .groupby(ortsteil.to_numpy())
            .mean()
        )

    german = exams["Deutschkenntnisse"].map(lambda v: str(v).replace(" / ", "/").casefold())
    deficits = by_ortsteil(exams, german.isin(DEFICIT))
    deferrals = by_ortsteil(exams, exams["Schulempfehlung"] == "Zurückstellung")
    gymnasium = by_ortsteil(moves, moves["Schulform neu"] == "Gymnasium")
    assert deficits.corr(method="spearman").loc["hit", "social"] > 0.6
    assert deferrals.corr(method="spearman").loc["hit", "social"] > 0.6
    assert gymnasium.corr(method="spearman").loc["hit", "social"] < -0.6
    assert np.ptp(gymnasium["hit"]) > 0.1  # 10 percentage points between Ortsteile at least
