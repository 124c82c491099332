"""Fixtures of the dashboard tests.

- ``tiny_url``: a hand-made SQLite database with a few units and indicator cells (one of them
  suppressed), built in milliseconds: enough for data.py, the callbacks and the pages.
- ``sample_url`` (session): the project's synthetic deliveries at a small scale, imported and
  built like the demo; used by the browser tests only (one pytest-xdist worker builds it).

Missing Chromium or sample generator skip the browser tests on a laptop, but fail with CI=true.
For quick local runs, ``BIMO_TEST_SAMPLE_URL`` may name a sample database built before.
"""

from __future__ import annotations

import os
import shutil

import pytest
from dashboard_helpers import SAMPLE_SCALE, make_tiny_database, require


@pytest.fixture
def tiny_url(tmp_path) -> str:
    return make_tiny_database(tmp_path / "tiny.sqlite")


@pytest.fixture
def tiny_data(tiny_url):
    """A DashboardData on the tiny database (no app needed)."""
    from publish.read import ReadModel as DashboardData

    source = DashboardData(tiny_url, check_interval=0)
    yield source
    source.engine.dispose()


# --- the synthetic sample database (browser tests) ---------------------------------------------


@pytest.fixture(scope="session")
def sample_url(tmp_path_factory) -> str:
    """Synthetic deliveries of every source at a small scale, imported in manifest order and
    built, exactly as ``bildungsmonitor samples --load`` does."""
    try:
        from bildungsmonitor.cli import manifest_jobs
        from etl.pipeline import import_file
        from etl.settings import Settings, load_settings
        from etl.synthetic import generate
        from indicators.build import build
    except ImportError as error:  # pragma: no cover - the generator is part of the project
        require(False, f"Beispieldaten-Generator fehlt: {error}")
        raise
    from etl.db import make_engine

    if os.environ.get("BIMO_TEST_SAMPLE_URL"):  # a sample database built before (local runs)
        return os.environ["BIMO_TEST_SAMPLE_URL"]
    folder = tmp_path_factory.mktemp("beispieldaten")
    manifest = generate(folder / "lieferungen", seed=2017, scale=SAMPLE_SCALE)
    url = f"sqlite:///{folder / 'bildungsmonitor.sqlite'}"
    settings = Settings(**{**load_settings().__dict__, "database_url": url})
    engine = make_engine(url)
    for source, path in manifest_jobs(folder / "lieferungen", manifest):
        import_file(engine, source, path, settings)
    build(engine)
    engine.dispose()
    shutil.rmtree(folder / "lieferungen", ignore_errors=True)
    return url
