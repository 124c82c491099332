"""The meeting pack: the full 14-goal PPTX and PDF open with python-pptx and pypdf, carry the
goals' statements, measures, departments, feedback, charts and the confidentiality thresholds,
and build within the time budget."""

from __future__ import annotations

import io
import re
import time

import pytest
from pptx import Presentation
from pptx.util import Emu, Inches
from pypdf import PdfReader

from indicators.disclosure import LIMITS
from publish.pack import PACK_TITLE, build_pack, pack_content
from publish.views.request import ExportError

pytestmark = pytest.mark.xdist_group("exports")

PERIOD = "2013-2017"
GOALS = 14
SLIDES = 3 + 2 * GOALS
BUDGET = 60.0  # seconds for the full pack on a 2-core machine


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


def test_full_pptx_is_complete_and_in_time(full_pptx, export_data):
    content, seconds, calls = full_pptx
    assert seconds < BUDGET
    deck = Presentation(io.BytesIO(content))
    assert deck.slide_width == Emu(Inches(13.333)) and deck.slide_height == Inches(7.5)
    assert len(deck.slides) == SLIDES
    assert [c[:2] for c in calls] == [(i, GOALS) for i in range(1, GOALS + 1)]
    texts = slide_texts(content)
    title = texts[0]
    assert PACK_TITLE in title and "2013–2017" in title
    assert re.search(r"Sitzungsunterlage vom \d{2}\.\d{2}\.\d{4}", title)
    assert "Synthetische Beispieldaten" in title
    for goal in export_data.goals(PERIOD):
        detail = export_data.goal(PERIOD, goal.key)
        first = 2 + 2 * (goal.number - 1)
        assert f"Handlungsziel {goal.number}: {goal.title}" in texts[first]
        assert detail.statement in texts[first]
        for measure in detail.measures:
            assert f"{measure.title} – {measure.department}" in texts[first]
        second = texts[first + 1]
        for item in detail.keep + detail.adapt:
            assert item.text in second
        if not detail.keep:
            assert "keine Anmerkungen" in second
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


def test_pptx_charts_are_pictures_with_alternative_text(full_pptx):
    deck = Presentation(io.BytesIO(full_pptx[0]))
    pictures = [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) >= GOALS  # one chart of departments per goal, plus key indicators
    for picture in pictures:
        assert picture.image.blob.startswith(b"\x89PNG")
        descr = picture._element.nvPicPr.cNvPr.get("descr")
        assert descr.startswith("Diagramm: ") and "Quelle" in descr
    # the measures-by-department chart of goal 1 and its key indicators
    goal1 = [s for s in deck.slides[2].shapes if s.shape_type == 13]
    assert "Arbeitsbereichen" in goal1[0]._element.nvPicPr.cNvPr.get("descr")
    keys = [s for s in deck.slides[3].shapes if s.shape_type == 13]
    assert [k._element.nvPicPr.cNvPr.get("descr").split(".")[0] for k in keys] == [
        "Diagramm: KOMPIK-Abdeckung",
        "Diagramm: UWE-Beteiligung",
    ]


def test_full_pdf_has_the_same_content(full_pdf, full_pptx):
    content, seconds = full_pdf
    assert seconds < BUDGET
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == SLIDES
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
    assert len(reader.pages[3].images) >= 1  # the key indicator charts


def test_selected_goals_and_highlighted_unit(renderer, export_url, export_data):
    calls = []
    content = build_pack(
        export_data,
        goals=["schulsozialarbeit", "ganztagssysteme"],
        unit="ortsteil:11",
        progress=lambda *a: calls.append(a),
    )
    texts = slide_texts(content)
    assert len(texts) == 3 + 2 * 2 and len(calls) == 2
    name = export_data.unit_name("ortsteil", "11")
    assert f"Hervorgehoben: Ortsteil {name}" in texts[0]
    assert "Handlungsziel 3: Schulsozialarbeit" in texts[2]
    assert "Handlungsziel 4: Ganztagssysteme" in texts[4]
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
