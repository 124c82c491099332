"""The registry of views: it collects the view kinds, one module each in ``publish.views.kinds``
(found by itself: every module there declares ``KIND = ViewKind(...)`` with its gather, table
and figure functions beside it; ``publish.views.common`` holds what they share).

Every rendering goes through a kind: the page draws ``figure_of(view, title)`` and shows
``screen_of(view)`` (the view's table as German text), the download route and the command line
render the same view as an image (``publish.render.images``), a spreadsheet
(``publish.render.xlsx_csv``) or a slide (``publish.pack``). A page never computes a view or a
table of its own, so a page and its download show the same cells.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from publish.read import ReadModel
from publish.views import kinds
from publish.views.common import ViewKind
from publish.views.request import ExportError, ExportRequest, View, _ascii
from publish.views.table import Table, common_metadata


def _collect() -> dict[str, ViewKind]:
    found: dict[str, ViewKind] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(kinds.__path__)):
        kind = importlib.import_module(f"{kinds.__name__}.{module}").KIND
        if kind.key in found:
            raise RuntimeError(f"Two view kinds with the key {kind.key!r}.")
        found[kind.key] = kind
    return found


VIEWS: dict[str, ViewKind] = _collect()
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
    raise ExportError(
        f"Unbekannte Ansicht {kind!r}; möglich: " + ", ".join(sorted(KINDS.values())) + "."
    )


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


def unit_line(view: View) -> str:
    """The unit line of an image: the view's unit and the kind's note, if any."""
    note = VIEWS[view.request.kind].note
    extra = note(view) if note else ""
    return f"{view.unit} · {extra}" if extra else view.unit


def table_of(view: View) -> Table:
    """The table of a view with its metadata (the same cells its figure shows)."""
    table = VIEWS[view.request.kind].table(view)
    table.stem = view.stem
    table.source = view.source
    table.data_date = view.data_date
    table.metadata = common_metadata(view, table) + table.metadata
    return table


def table_for(data: ReadModel, request: ExportRequest) -> Table:
    """The table of a requested view."""
    return table_of(gather(data, request))


def screen_of(view: View) -> tuple[pd.DataFrame, list[str]]:
    """The table of a view as German text for a page, as its kind's ``screen`` says (columns
    left out or named shorter), and the names of its numeric columns."""
    return VIEWS[view.request.kind].screen.frame(table_of(view))
