"""Stadtteile im Überblick: every unit of a level against Herne on the goals' Leitindikatoren,
as a table with coloured cells (the view ``heatmap`` of ``publish.views``: the same cells as its
Excel/CSV download). Each cell opens that indicator, level, year and unit in the explorer.
URL: ``/stadtteile?ebene=ortsteil&periode=2018-2022&jahr=&sortierung=unguenstig``
(``jahr`` empty: each indicator's latest year; ``sortierung``: nummer, name, ungünstig or an
indicator id).

A table rather than a plotly heatmap: colour and signed text in every cell, real header cells
for screen readers, and links a keyboard reaches; on a phone it scrolls inside its own region
with the unit's name kept in view.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import data
from dashboard.components import controls, shell
from dashboard.components.downloads import export_links
from dashboard.components.urlsync import register_view
from dashboard.ids import Districts as ID
from dashboard.urlstate import DistrictsState, from_params, to_search
from etl.vocabulary import LEVEL
from publish import deviation
from publish.figures import heat
from publish.grid import DEFAULT_SORT, MIN_UNFAVOURABLE, Grid, GridRow, sort_keys, sorted_rows
from publish.read import ReadModel
from publish.views.kinds.heatmap import FLAG, year_note
from publish.views.registry import gather
from publish.views.request import ExportError, ExportRequest

dash.register_page(
    __name__,
    path="/stadtteile",
    name="Stadtteile",
    order=0.5,  # right after the Übersicht
    title="Stadtteile im Überblick – Bildungsmonitor Herne",
    description="Alle Stadtteile gegenüber Herne bei den Leitindikatoren der Handlungsziele",
)

LEVELS = ("ortsteil", "stadtbezirk")
LATEST = "neueste"  # the year control's value for "each indicator's latest year"
PATH = "/stadtteile"


def _search(state: DistrictsState, **change: str) -> str:
    params = {**state.__dict__, **change}
    return f"{PATH}?{urlencode(params)}"


def explorer_href(indicator: str, level: str, year: int, unit: str) -> str:
    query = urlencode({"indikator": indicator, "ebene": level, "jahr": year, "einheiten": unit})
    return f"/indikatoren?{query}"


def _sort_header(label: Any, key: str, state: DistrictsState, css: str = "") -> html.Th:
    """A column header that sorts by itself (a link: the order lives in the URL)."""
    active = state.sortierung == key
    mark, hidden = (" ▼" if active else ""), {"aria-hidden": "true"}
    return html.Th(
        dcc.Link(
            [*(label if isinstance(label, list) else [label]), html.Span(mark, **hidden)],
            href=_search(state, sortierung=key),
            title="Nach dieser Spalte sortieren",
        ),
        scope="col",
        className=css or None,
        **({"aria-sort": "descending" if key == "unguenstig" else "ascending"} if active else {}),
    )


def _cell(grid: Grid, index: int, row: GridRow) -> html.Td:
    column, cell = grid.columns[index], row.cells[index]
    tone = heat.colours(cell.tone, cell.state == "suppressed")
    words = {"better": deviation.BETTER, "worse": deviation.WORSE, "same": deviation.SAME}
    spoken = words.get(cell.state, "gesperrt" if cell.state == "suppressed" else "keine Daten")
    return html.Td(
        dcc.Link(
            [cell.text, html.Span(f" {spoken}, im Explorer öffnen", className="visually-hidden")],
            href=explorer_href(column.indicator.id, grid.level, column.year, row.number),
            title=f"{column.goal_label} · {column.indicator.title} {column.period} – "
            f"{cell.note}. Klick: im Explorer öffnen",
        ),
        className="bimo-heat-cell",
        style={"backgroundColor": tone.fill, "color": tone.text},
    )


def heat_table(grid: Grid, state: DistrictsState, caption: str) -> html.Div:
    head = html.Tr(
        [
            _sort_header("Einheit", "name", state, "bimo-heat-name"),
            *[
                _sort_header(
                    [
                        html.Span(c.goal_label, className="bimo-heat-goal"),
                        html.Span(c.indicator.title, className="bimo-heat-title"),
                        html.Span(c.period, className="bimo-heat-year"),
                    ],
                    c.indicator.id,
                    state,
                )
                for c in grid.columns
            ],
            _sort_header("ungünstiger bei … Zielen", "unguenstig", state),
        ]
    )
    body = []
    for row in sorted_rows(grid, state.sortierung):
        name: list[Any] = [
            dcc.Link(row.name, href=f"/profil?ebene={grid.level}&einheit={row.number}"),
        ]
        if row.flagged:
            name.append(html.Span(FLAG, className="badge bimo-heat-flag"))
        body.append(
            html.Tr(
                [
                    html.Th(name, scope="row", className="bimo-heat-name"),
                    *[_cell(grid, i, row) for i in range(len(grid.columns))],
                    html.Td(row.count_text(), className="text-end text-nowrap"),
                ],
                className="bimo-heat-flagged" if row.flagged else None,
            )
        )
    return html.Div(
        html.Table(
            [html.Caption(caption), html.Thead(head), html.Tbody(body)],
            className="table table-sm caption-top bimo-table bimo-heat mb-0",
        ),
        className="table-responsive bimo-heat-wrap",
        tabIndex="0",
        role="region",
        **{"aria-label": caption},
    )


def legend() -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    html.Span(
                        className="bimo-heat-swatch",
                        style={"backgroundColor": tone.fill},
                        **{"aria-hidden": "true"},
                    ),
                    tone.label,
                ]
            )
            for tone in heat.legend()
        ],
        className="bimo-heat-legend list-inline small mb-2",
        **{"aria-label": "Farblegende"},
    )


def notes(grid: Grid, year: int | None) -> list[Any]:
    found: list[Any] = [
        html.P(
            [
                "Jede Zelle: Abweichung von Herne insgesamt in Richtung günstiger – positiv "
                "(lila) = günstiger als die Stadt, negativ (orange) = ungünstiger, nach der "
                "Bewertungsrichtung des Indikators; Anteile in Prozentpunkten (Pp.). ",
                html.Strong("•"),
                " = Wert der Einheit oder der Stadt gesperrt, – = keine Daten. Jahr: ",
                year_note(year),
                ". Farbklassen wie in der Karte der Indikatoren-Seite: „etwa wie Herne“ unter "
                "2 Pp. Abstand, „deutlich“ ab 5 Pp. (Mittelwerte 0,1/0,25 Punkte, andere "
                "Einheiten 10/25 % des Herner Werts).",
            ],
            className="small mb-1",
        ),
        html.P(
            f"„{FLAG}“: bei mindestens {MIN_UNFAVOURABLE} Handlungszielen in einer "
            "ungünstigeren Farbklasse als „etwa wie Herne“ (nur veröffentlichte Werte). "
            "Klick auf eine Zelle: dieser Indikator im Explorer mit der Einheit "
            "hervorgehoben; Klick auf den Namen: das Stadtteilprofil.",
            className="small mb-1",
        ),
    ]
    if grid.left_out:
        found.append(
            html.Details(
                [
                    html.Summary("Nicht enthaltene Ziele", className="small"),
                    html.Ul([html.Li(text) for text in grid.left_out], className="small mb-1"),
                ],
                className="mb-2",
            )
        )
    return found


def view(requested: DistrictsState) -> dict[str, Any]:
    source = data.current()
    level = requested.ebene if requested.ebene in LEVELS else "ortsteil"
    periods = source.periods()
    period = requested.periode if requested.periode in periods else (periods[-1] if periods else "")
    years = _years(source, period, level)
    wanted = requested.jahr[:4]
    year = int(wanted) if wanted.isdigit() and int(wanted) in years else None
    request = ExportRequest("heatmap", level=level, period=period or None, year=year)
    try:
        shown = gather(source, request)
    except ExportError as error:
        grid, message = None, str(error)
    else:
        grid, message = shown.extra["grid"], ""
    keys = sort_keys(grid) if grid else dict.fromkeys([DEFAULT_SORT], "Nummer")
    sort = requested.sortierung if requested.sortierung in keys else DEFAULT_SORT
    state = DistrictsState(level, period, str(year) if year else "", sort)
    where = LEVEL[level].plural
    caption = f"{where} gegenüber Herne: Leitindikatoren der Handlungsziele {period}" + (
        f", Stand {year}" if year else ""
    )
    return {
        "search": to_search(state),
        "level": level,
        "period_options": controls.options([(p, f"Zielperiode {p}") for p in periods]),
        "period": period,
        "year_options": controls.options(
            [(LATEST, "neuestes je Indikator")] + [(str(y), str(y)) for y in sorted(years)]
        ),
        "year": str(year) if year else LATEST,
        "sort_options": controls.options(list(keys.items())),
        "sort": sort,
        "grid": heat_table(grid, state, caption)
        if grid
        else dbc.Alert(message or "Keine Daten.", color="secondary"),
        "notes": [legend(), *notes(grid, year)] if grid else [],
        "downloads": export_links(
            {"ebene": level, "periode": period, "jahr": year},
            [("stadtteile", "Stadtteile im Überblick", False)],
        )
        if grid
        else [],
    }


def _years(source: ReadModel, period: str, level: str) -> set[int]:
    """The years any goal's Leitindikator has values on ``level``."""
    found: set[int] = set()
    for goal in source.goals(period) if period else []:
        if goal.headline:
            found |= {y for y, _ in source.years(goal.headline, level)}
    return found


def layout(**query: Any) -> html.Div:
    shown = view(from_params(DistrictsState, query))
    return html.Div(
        [
            dcc.Location(id=ID.URL, refresh=False),
            dcc.Store(id=ID.RENDERED, data=shown["search"]),
            shell.page_header(
                "Stadtteile im Überblick",
                "Alle Stadtteile einer Ebene gegenüber Herne bei den Leitindikatoren der "
                "Handlungsziele: wo eine Einheit günstiger oder ungünstiger liegt als die Stadt, "
                "und wo sie bei mehreren Zielen zurückliegt.",
            ),
            html.Section(
                dbc.Row(
                    [
                        dbc.Col(
                            controls.select(
                                ID.LEVEL,
                                "Raumebene",
                                controls.options([(lv, LEVEL[lv].title) for lv in LEVELS]),
                                shown["level"],
                            ),
                            md=3,
                        ),
                        dbc.Col(
                            controls.select(
                                ID.PERIOD, "Zielperiode", shown["period_options"], shown["period"]
                            ),
                            md=3,
                        ),
                        dbc.Col(
                            controls.select(ID.YEAR, "Jahr", shown["year_options"], shown["year"]),
                            md=3,
                        ),
                        dbc.Col(
                            controls.select(
                                ID.SORT, "Sortierung", shown["sort_options"], shown["sort"]
                            ),
                            md=3,
                        ),
                    ],
                    class_name="g-3",
                ),
                className="bimo-panel mb-3",
                **{"aria-label": "Auswahl"},
            ),
            html.Div(shown["downloads"], id=ID.DOWNLOADS),
            html.Div(shown["grid"], id=ID.GRID, className="mb-2"),
            html.Div(shown["notes"], id=ID.NOTES),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    register_view(
        app,
        state_cls=DistrictsState,
        url_id=ID.URL,
        rendered_id=ID.RENDERED,
        controls={
            "ebene": ID.LEVEL,
            "periode": ID.PERIOD,
            "jahr": ID.YEAR,
            "sortierung": ID.SORT,
        },
        outputs={
            "level": (ID.LEVEL, "value"),
            "period_options": (ID.PERIOD, "options"),
            "period": (ID.PERIOD, "value"),
            "year_options": (ID.YEAR, "options"),
            "year": (ID.YEAR, "value"),
            "sort_options": (ID.SORT, "options"),
            "sort": (ID.SORT, "value"),
            "grid": (ID.GRID, "children"),
            "notes": (ID.NOTES, "children"),
            "downloads": (ID.DOWNLOADS, "children"),
        },
        view=view,
    )
