"""Präsentation: the goals for the projector, one slide at a time, large type, no navigation bar.

URL: ``/praesentation?periode=2013-2017&folie=3``. Slides: a title slide, then per goal its
statement with the measures by department, then its first linked indicators by Stadtbezirk with the
city value. The arrow keys (and Bild auf/ab, Leertaste) go back and forth, "f" switches to full
screen (``assets/praesentation.js``); each slide has its own URL, so the back button works too.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import dash
from dash import dcc, html

from dashboard import data
from dashboard.components.graphs import graph
from indicators.registry import BY_ID
from publish.text import SUPPRESSION_NOTE
from publish.views.registry import figure_of, gather
from publish.views.request import ExportError, ExportRequest

dash.register_page(
    __name__,
    path="/praesentation",
    name="Präsentation",
    order=7,
    title="Präsentation – Bildungsmonitor Herne",
    description="Die Handlungsziele für den Lenkungskreis, Folie für Folie",
)

INDICATORS_PER_GOAL = 2
LEVEL = "stadtbezirk"
PROJECTOR_FONT = 20


class Slide(NamedTuple):  # not a dataclass: Dash imports page modules outside sys.modules
    kind: str  # "titel", "ziel", "indikator"
    goal: str | None = None
    indicator: str | None = None


def slides(period: str) -> list[Slide]:
    """The slide sequence of a goal period."""
    source = data.current()
    found = [Slide("titel")]
    for summary in source.goals(period):
        found.append(Slide("ziel", summary.key))
        detail = source.goal(period, summary.key)
        linked = [i for i in (detail.indicators if detail else []) if LEVEL in BY_ID[i].levels]
        found += [Slide("indikator", summary.key, i) for i in linked[:INDICATORS_PER_GOAL]]
    return found


def _number(raw: Any, default: int) -> int:
    try:
        return int(str(raw))
    except ValueError:
        return default


def layout(periode: str | None = None, folie: str | None = None, **_: Any) -> html.Div:
    source = data.current()
    periods = source.periods()
    period = periode if periode in periods else (periods[-1] if periods else "")
    sequence = slides(period) if period else [Slide("titel")]
    index = min(max(_number(folie, 1), 1), len(sequence))
    slide = sequence[index - 1]

    def href(number: int) -> str:
        return f"/praesentation?periode={period}&folie={number}"

    controls = html.Nav(
        [
            dcc.Link(
                "← zurück",
                id="praesentation-zurueck",
                href=href(max(index - 1, 1)),
                className="btn btn-outline-light btn-lg",
            ),
            html.Span(f"Folie {index} von {len(sequence)}", className="mx-4"),
            dcc.Link(
                "weiter →",
                id="praesentation-weiter",
                href=href(min(index + 1, len(sequence))),
                className="btn btn-outline-light btn-lg",
            ),
            html.Button(
                "Vollbild (f)",
                id="praesentation-vollbild",
                type="button",
                className="btn btn-outline-light btn-lg ms-4",
            ),
            dcc.Link("Präsentation beenden", href="/", className="btn btn-link text-light ms-2"),
        ],
        className="bimo-presentation-controls d-flex align-items-center",
        **{"aria-label": "Folien"},
    )
    return html.Div(
        [html.Main(_content(slide, period), className="bimo-slide"), controls],
        className="bimo-presentation",
    )


def _content(slide: Slide, period: str) -> list:
    source = data.current()
    if slide.kind == "titel":
        return [
            html.H1("Lenkungskreis Bildungsmonitoring", className="display-4"),
            html.P(f"Handlungsziele {period} des Leitbilds „Lernen! in Herne“", className="fs-2"),
            html.P("Weiter mit → oder Leertaste, Vollbild mit f.", className="fs-4 text-muted"),
            html.P(
                [
                    "Sitzungsunterlage herunterladen: ",
                    html.A(
                        "PowerPoint", href=f"/export/pack?periode={period}&format=pptx", download=""
                    ),
                    " · ",
                    html.A("PDF", href=f"/export/pack?periode={period}&format=pdf", download=""),
                ],
                className="fs-5",
            ),
        ]
    detail = source.goal(period, slide.goal or "")
    if detail is None:
        return [html.H1("Folie nicht gefunden")]
    heading = html.H1(f"{detail.number}. {detail.title}", className="display-5")
    if slide.kind == "ziel":
        departments = gather(source, ExportRequest("departments", goal=detail.key, period=period))
        chart, _ = figure_of(departments, "Maßnahmen nach Arbeitsbereichen")
        return [
            heading,
            html.P(detail.statement, className="bimo-slide-statement"),
            html.P(f"{len(detail.measures)} Maßnahmen und Projekte", className="fs-3"),
            graph(
                "praesentation-arbeitsbereiche", "Maßnahmen nach Arbeitsbereichen", _large(chart)
            ),
        ]
    indicator = BY_ID[slide.indicator or ""]
    try:
        units = gather(source, ExportRequest("units", indicator=indicator.id, level=LEVEL))
    except ExportError as error:  # no values on this level
        return [heading, html.P(str(error), className="fs-3")]
    title = f"{indicator.title} nach Stadtbezirken ({units.extra['period']})"
    chart, _ = figure_of(units, title)
    chart.update_layout(height=520)
    return [
        heading,
        graph("praesentation-indikator", title, _large(chart)),
        html.P(
            f"{indicator.definition} Gestrichelte Linie: Herne insgesamt. {SUPPRESSION_NOTE}.",
            className="fs-5",
        ),
    ]


def _large(figure):
    """Projector type: larger fonts on the same figure the pages show."""
    figure.update_layout(font_size=PROJECTOR_FONT, title_font_size=PROJECTOR_FONT + 4)
    figure.update_traces(textfont_size=PROJECTOR_FONT, selector={"type": "bar"})
    figure.update_xaxes(tickfont_size=PROJECTOR_FONT, tickangle=0)
    figure.update_yaxes(tickfont_size=PROJECTOR_FONT)
    return figure
