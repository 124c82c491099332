"""Stadtteilprofil: one unit across all indicators (latest year each) against the city, so that
strengths and needs show at once. URL: ``/profil?ebene=ortsteil&einheit=11&bereich=``."""

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
from dashboard.components.lens import unit_lens
from dashboard.components.table import table
from dashboard.components.urlsync import register_view
from dashboard.ids import Profile as ID
from dashboard.urlstate import ProfileState, from_params, to_search
from etl.vocabulary import FAMILIES as ALL_FAMILIES
from etl.vocabulary import FAMILY, GOALS, LEVEL
from publish import figures
from publish.views.registry import figure_of, gather, screen_of
from publish.views.request import ExportRequest

dash.register_page(
    __name__,
    path="/profil",
    name="Stadtteilprofil",
    order=3,
    title="Stadtteilprofil – Bildungsmonitor Herne",
    description="Ein Stadtteil über alle Indikatoren im Vergleich mit der Stadt",
)

LEVELS = ("stadtbezirk", "ortsteil", "bezirk")
# Every family with values per area (the catalogue counts per goal are no area's property).
FAMILIES = tuple(family.prefix for family in ALL_FAMILIES if family is not GOALS)
ALL = "alle"
# The headers of the profile table on screen, for a level without units.
EMPTY_COLUMNS = ("Bereich", "Indikator", "Jahr", "Wert", "Herne", "Differenz", "Bewertung")


def view(requested: ProfileState) -> dict[str, Any]:
    source = data.current()
    level = requested.ebene if requested.ebene in LEVELS else "ortsteil"
    units = source.level_units(level)
    numbers = list(units["number"])
    number = requested.einheit if requested.einheit in numbers else (numbers[0] if numbers else "")
    family = requested.bereich if requested.bereich in FAMILIES else ""
    name = source.unit_name(level, number) or ""
    where = f"{LEVEL[level].title} {name}"
    heading = f"{where}: Abweichungen von Herne insgesamt"
    if number:  # the same view entry as the download beside the chart
        shown = gather(source, ExportRequest("profile", level=level, unit=number, family=family))
        chart, _ = figure_of(shown, heading)
        rows, numeric = screen_of(shown)
    else:
        chart = figures.deviation_chart(data.empty_profile(), name, heading)
        rows, numeric = pd.DataFrame(columns=list(EMPTY_COLUMNS)), ["Wert", "Herne", "Differenz"]
    return {
        "search": to_search(ProfileState(level, number, family)),
        "level": level,
        "unit_options": controls.options(
            [(n, f"{n} {label}") for n, label in zip(units["number"], units["name"], strict=True)]
        ),
        "unit": number,
        "family": family or ALL,
        "heading": heading,
        "lens": unit_lens(source, level, number) if number else [],
        "chart": chart,
        "table": table(
            rows, f"{where}: alle Indikatoren im neuesten Jahr und der Wert für Herne", numeric
        ),
        "downloads": export_links(
            {"ebene": level, "einheit": number, "bereich": family},
            [("profil", "Stadtteilprofil", True)],
        ),
    }


def layout(**query: Any) -> html.Div:
    shown = view(from_params(ProfileState, query))
    return html.Div(
        [
            dcc.Location(id=ID.URL, refresh=False),
            dcc.Store(id=ID.RENDERED, data=shown["search"]),
            shell.page_header(
                "Stadtteilprofil",
                "Ein Stadtteil über alle Indikatoren, je im neuesten Jahr, verglichen mit "
                "Herne insgesamt. Rechts der Mittellinie: günstiger als die Stadt (nach der "
                "Bewertungsrichtung des Indikators), links: ungünstiger.",
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
                                ID.UNIT, "Einheit", shown["unit_options"], shown["unit"]
                            ),
                            md=5,
                        ),
                        dbc.Col(
                            controls.select(
                                ID.FAMILY,
                                "Bereich",
                                controls.options(
                                    [(ALL, "alle Bereiche")]
                                    + [(f, FAMILY[f].title) for f in FAMILIES]
                                ),
                                shown["family"],
                            ),
                            md=4,
                        ),
                    ],
                    class_name="g-3",
                ),
                className="bimo-panel mb-3",
                **{"aria-label": "Auswahl"},
            ),
            html.Div(shown["downloads"], id=ID.DOWNLOADS),
            html.P(shown["lens"], id=ID.LENS, className="small mb-2"),
            graph(ID.CHART, "Abweichungen von Herne", shown["chart"], class_name="mb-3"),
            html.Div(shown["table"], id=ID.TABLE),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    register_view(
        app,
        state_cls=ProfileState,
        url_id=ID.URL,
        rendered_id=ID.RENDERED,
        controls={"ebene": ID.LEVEL, "einheit": ID.UNIT, "bereich": ID.FAMILY},
        outputs={
            "level": (ID.LEVEL, "value"),
            "unit_options": (ID.UNIT, "options"),
            "unit": (ID.UNIT, "value"),
            "downloads": (ID.DOWNLOADS, "children"),
            "family": (ID.FAMILY, "value"),
            "lens": (ID.LENS, "children"),
            "chart": (ID.CHART, "figure"),
            "table": (ID.TABLE, "children"),
        },
        view=view,
    )
