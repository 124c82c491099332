"""Arbeitsbereiche: how often the departments are named by the measures of one goal.
Request: goal (key), period (None: the latest)."""

from __future__ import annotations

import plotly.graph_objects as go

from indicators.registry import BY_ID
from publish import figures
from publish.read import ReadModel
from publish.views.common import ViewKind, goal_metadata, goal_view
from publish.views.request import ExportRequest, View
from publish.views.table import Table, records, rounded


def gather(data: ReadModel, request: ExportRequest) -> View:
    return goal_view(data, request, "Nennungen von Maßnahmen")


def table(view: View) -> Table:
    found = view.extra["detail"]
    rows = [[str(r["department"]), rounded(r["count"], 0)] for r in records(found.departments)]
    return Table(
        title=view.title,
        columns=["Arbeitsbereich", "Nennungen"],
        rows=rows,
        decimals={"Nennungen": 0},
        indicators=[BY_ID["goals.measures"]],
        metadata=goal_metadata(view),
    )


def figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    fig = figures.department_bars(view.frame, title)
    return fig, max(420, 200 + 40 * len(view.frame))


KIND = ViewKind("departments", "Arbeitsbereiche", gather, table, figure, by_period=True)
