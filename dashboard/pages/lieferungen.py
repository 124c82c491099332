"""Lieferungen (Datenpflege): upload a delivery, see its check with the command line's problem
list, load it (or replace a delivery loaded before), follow the progress; and the load history.
URL: ``/lieferungen?auftrag=<token>`` shows one upload (the upload route redirects there).

The work happens in ``dashboard.uploads`` (background threads); this page shows a job's state
and polls it once a second while it runs.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html
from flask import current_app

from dashboard import auth, uploads
from dashboard.components import shell
from dashboard.components.table import table
from dashboard.ids import Deliveries as ID
from publish import formatting as fmt

dash.register_page(
    __name__,
    path="/lieferungen",
    name="Lieferungen",
    order=5.5,  # after Datenstand
    role=uploads.ROLE,
    title="Lieferungen – Bildungsmonitor Herne",
    description="Lieferungen hochladen, prüfen und laden; Ladeverlauf",
)

POLL_MS = 1000
HISTORY_ROWS = 30
STATE_TEXT = {
    uploads.CHECKING: "wird geprüft",
    uploads.CHECKED: "Prüfung bestanden",
    uploads.ASK_REPLACE: "Prüfung bestanden, Lieferung schon geladen",
    uploads.ASK_SOURCE: "Quelle nicht erkannt",
    uploads.REJECTED: "abgelehnt",
    uploads.KNOWN: "bereits importiert",
    uploads.LOADING: "wird geladen",
    uploads.BUILDING: "Indikatoren werden berechnet",
    uploads.LOADED: "geladen",
    uploads.FAILED: "Fehler",
}


# --- the upload form ------------------------------------------------------------------------


def _form() -> html.Section:
    max_mb = current_app.extensions[uploads.SETTINGS_KEY].max_file_mb
    sources = [{"label": "automatisch erkennen", "value": uploads.AUTO}] + [
        {"label": title, "value": source} for source, title in uploads.titles().items()
    ]
    return html.Section(
        [
            html.H2("Datei hochladen", className="h5"),
            html.Form(
                [
                    dcc.Input(type="hidden", name="csrf_token", value=auth.csrf_token()),
                    dbc.Row(
                        [
                            dbc.Col(
                                html.Div(
                                    [
                                        dbc.Label(
                                            f"Datei (.xlsx oder .csv, höchstens {max_mb} MB)",
                                            html_for=ID.FILE,
                                            class_name="form-label fw-semibold mb-1",
                                        ),
                                        # dcc.Input renders a native input: the file goes with
                                        # the form's POST, never through a callback. Not
                                        # "required": Dash's CSS paints an invalid input red
                                        # (too little contrast); the server says what is missing.
                                        dcc.Input(
                                            id=ID.FILE,
                                            type="file",
                                            name="datei",
                                            className="bimo-file",
                                        ),
                                    ],
                                    className="bimo-control",
                                ),
                                md=6,
                            ),
                            dbc.Col(
                                html.Div(
                                    [
                                        dbc.Label(
                                            "Quelle",
                                            html_for=ID.SOURCE,
                                            class_name="form-label fw-semibold mb-1",
                                        ),
                                        dbc.Select(
                                            id=ID.SOURCE,
                                            name="quelle",
                                            options=sources,
                                            value=uploads.AUTO,
                                        ),
                                    ],
                                    className="bimo-control",
                                ),
                                md=4,
                            ),
                            dbc.Col(
                                html.Button(
                                    "Hochladen und prüfen",
                                    id=ID.SUBMIT,
                                    type="submit",
                                    className="btn btn-primary w-100",
                                ),
                                md=2,
                                class_name="d-flex align-items-end",
                            ),
                        ],
                        class_name="g-2",
                    ),
                ],
                id=ID.FORM,
                action=uploads.ROUTE,
                method="post",
                encType="multipart/form-data",
            ),
            html.P(
                "Die Datei wird zuerst nur geprüft, mit denselben Regeln wie beim Import über "
                "die Kommandozeile; geladen wird sie erst mit „Laden“.",
                className="small text-muted mt-2 mb-0",
            ),
        ],
        className="bimo-panel mb-3",
    )


# --- the current job ------------------------------------------------------------------------


def view(job: uploads.UploadJob | None, requested: bool = True) -> dict[str, Any]:
    """What the page shows of ``job``: its panel, a one-sentence message for the live region,
    which buttons are offered and whether to keep polling."""
    shown: dict[str, Any] = {
        "state": [],
        "message": "",
        "poll": False,
        "load": False,
        "replace": False,
        "choose": False,
        "choice": uploads.AUTO,
    }
    if job is None:
        if requested:
            shown["state"] = [html.P("Diese Lieferung gibt es nicht (mehr).", className="mb-0")]
        return shown
    result = job.result
    title = uploads.titles().get(job.source or "", "Quelle noch nicht bestimmt")
    head = html.P(
        [
            html.Strong(job.file_name),
            f" · {title} · hochgeladen {fmt.timestamp(job.created_at)} von {job.login} · ",
            html.Span(STATE_TEXT.get(job.state, job.state), className="fw-semibold"),
        ],
        className="mb-2 text-break",
    )
    body: list = []
    if job.running:
        shown["poll"] = True
        shown["message"] = job.stage or STATE_TEXT[job.state]
        body = [
            html.Div(
                [
                    html.Span(className="spinner-border spinner-border-sm me-2", **_hidden()),
                    html.Span(shown["message"]),
                ],
                className="d-flex align-items-center",
            )
        ]
    elif job.state == uploads.CHECKED:
        shown["load"] = True
        shown["message"] = f"Prüfung bestanden: {_rows(result)}, Lieferung {result['delivery']}."
        body = [
            dbc.Alert(shown["message"], color="success", class_name="py-2 text-break"),
            html.P(
                "„Laden“ übernimmt die Datei in die Datenbank; danach werden die Indikatoren "
                "der Quelle neu berechnet.",
                className="small",
            ),
            *_warnings(result),
        ]
    elif job.state == uploads.ASK_REPLACE:
        shown["replace"] = True
        shown["message"] = (
            f"Für diese Lieferung sind bereits Daten geladen "
            f"({result['delivery']}: {fmt.plural(result['replaced_rows'], 'Zeile', 'Zeilen')})."
        )
        body = [
            dbc.Alert(shown["message"], color="warning", class_name="py-2 text-break"),
            html.P(
                f"Die Prüfung der neuen Datei ist bestanden ({_rows(result)}). „Ersetzen“ "
                "löscht die bisher geladenen Zeilen dieser Lieferung und lädt die neue Datei "
                "an ihrer Stelle, in einem Schritt: Geht dabei etwas schief, bleibt alles, wie "
                "es war. Der frühere Ladevorgang bleibt im Ladeverlauf sichtbar. Ist die Datei "
                "keine Korrektur, sondern versehentlich dieselbe Lieferung, nichts tun.",
                className="small",
            ),
            *_warnings(result),
        ]
    elif job.state == uploads.ASK_SOURCE:
        shown["choose"] = True
        candidates = result.get("candidates") or []
        names = uploads.titles()
        if candidates:
            shown["choice"] = candidates[0]
            which = " und ".join(names[c] for c in candidates)
            shown["message"] = (
                f"Die Quelle ist nicht eindeutig: die Spalten passen zu {which}. "
                "Bitte die Quelle wählen."
            )
        else:
            shown["choice"] = next(iter(names))
            shown["message"] = (
                "Die Quelle wurde nicht erkannt: keine Quelle passt zu den Spalten der Datei. "
                "Bitte die Quelle wählen; die Prüfung nennt dann, was fehlt."
            )
        body = [dbc.Alert(shown["message"], color="warning", class_name="py-2 text-break")]
    elif job.state == uploads.REJECTED:
        shown["message"] = (
            f"Import abgelehnt: {result['file']} – {result['total']} Fehler, nichts geladen."
        )
        body = [
            dbc.Alert(shown["message"], color="danger", class_name="py-2 text-break"),
            *_problems(result),
        ]
    elif job.state in (uploads.KNOWN, uploads.LOADED):
        shown["message"] = result.get("summary", "")
        body = [dbc.Alert(shown["message"], color="success", class_name="py-2 text-break")]
        if result.get("build"):
            body.append(html.P(f"Indikatoren: {result['build']}", className="small"))
        if result.get("build_error"):
            body.append(
                dbc.Alert(
                    f"Die Indikatoren wurden nicht neu berechnet: {result['build_error']} "
                    "Bitte „bildungsmonitor build“ ausführen.",
                    color="warning",
                    class_name="py-2 text-break",
                )
            )
        if job.state == uploads.LOADED:
            body += _warnings(result)
            body.append(html.P(html.A("Zum Datenstand", href="/datenstand"), className="mb-0"))
    else:  # FAILED
        shown["message"] = f"Nicht verarbeitet: {result.get('error', 'unbekannter Fehler')}"
        body = [dbc.Alert(shown["message"], color="danger", class_name="py-2 text-break")]
    shown["state"] = [head, *body]
    return shown


def _rows(result: dict) -> str:
    return fmt.plural(result["rows"], "Zeile", "Zeilen")


def _hidden() -> dict:
    return {"aria-hidden": "true"}


def _problems(result: dict) -> list:
    frame = pd.DataFrame(
        [
            {
                "Tabellenblatt": problem["sheet"] or "",
                "Zeile": "" if problem["row"] is None else str(problem["row"]),
                "Spalte": problem["column"] or "",
                "Problem": problem["message"],
            }
            for problem in result["problems"]
        ],
        columns=["Tabellenblatt", "Zeile", "Spalte", "Problem"],
    )
    found: list = [
        table(
            frame,
            f"Fehler in {result['file']}",
            numeric=["Zeile"],
            table_id=ID.PROBLEMS,
            first_column_header=False,
            class_name="bimo-scroll",
        )
    ]
    left = result["total"] - len(result["problems"])
    if left > 0:
        found.append(html.P(f"… und {fmt.integer(left)} weitere Fehler.", className="small"))
    if result.get("hint"):
        found.append(html.P(result["hint"], className="small"))
    found.append(html.P("Bitte die Datei korrigieren und neu hochladen.", className="small mb-0"))
    return found


def _warnings(result: dict) -> list:
    if not result.get("warnings"):
        return []
    total = result["warnings_total"]
    items = [html.Li(text) for text in result["warnings"]]
    if total > len(items):
        items.append(html.Li(f"… und {fmt.integer(total - len(items))} weitere Hinweise."))
    return [
        html.Details(
            [
                html.Summary(f"{fmt.plural(total, 'Hinweis', 'Hinweise')} (keine Fehler)"),
                html.Ul(items, className="small mb-0 text-break"),
            ],
            className="mb-2",
        )
    ]


def _choose(shown: dict[str, Any]) -> html.Div:
    """Choosing the source of a file the check did not recognise."""
    options = [{"label": title, "value": source} for source, title in uploads.titles().items()]
    return html.Div(
        dbc.Row(
            [
                dbc.Col(
                    html.Div(
                        [
                            dbc.Label(
                                "Quelle der Datei",
                                html_for=ID.CHOOSE_SOURCE,
                                class_name="form-label fw-semibold mb-1",
                            ),
                            dbc.Select(id=ID.CHOOSE_SOURCE, options=options, value=shown["choice"]),
                        ],
                        className="bimo-control",
                    ),
                    md=6,
                ),
                dbc.Col(
                    html.Button(
                        "Mit dieser Quelle prüfen", id=ID.CHOOSE_CHECK, className="btn btn-primary"
                    ),
                    md="auto",
                    class_name="d-flex align-items-end",
                ),
            ],
            class_name="g-2",
        ),
        id=ID.CHOOSE,
        hidden=not shown["choose"],
    )


def _history() -> html.Div:
    frame = uploads.history(HISTORY_ROWS)
    if frame.empty:
        return html.P("Noch nichts geladen.", className="text-muted mb-0")
    return table(
        frame,
        f"Die letzten {HISTORY_ROWS} Ladevorgänge (neueste zuerst)",
        first_column_header=False,
        class_name="bimo-scroll",
    )


# --- the page -------------------------------------------------------------------------------


def layout(auftrag: str | None = None, **_query: Any) -> html.Div:
    refused = auth.denied(uploads.ROLE)
    if refused:
        return html.Div(refused)
    job = uploads.job(auftrag)
    shown = view(job, requested=bool(auftrag))
    return html.Div(
        [
            dcc.Store(id=ID.JOB, data=job.token if job else None),
            dcc.Interval(id=ID.TICK, interval=POLL_MS, disabled=not shown["poll"]),
            shell.page_header(
                "Lieferungen",
                "Lieferungen hochladen, prüfen und laden. Danach werden die Indikatoren der "
                "Quelle neu berechnet.",
            ),
            html.Section(
                [
                    html.H2("Aktuelle Lieferung", className="h5"),
                    html.P(
                        shown["message"],
                        id=ID.MESSAGE,
                        role="status",
                        className="visually-hidden",
                        **{"aria-live": "polite"},
                    ),
                    html.Div(shown["state"], id=ID.STATE),
                    html.Div(
                        [
                            html.Button(
                                "Laden",
                                id=ID.LOAD,
                                className="btn btn-primary",
                                hidden=not shown["load"],
                            ),
                            html.Button(
                                "Ersetzen",
                                id=ID.REPLACE,
                                className="btn btn-warning",
                                hidden=not shown["replace"],
                            ),
                        ],
                        className="d-flex flex-wrap gap-2",
                    ),
                    _choose(shown),
                ],
                className="bimo-panel mb-3",
                hidden=job is None and not auftrag,
            ),
            _form(),  # below the job: after an upload, its check comes first
            html.Section(
                [
                    html.H2("Ladeverlauf", className="h5"),
                    html.P(
                        "Wer wann welche Datei geladen hat; ersetzte Ladevorgänge bleiben "
                        "sichtbar.",
                        className="small text-muted",
                    ),
                    html.Div(_history(), id=ID.HISTORY),
                ],
                className="bimo-panel mb-3",
            ),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    @app.callback(
        Output(ID.STATE, "children"),
        Output(ID.MESSAGE, "children"),
        Output(ID.TICK, "disabled"),
        Output(ID.LOAD, "hidden"),
        Output(ID.REPLACE, "hidden"),
        Output(ID.CHOOSE, "hidden"),
        Output(ID.CHOOSE_SOURCE, "value"),
        Output(ID.HISTORY, "children"),
        Input(ID.TICK, "n_intervals"),
        State(ID.JOB, "data"),
        prevent_initial_call=True,
    )
    def _poll(_ticks: int, token: str | None):
        if not auth.allowed(uploads.ROLE) or not token:
            raise dash.exceptions.PreventUpdate
        shown = view(uploads.job(token))
        return (
            shown["state"],
            shown["message"],
            not shown["poll"],
            not shown["load"],
            not shown["replace"],
            not shown["choose"],
            shown["choice"],
            dash.no_update if shown["poll"] else _history(),
        )

    @app.callback(
        Output(ID.MESSAGE, "children", allow_duplicate=True),
        Output(ID.TICK, "disabled", allow_duplicate=True),
        Output(ID.LOAD, "hidden", allow_duplicate=True),
        Output(ID.REPLACE, "hidden", allow_duplicate=True),
        Output(ID.CHOOSE, "hidden", allow_duplicate=True),
        Input(ID.LOAD, "n_clicks"),
        Input(ID.REPLACE, "n_clicks"),
        Input(ID.CHOOSE_CHECK, "n_clicks"),
        State(ID.CHOOSE_SOURCE, "value"),
        State(ID.JOB, "data"),
        prevent_initial_call=True,
    )
    def _act(_load, _replace, _check, chosen: str | None, token: str | None):
        if not auth.allowed(uploads.ROLE) or not token:
            raise dash.exceptions.PreventUpdate
        pressed = ctx.triggered_id
        if pressed == ID.CHOOSE_CHECK:
            refused = uploads.check_as(token, chosen or "")
            started = "Prüfung gestartet."
        else:
            refused = uploads.start_load(token, replace=pressed == ID.REPLACE)
            started = "Import gestartet."
        if refused:  # the next poll shows what the job is doing instead
            return refused, False, dash.no_update, dash.no_update, dash.no_update
        return started, False, True, True, True
