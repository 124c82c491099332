"""The meeting pack: the full 14-goal PPTX and PDF open with python-pptx and pypdf, carry the
slides of ``publish.pack.deck`` (the goals' statements, measures, departments, feedback in brief
and in full in the notes, charts, the confidentiality thresholds), build within the time budget,
and the app's Präsentation shows the same slides with the same titles."""

from __future__ import annotations

import io
import re
import time

import pytest
from pptx import Presentation
from pptx.util import Emu, Inches
from pypdf import PdfReader

from indicators.disclosure import LIMITS
from publish.pack import PACK_TITLE, build_deck, build_pack, pack_content
from publish.pack import deck as dk
from publish.views.request import ExportError

pytestmark = pytest.mark.xdist_group("exports")

PERIOD = "2013-2017"
GOALS = 14
BUDGET = 60.0  # seconds for the full pack on a 2-core machine


@pytest.fixture(scope="module")
def slides(export_data) -> list[dk.DeckSlide]:
    return build_deck(pack_content(export_data, PERIOD))


@pytest.fixture(scope="module")
def full_pptx(renderer, export_data):
    from publish.render.images import IMAGES

    IMAGES.clear()  # every chart rendered within the measured time
    calls: list[tuple[int, int, str]] = []
    started = time.perf_counter()
    content = build_pack(export_data, PERIOD, "pptx", progress=lambda *a: calls.append(a))
    return content, time.perf_counter() - started, calls


@pytest.fixture(scope="module")
def full_pdf(full_pptx, export_data):
    started = time.perf_counter()
    content = build_pack(export_data, PERIOD, "pdf")
    return content, time.perf_counter() - started


def slide_texts(content: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(content))
    texts = []
    for slide in deck.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append("\n".join(parts))
    return texts


def slide_titles(content: bytes) -> list[str]:
    """The first paragraph of each slide's first text (rectangles have an empty one): its
    title."""
    deck = Presentation(io.BytesIO(content))
    return [
        next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text)
        .text_frame.paragraphs[0]
        .text
        for slide in deck.slides
    ]


def slide_notes(content: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(content))
    return [s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for s in deck.slides]


def test_full_pptx_is_complete_and_in_time(full_pptx, export_data, slides):
    content, seconds, calls = full_pptx
    assert seconds < BUDGET
    deck = Presentation(io.BytesIO(content))
    assert deck.slide_width == Emu(Inches(13.333)) and deck.slide_height == Inches(7.5)
    assert slide_titles(content) == [slide.title for slide in slides]
    kinds = [slide.kind for slide in slides]
    assert kinds[:2] == [dk.TITLE, dk.OVERVIEW] and kinds[-1] == dk.METHODS
    assert kinds.count(dk.GOAL) == GOALS
    assert [c[:2] for c in calls] == [(i, GOALS) for i in range(1, GOALS + 1)]
    texts = slide_texts(content)
    notes = slide_notes(content)
    title = texts[0]
    assert PACK_TITLE in title and "2013–2017" in title
    assert re.search(r"Sitzungsunterlage vom \d{2}\.\d{2}\.\d{4}", title)
    assert "Synthetische Beispieldaten" in title
    cut = 0
    for goal in export_data.goals(PERIOD):
        detail = export_data.goal(PERIOD, goal.key)
        first = next(
            n for n, s in enumerate(slides) if s.kind == dk.GOAL and s.goal.detail.key == goal.key
        )
        text = texts[first]
        assert f"Handlungsziel {goal.number}: {goal.title}" in text
        assert detail.statement in text
        measures, keep, adapt = slides[first].lists
        shown = dk.shown(len(detail.measures), dk.MAX_MEASURES)
        assert len(measures.items) == shown and measures.left_out == len(detail.measures) - shown
        for measure in detail.measures[:shown]:
            assert dk.measure_line(measure, dk.MEASURE_CHARS) in text
        for items in (measures, keep, adapt):
            for line in items.items:
                assert line in text
            if items.more:
                assert items.more in text
                cut += 1
        for item in detail.keep + detail.adapt:  # every feedback item in full in the notes
            assert item.text in notes[first]
        if not detail.keep:
            assert "keine Anmerkungen" in text
        # the goal's key indicators follow, one slide each, else a slide naming what is missing
        following = [s for s in slides[first + 1 :] if s.goal is slides[first].goal]
        if slides[first].goal.indicators:
            assert [s.chart for s in following] == list(slides[first].goal.indicators)
        else:
            assert [s.kind for s in following] == [dk.NO_INDICATOR]
    assert cut  # some list of the samples is longer than a slide shows
    closing = texts[-1]
    assert f"ab {LIMITS.min_count} Personen" in closing
    assert f"ab {LIMITS.min_respondents} Befragten" in closing
    assert f"{LIMITS.keck_min_kitas} Kitas" in closing
    assert f"{LIMITS.keck_min_children_per_kita} Kindern" in closing
    assert "• = zu geringe Fallzahl oder zum Schutz anderer Werte gesperrt" in closing
    # No slide names the precise reason of a withheld value.
    assert not any(
        reason in text
        for text in texts
        for reason in ("weniger als", "sekundär gesperrt", "eingrenzbar", "KECK-Regel:")
    )


def test_short_texts_are_cut_at_a_word_and_say_how_many_are_left_out():
    text = "Unterstützung kommunaler Fachplanungen durch zielgerichtete kleinräumige Analysen"
    short = dk.shorten(text, 40)
    assert len(short) <= 40 and short.endswith(" …") and text.startswith(short[:-2])
    assert dk.shorten("Punkte:\n- erstens\n- zweitens.\n- drittens", 80) == (
        "Punkte: erstens; zweitens. drittens"
    )
    assert dk.shorten(text, 200) == text
    many = dk.short_list("Kopf", [f"Punkt {n}" for n in range(10)], 3, 50)
    assert many.items == ("Punkt 0", "Punkt 1", "Punkt 2") and many.more == "… und 7 weitere"
    four = dk.short_list("Kopf", [f"Punkt {n}" for n in range(4)], 3, 50)
    assert len(four.items) == 4 and four.more is None  # never "… und 1 weitere"


def test_pptx_charts_are_pictures_with_alternative_text(full_pptx, slides):
    deck = Presentation(io.BytesIO(full_pptx[0]))
    pictures = [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == sum(s.chart is not None for s in slides)
    for picture in pictures:
        assert picture.image.blob.startswith(b"\x89PNG")
        descr = picture._element.nvPicPr.cNvPr.get("descr")
        assert descr.startswith("Diagramm: ") and "Quelle" in descr

    # the measures-by-department chart of goal 1, then its key indicators, one slide each
    def descriptions(number: int) -> list[str]:
        return [
            s._element.nvPicPr.cNvPr.get("descr")
            for s in deck.slides[number].shapes
            if s.shape_type == 13
        ]

    assert slides[2].kind == dk.GOAL and "Arbeitsbereichen" in descriptions(2)[0]
    keys = [descriptions(n)[0].split(".")[0] for n in (3, 4)]
    assert keys == ["Diagramm: KOMPIK-Abdeckung", "Diagramm: UWE-Beteiligung"]
    # by Ortsteil, with the city's value as the dashed line
    assert all("Ortsteile" in descriptions(n)[0] for n in (3, 4))
    assert all("gestrichelte Linie: Herne" in descriptions(n)[0] for n in (3, 4))


def test_full_pdf_has_the_same_content(full_pdf, full_pptx, slides):
    content, seconds = full_pdf
    assert seconds < BUDGET
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == len(slides)
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(960, abs=1)
    assert float(page.mediabox.height) == pytest.approx(540, abs=1)
    first = page.extract_text()
    assert PACK_TITLE in first and "Synthetische Beispieldaten" in first
    goal_page = reader.pages[2].extract_text().replace("\n", " ")
    assert "Handlungsziel 1: Bildungsmonitoring" in goal_page
    assert "ELTERNBEFRAGUNG FAMILIENZENTREN" in goal_page
    closing = reader.pages[-1].extract_text().replace("\n", " ")
    assert f"ab {LIMITS.min_count} Personen" in closing
    assert len(reader.pages[3].images) >= 1  # the key indicator chart
    assert f"3 / {len(slides)}" in goal_page


def test_the_presentation_shows_the_packs_slides(full_pptx, export_url):
    """The app's Präsentation and the PPTX: the same number of slides, in the same order, with
    the same titles and, but for the title slide, the same texts (measures and feedback in
    brief, captions, the overview's cells, the methods)."""
    import dash

    from dashboard.app import create_app

    app = create_app(export_url)
    page = next(p for p in dash.page_registry.values() if p["path"] == "/praesentation")
    titles = slide_titles(full_pptx[0])
    texts = slide_texts(full_pptx[0])
    footer = (PACK_TITLE + " · ", "Synthetische Beispieldaten")
    with app.server.test_request_context("/"):
        for number, title in enumerate(titles, start=1):
            layout = page["layout"](periode=PERIOD, folie=str(number))
            shown = screen_text(layout)
            assert heading(layout) == title, number
            assert f"Folie {number} von {len(titles)}" in shown
            if number == 1:
                continue
            for line in texts[number - 1].splitlines():
                if line.startswith(footer) or re.fullmatch(r"\d+ / \d+", line):
                    continue
                assert line in shown, (number, line)


def heading(component) -> str | None:
    """The text of the first H1 in a Dash component tree."""
    if getattr(component, "_type", None) == "H1":
        return component.children
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "_type") and (found := heading(child)) is not None:
            return found
    return None


def screen_text(component) -> str:
    """Every string in a Dash component tree, one a line."""
    if isinstance(component, str):
        return component
    children = getattr(component, "children", None)
    if children is None:
        return ""
    if not isinstance(children, list | tuple):
        children = [children]
    return "\n".join(screen_text(child) for child in children)


def test_selected_goals_and_highlighted_unit(renderer, export_url, export_data):
    calls = []
    content = build_pack(
        export_data,
        goals=["schulsozialarbeit", "ganztagssysteme"],
        unit="ortsteil:11",
        progress=lambda *a: calls.append(a),
    )
    texts = slide_texts(content)
    chosen = pack_content(
        export_data, goals=["schulsozialarbeit", "ganztagssysteme"], unit="ortsteil:11"
    )
    assert slide_titles(content) == [s.title for s in build_deck(chosen)]
    assert len(calls) == 2
    name = export_data.unit_name("ortsteil", "11")
    assert f"Hervorgehoben: Ortsteil {name}" in texts[0]
    assert "Handlungsziel 3: Schulsozialarbeit" in texts[2]
    fourth = 3 + max(len(chosen.goals[0].indicators), 1)
    assert "Handlungsziel 4: Ganztagssysteme" in texts[fourth]
    content = pack_content(export_data, goals=["schulsozialarbeit"], unit="ortsteil:11")
    assert all(r.unit == "11" for r in content.goals[0].indicators if r.level == "ortsteil")


def test_bad_pack_requests(export_url, export_data):
    with pytest.raises(ExportError, match="Unbekannte Handlungsziele: gibtsnicht"):
        pack_content(export_data, goals=["gibtsnicht"])
    with pytest.raises(ExportError, match="ortsteil:11"):
        pack_content(export_data, unit="wanne")
    with pytest.raises(ExportError, match="gibt es nicht"):
        pack_content(export_data, unit="ortsteil:999")
    with pytest.raises(ExportError, match="Zielperiode 1999"):
        pack_content(export_data, period="1999")
    with pytest.raises(ExportError, match="Format"):
        build_pack(export_data, fmt="docx")
