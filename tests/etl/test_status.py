"""`status` is a reader: it works on an empty database and never creates or changes anything."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, func, inspect, select
from typer.testing import CliRunner

from bildungsmonitor.cli import app
from etl.db import make_engine
from etl.models import Base
from etl.sources import SOURCES


def _status(db_url: str) -> dict:
    result = CliRunner().invoke(app, ["status", "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _tables(db_url: str) -> set[str]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _row_counts(db_url: str) -> dict[str, int]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return {
                table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def _is_empty_report(report: dict) -> bool:
    return report["periods"] == {} and all(
        info["files"] == [] and info["rows"] == 0 and info["years"] == []
        for info in report["sources"].values()
    )


def test_status_on_a_fresh_database_creates_nothing(db_url, tmp_path):
    report = _status(db_url)
    assert list(report["sources"]) == list(SOURCES)
    assert _is_empty_report(report)
    if db_url.startswith("sqlite"):
        assert not (tmp_path / "test.sqlite").exists()
    else:
        assert _tables(db_url) == set()


def test_status_does_not_load_the_catalogue(db_url):
    make_engine(db_url).dispose()  # the schema, as any writing command leaves it
    before = _row_counts(db_url)
    report = _status(db_url)
    assert _is_empty_report(report)
    assert _row_counts(db_url) == before == dict.fromkeys(before, 0)


def test_status_shows_the_catalogue_once_a_writer_loaded_it(db_url):
    runner = CliRunner()
    built = runner.invoke(app, ["build", "--db", db_url])
    assert built.exit_code == 0, built.output
    goals = _status(db_url)["periods"]["2013-2017"]["goals"]
    assert len(goals) == 14
    assert set(goals[0]) == {
        "number",
        "key",
        "title",
        "measures",
        "challenges",
        "feedback",
        "measures_by_department",
    }
