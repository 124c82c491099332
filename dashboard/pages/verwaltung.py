"""Verwaltung (Administration): users and roles, and the audit log of logins, uploads, imports,
replacements, builds and user changes. The same changes as ``bildungsmonitor users``."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, html

from dashboard import auth
from dashboard.components import controls, shell
from dashboard.components.table import table
from dashboard.ids import Admin as ID
from etl import accounts, audit
from etl.accounts import ROLES, AccountError

dash.register_page(
    __name__,
    path="/verwaltung",
    name="Verwaltung",
    order=9,
    role="admin",
    title="Verwaltung – Bildungsmonitor Herne",
    description="Benutzer, Rollen und Protokoll",
)

LOG_ROWS = 300
ROLE_OPTIONS = controls.options(list(ROLES.items()))


def _users() -> html.Div:
    found = accounts.accounts(auth.engine())
    frame = pd.DataFrame(
        [
            {
                "Benutzer": a.login,
                "Rolle": a.role_name,
                "Status": "aktiv" if a.active else "deaktiviert",
                "angelegt": f"{a.created_at:%d.%m.%Y}",
            }
            for a in found
        ],
        columns=["Benutzer", "Rolle", "Status", "angelegt"],
    )
    if frame.empty:
        return html.P(
            "Noch keine Benutzer: Das Dashboard läuft ohne Anmeldung, nur auf diesem Rechner.",
            className="text-muted",
        )
    return table(frame, "Benutzer und Rollen", class_name="bimo-scroll")


def _log() -> html.Div:
    entries = audit.recent(auth.engine(), LOG_ROWS)
    frame = pd.DataFrame(
        [
            {
                "Zeit": f"{e.at:%d.%m.%Y %H:%M:%S}",
                "Wer": e.login,
                "Was": e.label,
                "Details": e.detail,
            }
            for e in entries
        ],
        columns=["Zeit", "Wer", "Was", "Details"],
    )
    if frame.empty:
        return html.P("Noch keine Einträge.", className="text-muted")
    return table(
        frame,
        f"Protokoll (die letzten {LOG_ROWS} Einträge, neueste zuerst)",
        first_column_header=False,
        class_name="bimo-scroll",
    )


def _logins() -> list[dict]:
    return controls.options([(a.login, a.login) for a in accounts.accounts(auth.engine())])


def _field(control_id: str, label: str, **props: Any) -> html.Div:
    return html.Div(
        [
            dbc.Label(label, html_for=control_id, class_name="form-label fw-semibold mb-1"),
            dbc.Input(id=control_id, **props),
        ],
        className="bimo-control",
    )


def layout(**_query: Any) -> html.Div:
    refused = auth.denied("admin")
    if refused:
        return html.Div(refused)
    new_user = html.Section(
        [
            html.H2("Neuer Benutzer", className="h5"),
            dbc.Row(
                [
                    dbc.Col(_field(ID.NEW_LOGIN, "Benutzername", type="text"), md=4),
                    dbc.Col(controls.select(ID.NEW_ROLE, "Rolle", ROLE_OPTIONS, "lesen"), md=3),
                    dbc.Col(
                        _field(
                            ID.NEW_PASSWORD,
                            f"Erstes Passwort (mind. {accounts.MIN_PASSWORD} Zeichen)",
                            type="password",
                            autoComplete="new-password",
                        ),
                        md=5,
                    ),
                ],
                class_name="g-2 mb-2",
            ),
            dbc.Button("Anlegen", id=ID.ADD, color="primary"),
        ],
        className="bimo-panel mb-3",
    )
    change = html.Section(
        [
            html.H2("Benutzer ändern", className="h5"),
            dbc.Row(
                [
                    dbc.Col(controls.select(ID.WHO, "Benutzer", _logins(), None), md=4),
                    dbc.Col(controls.select(ID.ROLE, "Neue Rolle", ROLE_OPTIONS, "lesen"), md=3),
                    dbc.Col(
                        _field(
                            ID.PASSWORD,
                            "Neues Passwort",
                            type="password",
                            autoComplete="new-password",
                        ),
                        md=5,
                    ),
                ],
                class_name="g-2 mb-2",
            ),
            html.Div(
                [
                    dbc.Button("Rolle setzen", id=ID.SET_ROLE, color="secondary"),
                    dbc.Button("Passwort setzen", id=ID.SET_PASSWORD, color="secondary"),
                    dbc.Button("Deaktivieren", id=ID.DEACTIVATE, color="outline-danger"),
                    dbc.Button("Aktivieren", id=ID.ACTIVATE, color="outline-secondary"),
                ],
                className="d-flex flex-wrap gap-2",
            ),
        ],
        className="bimo-panel mb-3",
    )
    return html.Div(
        [
            shell.page_header(
                "Verwaltung",
                "Benutzer und Rollen: Lesen (alle Seiten und Downloads), Datenpflege (dazu "
                "Lieferungen hochladen und laden, Importdetails), Administration (dazu Benutzer "
                "und Protokoll).",
            ),
            html.Div(id=ID.MESSAGE, role="status", **{"aria-live": "polite"}),
            new_user,
            change,
            html.Section(
                [html.H2("Benutzer", className="h5"), html.Div(_users(), id=ID.USERS)],
                className="bimo-panel mb-3",
            ),
            html.Section(
                [html.H2("Protokoll", className="h5"), html.Div(_log(), id=ID.LOG)],
                className="bimo-panel mb-3",
            ),
        ]
    )


def change_users(trigger: str | None, values: dict[str, str | None]) -> tuple[str, str]:
    """Apply the change of the pressed button; (message, Bootstrap colour)."""
    engine, by = auth.engine(), auth.current_login()
    who = values.get("who") or ""
    try:
        if trigger == ID.ADD:
            made = accounts.add(
                engine,
                (values.get("new_login") or "").strip(),
                values.get("new_password") or "",
                values.get("new_role") or "lesen",
                by=by,
            )
            return f"Benutzer „{made.login}“ angelegt ({made.role_name}).", "success"
        if not who:
            return "Bitte zuerst einen Benutzer wählen.", "warning"
        if trigger == ID.SET_ROLE:
            accounts.set_role(engine, who, values.get("role") or "lesen", by=by)
            return f"Rolle von „{who}“ geändert.", "success"
        if trigger == ID.SET_PASSWORD:
            accounts.set_password(engine, who, values.get("password") or "", by=by)
            return f"Passwort von „{who}“ gesetzt.", "success"
        if trigger in (ID.DEACTIVATE, ID.ACTIVATE):
            active = trigger == ID.ACTIVATE
            accounts.set_active(engine, who, active, by=by)
            return f"„{who}“ {'wieder aktiv' if active else 'deaktiviert'}.", "success"
    except AccountError as error:
        return str(error), "danger"
    return "", "secondary"


def register_callbacks(app: dash.Dash) -> None:
    buttons = [ID.ADD, ID.SET_ROLE, ID.SET_PASSWORD, ID.DEACTIVATE, ID.ACTIVATE]

    @app.callback(
        Output(ID.MESSAGE, "children"),
        Output(ID.USERS, "children"),
        Output(ID.LOG, "children"),
        Output(ID.WHO, "options"),
        Output(ID.NEW_PASSWORD, "value"),
        Output(ID.PASSWORD, "value"),
        *[Input(button, "n_clicks") for button in buttons],
        State(ID.NEW_LOGIN, "value"),
        State(ID.NEW_ROLE, "value"),
        State(ID.NEW_PASSWORD, "value"),
        State(ID.WHO, "value"),
        State(ID.ROLE, "value"),
        State(ID.PASSWORD, "value"),
        prevent_initial_call=True,
    )
    def _change(*args: Any):
        if not auth.allowed("admin"):  # the server refuses it before; a second look costs nothing
            raise dash.exceptions.PreventUpdate
        names = ["new_login", "new_role", "new_password", "who", "role", "password"]
        values = dict(zip(names, args[len(buttons) :], strict=True))
        message, colour = change_users(ctx.triggered_id, values)
        alert = dbc.Alert(message, color=colour, class_name="py-2") if message else None
        return alert, _users(), _log(), _logins(), "", ""
