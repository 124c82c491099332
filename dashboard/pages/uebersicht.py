"""Übersicht: the goals of a period at a glance, each with its headline indicator, and the data
status. URL: ``/?periode=2013-2017``."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import data
from dashboard.components import controls, shell
from dashboard.components.graphs import graph
from dashboard.components.urlsync import register_view
from dashboard.ids import Overview as ID
from dashboard.urlstate import OverviewState, from_params, to_search
from indicators.registry import BY_ID
from indicators.targets import OFF_TRACK, ON_TRACK
from publish import figures
from publish import formatting as fmt
from publish.read.lens import MIN_LAGGING, SGB2_RATE, SOCIAL_INDEX

dash.register_page(
    __name__,
    path="/",
    name="Übersicht",
    order=0,
    title="Übersicht – Bildungsmonitor Herne",
    description="Handlungsziele und Datenstand auf einen Blick",
)


def goal_card(goal: data.GoalSummary, period: str) -> dbc.Card:
    """One goal: statement, measures and departments, headline indicator with its trend."""
    source = data.current()
    link = f"/ziel/{goal.key}?periode={period}"
    body: list[Any] = [
        html.P(
            [
                f"Handlungsziel {goal.number}",
                dbc.Badge(goal.status, color="light", text_color="dark", class_name="ms-2")
                if goal.status
                else None,
            ],
            className="text-muted small mb-1",
        ),
        html.H2(dcc.Link(goal.title, href=link), className="card-title h5"),
        html.P(goal.statement, className="bimo-statement mb-2"),
        html.P(
            [
                html.Strong(fmt.plural(goal.measures, "Maßnahme", "Maßnahmen")),
                " von ",
                html.Strong(
                    fmt.plural(len(goal.departments), "Arbeitsbereich", "Arbeitsbereichen")
                ),
            ],
            className="small mb-1",
        ),
        html.P(
            ", ".join(goal.departments) or "keine Arbeitsbereiche erfasst",
            className="small text-muted mb-2",
        ),
    ]
    if goal.headline:
        indicator = BY_ID[goal.headline]
        series = source.city_series(goal.headline)
        latest = series.iloc[-1].to_dict() if not series.empty else None
        value = fmt.cell(indicator, latest) if latest else fmt.MISSING
        when = latest["period"] if latest else ""
        explained = fmt.suppressed_note() if latest and latest["suppressed"] else None
        body += [
            html.Div(
                [
                    html.Span("Leitindikator: ", className="small text-muted"),
                    dcc.Link(
                        indicator.title,
                        href=f"/indikatoren?indikator={indicator.id}&ebene=ortsteil",
                        className="small",
                    ),
                ]
            ),
            html.Div(
                [
                    html.Span(value, className="fs-4 fw-semibold me-2", title=explained),
                    html.Span(f"Herne {when}", className="small text-muted"),
                ]
            ),
            _lead_status(source.goal_statuses(period, goal.key), goal.headline),
            graph(
                {"type": ID.SPARKLINE, "goal": goal.key},
                f"Zeitverlauf {indicator.title} in Herne",
                figures.sparkline(series, indicator),
                class_name="border-0 p-0",
            ),
            html.P(
                f"Verlauf {series['period'].iloc[0]} bis {series['period'].iloc[-1]}"
                if len(series) > 1
                else "",
                className="small text-muted mb-2",
            ),
        ]
    else:
        body.append(html.P("Noch kein Indikator zugeordnet.", className="small text-muted mb-1"))
        body += [
            html.P(f"{topic}: Datenquelle fehlt ({sources})", className="small text-muted mb-2")
            for topic, sources in goal.gaps
        ]
    body.append(
        dcc.Link(
            ["Zum Handlungsziel", html.Span(f" {goal.title}", className="visually-hidden"), " →"],
            href=link,
            className="small",
        )
    )
    return dbc.Card(dbc.CardBody(body), class_name="h-100 bimo-card")


def _lead_status(statuses: list, headline: str) -> html.Div | None:
    """The Leitindikator's target and status (nothing when the goal period sets none)."""
    found = next((s for s in statuses if s.indicator == headline), None)
    if found is None:
        return None
    colour = {ON_TRACK: "success", OFF_TRACK: "danger"}.get(found.status, "secondary")
    return html.Div(
        [
            dbc.Badge(found.status, color=colour, class_name="me-2"),
            html.Span(found.target, className="small text-muted"),
        ],
        className="mb-1",
    )


def needs_panel(period: str) -> list[Any]:
    """Ortsteile behind the city on several Leitindikatoren and high on need (Sozialindex)."""
    source = data.current()
    heading = html.H2("Handlungsbedarf nach Sozialindex", className="h5")
    if SOCIAL_INDEX not in source.explorer_indicators():
        return [
            heading,
            html.P(
                "Ohne Sozialstruktur (Quelle social-context) kein Abgleich mit dem Sozialindex.",
                className="small text-muted mb-0",
            ),
        ]
    flags = source.need_flags(period) if period else []
    rule = (
        f"Ortsteile mit einem Sozialindex über dem Median, die bei mindestens {MIN_LAGGING} "
        "Leitindikatoren ungünstiger als die Stadt liegen (nur veröffentlichte Werte)."
    )
    items = [
        html.Li(
            [
                dcc.Link(flag.name, href=f"/profil?ebene=ortsteil&einheit={flag.number}"),
                html.Span(f": {flag.text()}", className="text-muted"),
            ],
            className="small mb-1",
        )
        for flag in flags
    ]
    return [
        heading,
        html.P(rule, className="small text-muted mb-1"),
        html.Ul(items, className="ps-3 mb-1")
        if items
        else html.P("Kein Ortsteil erfüllt beide Bedingungen.", className="small mb-1"),
        dcc.Link(
            "Indikatoren gegen die SGB-II-Quote vergleichen →",
            href=f"/vergleich?ebene=ortsteil&x={SGB2_RATE}",
            className="small",
        ),
    ]


def status_panel() -> html.Section:
    """The data status at a glance: per source years and last import; build state."""
    source = data.current()
    report = source.status()
    build = source.last_build()
    stale = source.stale()
    items = []
    for info in report["sources"].values():
        span = fmt.years(info["years"]) if info["years"] else ""
        loaded = bool(info["files"])
        items.append(
            html.Li(
                [
                    html.Span("✓ " if loaded else "○ ", **{"aria-hidden": "true"}),
                    html.Strong(info["title"]),
                    html.Span(
                        f": {span}, " if span else ": ",
                    ),
                    html.Span(
                        f"Import {fmt.date(info['last_load'])}" if loaded else "nicht geladen",
                        className="text-muted",
                    ),
                ],
                className="small",
            )
        )
    if build is None:
        verdict = html.P("Noch keine Indikatoren berechnet.", className="text-danger small")
    elif stale:
        verdict = html.P(
            f"Indikatoren nicht aktuell (neue Daten: {', '.join(sorted(stale))}).",
            className="small fw-semibold",
            style={"color": "#8a4b00"},
        )
    else:
        verdict = html.P(
            f"Indikatoren aktuell, berechnet am {fmt.timestamp(build['built_at'])}.",
            className="small",
        )
    return html.Section(
        [
            html.H2("Datenstand", className="h5"),
            verdict,
            html.Ul(items, className="list-unstyled mb-2"),
            dcc.Link("Alle Details zum Datenstand →", href="/datenstand", className="small"),
        ],
        className="bimo-panel",
        id=ID.STATUS,
        **{"aria-label": "Datenstand"},
    )


def view(requested: OverviewState) -> dict[str, Any]:
    source = data.current()
    periods = source.periods()
    period = requested.periode if requested.periode in periods else (periods[-1] if periods else "")
    goals = source.goals(period) if period else []
    cards = [dbc.Col(goal_card(goal, period), xl=4, md=6, class_name="mb-3") for goal in goals]
    if not cards:
        cards = [
            dbc.Col(
                dbc.Alert(
                    "Für diese Zielperiode sind keine Handlungsziele erfasst.", color="secondary"
                )
            )
        ]
    return {
        "search": to_search(OverviewState(period)),
        "period_options": controls.options([(p, f"Zielperiode {p}") for p in periods]),
        "period": period,
        "goals": cards,
        "needs": needs_panel(period),
    }


def layout(**query: Any) -> html.Div:
    shown = view(from_params(OverviewState, query))
    return html.Div(
        [
            dcc.Location(id=ID.URL, refresh=False),
            dcc.Store(id=ID.RENDERED, data=shown["search"]),
            dbc.Row(
                [
                    dbc.Col(
                        shell.page_header(
                            "Übersicht",
                            "Die Handlungsziele des Leitbilds „Lernen! in Herne“ mit ihren "
                            "Maßnahmen und je einem Leitindikator.",
                        ),
                        lg=9,
                    ),
                    dbc.Col(
                        controls.select(
                            ID.PERIOD, "Zielperiode", shown["period_options"], shown["period"]
                        ),
                        lg=3,
                    ),
                ],
                class_name="align-items-end mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(dbc.Row(shown["goals"], id=ID.GOALS), xl=9, lg=8),
                    dbc.Col(
                        [
                            html.Section(
                                shown["needs"],
                                id=ID.NEEDS,
                                className="bimo-panel mb-3",
                                **{"aria-label": "Handlungsbedarf nach Sozialindex"},
                            ),
                            status_panel(),
                        ],
                        xl=3,
                        lg=4,
                    ),
                ]
            ),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    register_view(
        app,
        state_cls=OverviewState,
        url_id=ID.URL,
        rendered_id=ID.RENDERED,
        controls={"periode": ID.PERIOD},
        outputs={
            "period_options": (ID.PERIOD, "options"),
            "period": (ID.PERIOD, "value"),
            "goals": (ID.GOALS, "children"),
            "needs": (ID.NEEDS, "children"),
        },
        view=view,
    )
