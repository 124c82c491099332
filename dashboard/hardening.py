"""What keeps the app safe on a shared server: security headers, request limits, a check of
callback requests, and a bounded number of exports rendered at once.

- Every response carries ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: SAMEORIGIN``,
  ``Referrer-Policy`` and a Content-Security-Policy: scripts only from the app itself plus Dash's
  inline scripts by their SHA-256 hashes (``Dash.csp_hashes``), no plugins, no framing from other
  sites. Styles allow inline: plotly.js and the Dash components set style attributes.
- A request body over ``MAX_BODY_BYTES`` gets 413, a query string over ``MAX_QUERY_CHARS`` 400.
- A callback request (``/_dash-update-component``) that is not a JSON object of the expected
  shape, or names an unknown callback, gets 400 and one short log line (never the body).
- Exports (``/export``, ``/export/pack``): at most ``max_exports`` render at once and as many more
  wait up to ``EXPORT_WAIT_SECONDS``; beyond that 503 with ``Retry-After``, so downloads cannot
  take every server thread from the pages.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import dash
from flask import Flask, Response, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024  # callback bodies are a few KB
MAX_QUERY_CHARS = 8192  # a link with every unit of the finest level is far shorter
EXPORT_WAIT_SECONDS = 20.0  # how long an export waits for a free renderer
RETRY_AFTER_SECONDS = 10
GATE_KEY = "bildungsmonitor_export_gate"
CALLBACK_PATH = "/_dash-update-component"
URL_PROPERTIES = ("search", "href", "pathname", "hash")  # a dcc.Location's: bounded like a URL

STATIC_POLICY = {
    "default-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",  # Bootstrap's icons, plotly's image download
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}


class ExportBusy(Exception):
    """Every renderer is busy and the queue is full (or the wait was too long)."""


class ExportGate:
    """At most ``slots`` exports at once, ``waiting`` more in line; the rest are refused."""

    def __init__(self, slots: int, waiting: int | None = None, wait: float = EXPORT_WAIT_SECONDS):
        self.slots = max(1, slots)
        self.wait = wait
        self._running = threading.BoundedSemaphore(self.slots)
        queue = self.slots if waiting is None else max(0, waiting)  # 0: nobody waits
        self._admitted = threading.BoundedSemaphore(self.slots + queue)
        self._lock = threading.Lock()
        self.queued = 0  # waiting for a slot (for the tests and the log)

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._admitted.acquire(blocking=False):
            raise ExportBusy
        try:
            with self._lock:
                self.queued += 1
            try:
                got = self._running.acquire(timeout=self.wait)
            finally:
                with self._lock:
                    self.queued -= 1
            if not got:
                raise ExportBusy
            try:
                yield
            finally:
                self._running.release()
        finally:
            self._admitted.release()


def busy_response() -> Response:
    response = plain(
        "Gerade werden zu viele Exporte gleichzeitig erstellt. Bitte gleich noch einmal versuchen.",
        503,
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@contextmanager
def export_slot() -> Iterator[None]:
    """A slot of the current app's export gate (raises ExportBusy)."""
    with current_app.extensions[GATE_KEY].slot():
        yield


def plain(message: str, status: int) -> Response:
    return Response(message, status, content_type="text/plain; charset=utf-8")


def install(app: dash.Dash, max_exports: int) -> None:
    """Headers, limits, the callback check and the export gate on ``app``'s Flask server."""
    server: Flask = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    server.extensions[GATE_KEY] = ExportGate(max_exports)
    policy: list[str] = []  # built on the first response: Dash adds its inline scripts by then

    @server.before_request
    def _check_request() -> Response | None:
        if len(request.query_string) > MAX_QUERY_CHARS:
            return _refuse(f"Adresse zu lang (höchstens {MAX_QUERY_CHARS} Zeichen).", 400)
        if request.path == CALLBACK_PATH and request.method == "POST":
            problem = _callback_problem(app)
            if problem:
                return _refuse(f"Ungültige Anfrage: {problem}.", 400)
        return None

    @server.after_request
    def _headers(response: Response) -> Response:
        if not policy:
            policy.append(content_security_policy(app))
        response.headers.setdefault("Content-Security-Policy", policy[0])
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @server.errorhandler(RequestEntityTooLarge)
    def _too_large(_error) -> Response:
        return _refuse(f"Anfrage zu groß (höchstens {MAX_BODY_BYTES // 1024} KB).", 413)


def content_security_policy(app: dash.Dash) -> str:
    directives = {"script-src": " ".join(["'self'", *app.csp_hashes()]), **STATIC_POLICY}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _refuse(message: str, status: int) -> Response:
    # One short line: the method, the path and the size, never the body or the query string.
    log.warning(
        "%s %s abgelehnt (%d): %s (%s Bytes)",
        request.method,
        request.path,
        status,
        message,
        request.content_length or 0,
    )
    return plain(message, status)


def _callback_problem(app: dash.Dash) -> str | None:
    """What is wrong with a callback request, or None: the body must be a JSON object naming a
    known callback, with lists of inputs and state, and URL values of URL length."""
    body = request.get_json(silent=True)  # 413 for a body over the limit
    if not isinstance(body, dict):
        return "kein JSON-Objekt"
    output = body.get("output")
    if not isinstance(output, str) or output not in app.callback_map:
        return "unbekannter Callback"
    if not isinstance(body.get("outputs"), list | dict):
        return "„outputs“ fehlt"
    if not isinstance(body.get("changedPropIds", []), list):
        return "„changedPropIds“ ist keine Liste"
    items = []
    for key in ("inputs", "state"):
        value = body.get(key, [])
        if not isinstance(value, list):
            return f"„{key}“ ist keine Liste"
        # pattern-matching callbacks nest lists of items
        items += [i for entry in value for i in (entry if isinstance(entry, list) else [entry])]
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("property"), str):
            return "Eingabe ohne Eigenschaft"
        if not isinstance(item.get("id"), str | dict):
            return "Eingabe ohne Kennung"
        if item.get("property") in URL_PROPERTIES and len(str(item.get("value"))) > MAX_QUERY_CHARS:
            return f"Adresse zu lang (höchstens {MAX_QUERY_CHARS} Zeichen)"
    return None
