"""Stadtteilprofil: one unit across all indicators (latest year each) against the city.
Request: level, unit (number), family (optional: kompik, uwe, parents, ssw)."""

from __future__ import annotations

from dataclasses import replace

import plotly.graph_objects as go

from etl.vocabulary import AREA_LEVELS, FAMILY
from indicators.registry import BY_ID
from publish import deviation, figures
from publish import formatting as fmt
from publish.read import ReadModel
from publish.text import source_line
from publish.views.common import HEIGHT, Screen, ViewKind, base, has_suppressed
from publish.views.request import ExportError, ExportRequest, View
from publish.views.table import Table, records, rounded, value_cell


def gather(data: ReadModel, request: ExportRequest) -> View:
    level = request.level
    if level not in AREA_LEVELS:
        raise ExportError("Profile gibt es für Stadtbezirke, Ortsteile und Bezirke.")
    number = request.unit or (request.units[0] if request.units else None)
    name = data.unit_name(level, number) if number else None
    if name is None:
        raise ExportError(
            f"Die Einheit {number!r} gibt es auf der Ebene {fmt.level_title(level)} nicht."
        )
    profile = data.profile(level, number)
    family = request.family
    if family:
        profile = profile[profile["family"] == family].reset_index(drop=True)
    return View(
        request=replace(request, unit=number),
        title=f"{fmt.level_title(level)} {name}: Abweichungen von Herne insgesamt"
        + (f" ({FAMILY[family].title if family in FAMILY else family})" if family else ""),
        unit="Differenz zu Herne (rechts günstiger, links ungünstiger)",
        source=source_line("alle Indikatoren des Bildungsmonitorings", data.is_synthetic()),
        frame=profile,
        extra={
            "name": name,
            "suppressed": has_suppressed(profile["suppressed"], profile["city_suppressed"]),
        },
        **base(data),
    )


def _verdict(row: dict) -> str:
    """The verdict as the chart words it (after rounding: "wie Herne" for a difference that
    rounds to zero)."""
    indicator = BY_ID[row["indicator"]]
    if row["suppressed"]:
        return fmt.suppressed_note()
    if not indicator.ratio:
        return "Summe, nicht vergleichbar"
    if row["better"] is None:
        return "keine Bewertung" if indicator.direction == "neutral" else fmt.MISSING
    return deviation.verdict(indicator, row["better"])


def table(view: View) -> Table:
    """One row per indicator: the unit's value, the city's, the difference and the verdict
    (on screen each row with its indicator's decimals and unit)."""
    rows, used, formats = [], [], []
    for row in records(view.frame):
        indicator = BY_ID[row["indicator"]]
        used.append(indicator)
        city = (
            fmt.SUPPRESSED if row["city_suppressed"] else rounded(row["city"], indicator.decimals)
        )
        diff = fmt.SUPPRESSED if row["suppressed"] else rounded(row["diff"], indicator.decimals)
        rows.append(
            [
                indicator.family.title if indicator.family else "",
                indicator.title,
                indicator.unit.label,
                row["period"] or "",
                value_cell(indicator, row),
                fmt.MISSING if city is None else city,
                fmt.MISSING if diff is None else diff,
                _verdict(row),
            ]
        )
        unit, decimals = indicator.unit, indicator.decimals
        formats.append(
            {
                "Wert": (decimals, unit.suffix),
                "Herne": (decimals, unit.suffix),
                "Differenz": (decimals, unit.difference_suffix),
            }
        )
    return Table(
        title=view.title,
        columns=[
            "Bereich",
            "Indikator",
            "Maßeinheit",
            "Jahr",
            "Wert",
            "Herne",
            "Differenz",
            "Bewertung",
        ],
        rows=rows,
        decimals={"Wert": 2, "Herne": 2, "Differenz": 2},
        indicators=used,
        metadata=[
            ("Einheit", view.extra["name"]),
            (
                "Bewertung",
                "günstiger/ungünstiger als Herne nach der Bewertungsrichtung des Indikators "
                "(ein höherer oder ein niedrigerer Wert ist günstiger); Summen (Stellen, Anzahl) "
                "werden nicht mit der Stadt verglichen.",
            ),
        ],
        signed=("Differenz",),
        row_formats=formats,
    )


def figure(view: View, title: str | None = None) -> tuple[go.Figure, int]:
    fig = figures.deviation_chart(view.frame, view.extra["name"], title)
    return fig, max(HEIGHT, int(fig.layout.height or HEIGHT) + 60)  # room for the image's header


KIND = ViewKind(
    "profile", "Stadtteilprofil", gather, table, figure, aliases=("profil",), by_level=True,
    stem_fields=("unit", "family"),
    screen=Screen(leave_out=("Maßeinheit",)),  # the cells say the unit ("53,2 %")
)  # fmt: skip
