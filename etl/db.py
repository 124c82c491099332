"""Engine creation and schema set-up; the same code serves SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text

from etl.models import Base


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` and make sure the schema exists (for writers)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    Base.metadata.create_all(engine)
    _add_missing_columns(engine)
    return engine


def _add_missing_columns(engine: Engine) -> None:
    """Add the columns a model gained after a database was created (``create_all`` only adds
    tables). New columns are nullable or have a server default, so old rows stay valid."""
    inspector = inspect(engine)
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
    if not missing:
        return
    with engine.begin() as conn:
        for table, column in missing:
            ddl = f"ALTER TABLE {table.name} ADD COLUMN {column.name} "
            ddl += column.type.compile(dialect=engine.dialect)
            if column.server_default is not None:
                default = column.server_default.arg
                ddl += " DEFAULT " + str(
                    default.compile(dialect=engine.dialect)
                    if hasattr(default, "compile")
                    else f"'{default}'"
                )
            conn.execute(text(ddl))


def reader_engine(url: str) -> Engine | None:
    """An engine for readers: creates no schema, no folder and no file.

    None for a SQLite file that does not exist yet (an empty database). Readers must cope with
    missing tables (a database nobody imported into)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not Path(database).exists():
            return None
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_foreign_keys)
        return engine
    return create_engine(url, pool_pre_ping=True)


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
