"""Load test: concurrent clients through pages and explorer callbacks, first without imports
("vorher"), then while imports with ``--replace`` run back to back ("während"); per phase the
server errors, latency percentiles of pages and callbacks, throughput, and the CPU time the
server (and the imports) used.

    uv run python -m benchmarks.load [--scale 1] [--clients 20] [--seconds 60]
                                     [--source kompik] [--db URL]

Database: without ``--db`` the synthetic samples of ``--scale`` are generated and loaded once
(``bildungsmonitor samples --load``) into benchmarks/out/load-<scale>/base.sqlite, and every run
works on a fresh copy (run.sqlite). A SQLite ``--db`` is copied the same way (it must hold the
samples of ``--seed`` and ``--scale``: the import file comes from them). A PostgreSQL ``--db`` is
used in place, so give one that may be changed; it gets the samples loaded when it has no
indicator values yet.

A client is a thread with its own HTTP session and no pause between requests. It repeats: one
page load as a browser does it once the static files are cached (the page's HTML, Dash's layout
and dependencies, then the callback that renders the page content), then two explorer callbacks
with varied indicator, level, year and breakdown. The page is one of /, /indikatoren (with
parameters), /profil, /vergleich, /datenstand and /ziel/<key>, each equally often.

During "während" ``bildungsmonitor import <source> <file> --replace`` runs in a subprocess again
and again (each import rebuilds the source's indicators), every time with one value of the file
changed, so the delivery is really replaced. The server is ``bildungsmonitor serve`` (waitress)
in a subprocess; its log stays in the work folder. Clients, server and imports share the
machine's cores, so the figures are those of a busy small server. Exit status 1 on any server
error (status 5xx, connection error or timeout) or a failed import.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import requests
from sqlalchemy import make_url, select

from benchmarks.common import OUT
from benchmarks.dashboard import explorer_inputs, explorer_payload, free_port
from dashboard.ids import Explorer
from etl.db import make_engine
from etl.models import SpatialUnit

CLI = [sys.executable, "-m", "bildungsmonitor"]
CALLBACK = "/_dash-update-component"
PAGES_OUTPUT = "_pages_content.children"
TIMEOUT_SECONDS = 60.0  # one request; longer counts as a server error (timeout)
SERVER_START_SECONDS = 180.0  # the app's start takes 15-20 s on a busy 2-core machine
CALLBACKS_PER_PAGE = 2
# The column whose first value each import changes, and the values it cycles through.
VARIED = {
    "kompik": ("Motorik Mittelwert", lambda run: f"{2 + run % 100 / 100:.2f}".replace(".", ",")),
    "uwe": ("OPT1", lambda run: str(1 + run % 5)),
}
TIMED_OUT = "Zeitüberschreitung"
NO_CONNECTION = "Verbindungsfehler"


@dataclass
class Operation:
    kind: str  # "page" or "callback"
    seconds: float
    requests: int
    failure: str | None  # the HTTP status or TIMED_OUT / NO_CONNECTION


@dataclass
class Plan:
    """What the clients request, checked against the running server before the phases."""

    pages: dict[str, list[str]]  # page -> paths with query
    choices: list[dict]  # explorer choices
    explorer_spec: dict
    pages_spec: dict


@dataclass
class ImportRun:
    started: float
    ended: float
    status: int
    output: str


@dataclass
class Importer:
    """Imports a changed copy of one delivery with --replace, back to back until the deadline."""

    url: str
    source: str
    template: Path
    folder: Path
    deadline: float
    runs: list[ImportRun] = field(default_factory=list)

    def __call__(self) -> None:
        run = 0
        while time.monotonic() < self.deadline:
            run += 1
            path = changed_copy(self.template, self.folder, self.source, run)
            started = time.monotonic()
            done = subprocess.run(
                [*CLI, "import", self.source, str(path), "--replace", "--db", self.url],
                capture_output=True,
                text=True,
            )
            self.runs.append(
                ImportRun(started, time.monotonic(), done.returncode, done.stdout + done.stderr)
            )
            if done.returncode != 0:  # a rejected file would be rejected again
                return


# --- the database and the import file ----------------------------------------------------------


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" else None


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy (SQLite's backup also takes what is still in the WAL file)."""
    for stale in target.parent.glob(target.name + "*"):
        stale.unlink()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def cli(log: Path, *args: str) -> None:
    """A command of the project, its output kept in ``log`` (shown when it fails)."""
    with log.open("w", encoding="utf-8") as handle:
        done = subprocess.run([*CLI, *args], stdout=handle, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bildungsmonitor {args[0]} fehlgeschlagen:\n{log.read_text()[-3000:]}")


def prepare(args: argparse.Namespace, work: Path) -> tuple[str, Path, dict]:
    """The URL the server and the imports use, and the samples folder with its manifest."""
    samples = work / "samples"
    manifest_path = samples / "manifest.json"
    load_samples = ["samples", "--out", str(samples), "--scale", f"{args.scale:g}"]
    load_samples += ["--seed", str(args.seed), "--load", "--db"]
    if args.db is None:
        base = work / "base.sqlite"
        if not (base.exists() and have_samples(manifest_path, args)):
            print(f"  Beispieldatenbank wird erzeugt (Maßstab {args.scale:g}) …", flush=True)
            partial = work / "base-partial.sqlite"
            for stale in work.glob("base*.sqlite*"):
                stale.unlink()
            shutil.rmtree(samples, ignore_errors=True)
            cli(work / "prepare.log", *load_samples, f"sqlite:///{partial}")
            copy_sqlite(partial, base)
            for done in work.glob("base-partial.sqlite*"):
                done.unlink()
        copy_sqlite(base, work / "run.sqlite")
        url = f"sqlite:///{work / 'run.sqlite'}"
    else:
        given = sqlite_path(args.db)
        url = args.db
        if given is not None:
            if not given.is_file():
                raise SystemExit(f"Datenbankdatei {given} gibt es nicht.")
            copy_sqlite(given, work / "run.sqlite")
            url = f"sqlite:///{work / 'run.sqlite'}"
        elif not explorer_inputs(url, 1):
            print("  PostgreSQL-Datenbank ohne Indikatorwerte: Beispieldaten werden geladen …")
            shutil.rmtree(samples, ignore_errors=True)
            cli(work / "prepare.log", *load_samples, url)
        if not have_samples(manifest_path, args):
            from etl.synthetic import generate  # the same files as in the database's samples

            shutil.rmtree(samples, ignore_errors=True)
            generate(samples, seed=args.seed, scale=args.scale, sources=[args.source])
    return url, samples, json.loads(manifest_path.read_text(encoding="utf-8"))


def have_samples(manifest_path: Path, args: argparse.Namespace) -> bool:
    """The samples folder holds the import source's files of the asked seed and scale."""
    if not manifest_path.exists():
        return False
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return (
        manifest["seed"] == args.seed
        and float(manifest["scale"]) == args.scale
        and any(f["source"] == args.source for f in manifest["files"])
    )


def import_template(samples: Path, manifest: dict, source: str) -> tuple[Path, int]:
    """The largest CSV delivery of ``source`` (a CSV can be changed without rewriting it)."""
    files = [f for f in manifest["files"] if f["source"] == source and f["file"].endswith(".csv")]
    if not files:
        raise SystemExit(f"Keine CSV-Lieferung der Quelle {source} in {samples}.")
    chosen = max(files, key=lambda f: f["rows"])
    return samples / chosen["file"], chosen["rows"]


def changed_copy(template: Path, folder: Path, source: str, run: int) -> Path:
    """The delivery with a run number in its first (comment) line and the first value of the
    varied column changed: a new file hash, so the import replaces the delivery."""
    column, value = VARIED[source]
    raw = template.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    header = next(i for i, line in enumerate(lines) if column in line.split(";"))
    names, cells = lines[header].split(";"), lines[header + 1].split(";")
    if len(cells) != len(names):
        raise SystemExit(f"{template.name}: erste Datenzeile lässt sich nicht einfach ändern.")
    cells[names.index(column)] = value(run)
    lines[header + 1] = ";".join(cells)
    lines[0] += f" (Lasttest, Lauf {run})"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{template.stem}_lauf{run}.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + "\r\n".join(lines).encode())
    return path


# --- the server and what the clients request ---------------------------------------------------


def serve(url: str, port: int, log: Path) -> subprocess.Popen:
    with log.open("wb") as handle:
        server = subprocess.Popen(
            [*CLI, "serve", "--db", url, "--port", str(port)],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if requests.get(f"http://127.0.0.1:{port}/_dash-layout", timeout=2).ok:
                return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"Der Server ist nicht gestartet, siehe {log}:\n{log.read_text()[-2000:]}")


def generic_payload(spec: dict, values: dict) -> dict:
    """A callback request as Dash's renderer sends it; ``values`` by "id.property"."""

    def items(declared: list[dict]) -> list[dict]:
        return [{**d, "value": values.get(f"{d['id']}.{d['property']}")} for d in declared]

    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
        for part in spec["output"].strip(".").split("...")
    ]
    return {
        "output": spec["output"],
        "outputs": outputs,
        "inputs": items(spec["inputs"]),
        "changedPropIds": list(values),
        "state": items(spec["state"]),
    }


def pages_payload(spec: dict, path: str) -> dict:
    pathname, _, query = path.partition("?")
    return generic_payload(
        spec,
        {
            "_pages_location.pathname": pathname,
            "_pages_location.search": f"?{query}" if query else "",
        },
    )


def checked(response: requests.Response, output: str) -> dict:
    """The JSON answer of a callback that must carry ``output`` (id.property)."""
    if response.status_code != 200:
        raise SystemExit(f"{response.request.path_url}: Status {response.status_code}")
    answer = response.json()["response"]
    cid, prop = output.rsplit(".", 1)
    if prop not in answer.get(cid, {}):
        raise SystemExit(f"Callback-Antwort ohne {output}: {sorted(answer)}")
    return answer


def strings(tree) -> list[str]:
    if isinstance(tree, str):
        return [tree]
    if isinstance(tree, dict):
        return [s for value in tree.values() for s in strings(value)]
    if isinstance(tree, list):
        return [s for value in tree for s in strings(value)]
    return []


def make_plan(base: str, url: str) -> Plan:
    """The pages and explorer choices, each page and one callback checked (200, JSON, the
    expected outputs); this also warms the server's caches."""
    session = requests.Session()
    dependencies = session.get(f"{base}/_dash-dependencies", timeout=TIMEOUT_SECONDS).json()
    explorer_spec = next(d for d in dependencies if f"{Explorer.MAP}.figure" in d["output"])
    pages_spec = next(d for d in dependencies if PAGES_OUTPUT in d["output"])
    choices = explorer_inputs(url, 200)
    if not choices:
        raise SystemExit("Die Datenbank hat keine Indikatorwerte.")
    home = checked(session.post(base + CALLBACK, json=pages_payload(pages_spec, "/")), PAGES_OUTPUT)
    goals = sorted({s for s in strings(home) if re.fullmatch(r"/ziel/[^/?]+(\?\S*)?", s)})
    engine = make_engine(url)
    with engine.connect() as conn:
        units = conn.execute(
            select(SpatialUnit.level, SpatialUnit.number)
            .where(SpatialUnit.level.in_(["stadtbezirk", "ortsteil"]))
            .order_by(SpatialUnit.level, SpatialUnit.number)
        ).all()
    engine.dispose()
    explorer = [
        "/indikatoren?"
        + urlencode(
            {
                "indikator": c["indicator"],
                "ebene": c["level"],
                "jahr": c["year"],
                "aufgliederung": "" if c["breakdown"] == "insgesamt" else c["breakdown"],
            }
        )
        for c in choices[:40]
    ]
    pages = {
        "/": ["/"],
        "/indikatoren": ["/indikatoren", *explorer],
        "/profil": ["/profil", *(f"/profil?ebene={lvl}&einheit={nr}" for lvl, nr in units)],
        "/vergleich": ["/vergleich", "/vergleich?ebene=stadtbezirk", "/vergleich?ebene=ortsteil"],
        "/datenstand": ["/datenstand", "/datenstand?quelle=kompik", "/datenstand?quelle=uwe"],
        "/ziel": goals,
    }
    if not goals:
        raise SystemExit("Die Übersicht verlinkt kein Handlungsziel.")
    for paths in pages.values():
        for path in paths[:3]:
            op = page_load(session, base, path, pages_spec)
            if op.failure:
                raise SystemExit(f"Seite {path}: {op.failure}")
    for choice in choices[:3]:
        payload = explorer_payload(explorer_spec, choice)
        checked(session.post(base + CALLBACK, json=payload), f"{Explorer.MAP}.figure")
    return Plan(pages, choices, explorer_spec, pages_spec)


# --- the clients ---------------------------------------------------------------------------


def timed(session: requests.Session, method: str, url: str, **kwargs) -> str | None:
    """The failure of one request (status >= 400, timeout, no connection), None if it answered."""
    try:
        response = session.request(method, url, timeout=TIMEOUT_SECONDS, **kwargs)
    except requests.Timeout:
        return TIMED_OUT
    except requests.ConnectionError:
        return NO_CONNECTION
    return str(response.status_code) if response.status_code >= 400 else None


def page_load(session: requests.Session, base: str, path: str, spec: dict) -> Operation:
    steps = [
        ("GET", path, None),
        ("GET", "/_dash-layout", None),
        ("GET", "/_dash-dependencies", None),
        ("POST", CALLBACK, pages_payload(spec, path)),
    ]
    started = time.perf_counter()
    for sent, (method, target, body) in enumerate(steps, 1):
        failure = timed(session, method, base + target, json=body)
        if failure:
            return Operation("page", time.perf_counter() - started, sent, failure)
    return Operation("page", time.perf_counter() - started, len(steps), None)


def explorer_callback(session: requests.Session, base: str, plan: Plan, choice: dict) -> Operation:
    started = time.perf_counter()
    payload = explorer_payload(plan.explorer_spec, choice)
    failure = timed(session, "POST", base + CALLBACK, json=payload)
    return Operation("callback", time.perf_counter() - started, 1, failure)


def client(base: str, plan: Plan, deadline: float, seed: int, out: list[Operation]) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    while time.monotonic() < deadline:
        path = rng.choice(plan.pages[rng.choice(list(plan.pages))])
        out.append(page_load(session, base, path, plan.pages_spec))
        for _ in range(CALLBACKS_PER_PAGE):
            if time.monotonic() >= deadline:
                break
            out.append(explorer_callback(session, base, plan, rng.choice(plan.choices)))


@dataclass
class Phase:
    name: str
    ops: list[Operation]
    seconds: float  # until the last client's last answer
    server_cpu: float | None  # CPU seconds of the server process (Linux)
    load: float  # load average of the machine at the end


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of a running process, from /proc (None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_phase(
    name: str, base: str, plan: Plan, clients: int, seconds: float, seed: int, pid: int
) -> Phase:
    cpu_before, started = cpu_seconds(pid), time.monotonic()
    deadline = started + seconds
    results: list[list[Operation]] = [[] for _ in range(clients)]
    threads = [
        threading.Thread(target=client, args=(base, plan, deadline, seed + i, results[i]))
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu_after = cpu_seconds(pid)
    return Phase(
        name,
        [op for ops in results for op in ops],
        time.monotonic() - started,
        None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
        os.getloadavg()[0],
    )


# --- the figures ---------------------------------------------------------------------------


def percentile(ms: list[float], q: float) -> float:
    return ms[int(q * (len(ms) - 1))] if ms else float("nan")


def latencies(ops: list[Operation], kind: str) -> str:
    ms = sorted(1000 * op.seconds for op in ops if op.kind == kind and not op.failure)
    return "/".join(f"{percentile(ms, q):.0f}" for q in (0.5, 0.95, 0.99))


def server_failure(failure: str | None) -> bool:
    return failure is not None and (not failure.isdigit() or int(failure) >= 500)


def phase_row(phase: Phase) -> str:
    ops, seconds = phase.ops, phase.seconds
    requests_sent = sum(op.requests for op in ops)
    errors = sum(server_failure(op.failure) for op in ops)
    pages = sum(op.kind == "page" for op in ops)
    calls = sum(op.kind == "callback" for op in ops)
    return (
        f"{phase.name:<8} {requests_sent:>9,} {errors:>8} {latencies(ops, 'page'):>16} "
        f"{latencies(ops, 'callback'):>16} {requests_sent / seconds:>10.1f} "
        f"{pages / seconds:>8.1f} {calls / seconds:>11.1f}"
    )


def failures_text(ops: list[Operation]) -> str:
    counted = Counter(op.failure for op in ops if op.failure)
    return ", ".join(f"{what} ×{n}" for what, n in counted.most_common()) or "keine"


def server_log_summary(log: Path) -> str:
    text = log.read_text(encoding="utf-8", errors="replace")
    tracebacks = text.count("Traceback (most recent call last)")
    queued = re.findall(r"Task queue depth is (\d+)", text)
    deepest = max(map(int, queued)) if queued else 0
    return (
        f"Server-Log ({log}): {tracebacks} Tracebacks, {len(queued)} Warnungen "
        f"„Task queue depth“ (höchstens {deepest} wartende Anfragen)"
    )


def first_traceback(log: Path) -> str | None:
    text = log.read_text(encoding="utf-8", errors="replace")
    start = text.find("Traceback (most recent call last)")
    if start < 0:
        return None
    end = text.find("\n\n", start)
    return text[max(0, text.rfind("\n", 0, start - 1)) : end if end > 0 else start + 6000]


def import_summary(importer: Importer, phase_start: float, phase_end: float) -> str:
    done = [r for r in importer.runs if r.status == 0 and r.ended <= phase_end]
    replaced = sum(replaced_delivery(r) for r in done)
    late = [r for r in importer.runs if r.ended > phase_end]
    failed = [r for r in importer.runs if r.status != 0]
    durations = [r.ended - r.started for r in done]
    busy = sum(min(r.ended, phase_end) - r.started for r in importer.runs)
    text = f"Imports mit --replace während der Phase: {len(done)} abgeschlossen"
    if durations:
        spread = f"{min(durations):.0f}–{max(durations):.0f}" if len(done) > 1 else ""
        spread = spread or f"{durations[0]:.0f}"
        text += f" ({spread} s je Import samt Build, {replaced} davon ersetzten)"
    if late:
        last = late[-1]
        outcome = "ersetzte" if replaced_delivery(last) else f"Status {last.status}"
        text += (
            f"; einer lief bei Phasenende noch (fertig {last.ended - phase_end:.0f} s später, "
            f"{outcome})"
        )
    text += f"; ein Import lief {100 * busy / (phase_end - phase_start):.0f} % der Phase"
    if failed:
        text += f"; {len(failed)} fehlgeschlagen:\n{failed[0].output[-1500:]}"
    return text


def replaced_delivery(run: ImportRun) -> bool:
    """The import's summary says it replaced rows of the earlier delivery."""
    return run.status == 0 and "der früheren Lieferung ersetzt" in run.output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2017, help="Seed der Beispieldaten")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0, help="Dauer je Phase")
    parser.add_argument("--source", choices=sorted(VARIED), default="kompik")
    parser.add_argument("--db", help="vorhandene Datenbank (SQLite: es wird eine Kopie benutzt)")
    parser.add_argument("--work", type=Path, help="Arbeitsordner (Vorgabe benchmarks/out/load-…)")
    args = parser.parse_args()
    work = args.work or OUT / f"load-{args.scale:g}"
    work.mkdir(parents=True, exist_ok=True)

    url, samples, manifest = prepare(args, work)
    template, rows = import_template(samples, manifest, args.source)
    port = free_port()
    log = work / "server.log"
    server = serve(url, port, log)
    base = f"http://127.0.0.1:{port}"
    try:
        plan = make_plan(base, url)
        print(
            f"Lasttest {dt.datetime.now():%d.%m.%Y %H:%M}: {os.cpu_count()} Kerne "
            f"({platform.machine()}, {platform.system()}), Last vorher "
            f"{os.getloadavg()[0]:.1f}; Server waitress (8 Threads) auf {base}\n"
            f"Datenbank {make_url(url).render_as_string(hide_password=True)} (Maßstab "
            f"{args.scale:g}); {args.clients} Clients ohne Pause, je Phase {args.seconds:g} s; "
            f"je Client: 1 Seitenaufruf (4 Anfragen), dann {CALLBACKS_PER_PAGE} Explorer-"
            f"Callbacks; Import: {args.source} {template.name} ({rows:,} Zeilen) mit --replace",
            flush=True,
        )
        before = run_phase("vorher", base, plan, args.clients, args.seconds, 1, server.pid)
        imports_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        phase_start = time.monotonic()
        importer = Importer(
            url, args.source, template, work / "imports", phase_start + args.seconds
        )
        worker = threading.Thread(target=importer)
        worker.start()
        during = run_phase("während", base, plan, args.clients, args.seconds, 1001, server.pid)
        phase_end = phase_start + during.seconds
        worker.join()
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        imports_cpu = used.ru_utime + used.ru_stime - imports_cpu.ru_utime - imports_cpu.ru_stime
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"\n{'Phase':<8} {'Anfragen':>9} {'Fehler':>8} {'Seiten ms':>16} {'Callbacks ms':>16} "
        f"{'Anfragen/s':>10} {'Seiten/s':>8} {'Callbacks/s':>11}\n"
        f"{'':<8} {'':>9} {'(Server)':>8} {'p50/p95/p99':>16} {'p50/p95/p99':>16}"
    )
    for phase in (before, during):
        print(phase_row(phase))
    print()
    for phase in (before, during):
        pages = sum(op.kind == "page" for op in phase.ops)
        sent = sum(op.requests for op in phase.ops)
        cpu = "?" if phase.server_cpu is None else f"{phase.server_cpu:.0f} s"
        if phase.server_cpu is not None and sent:
            cpu += f", {1000 * phase.server_cpu / sent:.0f} ms je Anfrage"
        print(
            f"{phase.name}: {pages:,} Seitenaufrufe, {len(phase.ops) - pages:,} Callbacks in "
            f"{phase.seconds:.0f} s; Fehler nach Art: {failures_text(phase.ops)}; CPU des "
            f"Servers {cpu}; Last am Ende {phase.load:.1f}"
        )
    print(
        import_summary(importer, phase_start, phase_end) + f"; CPU der Imports {imports_cpu:.0f} s"
    )
    print(server_log_summary(log))
    server_errors = sum(server_failure(op.failure) for op in before.ops + during.ops)
    trace = first_traceback(log)
    if server_errors and trace:
        print(f"Erster Traceback im Server-Log:\n{trace}")
    if server_errors or any(r.status != 0 for r in importer.runs):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
