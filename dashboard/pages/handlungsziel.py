"""Handlungsziel: one goal with its measures, challenges, conference feedback and linked
indicators. URL: ``/ziel/<key>?periode=2013-2017&ebene=ortsteil``."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import data
from dashboard.components import controls, shell
from dashboard.components.downloads import export_links
from dashboard.components.graphs import graph
from dashboard.components.urlsync import register_view
from dashboard.ids import Goal as ID
from dashboard.urlstate import GoalState, from_params, to_search
from etl.vocabulary import LEVEL
from indicators.registry import BY_ID
from indicators.targets import OFF_TRACK, ON_TRACK
from indicators.targets import STATUS_RULE as TARGET_RULE
from publish import formatting as fmt
from publish.text import CHANGE_MARK, CHANGE_NOTE
from publish.views.kinds.departments import RECONSTRUCTED_NOTE, what_is_counted
from publish.views.registry import figure_of, gather
from publish.views.request import ExportError, ExportRequest


def page_title(key: str | None = None, **_: Any) -> str:
    """The browser title names the goal (read in the request that renders the page)."""
    try:
        source = data.current()
        periods = source.periods()
        detail = source.goal(periods[-1], key or "") if periods else None
    except Exception:  # no request context: Dash may ask outside a request
        detail = None
    name = detail.title if detail else "Handlungsziel"
    return f"{name} – Bildungsmonitor Herne"


dash.register_page(
    __name__,
    path_template="/ziel/<key>",
    name="Handlungsziel",
    order=1,
    title=page_title,
    description="Ein Handlungsziel mit Maßnahmen, Herausforderungen, Rückmeldungen und Indikatoren",
)

LEVELS = ("stadtbezirk", "ortsteil")
MAX_CHARTS = 6


def _period(requested: str) -> str:
    periods = data.current().periods()
    if requested in periods:
        return requested
    return periods[-1] if periods else ""


def indicator_charts(detail: data.GoalDetail, level: str) -> list:
    """Small bar charts of the goal's linked indicators for the latest year on ``level``."""
    source = data.current()
    charts = []
    for indicator_id in detail.indicators[:MAX_CHARTS]:
        indicator = BY_ID[indicator_id]
        if level not in indicator.levels:
            continue
        # The view of the download beside the chart, from the view registry.
        try:
            units = gather(source, ExportRequest("units", indicator=indicator_id, level=level))
        except ExportError:  # no values on this level
            continue
        period = units.extra.get("period")
        title = f"{indicator.title} ({period})" if period else indicator.title
        reason = detail.reason(indicator_id)
        lead = indicator_id == detail.lead
        charts.append(
            dbc.Col(
                [
                    dbc.Badge("Leitindikator", color="primary", class_name="mb-1")
                    if lead
                    else None,
                    graph(
                        {"type": ID.INDICATOR_CHART, "indikator": indicator_id},
                        title,
                        figure_of(units, title)[0],
                    ),
                    html.P(reason, className="small text-muted mb-1") if reason else None,
                    export_links(
                        {"indikator": indicator_id, "ebene": level, "ziel": detail.key},
                        [("einheiten", indicator.title, True)],
                    ),
                    dcc.Link(
                        [
                            html.Span(f"{indicator.title} ", className="visually-hidden"),
                            "im Indikatoren-Explorer öffnen →",
                        ],
                        href=f"/indikatoren?indikator={indicator_id}&ebene={level}",
                        className="small",
                    ),
                ],
                lg=6,
                class_name="mb-3",
            )
        )
    if not charts:
        charts = [
            dbc.Col(
                html.P(
                    "Für dieses Handlungsziel gibt es auf dieser Raumebene noch keinen Indikator."
                    if detail.links
                    else "Diesem Handlungsziel ist noch kein Indikator zugeordnet.",
                    className="text-muted",
                )
            )
        ]
    rest = detail.indicators[MAX_CHARTS:]
    if rest:
        charts.append(
            dbc.Col(
                [
                    html.H3("Weitere Indikatoren dieses Ziels", className="h6"),
                    html.Ul(
                        [
                            html.Li(
                                [
                                    dcc.Link(
                                        BY_ID[i].title,
                                        href=f"/indikatoren?indikator={i}&ebene={level}",
                                    ),
                                    *_reason(detail.reason(i)),
                                ]
                            )
                            for i in rest
                        ],
                        className="small bimo-columns",
                    ),
                ],
                width=12,
            )
        )
    return charts


def _reason(reason: str | None) -> list:
    """Why an indicator is linked to the goal, small and muted after its name."""
    return [html.Br(), html.Span(reason, className="text-muted")] if reason else []


def view(requested: GoalState, key: str | None = None) -> dict[str, Any] | None:
    period = _period(requested.periode)
    level = requested.ebene if requested.ebene in LEVELS else "ortsteil"
    detail = data.current().goal(period, key or "")
    if detail is None:
        return None
    return {
        "search": to_search(GoalState(period, level)),
        "level": level,
        "charts": indicator_charts(detail, level),
    }


def _measure(measure: data.MeasureRow) -> html.Li:
    department: list[Any] = [measure.department]
    if measure.inferred:
        evidence = measure.evidence or "Arbeitsbereich aus dem Text erschlossen"
        department = [
            measure.department,
            " ",
            html.Span(
                "(erschlossen)",
                title=evidence,
                className="bimo-inferred",
                tabIndex="0",
                **{"aria-label": "erschlossen: " + evidence},
            ),
        ]
    children: list[Any] = [
        html.Strong(measure.title),
        html.Span([" – ", *department], className="text-muted small"),
    ]
    if measure.from_survey:
        children.append(dbc.Badge("aus der Abfrage", color="info", class_name="ms-2"))
    if measure.status:
        children.append(dbc.Badge(measure.status, color="secondary", class_name="ms-2"))
    details = [
        f"{label}: {text}"
        for label, text in (("Zielgruppe", measure.target_group), ("Stadtteile", measure.districts))
        if text
    ]
    if details:
        children.append(html.P(" · ".join(details), className="mb-0 small text-muted"))
    if measure.description:
        children.append(
            html.P(measure.description, className="mb-0 small", style={"whiteSpace": "pre-line"})
        )
    return html.Li(children, className="mb-2")


def _no_measures(detail: data.GoalDetail) -> str:
    """Why the list is empty: in a period after the first, the departments report through the
    Maßnahmen-Abfrage, so no measure means no department has named one yet."""
    if detail.status is None:
        return "Keine Maßnahmen erfasst."
    return (
        f"Noch keine Maßnahmen gemeldet: in der Maßnahmen-Abfrage {detail.period} hat bisher "
        "kein Arbeitsbereich eine Maßnahme für dieses Handlungsziel genannt."
    )


def _feedback(title: str, items: list[data.FeedbackItem], class_name: str) -> html.Div:
    entries = [
        html.Li(
            [
                html.Span(item.text, style={"whiteSpace": "pre-line"}),
                " ",
                dbc.Badge(CHANGE_MARK.strip("[]"), color="warning", text_color="dark")
                if item.requests_change
                else None,
            ]
        )
        for item in items
    ]
    note = (
        html.P(f"{CHANGE_MARK.strip('[]')}: {CHANGE_NOTE}", className="small text-muted mb-0 mt-1")
        if any(item.requests_change for item in items)
        else None
    )
    return html.Div(
        [
            html.H3(title, className="h6"),
            html.Ul(entries, className="small mb-0")
            if items
            else html.P("keine Anmerkungen", className="small text-muted mb-0"),
            note,
        ],
        className=f"bimo-panel h-100 {class_name}",
    )


def _targets(statuses: list) -> html.Section | None:
    """The linked indicators with a target: target, latest value, status."""
    if not statuses:
        return None
    colour = {ON_TRACK: "success", OFF_TRACK: "danger"}
    rows = [
        html.Tr(
            [
                html.Td(
                    [BY_ID[s.indicator].title, " (Leitindikator)" if s.lead else ""],
                ),
                html.Td(s.target),
                html.Td(s.current),
                html.Td(
                    [
                        dbc.Badge(s.status, color=colour.get(s.status, "secondary")),
                        html.Div(s.note, className="small text-muted"),
                    ]
                ),
            ]
        )
        for s in statuses
    ]
    return html.Section(
        [
            html.H2("Ziele und Stand", className="h5"),
            html.Div(
                dbc.Table(
                    [
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th(h)
                                    for h in ("Indikator", "Ziel", "Stand (Herne)", "Status")
                                ]
                            )
                        ),
                        html.Tbody(rows),
                    ],
                    size="sm",
                    class_name="mb-1",
                ),
                className="table-responsive",
                tabIndex="0",
                role="region",
                **{"aria-label": "Ziele und Stand"},
            ),
            html.P(TARGET_RULE, className="small text-muted mb-0"),
        ],
        className="bimo-panel mb-3",
    )


def _lineage(detail: data.GoalDetail) -> html.Section | None:
    """The predecessor in the previous period and how the measures by department changed."""
    if detail.predecessor is None and detail.status is None:
        return None
    before = detail.predecessor
    parts: list[Any] = [html.H2("Herkunft des Ziels", className="h5")]
    status = f"Status in der Zielperiode {detail.period}: {detail.status}" if detail.status else ""
    if before is None:
        parts.append(html.P(f"{status} (ohne Vorgänger).", className="mb-0"))
        return html.Section(parts, className="bimo-panel mb-3")
    parts.append(
        html.P(
            [
                f"{status}. Vorgänger: ",
                dcc.Link(
                    f"Handlungsziel {before.number} {before.title} ({before.period})",
                    href=f"/ziel/{before.key}?periode={before.period}",
                ),
            ]
        )
    )
    change = detail.department_change
    if change is not None and len(change):
        parts.append(
            html.Div(
                dbc.Table(
                    [
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th("Arbeitsbereich"),
                                    html.Th(f"Maßnahmen {before.period}", className="text-end"),
                                    html.Th(f"Maßnahmen {detail.period}", className="text-end"),
                                ]
                            )
                        ),
                        html.Tbody(
                            [
                                html.Tr(
                                    [
                                        html.Td(row.department),
                                        html.Td(fmt.integer(row.previous), className="text-end"),
                                        html.Td(fmt.integer(row.current), className="text-end"),
                                    ]
                                )
                                for row in change.itertuples()
                            ]
                        ),
                    ],
                    size="sm",
                    class_name="mb-0",
                ),
                className="table-responsive",
                tabIndex="0",
                role="region",
                **{"aria-label": "Maßnahmen nach Arbeitsbereichen in beiden Zielperioden"},
            )
        )
    return html.Section(parts, className="bimo-panel mb-3")


def _gaps(detail: data.GoalDetail) -> html.Div | None:
    if not detail.gaps:
        return None
    return html.Div(
        [
            html.H3("Was noch fehlt", className="h6"),
            html.Ul([html.Li(text) for text in detail.gap_texts()], className="small mb-0"),
        ],
        className="bimo-panel mb-3",
    )


def layout(key: str | None = None, **query: Any) -> html.Div:
    requested = from_params(GoalState, query)
    period = _period(requested.periode)
    source = data.current()
    detail = source.goal(period, key or "")
    if detail is None:
        return html.Div(
            [
                shell.page_header("Handlungsziel nicht gefunden"),
                html.P(
                    [
                        "Zu dieser Adresse gibt es kein Handlungsziel. ",
                        dcc.Link("Zur Übersicht", href="/"),
                    ]
                ),
            ]
        )
    shown = view(requested, key)
    assert shown is not None
    # The view of the download beside the chart, from the view registry.
    departments = gather(source, ExportRequest("departments", goal=detail.key, period=period))
    departments_title = f"{what_is_counted(detail)} nach Arbeitsbereichen"
    reconstructed = (
        html.P(RECONSTRUCTED_NOTE, className="small text-muted mb-1")
        if detail.reconstructed
        else None
    )
    return html.Div(
        [
            dcc.Location(id=ID.URL, refresh=False),
            dcc.Store(id=ID.RENDERED, data=shown["search"]),
            dcc.Store(id=ID.KEY, data=detail.key),
            html.Nav(
                html.Ol(
                    [
                        html.Li(
                            dcc.Link("Übersicht", href=f"/?periode={period}"),
                            className="breadcrumb-item",
                        ),
                        html.Li(
                            f"Handlungsziel {detail.number}",
                            className="breadcrumb-item active",
                            **{"aria-current": "page"},
                        ),
                    ],
                    className="breadcrumb mb-1",
                ),
                **{"aria-label": "Brotkrümelnavigation"},
            ),
            shell.page_header(
                f"{detail.number}. {detail.title}",
                f"Zielperiode {detail.period}",
            ),
            html.Blockquote(detail.statement, className="bimo-panel fs-5 mb-3"),
            _lineage(detail),
            _targets(source.goal_statuses(period, detail.key)),
            dbc.Row(
                [
                    dbc.Col(
                        html.Section(
                            [
                                html.H2(
                                    f"Maßnahmen und Projekte ({len(detail.measures)})",
                                    className="h5",
                                ),
                                html.Ul(
                                    [_measure(m) for m in detail.measures],
                                    className="list-unstyled mb-0",
                                )
                                if detail.measures
                                else html.P(_no_measures(detail), className="text-muted"),
                            ],
                            className="bimo-panel h-100",
                        ),
                        lg=7,
                        class_name="mb-3",
                    ),
                    dbc.Col(
                        html.Section(
                            [
                                html.H2(departments_title, className="h6"),
                                graph(
                                    ID.DEPARTMENTS,
                                    departments_title,
                                    figure_of(departments, None)[0],
                                    class_name="border-0",
                                ),
                                reconstructed,
                                export_links(
                                    {"ziel": detail.key, "periode": period},
                                    [
                                        ("arbeitsbereiche", "Diagramm", True),
                                        ("massnahmen", "Maßnahmen", False),
                                    ],
                                ),
                            ],
                            className="bimo-panel h-100",
                        ),
                        lg=5,
                        class_name="mb-3",
                    ),
                ]
            ),
            html.Section(
                [
                    html.H2("Schwierigkeiten und Herausforderungen", className="h5"),
                    html.Ul(
                        [
                            html.Li(
                                [
                                    html.Strong(title),
                                    html.Br(),
                                    html.Span(text or "", className="small"),
                                ],
                                className="mb-2",
                            )
                            for title, text in detail.challenges
                        ],
                        className="list-unstyled mb-0",
                    )
                    if detail.challenges
                    else html.P("keine genannt", className="text-muted mb-0"),
                ],
                className="bimo-panel mb-3",
            ),
            html.Section(
                [
                    html.H2("Rückmeldungen aus der Bildungskonferenz", className="h5"),
                    dbc.Row(
                        [
                            dbc.Col(
                                _feedback(
                                    "Handlungsziel kann unverändert bleiben, weil …",
                                    detail.keep,
                                    "bimo-feedback-keep",
                                ),
                                md=6,
                                class_name="mb-2",
                            ),
                            dbc.Col(
                                _feedback(
                                    "… muss angepasst werden, weil …",
                                    detail.adapt,
                                    "bimo-feedback-adapt",
                                ),
                                md=6,
                                class_name="mb-2",
                            ),
                        ]
                    ),
                ],
                className="mb-3",
            ),
            html.Section(
                [
                    dbc.Row(
                        [
                            dbc.Col(html.H2("Indikatoren zu diesem Ziel", className="h5"), md=8),
                            dbc.Col(
                                controls.select(
                                    ID.LEVEL,
                                    "Raumebene",
                                    controls.options([(lv, LEVEL[lv].title) for lv in LEVELS]),
                                    shown["level"],
                                ),
                                md=4,
                            ),
                        ],
                        class_name="align-items-end mb-2",
                    ),
                    html.P(
                        f"Neuestes Jahr je Indikator; gestrichelt: Wert für Herne insgesamt; "
                        f"{fmt.SUPPRESSED} = {fmt.SUPPRESSED_MEANING}.",
                        className="small text-muted",
                    ),
                    dbc.Row(shown["charts"], id=ID.INDICATORS),
                    _gaps(detail),
                ],
            ),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    register_view(
        app,
        state_cls=GoalState,
        url_id=ID.URL,
        rendered_id=ID.RENDERED,
        controls={"ebene": ID.LEVEL},
        outputs={"level": (ID.LEVEL, "value"), "charts": (ID.INDICATORS, "children")},
        view=view,
        extras={"key": (ID.KEY, "data")},
    )
