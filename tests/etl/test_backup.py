"""``bildungsmonitor backup`` and ``restore``: a restored backup gives back what ``status`` said
and every indicator value; a backup taken while others write is a consistent snapshot; a restore
waits for a running import; a file that is no backup is refused by name and changes nothing; a
running app notices a restore even to ids it has seen; PostgreSQL goes through pg_dump and
pg_restore."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from helpers import load_world, source_header, write_xlsx
from sqlalchemy import create_engine, delete, select, text
from typer.testing import CliRunner

from bildungsmonitor.cli import app
from etl import backup as backup_module
from etl import db
from etl.backup import BackupError, backup, restore
from etl.db import DatabaseBusy, make_engine
from etl.models import AuditEntry, Restore
from etl.pipeline import import_file
from etl.settings import Settings, load_settings
from indicators.build import build
from indicators.store import IndicatorValue
from publish.read import ReadModel

POPULATION_HEADER = source_header("population")


def run(*args: str, answer: str | None = None):
    result = CliRunner().invoke(app, list(args), input=answer)
    # success or a plain exit (typer.Exit), never an exception shown as a traceback
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def settings_for(url: str) -> Settings:
    return Settings(**{**load_settings().__dict__, "database_url": url})


def population_file(folder: Path, children: int) -> Path:
    """Children per age, sex and Ortsteil on two Stichtage; ``children`` sets the numbers, so
    two files differ in every population-based value."""
    rows = [POPULATION_HEADER]
    for day in ("31.12.2019", "31.12.2020"):
        for unit in ("0111", "0112", "0121", "0211"):
            for age in range(10):
                rows += [[day, unit, str(age), "w", str(children)]]
                rows += [[day, unit, str(age), "m", str(children + 1)]]
    return write_xlsx(folder / f"bevoelkerung_{children}.xlsx", rows)


def small_database(url: str, folder: Path) -> str:
    """The reference world of tests/helpers.py, built: some hundred indicator values."""
    engine = make_engine(url)
    load_world(engine, settings_for(url), folder)
    build(engine)
    engine.dispose()
    return url


def import_and_build(url: str, path: Path) -> None:
    engine = make_engine(url)
    assert import_file(engine, "population", path, settings_for(url)).status == "geladen"
    build(engine)
    engine.dispose()


def snapshot(url: str) -> tuple[dict, list]:
    """What ``status --json`` says, and every indicator value with all its columns."""
    report = json.loads(run("status", "--json", "--db", url).output)
    engine = create_engine(url)
    with engine.connect() as conn:
        values = [tuple(row) for row in conn.execute(select(IndicatorValue.__table__))]
    engine.dispose()
    return report, sorted(values, key=repr)


def change(url: str, folder: Path) -> None:
    """A new delivery, a build, and values lost: the state a backup should undo."""
    import_and_build(url, population_file(folder, 7))
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(delete(IndicatorValue).where(IndicatorValue.indicator.like("ssw.%")))
    engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return small_database(f"sqlite:///{tmp_path / 'bildungsmonitor.sqlite'}", tmp_path)


# --- SQLite ---------------------------------------------------------------------------------------


def test_a_restored_backup_gives_back_status_and_every_indicator_value(sqlite_url, tmp_path):
    before = snapshot(sqlite_url)
    assert len(before[1]) > 100
    saved = tmp_path / "sicherung.sqlite"
    result = run("backup", "--out", str(saved), "--db", sqlite_url)
    assert result.exit_code == 0, result.output
    assert f"Sicherung geschrieben: {saved}" in result.output
    assert "3 Lieferungen" in result.output
    assert not list(tmp_path.glob(".sicherung.sqlite.*"))  # no temporary file left
    assert not Path(f"{saved}-wal").exists()  # one self-contained file

    change(sqlite_url, tmp_path)
    changed = snapshot(sqlite_url)
    assert changed[0] != before[0] and changed[1] != before[1]

    # the database has data: the command asks, and "nein" leaves it alone
    refused = run("restore", str(saved), "--db", sqlite_url, answer="nein\n")
    assert refused.exit_code == 1
    assert "enthält Daten (4 Lieferungen" in refused.output
    assert "Abgebrochen: nichts wiederhergestellt." in refused.output
    assert snapshot(sqlite_url) == changed

    result = run("restore", str(saved), "--db", sqlite_url, answer="j\n")
    assert result.exit_code == 0, result.output
    assert f"Wiederhergestellt aus {saved}: 3 Lieferungen" in result.output
    assert snapshot(sqlite_url) == before
    engine = create_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.execute(select(Restore.file_name, Restore.restored_by)).all() == [
            ("sicherung.sqlite", f"cli:{load_settings().user}")
        ]
        audit = conn.execute(select(AuditEntry.action, AuditEntry.detail)).all()
    engine.dispose()
    assert audit[-1] == ("wiederhergestellt", "sicherung.sqlite")


def test_a_restore_into_a_new_database_asks_nothing(sqlite_url, tmp_path):
    saved = tmp_path / "sicherung.sqlite"
    assert run("backup", "--out", str(saved), "--db", sqlite_url).exit_code == 0
    new = f"sqlite:///{tmp_path / 'neu.sqlite'}"
    result = run("restore", str(saved), "--db", new)  # no answer given: it must not ask
    assert result.exit_code == 0, result.output
    assert snapshot(new) == snapshot(sqlite_url)


def test_a_backup_is_a_snapshot_without_what_is_not_committed(sqlite_url, tmp_path):
    database = sqlite_url.removeprefix("sqlite:///")
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an import holds the write lock
    writer.executemany(
        "INSERT INTO audit_log (at, login, action, detail) VALUES ('2020-01-01', 'x', 'import', ?)",
        [(f"offen {n}",) for n in range(500)],
    )
    during = tmp_path / "waehrend.sqlite"
    started = time.monotonic()
    backup(sqlite_url, during)  # does not wait for the writer
    assert time.monotonic() - started < 30
    writer.execute("COMMIT")
    writer.close()
    after = tmp_path / "danach.sqlite"
    backup(sqlite_url, after)
    assert audit_rows(during, "offen %") == 0
    assert audit_rows(after, "offen %") == 500


def audit_rows(path: Path, pattern: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT count(*) FROM audit_log WHERE detail LIKE ?", (pattern,)
        ).fetchone()[0]
    finally:
        conn.close()


def test_backups_taken_while_another_connection_writes_hold_whole_transactions(
    sqlite_url, tmp_path
):
    database = sqlite_url.removeprefix("sqlite:///")
    stop = threading.Event()
    committed: list[int] = []

    def write() -> None:
        conn = sqlite3.connect(database, isolation_level=None, timeout=60)
        batch = 0
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                "INSERT INTO audit_log (at, login, action, detail) "
                "VALUES ('2020-01-01', 'x', 'import', ?)",
                [(f"stapel {batch}",)] * 300,
            )
            conn.execute("COMMIT")
            committed.append(batch)
            batch += 1
        conn.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while not committed:
            time.sleep(0.01)
        batches = []
        for n in range(5):
            out = tmp_path / f"sicherung-{n}.sqlite"
            backup(sqlite_url, out)
            conn = sqlite3.connect(out)
            sizes = conn.execute(
                "SELECT detail, count(*) FROM audit_log WHERE detail LIKE 'stapel %' "
                "GROUP BY detail"
            ).fetchall()
            conn.close()
            assert {count for _detail, count in sizes} == {300}, sizes  # no half transaction
            batches.append(len(sizes))
    finally:
        stop.set()
        writer.join(timeout=60)
    assert batches[-1] > batches[0]  # the writer went on while the backups were taken


def test_a_restore_waits_for_a_running_import(sqlite_url, tmp_path, monkeypatch):
    saved = tmp_path / "sicherung.sqlite"
    backup(sqlite_url, saved)
    database = sqlite_url.removeprefix("sqlite:///")
    writer = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO audit_log (at, login, action, detail) "
        "VALUES ('2020-01-01', 'x', 'import', 'während')"
    )
    # waiting longer than the lock wait: refused, the database unchanged
    monkeypatch.setattr(db, "LOCK_WAIT_SECONDS", 0.3)
    monkeypatch.setattr(backup_module, "LOCK_WAIT_SECONDS", 0.3)
    with pytest.raises(DatabaseBusy, match="gerade belegt"):
        restore(saved, sqlite_url, "test")
    monkeypatch.undo()
    # the import ends during the wait: the restore runs after it, never in between
    ends = threading.Timer(0.5, lambda: writer.execute("COMMIT"))
    ends.start()
    started = time.monotonic()
    restore(saved, sqlite_url, "test")
    assert time.monotonic() - started >= 0.4
    ends.join()
    writer.close()
    assert audit_rows(Path(database), "während") == 0  # the backup's state, the import undone


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notizen.txt", b"Kein Backup, nur Text.\n", "ist keine SQLite-Datenbank"),
        ("leer.sqlite", b"", "ist keine SQLite-Datenbank"),
        ("fremd.sqlite", "other-program", "ist keine Datenbank des Bildungsmonitors"),
        ("halb.sqlite", "truncated", "kann nicht gelesen werden"),
        ("fehlt.sqlite", None, "nicht gefunden"),
    ],
)
def test_a_file_that_is_no_backup_is_refused_by_name(sqlite_url, tmp_path, name, content, message):
    path = tmp_path / name
    if content == "other-program":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.commit()
        conn.close()
    elif content == "truncated":
        backup(sqlite_url, path)
        path.write_bytes(path.read_bytes()[:9000])
    elif content is not None:
        path.write_bytes(content)
    before = snapshot(sqlite_url)
    result = run("restore", str(path), "--db", sqlite_url, "--ja")
    assert result.exit_code == 1
    assert f"„{path}“ {message}" in result.output
    assert "Traceback" not in result.output
    assert snapshot(sqlite_url) == before


def test_backup_refuses_to_overwrite_what_is_no_backup(sqlite_url, tmp_path):
    notes = tmp_path / "notizen.txt"
    notes.write_text("wichtig", encoding="utf-8")
    result = run("backup", "--out", str(notes), "--db", sqlite_url)
    assert result.exit_code == 1
    assert f"„{notes}“ gibt es schon und ist keine Sicherung" in result.output
    assert notes.read_text(encoding="utf-8") == "wichtig"
    database = sqlite_url.removeprefix("sqlite:///")
    result = run("backup", "--out", database, "--db", sqlite_url)
    assert result.exit_code == 1
    assert "ist die Datenbank selbst" in result.output
    missing = f"sqlite:///{tmp_path / 'gibt-es-nicht.sqlite'}"
    result = run("backup", "--out", str(tmp_path / "x.sqlite"), "--db", missing)
    assert result.exit_code == 1
    assert "gibt es nicht: nichts zu sichern" in result.output
    assert not (tmp_path / "gibt-es-nicht.sqlite").exists()


def test_a_running_app_notices_a_restore_to_ids_it_has_seen(sqlite_url, tmp_path):
    saved = tmp_path / "sicherung.sqlite"
    backup(sqlite_url, saved)
    import_and_build(sqlite_url, population_file(tmp_path, 7))
    app_data = ReadModel(sqlite_url, check_interval=0)
    seen = app_data.city_series("kita.places_per_100")
    assert not seen.empty
    version = app_data.version()
    # restored, then another population file: the same load and build ids as before
    restore(saved, sqlite_url, "test")
    import_and_build(sqlite_url, population_file(tmp_path, 20))
    assert app_data.version()[:2] == version[:2]
    assert app_data.version() != version
    now = app_data.city_series("kita.places_per_100")
    assert list(now["value"]) != list(seen["value"])
    app_data.dispose()


# --- PostgreSQL -----------------------------------------------------------------------------------


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_round_trip_with_pg_dump_and_pg_restore(db_url, tmp_path):
    url = small_database(db_url, tmp_path)
    before = snapshot(url)
    saved = tmp_path / "sicherung.dump"
    result = run("backup", "--out", str(saved), "--db", url)
    assert result.exit_code == 0, result.output
    assert saved.read_bytes().startswith(b"PGDMP")
    change(url, tmp_path)
    assert snapshot(url) != before
    result = run("restore", str(saved), "--db", url, "--ja")
    assert result.exit_code == 0, result.output
    assert snapshot(url) == before
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(Restore.file_name)).scalars().all() == ["sicherung.dump"]
        # the restored sequences go on after the restored ids
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    engine.dispose()
    import_and_build(url, population_file(tmp_path, 9))
    # a backup of another schema is not restored into this one
    other = url.replace(f"search_path%3D{schema}", "search_path%3Dpublic")
    result = run("restore", str(saved), "--db", other, "--ja")
    assert result.exit_code == 1
    assert f"Sicherung des Schemas „{schema}“" in result.output


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_without_pg_dump_the_message_gives_the_command(db_url, tmp_path, monkeypatch):
    url = small_database(db_url, tmp_path)
    monkeypatch.setattr(backup_module.shutil, "which", lambda _name: None)
    result = run("backup", "--out", str(tmp_path / "sicherung.dump"), "--db", url)
    assert result.exit_code == 1
    assert "pg_dump nicht gefunden" in result.output
    schema = db_url.rsplit("%3D", 1)[1]
    assert f"""Von Hand: pg_dump --format=custom '--schema="{schema}"'""" in result.output
    assert "--dbname=postgresql://postgres@" in result.output


def test_without_pg_restore_nothing_is_touched_and_no_password_shown(tmp_path, monkeypatch):
    dump = tmp_path / "sicherung.dump"
    dump.write_bytes(b"PGDMP" + bytes(100))
    monkeypatch.setattr(backup_module.shutil, "which", lambda _name: None)
    with pytest.raises(BackupError) as refused:
        restore(dump, "postgresql+psycopg://nutzer:geheim@db.example:5432/bimo", "test")
    message = str(refused.value)
    assert "pg_restore nicht gefunden" in message
    assert (
        "pg_restore --clean --if-exists --single-transaction --no-owner "
        f"--dbname=postgresql://nutzer@db.example:5432/bimo {dump}"
    ) in message
    assert "geheim" not in message
    assert "PGPASSWORD" in message


def test_a_backup_of_one_kind_is_not_restored_into_the_other(sqlite_url, tmp_path):
    dump = tmp_path / "sicherung.dump"
    dump.write_bytes(b"PGDMP" + bytes(100))
    result = run("restore", str(dump), "--db", sqlite_url, "--ja")
    assert result.exit_code == 1
    assert "ist eine Sicherung einer PostgreSQL-Datenbank" in result.output
