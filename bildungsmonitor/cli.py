"""The command line ``bildungsmonitor``: the one entry point for imports, builds and the app.

Messages are German; bad input ends with a plain message and exit status 1, never a traceback.

(About 700 lines, kept as one module: one typer function per command, each short; splitting them
would scatter the shared option types and error handling that make the commands behave alike.
Only typer and rich's console are imported at the top: SQLAlchemy, pandas and the project's
packages take seconds to import and are imported inside the commands, so ``--help`` and typing
mistakes are answered at once; tests/test_cli_start.py keeps it so.)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from bildungsmonitor.users_cli import users_app

if TYPE_CHECKING:
    from rich.progress import Progress
    from sqlalchemy import Engine

    from etl.db import DatabaseError
    from etl.settings import Settings

app = typer.Typer(
    help="Bildungsmonitor: Lieferungen importieren, Indikatoren berechnen, Dashboard starten.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(users_app, name="users")
# Messages name file, row and column: never wrap them in the middle of a line.
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Datenbank-URL (sonst BIMO_DATABASE_URL oder die SQLite-Datei).",
        show_default=False,
    ),
]


def _settings(db: str | None) -> Settings:
    from etl.settings import Settings, load_settings

    settings = load_settings()
    if db:
        settings = Settings(**{**settings.__dict__, "database_url": db})
    return settings


def _engine(settings: Settings) -> Engine:
    """The writers' engine; only the default SQLite file may get its folder created."""
    from etl.db import DatabaseError, make_engine
    from etl.settings import default_database_url

    default = settings.database_url == default_database_url(settings.data_dir)
    try:
        return make_engine(settings.database_url, create_folder=default)
    except DatabaseError as error:
        _refuse(error)


def _refuse(error: DatabaseError) -> NoReturn:
    """A database that cannot be used (or is busy): the German message, exit status 1."""
    err.print(str(error), highlight=False, markup=False)
    raise typer.Exit(1) from None


def _progress() -> Progress:
    """The progress display of long work: a spinner, the step and the time, on stderr."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def source_names() -> list[str]:
    """The sources' ids in import order, without importing the source modules (see
    ``etl.source_ids``)."""
    from etl.source_ids import IMPORT_ORDER

    return list(IMPORT_ORDER)


def _import_all(
    engine: Engine,
    settings: Settings,
    jobs: list[tuple[str, Path]],
    replace: bool,
    rebuild: bool = True,
) -> bool:
    """Import each (source, file) and report every result; then rebuild the indicators of the
    sources that changed. True if all files were accepted."""
    from etl.db import DatabaseError
    from etl.pipeline import import_file
    from etl.problems import ImportRejected

    ok = True
    changed: set[str] = set()
    indicators = known_indicators()
    with _progress() as progress:
        for source, path in jobs:
            task = progress.add_task(f"{path.name}: beginnt", total=None)
            try:
                result = import_file(
                    engine,
                    source,
                    path,
                    settings,
                    replace=replace,
                    progress=lambda stage, t=task, p=path: progress.update(
                        t, description=f"{p.name}: {stage}"
                    ),
                    indicators=indicators,
                )
            except ImportRejected as rejected:
                ok = False
                progress.stop_task(task)
                err.print(
                    rejected.report(settings.max_problems_shown), highlight=False, markup=False
                )
            except DatabaseError as error:  # busy: the files after it would wait as long
                progress.stop()
                err.print(f"{path.name}: nicht geladen.", highlight=False, markup=False)
                _refuse(error)
            else:
                if result.status == "geladen":
                    changed.add(source)
                out.print(result.summary(), highlight=False, markup=False)
                for warning in result.warnings[: settings.max_problems_shown]:
                    out.print(f"  Hinweis: {warning.message()}", highlight=False, markup=False)
                if len(result.warnings) > settings.max_problems_shown:
                    out.print(
                        f"  … und {len(result.warnings) - settings.max_problems_shown} "
                        "weitere Hinweise (siehe Datenstand).",
                        highlight=False,
                    )
            progress.remove_task(task)
    if changed and rebuild:
        _build(engine, changed)
    return ok


def known_indicators() -> dict:
    """The indicator registry as imports check it (see ``indicators.registry``)."""
    from indicators.registry import known_indicators as from_registry

    return from_registry()


def _load_catalogue(engine: Engine) -> None:
    """The explicit catalogue step of the writing commands: load new goal periods and bring
    indicator links and citations up to date with data/catalogue."""
    from etl.catalogue import ensure_catalogue
    from etl.db import DatabaseError, locked

    try:
        with locked(engine) as conn:
            ensure_catalogue(conn)
    except DatabaseError as error:
        _refuse(error)


def _build(engine: Engine, sources: set[str] | None) -> None:
    from etl.db import DatabaseError
    from indicators.build import build

    try:
        with err.status("Indikatoren werden berechnet …") as spinner:
            result = build(
                engine, sources, progress=lambda text: spinner.update(f"Indikatoren: {text}")
            )
    except DatabaseError as error:
        _refuse(error)
    out.print(result.summary(), highlight=False)


@app.command("import")
def import_command(
    source: Annotated[str, typer.Argument(help="Quelle: " + ", ".join(source_names()))],
    files: Annotated[list[Path], typer.Argument(help="Eine oder mehrere .xlsx- oder .csv-Dateien")],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Korrigierte Lieferung ersetzt die bisherigen Daten derselben Lieferung.",
        ),
    ] = False,
    no_build: Annotated[
        bool,
        typer.Option("--no-build", help="Indikatoren nicht neu berechnen (später mit „build“)."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Lieferungen einer Quelle importieren (jede Datei ganz oder gar nicht).

    Danach werden die Indikatoren der geänderten Quelle neu berechnet."""
    if source not in source_names():
        err.print(
            f"Unbekannte Quelle „{source}“. Erlaubt: {', '.join(source_names())}", highlight=False
        )
        raise typer.Exit(1)
    settings = _settings(db)
    engine = _engine(settings)
    # No catalogue step here: the pipeline brings the catalogue up to date under its write lock
    # once a file has passed its checks, so a bad file is refused without waiting for it.
    if not _import_all(
        engine, settings, [(source, path) for path in files], replace, rebuild=not no_build
    ):
        raise typer.Exit(1)
    if no_build:
        _say_if_stale(engine)


def _say_if_stale(engine: Engine) -> None:
    from indicators.build import stale_sources

    with engine.begin() as conn:
        stale = stale_sources(conn)
    if stale:
        out.print(
            "Die Indikatoren sind nicht mehr aktuell (neue Daten: "
            f"{', '.join(sorted(stale))}): „bildungsmonitor build“ ausführen.",
            highlight=False,
        )


@app.command()
def build(
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Nur die Indikatoren dieser Quelle(n)")
    ] = None,
    db: DbOption = None,
) -> None:
    """Alle Indikatoren (oder die einzelner Quellen) neu berechnen."""
    unknown = sorted(set(source or []) - set(source_names()))
    if unknown:
        err.print(
            f"Unbekannte Quelle: {', '.join(unknown)}. Erlaubt: {', '.join(source_names())}",
            highlight=False,
        )
        raise typer.Exit(1)
    settings = _settings(db)
    engine = _engine(settings)
    _load_catalogue(engine)
    _build(engine, set(source) if source else None)


@app.command()
def samples(
    out_dir: Annotated[Path, typer.Option("--out", help="Zielordner für die Beispieldateien")],
    seed: Annotated[int, typer.Option(help="Startwert des Zufallsgenerators")] = 2017,
    scale: Annotated[float, typer.Option(help="1 = Herne-Größe; 20 für Lasttests")] = 1.0,
    load: Annotated[
        bool, typer.Option("--load", help="Danach alles in die Datenbank importieren")
    ] = False,
    db: DbOption = None,
) -> None:
    """Synthetische Beispiellieferungen aller Quellen erzeugen (keine echten Personen)."""
    from etl.synthetic import generate

    if scale <= 0:
        err.print("--scale muss größer als 0 sein.")
        raise typer.Exit(1)
    with err.status("Beispieldaten werden erzeugt …") as spinner:
        manifest = generate(
            out_dir,
            seed=seed,
            scale=scale,
            progress=lambda text: spinner.update(f"Beispieldaten: {text}"),
        )
    out.print(
        f"{len(manifest['files'])} synthetische Dateien in {out_dir} (Seed {seed}, "
        f"Maßstab {scale:g}).",
        highlight=False,
    )
    if load:
        settings = _settings(db)
        engine = _engine(settings)
        _load_catalogue(engine)
        if not _import_all(
            engine, settings, manifest_jobs(out_dir, manifest), False, rebuild=False
        ):
            raise typer.Exit(1)
        _build(engine, None)


def manifest_jobs(folder: Path, manifest: dict) -> list[tuple[str, Path]]:
    """The files of a samples folder in the order their references need."""
    from etl.sources import SOURCES

    order = list(SOURCES)
    files = sorted(manifest["files"], key=lambda f: order.index(f["source"]))
    return [(f["source"], folder / f["file"]) for f in files]


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Maschinenlesbar ausgeben")] = False,
    db: DbOption = None,
) -> None:
    """Was ist geladen: Dateien, Jahre und Zeilen je Quelle; Ziele mit ihren Maßnahmen."""
    from sqlalchemy.exc import OperationalError

    from etl.db import DatabaseError, reader_engine, shown
    from etl.status import status as read_status

    settings = _settings(db)
    try:
        engine = reader_engine(settings.database_url)
        if engine is None:  # no database file yet: nothing loaded
            report = read_status(None)
        else:
            with engine.connect() as conn:  # a reader: never writes, not even the catalogue
                report = read_status(conn)
            engine.dispose()
    except DatabaseError as error:
        _refuse(error)
    except OperationalError as error:
        err.print(
            f"[red]Datenbank nicht erreichbar:[/red] {shown(settings.database_url)} ({error.orig})",
            highlight=False,
        )
        raise typer.Exit(1) from None
    if as_json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    _print_status(report)


def _print_status(report: dict) -> None:
    from rich.table import Table

    sources = Table(title="Geladene Lieferungen")
    for header in ("Quelle", "Dateien", "Zeilen", "Jahre", "Letzter Import"):
        sources.add_column(header)
    for info in report["sources"].values():
        years = info["years"]
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (years[0] if years else "–")
        sources.add_row(
            info["title"],
            str(len(info["files"])),
            f"{info['rows']:,}".replace(",", "."),
            span,
            (info["last_load"] or "–").replace("T", " "),
        )
    out.print(sources)
    if not report["periods"]:
        out.print("Kein Zielkatalog geladen (das tun „import“, „build“ und „demo“).")
    for period, info in report["periods"].items():
        goals = Table(title=f"Handlungsziele {period}")
        for header in (
            "Nr.",
            "Handlungsziel",
            "Maßnahmen",
            "Herausforderungen",
            "beibehalten",
            "anpassen",
            "Maßnahmen nach Arbeitsbereich",
        ):
            goals.add_column(header)
        for goal in info["goals"]:
            departments = ", ".join(
                f"{name} {count}" for name, count in goal["measures_by_department"].items()
            )
            goals.add_row(
                str(goal["number"]),
                goal["title"],
                str(goal["measures"]),
                str(goal["challenges"]),
                str(goal["feedback"]["keep"]),
                str(goal["feedback"]["adapt"]),
                departments,
            )
        out.print(goals)
        _print_survey(period, info["survey"])


def _print_survey(period: str, survey: dict) -> None:
    """Who has answered the Maßnahmen-Abfrage of ``period``, and who is still to answer."""
    from rich.table import Table

    answered = Table(title=f"Maßnahmen-Abfrage {period}")
    for header in ("Arbeitsbereich", "Letzte Rückmeldung", "Maßnahmen"):
        answered.add_column(header)
    for item in survey["answered"]:
        answered.add_row(
            item["department"], item["latest"].replace("T", " ")[:16], str(item["measures"])
        )
    if survey["answered"]:
        out.print(answered)
    else:
        out.print(f"Maßnahmen-Abfrage {period}: noch keine Rückmeldung.", highlight=False)
    outstanding = ", ".join(survey["outstanding"]) or "keine"
    out.print(f"Maßnahmen-Abfrage {period}, noch offen: {outstanding}", highlight=False)


@app.command()
def backup(
    out_file: Annotated[
        Path,
        typer.Option("--out", help="Zieldatei (SQLite: eine .sqlite-Datei; PostgreSQL: pg_dump)"),
    ],
    db: DbOption = None,
) -> None:
    """Die Datenbank sichern, auch während Dashboard und Importe laufen."""
    from etl.backup import backup as write_backup
    from etl.db import DatabaseError
    from etl.german import number

    settings = _settings(db)
    try:
        with err.status("Sicherung läuft …"):
            held, size = write_backup(settings.database_url, out_file)
    except DatabaseError as error:
        _refuse(error)
    out.print(
        f"Sicherung geschrieben: {out_file} ({number(size / 1_048_576)} MB; {held.describe()}).",
        highlight=False,
        markup=False,
    )


@app.command()
def restore(
    backup_file: Annotated[
        Path, typer.Argument(help="Die Sicherung (von „bildungsmonitor backup“)")
    ],
    db: DbOption = None,
    yes: Annotated[
        bool, typer.Option("--ja", help="Eine Datenbank mit Daten ohne Rückfrage überschreiben")
    ] = False,
) -> None:
    """Eine Sicherung zurückspielen: ersetzt den ganzen Inhalt der Datenbank.

    Auch Benutzer und Protokoll kehren zum Stand der Sicherung zurück."""
    from etl.backup import backup_kind, contents
    from etl.backup import restore as restore_backup
    from etl.db import DatabaseError, shown
    from etl.settings import default_database_url

    settings = _settings(db)
    try:
        backup_kind(backup_file)  # a wrong file is refused before anything is asked
        present = contents(settings.database_url)
    except DatabaseError as error:
        _refuse(error)
    if not present.empty and not yes:
        question = (
            f"{shown(settings.database_url)} enthält Daten ({present.describe()}). Durch den "
            f"Stand der Sicherung {backup_file.name} ersetzen? [j/N]"
        )
        try:
            answer = typer.prompt(question, default="", show_default=False, err=True)
        except typer.Abort:  # no answer (no terminal): as good as no
            answer = ""
            err.print()
        if answer.strip().lower() not in ("j", "ja"):
            err.print("Abgebrochen: nichts wiederhergestellt.", highlight=False)
            raise typer.Exit(1)
    default = settings.database_url == default_database_url(settings.data_dir)
    try:
        with err.status("Sicherung wird zurückgespielt …"):
            held = restore_backup(
                backup_file, settings.database_url, f"cli:{settings.user}", create_folder=default
            )
    except DatabaseError as error:
        _refuse(error)
    out.print(
        f"Wiederhergestellt aus {backup_file}: {held.describe()}.", highlight=False, markup=False
    )


@app.command()
def report(
    out_file: Annotated[Path, typer.Option("--out", help="Zieldatei (.pptx oder .pdf)")],
    period: Annotated[
        str | None,
        typer.Option("--period", help="Zielperiode (Standard: die neueste in der Datenbank)"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="pptx oder pdf")] = "pptx",
    goal: Annotated[
        list[str] | None,
        typer.Option(
            "--goal", help="Nur diese Handlungsziele (Schlüssel, z. B. schulsozialarbeit)"
        ),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Hervorgehobene Einheit, z. B. ortsteil:11")
    ] = None,
    db: DbOption = None,
) -> None:
    """Sitzungsunterlage für den Lenkungskreis erzeugen (PPTX oder PDF)."""
    from publish.pack import build_pack
    from publish.read import ReadModel
    from publish.views.request import ExportError

    if fmt not in ("pptx", "pdf"):
        err.print("--format muss pptx oder pdf sein.")
        raise typer.Exit(1)
    settings = _settings(db)
    engine = _engine(settings)  # a clear message when the database is not reachable
    with _progress() as progress:
        task = progress.add_task("Sitzungsunterlage: beginnt", total=None)

        def advance(done: int, total: int, title: str) -> None:
            progress.update(task, description=f"Handlungsziel {done} von {total}: {title}")

        try:
            content = build_pack(ReadModel(engine), period, fmt, goal or None, unit, advance)
        except ExportError as error:
            err.print(f"Sitzungsunterlage nicht erstellt: {error}", highlight=False)
            raise typer.Exit(1) from None
        finally:
            engine.dispose()
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_bytes(content)
    out.print(
        f"Sitzungsunterlage geschrieben: {out_file} ({len(content) / 1024:,.0f} KB)".replace(
            ",", "."
        ),
        highlight=False,
    )


@app.command()
def survey(
    period: Annotated[str, typer.Option("--period", help="Zielperiode, z. B. 2018-2022")],
    out_dir: Annotated[Path, typer.Option("--out", help="Zielordner für die Fragebögen")],
    db: DbOption = None,
) -> None:
    """Fragebögen der Maßnahmen-Abfrage schreiben: eine Arbeitsmappe je Arbeitsbereich."""
    from etl.survey import SurveyError, write_survey

    settings = _settings(db)
    engine = _engine(settings)
    _load_catalogue(engine)
    try:
        with engine.connect() as conn:
            written = write_survey(conn, period, out_dir)
    except SurveyError as error:
        err.print(str(error), highlight=False, markup=False)
        raise typer.Exit(1) from None
    except OSError as error:
        err.print(f"Fragebögen nicht geschrieben: {error}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    for item in written:
        note = f", {item.left_out} nicht übernommen" if item.left_out else ""
        out.print(
            f"{item.path.name}: {item.department} "
            f"({'1 Maßnahme' if item.rows == 1 else f'{item.rows} Maßnahmen'} vorbelegt{note})",
            highlight=False,
            markup=False,
        )
    out.print(f"{len(written)} Fragebögen in {out_dir} (Zielperiode {period}).", highlight=False)


period_app = typer.Typer(
    help="Zielperioden: den Zielkatalog einer neuen Periode vorbereiten.", no_args_is_help=True
)
app.add_typer(period_app, name="period")


@period_app.command("new")
def period_new(
    label: Annotated[str, typer.Argument(help="Die neue Zielperiode, z. B. 2018-2022")],
    out_file: Annotated[Path, typer.Option("--out", help="Zieldatei (.xlsx)")],
    previous: Annotated[
        str | None,
        typer.Option("--from", help="Vorperiode (Standard: die letzte Periode davor)"),
    ] = None,
    db: DbOption = None,
) -> None:
    """Zielkatalog einer neuen Periode als Arbeitsmappe schreiben, vorbelegt aus der Vorperiode.

    Die Arbeitsmappe bearbeiten und mit „import goals“ laden."""
    from etl.goal_workbook import PeriodError, write_new_period

    settings = _settings(db)
    engine = _engine(settings)
    _load_catalogue(engine)
    try:
        with engine.connect() as conn:
            draft = write_new_period(conn, label, previous, out_file, known_indicators())
    except PeriodError as error:
        err.print(str(error), highlight=False, markup=False)
        raise typer.Exit(1) from None
    except OSError as error:
        err.print(f"Arbeitsmappe nicht geschrieben: {error}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    goals = draft.catalogue["goals"]
    adapted = sum(goal["status"] == "angepasst" for goal in goals)
    out.print(
        f"Arbeitsmappe geschrieben: {out_file} – {len(goals)} Handlungsziele aus "
        f"{draft.previous['period']}, davon {adapted} als „angepasst“ vorbelegt. Nach dem "
        f"Bearbeiten laden mit: bildungsmonitor import goals {out_file}",
        highlight=False,
        markup=False,
    )


HostOption = Annotated[str, typer.Option(help="Adresse, an der das Dashboard lauscht")]
PortOption = Annotated[int, typer.Option(help="Port des Dashboards")]


@app.command()
def serve(host: HostOption = "127.0.0.1", port: PortOption = 8050, db: DbOption = None) -> None:
    """Das Dashboard mit einem Produktions-Webserver starten (waitress, ohne Debug-Modus)."""
    settings = _settings(db)
    engine = _engine(settings)
    _say_if_stale(engine)
    engine.dispose()
    _serve(settings, host, port)


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _serve(settings: Settings, host: str, port: int) -> None:
    import waitress

    from dashboard.app import create_app
    from dashboard.auth import SecretKeyMissing, check_secret_key
    from dashboard.delivery import warm
    from dashboard.hardening import MAX_BODY_BYTES

    # Behind a reverse proxy even 127.0.0.1 is reachable from other machines.
    local = host in LOOPBACK and not settings.proxies
    if not local:
        try:
            check_secret_key(settings.secret_key)
        except SecretKeyMissing as error:
            err.print(str(error), highlight=False, markup=False)
            raise typer.Exit(1) from None
        _require_an_admin(settings)
    dash_app = create_app(settings.database_url, may_run_open=local)
    warm(dash_app)  # pages and the chart renderer ready before the first visitor asks
    out.print(f"Dashboard: http://{host}:{port}/  (beenden mit Strg+C)", highlight=False)
    waitress.serve(
        dash_app.server,
        host=host,
        port=port,
        threads=8,
        ident="Bildungsmonitor",
        max_request_body_size=MAX_BODY_BYTES,  # the app's limit, already at the server
    )


def _require_an_admin(settings: Settings) -> None:
    """Beyond localhost the app always asks for a login: somebody must be able to give one."""
    from etl.accounts import accounts

    engine = _engine(settings)
    admins = [a for a in accounts(engine) if a.active and a.role == "admin"]
    engine.dispose()
    if not admins:
        err.print(
            "Für andere Rechner freigegeben braucht das Dashboard eine Anmeldung, aber es gibt "
            "noch keinen aktiven Administrator: zuerst „bildungsmonitor users add NAME "
            "--rolle admin“ ausführen.",
            highlight=False,
            markup=False,
        )
        raise typer.Exit(1)


@app.command()
def demo(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8050,
    scale: Annotated[float, typer.Option(help="Maßstab der Beispieldaten")] = 1.0,
    db: DbOption = None,
) -> None:
    """Beispieldaten erzeugen, importieren, Indikatoren berechnen und das Dashboard starten."""
    from etl.synthetic import VERSION, generate

    settings = _settings(db)
    folder = settings.data_dir / f"beispieldaten-{scale:g}"
    manifest_path = folder / "manifest.json"
    manifest = None
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    # Samples of an older generator (other sources, other files) are written anew and replace
    # what they loaded: they are the demo's own synthetic data, nobody's delivery.
    renewed = manifest is not None and manifest.get("version") != VERSION
    if manifest is None or renewed:
        with err.status("Beispieldaten werden erzeugt …") as spinner:
            manifest = generate(
                folder, scale=scale, progress=lambda text: spinner.update(f"Beispieldaten: {text}")
            )
    engine = _engine(settings)
    _load_catalogue(engine)
    jobs = manifest_jobs(folder, manifest)
    if not _import_all(engine, settings, jobs, renewed, rebuild=False):
        raise typer.Exit(1)
    from indicators.build import stale_sources

    with engine.begin() as conn:
        stale = stale_sources(conn)
    if stale:
        _build(engine, None)
    engine.dispose()
    _serve(settings, host, port)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
