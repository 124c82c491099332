"""Login and roles on the shared server (Flask-Login, argon2 via ``etl.accounts``, Flask-WTF's
CSRF tokens for the app's HTML forms, Flask-Limiter on the login form).

Two modes, decided per request:
- **open** (demo): no active user exists and the app may run open, which only the command line
  allows when it serves on a loopback address (``serve --host 127.0.0.1``). Everyone may do
  everything; every page says so.
- **login required**: otherwise. Every request except the login page and its CSS needs a login;
  pages are redirected to ``/anmelden``, callbacks and downloads get 401. Pages and their
  callbacks that need more than Lesen are refused by the page's id prefix (``PROTECTED``): the
  layout shows "keine Berechtigung", a callback gets 403.

Dash's callbacks are JSON POSTs: a cross-site form cannot send them and a cross-site ``fetch`` of
JSON needs a CORS preflight the app never grants; the session cookie is ``SameSite=Lax`` on top.
The HTML forms (login, logout, upload) carry a CSRF token.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import dash
from dash import html
from flask import Flask, Response, current_app, redirect, render_template_string, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from sqlalchemy import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from etl import accounts, audit
from etl.accounts import ROLES, Account
from etl.settings import Settings

log = logging.getLogger(__name__)

ACCESS_KEY = "bildungsmonitor_access"
LOGIN_PATH = "/anmelden"
LOGOUT_PATH = "/abmelden"
LOGIN_LIMIT = "5 per minute;20 per hour"  # per client address, on failed and good attempts
MIN_SECRET_CHARS = 32
# Keys that must never sign a session (defaults of tutorials and of this project's examples).
KNOWN_KEYS = {"dev", "secret", "changeme", "change-me", "bildungsmonitor", "ersetzen"}
# Paths anyone may load: the login page needs its CSS.
PUBLIC_PREFIXES = (LOGIN_PATH, "/_bimo/bootstrap/", "/assets/bildungsmonitor.css")
# Component id prefix -> role its page and callbacks need (ids are prefixed by their page).
PROTECTED = {"lieferungen-": "datenpflege", "verwaltung-": "admin"}
OPEN_CHECK_SECONDS = 2.0  # how long "no user exists yet" is trusted before asking again


class SecretKeyMissing(ValueError):
    """The app would be reachable from other machines without a proper secret key."""


@dataclass
class Access:
    """The app's login state: its writer engine and whether it may run open."""

    engine: Engine
    may_run_open: bool
    _open_until: float = 0.0
    _open: bool = field(default=False)

    def is_open(self) -> bool:
        if not self.may_run_open:
            return False
        now = time.monotonic()
        if now >= self._open_until:
            self._open = not accounts.any_active(self.engine)
            self._open_until = now + OPEN_CHECK_SECONDS
        return self._open


class _User(UserMixin):
    def __init__(self, account: Account):
        self.account = account

    def get_id(self) -> str:
        return self.account.login


def check_secret_key(key: str | None) -> str:
    """The secret key, if it is fit to sign sessions on a shared server; else SecretKeyMissing."""
    if not key:
        raise SecretKeyMissing(
            "BIMO_SECRET_KEY fehlt: Wer das Dashboard für andere Rechner freigibt, muss einen "
            "geheimen Schlüssel setzen (z. B. python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))')."
        )
    if len(key) < MIN_SECRET_CHARS or key.strip().lower() in KNOWN_KEYS:
        raise SecretKeyMissing(
            f"BIMO_SECRET_KEY ist zu schwach: mindestens {MIN_SECRET_CHARS} zufällige Zeichen, "
            "kein Beispielwert."
        )
    return key


def install(app: dash.Dash, engine: Engine, settings: Settings, *, may_run_open: bool) -> None:
    """Login, roles and CSRF on ``app``'s Flask server. ``may_run_open``: the app is served only
    on this machine, so it may run without login while no user exists."""
    server: Flask = app.server
    if settings.secret_key:
        server.secret_key = settings.secret_key
    else:  # only on this machine: sessions end with the process
        server.secret_key = secrets.token_urlsafe(48)
    if settings.proxies:
        server.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            server.wsgi_app, x_for=settings.proxies, x_proto=settings.proxies
        )
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.proxies > 0,  # behind the TLS proxy of the README
        SESSION_COOKIE_NAME="bildungsmonitor",
        WTF_CSRF_CHECK_DEFAULT=False,  # Dash's JSON callbacks: see the module docstring
        WTF_CSRF_TIME_LIMIT=None,  # bound to the session instead
    )
    access = Access(engine, may_run_open)
    server.extensions[ACCESS_KEY] = access
    csrf = CSRFProtect(server)
    manager = LoginManager(server)
    limiter = Limiter(
        get_remote_address,
        app=server,
        storage_uri=settings.ratelimit_storage,
        default_limits=[],
        headers_enabled=True,
    )

    @manager.user_loader
    def _load(login: str) -> _User | None:
        account = accounts.account(engine, login)
        return _User(account) if account is not None and account.active else None

    @server.before_request
    def _require_login() -> Response | None:
        path = request.path
        if path.startswith(PUBLIC_PREFIXES) or access.is_open():
            return None
        if not current_user.is_authenticated:
            if request.method == "GET" and not path.startswith(("/_dash", "/export", "/_bimo")):
                target = request.full_path.rstrip("?")
                return redirect(f"{LOGIN_PATH}?{urlencode({'weiter': target})}")
            return _plain("Bitte anmelden.", 401)
        if path == "/_dash-update-component" and request.method == "POST":
            needed = _needed_role(request.get_json(silent=True))
            if needed and not accounts.may(current_user.account.role, needed):
                return _plain(f"Keine Berechtigung (Rolle {ROLES[needed]} nötig).", 403)
        return None

    def _login_view() -> Response | str:
        target = _safe_target(request.values.get("weiter"))
        if access.is_open() or current_user.is_authenticated:
            return redirect(target)
        if request.method == "GET":
            return _login_page(target)
        csrf.protect()
        login = (request.form.get("benutzer") or "").strip()[:100]
        account = accounts.authenticate(engine, login, request.form.get("passwort") or "")
        if account is None:
            audit.record_now(engine, login or "(leer)", "anmeldung_abgelehnt", _client())
            return _login_page(target, "Benutzername oder Passwort falsch.", status=401)
        login_user(_User(account))
        audit.record_now(engine, account.login, "anmeldung", _client())
        return redirect(target)

    server.add_url_rule(
        LOGIN_PATH,
        endpoint="bimo_login",
        view_func=limiter.limit(LOGIN_LIMIT, methods=["POST"])(_login_view),
        methods=["GET", "POST"],
    )

    def _logout_view() -> Response:
        csrf.protect()
        if current_user.is_authenticated:
            audit.record_now(engine, current_user.account.login, "abmeldung", _client())
            logout_user()
        return redirect(LOGIN_PATH)

    server.add_url_rule(
        LOGOUT_PATH, endpoint="bimo_logout", view_func=_logout_view, methods=["POST"]
    )

    @server.errorhandler(CSRFError)
    def _csrf_failed(_error) -> Response:
        return _plain("Formular abgelaufen oder ungültig: bitte die Seite neu laden.", 400)

    @server.errorhandler(429)
    def _too_many(_error) -> Response:
        if request.path == LOGIN_PATH:
            body = _login_page(
                _safe_target(request.values.get("weiter")),
                "Zu viele Anmeldeversuche. Bitte in einer Minute noch einmal versuchen.",
                status=429,
            )
            return body
        return _plain("Zu viele Anfragen. Bitte gleich noch einmal versuchen.", 429)


# --- what pages and callbacks ask -----------------------------------------------------------


def _access() -> Access:
    return current_app.extensions[ACCESS_KEY]


def is_open() -> bool:
    """The app runs without login (demo on this machine)."""
    return _access().is_open()


def current_login() -> str:
    """Who is acting: the login, or "lokal" in the open demo."""
    if current_user.is_authenticated:
        return current_user.account.login
    return "lokal"


def current_role() -> str | None:
    if _access().is_open():
        return "admin"
    if current_user.is_authenticated:
        return current_user.account.role
    return None


def role_name() -> str:
    return ROLES.get(current_role() or "", "ohne Rolle")


def denied(needed: str) -> list | None:
    """The message a page shows instead of its content when the role is not enough, or None."""
    if allowed(needed):
        return None
    return [
        html.H1("Keine Berechtigung", className="h3"),
        html.P(f"Diese Seite ist der Rolle {ROLES[needed]} (oder höher) vorbehalten."),
    ]


def allowed(needed: str) -> bool:
    return accounts.may(current_role(), needed)


def engine() -> Engine:
    """The writer engine of the app (accounts, audit log, uploads)."""
    return _access().engine


def csrf_token() -> str:
    return generate_csrf()


def _needed_role(body: object) -> str | None:
    """The highest role the outputs of a callback request need, by their ids' page prefix.

    Read from ``output``, the key Dash dispatches on, never from ``outputs``, which a client
    could fill with anything."""
    key = body.get("output") if isinstance(body, dict) else None
    if not isinstance(key, str):
        return None
    needed = None
    for part in key.strip(".").split("..."):
        ident = part.rsplit(".", 1)[0]
        for prefix, role in PROTECTED.items():
            # pattern-matching ids are JSON objects: their page prefix is inside
            hit = ident.startswith(prefix) or (ident.startswith("{") and f'"{prefix}' in ident)
            if hit and (needed is None or accounts.RANK[role] > accounts.RANK[needed]):
                needed = role
    return needed


def _safe_target(target: str | None) -> str:
    """Only a path of this app: never another site (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _client() -> str:
    return f"von {request.remote_addr or 'unbekannt'}"


def _plain(message: str, status: int) -> Response:
    return Response(message, status, content_type="text/plain; charset=utf-8")


LOGIN_PAGE = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Anmelden – Bildungsmonitor Herne</title>
<link rel="stylesheet" href="/_bimo/bootstrap/bootstrap.min.css">
<link rel="stylesheet" href="/assets/bildungsmonitor.css">
</head>
<body>
<header><nav class="navbar navbar-dark bimo-navbar" aria-label="Hauptnavigation">
<div class="container-fluid"><span class="navbar-brand"><span class="fw-bold">Bildungsmonitor</span>
<span class="fw-light">Herne</span></span></div></nav></header>
<main id="inhalt" class="container py-4" style="max-width: 28rem">
<h1 class="h3 mb-3">Anmelden</h1>
{% if message %}<div class="alert alert-danger" role="alert">{{ message }}</div>{% endif %}
<form method="post" action="{{ action }}">
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<input type="hidden" name="weiter" value="{{ target }}">
<div class="mb-3"><label class="form-label" for="benutzer">Benutzername</label>
<input class="form-control" id="benutzer" name="benutzer" autocomplete="username"
 required autofocus></div>
<div class="mb-3"><label class="form-label" for="passwort">Passwort</label>
<input class="form-control" id="passwort" name="passwort" type="password"
 autocomplete="current-password" required></div>
<button class="btn btn-primary" type="submit">Anmelden</button>
</form>
<p class="small text-muted mt-4">Kommunales Bildungsbüro Herne · Bildungsmonitoring.
Zugänge vergibt die Administration.</p>
</main>
</body>
</html>"""


def _login_page(target: str, message: str | None = None, status: int = 200) -> Response:
    body = render_template_string(
        LOGIN_PAGE, message=message, csrf=generate_csrf(), target=target, action=LOGIN_PATH
    )
    return Response(body, status, content_type="text/html; charset=utf-8")
