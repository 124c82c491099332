"""Maßnahmen: the measures and projects of one goal, a table only. Request: goal (key),
period (None: the latest)."""

from __future__ import annotations

from publish.read import ReadModel
from publish.views.common import ViewKind, goal_metadata, goal_view
from publish.views.request import ExportRequest, View
from publish.views.table import Table


def gather(data: ReadModel, request: ExportRequest) -> View:
    return goal_view(data, request, "Maßnahmen und Projekte")


def table(view: View) -> Table:
    found = view.extra["detail"]
    rows = [
        [
            index,
            m.title,
            m.department,
            "ja" if m.inferred else "nein",
            m.note or "",
            m.description or "",
            m.status or "",
        ]
        for index, m in enumerate(found.measures, start=1)
    ]
    return Table(
        title=f"Handlungsziel {found.number} {found.title}: Maßnahmen und Projekte",
        columns=[
            "Nr.",
            "Maßnahme / Projekt",
            "Arbeitsbereich",
            "Arbeitsbereich erschlossen",
            "Begründung der Zuordnung",
            "Beschreibung",
            "Stand",
        ],
        rows=rows,
        decimals={"Nr.": 0},
        metadata=[
            *goal_metadata(view),
            (
                "Arbeitsbereich erschlossen",
                "ja: die Dokumentation nennt den Arbeitsbereich nicht ausdrücklich; die "
                "Zuordnung ist aus dem Text erschlossen (Begründung in der Spalte daneben).",
            ),
        ],
    )


KIND = ViewKind("measures", "Maßnahmen", gather, table, by_period=True)
