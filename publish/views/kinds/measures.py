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
            "Abfrage" if m.from_survey else "Dokumentation",
            "ja" if m.inferred else "nein",
            m.evidence or "",
            m.description or "",
            m.status or "",
            m.target_group or "",
            m.districts or "",
        ]
        for index, m in enumerate(found.measures, start=1)
    ]
    return Table(
        title=f"Handlungsziel {found.number} {found.title}: Maßnahmen und Projekte",
        columns=[
            "Nr.",
            "Maßnahme / Projekt",
            "Arbeitsbereich",
            "Quelle",
            "Arbeitsbereich erschlossen",
            "Beleg der Zuordnung",
            "Beschreibung",
            "Stand",
            "Zielgruppe",
            "Stadtteile",
        ],
        rows=rows,
        decimals={"Nr.": 0},
        metadata=[
            *goal_metadata(view),
            (
                "Quelle",
                "Abfrage: vom Arbeitsbereich in der Maßnahmen-Abfrage genannt; Dokumentation: "
                "aus den gedruckten Maßnahmen des Zielkatalogs übernommen.",
            ),
            (
                "Arbeitsbereich erschlossen",
                "ja: die Dokumentation nennt den Arbeitsbereich nicht ausdrücklich; die "
                "Zuordnung ist aus dem Text erschlossen oder fehlt („nicht zugeordnet“); der "
                "Beleg steht in der Spalte daneben.",
            ),
        ],
    )


KIND = ViewKind("measures", "Maßnahmen", gather, table, by_period=True)
