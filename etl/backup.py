"""Backup and restore of the whole database (``bildungsmonitor backup`` and ``restore``).

SQLite: SQLite's online backup API (``sqlite3.Connection.backup``) copies the database in one
step, that is in one read transaction: a consistent snapshot, taken while the app reads and an
import writes (WAL mode, see ``etl.db``). The backup is one self-contained SQLite file, checked
before it replaces an older one. A restore copies a backup into the database the same way; the
copy runs as one write transaction under SQLite's write lock, the lock ``etl.db.locked`` takes:
an import waits until the restore is done, and the app sees the old or the new state, never a
mixture.

PostgreSQL: ``pg_dump --format=custom`` of the database's schema and ``pg_restore --clean
--if-exists --single-transaction`` (all or nothing) while this process holds the database's
advisory write lock. The URL reaches the tools as an argument list (no shell), the password in
``PGPASSWORD`` (not visible in the process list). Without the tools, the message gives the
command to run by hand.

Every restore records a new random token in ``restores`` (``etl.models.Restore``): a running app
compares it with load and build ids (``publish.read.reader``), so it notices a restore even to a
state whose ids it has seen before. Backups hold users and the audit log too: a restore brings
them back to the state of the backup, plus an audit entry of the restore itself.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import tempfile
import time
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, Connection, Engine, create_engine, func, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from etl import audit, german
from etl.db import (
    LOCK_WAIT_SECONDS,
    DatabaseBusy,
    DatabaseError,
    complete_schema,
    locked,
    make_engine,
    parse_url,
    reader_engine,
    shown,
)
from etl.models import Load, Restore, User

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"  # pg_dump's custom format
# The schema object itself is left out of a PostgreSQL restore: the database's schema exists,
# and other tables in it (a newer version's) would stop ``DROP SCHEMA``.
_SCHEMA_ENTRY = re.compile(r"^\d+; \d+ \d+ (SCHEMA - |(COMMENT|ACL) - SCHEMA )")
_TABLE_ENTRY = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) ")


class BackupError(DatabaseError):
    """A backup cannot be written or restored as asked; the message is German and says why."""


@dataclass(frozen=True)
class Contents:
    """What a database or a backup holds, as the messages describe it."""

    loads: int  # loaded files (active loads)
    last_load: dt.datetime | None
    users: int

    @property
    def empty(self) -> bool:
        return self.loads == 0 and self.users == 0

    def describe(self) -> str:
        text = german.plural(self.loads, "Lieferung", "Lieferungen")
        if self.last_load is not None:
            text += f", letzter Import {german.timestamp(self.last_load)}"
        if self.users:
            text += ", " + german.plural(self.users, "Benutzer", "Benutzer")
        return text


# --- what a database and a file hold ------------------------------------------------------------


def contents(url: str) -> Contents:
    """What the database at ``url`` holds (nothing for a file or tables not there yet); creates
    nothing. Raises DatabaseError for a malformed URL or a server that cannot be reached."""
    engine = reader_engine(url)
    if engine is None:
        return Contents(0, None, 0)
    try:
        with engine.connect() as conn:
            return _contents(conn)
    except DBAPIError as error:
        raise _unusable(url, error) from None
    finally:
        engine.dispose()


def _contents(conn: Connection) -> Contents:
    tables = set(inspect(conn).get_table_names())
    loads, last = 0, None
    if Load.__tablename__ in tables:
        loads, last = conn.execute(
            select(func.count(), func.max(Load.loaded_at)).where(Load.superseded_by.is_(None))
        ).one()
    users = 0
    if User.__tablename__ in tables:
        users = conn.execute(select(func.count()).select_from(User)).scalar_one()
    return Contents(loads, last, users)


def backup_kind(path: Path) -> str:
    """The kind of a backup file, "sqlite" or "postgresql"; BackupError naming the file for
    anything else (missing, a folder, another kind of file, a SQLite file of another program)."""
    if path.is_dir():
        raise BackupError(f"„{path}“ ist ein Ordner, keine Sicherung: nichts wiederhergestellt.")
    if not path.is_file():
        raise BackupError(f"Sicherung „{path}“ nicht gefunden: nichts wiederhergestellt.")
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    if head != SQLITE_MAGIC:
        raise BackupError(
            f"„{path}“ ist keine SQLite-Datenbank und keine pg_dump-Sicherung: nichts "
            "wiederhergestellt."
        )
    _check_sqlite_backup(path)
    return "sqlite"


def _check_sqlite_backup(path: Path) -> None:
    try:
        with _read_only(path) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if Load.__tablename__ not in tables:
                raise BackupError(
                    f"„{path}“ ist keine Datenbank des Bildungsmonitors (die Tabelle "
                    "„loads“ fehlt): nichts wiederhergestellt."
                )
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as error:
        raise BackupError(f"„{path}“ kann nicht gelesen werden ({error}).") from None
    if check != "ok":
        raise BackupError(f"„{path}“ ist beschädigt ({check}): nichts wiederhergestellt.")


def _read_only(path: Path) -> closing[sqlite3.Connection]:
    """A read-only connection to a SQLite file, closed at the end of the ``with`` block (the
    connection's own context manager only ends a transaction)."""
    return closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True))


# --- backup -------------------------------------------------------------------------------------


def backup(url: str, out: Path) -> tuple[Contents, int]:
    """Write a backup of the database at ``url`` to ``out``; returns what it holds and its size
    in bytes. An existing backup at ``out`` is replaced only once the new one is complete."""
    _check_out(out, url)
    engine = reader_engine(url)
    if engine is None:
        raise BackupError(f"Datenbank {shown(url)} gibt es nicht: nichts zu sichern.")
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table(Load.__tablename__):
                raise BackupError(
                    f"{shown(url)} ist keine Datenbank des Bildungsmonitors (die Tabelle "
                    "„loads“ fehlt): nichts gesichert."
                )
            held = _contents(conn)  # PostgreSQL: what the dump holds
            schema = "" if engine.dialect.name == "sqlite" else _current_schema(conn)
        if engine.dialect.name == "sqlite":
            held = _backup_sqlite(engine, out)  # what the backup file holds
        else:
            _backup_postgres(engine.url, schema, out)
    except DBAPIError as error:
        raise _unusable(url, error) from None
    finally:
        engine.dispose()
    return held, out.stat().st_size


def _check_out(out: Path, url: str) -> None:
    if out.is_dir():
        raise BackupError(
            f"„{out}“ ist ein Ordner: bitte einen Dateinamen angeben, z. B. "
            f"{out / f'bildungsmonitor-{dt.date.today():%Y-%m-%d}.sqlite'}."
        )
    if not out.parent.is_dir():
        raise BackupError(f"Ordner {out.parent} gibt es nicht: keine Sicherung geschrieben.")
    if _is_the_database(out, url):
        raise BackupError(f"„{out}“ ist die Datenbank selbst: keine Sicherung geschrieben.")
    if out.is_file() and out.stat().st_size:
        with out.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
        if head != SQLITE_MAGIC and not head.startswith(PG_DUMP_MAGIC):
            raise BackupError(
                f"„{out}“ gibt es schon und ist keine Sicherung: nicht überschrieben."
            )


def _backup_sqlite(engine: Engine, out: Path) -> Contents:
    temporary = _temporary_beside(out)
    try:
        source = engine.raw_connection()
        try:
            target = sqlite3.connect(temporary)
            try:
                # all pages in one step, that is one read transaction: a consistent snapshot
                source.driver_connection.backup(target, pages=-1)
                # The live database is in WAL mode; the backup is one file without -wal/-shm.
                target.execute("PRAGMA journal_mode=DELETE")
                check = target.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                target.close()
        finally:
            source.close()
        if check != "ok":
            raise BackupError(f"Sicherung fehlerhaft ({check}): {out} nicht geschrieben.")
        held = _file_contents(temporary)
        os.replace(temporary, out)
    except sqlite3.Error as error:
        raise BackupError(f"Sicherung fehlgeschlagen: {error}. {out} nicht geschrieben.") from None
    finally:
        temporary.unlink(missing_ok=True)
    return held


def _is_the_database(path: Path, url: str) -> bool:
    """True if ``path`` is the SQLite file of ``url``."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or not path.exists():
        return False
    return Path(parsed.database).exists() and path.samefile(parsed.database)


def _file_contents(path: Path) -> Contents:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            return _contents(conn)
    finally:
        engine.dispose()


def _backup_postgres(url: URL, schema: str, out: Path) -> None:
    dump = ["--format=custom", f"--schema={_pattern(schema)}", _dbname(url)]
    pg_dump = _tool("pg_dump", ["pg_dump", *dump, f"--file={out}"], url)
    temporary = _temporary_beside(out)
    try:
        _run([pg_dump, *dump, f"--file={temporary}"], url, "Sicherung fehlgeschlagen")
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)


# --- restore ------------------------------------------------------------------------------------


def restore(path: Path, url: str, by: str, *, create_folder: bool = False) -> Contents:
    """Replace the whole content of the database at ``url`` by the backup ``path``; returns
    what it holds now. ``by`` is recorded in the audit log (e.g. ``cli:<OS user>``)."""
    kind = backup_kind(path)
    backend = parse_url(url).get_backend_name()
    if kind != ("sqlite" if backend == "sqlite" else "postgresql"):
        saved, target = ("SQLite", "PostgreSQL") if kind == "sqlite" else ("PostgreSQL", "SQLite")
        raise BackupError(
            f"„{path}“ ist eine Sicherung einer {saved}-Datenbank, {shown(url)} ist eine "
            f"{target}-Datenbank: nichts wiederhergestellt."
        )
    if _is_the_database(path, url):
        raise BackupError(f"„{path}“ ist die Datenbank selbst: nichts wiederhergestellt.")
    command: list[str] = []  # PostgreSQL: pg_restore, its options and the database
    if kind == "postgresql":  # without the tool, nothing is touched
        options = ["--clean", "--if-exists", "--single-transaction", "--no-owner", _dbname(url)]
        command = [_tool("pg_restore", ["pg_restore", *options, str(path)], url), *options]
    try:
        engine = make_engine(url, create_folder=create_folder)
    except DBAPIError as error:  # e.g. a schema in the URL's search_path that does not exist
        raise _unusable(url, error) from None
    try:
        if kind == "sqlite":
            _restore_sqlite(path, engine)
            with locked(engine) as conn:
                _after_restore(conn, path, by)
        else:
            _restore_postgres(path, engine, by, command)
        with engine.connect() as conn:
            return _contents(conn)
    except DBAPIError as error:
        raise _unusable(url, error) from None
    finally:
        engine.dispose()


def _restore_sqlite(path: Path, engine: Engine) -> None:
    """Copy the backup into the database in one write transaction. The copy takes SQLite's write
    lock, waiting for a running import like ``etl.db.locked`` does (the engine's busy timeout),
    and gives up with DatabaseBusy after ``LOCK_WAIT_SECONDS``."""
    started = time.monotonic()

    def waiting(status: int, _remaining: int, _total: int) -> None:
        busy = status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        if busy and time.monotonic() - started >= LOCK_WAIT_SECONDS:
            raise DatabaseBusy(
                "Die Datenbank ist gerade belegt: ein Import oder eine Berechnung der "
                f"Indikatoren läuft seit mehr als {LOCK_WAIT_SECONDS:g} s. Nichts "
                "wiederhergestellt; bitte gleich noch einmal versuchen."
            )

    try:
        with _read_only(path) as source:
            target = engine.raw_connection()
            try:
                source.backup(target.driver_connection, pages=-1, progress=waiting)
            finally:
                target.close()
    except sqlite3.Error as error:
        raise BackupError(
            f"Wiederherstellung aus „{path}“ fehlgeschlagen ({error}): die Datenbank ist "
            "unverändert."
        ) from None


def _restore_postgres(path: Path, engine: Engine, by: str, command: list[str]) -> None:
    """``command``: pg_restore with its options and the database, without the file."""
    listing = _run([command[0], "--list", str(path)], None, f"„{path}“ nicht lesbar")
    listing = listing.splitlines()
    tables = [m.groups() for line in listing if (m := _TABLE_ENTRY.match(line))]
    schemas = {schema for schema, _name in tables}
    if not any(name == Load.__tablename__ for _schema, name in tables):
        raise BackupError(
            f"„{path}“ ist keine Sicherung des Bildungsmonitors (die Tabelle „loads“ fehlt): "
            "nichts wiederhergestellt."
        )
    with engine.connect() as conn:
        schema = _current_schema(conn)
    if schemas != {schema}:
        raise BackupError(
            f"„{path}“ ist eine Sicherung des Schemas „{', '.join(sorted(schemas))}“, die "
            f"Datenbank-URL zeigt auf das Schema „{schema}“: nichts wiederhergestellt."
        )
    with tempfile.TemporaryDirectory(prefix="bimo-restore-") as folder:
        chosen = Path(folder) / "liste.txt"
        chosen.write_text(
            "".join(line + "\n" for line in listing if not _SCHEMA_ENTRY.match(line)),
            encoding="utf-8",
        )
        # Under the advisory write lock: no import or build of another process runs meanwhile.
        # This transaction touches no table before pg_restore ends, so it blocks none of its
        # statements.
        with locked(engine) as conn:
            _run(
                [*command, f"--use-list={chosen}", str(path)],
                engine.url,
                "Wiederherstellung fehlgeschlagen (die Datenbank ist unverändert)",
            )
            _after_restore(conn, path, by)


def _after_restore(conn: Connection, path: Path, by: str) -> None:
    """A backup of an older version gets the tables and columns added since; the new token
    tells running apps that the data changed; the audit log records who restored what."""
    complete_schema(conn)
    conn.execute(
        insert(Restore),
        {
            "token": uuid.uuid4().hex,
            "file_name": path.name[:500],
            "restored_at": dt.datetime.now().replace(microsecond=0),
            "restored_by": by[:100],
        },
    )
    audit.record(conn, by, "wiederhergestellt", path.name)


# --- PostgreSQL tools ---------------------------------------------------------------------------


def _tool(name: str, by_hand: list[str], url: str | URL) -> str:
    """The path of pg_dump or pg_restore; not on PATH: BackupError with the command to run."""
    found = shutil.which(name)
    if found is None:
        hint = " (das Passwort in PGPASSWORD oder ~/.pgpass)" if parse_url(url).password else ""
        raise BackupError(
            f"{name} nicht gefunden (PostgreSQL-Clientprogramme installieren, z. B. "
            f"„apt-get install postgresql-client“). Von Hand: {shlex.join(by_hand)}{hint}"
        )
    return found


def _run(command: list[str], url: URL | None, failed: str) -> str:
    """Run a PostgreSQL tool (no shell; the password, if any, in the environment, not in the
    process list); its standard output, or BackupError with its first messages."""
    env = dict(os.environ)
    if url is not None and url.password:
        env["PGPASSWORD"] = str(url.password)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        detail = "; ".join(lines[:3]) or f"Rückgabewert {done.returncode}"
        raise BackupError(f"{failed}: {Path(command[0]).name} meldet: {detail}")
    return done.stdout


def _dbname(url: str | URL) -> str:
    """The URL as libpq reads it (no SQLAlchemy driver name), without its password."""
    url = parse_url(url)
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return "--dbname=" + plain.render_as_string(hide_password=False)


def _current_schema(conn: Connection) -> str:
    return conn.execute(text("SELECT current_schema()")).scalar_one()


def _pattern(schema: str) -> str:
    """A pg_dump name pattern matching exactly ``schema`` (no case folding, no wildcards)."""
    return '"' + schema.replace('"', '""') + '"'


def _temporary_beside(out: Path) -> Path:
    """A new empty file in the folder of ``out``, so the final rename stays on one disk."""
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    return Path(name)


def _unusable(url: str, error: DBAPIError) -> DatabaseError:
    why = "nicht erreichbar" if isinstance(error, OperationalError) else "nicht lesbar"
    return DatabaseError(f"Datenbank {why}: {shown(url)} ({_first_line(error)})")


def _first_line(error: DBAPIError) -> str:
    lines = str(error.orig).strip().splitlines()
    return lines[0] if lines else type(error.orig).__name__
