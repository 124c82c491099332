"""Chart exports: valid PNG, SVG and PDF rendered by kaleido, carrying title, unit, source,
data date and (only where a cell is withheld) the suppression note inside the image."""

from __future__ import annotations

import io
import re
import threading
import unicodedata
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest
from PIL import Image
from pypdf import PdfReader

from publish import figures
from publish.render.images import (
    PNG_SCALE,
    SUPPRESSION_NOTE,
    chart_for,
    decorate,
    export_chart,
    render,
)
from publish.views.registry import CHART_KINDS
from publish.views.request import ExportError, ExportRequest

pytestmark = pytest.mark.xdist_group("exports")

SVG = "{http://www.w3.org/2000/svg}svg"
DATE = re.compile(r"Datenstand: \d{2}\.\d{2}\.\d{4}")


def svg_texts(content: bytes) -> str:
    root = ET.fromstring(content)
    assert root.tag == SVG
    return " ".join(root.itertext())


def pdf_text(content: bytes) -> tuple[int, str, tuple[float, float]]:
    reader = PdfReader(io.BytesIO(content))
    page = reader.pages[0]
    return (
        len(reader.pages),
        unicodedata.normalize("NFKC", page.extract_text()),  # Chromium sets "ﬁ" ligatures
        (float(page.mediabox.width), float(page.mediabox.height)),
    )


def chart_requests() -> dict[str, ExportRequest]:
    return {
        "map": ExportRequest("map", indicator="uwe.wellbeing_low", level="ortsteil"),
        "ranking": ExportRequest("ranking", indicator="uwe.wellbeing_low", level="ortsteil"),
        "units": ExportRequest("units", indicator="kompik.coverage", level="ortsteil", unit="11"),
        "series": ExportRequest(
            "series", indicator="uwe.wellbeing_low", level="ortsteil", units=("11", "21")
        ),
        "departments": ExportRequest("departments", goal="inklusive_systeme"),
        "profile": ExportRequest("profile", level="stadtbezirk", unit="1"),
        "change": ExportRequest("change", indicator="kompik.coverage", level="stadtbezirk"),
        "scatter": ExportRequest(
            "scatter", indicator="uwe.wellbeing_low", indicator_y="uwe.asset_adults"
        ),
    }


def test_png_svg_and_pdf_are_valid(renderer, export_data):
    request = chart_requests()["ranking"]
    png, name, media = export_chart(export_data, request, "png", width=1200, height=675)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and media == "image/png" and name.endswith(".png")
    assert Image.open(io.BytesIO(png)).size == (1200 * PNG_SCALE, 675 * PNG_SCALE)
    svg, name, media = export_chart(export_data, request, "svg", width=1200, height=675)
    assert media == "image/svg+xml" and name.endswith(".svg")
    root = ET.fromstring(svg)
    assert root.tag == SVG and root.get("width") == "1200" and root.get("height") == "675"
    pdf, name, media = export_chart(export_data, request, "pdf", width=1200, height=675)
    assert pdf.startswith(b"%PDF") and media == "application/pdf"
    pages, text, size = pdf_text(pdf)
    assert pages == 1 and size == pytest.approx((900, 506.25), abs=1)
    assert "Wohlbefinden niedrig" in text and DATE.search(text)


def test_image_carries_title_unit_source_date_and_note(renderer, export_data, suppressed_cell):
    cell = suppressed_cell
    request = ExportRequest("map", indicator=cell["indicator"], level="ortsteil", year=cell["year"])
    chart = chart_for(export_data, request)
    assert chart.suppressed
    text = svg_texts(chart.render("svg"))
    assert chart.title in text and cell["period"] in chart.title
    assert chart.unit in text
    assert "Quelle: KOMPIK" in text and "synthetische Beispieldaten" in text
    assert DATE.search(text)
    assert SUPPRESSION_NOTE in text
    assert "•" in text.replace(SUPPRESSION_NOTE, "")  # the tile of the withheld unit


def test_no_note_where_nothing_is_withheld(renderer, export_data):
    chart = chart_for(export_data, ExportRequest("departments", goal="ganztagssysteme"))
    assert not chart.suppressed
    text = svg_texts(chart.render("svg"))
    assert "Nennungen" in text and "gesperrt" not in text and DATE.search(text)


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_every_chart_kind_renders(renderer, export_data, kind):
    chart = chart_for(export_data, chart_requests()[kind])
    text = svg_texts(chart.render("svg"))
    assert chart.title.split(" – ")[0][:20] in text
    assert DATE.search(text)


def test_tables_only_views_have_no_chart(export_data):
    with pytest.raises(ExportError, match="nur eine Tabelle"):
        chart_for(export_data, ExportRequest("goals"))
    with pytest.raises(ExportError, match="Bildformat"):
        export_chart(export_data, chart_requests()["ranking"], "gif")


def test_decorate_adds_header_and_footer_without_touching_the_figure():
    fig = figures.new_figure("Bildschirmtitel")
    fig.add_trace(go.Bar(x=["a", "b"], y=[1, 2], text=["1", "•"]))
    before = fig.to_plotly_json()
    out = decorate(
        fig,
        title="Titel <b>x</b>",
        unit="Anteil in %",
        source="Quelle: Test",
        data_date="01.02.2024",
        width=800,
        height=450,
    )
    assert fig.to_plotly_json() == before
    texts = [a.text for a in out.layout.annotations]
    assert any("Titel &lt;b&gt;x&lt;/b&gt;" in t and "Anteil in %" in t for t in texts)
    assert any("Datenstand: 01.02.2024" in t and SUPPRESSION_NOTE in t for t in texts)
    assert out.layout.width == 800 and out.layout.height == 450
    assert out.layout.title.text is None


def test_from_query_reads_the_apps_parameters():
    request = ExportRequest.from_query(
        {
            "art": "Rangfolge",
            "indikator": "uwe.wellbeing_low",
            "ebene": "ortsteil",
            "jahr": "2019/20",
            "aufgliederung": "insgesamt",
            "einheiten": "11,12",
        }
    )
    assert request == ExportRequest(
        "ranking", "uwe.wellbeing_low", "ortsteil", 2019, "", ("11", "12")
    )
    assert ExportRequest.from_query({"art": "zeitverlauf"}).kind == "series"
    compare = {"ebene": "stadtbezirk", "jahr": "2021", "x": "uwe.wellbeing_low"}
    compare |= {"y": "uwe.asset_peers", "indikator": "kompik.coverage", "von": "2016"}
    compare |= {"bis": "2020"}
    scatter = ExportRequest.from_query({**compare, "art": "zusammenhang"})
    assert (scatter.indicator, scatter.indicator_y, scatter.year) == (
        "uwe.wellbeing_low",
        "uwe.asset_peers",
        2021,
    )
    change = ExportRequest.from_query({**compare, "art": "Veränderung"})
    assert (change.indicator, change.year_from, change.year) == ("kompik.coverage", 2016, 2020)
    profile = ExportRequest.from_query({"art": "profil", "ebene": "", "einheit": "11"})
    assert (profile.kind, profile.level, profile.unit) == ("profile", "ortsteil", "11")


def test_render_of_a_plain_figure(renderer):
    fig = go.Figure(go.Bar(x=[1, 2], y=[2, 1]))
    png = render(
        fig,
        "png",
        title="Ohne Daten",
        unit="Anzahl",
        source="Quelle: Test",
        data_date="31.12.2024",
        width=400,
        height=300,
        scale=1,
    )
    assert Image.open(io.BytesIO(png)).size == (400, 300)


def test_parallel_downloads_each_get_their_own_chart(renderer, export_data):
    """8 threads (as waitress serves) ask at once for different charts and formats."""
    ask = ExportRequest
    jobs = [  # no title is part of another's
        (ask("ranking", "uwe.wellbeing_low", "ortsteil"), "png", 700),
        (ask("map", "uwe.asset_peers", "ortsteil"), "svg", 710),
        (ask("departments", goal="inklusive_systeme"), "pdf", 720),
        (ask("units", "kompik.coverage", "ortsteil"), "svg", 730),
        (ask("series", "uwe.wellbeing_high", "stadtbezirk"), "png", 740),
        (ask("change", "kompik.kitas_delivering", "stadtbezirk"), "pdf", 750),
        (
            ask("scatter", "uwe.school_positive", indicator_y="uwe.asset_nutrition_sleep"),
            "svg",
            760,
        ),
        (ask("profile", level="stadtbezirk", unit="2"), "png", 770),
    ]
    charts = [chart_for(export_data, request) for request, _, _ in jobs]
    assert len({c.title for c in charts}) == len(charts)
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def work(index: int) -> None:
        _, fmt, width = jobs[index]
        barrier.wait()
        try:
            results[index] = charts[index].render(fmt, width=width, height=420, scale=1)
        except Exception as error:  # reported below
            results[index] = error

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for chart, (_, fmt, width), content in zip(charts, jobs, results, strict=True):
        assert isinstance(content, bytes), content
        others = [c.title for c in charts if c is not chart]
        if fmt == "png":
            assert content.startswith(b"\x89PNG")
            assert Image.open(io.BytesIO(content)).size == (width, 420)
        elif fmt == "svg":
            root = ET.fromstring(content)
            assert root.tag == SVG and root.get("width") == str(width)
            text = svg_texts(content)
            assert chart.title.split(" – ")[0] in text
            assert not any(other in text for other in others)
        else:
            pages, text, size = pdf_text(content)
            assert pages == 1 and size[0] == pytest.approx(width * 0.75, abs=1)
            assert chart.title.split(" – ")[0][:25] in text.replace("\n", " ")
