"""Stadtteile im Überblick: every unit of a level against Herne on the Leitindikatoren of the
goals (``publish.grid``), as a table of deviations in the favourable direction with the number
of goals on which a unit is less favourable. Request: level, period (None: the latest goal
period), year (None: each indicator's latest year on the level; else its latest year up to it).
A table only: the page colours its cells, the downloads carry the numbers."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from etl.vocabulary import AREA_LEVELS
from indicators.registry import BY_ID
from publish import formatting as fmt
from publish.grid import MIN_UNFAVOURABLE, Grid, district_grid
from publish.read import ReadModel
from publish.text import source_line
from publish.views.common import ViewKind, base, with_period
from publish.views.request import ExportError, ExportRequest, View
from publish.views.table import Table

COUNT = "ungünstiger bei … Zielen"
JUDGED = "bewertete Ziele"
FLAG = "mehrfach ungünstiger"
READING = (
    "Abweichung von Herne insgesamt in Richtung günstiger: positiv = günstiger als die Stadt, "
    "negativ = ungünstiger (nach der Bewertungsrichtung des Indikators; Anteile in "
    "Prozentpunkten). Verglichen werden nur veröffentlichte Werte."
)
FLAG_RULE = (
    f"„{FLAG}“: bei mindestens {MIN_UNFAVOURABLE} Handlungszielen in einer ungünstigeren "
    "Farbklasse als „etwa wie Herne“ (unter 2 Pp. Abstand; Mittelwerte 0,1 Punkte, andere "
    "Einheiten 10 % des Herner Werts)."
)


def year_note(year: int | None) -> str:
    if year is None:
        return "je Indikator das neueste Jahr (in der Spaltenüberschrift)"
    return f"je Indikator das neueste Jahr bis {year} (in der Spaltenüberschrift)"


def gather(data: ReadModel, request: ExportRequest) -> View:
    level = request.level
    if level not in AREA_LEVELS:
        raise ExportError("Die Übersicht der Stadtteile gibt es für Stadtbezirke, Ortsteile und "
                          "Bezirke.")  # fmt: skip
    request = with_period(data, request)
    if request.period not in data.periods():
        raise ExportError(
            f"Die Zielperiode {request.period!r} gibt es nicht; vorhanden: "
            + ", ".join(data.periods())
            + "."
        )
    goals = data.goals(request.period)
    leads = [(g.number, BY_ID[g.headline]) for g in goals if g.headline in BY_ID]
    grid = district_grid(
        level,
        data.level_units(level),
        data.totals(level),
        data.totals("stadt"),
        leads,
        request.year,
    )
    if not grid.columns:
        raise ExportError(
            f"Für die {fmt.level_plural(level)} gibt es "
            + (f"bis {request.year} " if request.year else "")
            + f"keinen Leitindikator der Handlungsziele {request.period} mit Werten."
        )
    without = [g.number for g in goals if g.headline not in BY_ID]
    if without:
        grid = replace(
            grid,
            left_out=(
                *grid.left_out,
                "Ziel " + ", ".join(map(str, without)) + ": noch kein Indikator mit Werten",
            ),
        )
    suffix = f", Stand {request.year}" if request.year else ""
    frame = pd.DataFrame(
        {
            "number": [r.number for r in grid.rows],
            "name": [r.name for r in grid.rows],
            "unfavourable": [r.unfavourable for r in grid.rows],
        }
    )
    return View(
        request=request,
        title=(
            f"Stadtteile im Überblick – {fmt.level_plural(level)} gegenüber Herne: "
            f"Leitindikatoren der Handlungsziele {request.period}{suffix}"
        ),
        unit="Abweichung von Herne in Richtung günstiger (positiv = günstiger)",
        source=source_line(
            "; ".join(dict.fromkeys(c.indicator.source for c in grid.columns)),
            data.is_synthetic(),
        ),
        frame=frame,
        extra={"grid": grid, "suppressed": grid.suppressed},
        **base(data),
    )


def table(view: View) -> Table:
    """One row per unit: its deviation on each goal's Leitindikator ("•" where the unit's or
    the city's value is withheld), the count of goals where it is less favourable, the goals
    judged and the flag."""
    grid: Grid = view.extra["grid"]
    labels = [c.label for c in grid.columns]
    rows = [
        [
            row.number,
            row.name,
            *[cell.text if cell.value is None else cell.value for cell in row.cells],
            row.unfavourable,
            row.judged,
            "ja" if row.flagged else "nein",
        ]
        for row in grid.rows
    ]
    metadata = [
        ("Raumebene", fmt.level_title(grid.level)),
        ("Zielperiode", view.request.period or ""),
        ("Jahr", year_note(view.request.year)),
        ("Lesart", READING),
        ("Markierung", FLAG_RULE),
    ]
    if grid.left_out:
        metadata.append(("Nicht enthalten", "; ".join(grid.left_out)))
    return Table(
        title=view.title,
        columns=["Nr.", "Einheit", *labels, COUNT, JUDGED, FLAG],
        rows=rows,
        decimals={
            **{c.label: c.indicator.decimals for c in grid.columns},
            COUNT: 0,
            JUDGED: 0,
        },
        indicators=[c.indicator for c in grid.columns],
        metadata=metadata,
        suffixes={c.label: c.indicator.unit.difference_suffix for c in grid.columns},
        signed=tuple(labels),
    )


KIND = ViewKind(
    "heatmap", "Stadtteile im Überblick", gather, table,
    aliases=("stadtteile", "stadtteiluebersicht", "uebersicht-stadtteile"),
    by_level=True, by_period=True,
)  # fmt: skip
