"""Handlungsziele: every goal of a period with the counts of its measures, challenges and
feedback, a table only. Request: period (None: the latest)."""

from __future__ import annotations

from indicators.registry import BY_ID
from publish.read import ReadModel
from publish.views.common import ViewKind, base, catalogue_line, with_period
from publish.views.request import ExportError, ExportRequest, View
from publish.views.table import Table


def gather(data: ReadModel, request: ExportRequest) -> View:
    request = with_period(data, request)
    goals = data.goals(request.period)
    if not goals:
        raise ExportError(
            f"Für die Zielperiode {request.period} sind keine Handlungsziele erfasst."
        )
    details = [data.goal(request.period, g.key) for g in goals]
    return View(
        request=request,
        title=f"Handlungsziele {request.period}: Maßnahmen, Herausforderungen und Rückmeldungen",
        unit="Anzahl",
        source=catalogue_line(data, request.period),
        extra={"details": [d for d in details if d is not None], "suppressed": False},
        **base(data),
    )


COUNTS = [
    "Maßnahmen",
    "Arbeitsbereiche",
    "Herausforderungen",
    "Rückmeldungen beibehalten",
    "Rückmeldungen beibehalten, mit Änderungswunsch",
    "Rückmeldungen anpassen",
]


def table(view: View) -> Table:
    rows = [
        [
            found.number,
            found.title,
            found.statement,
            len(found.measures),
            len({m.department for m in found.measures}),
            len(found.challenges),
            len(found.supporting_keep),
            len(found.keep) - len(found.supporting_keep),
            len(found.adapt),
            BY_ID[found.lead].title if found.lead else "",
            "; ".join(found.gap_texts()),
        ]
        for found in view.extra["details"]
    ]
    return Table(
        title=view.title,
        columns=[
            "Nr.",
            "Handlungsziel",
            "Zielformulierung",
            *COUNTS,
            "Leitindikator",
            "Datenlücken",
        ],
        rows=rows,
        decimals={"Nr.": 0, **dict.fromkeys(COUNTS, 0)},
        metadata=[
            ("Zielperiode", view.request.period),
            (
                "Rückmeldungen",
                "Unterpunkte zählen mit ihrer Rückmeldung als eine; „mit Änderungswunsch“: in "
                "der Spalte „kann unverändert bleiben“ notiert, verlangt aber eine Änderung.",
            ),
        ],
    )


KIND = ViewKind("goals", "Handlungsziele", gather, table, aliases=("ziele",), by_period=True)
