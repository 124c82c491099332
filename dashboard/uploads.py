"""Deliveries uploaded in the browser (page ``/lieferungen``): receive a file, check it, load it
and rebuild the indicators of its source, the slow parts in background threads.

The flow, as the state of the file's ``uploads`` row (``etl.models.Upload``):

    POST /lieferungen/hochladen ──> prüft ──> geprüft ─Laden──> lädt ──> rechnet ──> geladen
                                        ├──> ersetzen? ─Ersetzen─┘
                                        ├──> quelle? (not recognised: the user chooses) ──> prüft
                                        └──> abgelehnt | bereits importiert | fehler

The check is the real import with ``check_only`` (``etl.pipeline``): the same problems as the
command line, nothing written. It runs as if replacing, so a re-delivery passes the check and
reports the rows it would replace; only the button "Ersetzen" then imports with ``replace``.
After a load the indicators of the source are rebuilt in the same thread, as ``bildungsmonitor
import`` does. The load log and the audit log name the login, not the server's OS user.

Progress: the state and a coarse stage go to the row at the start and end of each phase (any
worker process can show them); the fine stage ("lesen", "laden 20.000 von …") stays in this
process's memory, because on SQLite the running import holds the only write lock.

Each file is kept as ``<data_dir>/lieferungen/<token>/<its name>``: the import names the file in
every message and in the load log, so it keeps the name it was delivered with, in a folder named
by the random token. The folder is removed when the job ends (loaded, refused or failed): the
deliveries hold personal data and the database keeps what was loaded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import secrets
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import dash
import pandas as pd
from flask import Response, current_app, redirect, render_template_string, request
from flask_wtf.csrf import validate_csrf
from sqlalchemy import Engine, insert, select, update
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import ValidationError

from dashboard import auth
from etl import audit
from etl.db import DatabaseError
from etl.models import Load, Upload
from etl.pipeline import ImportResult, import_file
from etl.problems import ImportRejected, Problem
from etl.reading import FileRefused, RawSheet, read_file
from etl.settings import Settings
from etl.sources import SOURCES
from etl.table import find_header
from indicators.build import build
from indicators.registry import known_indicators
from publish import formatting as fmt

log = logging.getLogger(__name__)

PAGE = "/lieferungen"
ROUTE = "/lieferungen/hochladen"
ROLE = "datenpflege"
AUTO = "automatisch"
SUFFIXES = (".xlsx", ".csv")
SETTINGS_KEY = "bildungsmonitor_upload_settings"
FORM_ALLOWANCE = 64 * 1024  # the multipart envelope and the other fields, beyond the file
MAX_NAME_CHARS = 200

# States of an upload (etl.models.Upload.state).
CHECKING = "prüft"
CHECKED = "geprüft"
ASK_REPLACE = "ersetzen?"
ASK_SOURCE = "quelle?"
REJECTED = "abgelehnt"
KNOWN = "bereits importiert"
LOADING = "lädt"
BUILDING = "rechnet"
LOADED = "geladen"
FAILED = "fehler"
RUNNING = frozenset({CHECKING, LOADING, BUILDING})
FINAL = frozenset({REJECTED, KNOWN, LOADED, FAILED})


def titles() -> dict[str, str]:
    """Source id -> German title, in import order (the one list of sources)."""
    return {source: module.TITLE for source, module in SOURCES.items()}


# --- the upload route -----------------------------------------------------------------------


def install(app: dash.Dash, settings: Settings) -> None:
    """The upload route on ``app``'s server (its size limit: ``settings.max_file_mb``)."""
    app.server.extensions[SETTINGS_KEY] = settings
    app.server.add_url_rule(ROUTE, endpoint="bimo_upload", view_func=_upload, methods=["POST"])


def _upload() -> Response:
    if not auth.allowed(ROLE):
        return _answer("Keine Berechtigung: Lieferungen lädt die Rolle Datenpflege hoch.", 403)
    settings: Settings = current_app.extensions[SETTINGS_KEY]
    # Only this route takes files: the app's limit (dashboard.hardening) stays at 1 MB.
    request.max_content_length = settings.max_file_mb * 1_048_576 + FORM_ALLOWANCE
    try:
        form, files = request.form, request.files
    except RequestEntityTooLarge:
        return _answer(
            f"Die Datei ist zu groß: höchstens {settings.max_file_mb} MB (BIMO_MAX_FILE_MB).", 413
        )
    try:
        validate_csrf(form.get("csrf_token"))
    except ValidationError:
        return _answer("Formular abgelaufen oder ungültig: bitte die Seite neu laden.", 400)
    delivered = files.get("datei")
    name = clean_name(delivered.filename if delivered else None)
    if delivered is None or name is None:
        return _answer("Keine Datei gewählt.", 400)
    if Path(name).suffix.lower() not in SUFFIXES:
        return _answer(
            f"Dateityp „{Path(name).suffix or '(ohne Endung)'}“ wird nicht unterstützt: "
            ".xlsx oder .csv.",
            400,
        )
    source = form.get("quelle") or AUTO
    if source != AUTO and source not in SOURCES:
        return _answer(f"Unbekannte Quelle „{source[:40]}“.", 400)

    token = secrets.token_urlsafe(18)
    folder = settings.data_dir / "lieferungen" / token
    folder.mkdir(parents=True)
    path = folder / name
    delivered.save(path)
    login = auth.current_login()
    engine = auth.engine()
    with engine.begin() as conn:
        conn.execute(
            insert(Upload),
            {
                "token": token,
                "file_name": name,
                "stored_as": str(path),
                "source": None if source == AUTO else source,
                "login": login,
                "created_at": _now(),
                "state": CHECKING,
                "stage": "Prüfung beginnt",
                "result": "",
            },
        )
        audit.record(conn, login, "hochgeladen", f"{name} ({_size(path)})")
    _start(_check, Job(engine, _as(settings, login), token, path, source))
    return redirect(f"{PAGE}?auftrag={token}", 303)


def clean_name(raw: str | None) -> str | None:
    """The file's own name as delivered (no folders, no control characters), or None."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    if not name or name.startswith("."):
        return None
    suffix = Path(name).suffix
    if len(name) > MAX_NAME_CHARS:
        name = name[: MAX_NAME_CHARS - len(suffix)] + suffix
    return name


ANSWER = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lieferung – Bildungsmonitor Herne</title>
<link rel="stylesheet" href="/_bimo/bootstrap/bootstrap.min.css"></head>
<body><main class="container py-4">
<h1 class="h4">Lieferung nicht angenommen</h1>
<div class="alert alert-danger" role="alert">{{ message }}</div>
<p><a href="{{ page }}">Zurück zu den Lieferungen</a></p>
</main></body></html>"""


def _answer(message: str, status: int) -> Response:
    """A refused upload: the German reason and the way back (the form is a plain HTML form)."""
    body = render_template_string(ANSWER, message=message, page=PAGE)
    return Response(body, status, content_type="text/html; charset=utf-8")


# --- jobs in the background -----------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    engine: Engine
    settings: Settings  # with ``user`` = the login: the load log's "loaded_by"
    token: str
    path: Path
    source: str  # a source id, or AUTO


_stages: dict[str, str] = {}
_stages_lock = threading.Lock()


def _say(token: str, text: str) -> None:
    with _stages_lock:
        _stages[token] = text


def live_stage(token: str) -> str | None:
    """The fine-grained stage of a job running in this process, or None."""
    with _stages_lock:
        return _stages.get(token)


def _start(work: Callable[[Job], None], job: Job) -> None:
    def run() -> None:
        try:
            work(job)
        except Exception as error:  # never leave a job "running" for ever
            log.exception("Lieferung %s: %s", job.token, error)
            _fail(job, "Unerwarteter Fehler beim Verarbeiten der Datei.")
        finally:
            with _stages_lock:
                _stages.pop(job.token, None)

    threading.Thread(target=run, name=f"lieferung-{job.token[:8]}", daemon=True).start()


def _check(job: Job) -> None:
    """Recognise the source if asked, then the import with ``check_only``."""
    source = job.source
    try:
        if source == AUTO:
            _say(job.token, "Quelle erkennen")
            candidates = detect_sources(read_file(job.path, job.settings))
            if len(candidates) != 1:
                _finish(job, ASK_SOURCE, {"candidates": candidates})
                return
            source = candidates[0]
            _set(job.engine, job.token, source=source)
        result = import_file(
            job.engine,
            source,
            job.path,
            job.settings,
            replace=True,  # a re-delivery passes and says what it would replace
            check_only=True,
            progress=lambda stage: _say(job.token, f"Prüfung: {stage}"),
            indicators=known_indicators(),
        )
    except FileRefused as refused:
        _reject(job, ImportRejected(job.path.name, [refused.problem]), "Prüfung")
    except ImportRejected as rejected:
        _reject(job, rejected, "Prüfung")
    except DatabaseError as error:
        _fail(job, str(error))
    else:
        if result.status == KNOWN:
            _finish(job, KNOWN, _outcome(result, job.settings), remove=True)
        else:
            state = ASK_REPLACE if result.replaced_rows else CHECKED
            _finish(job, state, _outcome(result, job.settings))


def _load(job: Job, replace: bool) -> None:
    """The import, then the indicators of its source (as ``bildungsmonitor import``)."""
    login = job.settings.user
    try:
        result = import_file(
            job.engine,
            job.source,
            job.path,
            job.settings,
            replace=replace,
            progress=lambda stage: _say(job.token, f"Import: {stage}"),
            indicators=known_indicators(),
        )
    except ImportRejected as rejected:
        _reject(job, rejected, "Import")
        return
    except DatabaseError as error:
        _fail(job, str(error))
        return
    outcome = _outcome(result, job.settings)
    if result.status == KNOWN:
        _finish(job, KNOWN, outcome, remove=True)
        return
    action = "ersetzt" if result.replaced_rows else "import"
    with job.engine.begin() as conn:
        audit.record(conn, login, action, result.summary())
        conn.execute(
            update(Upload)
            .where(Upload.token == job.token)
            .values(
                state=BUILDING,
                stage="Indikatoren werden berechnet",
                load_id=result.load_id,
                result=json.dumps(outcome, ensure_ascii=False),
            )
        )
    _remove(job)
    _say(job.token, "Indikatoren werden berechnet")
    try:
        built = build(
            job.engine, {job.source}, progress=lambda text: _say(job.token, f"Indikatoren: {text}")
        )
    except Exception as error:  # the delivery is loaded all the same: say so, not "fehler"
        if not isinstance(error, DatabaseError):
            log.exception("Lieferung %s: Indikatoren nicht berechnet", job.token)
        outcome["build_error"] = (
            str(error)
            if isinstance(error, DatabaseError)
            else "unerwarteter Fehler (siehe Serverprotokoll)."
        )
        _finish(job, LOADED, outcome)
    else:
        outcome["build"] = built.summary()
        _finish(job, LOADED, outcome, action=("berechnet", f"{job.source}: {built.summary()}"))


def _outcome(result: ImportResult, settings: Settings) -> dict:
    limit = settings.max_problems_shown
    return {
        "summary": result.summary(),
        "source": result.source,
        "rows": result.rows,
        "delivery": result.delivery,
        "replaced_rows": result.replaced_rows,
        "load_id": result.load_id,
        "warnings": [warning.message() for warning in result.warnings[:limit]],
        "warnings_total": len(result.warnings),
    }


def _reject(job: Job, rejected: ImportRejected, phase: str) -> None:
    """Refused: the problems as the command line lists them (same order, same limit)."""
    limit = job.settings.max_problems_shown
    ordered = sorted(rejected.problems, key=lambda p: (p.sheet or "", p.row or 0, p.column or ""))
    outcome = {
        "file": rejected.file,
        "problems": [_problem(problem) for problem in ordered[:limit]],
        "total": len(rejected.problems),
        "hint": rejected.hint,
        "phase": phase,
    }
    detail = f"{phase}: {rejected.file} – {len(rejected.problems)} Fehler"
    _finish(job, REJECTED, outcome, action=("import_abgelehnt", detail), remove=True)


def _problem(problem: Problem) -> dict:
    return {
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "message": problem.message(),
    }


def _fail(job: Job, message: str) -> None:
    _finish(job, FAILED, {"error": message}, remove=True)


def _finish(
    job: Job,
    state: str,
    outcome: dict,
    *,
    action: tuple[str, str] | None = None,
    remove: bool = False,
) -> None:
    with job.engine.begin() as conn:
        if action is not None:
            audit.record(conn, job.settings.user, *action)
        conn.execute(
            update(Upload)
            .where(Upload.token == job.token)
            .values(state=state, stage="", result=json.dumps(outcome, ensure_ascii=False))
        )
    if remove:
        _remove(job)


def _remove(job: Job) -> None:
    shutil.rmtree(job.path.parent, ignore_errors=True)


def _set(engine: Engine, token: str, **values) -> None:
    with engine.begin() as conn:
        conn.execute(update(Upload).where(Upload.token == token).values(**values))


def _claim(engine: Engine, token: str, expected: str, **values) -> bool:
    """Move a job on from the state ``expected``; False if it was not in it (a second click,
    another tab): exactly one request starts the work."""
    with engine.begin() as conn:
        changed = conn.execute(
            update(Upload).where(Upload.token == token, Upload.state == expected).values(**values)
        ).rowcount
    return changed == 1


# --- what the page asks ---------------------------------------------------------------------


@dataclass(frozen=True)
class UploadJob:
    token: str
    file_name: str
    source: str | None
    login: str
    created_at: dt.datetime
    state: str
    stage: str  # the live stage if this process runs the job, else the row's
    result: dict

    @property
    def running(self) -> bool:
        return self.state in RUNNING


def job(token: str | None) -> UploadJob | None:
    """The upload ``token`` names (the page's ``?auftrag=``), or None."""
    if not token or len(token) > 64:
        return None
    with auth.engine().connect() as conn:
        row = conn.execute(select(Upload).where(Upload.token == token)).first()
    if row is None:
        return None
    return UploadJob(
        row.token,
        row.file_name,
        row.source,
        row.login,
        row.created_at,
        row.state,
        live_stage(row.token) or row.stage,
        json.loads(row.result) if row.result else {},
    )


def start_load(token: str, replace: bool) -> str | None:
    """Start loading a checked file ("Laden"; "Ersetzen": ``replace``); a German reason if not."""
    expected = ASK_REPLACE if replace else CHECKED
    work = _claimed(token, expected, state=LOADING, stage="Import beginnt")
    if isinstance(work, str):
        return work
    _start(lambda job: _load(job, replace=replace), work)
    return None


def check_as(token: str, source: str) -> str | None:
    """Check an unrecognised file again as ``source``; a German reason if not possible."""
    if source not in SOURCES:
        return "Bitte eine Quelle wählen."
    work = _claimed(token, ASK_SOURCE, state=CHECKING, stage="Prüfung beginnt", source=source)
    if isinstance(work, str):
        return work
    _start(_check, work)
    return None


def _claimed(token: str, expected: str, **values) -> Job | str:
    """The job, moved on from ``expected`` by this request, or why not (German)."""
    engine = auth.engine()
    if not token or not _claim(engine, token, expected, **values):
        return "Diese Lieferung wird schon verarbeitet, ist abgeschlossen oder unbekannt."
    with engine.connect() as conn:
        row = conn.execute(
            select(Upload.stored_as, Upload.source).where(Upload.token == token)
        ).one()
    settings = _as(current_app.extensions[SETTINGS_KEY], auth.current_login())
    return Job(engine, settings, token, Path(row.stored_as), row.source or AUTO)


def history(limit: int = 30) -> pd.DataFrame:
    """The latest loads, replaced and superseded ones included, as German text."""
    with auth.engine().connect() as conn:
        loads = conn.execute(select(Load).order_by(Load.id.desc()).limit(limit)).all()
    names = titles()
    rows = [
        {
            "Importiert": fmt.timestamp(load.loaded_at),
            "von": load.loaded_by,
            "Quelle": names.get(load.source, load.source),
            "Datei": load.file_name,
            "Lieferung": load.delivery,
            "Zeilen": fmt.integer(load.rows),
            "Stand": _load_state(load),
        }
        for load in loads
    ]
    columns = ["Importiert", "von", "Quelle", "Datei", "Lieferung", "Zeilen", "Stand"]
    return pd.DataFrame(rows, columns=columns)


def _load_state(load) -> str:
    if load.superseded_by is not None:
        return f"ersetzt durch Ladevorgang {load.superseded_by}"
    return "aktuell, ersetzt frühere Daten" if load.replaced else "aktuell"


# --- recognising the source -----------------------------------------------------------------


def detect_sources(sheets: list[RawSheet]) -> list[str]:
    """The sources whose required sheets and columns the file has: the one recognising the most
    columns, or several when they tie (then the user chooses); empty when none fits."""
    fits = {}
    for source, module in SOURCES.items():
        found = _columns_found(module.SHEETS, sheets)
        if found is not None:
            fits[source] = found
    best = max(fits.values(), default=None)
    return [source for source, found in fits.items() if found == best]


def _columns_found(specs, sheets: list[RawSheet]) -> int | None:
    """How many of a source's columns the file's headers name; None if a required one is
    missing. Sheets are matched as the pipeline does (named sheets by name, the main data by
    its header row, ``etl.table.find_header``)."""
    named = {spec.name.casefold() for spec in specs if spec.name}
    total = 0
    for spec in specs:
        if spec.name:
            candidates = [s for s in sheets if s.name and s.name.casefold() == spec.name.casefold()]
        else:
            candidates = [s for s in sheets if not (s.name and s.name.casefold() in named)]
        headers = [found for s in candidates if (found := find_header(s.rows, spec.columns))]
        if not headers:
            if spec.required:
                return None
            continue
        names = {column.name for column in max(headers, key=lambda h: len(h[1]))[1].values()}
        if spec.required and any(c.required and c.name not in names for c in spec.columns):
            return None
        total += len(names)
    return total


# --- small helpers --------------------------------------------------------------------------


def _as(settings: Settings, login: str) -> Settings:
    return dataclasses.replace(settings, user=login)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size < 1_048_576:
        return f"{fmt.integer(max(1, size / 1024))} KB"
    return f"{fmt.number(size / 1_048_576, 1)} MB"
