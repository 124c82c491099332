"""Vergleich: two indicators against each other over the units of one level and year, and the
change of one indicator between two years per unit.
URL: ``/vergleich?ebene=ortsteil&jahr=2019&x=...&y=...&indikator=...&von=2017&bis=2023``."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import data
from dashboard.components import controls, shell
from dashboard.components.downloads import export_links
from dashboard.components.graphs import graph
from dashboard.components.table import table
from dashboard.components.urlsync import register_view
from dashboard.ids import Compare as ID
from dashboard.urlstate import CompareState, from_params, to_search
from etl.vocabulary import LEVEL
from indicators.registry import BY_ID
from publish import figures
from publish import formatting as fmt
from publish.figures.scatter import plotted
from publish.views.kinds.scatter import CORRELATION_NOTE
from publish.views.registry import figure_of, gather, screen_of
from publish.views.request import ExportRequest, View

dash.register_page(
    __name__,
    path="/vergleich",
    name="Vergleich",
    order=4,
    title="Vergleich – Bildungsmonitor Herne",
    description="Zwei Indikatoren im Vergleich und Veränderungen zwischen zwei Jahren",
)

LEVELS = ("stadtbezirk", "ortsteil", "bezirk")
# The social lens by default: an outcome against the SGB-II rate of children (issue: "indicator
# vs. SGB-II rate"); without social-context data the UWE pair of the first version.
DEFAULT_X = ("social.sgb2_under15", "uwe.asset_adults")
DEFAULT_Y = "uwe.wellbeing_low"


def _pick(requested: str, choices: list[str], *defaults: str) -> str:
    if requested in choices:
        return requested
    return next((d for d in defaults if d in choices), choices[0] if choices else "")


def _year(requested: str, years: list[int], fallback: int | None) -> int | None:
    try:
        wanted = int(requested)
    except ValueError:
        wanted = None
    return wanted if wanted in years else fallback


def _label(first: str, second: str, joint: str) -> str:
    """The period of two indicators: "2019", or "2018/19 / 2019" where they differ."""
    return first if first == second else f"{first}{joint}{second}"


def _left_out(pair: pd.DataFrame) -> str:
    """Which units the scatter leaves out (withheld or without a value in either indicator)."""
    left_out = pair.drop(plotted(pair).index)
    if left_out.empty:
        return "Alle Einheiten sind dargestellt."
    return (
        f"Nicht dargestellt ({fmt.SUPPRESSED} gesperrt oder {fmt.MISSING} ohne Wert): "
        + ", ".join(left_out["name"])
    )


def _scatter_note(view: View) -> list[Any]:
    """The correlation with its caveat, then the units left out."""
    found = view.extra["correlation"]
    parts: list[Any] = []
    if found:
        parts += [html.Strong(found + ". "), CORRELATION_NOTE, html.Br()]
    return [*parts, _left_out(view.frame)]


def view(requested: CompareState) -> dict[str, Any] | None:
    source = data.current()
    indicators = [i for i in source.explorer_indicators() if not BY_ID[i].unit.is_date]
    if not indicators:
        return None
    level = requested.ebene if requested.ebene in LEVELS else "ortsteil"
    x = _pick(requested.x, indicators, *DEFAULT_X)
    y = _pick(requested.y, indicators, DEFAULT_Y)
    years_x = dict(source.years(x, level))
    years_y = dict(source.years(y, level))
    common = sorted(set(years_x) & set(years_y))
    year = _year(requested.jahr, common, common[-1] if common else None)
    plural = fmt.level_plural(level)
    # The views of the downloads beside the charts, from the view registry.
    if year is None:
        scatter = figures.empty(
            "Die beiden Indikatoren haben auf dieser Ebene kein gemeinsames Jahr.", height=420
        )
        note: Any = ""
    else:
        label = _label(years_x[year], years_y[year], " / ")
        pair = gather(
            source, ExportRequest("scatter", indicator=x, indicator_y=y, level=level, year=year)
        )
        scatter, _ = figure_of(pair, f"{BY_ID[y].title} und {BY_ID[x].title}: {plural} {label}")
        note = _scatter_note(pair)
    change_id = _pick(requested.indikator, indicators, x)
    change_years = source.years(change_id, level)
    labels = dict(change_years)
    listed = [y_ for y_, _ in change_years]
    first = _year(requested.von, listed, listed[0] if listed else None)
    second = _year(requested.bis, listed, listed[-1] if listed else None)
    indicator = BY_ID[change_id]
    if first is None or second is None:
        change_fig = figures.empty(height=300)
        change_table: Any = ""
    else:
        change = gather(
            source,
            ExportRequest("change", indicator=change_id, level=level, year_from=first, year=second),
        )
        change_fig, _ = figure_of(
            change,
            f"{indicator.title}: Veränderung {labels[first]} → {labels[second]}, {plural}",
        )
        change_rows, numeric = screen_of(change)
        change_table = table(
            change_rows,
            f"{indicator.title}, {plural}: {labels[first]} und {labels[second]}",
            numeric=numeric,
        )
    year_options = controls.options(
        [(str(y_), _label(years_x[y_], years_y[y_], " / ")) for y_ in common]
    )
    period_options = controls.options([(str(y_), p) for y_, p in change_years])
    state = CompareState(
        level,
        "" if year is None else str(year),
        x,
        y,
        change_id,
        "" if first is None else str(first),
        "" if second is None else str(second),
    )
    return {
        "search": to_search(state),
        "indicator_options": controls.options(
            [(i, fmt.indicator_label(BY_ID[i])) for i in indicators]
        ),
        "level": level,
        "x": x,
        "y": y,
        "year_options": year_options,
        "year": state.jahr,
        "scatter": scatter,
        "note": note,
        "indicator": change_id,
        "first_options": period_options,
        "first": state.von,
        "second_options": period_options,
        "second": state.bis,
        "change": change_fig,
        "change_table": change_table,
        "downloads": export_links(
            {
                "ebene": level,
                "jahr": state.jahr,
                "x": x,
                "y": y,
                "indikator": change_id,
                "von": state.von,
                "bis": state.bis,
            },
            [("zusammenhang", "Streudiagramm", True), ("veraenderung", "Veränderung", True)],
        ),
    }


def layout(**query: Any) -> html.Div:
    shown = view(from_params(CompareState, query))
    if shown is None:
        return html.Div(
            [
                shell.page_header("Vergleich"),
                dbc.Alert("Es sind noch keine Indikatoren berechnet.", color="warning"),
            ]
        )
    levels = controls.options([(lv, LEVEL[lv].title) for lv in LEVELS])
    return html.Div(
        [
            dcc.Location(id=ID.URL, refresh=False),
            dcc.Store(id=ID.RENDERED, data=shown["search"]),
            shell.page_header(
                "Vergleich",
                "Zwei Indikatoren über die Einheiten einer Raumebene, und die Veränderung eines "
                "Indikators zwischen zwei Jahren.",
            ),
            html.Div(shown["downloads"], id=ID.DOWNLOADS),
            html.Section(
                [
                    html.H2("Zwei Indikatoren im Vergleich", className="h5"),
                    dbc.Row(
                        [
                            dbc.Col(
                                controls.select(ID.LEVEL, "Raumebene", levels, shown["level"]),
                                lg=2,
                                md=4,
                            ),
                            dbc.Col(
                                controls.select(
                                    ID.X,
                                    "Indikator waagerecht (x)",
                                    shown["indicator_options"],
                                    shown["x"],
                                ),
                                lg=4,
                                md=8,
                            ),
                            dbc.Col(
                                controls.select(
                                    ID.Y,
                                    "Indikator senkrecht (y)",
                                    shown["indicator_options"],
                                    shown["y"],
                                ),
                                lg=4,
                                md=8,
                            ),
                            dbc.Col(
                                controls.select(
                                    ID.YEAR, "Jahr", shown["year_options"], shown["year"]
                                ),
                                lg=2,
                                md=4,
                            ),
                        ],
                        class_name="g-3 mb-2",
                    ),
                    graph(ID.SCATTER, "Streudiagramm zweier Indikatoren", shown["scatter"]),
                    html.P(shown["note"], id=ID.SCATTER_NOTE, className="small text-muted mt-1"),
                ],
                className="bimo-panel mb-3",
                **{"aria-label": "Zwei Indikatoren im Vergleich"},
            ),
            html.Section(
                [
                    html.H2("Veränderung zwischen zwei Jahren", className="h5"),
                    dbc.Row(
                        [
                            dbc.Col(
                                controls.select(
                                    ID.INDICATOR,
                                    "Indikator",
                                    shown["indicator_options"],
                                    shown["indicator"],
                                ),
                                lg=6,
                            ),
                            dbc.Col(
                                controls.select(
                                    ID.FIRST, "von", shown["first_options"], shown["first"]
                                ),
                                lg=3,
                                md=6,
                            ),
                            dbc.Col(
                                controls.select(
                                    ID.SECOND, "bis", shown["second_options"], shown["second"]
                                ),
                                lg=3,
                                md=6,
                            ),
                        ],
                        class_name="g-3 mb-2",
                    ),
                    html.P("Die Raumebene ist dieselbe wie oben.", className="small text-muted"),
                    dbc.Row(
                        [
                            dbc.Col(
                                graph(ID.CHANGE, "Veränderung je Einheit", shown["change"]), xl=7
                            ),
                            dbc.Col(html.Div(shown["change_table"], id=ID.CHANGE_TABLE), xl=5),
                        ],
                        class_name="g-3",
                    ),
                ],
                className="bimo-panel mb-3",
                **{"aria-label": "Veränderung zwischen zwei Jahren"},
            ),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    register_view(
        app,
        state_cls=CompareState,
        url_id=ID.URL,
        rendered_id=ID.RENDERED,
        controls={
            "ebene": ID.LEVEL,
            "jahr": ID.YEAR,
            "x": ID.X,
            "y": ID.Y,
            "indikator": ID.INDICATOR,
            "von": ID.FIRST,
            "bis": ID.SECOND,
        },
        outputs={
            "level": (ID.LEVEL, "value"),
            "x": (ID.X, "value"),
            "y": (ID.Y, "value"),
            "year_options": (ID.YEAR, "options"),
            "year": (ID.YEAR, "value"),
            "scatter": (ID.SCATTER, "figure"),
            "note": (ID.SCATTER_NOTE, "children"),
            "indicator": (ID.INDICATOR, "value"),
            "first_options": (ID.FIRST, "options"),
            "first": (ID.FIRST, "value"),
            "second_options": (ID.SECOND, "options"),
            "second": (ID.SECOND, "value"),
            "downloads": (ID.DOWNLOADS, "children"),
            "change": (ID.CHANGE, "figure"),
            "change_table": (ID.CHANGE_TABLE, "children"),
        },
        view=view,
    )
