"""The frame around every page: skip link, navigation, notices, footer with the symbols."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import auth, data
from publish import formatting as fmt


def navigation() -> html.Header:
    """The main navigation, built from the page registry (pages with a fixed path, in order)."""
    links = [
        dbc.NavItem(dbc.NavLink(page["name"], href=page["relative_path"], active="exact"))
        for page in dash.page_registry.values()
        if not page.get("path_template")
        and not page["module"].endswith("not_found_404")
        and auth.allowed(page.get("role", "lesen"))
    ]
    return html.Header(
        html.Nav(
            dbc.Container(
                [
                    html.A(
                        [
                            html.Span("Bildungsmonitor", className="fw-bold"),
                            html.Span(" Herne", className="fw-light"),
                        ],
                        href="/",
                        className="navbar-brand",
                    ),
                    dbc.Nav(links, navbar=True, class_name="flex-wrap"),
                    *account_menu(),
                ],
                fluid=True,
                class_name="flex-wrap",
            ),
            className="navbar navbar-expand navbar-dark bimo-navbar",
            **{"aria-label": "Hauptnavigation"},
        )
    )


def account_menu() -> list:
    """Who is logged in, with the role, and the logout form (a POST with its CSRF token)."""
    if auth.is_open():
        return []
    return [
        html.Form(
            [
                html.Span(
                    f"{auth.current_login()} ({auth.role_name()})",
                    className="navbar-text small me-2",
                ),
                dcc.Input(type="hidden", name="csrf_token", value=auth.csrf_token()),
                html.Button("Abmelden", type="submit", className="btn btn-sm btn-outline-light"),
            ],
            action=auth.LOGOUT_PATH,
            method="post",
            className="d-flex align-items-center ms-auto bimo-account",
        )
    ]


def notices() -> list:
    """Banners that apply to every page: open demo without login, synthetic sample data, stale
    indicators."""
    source = data.current()
    found = []
    if auth.is_open():
        found.append(
            html.Div(
                "Demo ohne Anmeldung: nur auf diesem Rechner erreichbar, alle Funktionen frei. "
                "Für einen gemeinsamen Server Benutzer anlegen (bildungsmonitor users add).",
                className="alert alert-secondary py-1 px-3 mb-0 small rounded-0",
                role="note",
            )
        )
    if source.is_synthetic():
        found.append(
            html.Div(
                "Beispieldaten: Die angezeigten Werte stammen aus synthetischen Lieferungen "
                "(keine echten Personen).",
                className="alert alert-info py-1 px-3 mb-0 small rounded-0",
                role="note",
            )
        )
    stale = source.stale()
    if stale:
        found.append(
            html.Div(
                [
                    "Die Indikatoren sind nicht mehr aktuell (neue Daten: ",
                    ", ".join(sorted(stale)),
                    "). Bitte „bildungsmonitor build“ ausführen. ",
                    html.A("Zum Datenstand", href="/datenstand"),
                ],
                className="alert alert-warning py-1 px-3 mb-0 small rounded-0",
                role="status",
            )
        )
    return found


def footer() -> html.Footer:
    return html.Footer(
        dbc.Container(
            [
                html.Span(
                    [
                        html.Span(fmt.SUPPRESSED, className="bimo-symbol me-1"),
                        f"= {fmt.SUPPRESSED_MEANING}",
                    ],
                    className="me-4",
                ),
                html.Span(
                    [html.Span(fmt.MISSING, className="me-1"), f"= {fmt.MISSING_MEANING}"],
                    className="me-4",
                ),
                html.A("Methodik und Geheimhaltung", href="/methodik", className="me-4"),
                html.Span("Kommunales Bildungsbüro Herne · Bildungsmonitoring"),
            ],
            fluid=True,
        ),
        className="bimo-footer small py-2 mt-4",
    )


def app_layout() -> html.Div:
    """The app's layout (a function: the notices are read per page load)."""
    return html.Div(
        [
            html.A(
                "Zum Inhalt springen",
                href="#inhalt",
                className="visually-hidden-focusable bimo-skip",
            ),
            navigation(),
            *notices(),
            html.Main(
                dbc.Container(dash.page_container, fluid=True, class_name="py-3"),
                id="inhalt",
                tabIndex="-1",
            ),
            footer(),
        ]
    )


def page_header(title: str, lead: str | None = None, extra: list | None = None) -> html.Div:
    children: list = [html.H1(title, className="h3 mb-1")]
    if lead:
        children.append(html.P(lead, className="text-muted mb-2"))
    if extra:
        children += extra
    return html.Div(children, className="mb-3")
