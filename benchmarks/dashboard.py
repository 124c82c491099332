"""Dashboard speed against a running server over HTTP: the explorer's callback latency (p50, p95
over varied indicators, levels, years and breakdowns) and the time to the first full page (HTML,
then every script and stylesheet it names, then Dash's layout and dependencies).

    uv run python -m benchmarks.dashboard [--scales 1 20] [--requests 240]

The server is `bildungsmonitor serve` (waitress) in a subprocess on a free local port; the scale-1
and scale-20 databases are those of benchmarks/build.py (built when missing).
"""

from __future__ import annotations

import argparse
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from urllib.parse import urljoin

import requests
from sqlalchemy import select

from benchmarks.common import OUT, fresh_database, load, samples
from dashboard.ids import Explorer
from etl.db import make_engine
from indicators.build import build
from indicators.registry import BY_ID
from indicators.store import IndicatorValue


def database(scale: float) -> str:
    """The built database of ``scale`` (from benchmarks.build, or made now)."""
    path = OUT / f"build-{scale:g}.sqlite"
    url = f"sqlite:///{path}"
    if not path.exists():
        folder, manifest = samples(scale)
        url = fresh_database(f"build-{scale:g}")
        load(url, folder, manifest)
        build(make_engine(url))
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(url: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "bildungsmonitor", "serve", "--db", url, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(f"{base}/_dash-layout", timeout=1).ok:
                return server
        except requests.ConnectionError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("Der Server ist nicht gestartet.")


def first_page(base: str) -> float:
    """Seconds until the explorer page and everything it needs have arrived (no cache)."""
    session = requests.Session()
    started = time.perf_counter()
    html = session.get(f"{base}/indikatoren").text
    for link in re.findall(r'(?:src|href)="(/[^"]+)"', html):
        session.get(urljoin(base, link)).raise_for_status()
    session.get(f"{base}/_dash-layout").raise_for_status()
    session.get(f"{base}/_dash-dependencies").raise_for_status()
    return time.perf_counter() - started


def explorer_inputs(url: str, count: int) -> list[dict]:
    """Varied explorer choices that exist in the database: indicator, level, year, breakdown."""
    with make_engine(url).connect() as conn:
        cells = conn.execute(
            select(
                IndicatorValue.indicator,
                IndicatorValue.level,
                IndicatorValue.period,
                IndicatorValue.breakdown,
            )
            .where(
                IndicatorValue.level.in_(["stadtbezirk", "ortsteil", "bezirk"]),
                ~IndicatorValue.indicator.startswith("goals."),
            )
            .distinct()
        ).all()
    chosen = random.Random(2017).sample(cells, min(count, len(cells)))
    return [
        {"indicator": i, "level": lvl, "year": p[:4], "breakdown": b or "insgesamt"}
        for i, lvl, p, b in chosen
        if i in BY_ID
    ]


def explorer_payload(spec: dict, choice: dict) -> dict:
    values = {
        f"{Explorer.URL}.search": "",
        f"{Explorer.INDICATOR}.value": choice["indicator"],
        f"{Explorer.LEVEL}.value": choice["level"],
        f"{Explorer.YEAR}.value": choice["year"],
        f"{Explorer.BREAKDOWN}.value": choice["breakdown"],
        f"{Explorer.UNITS}.value": [],
    }

    def items(declared):
        return [
            {
                "id": d["id"],
                "property": d["property"],
                "value": values.get(f"{d['id']}.{d['property']}"),
            }
            for d in declared
        ]

    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
        for part in spec["output"].strip(".").split("...")
    ]
    return {
        "output": spec["output"],
        "outputs": outputs,
        "inputs": items(spec["inputs"]),
        "changedPropIds": [f"{Explorer.INDICATOR}.value"],
        "state": items(spec["state"]),
    }


def callback_latencies(base: str, choices: list[dict]) -> list[float]:
    session = requests.Session()
    dependencies = session.get(f"{base}/_dash-dependencies").json()
    spec = next(d for d in dependencies if f"{Explorer.MAP}.figure" in d["output"])
    seconds = []
    for choice in choices:
        payload = explorer_payload(spec, choice)
        started = time.perf_counter()
        response = session.post(f"{base}/_dash-update-component", json=payload)
        seconds.append(time.perf_counter() - started)
        response.raise_for_status()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 20])
    parser.add_argument("--requests", type=int, default=240)
    args = parser.parse_args()
    for scale in args.scales:
        url = database(scale)
        port = free_port()
        server = serve(url, port)
        base = f"http://127.0.0.1:{port}"
        try:
            first_page(base)  # the server's own first request warms its caches
            pages = [first_page(base) for _ in range(5)]
            latencies = callback_latencies(base, explorer_inputs(url, args.requests))
        finally:
            server.terminate()
            server.wait(timeout=10)
        ms = sorted(1000 * s for s in latencies)
        p95 = ms[int(0.95 * (len(ms) - 1))]
        print(
            f"Maßstab {scale:g}: Explorer-Callback über HTTP, {len(ms)} Anfragen – "
            f"p50 {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms; "
            f"erste vollständige Seite (HTML und Assets) {1000 * statistics.median(pages):.0f} ms "
            f"(Median von 5)",
            flush=True,
        )


if __name__ == "__main__":
    main()
