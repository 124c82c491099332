"""Indikatoren: one indicator on one level, year and breakdown as map, ranking, time series and
table, with its Steckbrief. The whole view lives in the URL, e.g.
``/indikatoren?indikator=uwe.wellbeing_low&ebene=ortsteil&jahr=2019&aufgliederung=&einheiten=``;
``klassen=quantile`` or ``klassen=intervalle`` colours map and ranking by quantiles or equal
intervals instead of the deviation from Herne (the default, not written).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import data
from dashboard.components import controls, info, shell
from dashboard.components.downloads import export_links
from dashboard.components.graphs import graph
from dashboard.components.lens import social_lens
from dashboard.components.table import table
from dashboard.components.urlsync import register_view
from dashboard.ids import Explorer as ID
from dashboard.urlstate import ExplorerState, from_params, to_search
from etl.vocabulary import LEVEL
from indicators.registry import BY_ID
from publish import formatting as fmt
from publish.figures.classes import DEFAULT_MODE, MODES
from publish.views.registry import figure_of, gather, screen_of
from publish.views.request import ExportRequest

dash.register_page(
    __name__,
    path="/indikatoren",
    name="Indikatoren",
    order=2,
    title="Indikatoren – Bildungsmonitor Herne",
    description="Indikatoren nach Stadtbezirk, Ortsteil und statistischem Bezirk",
)

DEFAULT_INDICATOR = "uwe.wellbeing_low"
TOTAL = "insgesamt"  # the select's value for "no breakdown" (in the URL: aufgliederung=)
CLASS_OPTIONS = controls.options(list(MODES.items()))  # colours of map and ranking


def view(requested: ExplorerState) -> dict[str, Any] | None:
    """Every output of the page for a requested state (normalised to what exists)."""
    source = data.current()
    choice = source.choose(
        requested.indikator,
        requested.ebene,
        requested.jahr,
        requested.aufgliederung,
        default_indicator=DEFAULT_INDICATOR,
    )
    if choice is None:
        return None
    indicator = BY_ID[choice.indicator]
    units = source.level_units(choice.level)
    # Only units of the level, each once: a URL repeating a unit thousands of times draws it once.
    known = set(units["number"])
    selected = tuple(dict.fromkeys(u for u in requested.einheiten if u in known))
    mode = requested.klassen if requested.klassen in MODES else DEFAULT_MODE
    state = ExplorerState(
        choice.indicator,
        choice.level,
        str(choice.year),
        choice.breakdown,
        selected,
        "" if mode == DEFAULT_MODE else mode,
    )
    period = dict(choice.years)[choice.year]
    plural = fmt.level_plural(choice.level)
    detail = "" if not choice.breakdown else f" – {fmt.breakdown_title(choice.breakdown)}"
    # The views of the downloads beside the charts, from the view registry: map and ranking
    # are two figures of the same gathered cells.
    cells = gather(
        source,
        ExportRequest(
            "map",
            indicator=choice.indicator,
            level=choice.level,
            year=choice.year,
            breakdown=choice.breakdown,
            classes=state.klassen,
        ),
    )
    ranking = replace(cells, request=replace(cells.request, kind="ranking"))
    series = gather(
        source,
        ExportRequest(
            "series", indicator=choice.indicator, level=choice.level,
            breakdown=choice.breakdown, units=selected,
        ),
    )  # fmt: skip
    map_figure, _ = figure_of(cells, f"Karte: {plural} {period}{detail}")
    cells_text, numeric = screen_of(cells)
    return {
        "search": to_search(state),
        "indicator_options": controls.options(
            [(i, fmt.indicator_label(BY_ID[i])) for i in choice.indicators]
        ),
        "indicator": choice.indicator,
        "level_options": controls.options([(lv, LEVEL[lv].title) for lv in choice.levels]),
        "level": choice.level,
        "year_options": controls.options([(str(y), p) for y, p in reversed(choice.years)]),
        "year": str(choice.year),
        "breakdown_options": controls.options(
            [(b or TOTAL, fmt.breakdown_title(b)) for b in choice.breakdowns]
        ),
        "breakdown": choice.breakdown or TOTAL,
        "classes": mode,
        "unit_options": controls.options(list(zip(units["number"], units["name"], strict=True))),
        "units": list(selected),
        "heading": f"{indicator.title} · {plural} · {period}{detail}",
        "map": map_figure,
        "bars": figure_of(ranking, f"Rangfolge: {plural} {period}{detail}")[0],
        "series": figure_of(series, f"Zeitverlauf{detail}: ausgewählte {plural} und Herne")[0],
        "table": table(cells_text, f"{indicator.title}, {plural} {period}{detail}", numeric),
        "info": info.steckbrief(indicator),
        "lens": social_lens(source, choice.indicator, choice.level, choice.year),
        "downloads": export_links(
            {
                "indikator": choice.indicator,
                "ebene": choice.level,
                "jahr": choice.year,
                "aufgliederung": choice.breakdown,
                "einheiten": list(selected),
                "klassen": state.klassen,
            },
            # a date indicator has no chart to draw: its views download as tables only
            [
                (art, label, not indicator.unit.is_date)
                for art, label in (
                    ("karte", "Karte"),
                    ("rangfolge", "Rangfolge"),
                    ("zeitverlauf", "Zeitverlauf"),
                )
            ],
        ),
    }


def layout(**query: Any) -> html.Div:
    shown = view(from_params(ExplorerState, query))
    if shown is None:
        return html.Div(
            [
                shell.page_header("Indikatoren"),
                dbc.Alert(
                    "Es sind noch keine Indikatoren berechnet. Nach dem Import der Lieferungen "
                    "„bildungsmonitor build“ ausführen.",
                    color="warning",
                ),
            ]
        )
    return html.Div(
        [
            dcc.Location(id=ID.URL, refresh=False),
            dcc.Store(id=ID.RENDERED, data=shown["search"]),
            shell.page_header(
                "Indikatoren",
                "Ein Indikator nach Raumebene und Jahr: Karte, Rangfolge, Zeitverlauf und "
                "Tabelle. Der Link in der Adresszeile gibt genau diese Ansicht wieder.",
            ),
            html.Section(
                dbc.Row(
                    [
                        dbc.Col(
                            controls.select(
                                ID.INDICATOR,
                                "Indikator",
                                shown["indicator_options"],
                                shown["indicator"],
                            ),
                            lg=4,
                            md=12,
                        ),
                        dbc.Col(
                            controls.select(
                                ID.LEVEL, "Raumebene", shown["level_options"], shown["level"]
                            ),
                            lg=2,
                            md=4,
                        ),
                        dbc.Col(
                            controls.select(ID.YEAR, "Jahr", shown["year_options"], shown["year"]),
                            lg=2,
                            md=4,
                        ),
                        dbc.Col(
                            controls.select(
                                ID.BREAKDOWN,
                                "Aufgliederung",
                                shown["breakdown_options"],
                                shown["breakdown"],
                            ),
                            lg=2,
                            md=4,
                        ),
                        dbc.Col(
                            controls.select(
                                ID.CLASSES, "Farbklassen", CLASS_OPTIONS, shown["classes"]
                            ),
                            lg=2,
                            md=4,
                        ),
                    ],
                    class_name="g-3",
                ),
                className="bimo-panel mb-3",
                **{"aria-label": "Auswahl"},
            ),
            html.H2(
                shown["heading"], id=ID.HEADING, className="h4 mb-3", **{"aria-live": "polite"}
            ),
            html.Div(shown["downloads"], id=ID.DOWNLOADS),
            html.P(shown["lens"], id=ID.LENS, className="small mb-2"),
            dbc.Row(
                [
                    dbc.Col(graph(ID.MAP, "Karte", shown["map"]), lg=8),
                    dbc.Col(
                        html.Div(shown["info"], id=ID.INFO, className="bimo-panel h-100"), lg=4
                    ),
                ],
                class_name="g-3 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(graph(ID.BARS, "Rangfolge", shown["bars"]), lg=6),
                    dbc.Col(html.Div(shown["table"], id=ID.TABLE), lg=6),
                ],
                class_name="g-3 mb-3",
            ),
            html.Section(
                [
                    controls.checklist(
                        ID.UNITS,
                        "Im Zeitverlauf hervorheben",
                        shown["unit_options"],
                        shown["units"],
                    ),
                    graph(ID.SERIES, "Zeitverlauf", shown["series"]),
                ],
                className="mb-3",
                **{"aria-label": "Zeitverlauf"},
            ),
        ]
    )


OUTPUTS = {
    "indicator_options": (ID.INDICATOR, "options"),
    "indicator": (ID.INDICATOR, "value"),
    "level_options": (ID.LEVEL, "options"),
    "level": (ID.LEVEL, "value"),
    "year_options": (ID.YEAR, "options"),
    "year": (ID.YEAR, "value"),
    "breakdown_options": (ID.BREAKDOWN, "options"),
    "breakdown": (ID.BREAKDOWN, "value"),
    "classes": (ID.CLASSES, "value"),
    "unit_options": (ID.UNITS, "options"),
    "units": (ID.UNITS, "value"),
    "heading": (ID.HEADING, "children"),
    "map": (ID.MAP, "figure"),
    "bars": (ID.BARS, "figure"),
    "series": (ID.SERIES, "figure"),
    "table": (ID.TABLE, "children"),
    "info": (ID.INFO, "children"),
    "lens": (ID.LENS, "children"),
    "downloads": (ID.DOWNLOADS, "children"),
}


def register_callbacks(app: dash.Dash) -> None:
    register_view(
        app,
        state_cls=ExplorerState,
        url_id=ID.URL,
        rendered_id=ID.RENDERED,
        controls={
            "indikator": ID.INDICATOR,
            "ebene": ID.LEVEL,
            "jahr": ID.YEAR,
            "aufgliederung": ID.BREAKDOWN,
            "einheiten": ID.UNITS,
            "klassen": ID.CLASSES,
        },
        outputs=OUTPUTS,
        view=view,
    )
