"""The meeting pack of the Lenkungskreis: the goals of a period as PPTX or PDF.

Slides: a title slide (period, date, data date, "Synthetische Beispieldaten" when the database
holds the samples), an overview of the goals, two slides per goal (1: statement, measures in
brief with their departments and the chart of measures by department; 2: up to two key
indicators by Ortsteil or Stadtbezirk in the latest year with the city's value, and the
conference feedback, keep and adapt) and a closing slide on methods and confidentiality with the
thresholds of ``indicators.registry.LIMITS``.

What goes on the slides (:func:`pack_content`) is separate from how it is laid out (``slides``)
and written (``slides_pptx``, ``slides_pdf``): the app's presentation mode can show the same
content with live figures. Every chart is an export of ``charts`` (title, unit, source, data
date and suppression note inside the image), rendered once per data version and reused, so the
PDF after the PPTX costs no rendering.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from dashboard import formatting as fmt
from dashboard.data import DashboardData, GoalDetail
from dashboard.exports import slides as sl
from dashboard.exports.charts import IMAGES, Chart, chart_from_view
from dashboard.exports.request import (
    AREA_LEVELS,
    DEFAULT_PERIOD,
    PUBLISHER,
    ExportError,
    ExportRequest,
    data_date,
    gather,
)
from indicators.registry import BY_ID, LIMITS

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (goals done, goals in total, title of the goal)

PACK_TITLE = "Lenkungskreis Bildungsmonitoring"
MAX_KEY_INDICATORS = 2
PX_PER_INCH = 96  # CSS pixels: a chart's 13 px text is 9.75 pt on the slide, as on screen
IMAGE_SCALE = 2.5  # about 240 dpi on the slide
FEEDBACK_SIZE = 12.0  # pt: the feedback boxes take the height they need at this size
# The key indicators shown per goal, in this order, where the registry links them to the goal
# and values exist; goals not named here take their linked indicators in registry order. A
# choice of the Bildungsmonitoring for the meeting, not a ranking of importance.
KEY_INDICATORS = {
    "bildungsmonitoring": ("kompik.coverage", "uwe.participation"),
    "schulsozialarbeit": ("uwe.wellbeing_low", "ssw.pupils_per_fte"),
    "ganztagssysteme": ("ssw.all_day_share", "uwe.asset_activities"),
    "individuelle_lernfoerderung": ("kompik.language.low", "kompik.maths.low"),
    "uebergangssystem": ("kompik.language.low", "kompik.motor.low"),
    "familienbildungsangebot": ("parents.recommend", "uwe.asset_adults_home"),
    "information_ueber_bildungsangebote": ("parents.grade_information",),
    "bildungsberatung": ("parents.interest_counselling",),
    "vernetzung_der_akteure": ("uwe.asset_adults_neighbourhood",),
}
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


@dataclass(frozen=True)
class PackContent:
    period: str
    meeting_date: dt.date
    data_date: dt.date
    synthetic: bool
    level: str  # level of the key indicators
    unit: str | None  # highlighted unit's number
    unit_label: str | None  # e.g. "Ortsteil Wanne"
    goals: tuple[GoalContent, ...]


def pack_content(
    data: DashboardData,
    period: str = DEFAULT_PERIOD,
    goals: list[str] | None = None,
    unit: str | None = None,
    *,
    level: str = "ortsteil",
    meeting_date: dt.date | None = None,
) -> PackContent:
    """What the pack shows, checked: unknown goals or units are an ExportError."""
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
            )
        )
    return PackContent(
        period=period,
        meeting_date=meeting_date or dt.date.today(),
        data_date=data_date(data),
        synthetic=data.is_synthetic(),
        level=level,
        unit=number,
        unit_label=unit_label,
        goals=tuple(contents),
    )


def key_indicators(data: DashboardData, detail: GoalDetail, level: str) -> list[tuple[str, str]]:
    """Up to two (indicator, level) with values for a goal: the chosen ones first, then the
    goal's other linked indicators; a level without values falls back to the Stadtbezirke."""
    linked = list(detail.indicators)
    ordered = [i for i in KEY_INDICATORS.get(detail.key, ()) if i in linked]
    ordered += [i for i in linked if i not in ordered]
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
    data: DashboardData,
    request: ExportRequest,
    w: float,
    h: float,
    *,
    title: str | None = None,
    compact: bool = False,
) -> tuple[bytes, Chart]:
    """The PNG of a requested chart for a slot of ``w`` x ``h`` inches (cached per data
    version, so each chart is rendered once for PPTX and PDF). ``compact``: the indicator's
    title alone as the title and level and year in the unit line (one title line more for
    the plot in a small slot)."""
    width, height = round(w * PX_PER_INCH), round(h * PX_PER_INCH)
    view = gather(data, request)
    chart = chart_from_view(view)
    if compact and view.indicator is not None and view.extra.get("period"):
        where = f"{fmt.LEVEL_PLURALS[view.request.level]} {view.extra['period']}"
        chart = replace(chart, title=view.indicator.title, unit=f"{where} · {chart.unit}")
    if title:
        chart = replace(chart, title=title)
    key = (str(data.engine.url), data.version(), request, chart.title, chart.unit, width, height)
    png = IMAGES.get(key)
    if png is None:
        png = chart.render("png", width=width, height=height, scale=IMAGE_SCALE)
        IMAGES.put(key, png)
    return png, chart


# --- slides -----------------------------------------------------------------------------------

MARGIN = 0.5
INNER_W = sl.WIDTH - 2 * MARGIN
TOP = 1.3  # below the title and its rule
BOTTOM = 6.95  # above the footer


def build_slides(
    data: DashboardData, content: PackContent, progress: Progress | None = None
) -> list[sl.Slide]:
    """The slides of the pack (charts rendered here)."""
    total = 3 + 2 * len(content.goals)
    pages: list[sl.Slide] = [_title_slide(content)]
    pages.append(_overview_slide(content))
    for index, goal in enumerate(content.goals, start=1):
        pages.append(_measures_slide(data, content, goal))
        pages.append(_indicators_slide(data, content, goal))
        if progress is not None:
            progress(index, len(content.goals), goal.detail.title)
    pages.append(_methods_slide(content))
    for number, page in enumerate(pages, start=1):
        if number > 1:
            _footer(page, content, number, total)
    return pages


def build_pack(
    database_url: str,
    period: str = DEFAULT_PERIOD,
    fmt: str = "pptx",
    goals: list[str] | None = None,
    unit: str | None = None,
    progress: Progress | None = None,
    *,
    level: str = "ortsteil",
    meeting_date: dt.date | None = None,
) -> bytes:
    """The meeting pack as PPTX or PDF bytes.

    ``goals``: goal keys (default: all of the period, in their order); ``unit``: a unit key
    such as "ortsteil:11" whose bars are highlighted (its level is then the level of the key
    indicators; otherwise ``level``); ``progress(done, total, goal title)`` is called after
    each goal."""
    if fmt not in ("pptx", "pdf"):
        raise ExportError(f"Unbekanntes Format {fmt!r}; möglich: pptx, pdf.")
    data = DashboardData(database_url)
    try:
        content = pack_content(data, period, goals, unit, level=level, meeting_date=meeting_date)
        pages = build_slides(data, content, progress)
    finally:
        data.engine.dispose()
    meta = {
        "title": f"{PACK_TITLE} – Handlungsziele {_dash(content.period)}",
        "author": PUBLISHER,
        "subject": "Sitzungsunterlage"
        + (" (synthetische Beispieldaten)" if content.synthetic else ""),
    }
    if fmt == "pptx":
        from dashboard.exports import slides_pptx

        return slides_pptx.write(pages, **meta)
    from dashboard.exports import slides_pdf

    return slides_pdf.write(pages, **meta)


def pack_filename(period: str, fmt: str, when: dt.date | None = None) -> str:
    when = when or dt.date.today()
    return f"lenkungskreis_{period}_{when:%Y-%m-%d}.{fmt}"


def _dash(period: str) -> str:
    return period.replace("-", "–")


def _heading(page: sl.Slide, text: str) -> None:
    """The slide title: one line down to 18 pt, else two lines."""
    size = 26.0
    while size > 18 and sl.width_of(text, size, bold=True) > INNER_W * 0.95:
        size -= 0.5
    page.add(
        sl.TextBox(
            MARGIN,
            0.3,
            INNER_W,
            0.76,
            [sl.Para(text, bold=True, color=sl.ACCENT)],
            max_size=size,
            min_size=14,
            valign="middle",
        )
    )
    page.add(sl.Rect(MARGIN, 1.12, INNER_W, 0.035, sl.ACCENT))


def _footer(page: sl.Slide, content: PackContent, number: int, total: int) -> None:
    left = (
        f"{PACK_TITLE} · Handlungsziele {_dash(content.period)} · "
        f"Datenstand {fmt.date(content.data_date)}"
    )
    page.add(
        sl.TextBox(MARGIN, 7.05, 8.0, 0.3, [sl.Para(left, color=sl.MUTED)], max_size=9, min_size=7)
    )
    if content.synthetic:
        page.add(
            sl.TextBox(
                8.7,
                7.03,
                2.9,
                0.3,
                [sl.Para("Synthetische Beispieldaten", bold=True)],
                max_size=9,
                min_size=7,
                fill=sl.WARNING,
                align="center",
                valign="middle",
            )
        )
    page.add(
        sl.TextBox(
            11.8,
            7.05,
            MARGIN + INNER_W - 11.8,
            0.3,
            [sl.Para(f"{number} / {total}", color=sl.MUTED)],
            max_size=9,
            min_size=7,
            align="right",
        )
    )


def _title_slide(content: PackContent) -> sl.Slide:
    page = sl.Slide()
    page.add(sl.Rect(0, 0, sl.WIDTH, 0.18, sl.ACCENT))
    page.add(sl.Rect(0.8, 1.75, 0.09, 2.05, sl.ACCENT))
    paras = [
        sl.Para(PACK_TITLE, bold=True, color=sl.ACCENT, scale=1.0),
        sl.Para(
            f"Handlungsziele {_dash(content.period)} des Leitbilds „Lernen! in Herne“",
            scale=0.55,
            space_before=0.5,
        ),
        sl.Para(
            "Maßnahmen, Kennzahlen und Rückmeldungen der Bildungskonferenz",
            scale=0.42,
            color=sl.MUTED,
            space_before=0.4,
        ),
        sl.Para(
            f"Sitzungsunterlage vom {fmt.date(content.meeting_date)} · Datenstand "
            f"{fmt.date(content.data_date)}",
            scale=0.36,
            color=sl.MUTED,
            space_before=1.2,
        ),
    ]
    if content.unit_label:
        paras.append(
            sl.Para(
                f"Hervorgehoben: {content.unit_label} (▶ in den Diagrammen)",
                scale=0.36,
                color=sl.MUTED,
                space_before=0.3,
            )
        )
    page.add(sl.TextBox(1.15, 1.6, 11.3, 3.3, paras, max_size=40, min_size=24))
    if content.synthetic:
        page.add(
            sl.TextBox(
                1.15,
                5.35,
                11.0,
                0.85,
                [
                    sl.Para("Synthetische Beispieldaten", bold=True),
                    sl.Para(
                        "Alle Werte dieser Unterlage sind erfunden und beschreiben Herne nicht; "
                        "sie zeigen, wie die Unterlage mit echten Lieferungen aussieht.",
                        space_before=0.2,
                    ),
                ],
                max_size=15,
                min_size=10,
                fill=sl.WARNING,
                pad=0.14,
                valign="middle",
            )
        )
    page.add(
        sl.TextBox(
            1.15, 6.7, 11.0, 0.4, [sl.Para(PUBLISHER, color=sl.MUTED)], max_size=12, min_size=9
        )
    )
    return page


def _overview_slide(content: PackContent) -> sl.Slide:
    page = sl.Slide()
    _heading(page, f"Die Handlungsziele {_dash(content.period)} im Überblick")
    rows = []
    for index, goal in enumerate(content.goals):
        detail = goal.detail
        rows.append(
            [
                str(detail.number),
                detail.title,
                fmt.integer(len(detail.measures)),
                fmt.integer(len({m.department for m in detail.measures})),
                fmt.integer(len(goal.indicators)),
                fmt.integer(len(detail.keep)),
                fmt.integer(len(detail.adapt)),
                str(3 + 2 * index),
            ]
        )
    page.add(
        sl.Table(
            MARGIN,
            TOP + 0.05,
            INNER_W,
            [
                "Nr.",
                "Handlungsziel",
                "Maßnahmen",
                "Arbeitsbereiche",
                "Kennzahlen",
                "Rückmeldungen beibehalten",
                "Rückmeldungen anpassen",
                "Folie",
            ],
            rows,
            [0.05, 0.29, 0.1, 0.13, 0.1, 0.13, 0.13, 0.07],
            ["right", "left", "right", "right", "right", "right", "right", "right"],
            max_size=13,
            min_size=8,
            max_h=BOTTOM - TOP - 0.1,
        )
    )
    return page


def _measures_slide(data: DashboardData, content: PackContent, goal: GoalContent) -> sl.Slide:
    detail = goal.detail
    page = sl.Slide()
    _heading(page, f"Handlungsziel {detail.number}: {detail.title}")
    page.add(
        sl.TextBox(
            MARGIN,
            TOP,
            INNER_W,
            1.0,
            [sl.Para(f"„{detail.statement}“", italic=True)],
            max_size=17,
            min_size=11,
            fill=sl.LIGHT,
            pad=0.15,
            valign="middle",
        )
    )
    top = TOP + 1.2
    paras = [sl.Para(f"Maßnahmen und Projekte ({len(detail.measures)})", bold=True, scale=1.1)]
    if detail.measures:
        paras += [
            sl.Para(f"{m.title} – {m.department}{'*' if m.inferred else ''}", bullet=True)
            for m in detail.measures
        ]
    else:
        paras.append(sl.Para("Für dieses Handlungsziel sind keine Maßnahmen erfasst.", italic=True))
    if any(m.inferred for m in detail.measures):
        paras.append(sl.Para(INFERRED_NOTE, italic=True, color=sl.MUTED, scale=0.8))
    page.add(sl.TextBox(MARGIN, top, 5.75, BOTTOM - top, paras, max_size=16, min_size=9))
    x, w, h = 6.45, MARGIN + INNER_W - 6.45, BOTTOM - top
    png, chart = chart_image(
        data,
        goal.departments,
        w,
        h,
        title="Nennungen von Maßnahmen und Projekten nach Arbeitsbereichen",
    )
    page.add(sl.Image(x, top, w, h, png, description=_alt(chart)))
    page.notes = _measure_notes(detail)
    return page


def _indicators_slide(data: DashboardData, content: PackContent, goal: GoalContent) -> sl.Slide:
    detail = goal.detail
    page = sl.Slide()
    _heading(page, f"Handlungsziel {detail.number}: {detail.title} – Kennzahlen und Rückmeldungen")
    gap = 0.2
    w = (INNER_W - gap) / 2
    feedback = [
        _feedback_box(MARGIN + index * (w + gap), 0, w, 1, heading, items)
        for index, (heading, items) in enumerate(
            ((KEEP_HEADING, detail.keep), (ADAPT_HEADING, detail.adapt))
        )
    ]
    # The feedback gets what it needs at 12 pt (within bounds), the charts the rest; without
    # a chart the note takes what it needs and the feedback the rest.
    need = max(sl.needed_height(box, FEEDBACK_SIZE) for box in feedback)
    if goal.indicators:
        feedback_h = min(max(need, 1.1), 2.3)
        upper_h = BOTTOM - TOP - gap - feedback_h
        count = len(goal.indicators)
        chart_w = (INNER_W - gap * (count - 1)) / count
        for index, request in enumerate(goal.indicators):
            png, chart = chart_image(data, request, chart_w, upper_h, compact=True)
            x = MARGIN + index * (chart_w + gap)
            page.add(sl.Image(x, TOP, chart_w, upper_h, png, _alt(chart)))
    else:
        paras = [
            sl.Para(
                "Diesem Handlungsziel ist kein Indikator des Bildungsmonitorings zugeordnet.",
                bold=True,
            )
        ]
        if detail.challenges:
            paras.append(
                sl.Para("Genannte Schwierigkeiten und Herausforderungen:", space_before=0.6)
            )
            paras += [sl.Para(title, bullet=True) for title, _ in detail.challenges]
        note = sl.TextBox(
            MARGIN, TOP, INNER_W, 1, paras, max_size=14, min_size=9, fill=sl.LIGHT, pad=0.15
        )
        upper_h = min(max(sl.needed_height(note, 14), 1.0), BOTTOM - TOP - gap - 1.2)
        note.h = upper_h
        page.add(note)
        feedback_h = BOTTOM - TOP - gap - upper_h
    for box in feedback:
        box.y, box.h = TOP + upper_h + gap, feedback_h
        page.add(box)
    # both boxes in the same size: the smaller of the two fitted sizes
    size = min(box.size for box in feedback)
    for box in feedback:
        box.max_size = size
        sl.fit(box)
    page.notes = "Rückmeldungen der 8. Herner Bildungskonferenz (23.11.2017)."
    return page


def _feedback_box(
    x: float, y: float, w: float, h: float, heading: str, items: list[str]
) -> sl.TextBox:
    paras = [sl.Para(heading, bold=True)]
    if items:
        paras += [sl.Para(text, bullet=True, space_before=0.2) for text in items]
    else:
        paras.append(sl.Para(NO_COMMENTS, italic=True, color=sl.MUTED))
    return sl.TextBox(x, y, w, h, paras, max_size=14, min_size=8, fill=sl.LIGHT, pad=0.12)


def _methods_slide(content: PackContent) -> sl.Slide:
    page = sl.Slide()
    _heading(page, "Methodik und Geheimhaltung")
    method = [
        sl.Para("Datengrundlage und Berechnung", bold=True, scale=1.1),
        sl.Para(
            "Kennzahlen je Raumebene aus den Einzeldaten summiert, nicht aus der Ebene darunter "
            "gemittelt; Datensätze ohne Wohnort zählen nur stadtweit.",
            bullet=True,
        ),
        sl.Para(
            "KOMPIK und UWE nach Wohnort des Kindes, Elternbefragung nach Standort des "
            "Familienzentrums, Schulsozialarbeit nach Standort der Schule.",
            bullet=True,
        ),
        sl.Para(
            "Normgruppe 1–2 („unterstes Fünftel“) ist eine Konvention des Bildungsmonitorings, "
            "keine KOMPIK-Norm für Förderbedarf.",
            bullet=True,
        ),
        sl.Para(
            "Maßnahmen, Arbeitsbereiche und Rückmeldungen: Zielkatalog "
            f"{_dash(content.period)} aus der Dokumentation der 8. Herner Bildungskonferenz "
            "(23.11.2017); mit * markierte Arbeitsbereiche sind aus dem Text erschlossen.",
            bullet=True,
        ),
        sl.Para(
            f"Kennzahlen im neuesten Jahr je Indikator; Datenstand {fmt.date(content.data_date)}. "
            "Definitionen, Quellen, Zeitreihen und Tabellen: Dashboard, Seite Indikatoren.",
            bullet=True,
        ),
    ]
    secrecy = [
        sl.Para("Geheimhaltung kleiner Fallzahlen", bold=True, scale=1.1),
        sl.Para(f"Anzahlen von Personen: gezeigt ab {LIMITS.min_count} Personen.", bullet=True),
        sl.Para(
            "Anteile und Mittelwerte aus Befragungen und Beobachtungen: gezeigt ab "
            f"{LIMITS.min_respondents} Befragten bzw. beobachteten Kindern.",
            bullet=True,
        ),
        sl.Para(
            f"KOMPIK zusätzlich (KECK-Regel): nur wenn mindestens {LIMITS.keck_min_kitas} Kitas "
            f"mit je mindestens {LIMITS.keck_min_children_per_kita} Kindern beigetragen haben.",
            bullet=True,
        ),
        sl.Para(
            "Sekundäre Sperrung: weitere Werte werden gesperrt, wenn ein gesperrter Wert sonst "
            "aus Summen (übergeordnete Einheit, andere Kategorien) berechenbar wäre.",
            bullet=True,
        ),
        sl.Para(
            "Einrichtungen und Stellen (Schulsozialarbeit, Kitas, Maßnahmen) werden nicht "
            "gesperrt: dort gibt es keine Personen zu schützen.",
            bullet=True,
        ),
        sl.Para(
            f"Zeichen: {fmt.SUPPRESSED} = gesperrt (zu kleine Fallzahl), {fmt.MISSING} = keine "
            "Daten. Ein gesperrter Wert erscheint nie als 0, in keiner Summe und in keinem "
            "Export.",
            bullet=True,
        ),
    ]
    if content.synthetic:
        secrecy.append(
            sl.Para(
                "Alle Werte dieser Unterlage sind synthetische Beispieldaten.",
                bold=True,
                space_before=0.8,
            )
        )
    w = (INNER_W - 0.3) / 2
    page.add(sl.TextBox(MARGIN, TOP, w, BOTTOM - TOP, method, max_size=16, min_size=9))
    page.add(
        sl.TextBox(
            MARGIN + w + 0.3,
            TOP,
            w,
            BOTTOM - TOP,
            secrecy,
            max_size=16,
            min_size=9,
            fill=sl.LIGHT,
            pad=0.15,
        )
    )
    return page


def _alt(chart: Chart) -> str:
    note = " Gesperrte Werte sind mit • markiert." if chart.suppressed else ""
    return f"Diagramm: {chart.title}. {chart.unit}.{note} {chart.source}."


def _measure_notes(detail: GoalDetail) -> str:
    lines = [f"Handlungsziel {detail.number}: {detail.title}", ""]
    for measure in detail.measures:
        lines.append(f"{measure.title} ({measure.department})")
        if measure.description:
            lines.append(measure.description)
        if measure.inferred and measure.note:
            lines.append(f"Zuordnung erschlossen: {measure.note}")
        lines.append("")
    if detail.challenges:
        lines.append("Schwierigkeiten / Herausforderungen:")
        lines += [f"- {title}" for title, _ in detail.challenges]
    return "\n".join(lines).strip()
