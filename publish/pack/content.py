"""What the meeting pack shows (:func:`pack_content`), checked, and its charts as images: each
an export of ``publish.render.images`` (title, unit, source, data date and suppression note inside
the image), rendered once per data version and reused, so the PDF after the PPTX costs no
rendering."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from etl.vocabulary import AREA_LEVELS
from indicators.registry import BY_ID
from publish import formatting as fmt
from publish.read import GoalDetail, ReadModel
from publish.read.targets import LinkStatus
from publish.render.images import IMAGES, Chart, chart_from_view
from publish.text import catalogue_citation, data_date
from publish.views.registry import gather
from publish.views.request import ExportError, ExportRequest

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (goals done, goals in total, title of the goal)

PACK_TITLE = "Lenkungskreis Bildungsmonitoring"
MAX_KEY_INDICATORS = 2
PX_PER_INCH = 96  # CSS pixels: a chart's 13 px text is 9.75 pt on the slide, as on screen
IMAGE_SCALE = 2.5  # about 240 dpi on the slide
FEEDBACK_SIZE = 12.0  # pt: the feedback boxes take the height they need at this size
KEEP_HEADING = "Das Handlungsziel kann unverändert bleiben, weil …"
ADAPT_HEADING = "Das Handlungsziel muss angepasst werden, weil …"
NO_COMMENTS = "keine Anmerkungen"
INFERRED_NOTE = "* Arbeitsbereich aus dem Text der Dokumentation erschlossen"


# --- content ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalContent:
    detail: GoalDetail
    departments: ExportRequest  # the chart of measures by department
    indicators: tuple[ExportRequest, ...]  # key indicators (kind "units"), up to two
    statuses: tuple[LinkStatus, ...] = ()  # linked indicators with a target, lead first


@dataclass(frozen=True)
class PackContent:
    period: str
    meeting_date: dt.date
    data_date: dt.date
    synthetic: bool
    source: str | None  # where the period's catalogue comes from (stored with the period)
    citation: str  # how the slides cite the period's catalogue (stored with the period)
    level: str  # level of the key indicators
    unit: str | None  # highlighted unit's number
    unit_label: str | None  # e.g. "Ortsteil Wanne"
    goals: tuple[GoalContent, ...]


def pack_content(
    data: ReadModel,
    period: str | None = None,
    goals: list[str] | None = None,
    unit: str | None = None,
    *,
    level: str = "ortsteil",
    meeting_date: dt.date | None = None,
) -> PackContent:
    """What the pack shows, checked: unknown goals or units are an ExportError. ``period``:
    default the latest goal period in the database."""
    period = period or data.latest_period()
    if period is None:
        raise ExportError("In der Datenbank ist keine Zielperiode erfasst.")
    known = data.goals(period)
    if not known:
        periods = ", ".join(data.periods()) or "keine"
        raise ExportError(
            f"Keine Handlungsziele für die Zielperiode {period}; vorhanden: {periods}."
        )
    by_key = {g.key: g for g in known}
    if goals:
        unknown = [g for g in goals if g not in by_key]
        if unknown:
            raise ExportError(
                "Unbekannte Handlungsziele: "
                + ", ".join(unknown)
                + ". Vorhanden: "
                + ", ".join(by_key)
                + "."
            )
        chosen = [by_key[g] for g in dict.fromkeys(goals)]
    else:
        chosen = known
    number = None
    unit_label = None
    if unit:
        level, _, number = unit.partition(":")
        if level not in AREA_LEVELS or not number:
            raise ExportError(
                f"Einheit {unit!r}: erwartet z. B. „ortsteil:11“ (Ebene stadtbezirk, ortsteil "
                "oder bezirk und Nummer)."
            )
        name = data.unit_name(level, number)
        if name is None:
            raise ExportError(f"Die Einheit {unit!r} gibt es nicht.")
        unit_label = f"{fmt.level_title(level)} {name}"
    if level not in AREA_LEVELS:
        raise ExportError(f"Unbekannte Raumebene {level!r}.")
    contents = []
    for goal in chosen:
        detail = data.goal(period, goal.key)
        if detail is None:  # pragma: no cover - goals() and goal() read the same tables
            continue
        keys = key_indicators(data, detail, level)
        contents.append(
            GoalContent(
                detail=detail,
                departments=ExportRequest("departments", goal=goal.key, period=period),
                indicators=tuple(
                    ExportRequest(
                        "units",
                        indicator=indicator,
                        level=lv,
                        unit=number if lv == level else None,
                    )
                    for indicator, lv in keys
                ),
                statuses=tuple(data.goal_statuses(period, goal.key)),
            )
        )
    return PackContent(
        period=period,
        meeting_date=meeting_date or dt.date.today(),
        data_date=data_date(data),
        synthetic=data.is_synthetic(),
        source=data.period_source(period),
        citation=catalogue_citation(data, period),
        level=level,
        unit=number,
        unit_label=unit_label,
        goals=tuple(contents),
    )


def key_indicators(data: ReadModel, detail: GoalDetail, level: str) -> list[tuple[str, str]]:
    """Up to two (indicator, level) with values for a goal: its key indicators first (the
    Leitindikator leading; links of the goal period), then its other linked indicators; a level
    without values falls back to the Stadtbezirke."""
    ordered = detail.key_indicators
    ordered += [i for i in detail.indicators if i not in ordered]
    found = []
    for indicator in ordered:
        if BY_ID[indicator].unit.is_date:
            continue
        for candidate in (level, "stadtbezirk"):
            if data.years(indicator, candidate):
                found.append((indicator, candidate))
                break
        if len(found) == MAX_KEY_INDICATORS:
            break
    return found


# --- charts as images -------------------------------------------------------------------------


def chart_image(
    data: ReadModel,
    request: ExportRequest,
    w: float,
    h: float,
    *,
    title: str | None = None,
    compact: bool = False,
    note: bool = True,
) -> tuple[bytes, Chart]:
    """The PNG of a requested chart for a slot of ``w`` x ``h`` inches (cached per data
    version, so each chart is rendered once for PPTX and PDF). ``compact``: the indicator's
    title alone as the title and level and year in the unit line (one title line more for
    the plot in a small slot); ``note=False``: the unit line without the view's note (the slide
    says it beside the chart)."""
    width, height = round(w * PX_PER_INCH), round(h * PX_PER_INCH)
    view = gather(data, request)
    chart = chart_from_view(view)
    if compact and view.indicator is not None and view.extra.get("period"):
        where = f"{fmt.level_plural(view.request.level)} {view.extra['period']}"
        chart = replace(chart, title=view.indicator.title, unit=f"{where} · {chart.unit}")
    if not note:
        chart = replace(chart, unit=view.unit)
    if title:
        chart = replace(chart, title=title)
    key = (str(data.engine.url), data.version(), request, chart.title, chart.unit, width, height)
    png = IMAGES.get(key)
    if png is None:
        png = chart.render("png", width=width, height=height, scale=IMAGE_SCALE)
        IMAGES.put(key, png)
    return png, chart
