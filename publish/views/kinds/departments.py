"""Arbeitsbereiche: the measures of one goal per department, Nennungen of the Maßnahmen-Abfrage
apart from counts reconstructed from the printed catalogue. Request: goal (key), period (None:
the latest)."""

from __future__ import annotations

from dataclasses import replace

import plotly.graph_objects as go

from indicators.registry import BY_ID
from publish import figures
from publish.read import GoalDetail, ReadModel
from publish.views.common import ViewKind, goal_metadata, goal_view
from publish.views.request import ExportRequest, View
from publish.views.table import Table, records, rounded

SURVEY_ONLY = "Nennungen von Maßnahmen"
RECONSTRUCTED = "Maßnahmen (rekonstruiert)"
MIXED = "Maßnahmen (Nennungen und rekonstruiert)"
RECONSTRUCTED_NOTE = figures.RECONSTRUCTED_NOTE


def what_is_counted(found: GoalDetail) -> str:
    """The title's words: "Nennungen" only where every count is one."""
    if found.reconstructed:
        return MIXED if found.from_survey else RECONSTRUCTED
    return SURVEY_ONLY


def gather(data: ReadModel, request: ExportRequest) -> View:
    view = goal_view(data, request, SURVEY_ONLY)
    words = what_is_counted(view.extra["detail"])
    return replace(view, title=view.title.replace(SURVEY_ONLY, words))


def note(view: View) -> str:
    """Under the chart image: what a reconstructed count is (nothing when all are Nennungen)."""
    return RECONSTRUCTED_NOTE if view.extra["detail"].reconstructed else ""


def table(view: View) -> Table:
    found = view.extra["detail"]
    rows = [
        [
            str(r["department"]),
            rounded(r["count"], 0),
            rounded(r["from_survey"], 0),
            rounded(r["reconstructed"], 0),
        ]
        for r in records(found.departments)
    ]
    metadata = goal_metadata(view)
    if found.reconstructed:
        metadata.append(("Rekonstruiert", RECONSTRUCTED_NOTE))
    return Table(
        title=view.title,
        columns=["Arbeitsbereich", "Maßnahmen", "Nennungen (Abfrage)", "rekonstruiert"],
        rows=rows,
        decimals=dict.fromkeys(("Maßnahmen", "Nennungen (Abfrage)", "rekonstruiert"), 0),
        indicators=[BY_ID["goals.measures"]],
        metadata=metadata,
    )


def figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    fig = figures.department_bars(view.frame, title)
    return fig, max(420, 230 + 40 * len(view.frame))


KIND = ViewKind("departments", "Arbeitsbereiche", gather, table, figure, by_period=True, note=note)
