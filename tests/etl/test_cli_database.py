"""The command line with a database it cannot use: a German message, exit status 1, no traceback,
and nothing read or created before it says so."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import KITAS, write_xlsx
from typer.testing import CliRunner

from bildungsmonitor.cli import app


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    # success or a plain exit (typer.Exit), never an exception shown as a traceback
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def no_reading(monkeypatch):
    """Fails the test if a delivery is read: the database must be refused before."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("Datei gelesen, obwohl die Datenbank unbrauchbar ist")

    monkeypatch.setattr("etl.pipeline.read_file", refuse)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("nonsense", ""),
        ("postgresql+psycopg://nutzer:geheim@:::5432/db", "der Port ist keine Zahl"),
        ("sqlit:///x.sqlite", "unbekannte Datenbankart oder fehlender Treiber „sqlit“"),
    ],
)
def test_a_malformed_url_is_named_without_its_password(url, why, tmp_path, no_reading):
    delivery = write_xlsx(tmp_path / "kitas.xlsx", KITAS)
    for args in (["import", "kitas", str(delivery)], ["build"], ["status"]):
        result = run(*args, "--db", url)
        assert result.exit_code == 1
        assert "Datenbank-URL ungültig" in result.output
        assert why in result.output
        assert "geheim" not in result.output


def test_a_malformed_url_prints_no_traceback_in_a_real_process():
    done = subprocess.run(
        [sys.executable, "-m", "bildungsmonitor.cli", "status", "--db", "postgresql://x@:::1/"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "Datenbank-URL ungültig" in done.stderr


def test_a_read_only_sqlite_database_is_refused_before_the_file_is_read(tmp_path, no_reading):
    database = tmp_path / "nur-lesen.sqlite"
    assert run("build", "--db", f"sqlite:///{database}").exit_code == 0
    delivery = write_xlsx(tmp_path / "kitas.xlsx", KITAS)
    url = f"sqlite:///file:{database}?mode=ro&uri=true"
    result = run("import", "kitas", str(delivery), "--db", url)
    assert result.exit_code == 1
    assert "Datenbank ist schreibgeschützt" in result.output


def test_a_sqlite_file_without_write_permission_is_refused(tmp_path, monkeypatch, no_reading):
    # root may write any file, so the permission is denied by patching what the check asks
    database = tmp_path / "nur-lesen.sqlite"
    assert run("build", "--db", f"sqlite:///{database}").exit_code == 0
    monkeypatch.setattr("etl.db.os.access", lambda path, _mode: str(path) != str(database))
    delivery = write_xlsx(tmp_path / "kitas.xlsx", KITAS)
    result = run("import", "kitas", str(delivery), "--db", f"sqlite:///{database}")
    assert result.exit_code == 1
    assert f"Datenbank ist schreibgeschützt: {database}" in result.output


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_read_only_postgresql_database_is_refused(db_url, no_reading, tmp_path):
    url = db_url + "%20-cdefault_transaction_read_only%3Don"  # a fresh schema, read-only
    assert "options=-csearch_path" in db_url
    delivery = write_xlsx(tmp_path / "kitas.xlsx", KITAS)
    result = run("import", "kitas", str(delivery), "--db", url)
    assert result.exit_code == 1
    assert "Datenbank ist schreibgeschützt" in result.output


def test_a_database_in_a_missing_folder_is_not_created(tmp_path):
    database = tmp_path / "gibt-es-nicht" / "bm.sqlite"
    result = run("build", "--db", f"sqlite:///{database}")
    assert result.exit_code == 1
    assert f"Ordner {database.parent} gibt es nicht" in result.output
    assert not database.parent.exists()


def test_the_default_database_gets_its_folder(tmp_path, monkeypatch):
    """Without --db the SQLite file under BIMO_DATA_DIR is made, folder and all (make demo)."""
    monkeypatch.delenv("BIMO_DATABASE_URL", raising=False)
    monkeypatch.setenv("BIMO_DATA_DIR", str(tmp_path / "neu" / "daten"))
    assert run("build").exit_code == 0
    assert (tmp_path / "neu" / "daten" / "bildungsmonitor.sqlite").is_file()


def test_a_folder_is_neither_a_delivery_nor_a_database(tmp_path):
    folder = tmp_path / "lieferungen"
    folder.mkdir()
    result = run("import", "kitas", str(folder), "--db", f"sqlite:///{tmp_path / 'bm.sqlite'}")
    assert result.exit_code == 1
    assert "lieferungen: ist ein Ordner, keine Datei" in result.output
    assert "nicht gefunden" not in result.output
    for command in ("build", "status"):
        result = run(command, "--db", f"sqlite:///{folder}")
        assert result.exit_code == 1
        assert f"{folder} ist ein Ordner, keine Datenbankdatei" in result.output


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_postgresql_schema_that_does_not_exist_gets_a_message(db_url):
    from etl.db import DatabaseError, make_engine

    base, _, _schema = db_url.rpartition("%3D")  # options=-csearch_path%3D<fresh schema>
    with pytest.raises(DatabaseError, match="Datenbank nicht nutzbar"):
        make_engine(f"{base}%3Dgibt_es_nicht_schema")
