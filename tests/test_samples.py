"""End to end on the synthetic deliveries: generator -> import -> status and indicators.

The scale-1 database is built once per test session (it takes about half a minute) and shared by
the tests of the "samples" group, which pytest-xdist runs on one worker.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bildungsmonitor.cli import app
from indicators.store import IndicatorValue

GOLDEN = Path(__file__).parent / "indicators" / "golden_scale1.csv"
TOLERANCE = 3.0  # percentage points: the samples are calibrated to Herne's published figures


def test_status_counts_equal_what_the_generator_wrote(db_url, tmp_path):
    runner = CliRunner()
    load_samples = [
        "samples",
        "--out",
        str(tmp_path / "samples"),
        "--seed",
        "7",
        "--scale",
        "0.05",
        "--load",
        "--db",
        db_url,
    ]
    loaded = runner.invoke(app, load_samples)
    assert loaded.exit_code == 0, loaded.output
    manifest = json.loads((tmp_path / "samples" / "manifest.json").read_text(encoding="utf-8"))
    result = runner.invoke(app, ["status", "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    for source, info in status["sources"].items():
        written = [f for f in manifest["files"] if f["source"] == source]
        assert sorted(f["file"] for f in info["files"]) == sorted(f["file"] for f in written)
        assert info["rows"] == sum(f["rows"] for f in written), source
    goals = status["periods"]["2013-2017"]["goals"]
    assert sum(goal["measures"] for goal in goals) == 53
    # Importing the same folder again changes nothing.
    again = runner.invoke(app, load_samples)
    assert again.output.count("bereits importiert") == len(manifest["files"])
    assert (
        json.loads(runner.invoke(app, ["status", "--json", "--db", db_url]).output)["sources"]
        == status["sources"]
    )


def city_values(engine, indicator: str, period: str) -> float:
    with engine.connect() as conn:
        return conn.execute(
            select(IndicatorValue.value).where(
                IndicatorValue.indicator == indicator,
                IndicatorValue.level == "stadt",
                IndicatorValue.period == period,
                IndicatorValue.breakdown == "",
            )
        ).scalar_one()


@pytest.mark.xdist_group("samples")
@pytest.mark.parametrize(
    ("indicator", "period", "published"),
    [
        ("uwe.wellbeing_high", "2017", 16),
        ("uwe.wellbeing_medium", "2017", 31),
        ("uwe.wellbeing_low", "2017", 53),
        ("uwe.asset_peers", "2017", 87),
        ("uwe.asset_activities", "2017", 70),
        ("uwe.asset_nutrition_sleep", "2017", 53),
        ("uwe.school_positive", "2017", 52),
        ("uwe.asset_adults", "2017", 26),
        ("uwe.participation", "2017", 70),
        ("kompik.coverage", "2017", 70),
        ("kompik.kitas_delivering", "2017", 90),
    ],
)
def test_city_values_reproduce_herne_published_figures(samples_db, indicator, period, published):
    assert city_values(samples_db, indicator, period) == pytest.approx(published, abs=TOLERANCE)


@pytest.mark.xdist_group("samples")
def test_school_social_work_reproduces_published_staffing(samples_db):
    assert city_values(samples_db, "ssw.fte", "2016/17") == pytest.approx(26.8, abs=0.05)
    assert city_values(samples_db, "ssw.fte", "2017/18") == pytest.approx(32.4, abs=0.05)
    assert city_values(samples_db, "ssw.fte", "2019/20") == pytest.approx(38.5, abs=0.05)
    fixed = city_values(samples_db, "ssw.fixed_term_share", "2017/18")
    assert fixed / 100 * 32.4 == pytest.approx(14.7, abs=0.05)
    schools = city_values(samples_db, "ssw.schools_with_post", "2019/20")
    assert schools == pytest.approx(100 * 40 / 46, abs=0.1) or schools <= 100 * 40 / 46


def golden_frame(engine) -> pd.DataFrame:
    """The values compared with the golden table: the city and its Stadtbezirke, all indicators."""
    with engine.connect() as conn:
        frame = pd.read_sql(
            select(
                IndicatorValue.indicator,
                IndicatorValue.level,
                IndicatorValue.unit,
                IndicatorValue.period,
                IndicatorValue.breakdown,
                IndicatorValue.value,
                IndicatorValue.value_text,
                IndicatorValue.n,
                IndicatorValue.suppressed,
            ).where(IndicatorValue.level.in_(["stadt", "stadtbezirk"])),
            conn,
        )
    frame["value"] = frame["value"].round(4)
    keys = ["indicator", "level", "unit", "period", "breakdown"]
    return frame.sort_values(keys).reset_index(drop=True)


@pytest.mark.xdist_group("samples")
def test_golden_table_of_values_on_the_scale1_samples(samples_db):
    """After a deliberate change, regenerate with: BIMO_UPDATE_GOLDEN=1 make test"""
    current = golden_frame(samples_db)
    if os.environ.get("BIMO_UPDATE_GOLDEN") == "1":
        current.to_csv(GOLDEN, index=False)
    golden = pd.read_csv(
        GOLDEN,
        dtype={"unit": str, "period": str, "breakdown": str},
        keep_default_na=False,
        na_values={"value": [""], "n": [""]},
    )
    golden["value_text"] = golden["value_text"].replace("", None)
    assert len(current) == len(golden)
    pd.testing.assert_frame_equal(
        current[["indicator", "level", "unit", "period", "breakdown", "suppressed"]],
        golden[["indicator", "level", "unit", "period", "breakdown", "suppressed"]],
        check_dtype=False,
    )
    assert (current["value"].fillna(-1) - golden["value"].fillna(-1)).abs().max() < 1e-3
    assert (current["n"].fillna(-1).astype(int) == golden["n"].fillna(-1).astype(int)).all()


@pytest.mark.xdist_group("samples")
@pytest.mark.parametrize(
    "notebook",
    sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb")),
    ids=lambda p: p.name,
)
def test_notebooks_run_top_to_bottom(samples_db, samples_url, notebook, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("BIMO_DATABASE_URL", samples_url)
    book = nbformat.read(notebook, as_version=4)
    NotebookClient(
        book,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    ).execute()
    errors = [
        out
        for cell in book.cells
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors
