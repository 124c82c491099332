"""The slides of the meeting pack: title, overview, two slides per goal, methods and
confidentiality; laid out as ``publish.render.slides.model`` slides (written by its pptx and pdf
writers).

(About 450 lines: one function per kind of slide; they share the grid constants above them.)
"""

from __future__ import annotations

from indicators.registry import BY_ID
from indicators.targets import ON_TRACK
from publish import formatting as fmt
from publish.pack.content import (
    ADAPT_HEADING,
    FEEDBACK_SIZE,
    INFERRED_NOTE,
    KEEP_HEADING,
    NO_COMMENTS,
    PACK_TITLE,
    GoalContent,
    PackContent,
    Progress,
    chart_image,
)
from publish.read import FeedbackItem, GoalDetail, MeasureRow, ReadModel
from publish.render.images import Chart
from publish.render.slides import model as sl
from publish.text import (
    CHANGE_MARK,
    CHANGE_NOTE,
    CONFIDENTIALITY_TITLE,
    PUBLISHER,
    SYMBOL_LEGEND,
    confidentiality_rules,
)
from publish.views.kinds.departments import RECONSTRUCTED_NOTE, what_is_counted

# --- slides -----------------------------------------------------------------------------------

MARGIN = 0.5
INNER_W = sl.WIDTH - 2 * MARGIN
TOP = 1.3  # below the title and its rule
BOTTOM = 6.95  # above the footer


def build_slides(
    data: ReadModel, content: PackContent, progress: Progress | None = None
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


def dash(period: str) -> str:
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
        f"{PACK_TITLE} · Handlungsziele {dash(content.period)} · "
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
            f"Handlungsziele {dash(content.period)} des Leitbilds „Lernen! in Herne“",
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
    _heading(page, f"Die Handlungsziele {dash(content.period)} im Überblick")
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
                _target_summary(goal),
                fmt.integer(len(detail.supporting_keep)),
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
                "Ziele auf Kurs",
                "Rückmeldungen beibehalten",
                "Rückmeldungen anpassen",
                "Folie",
            ],
            rows,
            [0.05, 0.25, 0.1, 0.12, 0.09, 0.1, 0.12, 0.11, 0.06],
            ["right", "left", "right", "right", "right", "right", "right", "right", "right"],
            max_size=13,
            min_size=8,
            max_h=BOTTOM - TOP - 0.1,
        )
    )
    return page


def _measures_slide(data: ReadModel, content: PackContent, goal: GoalContent) -> sl.Slide:
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
    paras = []
    if lineage := detail.lineage_text():
        paras.append(sl.Para(lineage, italic=True, color=sl.MUTED, scale=0.85))
    paras.append(sl.Para(f"Maßnahmen und Projekte ({len(detail.measures)})", bold=True, scale=1.1))
    if detail.measures:
        paras += [sl.Para(_measure_line(m), bullet=True) for m in detail.measures]
    else:
        paras.append(sl.Para("Für dieses Handlungsziel sind keine Maßnahmen erfasst.", italic=True))
    if any(m.inferred for m in detail.measures):
        paras.append(sl.Para(INFERRED_NOTE, italic=True, color=sl.MUTED, scale=0.8))
    if detail.reconstructed:
        paras.append(sl.Para(RECONSTRUCTED_NOTE, italic=True, color=sl.MUTED, scale=0.8))
    page.add(sl.TextBox(MARGIN, top, 5.75, BOTTOM - top, paras, max_size=16, min_size=9))
    x, w, h = 6.45, MARGIN + INNER_W - 6.45, BOTTOM - top
    png, chart = chart_image(
        data,
        goal.departments,
        w,
        h,
        title=f"{what_is_counted(detail)} nach Arbeitsbereichen",
    )
    page.add(sl.Image(x, top, w, h, png, description=_alt(chart)))
    page.notes = _measure_notes(detail)
    return page


def _indicators_slide(data: ReadModel, content: PackContent, goal: GoalContent) -> sl.Slide:
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
        statuses = {status.indicator: status for status in goal.statuses}
        for index, request in enumerate(goal.indicators):
            status = statuses.get(request.indicator)
            title = f"{BY_ID[request.indicator].title} – Ziel: {status.status}" if status else None
            png, chart = chart_image(data, request, chart_w, upper_h, compact=True, title=title)
            x = MARGIN + index * (chart_w + gap)
            page.add(sl.Image(x, TOP, chart_w, upper_h, png, _alt(chart)))
    else:
        paras = [
            sl.Para(
                "Diesem Handlungsziel ist noch kein Indikator des Bildungsmonitorings zugeordnet.",
                bold=True,
            )
        ]
        paras += [sl.Para(text, bullet=True) for text in detail.gap_texts()]
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
    notes = [f"Rückmeldungen: {content.source}." if content.source else "Rückmeldungen."]
    if any(item.requests_change for item in detail.keep):
        notes.append(f"{CHANGE_MARK} {CHANGE_NOTE}")
    notes += [
        f"{s.indicator}: {s.target}; Stand {s.current}; {s.status} ({s.note})"
        for s in goal.statuses
    ]
    notes += detail.gap_texts()
    page.notes = "\n".join(notes)
    return page


def _feedback_box(
    x: float, y: float, w: float, h: float, heading: str, items: list[FeedbackItem]
) -> sl.TextBox:
    paras = [sl.Para(heading, bold=True)]
    if items:
        paras += [
            sl.Para(
                item.text + (f" {CHANGE_MARK}" if item.requests_change else ""),
                bullet=True,
                space_before=0.2,
            )
            for item in items
        ]
        if any(item.requests_change for item in items):
            paras.append(
                sl.Para(f"{CHANGE_MARK} {CHANGE_NOTE}", italic=True, color=sl.MUTED, scale=0.85)
            )
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
            f"Maßnahmen, Arbeitsbereiche und Rückmeldungen: {content.citation}; "
            "mit * markierte Arbeitsbereiche sind aus dem Text erschlossen.",
            bullet=True,
        ),
        sl.Para(
            f"Kennzahlen im neuesten Jahr je Indikator; Datenstand {fmt.date(content.data_date)}. "
            "Definitionen, Quellen, Zeitreihen und Tabellen: Dashboard, Seite Indikatoren.",
            bullet=True,
        ),
    ]
    secrecy = [sl.Para(CONFIDENTIALITY_TITLE, bold=True, scale=1.1)]
    secrecy += [sl.Para(rule, bullet=True) for rule in confidentiality_rules()]
    secrecy.append(sl.Para(f"Zeichen: {SYMBOL_LEGEND}.", bullet=True))
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


def _target_summary(goal: GoalContent) -> str:
    """ "1 von 2": linked indicators on course of those with a target ("–": no target)."""
    if not goal.statuses:
        return "–"
    on = sum(status.status == ON_TRACK for status in goal.statuses)
    return f"{on} von {len(goal.statuses)}"


def _measure_line(measure: MeasureRow) -> str:
    """ "Titel – Arbeitsbereich", with "*" where the department is inferred and "(Abfrage)"
    where the department named it in the Maßnahmen-Abfrage."""
    mark = "*" if measure.inferred else " (Abfrage)" if measure.from_survey else ""
    return f"{measure.title} – {measure.department}{mark}"


def _alt(chart: Chart) -> str:
    note = " Gesperrte Werte sind mit • markiert." if chart.suppressed else ""
    return f"Diagramm: {chart.title}. {chart.unit}.{note} {chart.source}."


def _measure_notes(detail: GoalDetail) -> str:
    lines = [f"Handlungsziel {detail.number}: {detail.title}", ""]
    for measure in detail.measures:
        lines.append(f"{measure.title} ({measure.department})")
        if measure.description:
            lines.append(measure.description)
        if measure.inferred and measure.evidence:
            lines.append(f"Zuordnung erschlossen: {measure.evidence}")
        lines.append("")
    if detail.challenges:
        lines.append("Schwierigkeiten / Herausforderungen:")
        lines += [f"- {title}" for title, _ in detail.challenges]
    return "\n".join(lines).strip()
