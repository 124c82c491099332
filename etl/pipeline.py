"""Importing one delivered file: read, check everything, then load it in one transaction.

The pipeline is the same for every source; the source module supplies contracts and loading.
A file either loads completely or not at all, and a file that was loaded before (same SHA-256)
changes nothing. Loading runs under the database's write lock (``etl.db.locked``), and the
"already imported" check is repeated inside it: of two processes importing the same file at
once, one loads it and the other finds it loaded. A unique index on the file hash of the active
loads (``etl.models.Load``) makes a second active load of one file impossible.

``check_only`` runs the same import to its end (references, what a re-delivery replaces, the
rows written) and then rolls the transaction back: the browser's check before "Laden" finds
exactly the problems the real import would, and writes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from etl.catalogue import ensure_catalogue
from etl.contract import validate
from etl.db import locked
from etl.delivery import PROGRESS, KnownIndicator, References
from etl.models import Load, LoadWarning
from etl.problems import Findings, ImportRejected, Problem, count_of
from etl.reading import FileRefused, RawSheet, read_file
from etl.settings import Settings
from etl.sources import SOURCES
from etl.table import Table, find_header, parse_sheet

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclasses.dataclass
class ImportResult:
    file: str
    source: str
    status: str  # "geladen", "bereits importiert" or (check_only) "geprüft"
    rows: int
    delivery: str
    warnings: list[Problem]
    load_id: int
    replaced_rows: int = 0

    def summary(self) -> str:
        if self.status == "bereits importiert":
            return (
                f"{self.file}: bereits importiert (Ladevorgang {self.load_id}) – nichts geändert."
            )
        rows = count_of(self.rows, "Zeile", "Zeilen")
        if self.status == "geprüft":
            text = f"{self.file}: Prüfung bestanden, {rows} ({self.delivery})"
        else:
            text = f"{self.file}: {rows} geladen ({self.delivery})"
        if self.replaced_rows:
            replaced = count_of(self.replaced_rows, "Zeile", "Zeilen")
            verb = "ersetzt" if self.status == "geladen" else "würden ersetzt"
            text += f", {replaced} der früheren Lieferung {verb}"
        if self.warnings:
            text += f", {len(self.warnings)} Hinweise"
        return text + "."


class _CheckedOnly(Exception):
    """Ends a ``check_only`` import's transaction with a rollback, carrying its result."""

    def __init__(self, result: ImportResult):
        self.result = result


def import_file(
    engine: Engine,
    source: str,
    path: Path,
    settings: Settings,
    *,
    replace: bool = False,
    progress: Progress | None = None,
    indicators: Mapping[str, KnownIndicator] | None = None,
    check_only: bool = False,
) -> ImportResult:
    """Import ``path`` as ``source``; raises ImportRejected with every problem found.

    ``indicators``: the indicator registry (id -> KnownIndicator) for sources that name
    indicators (goals); etl cannot import it, so the command line passes it.
    ``check_only``: do everything, then roll back; the result has the status "geprüft" (and
    load_id 0), or "bereits importiert" for a known file."""
    module = SOURCES[source]
    say = progress or (lambda _stage: None)
    name = path.name
    if path.is_dir():
        raise ImportRejected(name, [Problem(name, "ist ein Ordner, keine Datei")])
    if not path.is_file():
        raise ImportRejected(name, [Problem(name, "Datei nicht gefunden")])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with engine.connect() as conn:  # early, to spare reading a known file; again under the lock
        known = _current_load(conn, digest)
    if known is not None:
        return _already(name, source, known)

    say("lesen")
    try:
        sheets = read_file(path, settings)
    except FileRefused as refused:
        raise ImportRejected(name, [refused.problem]) from None
    say("prüfen")
    findings = Findings()
    tables = _parse(module, sheets, name, findings)
    if len(tables) < sum(sheet.required for sheet in module.SHEETS):
        raise ImportRejected(name, findings.errors)

    token = PROGRESS.set(say)
    try:
        return _load(
            engine,
            module,
            source,
            name,
            digest,
            tables,
            findings,
            replace,
            say,
            settings.user,
            indicators,
            check_only,
        )
    except _CheckedOnly as checked:
        return checked.result
    finally:
        PROGRESS.reset(token)


def _load(
    engine: Engine,
    module: ModuleType,
    source: str,
    name: str,
    digest: str,
    tables: dict[str, Table],
    findings: Findings,
    replace: bool,
    say: Progress,
    user: str,
    indicators: Mapping[str, KnownIndicator] | None = None,
    check_only: bool = False,
) -> ImportResult:
    """Check references, replace what the delivery replaces and load it: one transaction under
    the write lock, so no other import or build runs in between (rolled back if ``check_only``)."""
    with locked(engine) as conn:
        known = _current_load(conn, digest)  # loaded by another process while this one read
        if known is not None:
            return _already(name, source, known)
        ensure_catalogue(conn)
        # references: all problems in one run
        module.check(tables, References(conn, indicators), findings)
        if findings.errors:
            raise ImportRejected(name, findings.errors)
        say("laden")
        delivery = module.delivery(tables)
        replaced_rows, earlier_loads = _existing(conn, delivery.scope)
        if replaced_rows and not replace:
            loaded_by = (
                f"Ladevorgang {', '.join(map(str, earlier_loads))}"
                if earlier_loads
                else "aus dem mitgelieferten Zielkatalog"
            )
            raise ImportRejected(
                name,
                [
                    Problem(
                        name,
                        f"für diese Lieferung ({delivery.label}) sind bereits "
                        f"{count_of(replaced_rows, 'Zeile', 'Zeilen')} geladen ({loaded_by})",
                    )
                ],
                hint="Eine korrigierte Lieferung ersetzt die bisherigen Daten nur mit --replace.",
            )
        if not delivery.in_place:
            for model, condition in delivery.scope:
                conn.execute(delete(model).where(condition))
        load_id = conn.execute(
            insert(Load).returning(Load.id),
            {
                "source": source,
                "file_name": name,
                "sha256": digest,
                "delivery": delivery.label,
                "rows": 0,
                "loaded_at": dt.datetime.now().replace(microsecond=0),
                "loaded_by": user,
                "replaced": bool(replaced_rows),
            },
        ).scalar_one()
        rows = module.load(conn, tables, load_id)
        conn.execute(update(Load).where(Load.id == load_id).values(rows=rows))
        _supersede(conn, delivery.scope, earlier_loads, load_id)
        if findings.warnings:
            conn.execute(
                insert(LoadWarning),
                [
                    {
                        "load_id": load_id,
                        "sheet": w.sheet,
                        "row": w.row,
                        "column": w.column,
                        "message": w.message(),
                        "rule": w.rule[:300],
                    }
                    for w in findings.warnings
                ],
            )
        result = ImportResult(
            name, source, "geladen", rows, delivery.label, findings.warnings, load_id, replaced_rows
        )
        if check_only:  # leaves ``locked`` by an exception: it rolls back
            raise _CheckedOnly(dataclasses.replace(result, status="geprüft", load_id=0))
    log.info("loaded %s as %s: %d rows", name, source, rows)
    return result


def _parse(
    module: ModuleType, sheets: list[RawSheet], file: str, findings: Findings
) -> dict[str, Table]:
    """Match the delivered sheets to the source's sheet contracts and parse them."""
    tables: dict[str, Table] = {}
    named = {sheet.name.casefold() for sheet in module.SHEETS if sheet.name}
    for spec in module.SHEETS:
        if spec.name:
            raw = next(
                (s for s in sheets if s.name and s.name.casefold() == spec.name.casefold()), None
            )
        else:  # the main data: the first sheet whose header matches
            candidates = [s for s in sheets if not (s.name and s.name.casefold() in named)]
            raw = next(
                (s for s in candidates if find_header(s.rows, spec.columns)),
                candidates[0] if candidates else None,
            )
        if raw is None:
            if spec.required:
                findings.error(Problem(file, f"Blatt „{spec.name or 'Daten'}“ fehlt"))
            continue
        found = Findings()
        table = parse_sheet(raw, spec, file, found)
        if not spec.required and _no_rows(raw, table):
            continue  # an optional sheet left empty (a template's header only): as if absent
        findings.extend(found)
        if table is None:
            continue
        validate(
            table,
            spec.columns,
            module.RULES.get(spec.key, ()),
            module.UNIQUE.get(spec.key, ()),
            findings,
        )
        tables[spec.key] = table
    return tables


def _no_rows(raw: RawSheet, table: Table | None) -> bool:
    """True for a sheet without data: no cell at all, or a header with nothing below it."""
    if table is not None:
        return table.data.empty
    return not any(cell not in (None, "") for row in raw.rows for cell in row)


def _already(name: str, source: str, known) -> ImportResult:
    return ImportResult(
        name, source, "bereits importiert", known.rows, known.delivery, [], known.id
    )


def _current_load(conn: Connection, digest: str) -> Load | None:
    return conn.execute(
        select(Load).where(Load.sha256 == digest, Load.superseded_by.is_(None))
    ).first()


def _existing(conn: Connection, scope) -> tuple[int, list[int]]:
    """Rows already loaded for this delivery unit, and the loads they came from."""
    total, loads = 0, set()
    for model, condition in scope:
        counts = conn.execute(
            select(model.load_id, func.count()).where(condition).group_by(model.load_id)
        ).all()
        total += sum(count for _load, count in counts)
        loads |= {load for load, _count in counts if load is not None}
    return total, sorted(loads)


def _supersede(conn: Connection, scope, earlier: list[int], load_id: int) -> None:
    """Earlier loads of this delivery unit lose rows: mark a load whose rows are all replaced,
    and correct the row count of one replaced in part. Log entries always stay."""
    model = scope[0][0]  # the source's main record table
    for earlier_id in earlier:
        remaining = conn.execute(
            select(func.count()).select_from(model).where(model.load_id == earlier_id)
        ).scalar_one()
        values = {"rows": remaining} if remaining else {"superseded_by": load_id}
        conn.execute(update(Load).where(Load.id == earlier_id).values(**values))
