"""Dashboard speed against ``bildungsmonitor serve`` (waitress), server time and client time apart.

- **Server time** is what the app reports in its ``Server-Timing`` header (``app;dur``: from the
  request entering Flask to its response headers, hooks and compression included; see
  ``dashboard.delivery``). **Client time** is what the user waits for: measured over HTTP for
  single requests, and in Debian's Chromium (Playwright, 1400x900) for pages.
- Explorer callback: ``--requests`` updates with varied indicator, level, year and breakdown
  (server p50/p95/max, and the HTTP round trip).
- Page ready: navigation start until all content is ready (no pending callback, every chart
  drawn), for every page of the menu, first with an empty browser cache, then again with it;
  bytes transferred by the first load (compressed) and their raw size.
- Page change: a click on a menu link until the new page's content is ready (``--rounds`` over
  the menu); control change: a new indicator in the explorer until the map is drawn again. The
  server share is the sum of the app's times of the callbacks the change caused.
- PNG download: the first chart image of the server's life, then warm ones (median), over HTTP,
  one a second.

    uv run python -m benchmarks.dashboard [--scales 1 20] [--requests 240] [--rounds 3]

The scale-1 and scale-20 databases are those of benchmarks/build.py (built when missing). The
server is measured ``--settle`` seconds after it answers, as a user arrives some time after the
start; it warms itself in that time (``dashboard.delivery.warm``: compressed files, every page
once, chart renderer).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import select

from benchmarks.common import OUT, fresh_database, load, samples
from dashboard.ids import Explorer
from etl.db import make_engine
from indicators.build import build
from indicators.registry import BY_ID
from indicators.store import IndicatorValue

CHROMIUM = "/usr/bin/chromium"
ACCEPT = "gzip, deflate, br, zstd"  # what Chromium sends
PNG_PAUSE = 1.0  # seconds between two chart downloads
# The page is ready when its content is there, no callback is pending and every chart is drawn.
READY = """() => {
    const content = document.getElementById('_pages_content');
    if (!content || content.children.length === 0) return false;
    if (document.querySelector('[data-dash-is-loading="true"]')) return false;
    const state = window.store && window.store.getState();
    if (!state) return false;
    for (const [key, list] of Object.entries(state.callbacks)) {
        if (key !== 'stored' && key !== 'completed' && list.length) return false;
    }
    for (const graph of document.querySelectorAll('.dash-graph')) {
        if (!graph.querySelector('.main-svg')) return false;
    }
    return true;
}"""
# Page change / control change: ``ready`` once more callbacks completed than before the action,
# on the expected page, plus (control change) the map drawn again.
SETTLED = """([path, before, plots]) => {
    const state = window.store && window.store.getState();
    if (!state || location.pathname !== path) return false;
    if (state.callbacks.completed <= before) return false;
    if (plots !== null && (window.__bimoPlots || 0) <= plots) return false;
    if (!(READY_FUNCTION)()) return false;
    window.__bimoDone = window.__bimoDone || performance.now();
    return true;
}""".replace("READY_FUNCTION", READY)
SERVER_SHARE = """([since, path]) => performance.getEntriesByType('resource')
    .filter(e => e.startTime >= since && e.name.includes(path))
    .reduce((sum, e) => sum + e.serverTiming
        .filter(t => t.name === 'app').reduce((s, t) => s + t.duration, 0), 0)"""
# Installed before every document: notes the first frame in which the page is ready.
WATCH_READY = """(() => {
    const ready = READY_FUNCTION;
    const check = () => {
        if (ready()) { window.__bimoReady = performance.now(); return; }
        requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
})();""".replace("READY_FUNCTION", READY)
# The clock starts when the browser delivers the user's event (Playwright's checks before a
# click take frames of their own); returns the callbacks completed so far.
MARK_START = """kind => {
    window.__bimoDone = 0;
    window.__bimoStart = 0;
    document.addEventListener(kind, () => { window.__bimoStart = performance.now(); },
                              {capture: true, once: true});
    return window.store.getState().callbacks.completed;
}"""
TRANSFER = """() => {
    const entries = [...performance.getEntriesByType('navigation'),
                     ...performance.getEntriesByType('resource')];
    return [entries.reduce((s, e) => s + e.transferSize, 0),
            entries.reduce((s, e) => s + e.decodedBodySize, 0), entries.length];
}"""


# --- the server -------------------------------------------------------------------------------


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


def serve(url: str, port: int) -> tuple[subprocess.Popen, float]:
    """The server and the seconds until it answered."""
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "bildungsmonitor", "serve", "--db", url, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if requests.get(f"{base}/_dash-layout", timeout=1).ok:
                return server, time.perf_counter() - started
        except requests.ConnectionError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("Der Server ist nicht gestartet.")


def app_ms(response: requests.Response) -> float:
    """The app's own time from the Server-Timing header, in ms."""
    for entry in response.headers.get("Server-Timing", "").split(","):
        parts = [p.strip() for p in entry.split(";")]
        if parts[0] == "app":
            return next(float(p[4:]) for p in parts[1:] if p.startswith("dur="))
    raise SystemExit("Der Server meldet keine Server-Timing-Zeit (dashboard.delivery fehlt?).")


# --- over HTTP --------------------------------------------------------------------------------


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


def callback_times(base: str, choices: list[dict]) -> tuple[list[float], list[float]]:
    """(server ms, round-trip ms) of one explorer update per choice."""
    session = requests.Session()
    session.headers["Accept-Encoding"] = ACCEPT
    dependencies = session.get(f"{base}/_dash-dependencies").json()
    spec = next(d for d in dependencies if f"{Explorer.MAP}.figure" in d["output"])
    server, client = [], []
    for choice in choices:
        payload = explorer_payload(spec, choice)
        started = time.perf_counter()
        response = session.post(f"{base}/_dash-update-component", json=payload)
        client.append(1000 * (time.perf_counter() - started))
        response.raise_for_status()
        server.append(app_ms(response))
    return server, client


def png_times(base: str, choices: list[dict], warm: int) -> list[tuple[float, float]]:
    """(client ms, server ms) of the first PNG download, then of ``warm`` more (other views),
    one every ``PNG_PAUSE`` seconds as a user clicks them: kaleido reloads its page after each
    image, and a request during that reload waits for it (back to back about 0.15 s more)."""
    session = requests.Session()
    found = []
    for choice in choices[: warm + 1]:
        time.sleep(PNG_PAUSE)
        params = {
            "art": "rangfolge",
            "indikator": choice["indicator"],
            "ebene": choice["level"],
            "jahr": choice["year"],
            "format": "png",
        }
        started = time.perf_counter()
        response = session.get(f"{base}/export", params=params)
        client = 1000 * (time.perf_counter() - started)
        response.raise_for_status()
        assert response.content[:4] == b"\x89PNG"
        found.append((client, app_ms(response)))
    return found


# --- in the browser ---------------------------------------------------------------------------


@dataclass
class BrowserTimes:
    ready_cold: dict[str, float] = field(default_factory=dict)  # page -> ms (empty cache)
    ready_warm: dict[str, float] = field(default_factory=dict)  # page -> ms (cached)
    transferred: tuple[int, int, int] = (0, 0, 0)  # bytes sent, raw bytes, requests (1st load)
    changes: list[tuple[str, float, float]] = field(default_factory=list)  # page, ms, server ms
    controls: list[tuple[float, float]] = field(default_factory=list)  # ms, server ms


def browser_times(base: str, rounds: int, indicators: list[str]) -> BrowserTimes:
    from playwright.sync_api import sync_playwright

    found = BrowserTimes()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
        page = context.new_page()
        page.goto(base + "/")
        page.wait_for_function(READY, timeout=60_000)
        menu = page.eval_on_selector_all(
            "nav a.nav-link",
            "links => links.filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))",
        )
        context.close()
        for path in menu:  # each page first in a fresh browser (empty cache), then cached
            context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
            context.add_init_script(WATCH_READY)
            page = context.new_page()
            for cache in ("cold", "warm"):
                page.goto(base + path)
                ms = page.wait_for_function("() => window.__bimoReady", timeout=60_000)
                (found.ready_cold if cache == "cold" else found.ready_warm)[path] = ms.json_value()
                if cache == "cold" and path == "/":
                    found.transferred = tuple(page.evaluate(TRANSFER))
            context.close()
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
        page = context.new_page()
        page.goto(base + "/")
        page.wait_for_function(READY, timeout=60_000)
        for _ in range(rounds):
            for path in [*menu[1:], menu[0]]:
                link = f'nav a.nav-link[href="{path}"]'
                if not page.is_visible(link):  # the Präsentation shows no menu
                    page.goto(base + "/")
                    page.wait_for_function(READY, timeout=60_000)
                found.changes.append((path, *_change(page, path, link)))
        page.goto(base + "/indikatoren")
        page.wait_for_function(READY, timeout=60_000)
        page.evaluate(
            """map => document.querySelectorAll('.js-plotly-plot').forEach(
                gd => gd.on('plotly_afterplot', () => {
                    if (gd.closest('#' + map)) window.__bimoPlots = (window.__bimoPlots || 0) + 1;
                }))""",
            Explorer.MAP,
        )
        shown = page.input_value(f"#{Explorer.INDICATOR}")
        options = page.eval_on_selector_all(
            f"#{Explorer.INDICATOR} option", "options => options.map(o => o.value)"
        )
        for indicator in [i for i in indicators if i in options and i != shown][: 6 * rounds]:
            found.controls.append(_control(page, indicator))
        browser.close()
    return found


def _change(page, path: str, link: str) -> tuple[float, float]:
    """Click ``link``; (ms from the click until ``path`` is ready, server ms of its callbacks)."""
    before = page.evaluate(MARK_START, "click")
    page.click(link)
    return _settled(page, path, before, None)


def _control(page, indicator: str) -> tuple[float, float]:
    """Choose ``indicator`` in the explorer; (ms until the map is drawn again, server ms)."""
    before = page.evaluate(MARK_START, "change")
    plots = page.evaluate("window.__bimoPlots || 0")
    page.select_option(f"#{Explorer.INDICATOR}", indicator)
    return _settled(page, "/indikatoren", before, plots)


def _settled(page, path: str, before: int, plots: int | None) -> tuple[float, float]:
    page.wait_for_function(SETTLED, arg=[path, before, plots], polling="raf", timeout=60_000)
    started, done = page.evaluate("[window.__bimoStart, window.__bimoDone]")
    return done - started, page.evaluate(SERVER_SHARE, [started, "_dash-update-component"])


# --- the report -------------------------------------------------------------------------------


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def measure(scale: float, args: argparse.Namespace) -> dict[str, str]:
    """Every figure of one scale, by row name (see ROWS)."""
    url = database(scale)
    port = free_port()
    server, start_seconds = serve(url, port)
    base = f"http://127.0.0.1:{port}"
    choices = explorer_inputs(url, args.requests)
    try:
        time.sleep(args.settle)
        indicators = list(dict.fromkeys(c["indicator"] for c in choices))
        pages = browser_times(base, args.rounds, indicators)
        server_ms, client_ms = callback_times(base, choices)
        # images of one kind of view (ranking of the Ortsteile), each of another indicator
        same_kind = list({c["indicator"]: c for c in choices if c["level"] == "ortsteil"}.values())
        pngs = png_times(base, same_kind, warm=5)
    finally:
        server.terminate()
        server.wait(timeout=20)
    changes = [ms for _, ms, _ in pages.changes]
    slowest_change = max(pages.changes, key=lambda c: c[1])
    cold, warm = pages.ready_cold, pages.ready_warm
    slowest = max(cold, key=cold.get)
    sent, raw, count = pages.transferred
    return {
        "start": f"{start_seconds:.1f} s",
        "callback_server": (
            f"{statistics.median(server_ms):.0f} / **{quantile(server_ms, 0.95):.0f}** / "
            f"{max(server_ms):.0f} ms"
        ),
        "callback_client": (
            f"{statistics.median(client_ms):.0f} / {quantile(client_ms, 0.95):.0f} ms"
        ),
        "control": (
            f"{statistics.median(ms for ms, _ in pages.controls):.0f} / "
            f"{quantile([ms for ms, _ in pages.controls], 0.95):.0f} ms "
            f"(Server {statistics.median(s for _, s in pages.controls):.0f} ms)"
        ),
        "change": (
            f"**{statistics.median(changes):.0f}** / {quantile(changes, 0.95):.0f} / "
            f"{max(changes):.0f} ms (Server {statistics.median(s for *_, s in pages.changes):.0f}"
            f" ms; langsamste {slowest_change[0]})"
        ),
        "ready_cold": (
            f"**{statistics.median(cold.values()):.0f}** / {cold[slowest]:.0f} ms ({slowest})"
        ),
        "ready_warm": f"{statistics.median(warm.values()):.0f} / {max(warm.values()):.0f} ms",
        "transfer": f"{sent / 1e6:.2f} MB ({raw / 1e6:.2f} MB entpackt, {count} Anfragen)",
        "png": (
            f"**{pngs[0][0]:.0f} / {statistics.median(c for c, _ in pngs[1:]):.0f}** ms "
            f"(Server {pngs[0][1]:.0f} / {statistics.median(s for _, s in pngs[1:]):.0f} ms)"
        ),
    }


# row key, what is measured, goal
ROWS = [
    ("callback_server", "Explorer-Callback, Server: p50 / p95 / max", "p95 < 50 ms"),
    ("callback_client", "Explorer-Callback, HTTP-Rundlauf: p50 / p95", ""),
    ("control", "Indikator gewählt → Karte neu gezeichnet: Median / p95", ""),
    ("change", "Seitenwechsel (Klick im Menü → Inhalt fertig): Median / p95 / max", "< 300 ms"),
    ("ready_cold", "Seite vollständig, leerer Browser-Cache: Median / max der Seiten", "< 1 s"),
    ("ready_warm", "Seite vollständig, Browser-Cache gefüllt: Median / max", "< 1 s"),
    ("transfer", "Übertragen beim ersten Aufruf von / (komprimiert)", ""),
    ("png", "PNG-Download: erster / warm (Median von 5)", "warm < 300 ms, erster ≤ warm"),
    ("start", "Server antwortet nach dem Start", ""),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 20])
    parser.add_argument("--requests", type=int, default=240, help="Explorer-Callbacks über HTTP")
    parser.add_argument("--rounds", type=int, default=3, help="Runden durch das Menü")
    parser.add_argument("--settle", type=float, default=30.0, help="Sekunden nach dem Start")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium fehlt ({CHROMIUM}).")
    results, load = {}, [os.getloadavg()[1]]
    for scale in args.scales:
        results[scale] = measure(scale, args)
        load.append(os.getloadavg()[1])
        print(f"  Maßstab {scale:g} gemessen", flush=True)
    print(
        f"\nDashboard, {dt.date.today():%d.%m.%Y}, bildungsmonitor serve, {args.requests} "
        f"Explorer-Callbacks, "
        f"{args.rounds} Runden durch das Menü; Last des Rechners (5-min-Mittel, "
        f"{os.cpu_count()} Kerne): {' → '.join(f'{x:.1f}' for x in load)}\n"
    )
    print("| Messung | Ziel | " + " | ".join(f"Maßstab {s:g}" for s in results) + " |")
    print("|---|---|" + "---|" * len(results))
    for key, name, goal in ROWS:
        print(f"| {name} | {goal} | " + " | ".join(r[key] for r in results.values()) + " |")


if __name__ == "__main__":
    main()
