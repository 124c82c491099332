"""How responses travel: compressed, cacheable and timed, and a server warmed before its first
visitor.

- **Compression** (flask-compress) of every text response the browser asks for compressed: HTML,
  JavaScript, CSS and JSON (Dash's component suites with plotly.js, 4.8 MB raw and about 1.3 MB
  as Brotli, ``/_dash-layout``, ``/_dash-dependencies``, callback responses). A file whose
  content is fixed for the life of the process (Dash's component suites, the app's assets, the
  Bootstrap CSS, the favicon) is compressed once with Brotli and kept (bounded cache, keyed by
  URL and ETag); everything else per response with the fastest encoding the browser accepts
  (zstd, then Brotli, then gzip). A response carrying a CSRF token is never compressed: a secret
  beside text an attacker can put into the page is what the BREACH attack reads through the
  compressed size.
- **Caching**: a URL that changes with its content (Dash's fingerprinted component suites, assets
  with Dash's ``?m=`` modification stamp) is cacheable for a year and immutable; plotly.js and
  Dash's parts loaded on demand (fixed URLs) for an hour and then while revalidating; the favicon
  for a day; the Bootstrap CSS keeps its day from ``dashboard.app``; pages, layout and callbacks
  are not cached.
- **Server-Timing**: every response says how long the app took for it (``app;dur=`` in ms: from
  the request entering Flask to the response headers, hooks and compression included;
  ``compress;dur=`` the share of compression). The browser's DevTools show it and
  ``benchmarks/dashboard.py`` separates server time from client time with it.
- ``warm(app)``: started by the command line after ``create_app``, a background thread loads the
  first page's files once (their compressed copies are then ready), renders every page once and
  starts kaleido's browser with one chart, so the first visitor and the first chart download are
  as fast as later ones. Not started by ``create_app``, so the tests do not pay for a browser
  they do not use.

The security headers of ``dashboard.hardening`` are set independently of the body and stay on
compressed responses.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

import dash
from flask import Flask, Request, Response, g, request
from flask_compress import Compress

log = logging.getLogger(__name__)

YEAR = "public, max-age=31536000, immutable"
DAY = "public, max-age=86400"
UNVERSIONED = "public, max-age=3600, stale-while-revalidate=604800"
FIXED_ENCODINGS = ("br", "zstd", "gzip")  # compressed once: the smallest (Brotli level 5)
PER_RESPONSE_ENCODINGS = ("zstd", "br", "gzip")  # compressed per response: the fastest
BROTLI_LEVEL = 5  # plotly.js: 1.29 MB in about 0.3 s once (level 11: 1.11 MB in 55 s)
CACHE_ENTRIES = 128  # fixed files x encodings: Dash and the app serve about 30 files
CSRF_MARK = b"csrf_token"  # the field name of Flask-WTF's token in forms and in the layout
ACCEPT_ALL = "br, zstd, gzip"
BOOTSTRAP_PREFIX = "/_bimo/bootstrap/"  # dashboard.app.BOOTSTRAP_ROUTE (app imports this module)


class CompressedFiles:
    """The compressed copies of fixed files (a flask-compress cache backend, bounded LRU)."""

    def __init__(self, entries: int = CACHE_ENTRIES) -> None:
        self._entries = entries
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def set(self, key: str, value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._entries:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

    def urls(self) -> list[str]:
        """The keys kept: encoding;URL|ETag."""
        with self._lock:
            return list(self._items)


def install(app: dash.Dash) -> None:
    """Compression, cache headers and Server-Timing on ``app``'s Flask server."""
    server: Flask = app.server
    server.config.update(
        COMPRESS_REGISTER=False,  # one hook below chooses between the two compressors
        COMPRESS_BR_LEVEL=BROTLI_LEVEL,
        COMPRESS_ALGORITHM=list(PER_RESPONSE_ENCODINGS),
        COMPRESS_ALGORITHM_STREAMING=["zstd", "br", "deflate"],
    )
    per_response = Compress()
    per_response.init_app(server)
    fixed = Compress()
    fixed.init_app(server)
    fixed.enabled_algorithms = FIXED_ENCODINGS
    fixed.cache = CompressedFiles()
    fixed.cache_key = _fixed_key
    server.extensions["bimo_compressed_files"] = fixed.cache
    prefix = app.config.routes_pathname_prefix or "/"
    suites = f"{prefix}_dash-component-suites/"
    assets = f"{prefix}{app.config.assets_url_path.strip('/')}/"
    favicon = f"{prefix}_favicon.ico"
    fixed_prefixes = (suites, assets, favicon, BOOTSTRAP_PREFIX)

    @server.after_request
    def _deliver(response: Response) -> Response:
        path = request.path
        is_fixed = request.method in ("GET", "HEAD") and path.startswith(fixed_prefixes)
        if is_fixed and response.status_code == 200:
            _cache_headers(response, path, suites, assets, favicon)
            _materialise(response)  # a file stream becomes bytes: compressed once, kept
            g.bimo_etag = response.get_etag()[0] or ""
        elif not response.is_streamed and CSRF_MARK in response.get_data():
            return response
        started = time.perf_counter()
        compressed = (fixed if is_fixed else per_response).after_request(response)
        if compressed.headers.get("Content-Encoding"):
            elapsed = 1000 * (time.perf_counter() - started)
            compressed.headers.add("Server-Timing", f"compress;dur={elapsed:.1f}")
        return compressed

    server.wsgi_app = ServerTiming(server.wsgi_app)  # type: ignore[method-assign]


def _fixed_key(req: Request) -> str:
    return f"{req.full_path}|{g.get('bimo_etag', '')}"


def _cache_headers(response: Response, path: str, suites: str, assets: str, favicon: str) -> None:
    if path.startswith(suites):
        # Dash gives its fingerprinted URLs a year. plotly.js and the parts loaded on demand
        # have none (Dash's renderer names plotly.js by a fixed URL): an hour, then the cached
        # copy serves while it is checked by its ETag, so an upgrade shows on the next load.
        fingerprinted = bool(response.cache_control.max_age)
        response.headers["Cache-Control"] = YEAR if fingerprinted else UNVERSIONED
    elif path.startswith(assets):
        if "m" in request.args:  # Dash's stamp of the file's modification time
            response.headers["Cache-Control"] = YEAR
    elif path.startswith(favicon):
        response.headers["Cache-Control"] = DAY


def _materialise(response: Response) -> None:
    if response.is_streamed:
        response.direct_passthrough = False
        response.make_sequence()


class ServerTiming:
    """WSGI middleware: ``Server-Timing: app;dur=<ms>`` on every response, the time from the
    request entering the app to its headers (for a file: until it starts streaming)."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()

        def timed(status: str, headers: list[tuple[str, str]], exc_info=None):
            elapsed = 1000 * (time.perf_counter() - started)
            headers.append(("Server-Timing", f'app;dur={elapsed:.1f};desc="Bildungsmonitor"'))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, timed)


# --- warm at server start ---------------------------------------------------------------------

LINKED = re.compile(r'(?:src|href)="(/[^"]+)"')


def warm(app: dash.Dash, *, renderer: bool = True) -> threading.Thread:
    """In a background thread: request the start page, its files and Dash's layout once (the
    compressed copies are then ready), render every page once, then start the chart renderer
    (kaleido's browser) and draw one chart when ``renderer``. Returns the thread (started, a
    daemon). Where a login is required, files and pages behind it stay cold; a missing Chromium
    is logged, the downloads then say it themselves."""
    thread = threading.Thread(target=_warm, args=(app, renderer), name="bimo-warm", daemon=True)
    thread.start()
    return thread


def warm_renderer(app: dash.Dash | None = None) -> None:
    """Start kaleido's browser now and draw one image in it (blocking; ``warm`` calls it in
    its thread). With ``app``, the image is a real chart of the app's data (ranking of the
    explorer's default view), so the Python side of a download is warm too."""
    from publish.render.kaleido import RENDERER

    RENDERER.warm_up()
    if app is None:
        return
    from dashboard import data
    from publish.render.images import export_chart
    from publish.views.request import ExportRequest

    with app.server.app_context():
        source = data.current()
        choice = source.choose(None, None, None, None)
        if choice is not None:
            wanted = ExportRequest(
                "ranking",
                indicator=choice.indicator,
                level=choice.level,
                year=choice.year,
                breakdown=choice.breakdown,
            )
            export_chart(source, wanted, "png")


def _warm(app: dash.Dash, renderer: bool) -> None:
    started = time.perf_counter()
    try:
        client = app.server.test_client()
        headers = {"Accept-Encoding": ACCEPT_ALL}
        page = client.get("/", headers=headers)
        links = LINKED.findall(page.get_data(as_text=True)) if page.status_code == 200 else []
        for link in [*links, "/_dash-layout", *_async_chunks(app)]:
            client.get(link, headers=headers)
        _warm_pages(client)
        log.info("Seiten vorbereitet (%.1f s)", time.perf_counter() - started)
    except Exception:  # warming is an optimisation: the server serves on without it
        log.exception("Vorwärmen der Seitendateien fehlgeschlagen")
    if not renderer:
        return
    try:
        warm_renderer(app)
        log.info("Grafik-Export bereit (%.1f s)", time.perf_counter() - started)
    except RuntimeError as error:  # no Chromium: the download says so itself
        log.warning("Grafik-Export nicht vorgewärmt: %s", error)
    except Exception:
        log.exception("Vorwärmen des Grafik-Exports fehlgeschlagen")


def _warm_pages(client) -> None:
    """Render every page of the menu once through Dash's page callback, as the browser asks for
    it: the first visitor then finds the code of every page loaded and the read model's caches
    filled."""
    dependencies = client.get("/_dash-dependencies")  # uncompressed: read here
    if dependencies.status_code != 200:  # a login is required
        return
    spec = next(
        (d for d in dependencies.get_json() if "_pages_content.children" in d["output"]), None
    )
    if spec is None:
        return
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
        for part in spec["output"].strip(".").split("...")
    ]
    for page in list(dash.page_registry.values()):
        if page.get("path_template"):
            continue
        values = {"pathname": page["relative_path"], "search": ""}
        payload = {
            "output": spec["output"],
            "outputs": outputs,
            "inputs": [{**i, "value": values.get(i["property"])} for i in spec["inputs"]],
            "changedPropIds": ["_pages_location.pathname"],
            "state": [],
        }
        client.post("/_dash-update-component", json=payload)


def _async_chunks(app: dash.Dash) -> list[str]:
    """plotly.js and the components' parts the browser loads on demand (the graph when the first
    chart appears): the biggest files of all, at Dash's URLs without a fingerprint."""
    prefix = app.config.requests_pathname_prefix or "/"
    return [
        f"{prefix}_dash-component-suites/{namespace}/{path}"
        for namespace, paths in list(app.registered_paths.items())
        for path in sorted(paths)
        if re.search(r"(?:/async-[\w-]+|/plotly\.min)\.js$", path)
    ]
