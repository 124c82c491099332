"""How responses travel (Flask test client, tiny database): compressed when the browser accepts
it, cacheable where the URL changes with the content, timed with Server-Timing, never compressed
beside a CSRF token, the security headers kept; ``warm`` prepares the compressed files."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import brotli
import plotly
import pytest
from dashboard_helpers import CHROMIUM, require

from dashboard import delivery
from dashboard.app import BOOTSTRAP_ROUTE, create_app
from dashboard.ids import Explorer
from etl import accounts
from publish.render.kaleido import RENDERER

PLOTLY_JS = "/_dash-component-suites/plotly/package_data/plotly.min.js"
RAW_PLOTLY = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.fixture
def app(tiny_url):
    return create_app(tiny_url)


@pytest.fixture
def client(app):
    return app.server.test_client()


def linked(client, path: str = "/indikatoren") -> list[str]:
    return re.findall(r'(?:src|href)="(/[^"]+)"', client.get(path).text)


def test_plotly_js_comes_compressed_cacheable_and_unchanged(client):
    response = client.get(PLOTLY_JS, headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert len(response.data) < 1_500_000  # 4.8 MB raw
    assert brotli.decompress(response.data) == RAW_PLOTLY.read_bytes()
    assert "max-age=3600" in response.headers["Cache-Control"]
    assert "Accept-Encoding" in response.headers["Vary"]
    # the security headers stay on a compressed response
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_plotly_js_is_compressed_once_and_then_served_from_the_cache(app, client):
    files = app.server.extensions["bimo_compressed_files"]
    first = client.get(PLOTLY_JS, headers={"Accept-Encoding": "br"})
    kept = len(files)
    again = client.get(PLOTLY_JS, headers={"Accept-Encoding": "br"})
    assert kept >= 1 and len(files) == kept
    assert again.data == first.data
    assert _metric(again, "compress") < _metric(first, "compress")


def test_gzip_when_the_browser_accepts_nothing_else(client):
    response = client.get(PLOTLY_JS, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == RAW_PLOTLY.read_bytes()


def test_without_accept_encoding_the_file_comes_as_it_is(client):
    response = client.get(PLOTLY_JS)
    assert "Content-Encoding" not in response.headers
    assert response.data == RAW_PLOTLY.read_bytes()


def test_fingerprinted_and_stamped_files_are_cacheable_for_a_year(client):
    links = linked(client)
    suites = [u for u in links if u.startswith("/_dash-component-suites/")]
    stamped = [u for u in links if u.startswith("/assets/") and "?m=" in u]
    assert suites and stamped
    for url in suites + stamped:
        response = client.get(url, headers=BROWSER)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == delivery.YEAR, url
        if len(response.data) > 2000:
            assert response.headers["Content-Encoding"] == "br", url
    assert delivery.BOOTSTRAP_PREFIX == BOOTSTRAP_ROUTE
    css = client.get(BOOTSTRAP_ROUTE + "bootstrap.min.css", headers=BROWSER)
    assert css.headers["Content-Encoding"] == "br"
    assert "max-age=86400" in css.headers["Cache-Control"]
    assert len(brotli.decompress(css.data)) > 5 * len(css.data)


def test_layout_dependencies_and_callbacks_come_compressed(client):
    for path in ("/_dash-layout", "/_dash-dependencies"):
        response = client.get(path, headers=BROWSER)
        assert response.headers["Content-Encoding"] == "zstd", path
        assert "Cache-Control" not in response.headers, path
    spec = next(
        d
        for d in client.get("/_dash-dependencies").get_json()
        if f"{Explorer.MAP}.figure" in d["output"]
    )
    values = {
        f"{Explorer.URL}.search": "",
        f"{Explorer.INDICATOR}.value": "uwe.wellbeing_low",
        f"{Explorer.LEVEL}.value": "ortsteil",
        f"{Explorer.YEAR}.value": "2019",
        f"{Explorer.BREAKDOWN}.value": "insgesamt",
        f"{Explorer.UNITS}.value": [],
    }

    def items(declared):
        return [
            {
                "id": d["id"],
                "property": d["property"],
                "value": values.get(f"{d['id']}.{d['property']}"),
            }
            for d in declared
        ]

    payload = {
        "output": spec["output"],
        "outputs": [
            dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
            for part in spec["output"].strip(".").split("...")
        ],
        "inputs": items(spec["inputs"]),
        "changedPropIds": [f"{Explorer.INDICATOR}.value"],
        "state": items(spec["state"]),
    }
    response = client.post(
        "/_dash-update-component", json=payload, headers={"Accept-Encoding": "gzip"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    body = json.loads(gzip.decompress(response.data))
    assert Explorer.MAP in body["response"]
    assert _metric(response, "app") > 0


def test_every_response_says_how_long_the_app_took(client):
    for path in ("/", "/_dash-layout", PLOTLY_JS, "/gibt-es-nicht.txt"):
        response = client.get(path, headers=BROWSER)
        assert 0 < _metric(response, "app") < 60_000, path


def test_a_response_with_a_csrf_token_is_never_compressed(tiny_url):
    from etl.db import make_engine

    engine = make_engine(tiny_url)
    accounts.add(engine, "ada", "ein-langes-passwort", "admin", by="test")
    engine.dispose()
    client = create_app(tiny_url).server.test_client()
    login = client.get("/anmelden", headers=BROWSER)
    assert login.status_code == 200 and b'name="csrf_token"' in login.data
    assert "Content-Encoding" not in login.headers
    # the files the login page needs still come compressed
    css = client.get("/_bimo/bootstrap/bootstrap.min.css", headers=BROWSER)
    assert css.headers["Content-Encoding"] == "br"


def test_warm_prepares_the_compressed_files_of_the_first_page(app):
    files = app.server.extensions["bimo_compressed_files"]
    assert len(files) == 0
    delivery.warm(app, renderer=False).join(timeout=120)
    assert len(files) >= 10  # the page's scripts and styles, plotly.js and the graph
    assert any(PLOTLY_JS in key for key in files.urls())


def _metric(response, name: str) -> float:
    """The duration of one Server-Timing metric in ms (0 when missing)."""
    for entry in ", ".join(response.headers.getlist("Server-Timing")).split(","):
        parts = [p.strip() for p in entry.split(";")]
        if parts[0] == name:
            return next(float(p[4:]) for p in parts[1:] if p.startswith("dur="))
    return 0.0


def test_warm_starts_the_chart_renderer_with_a_chart_of_the_data(app):
    require(Path(CHROMIUM).exists(), f"Chromium fehlt ({CHROMIUM})")
    try:
        delivery.warm(app).join(timeout=180)
        assert RENDERER.running  # started and drawn once before any download
        png = app.server.test_client().get(
            "/export?art=rangfolge&indikator=uwe.wellbeing_low&ebene=ortsteil&format=png"
        )
        assert png.status_code == 200 and png.data[:4] == b"\x89PNG"
        assert RENDERER.running
    finally:
        RENDERER.close()
