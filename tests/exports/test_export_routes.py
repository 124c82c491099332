"""The app's download routes: what the links on the pages fetch."""

from __future__ import annotations

import io

import openpyxl
import pytest
from conftest import require_chromium

from dashboard.app import create_app


@pytest.fixture(scope="module")
def client(export_url):
    return create_app(export_url).server.test_client()


def test_chart_download_is_an_attachment_of_the_asked_format(client):
    require_chromium()
    response = client.get("/export?indikator=uwe.wellbeing_low&ebene=ortsteil&art=karte&format=svg")
    assert response.status_code == 200
    assert response.content_type.startswith("image/svg+xml")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert b"<svg" in response.data[:500]


def test_table_download_shows_suppressed_cells_as_dots(client, suppressed_cell):
    query = (
        f"indikator={suppressed_cell['indicator']}&ebene={suppressed_cell['level']}"
        f"&jahr={suppressed_cell['year']}&art=rangfolge&format=xlsx"
    )
    if suppressed_cell.get("breakdown"):
        query += f"&aufgliederung={suppressed_cell['breakdown']}"
    response = client.get(f"/export?{query}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "•" in cells


def test_a_bad_request_gets_a_german_message(client):
    response = client.get("/export?art=karte&format=png")
    assert response.status_code == 400
    assert "Indikator" in response.get_data(as_text=True)


def test_meeting_pack_download(client):
    require_chromium()
    response = client.get("/export/pack?periode=2013-2017&format=pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert "lenkungskreis_2013-2017" in response.headers["Content-Disposition"]
