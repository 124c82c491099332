"""Start of the command line: ``bildungsmonitor --help`` and refusing a small file with a wrong
header, each in a fresh process with PYTHONDONTWRITEBYTECODE=1 (as on the project's machines).

Prints the median wall time of N runs and the median CPU time (user + system) of the process:
on a shared machine the wall time grows with the load, the CPU time much less. Targets
(issue 13): ``--help`` under 0.3 s, the refusal under 1 s.

uv run python -m benchmarks.cli_start [--runs 15]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy


def timed(
    command: list[str], env: dict[str, str]
) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds of one run of ``command``, and the finished process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done


def measure(label: str, command: list[str], env: dict[str, str], runs: int, status: int) -> None:
    timed(command, env)  # warm the file system cache (and make the database of the refusal)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu, done = timed(command, env)
        if done.returncode != status:
            raise SystemExit(f"{label}: Rückgabewert {done.returncode}\n{done.stderr}")
        walls.append(wall)
        cpus.append(cpu)
    print(
        f"{label}: Median {statistics.median(walls):.2f} s (CPU {statistics.median(cpus):.2f} s; "
        f"schnellster Lauf {min(walls):.2f} s, langsamster {max(walls):.2f} s)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    command = str(Path(sys.executable).with_name("bildungsmonitor"))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    compiled = Path(importlib.util.cache_from_source(sqlalchemy.__file__)).exists()
    print(
        f"{dt.datetime.now():%d.%m.%Y %H:%M}, {os.cpu_count()} Kerne, Last "
        f"{os.getloadavg()[0]:.1f}; Bytecode der Pakete vorkompiliert: "
        f"{'ja' if compiled else 'nein (make setup kompiliert ihn)'}; {args.runs} Läufe",
        flush=True,
    )
    measure("bildungsmonitor --help", [command, "--help"], env, args.runs, 0)
    with tempfile.TemporaryDirectory() as folder:
        bad = Path(folder) / "kompik_falscher_kopf.csv"
        bad.write_text("Kita;Kind;Datum\n0107;001;15.05.2019\n", encoding="utf-8")
        url = f"sqlite:///{Path(folder) / 'start.sqlite'}"
        refuse = [command, "import", "kompik", str(bad), "--db", url]
        measure("Datei mit falscher Kopfzeile ablehnen", refuse, env, args.runs, 1)


if __name__ == "__main__":
    main()
