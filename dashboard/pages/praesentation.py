"""Präsentation: the meeting pack's slides for the projector, one at a time, the whole screen.

URL: ``/praesentation?periode=2013-2017&folie=3``. The slides are ``publish.pack.deck``'s, the
list the PPTX and PDF of the meeting pack are made from: the same slides in the same order with
the same titles and texts (title, overview, per goal its goal slide and its key indicators by
Ortsteil with the city's value, methods); here the charts are live figures in projector type
(``publish.render.slides.screen``). The arrow keys, Bild auf/ab, Leertaste, Pos1 and Ende go
through the slides, "f" switches to full screen (``assets/praesentation.js``, which counts every
key press); each slide has its own URL, so the back button works too.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from dashboard import data
from dashboard.components.graphs import GRAPH_CONFIG
from indicators.registry import BY_ID
from publish import formatting as fmt
from publish.pack import PACK_TITLE, DeckSlide, build_deck, pack_content
from publish.pack import deck as dk
from publish.render.slides.screen import projector
from publish.text import PUBLISHER, SUPPRESSION_NOTE
from publish.views.registry import figure_of, gather
from publish.views.request import ExportError

dash.register_page(
    __name__,
    path="/praesentation",
    name="Präsentation",
    order=7,
    title="Präsentation – Bildungsmonitor Herne",
    description="Die Handlungsziele für den Lenkungskreis, Folie für Folie",
)

# ids: assets/praesentation.js knows the first three
BACK, NEXT, FULL_SCREEN = "praesentation-zurueck", "praesentation-weiter", "praesentation-vollbild"
COUNTER = "praesentation-zaehler"
SLIDE = "praesentation-folie"
DEPARTMENTS_CHART = "praesentation-arbeitsbereiche"
INDICATOR_CHART = "praesentation-indikator"
SCREEN_CONFIG = {**GRAPH_CONFIG, "responsive": True}


def slides(period: str) -> list[DeckSlide]:
    """The slides of a goal period: the meeting pack's (``publish.pack.deck``)."""
    source = data.current()
    return build_deck(pack_content(source, period))


def _number(raw: Any, default: int) -> int:
    try:
        return int(str(raw))
    except ValueError:
        return default


def layout(periode: str | None = None, folie: str | None = None, **_: Any) -> html.Div:
    source = data.current()
    periods = source.periods()
    period = periode if periode in periods else (periods[-1] if periods else "")
    try:
        sequence = slides(period) if period else []
    except ExportError as error:
        sequence, problem = [], str(error)
    else:
        problem = "In der Datenbank ist keine Zielperiode erfasst."
    if not sequence:
        sequence = [DeckSlide(dk.TITLE, PACK_TITLE, lines=(problem,))]
    index = min(max(_number(folie, 1), 1), len(sequence))
    slide = sequence[index - 1]
    return html.Div(
        [
            html.Main(
                _content(slide, period),
                className=f"bimo-slide bimo-slide-{slide.kind}",
                id=SLIDE,
            ),
            _controls(period, index, len(sequence)),
        ],
        className="bimo-presentation",
        # read by assets/praesentation.js: where to go on a key press
        **{"data-slides": str(len(sequence)), "data-slide": str(index), "data-period": period},
    )


def _href(period: str, number: int) -> str:
    return f"/praesentation?periode={period}&folie={number}"


def _controls(period: str, index: int, total: int) -> html.Nav:
    return html.Nav(
        [
            # plain links: the script turns a click into the same step as a key press
            html.A(
                "← zurück",
                id=BACK,
                href=_href(period, max(index - 1, 1)),
                className="btn btn-outline-light",
            ),
            html.Span(
                f"Folie {index} von {total}",
                id=COUNTER,
                className="bimo-presentation-counter",
                **{"aria-live": "polite"},
            ),
            html.A(
                "weiter →",
                id=NEXT,
                href=_href(period, min(index + 1, total)),
                className="btn btn-outline-light",
            ),
            html.Button(
                "Vollbild (f)", id=FULL_SCREEN, type="button", className="btn btn-outline-light"
            ),
            dcc.Link("Präsentation beenden", href="/", className="btn btn-link text-light"),
        ],
        className="bimo-presentation-controls",
        **{"aria-label": "Folien"},
    )


# --- the kinds of slides ----------------------------------------------------------------------


def _content(slide: DeckSlide, period: str) -> list:
    return _RENDER[slide.kind](slide, period)


def _title(slide: DeckSlide, period: str) -> list:
    source = data.current()
    lead, *rest = slide.lines or ("",)
    found: list = [
        html.H1(slide.title),
        html.P(lead, className="bimo-slide-lead"),
        *(html.P(line, className="text-muted") for line in rest),
    ]
    if period and source.is_synthetic():
        found.append(
            html.P(
                [
                    html.Strong("Synthetische Beispieldaten. "),
                    "Alle Werte sind erfunden und beschreiben Herne nicht.",
                ],
                className="bimo-slide-warning",
            )
        )
    if period:
        found += [
            html.P(
                "Weiter mit → oder Leertaste, zurück mit ←, Vollbild mit f.",
                className="text-muted",
            ),
            html.P(
                [
                    "Dieselben Folien als Sitzungsunterlage: ",
                    html.A(
                        "PowerPoint",
                        href=f"/export/pack?periode={period}&format=pptx",
                        download="",
                    ),
                    " · ",
                    html.A("PDF", href=f"/export/pack?periode={period}&format=pdf", download=""),
                ],
            ),
        ]
    found.append(html.P(PUBLISHER, className="text-muted mt-auto"))
    return found


def _overview(slide: DeckSlide, period: str) -> list:
    numeric = [column not in ("Handlungsziel",) for column in slide.columns]
    head = html.Thead(
        html.Tr(
            [
                html.Th(column, scope="col", className="text-end" if right else None)
                for column, right in zip(slide.columns, numeric, strict=True)
            ]
        )
    )
    rows = []
    for row in slide.rows:
        cells = [
            html.Td(text, className="text-end" if right else None)
            for text, right in zip(row[:-1], numeric, strict=False)
        ]
        cells.append(
            html.Td(dcc.Link(row[-1], href=_href(period, int(row[-1]))), className="text-end")
        )
        rows.append(html.Tr(cells))
    return [
        html.H1(slide.title),
        html.Div(
            html.Table([head, html.Tbody(rows)], className="table table-striped"),
            className="bimo-slide-table",
        ),
    ]


def _goal(slide: DeckSlide, period: str) -> list:
    source = data.current()
    measures, keep, adapt = slide.lists
    chart, _ = figure_of(gather(source, slide.chart), slide.chart_title)
    left = [html.P(slide.lead, className="text-muted")] if slide.lead else []
    left += _short_list(measures)
    left += [html.P(note, className="bimo-slide-footnote") for note in slide.footnotes]
    return [
        html.H1(slide.title),
        html.P(f"„{slide.statement}“", className="bimo-slide-statement"),
        html.Div(
            [
                _text(left),
                _chart(DEPARTMENTS_CHART, slide.chart_title or "", chart),
                html.Div(
                    [
                        html.Section(_short_list(keep), className="bimo-feedback-keep"),
                        html.Section(_short_list(adapt), className="bimo-feedback-adapt"),
                    ],
                    className="bimo-slide-feedback",
                ),
            ],
            className="bimo-slide-body",
        ),
    ]


def _indicator(slide: DeckSlide, period: str) -> list:
    source = data.current()
    request = slide.chart
    try:
        view = gather(source, request)
    except ExportError as error:  # values withdrawn since the deck was read
        return [html.H1(slide.title), html.P(str(error))]
    where = f"{fmt.level_plural(request.level)} {view.extra.get('period', '')}".strip()
    title = f"{slide.chart_title} – {where}"
    chart, _ = figure_of(view, title)
    definition, *more = slide.lines
    caption = [html.P(definition)] + [html.P(line, className="text-muted") for line in more]
    city = "Gestrichelte Linie: Herne insgesamt."
    caption.append(
        html.P(f"{city} {SUPPRESSION_NOTE}." if view.suppressed else city, className="text-muted")
    )
    label = f"{BY_ID[request.indicator].title} nach {fmt.level_plural(request.level)}"
    return [
        html.H1(slide.title),
        html.Div(
            [
                _chart(INDICATOR_CHART, label, chart),
                html.Div(caption, className="bimo-slide-caption"),
            ],
            className="bimo-slide-body",
        ),
    ]


def _no_indicator(slide: DeckSlide, period: str) -> list:
    found: list = [html.H1(slide.title)]
    for items in slide.lists:
        found += _short_list(items)
    return [found[0], _text(found[1:], "bimo-slide-panel")]


def _methods(slide: DeckSlide, period: str) -> list:
    method, secrecy = slide.lists
    return [
        html.H1(slide.title),
        html.Div(
            [
                _text(_short_list(method)),
                _text(
                    _short_list(secrecy) + [html.P(html.Strong(line)) for line in slide.lines],
                    "bimo-slide-panel",
                ),
            ],
            className="bimo-slide-columns",
        ),
    ]


_RENDER = {
    dk.TITLE: _title,
    dk.OVERVIEW: _overview,
    dk.GOAL: _goal,
    dk.INDICATOR: _indicator,
    dk.NO_INDICATOR: _no_indicator,
    dk.METHODS: _methods,
}


def _short_list(items: dk.ShortList) -> list:
    """Heading, items, "… und N weitere" (or the text for none), as on the pack's slide."""
    found: list = [html.H2(items.heading)]
    if items.items:
        found.append(html.Ul([html.Li(text) for text in items.items]))
    elif items.empty:
        found.append(html.P(items.empty, className="text-muted fst-italic"))
    if items.more:
        found.append(html.P(items.more, className="text-muted fst-italic"))
    return found


def _text(children: list, class_name: str = "") -> html.Section:
    """A block of text that scrolls where a small screen cannot hold it (reachable by the
    keyboard, so it can be scrolled without a mouse)."""
    return html.Section(children, className=f"bimo-slide-text {class_name}".strip(), tabIndex="0")


def _chart(graph_id: str, label: str, figure) -> html.Div:
    """A live chart in projector type that takes the height the slide leaves it."""
    return html.Div(
        dcc.Graph(
            id=graph_id,
            figure=projector(figure),
            config=SCREEN_CONFIG,
            responsive=True,
            className="bimo-slide-graph",
        ),
        role="region",
        className="bimo-graph bimo-slide-chart",
        **{"aria-label": label},
    )
