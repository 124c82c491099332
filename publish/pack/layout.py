"""The meeting pack's placing of the slides of ``publish.pack.deck`` on 16:9 pages: one function
per kind of slide, sharing the grid constants below; written by ``publish.render.slides``'
pptx and pdf writers. What a slide says is the deck's; only where it goes is decided here."""

from __future__ import annotations

from publish import formatting as fmt
from publish.pack import deck as dk
from publish.pack.content import FEEDBACK_SIZE, PACK_TITLE, PackContent, Progress, chart_image
from publish.read import ReadModel
from publish.render.images import Chart
from publish.render.slides import model as sl
from publish.text import PUBLISHER

MARGIN = 0.5
INNER_W = sl.WIDTH - 2 * MARGIN
TOP = 1.3  # below the title and its rule
BOTTOM = 6.95  # above the footer
GAP = 0.2


def build_slides(
    data: ReadModel,
    content: PackContent,
    progress: Progress | None = None,
    slides: list[dk.DeckSlide] | None = None,
) -> list[sl.Slide]:
    """The pages of the pack, one per slide of the deck (charts rendered here);
    ``progress(done, total, goal title)`` after the last slide of each goal."""
    slides = slides if slides is not None else dk.build_deck(content)
    pages: list[sl.Slide] = []
    done = 0
    for index, slide in enumerate(slides):
        pages.append(_PLACE[slide.kind](data, content, slide))
        following = slides[index + 1] if index + 1 < len(slides) else None
        if slide.goal is not None and (following is None or following.goal is not slide.goal):
            done += 1
            if progress is not None:
                progress(done, len(content.goals), slide.goal.detail.title)
    for number, page in enumerate(pages, start=1):
        if number > 1:
            _footer(page, content, number, len(pages))
    return pages


dash = dk.dash


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


def _list_paras(items: dk.ShortList, *, heading_scale: float = 1.0) -> list[sl.Para]:
    """A short list as paragraphs: bold heading, bullets, "… und N weitere" or the empty text."""
    paras = [sl.Para(items.heading, bold=True, scale=heading_scale)]
    paras += [sl.Para(text, bullet=True, space_before=0.2) for text in items.items]
    if items.more:
        paras.append(sl.Para(items.more, italic=True, color=sl.MUTED, space_before=0.2))
    if not items.items and items.empty:
        paras.append(sl.Para(items.empty, italic=True, color=sl.MUTED))
    return paras


# --- the kinds of slides ----------------------------------------------------------------------


def _title_slide(data: ReadModel, content: PackContent, slide: dk.DeckSlide) -> sl.Slide:
    page = sl.Slide()
    page.add(sl.Rect(0, 0, sl.WIDTH, 0.18, sl.ACCENT))
    page.add(sl.Rect(0.8, 1.75, 0.09, 2.05, sl.ACCENT))
    scales = (0.55, 0.42, 0.36, 0.36)
    spaces = (0.5, 0.4, 1.2, 0.3)
    paras = [sl.Para(slide.title, bold=True, color=sl.ACCENT)]
    for index, line in enumerate(slide.lines):
        paras.append(
            sl.Para(
                line,
                scale=scales[index],
                color=sl.TEXT if index == 0 else sl.MUTED,
                space_before=spaces[index],
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


def _overview_slide(data: ReadModel, content: PackContent, slide: dk.DeckSlide) -> sl.Slide:
    page = sl.Slide()
    _heading(page, slide.title)
    page.add(
        sl.Table(
            MARGIN,
            TOP + 0.05,
            INNER_W,
            list(slide.columns),
            [list(row) for row in slide.rows],
            [0.05, 0.25, 0.1, 0.12, 0.09, 0.1, 0.12, 0.11, 0.06],
            ["right", "left", "right", "right", "right", "right", "right", "right", "right"],
            max_size=13,
            min_size=8,
            max_h=BOTTOM - TOP - 0.1,
        )
    )
    return page


def _goal_slide(data: ReadModel, content: PackContent, slide: dk.DeckSlide) -> sl.Slide:
    """Statement across the top; measures (left) and the chart of measures by department
    (right); the feedback, keep and adapt, side by side at the bottom."""
    page = sl.Slide()
    _heading(page, slide.title)
    statement_h = 0.85
    page.add(
        sl.TextBox(
            MARGIN,
            TOP,
            INNER_W,
            statement_h,
            [sl.Para(f"„{slide.statement}“", italic=True)],
            max_size=17,
            min_size=10,
            fill=sl.LIGHT,
            pad=0.12,
            valign="middle",
        )
    )
    measures, keep, adapt = slide.lists
    w = (INNER_W - GAP) / 2
    feedback = [
        sl.TextBox(
            MARGIN + index * (w + GAP),
            0,
            w,
            1,
            _list_paras(items),
            max_size=14,
            min_size=8,
            fill=sl.LIGHT,
            pad=0.1,
        )
        for index, items in enumerate((keep, adapt))
    ]
    need = max(sl.needed_height(box, FEEDBACK_SIZE) for box in feedback)
    feedback_h = min(max(need, 1.0), 1.9)
    for box in feedback:
        box.y, box.h = BOTTOM - feedback_h, feedback_h
        page.add(box)
    size = min(box.size for box in feedback)  # both boxes in the same size
    for box in feedback:
        box.max_size = size
        sl.fit(box)
    top = TOP + statement_h + 0.15
    middle_h = BOTTOM - feedback_h - GAP - top
    paras = []
    if slide.lead:
        paras.append(sl.Para(slide.lead, italic=True, color=sl.MUTED, scale=0.85))
    paras += _list_paras(measures, heading_scale=1.1)
    paras += [
        sl.Para(note, italic=True, color=sl.MUTED, scale=0.75, space_before=0.4)
        for note in slide.footnotes
    ]
    left_w = 5.6
    page.add(sl.TextBox(MARGIN, top, left_w, middle_h, paras, max_size=15, min_size=9))
    x = MARGIN + left_w + GAP
    w = MARGIN + INNER_W - x
    # the note on reconstructed counts is a footnote beside the chart, not inside it
    png, chart = chart_image(data, slide.chart, w, middle_h, title=slide.chart_title, note=False)
    page.add(sl.Image(x, top, w, middle_h, png, description=_alt(chart)))
    page.notes = slide.notes
    return page


def _indicator_slide(data: ReadModel, content: PackContent, slide: dk.DeckSlide) -> sl.Slide:
    """The chart across the slide, definition, link and target below it."""
    page = sl.Slide()
    _heading(page, slide.title)
    paras = [
        sl.Para(line, color=sl.TEXT if index == 0 else sl.MUTED, space_before=0.25)
        for index, line in enumerate(slide.lines)
    ]
    caption = sl.TextBox(MARGIN, 0, INNER_W, 1, paras, max_size=14, min_size=9)
    caption_h = min(max(sl.needed_height(caption, 13), 0.4), 1.3)
    caption.y, caption.h = BOTTOM - caption_h, caption_h
    page.add(caption)
    h = BOTTOM - caption_h - 0.1 - TOP
    png, chart = chart_image(data, slide.chart, INNER_W, h, compact=True, title=slide.chart_title)
    page.add(sl.Image(MARGIN, TOP, INNER_W, h, png, _alt(chart)))
    page.notes = slide.notes
    return page


def _no_indicator_slide(data: ReadModel, content: PackContent, slide: dk.DeckSlide) -> sl.Slide:
    page = sl.Slide()
    _heading(page, slide.title)
    paras: list[sl.Para] = []
    for index, items in enumerate(slide.lists):
        listed = _list_paras(items)
        if index:
            listed[0].space_before = 0.8
        paras += listed
    page.add(
        sl.TextBox(
            MARGIN, TOP, INNER_W, BOTTOM - TOP, paras, max_size=18, min_size=9, fill=sl.LIGHT,
            pad=0.2,
        )
    )  # fmt: skip
    return page


def _methods_slide(data: ReadModel, content: PackContent, slide: dk.DeckSlide) -> sl.Slide:
    page = sl.Slide()
    _heading(page, slide.title)
    method, secrecy = (_list_paras(items, heading_scale=1.1) for items in slide.lists)
    secrecy += [sl.Para(line, bold=True, space_before=0.8) for line in slide.lines]
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


_PLACE = {
    dk.TITLE: _title_slide,
    dk.OVERVIEW: _overview_slide,
    dk.GOAL: _goal_slide,
    dk.INDICATOR: _indicator_slide,
    dk.NO_INDICATOR: _no_indicator_slide,
    dk.METHODS: _methods_slide,
}


def _alt(chart: Chart) -> str:
    note = " Gesperrte Werte sind mit • markiert." if chart.suppressed else ""
    return f"Diagramm: {chart.title}. {chart.unit}.{note} {chart.source}."
