"""Stadtteilprofil: one unit across all indicators (latest year each) against the city, so that
strengths and needs show at once; or two or three units side by side on one scale.
URL: ``/profil?ebene=ortsteil&einheit=11&bereich=&vergleich=11,12,21``.

The deviations are drawn as bars in HTML (``publish.figures.profile.deviation_groups``): the
words beside each bar are text for screen readers, a long label wraps instead of squeezing the
bars, the areas flow in two columns on a wide screen (the whole profile stays under about
1.500 px at 1.400 px wide), and on a phone each label stands above its bars. The download renders
the same rows as an image (``deviation_chart``).
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import data
from dashboard.components import controls, shell
from dashboard.components.downloads import export_links
from dashboard.components.lens import unit_lens
from dashboard.components.table import table
from dashboard.components.urlsync import register_view
from dashboard.ids import Profile as ID
from dashboard.urlstate import ProfileState, from_params, to_search
from etl.vocabulary import FAMILIES as ALL_FAMILIES
from etl.vocabulary import FAMILY, GOALS, LEVEL
from publish.figures.profile import (
    HINT,
    Bar,
    BarGroup,
    deviation_groups,
    has_numbers,
    nothing_to_compare,
)
from publish.views.registry import gather, screen_of
from publish.views.request import ExportRequest, View

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
MAX_OTHERS = 2  # units beside the chosen one in the comparison
# The headers of the profile table on screen, for a level without units.
EMPTY_COLUMNS = ("Bereich", "Indikator", "Jahr", "Wert", "Herne", "Differenz", "Bewertung")
SPOKEN = {"suppressed": " (gesperrt)", "missing": " (keine Daten)"}


# --- the bars ---------------------------------------------------------------------------------


def _bar(bar: Bar, name: str) -> html.Span:
    side = "left" if bar.share > 0 else "right"
    drawn = (
        html.Span(
            className=f"bimo-dev-bar bimo-dev-{bar.tone}",
            style={side: "50%", "width": f"{abs(bar.share) * 50:.1f}%"},
        )
        if bar.share
        else None
    )
    return html.Span(
        [
            html.Span(f"{name}: ", className="bimo-dev-unit"),
            html.Span(drawn, className="bimo-dev-track", **{"aria-hidden": "true"}),
            html.Span(
                [bar.text, html.Span(SPOKEN.get(bar.tone, ""), className="visually-hidden")],
                className=f"bimo-dev-value bimo-dev-text-{bar.tone}",
            ),
        ],
        className="bimo-dev-cell",
        title=bar.detail,
    )


def deviation_bars(groups: list[BarGroup], names: list[str]) -> html.Div:
    """The rows of the profile as bars: one column of bars per unit, favourable to the right.
    A group's year stands in its heading when all its rows share it."""
    compare = len(names) > 1
    sections = []
    for group in groups:
        periods = {row.period for row in group.rows}
        common = periods.pop() if len(periods) == 1 else ""
        head = (
            html.Div(
                [html.Span(name, className="bimo-dev-name") for name in names],
                className="bimo-dev-head",
                **{"aria-hidden": "true"},
            )
            if compare
            else None
        )
        rows = [
            html.Li(
                [
                    html.Span(
                        [
                            row.title,
                            None
                            if common
                            else html.Span(f" ({row.period})", className="text-muted"),
                        ],
                        className="bimo-dev-label",
                    ),
                    *[_bar(bar, name) for bar, name in zip(row.bars, names, strict=True)],
                ],
                className="bimo-dev-row",
                **{"data-indicator": row.indicator},
            )
            for row in group.rows
        ]
        sections.append(
            html.Section(
                [
                    html.H3(
                        [
                            group.title + (f" {common}" if common else ""),
                            html.Span(f" · {group.axis}", className="bimo-dev-axis"),
                        ],
                        className="h6 bimo-dev-title",
                    ),
                    head,
                    html.Ul(rows, className="list-unstyled mb-0"),
                ],
                className="bimo-dev-group",
            )
        )
    return html.Div(
        [
            html.P(HINT, className="bimo-dev-hint small mb-1", **{"aria-hidden": "true"}),
            html.Div(sections, className=f"bimo-dev bimo-dev-n{len(names)}"),
        ]
    )


def profile_panel(views: list[View]) -> list[Any]:
    """The bars of one or more units, or the message for a unit without a comparable value."""
    names = [view.extra["name"] for view in views]
    empty = [name for name, view in zip(names, views, strict=True) if not has_numbers(view.frame)]
    notes = [
        dbc.Alert(nothing_to_compare(name), color="secondary", class_name="mb-2") for name in empty
    ]
    if len(empty) == len(views):
        return notes
    groups = deviation_groups(
        [(name, view.frame) for name, view in zip(names, views, strict=True)],
        by_value=len(views) == 1,
    )
    return [*notes, deviation_bars(groups, names)]


# --- the page ---------------------------------------------------------------------------------


def _units(requested: ProfileState, numbers: list[str]) -> tuple[str, list[str]]:
    """The chosen unit and up to two others to compare (known units only, no repeats)."""
    wanted = [u for u in requested.vergleich if u in numbers]
    if requested.einheit in numbers:
        number = requested.einheit
    else:
        number = wanted[0] if wanted else (numbers[0] if numbers else "")
    others = list(dict.fromkeys(u for u in wanted if u != number))[:MAX_OTHERS]
    return number, others


def view(requested: ProfileState) -> dict[str, Any]:
    source = data.current()
    level = requested.ebene if requested.ebene in LEVELS else "ortsteil"
    units = source.level_units(level)
    numbers = list(units["number"])
    number, others = _units(requested, numbers)
    family = requested.bereich if requested.bereich in FAMILIES else ""
    name = source.unit_name(level, number) or ""
    where = f"{LEVEL[level].title} {name}"
    views = [
        gather(source, ExportRequest("profile", level=level, unit=n, family=family))
        for n in ([number, *others] if number else [])
    ]
    names = [v.extra["name"] for v in views]
    if others:
        heading = f"{' · '.join(names)}: Abweichungen von Herne insgesamt"
    else:
        heading = f"{where}: Abweichungen von Herne insgesamt"
    tables = []
    for shown in views:
        rows, numeric = screen_of(shown)
        caption = (
            f"{LEVEL[level].title} {shown.extra['name']}: alle Indikatoren im neuesten Jahr "
            "und der Wert für Herne"
        )
        # "bimo-scroll": on a phone the wide table scrolls in a region the keyboard reaches
        shown_table = table(rows, caption, numeric, class_name="bimo-scroll bimo-profile-table")
        if others:  # side by side: each unit's full table on request, the bars stay in view
            shown_table = html.Details(
                [html.Summary(f"Tabelle {shown.extra['name']}"), shown_table], className="mb-2"
            )
        tables.append(shown_table)
    if not views:
        tables = [
            table(
                pd.DataFrame(columns=list(EMPTY_COLUMNS)),
                f"{where}: alle Indikatoren",
                ["Wert", "Herne", "Differenz"],
            )
        ]
    choices = [(n, f"{n} {label}") for n, label in zip(units["number"], units["name"], strict=True)]
    return {
        "search": to_search(
            ProfileState(level, number, family, (number, *others) if others else ())
        ),
        "level": level,
        "unit_options": controls.options(choices),
        "unit": number,
        "compare_options": controls.options([c for c in choices if c[0] != number]),
        "compare": others,
        "family": family or ALL,
        "heading": heading,
        "lens": unit_lens(source, level, number) if number else [],
        "chart": profile_panel(views)
        if views
        else [dbc.Alert("Auf dieser Ebene gibt es keine Einheiten.", color="secondary")],
        "table": tables,
        "downloads": [
            export_links(
                {"ebene": level, "einheit": shown.request.unit, "bereich": family},
                [
                    (
                        "profil",
                        f"Profil {shown.extra['name']}" if others else "Stadtteilprofil",
                        True,
                    )
                ],
            )
            for shown in views
        ],
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
                "Herne insgesamt – oder zwei, drei nebeneinander. Balken nach rechts: günstiger "
                "als die Stadt (nach der Bewertungsrichtung des Indikators), nach links: "
                "ungünstiger; eine Differenz, die auf 0 rundet, heißt „wie Herne“.",
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
                        dbc.Col(
                            controls.checklist(
                                ID.COMPARE,
                                f"Daneben zeigen (bis zu {MAX_OTHERS} weitere Einheiten)",
                                shown["compare_options"],
                                shown["compare"],
                            ),
                            md=12,
                        ),
                    ],
                    class_name="g-3",
                ),
                className="bimo-panel mb-3",
                **{"aria-label": "Auswahl"},
            ),
            html.Div(shown["downloads"], id=ID.DOWNLOADS),
            html.P(shown["lens"], id=ID.LENS, className="small mb-2"),
            html.H2(shown["heading"], id=ID.HEADING, className="h5"),
            html.Div(
                shown["chart"],
                id=ID.CHART,
                className="bimo-panel mb-3",
                role="region",
                **{"aria-label": "Abweichungen von Herne"},
            ),
            html.Div(shown["table"], id=ID.TABLE),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    register_view(
        app,
        state_cls=ProfileState,
        url_id=ID.URL,
        rendered_id=ID.RENDERED,
        controls={
            "ebene": ID.LEVEL,
            "einheit": ID.UNIT,
            "bereich": ID.FAMILY,
            "vergleich": ID.COMPARE,
        },
        outputs={
            "level": (ID.LEVEL, "value"),
            "unit_options": (ID.UNIT, "options"),
            "unit": (ID.UNIT, "value"),
            "compare_options": (ID.COMPARE, "options"),
            "compare": (ID.COMPARE, "value"),
            "downloads": (ID.DOWNLOADS, "children"),
            "family": (ID.FAMILY, "value"),
            "heading": (ID.HEADING, "children"),
            "lens": (ID.LENS, "children"),
            "chart": (ID.CHART, "children"),
            "table": (ID.TABLE, "children"),
        },
        view=view,
    )
