"""Shared fixtures: a fresh database per test on SQLite and, where reachable, PostgreSQL.

PostgreSQL tests skip on a laptop without a server but must run in CI (CI=true): there an
unreachable server is a failure, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from etl.db import make_engine
from etl.settings import Settings, load_settings

POSTGRES_URL = os.environ.get(
    "BIMO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def postgres_available() -> bool:
    try:
        with create_engine(POSTGRES_URL).connect() as conn:
            conn.execute(text("select 1"))
        return True
    except Exception:
        return False


def require_postgres() -> None:
    if not postgres_available():
        if IN_CI:
            pytest.fail(f"PostgreSQL unter {POSTGRES_URL} nicht erreichbar, in CI Pflicht")
        pytest.skip("PostgreSQL nicht erreichbar")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> Iterator[str]:
    """URL of an empty database: a SQLite file, or a fresh schema in the PostgreSQL test db."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(**{**load_settings().__dict__, "database_url": db_url})


@pytest.fixture(scope="session")
def samples_url(tmp_path_factory) -> str:
    """A SQLite database with the scale-1 synthetic deliveries imported and indicators built.

    Built once per test run: the pytest-xdist workers share it through a file lock."""
    from filelock import FileLock
    from typer.testing import CliRunner

    from bildungsmonitor.cli import app

    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker
    database = shared / "samples-scale1.sqlite"
    done = shared / "samples-scale1.done"  # written only after a complete build
    url = f"sqlite:///{database}"
    with FileLock(str(shared / "samples-scale1.lock")):
        if not done.exists():
            for stale in shared.glob("samples-scale1.sqlite*"):
                stale.unlink()
            folder = shared / "samples-scale1"
            result = CliRunner().invoke(
                app, ["samples", "--out", str(folder), "--load", "--db", url]
            )
            assert result.exit_code == 0, result.output
            done.touch()
    return url


@pytest.fixture(scope="session")
def samples_db(samples_url) -> Iterator[Engine]:
    engine = make_engine(samples_url)
    yield engine
    engine.dispose()


@pytest.fixture
def world(engine, settings, tmp_path) -> Engine:
    """A database with the reference units, Kitas and schools of tests/helpers.py loaded."""
    from helpers import load_world

    return load_world(engine, settings, tmp_path)
