"""Engine creation, schema set-up and the write lock; the same code serves SQLite and PostgreSQL.

Concurrency: every writing transaction of an import or a build runs under one lock per database
(:func:`locked`): on PostgreSQL a transaction-level advisory lock, on SQLite an immediate
transaction (SQLite's own single writer lock, taken at the start instead of at the first write).
A second import or build waits for the first, then sees what it committed.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

from etl.models import Base

log = logging.getLogger(__name__)

# How long an import or build waits for another one to finish before giving up with a message.
LOCK_WAIT_SECONDS = 300.0
# The advisory lock of PostgreSQL: (this class, the schema), so two databases kept in schemas of
# one PostgreSQL database do not wait for each other.
LOCK_CLASS = 0x42494D4F  # "BIMO"

EXAMPLES = "z. B. sqlite:///pfad/bildungsmonitor.sqlite oder postgresql+psycopg://nutzer@host/db"


class DatabaseError(Exception):
    """A database that cannot be used as asked; the message is German and says why."""


class DatabaseBusy(DatabaseError):
    """Another import or build held the write lock for longer than ``LOCK_WAIT_SECONDS``."""


def parse_url(url: str) -> URL:
    """The parsed ``url``; a malformed one or an unknown database kind is a DatabaseError."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        why = " (der Port ist keine Zahl)" if "int()" in str(error) else ""
        raise DatabaseError(f"Datenbank-URL ungültig: {_masked(url)}{why}; {EXAMPLES}.") from None
    try:
        parsed.get_dialect()  # an unknown kind ("sqlit://") or a missing driver fails here
    except NoSuchModuleError:
        raise DatabaseError(
            f"Datenbank-URL ungültig: {_masked(url)} (unbekannte Datenbankart oder fehlender "
            f"Treiber „{parsed.drivername}“); {EXAMPLES}."
        ) from None
    return parsed


def shown(url: str | URL) -> str:
    """The URL as messages show it: without a password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _masked(str(url))


def make_engine(url: str, *, create_folder: bool = False) -> Engine:
    """An engine for writers: the schema exists and the database is writable.

    A SQLite file may be new, but its folder must exist (``create_folder``: make it, for the
    default database under the data folder). Raises DatabaseError with a German message for a
    malformed URL, a missing folder, a folder given as the file, a read-only database or a
    server that cannot be reached."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_file(parsed, create_folder)
        # The busy timeout is how long an immediate transaction waits for another writer.
        engine = create_engine(parsed, connect_args={"timeout": LOCK_WAIT_SECONDS})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(parsed, pool_pre_ping=True)
    try:
        if schema_incomplete(engine):
            with locked(engine) as conn:
                complete_schema(conn)
        if parsed.get_backend_name() != "sqlite":
            _check_writable(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except DBAPIError as error:
        engine.dispose()
        if _is_read_only(error):
            raise DatabaseError(
                f"Datenbank ist schreibgeschützt: {shown(parsed)} ({_first_line(error.orig)})"
            ) from None
        if isinstance(error, OperationalError):
            raise DatabaseError(
                f"Datenbank nicht erreichbar: {shown(parsed)} ({_first_line(error.orig)})"
            ) from None
        # e.g. a search_path naming a schema that does not exist: no table can be created
        raise DatabaseError(
            f"Datenbank nicht nutzbar: {shown(parsed)} ({_first_line(error.orig)})"
        ) from None
    return engine


@contextmanager
def locked(engine: Engine) -> Iterator[Connection]:
    """One writing transaction under the database's write lock; commits at the end, rolls back
    on an exception. Raises DatabaseBusy after ``LOCK_WAIT_SECONDS`` of waiting."""
    with engine.connect() as conn:
        try:
            if conn.dialect.name == "sqlite":
                # pysqlite leaves an explicit BEGIN alone and commits it with the connection.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                wait = f"{max(1, int(LOCK_WAIT_SECONDS * 1000))}ms"
                conn.execute(text("SELECT set_config('lock_timeout', :wait, true)"), {"wait": wait})
                conn.execute(
                    text(
                        "SELECT pg_advisory_xact_lock(:lock_class, "
                        "hashtext(coalesce(current_schema(), '')))"
                    ),
                    {"lock_class": LOCK_CLASS},
                )
        except OperationalError as error:
            conn.rollback()
            if _is_busy(error):
                raise DatabaseBusy(
                    "Die Datenbank ist gerade belegt: ein anderer Import oder eine Berechnung "
                    f"der Indikatoren läuft seit mehr als {_seconds(LOCK_WAIT_SECONDS)} s. Bitte "
                    "gleich noch einmal versuchen."
                ) from None
            raise
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def _is_busy(error: DBAPIError) -> bool:
    sqlstate = getattr(error.orig, "sqlstate", None)  # psycopg: 55P03 lock_not_available
    return sqlstate == "55P03" or "database is locked" in str(error.orig)


def _is_read_only(error: DBAPIError) -> bool:
    """SQLite's "attempt to write a readonly database"; PostgreSQL's read-only transaction
    (25006) or a missing right (42501)."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    flat = str(error.orig).replace("-", "").replace(" ", "").lower()
    return sqlstate in ("25006", "42501") or "readonly" in flat


def _check_sqlite_file(parsed: URL, create_folder: bool) -> None:
    database = parsed.database
    if not database or database == ":memory:":
        return
    query = {key: str(value) for key, value in parsed.query.items()}
    if query.get("uri") == "true":  # file:...?mode=ro: SQLite opens exactly as asked
        if query.get("mode") == "ro" or query.get("immutable") == "1" or "mode=ro" in database:
            raise DatabaseError(f"Datenbank ist schreibgeschützt (mode=ro): {database}.")
        return
    path = Path(database)
    if path.is_dir():
        raise DatabaseError(f"{path} ist ein Ordner, keine Datenbankdatei.")
    if not path.parent.is_dir():
        if not create_folder:
            raise DatabaseError(
                f"Ordner {path.parent} gibt es nicht: keine Datenbank angelegt. Den Ordner "
                "anlegen oder den Pfad der Datenbank prüfen."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    # SQLite writes the file and, in WAL mode, two files beside it.
    if (path.exists() and not os.access(path, os.W_OK)) or not os.access(path.parent, os.W_OK):
        raise DatabaseError(f"Datenbank ist schreibgeschützt: {path} (oder ihr Ordner).")


def _check_writable(engine: Engine) -> None:
    """A statement that writes nothing but needs write permission; PostgreSQL checks it when
    planning (a read-only server or transaction, a user without the right)."""
    with engine.connect() as conn:
        try:
            conn.execute(text("UPDATE loads SET id = id WHERE false"))
        finally:
            conn.rollback()


def complete_schema(conn: Connection) -> None:
    """Create what ``schema_incomplete`` finds missing; run it under :func:`locked` (another
    process may have done it meanwhile, so it looks again)."""
    if schema_incomplete(conn):
        Base.metadata.create_all(conn)
        _add_missing_columns(conn)
        _add_missing_indexes(conn)


def schema_incomplete(bind: Engine | Connection) -> bool:
    """True when a table, column or index of the models is missing (a new or older database)."""
    inspector = inspect(bind)
    present = set(inspector.get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            return True
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        if any(column.name not in columns for column in table.columns):
            return True
        indexes = {i["name"] for i in inspector.get_indexes(table.name)}
        if any(index.name not in indexes for index in table.indexes):
            return True
    return False


def _add_missing_columns(conn: Connection) -> None:
    """Add the columns a model gained after a database was created (``create_all`` only adds
    tables). New columns are nullable or have a server default, so old rows stay valid."""
    inspector = inspect(conn)
    present = {
        name: {c["name"] for c in inspector.get_columns(name)}
        for name in inspector.get_table_names()
    }
    missing = [
        (table, column)
        for table in Base.metadata.sorted_tables
        if table.name in present
        for column in table.columns
        if column.name not in present[table.name]
    ]
    for table, column in missing:
        ddl = f"ALTER TABLE {table.name} ADD COLUMN {column.name} "
        ddl += column.type.compile(dialect=conn.dialect)
        if column.server_default is not None:
            default = column.server_default.arg
            ddl += " DEFAULT " + str(
                default.compile(dialect=conn.dialect)
                if hasattr(default, "compile")
                else f"'{default}'"
            )
        conn.execute(text(ddl))


def _add_missing_indexes(conn: Connection) -> None:
    """Create the indexes a model gained after a database was created (``create_all`` only
    adds those of new tables), among them the unique ones that keep concurrent writers from
    storing a file or a value twice. A unique index the stored rows violate (a database written
    before it existed) is left out with a warning; the next writer tries again."""
    inspector = inspect(conn)
    for table in Base.metadata.sorted_tables:
        existing = {i["name"] for i in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name in existing:
                continue
            try:
                with conn.begin_nested():
                    index.create(conn)
            except DBAPIError as error:
                if not index.unique:
                    raise
                log.warning(
                    "Eindeutiger Index %s nicht angelegt: %s enthält doppelte Einträge (%s). %s",
                    index.name,
                    table.name,
                    _first_line(error.orig),
                    REPAIR.get(table.name, ""),
                )


REPAIR = {
    "indicator_values": "„bildungsmonitor build“ berechnet die Werte neu und beseitigt sie.",
    "loads": "Eine Datei ist doppelt geladen; „bildungsmonitor status“ zeigt, welche.",
}


def reader_engine(url: str) -> Engine | None:
    """An engine for readers: creates no schema, no folder and no file.

    None for a SQLite file that does not exist yet (an empty database). Readers must cope with
    missing tables (a database nobody imported into). A malformed URL is a DatabaseError."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        uri = str(parsed.query.get("uri", "")) == "true"
        if database and database != ":memory:" and not uri:
            if Path(database).is_dir():
                raise DatabaseError(f"{database} ist ein Ordner, keine Datenbankdatei.")
            if not Path(database).exists():
                return None
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_foreign_keys)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Foreign keys are off by default in SQLite; WAL lets the dashboard read during an import.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _masked(url: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _first_line(error: object) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
