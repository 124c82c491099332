"""Fixtures of the export tests: a small database from the project's own synthetic generator
(scale 0.2, seed 2017), imported in manifest order and built, once per session.

Under pytest-xdist the workers share the database (a file lock lets the first one build it);
each worker that runs chart tests starts its own Chromium. Chart, pack and parallel tests need
/usr/bin/chromium: they skip on a laptop without it and fail in CI (CI=true).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = Path("/usr/bin/chromium")
SCALE = 0.2
SEED = 2017


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if IN_CI:
        pytest.fail(f"Chromium fehlt ({CHROMIUM}), in CI Pflicht")
    pytest.skip(f"Chromium fehlt ({CHROMIUM})")


def build_database(path: Path) -> None:
    from bildungsmonitor.cli import manifest_jobs
    from etl.db import make_engine
    from etl.pipeline import import_file
    from etl.settings import load_settings
    from etl.synthetic import generate
    from indicators.build import build

    folder = path.parent / f"{path.stem}-lieferungen"
    manifest = generate(folder, seed=SEED, scale=SCALE)
    partial = path.with_suffix(".partial")
    url = f"sqlite:///{partial}"
    settings = dataclasses.replace(load_settings(), database_url=url)
    engine = make_engine(url)
    for source, file in manifest_jobs(folder, manifest):
        import_file(engine, source, file, settings)
    build(engine)
    engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(path)  # complete or absent, never half-built


@pytest.fixture(scope="session")
def export_db(tmp_path_factory) -> Path:
    """The SQLite file of the sample database (copy it before changing anything). Under
    pytest-xdist the workers of a session share it: the first builds it, the others wait."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        path = tmp_path_factory.mktemp("exporte") / "bildungsmonitor.sqlite"
        build_database(path)
        return path
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent / "exporte"  # one per session
    shared.mkdir(exist_ok=True)
    path = shared / "bildungsmonitor.sqlite"
    with FileLock(str(shared / "bau.lock")):
        if not path.exists():
            build_database(path)
    return path


@pytest.fixture(scope="session")
def export_url(export_db) -> str:
    return f"sqlite:///{export_db}"


@pytest.fixture(scope="session")
def export_data(export_url):
    from publish.read import ReadModel as DashboardData

    source = DashboardData(export_url, check_interval=0)
    yield source
    source.engine.dispose()


@pytest.fixture(scope="session")
def renderer():
    """The process-wide kaleido renderer, started once and closed after the session."""
    require_chromium()
    from publish.render.images import RENDERER

    RENDERER.warm_up()
    yield RENDERER
    RENDERER.close()


@pytest.fixture(scope="session")
def suppressed_cell(export_url) -> dict:
    """A suppressed Ortsteil cell of a KOMPIK share without breakdown, as stored in
    indicator_values (a share: value, numerator, denominator and n all withheld)."""
    from sqlalchemy import create_engine, select

    from indicators.store import IndicatorValue as IV

    engine = create_engine(export_url)
    with engine.connect() as conn:
        row = conn.execute(
            select(IV.indicator, IV.level, IV.unit, IV.year, IV.period, IV.reason)
            .where(
                IV.suppressed,
                IV.level == "ortsteil",
                IV.breakdown == "",
                IV.indicator.like("kompik.%"),
            )
            .order_by(IV.indicator, IV.year, IV.unit)
            .limit(1)
        ).one()
        others = conn.execute(
            select(IV.value, IV.numerator, IV.denominator, IV.n).where(
                IV.indicator == row.indicator,
                IV.level == "ortsteil",
                IV.unit == row.unit,
                IV.year == row.year,
                IV.breakdown == "",
            )
        ).one()
    engine.dispose()
    assert tuple(others) == (None, None, None, None)  # the build stores no number
    return row._asdict()
