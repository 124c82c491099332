"""The registry of views: one entry per view kind, saying what it gathers (through the read
model), its figure, its table and its file name.

Every rendering goes through an entry: the page draws ``entry.figure(view)`` (with the page's own
title) and shows its table, the download route and the command line render the same view as an
image (``publish.render.images``), a spreadsheet (``publish.render.xlsx_csv``) or a slide
(``publish.pack``). A page never computes a view of its own, so a page and its download show the
same cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import plotly.graph_objects as go

from publish.read import ReadModel
from publish.views import charts, tables
from publish.views import gather as g
from publish.views.request import ExportError, ExportRequest, View, _ascii

Figure = Callable[..., tuple[go.Figure, int]]  # (view, title=None) -> (figure, image height)


@dataclass(frozen=True)
class ViewKind:
    key: str  # "ranking": the English key (code, CLI)
    title: str  # "Rangfolge": German name (messages, the page's ``art=`` parameter)
    gather: Callable[[ReadModel, ExportRequest], View]
    table: Callable[[View], tables.Table]
    figure: Figure | None = None  # None: a table only
    aliases: tuple[str, ...] = ()
    by_level: bool = False  # the level is part of the file name
    by_period: bool = False  # the goal period is part of the file name

    @property
    def file_name(self) -> str:
        """The start of every file name of this kind ("rangfolge", "veraenderung")."""
        return _ascii(self.title).lower()


VIEWS: dict[str, ViewKind] = {
    kind.key: kind
    for kind in (
        ViewKind(
            "map", "Karte", g.cells_view, tables.cells_table, charts.map_figure, by_level=True
        ),
        ViewKind(
            "ranking", "Rangfolge", g.cells_view, tables.cells_table, charts.ranking_figure,
            by_level=True,
        ),
        ViewKind(
            "units", "Einheiten", g.cells_view, tables.cells_table, charts.units_figure,
            aliases=("einheit",), by_level=True,
        ),
        ViewKind(
            "series", "Zeitverlauf", g.series_view, tables.series_table, charts.series_figure,
            by_level=True,
        ),
        ViewKind(
            "departments", "Arbeitsbereiche", g.goal_view, tables.departments_table,
            charts.departments_figure, by_period=True,
        ),
        ViewKind("measures", "Maßnahmen", g.goal_view, tables.measures_table, by_period=True),
        ViewKind(
            "goals", "Handlungsziele", g.goals_view, tables.goals_table, aliases=("ziele",),
            by_period=True,
        ),
        ViewKind(
            "profile", "Stadtteilprofil", g.profile_view, tables.profile_table,
            charts.profile_figure, aliases=("profil",), by_level=True,
        ),
        ViewKind(
            "change", "Veränderung", g.change_view, tables.change_table, charts.change_figure,
            by_level=True,
        ),
        ViewKind(
            "scatter", "Zusammenhang", g.scatter_view, tables.scatter_table,
            charts.scatter_figure, by_level=True,
        ),
    )
}  # fmt: skip
KINDS = {key: kind.title for key, kind in VIEWS.items()}  # key -> German name
CHART_KINDS = tuple(key for key, kind in VIEWS.items() if kind.figure is not None)
TABLE_KINDS = tuple(VIEWS)


def normalise_kind(kind: str) -> str:
    """Accept the English key, the German name ("Rangfolge", "zeitverlauf") or an alias."""
    wanted = kind.strip().casefold()
    for key, entry in VIEWS.items():
        names = (key, entry.title.casefold(), _ascii(entry.title).casefold(), *entry.aliases)
        if wanted in names:
            return key
    raise ExportError(f"Unbekannte Ansicht {kind!r}; möglich: " + ", ".join(KINDS.values()) + ".")


def gather(data: ReadModel, request: ExportRequest) -> View:
    """The data of the requested view, checked and completed (latest year where none given)."""
    request = replace(request, kind=normalise_kind(request.kind))
    return VIEWS[request.kind].gather(data, request)


def figure_of(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    """The figure of a view (``title`` inside it: the page's heading; None for an image, which
    gets its title from ``publish.render.images``) and its height as an image."""
    entry = VIEWS[view.request.kind]
    if entry.figure is None:
        raise ExportError(f"Für die Ansicht „{entry.title}“ gibt es nur eine Tabelle.")
    return entry.figure(view, title)


def table_of(view: View) -> tables.Table:
    """The table of a view with its metadata (the same cells its figure shows)."""
    table = VIEWS[view.request.kind].table(view)
    table.stem = view.stem
    table.source = view.source
    table.data_date = view.data_date
    table.metadata = tables.common_metadata(view, table) + table.metadata
    return table


def table_for(data: ReadModel, request: ExportRequest) -> tables.Table:
    """The table of a requested view."""
    return table_of(gather(data, request))
