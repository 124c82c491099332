"""Datenstand: what is loaded per source and year, coverage, import warnings, and whether the
indicators are up to date. URL: ``/datenstand?quelle=kompik`` (filters the warnings)."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import auth, data
from dashboard.components import controls, shell
from dashboard.components.table import table
from dashboard.components.urlsync import register_view
from dashboard.ids import Status as ID
from dashboard.urlstate import StatusState, from_params, to_search
from publish import formatting as fmt
from publish import tables

dash.register_page(
    __name__,
    path="/datenstand",
    name="Datenstand",
    order=5,
    title="Datenstand – Bildungsmonitor Herne",
    description="Geladene Lieferungen, Abdeckung, Importhinweise und Aktualität der Indikatoren",
)

ALL = "alle"
# Import details (files, who loaded them, the warnings with row numbers) are Datenpflege's.
DETAILS_NOTE = html.P(
    "Importdetails (Dateien, wer sie geladen hat, Hinweise je Zeile) sieht die Datenpflege.",
    className="text-muted small",
)
MAX_WARNINGS = 300


def _titles() -> dict[str, str]:
    return {source: info["title"] for source, info in data.current().status()["sources"].items()}


def view(requested: StatusState) -> dict[str, Any]:
    source = data.current()
    titles = _titles()
    chosen = requested.quelle if requested.quelle in titles else ""
    if not auth.allowed("datenpflege"):
        return {
            "search": to_search(StatusState(chosen)),
            "source": chosen or ALL,
            "warnings": DETAILS_NOTE,
        }
    warnings = source.warnings(chosen or None)
    total = fmt.integer(int(warnings["count"].sum())) if not warnings.empty else "0"
    caption = (
        f"Importhinweise je Datei und Regel ({total})"
        if not chosen
        else f"Importhinweise je Datei und Regel: {titles[chosen]} ({total})"
    )
    content: Any = (
        table(
            tables.warnings_table(warnings, titles),
            caption,
            max_rows=MAX_WARNINGS,
            first_column_header=False,
            class_name="bimo-scroll",
        )
        if not warnings.empty
        else html.P("Keine Hinweise.", className="text-muted")
    )
    return {"search": to_search(StatusState(chosen)), "source": chosen or ALL, "warnings": content}


def _build_state() -> html.Div:
    source = data.current()
    build = source.last_build()
    stale = source.stale()
    if build is None:
        return dbc.Alert(
            "Es sind noch keine Indikatoren berechnet: „bildungsmonitor build“ ausführen.",
            color="danger",
        )
    when = fmt.timestamp(build["built_at"])
    sources = "alle Quellen" if build["sources"] == "alle" else build["sources"].replace(",", ", ")
    text = (
        f"Letzte Berechnung: {when} ({sources}; {fmt.integer(build['indicators'])} "
        f"Indikatoren, {fmt.integer(build['cells'])} Werte)."
    )
    if stale:
        return dbc.Alert(
            [
                html.Strong("Indikatoren nicht aktuell. "),
                "Nach der letzten Berechnung wurden neue Daten geladen: "
                f"{', '.join(sorted(stale))}. "
                "„bildungsmonitor build“ ausführen. ",
                text,
            ],
            color="warning",
        )
    return dbc.Alert([html.Strong("Indikatoren aktuell. "), text], color="success")


def _periods(report: dict) -> list:
    found = []
    for period, info in report["periods"].items():
        frame = tables.goals_table(info["goals"])
        found.append(
            table(
                frame,
                f"Zielkatalog {period}",
                numeric=[c for c in frame.columns if c not in ("Nr.", "Handlungsziel")],
            )
        )
    return found


def _survey() -> list:
    """Per goal period: which departments answered the Maßnahmen-Abfrage, which have not."""
    found = []
    for survey in data.current().survey_rounds():
        answered = (
            table(survey.answered, survey.caption, numeric=["Maßnahmen"])
            if not survey.answered.empty
            else html.P(f"{survey.caption}.", className="mb-1")
        )
        found.append(html.Div([answered, html.P(survey.outstanding_text, className="small")]))
    return found or [html.P("Kein Zielkatalog geladen.", className="text-muted")]


def layout(**query: Any) -> html.Div:
    source = data.current()
    report = source.status()
    shown = view(from_params(StatusState, query))
    titles = _titles()
    coverage = tables.coverage_table(source.coverage())
    return html.Div(
        [
            dcc.Location(id=ID.URL, refresh=False),
            dcc.Store(id=ID.RENDERED, data=shown["search"]),
            shell.page_header(
                "Datenstand",
                "Was geladen ist, wie vollständig es ist und ob die Indikatoren dazu passen.",
            ),
            _build_state(),
            html.Section(
                [
                    html.H2("Geladene Lieferungen je Quelle", className="h5"),
                    table(tables.sources_table(report), "Quellen, Jahre und letzter Import"),
                ],
                className="bimo-panel mb-3",
            ),
            html.Section(
                [
                    html.H2("Abdeckung", className="h5"),
                    html.P(
                        "Stadtweite Werte der Indikatoren, die zeigen, wie vollständig die "
                        "Lieferungen sind.",
                        className="small text-muted",
                    ),
                    table(coverage, "Abdeckung und Beteiligung in Herne je Jahr")
                    if len(coverage.columns) > 1
                    else html.P("Keine Werte.", className="text-muted"),
                ],
                className="bimo-panel mb-3",
            ),
            html.Section(
                [
                    html.H2("Importhinweise", className="h5"),
                    html.P(
                        "Hinweise der Importe (Warnungen, keine Fehler): Die Dateien wurden "
                        "geladen, die Hinweise nennen, was dabei auffiel.",
                        className="small text-muted",
                    ),
                    dbc.Row(
                        dbc.Col(
                            controls.select(
                                ID.SOURCE,
                                "Quelle",
                                controls.options([(ALL, "alle Quellen"), *titles.items()]),
                                shown["source"],
                            ),
                            md=4,
                        ),
                        class_name="mb-2",
                    ),
                    html.Div(shown["warnings"], id=ID.WARNINGS),
                ],
                className="bimo-panel mb-3",
            ),
            html.Section(
                [
                    html.H2("Dateien", className="h5"),
                    html.Details(
                        [
                            html.Summary("Alle geladenen Dateien anzeigen"),
                            table(
                                tables.files_table(report),
                                "Geladene Dateien",
                                first_column_header=False,
                            ),
                        ]
                    )
                    if auth.allowed("datenpflege")
                    else DETAILS_NOTE,
                ],
                className="bimo-panel mb-3",
            ),
            html.Section(
                [html.H2("Handlungsziele", className="h5"), *_periods(report)],
                className="bimo-panel mb-3",
            ),
            html.Section(
                [
                    html.H2("Maßnahmen-Abfrage", className="h5"),
                    html.P(
                        "Welche Arbeitsbereiche ihre Maßnahmen je Zielperiode gemeldet haben "
                        "(„bildungsmonitor survey“ schreibt die Fragebögen).",
                        className="small text-muted",
                    ),
                    *_survey(),
                ],
                className="bimo-panel mb-3",
            ),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    register_view(
        app,
        state_cls=StatusState,
        url_id=ID.URL,
        rendered_id=ID.RENDERED,
        controls={"quelle": ID.SOURCE},
        outputs={"source": (ID.SOURCE, "value"), "warnings": (ID.WARNINGS, "children")},
        view=view,
    )
