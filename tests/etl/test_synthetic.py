"""The synthetic deliveries: deterministic, complete, consistent, calibrated to Herne's figures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from etl.sources import SOURCES as SOURCE_MODULES
from etl.synthetic import (
    SOURCES,
    generate,
    geography,
)
from etl.synthetic.checks import raw_rows, read_table, ssw_totals, uwe_figures
from etl.synthetic.common import VARIATIONS

SMALL_SCALE = 0.05
# The headers every file must carry: those the source modules declare as required (an optional
# column, such as the Übergangsbereich of early Schulabgänge, may be absent).
REQUIRED = {
    source: [c.header for c in module.COLUMNS if c.required]
    for source, module in SOURCE_MODULES.items()
}
RETURN_HEADERS = [c.header for c in SOURCE_MODULES["parent-survey"].RETURN_COLUMNS]
DISTRICT_NUMBERS = {d.number for d in geography.DISTRICTS}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("synthetic")
    return out, generate(out, seed=2017, scale=SMALL_SCALE)


def _tables(out: Path, manifest: dict, source: str) -> list[tuple[dict, pd.DataFrame]]:
    sheet = "Fragebögen" if source == "parent-survey" else None
    return [
        (f, read_table(out / f["file"], REQUIRED[source], sheet))
        for f in manifest["files"]
        if f["source"] == source
    ]


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if "-" in text:
        return dt.date.fromisoformat(text)
    day, month, year = text.split(".")
    return dt.date(int(year), int(month), int(day))


def test_reference_list_is_in_sync_with_the_generator():
    assert geography.REFERENCE_CSV.read_text(encoding="utf-8") == geography.reference_csv_text()


def test_spatial_hierarchy_4_13_32():
    districts = geography.DISTRICTS
    assert len({d.stadtbezirk_number for d in districts}) == 4
    assert len({d.ortsteil_number for d in districts}) == 13
    assert len(DISTRICT_NUMBERS) == len(districts) == 32
    assert len({d.name for d in districts}) == 32
    assert all(
        d.number.startswith(d.ortsteil_number)
        and d.ortsteil_number.startswith(d.stadtbezirk_number)
        for d in districts
    )
    assert all(0 <= d.social_index <= 1 for d in districts)
    assert min(d.population_2019 for d in districts) < 300  # one tiny district for suppression


def test_manifest_lists_every_source_and_file(small):
    out, manifest = small
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest
    assert manifest["seed"] == 2017 and manifest["scale"] == SMALL_SCALE
    assert "Synthetische Beispieldaten" in manifest["note"]
    assert {f["source"] for f in manifest["files"]} == set(SOURCES)
    written = {p.name for p in out.iterdir()} - {"manifest.json"}
    assert written == {f["file"] for f in manifest["files"]}
    for f in manifest["files"]:
        assert f["file"].startswith("synthetisch_")
        assert isinstance(f["rows"], int) and f["rows"] > 0
        assert set(f["variations"]) <= set(VARIATIONS), f["file"]
    counts = {s: sum(f["source"] == s for f in manifest["files"]) for s in SOURCES}
    assert counts == {
        "spatial-units": 1,
        "population": 12,
        "social-context": 12,
        "kitas": 2,
        "school-social-work": 12,
        "school-leavers": 12,  # school years 2013/14 to 2024/25
        "all-day": 12,
        "kompik": 9,
        "uwe": 4,
        "school-entry": 12,  # Untersuchungsjahre 2013 to 2024
        "transitions": 11,  # school years 2014/15 to 2024/25
        "parent-survey": 6,
        "goals": 1,
        "measures": 4,  # two departments' returns for 2013-2017 and for 2018-2022
    }


def test_same_seed_gives_identical_files(small, tmp_path):
    out, manifest = small
    again = generate(tmp_path, seed=2017, scale=SMALL_SCALE)
    assert again == manifest
    for f in manifest["files"]:
        assert (tmp_path / f["file"]).read_bytes() == (out / f["file"]).read_bytes(), f["file"]


def test_another_seed_gives_other_people_but_the_same_facilities(small, tmp_path):
    out, _ = small
    other = generate(tmp_path, seed=1, scale=SMALL_SCALE, sources=["kitas", "uwe"])
    kita_file = next(f["file"] for f in other["files"] if f["source"] == "kitas")
    same_list = read_table(tmp_path / kita_file, REQUIRED["kitas"])
    assert same_list.equals(read_table(out / kita_file, REQUIRED["kitas"]))
    uwe_file = next(f["file"] for f in other["files"] if f["source"] == "uwe")
    assert (tmp_path / uwe_file).read_bytes() != (out / uwe_file).read_bytes()


def test_rows_in_files_match_the_manifest_and_headers_are_complete(small):
    out, manifest = small
    for source in SOURCES:
        for f, table in _tables(out, manifest, source):
            assert len(table) == f["rows"], f["file"]
            assert set(REQUIRED[source]) <= set(table.columns), f["file"]
            first = raw_rows(out / f["file"])[0][0]
            assert str(first).startswith("SYNTHETISCHE BEISPIELDATEN"), f["file"]
    for f in manifest["files"]:
        if f["source"] == "parent-survey":
            returns = read_table(out / f["file"], RETURN_HEADERS, "Rücklauf")
            assert len(returns) == f["sheet_rows"]["Rücklauf"] == 23


def test_every_tolerated_variation_occurs(small):
    _, manifest = small
    used = {v for f in manifest["files"] for v in f["variations"]}
    assert used == set(VARIATIONS)


def test_identifiers_are_text_and_references_resolve(small):
    out, manifest = small
    kita_lists = [t for _, t in _tables(out, manifest, "kitas")]
    known_kitas = set().union(*(set(t["Kita-Nr"]) for t in kita_lists))
    yes = {"ja", "j"}
    centres = set().union(
        *(set(t.loc[t["Familienzentrum"].isin(yes), "Kita-Nr"]) for t in kita_lists)
    )
    assert all(isinstance(k, str) and k.startswith("0") for k in known_kitas)
    assert all(len(t) >= 145 and t["Kita-Nr"].is_unique for t in kita_lists)
    assert all((t["Familienzentrum"].isin(yes)).sum() == 23 for t in kita_lists)
    schools = set()
    for _, t in _tables(out, manifest, "school-social-work"):
        assert len(t) == 46 and t["Schul-Nr"].is_unique
        assert all(isinstance(n, str) and len(n) == 6 for n in t["Schul-Nr"])
        assert set(t["Bezirk-Nr"]) <= DISTRICT_NUMBERS
        schools |= set(t["Schul-Nr"])
    assert len(schools) == 46
    for f, t in _tables(out, manifest, "population"):
        assert set(t["Bezirk-Nr"]) <= DISTRICT_NUMBERS, f["file"]
    for f, t in _tables(out, manifest, "kompik"):
        assert set(t["Kita-Nr"]) <= known_kitas, f["file"]
        assert all(isinstance(k, str) and k.startswith("0") for k in t["Kind-ID"])
        assert not t.duplicated(["Kita-Nr", "Kind-ID", "Beobachtungsdatum"]).any()
        assert set(t["Wohnort Bezirk-Nr"].dropna()) <= DISTRICT_NUMBERS
        areas = t[[c.header for c in SOURCE_MODULES["kompik"].AREA_COLUMNS]]
        assert areas.notna().any(axis=1).all(), f["file"]
    for f, t in _tables(out, manifest, "uwe"):
        assert set(t["Schul-Nr"]) <= schools, f["file"]
    for f, t in _tables(out, manifest, "parent-survey"):
        assert set(t["FZ-Nr"]) <= centres, f["file"]


def test_kompik_ages_stay_within_36_to_84_months(small):
    out, manifest = small
    for f, t in _tables(out, manifest, "kompik"):
        for born, seen in zip(t["Geburtsmonat"], t["Beobachtungsdatum"], strict=True):
            if isinstance(born, str):
                month, year = born.split(".")
                born = dt.date(int(year), int(month), 1)
            observed = _date(seen)
            assert observed.year == int(f["delivery"])
            months = (observed.year - born.year) * 12 + observed.month - born.month
            assert 37 <= months <= 83, (f["file"], born, observed)


def test_scale_1_hits_the_published_herne_figures(tmp_path):
    manifest = generate(tmp_path, seed=2017, scale=1.0, sources=["uwe", "school-social-work"])
    files = {(f["source"], f["delivery"]): tmp_path / f["file"] for f in manifest["files"]}
    # UWE 2017, grades 7 and 9, city level: within 3 percentage points.
    wave = read_table(files[("uwe", "2017")], REQUIRED["uwe"])
    assert 1_800 <= len(wave) <= 2_300
    figures = uwe_figures(wave)
    targets = {
        "wellbeing_high": 0.16,
        "wellbeing_medium": 0.31,
        "wellbeing_low": 0.53,
        "peers": 0.87,
        "activities": 0.70,
        "nutrition_sleep": 0.53,
        "school_experiences": 0.52,
        "supportive_adults": 0.26,
    }
    for name, target in targets.items():
        assert figures[name] == pytest.approx(target, abs=0.03), name
    # Trends: the pandemic wave is worse.
    assert (
        uwe_figures(read_table(files[("uwe", "2021")], REQUIRED["uwe"]))["wellbeing_low"]
        > figures["wellbeing_low"]
    )
    # School social work totals (exact to 0.1 FTE).
    totals = {
        year: ssw_totals(
            read_table(files[("school-social-work", year)], REQUIRED["school-social-work"])
        )
        for year in ("2016/17", "2017/18", "2019/20")
    }
    assert totals["2016/17"]["fte"] == pytest.approx(26.8, abs=0.1)
    assert (totals["2016/17"]["schools"], totals["2016/17"]["staff"]) == (28, 31)
    assert totals["2017/18"]["fte"] == pytest.approx(32.4, abs=0.1)
    assert totals["2017/18"]["fixed_term"] == pytest.approx(14.7, abs=0.1)
    assert totals["2019/20"]["fte"] == pytest.approx(38.5, abs=0.1)
    assert (totals["2019/20"]["schools"], totals["2019/20"]["staff"]) == (40, 45)
    assert totals["2019/20"]["fixed_term"] == pytest.approx(0.4 * 38.5, abs=0.1)
    assert all(t["all_schools"] == 46 for t in totals.values())
