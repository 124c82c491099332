"""Integrity under concurrent use: two processes importing the same file, or building, at once.

Each test runs 20 trials on SQLite and on PostgreSQL. Two forked worker processes wait at a
barrier before every trial, so both calls start within a millisecond of each other."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import UNITS, source_header, write_xlsx
from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from etl import db
from etl.db import DatabaseBusy, locked, make_engine
from etl.models import Load, Population
from etl.pipeline import import_file
from indicators.build import build
from indicators.store import IndicatorValue

TRIALS = 20
POPULATION_HEADER = source_header("population")
CONTEXT = mp.get_context("fork")  # fast; each child makes its own engine (none is inherited)


def population_file(folder: Path, trial: int) -> Path:
    """A tiny delivery of its own Stichtag per trial: a new delivery unit and a new hash."""
    day = f"31.12.{2000 + trial}"
    rows = [
        POPULATION_HEADER,
        [day, "0111", "3", "w", "5"],
        [day, "0111", "4", "m", "6"],
        [day, "0211", "5", "w", "7"],
    ]
    return write_xlsx(folder / f"bevoelkerung_{2000 + trial}.xlsx", rows)


def _worker(index: int, job: str, url: str, settings, files: list, barrier, results) -> None:
    engine = make_engine(url)
    for trial in range(TRIALS):
        barrier.wait(timeout=120)
        try:
            if job == "import":
                outcome = import_file(engine, "population", files[trial], settings).status
            else:
                outcome = f"{build(engine).cells} Werte"
        except DatabaseBusy as busy:
            outcome = f"gesperrt: {busy}"
        except Exception as error:  # reported to the test, which fails with it
            outcome = f"Fehler: {type(error).__name__}: {str(error)[:300]}"
        results.put((trial, 0, outcome))
        barrier.wait(timeout=120)  # both done: the first worker looks at the database
        if index == 0:
            with engine.connect() as conn:
                results.put((trial, 1, census(conn)))  # sorts after the outcomes
    engine.dispose()


def census(conn) -> dict[str, object]:
    """What a trial left: active population loads against the rows they own, and how many
    indicator values there are against how many distinct keys."""
    active = conn.execute(
        select(Load.id, Load.rows).where(Load.source == "population", Load.superseded_by.is_(None))
    ).all()
    owned = conn.execute(select(Population.load_id, func.count()).group_by(Population.load_id))
    key = (
        IndicatorValue.indicator,
        IndicatorValue.level,
        IndicatorValue.unit,
        IndicatorValue.period,
        IndicatorValue.breakdown,
    )
    values = conn.execute(select(func.count()).select_from(IndicatorValue)).scalar()
    distinct = conn.execute(
        select(func.count()).select_from(select(*key).distinct().subquery())
    ).scalar()
    return {
        "loads": {load: rows for load, rows in active},
        "owned": dict(owned.all()),
        "values": values,
        "distinct": distinct,
    }


def run_pair(job: str, url: str, settings, files: list[Path] = ()) -> dict[int, list]:
    """Outcomes per trial: the two workers' results, then the census after the trial."""
    barrier, results = CONTEXT.Barrier(2), CONTEXT.Queue()
    workers = [
        CONTEXT.Process(
            target=_worker, args=(index, job, url, settings, list(files), barrier, results)
        )
        for index in range(2)
    ]
    for worker in workers:
        worker.start()
    outcomes: dict[int, list] = {}
    for _ in range(3 * TRIALS):
        trial, order, outcome = results.get(timeout=300)
        outcomes.setdefault(trial, []).append((order, outcome))
    for worker in workers:
        worker.join(timeout=60)
    return {
        trial: [outcome for _order, outcome in sorted(got, key=lambda item: item[0])]
        for trial, got in outcomes.items()
    }


def test_the_same_file_imported_twice_at_once_is_loaded_once(world, settings, db_url, tmp_path):
    files = [population_file(tmp_path, trial) for trial in range(TRIALS)]
    world.dispose()  # a forked child must not inherit open connections
    outcomes = run_pair("import", db_url, settings, files)
    for trial, (*pair, after) in sorted(outcomes.items()):
        assert sorted(pair) == ["bereits importiert", "geladen"], (trial, pair)
        # one load per file, and no phantom load: each active load owns the rows it counts
        assert len(after["loads"]) == trial + 1, (trial, after)
        assert after["loads"] == after["owned"], (trial, after)
        assert set(after["loads"].values()) == {3}


def test_two_builds_at_once_leave_each_value_once(world, settings, db_url):
    world.dispose()
    outcomes = run_pair("build", db_url, settings)
    expected = None
    for trial, (*pair, after) in sorted(outcomes.items()):
        assert all(outcome.endswith(" Werte") for outcome in pair), (trial, pair)
        assert pair[0] == pair[1], (trial, pair)
        expected = int(pair[0].split()[0])
        assert after["values"] == after["distinct"] == expected > 0, (trial, after)


def test_two_command_lines_importing_the_same_file_into_a_new_database(db_url, tmp_path):
    """End to end, on an empty database: both make the schema and the goal catalogue, one loads
    the file and builds, the other finds it loaded; no traceback, no second load."""
    path = write_xlsx(tmp_path / "raumgliederung.xlsx", UNITS)
    command = [sys.executable, "-m", "bildungsmonitor.cli", "import", "spatial-units"]
    runs = [
        subprocess.Popen(
            [*command, str(path), "--db", db_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    said = [out for out, _err in outputs]
    assert sum("bereits importiert" in out for out in said) == 1, said
    assert sum("4 Zeilen geladen" in out for out in said) == 1, said
    assert not any("Traceback" in err for _out, err in outputs)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Load)).scalar() == 1
        after = census(conn)
    assert after["values"] == after["distinct"]
    engine.dispose()


def test_an_import_waiting_too_long_for_the_lock_says_so(world, settings, db_url, tmp_path):
    path = population_file(tmp_path, 0)
    original = db.LOCK_WAIT_SECONDS
    try:
        db.LOCK_WAIT_SECONDS = 0.5
        impatient = make_engine(db_url)  # SQLite reads the wait when the engine is made
        # another import or build holds the lock
        with locked(world), pytest.raises(DatabaseBusy) as caught:
            import_file(impatient, "population", path, settings)
    finally:
        db.LOCK_WAIT_SECONDS = original
    assert "gerade belegt" in str(caught.value)
    assert "noch einmal versuchen" in str(caught.value)
    # nothing was stored, and the file loads once the lock is free
    assert import_file(impatient, "population", path, settings).status == "geladen"
    impatient.dispose()


LOAD = {
    "source": "population",
    "file_name": "a.xlsx",
    "sha256": "0" * 64,
    "delivery": "2019",
    "rows": 1,
    "loaded_at": dt.datetime(2020, 1, 1),
    "loaded_by": "test",
}


def test_an_existing_database_gets_the_unique_indexes(db_url):
    """A database made before the unique indexes existed gets them when a writer opens it."""
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX uq_loads_active_sha256"))
    engine.dispose()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(insert(Load), LOAD)
        # a superseded load may share the hash of the active one
        conn.execute(insert(Load), {**LOAD, "file_name": "alt.xlsx", "superseded_by": 1})
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(Load), {**LOAD, "file_name": "b.xlsx"})
    engine.dispose()


def test_duplicates_stored_before_keep_the_database_usable(world, db_url, caplog):
    """Values stored twice before the fix: opening warns, and the next build cleans them up and
    adds the unique key."""
    engine = world
    build(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX uq_indicator_values_key"))
        conn.execute(
            text(
                "INSERT INTO indicator_values (indicator, level, unit, period, year, breakdown, "
                "suppressed) SELECT indicator, level, unit, period, year, breakdown, suppressed "
                "FROM indicator_values"
            )
        )
    engine.dispose()
    engine = make_engine(db_url)
    assert "uq_indicator_values_key nicht angelegt" in caplog.text
    build(engine)
    with engine.connect() as conn:
        names = {i["name"] for i in inspect(conn).get_indexes("indicator_values")}
        census_after = census(conn)
    assert "uq_indicator_values_key" in names
    assert census_after["values"] == census_after["distinct"] > 0
    engine.dispose()
