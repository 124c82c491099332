"""Real-browser tests: Debian's Chromium, driven by Playwright, against the app served by waitress
on 127.0.0.1 with the synthetic sample database.

Every request to a host other than 127.0.0.1 is blocked and recorded: the pages must render
completely without one. Skipped without Chromium on a laptop; a failure with CI=true.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from dashboard_helpers import CHROMIUM, require
from sqlalchemy import create_engine, text

from dashboard.app import create_app
from dashboard.ids import Explorer
from indicators import disclosure, population
from indicators.disclosure import PUBLIC_NOTE

PAGES = [
    "/",
    "/ziel/schulsozialarbeit",
    "/indikatoren",
    "/profil",
    "/vergleich",
    "/datenstand",
    "/methodik",
    "/praesentation?folie=2",
    "/stadtteile",
    "/lieferungen",
    "/verwaltung",
]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY = """() => {
    const content = document.getElementById('_pages_content');
    if (!content || content.children.length === 0) return false;
    if (document.querySelector('[data-dash-is-loading="true"]')) return false;
    for (const graph of document.querySelectorAll('.dash-graph')) {
        if (!graph.querySelector('.main-svg')) return false;
    }
    return true;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator:
    require(Path(CHROMIUM).exists(), f"Chromium fehlt ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a dev dependency of the project
        require(False, "playwright ist nicht installiert")
        raise
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def serve(app) -> tuple[str, object]:
    from waitress import create_server

    server = create_server(app.server, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}", server


@pytest.fixture(scope="module")
def base_url(sample_url) -> Iterator[str]:
    url, server = serve(create_app(sample_url))
    yield url
    server.close()


class Tab:
    """A page in a fresh browser context that lets only 127.0.0.1 through."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _guard(self, route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.ready()

    def ready(self) -> None:
        self.page.wait_for_function(READY, timeout=20_000)

    def figure(self, graph_id: str) -> dict:
        """The figure as plotly.js drew it (data and layout)."""
        return json.loads(
            self.page.evaluate(
                """id => {
                const plot = document.getElementById(id).querySelector('.js-plotly-plot');
                return JSON.stringify({data: plot.data, layout: plot.layout});
            }""",
                graph_id,
            )
        )

    def table_text(self, container_id: str) -> str:
        return self.page.inner_text(f"#{container_id} table")

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlparse(self.page.url).query, keep_blank_values=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser, base_url) -> Iterator[Tab]:
    opened = Tab(browser, base_url)
    yield opened
    opened.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline_accessibly_and_without_errors(tab, path):
    from axe_playwright_python.sync_playwright import Axe

    tab.open(path)
    assert tab.page.locator("h1").count() == 1
    assert tab.page.evaluate("document.documentElement.lang") == "de"
    assert tab.blocked == [], f"Anfrage an fremden Host versucht: {tab.blocked}"
    assert tab.errors == [], tab.errors
    if tab.page.locator(".js-plotly-plot").count():
        # The German locale is registered from the app's assets and used by the graphs.
        locale = tab.page.evaluate("document.querySelector('.js-plotly-plot')._context.locale")
        assert locale == "de"
        titles = tab.page.evaluate(
            "[...document.querySelectorAll('.modebar-btn')].map(b => b.dataset.title)"
        )
        assert "Graphen als PNG herunterladen" in titles
    results = Axe().run(tab.page)
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:5])
        for v in results.response["violations"]
        if v.get("impact") in ("critical", "serious")
    ]
    assert serious == [], serious
    assert tab.blocked == [] and tab.errors == []


def test_explorer_follows_its_controls_and_the_back_button(tab):
    tab.open("/indikatoren?indikator=uwe.wellbeing_low&ebene=ortsteil&jahr=2019&aufgliederung=")
    heading = tab.page.locator(f"#{Explorer.HEADING}")
    first_table = tab.table_text(Explorer.TABLE)
    first_bars = tab.figure(Explorer.BARS)["data"]

    tab.page.select_option(f"#{Explorer.INDICATOR}", "uwe.asset_peers")
    heading.filter(has_text="Gleichaltrige").wait_for()
    tab.ready()
    assert tab.query()["indikator"] == ["uwe.asset_peers"]
    assert tab.table_text(Explorer.TABLE) != first_table
    assert tab.figure(Explorer.BARS)["data"] != first_bars

    tab.page.select_option(f"#{Explorer.LEVEL}", "stadtbezirk")
    heading.filter(has_text="Stadtbezirke").wait_for()
    tab.ready()
    assert tab.query()["ebene"] == ["stadtbezirk"]
    rows = tab.page.locator(f"#{Explorer.TABLE} tbody tr").count()
    assert rows == 5  # 4 Stadtbezirke and the city (UWE is published down to the Ortsteil)
    map_text = json.dumps(tab.figure(Explorer.MAP)["data"], ensure_ascii=False)
    assert "Sodingen" in map_text

    tab.page.select_option(f"#{Explorer.YEAR}", "2017")
    heading.filter(has_text="2017").wait_for()
    tab.ready()
    assert tab.query()["jahr"] == ["2017"]
    assert "2017" in tab.figure(Explorer.MAP)["layout"]["title"]["text"]

    tab.page.go_back()
    heading.filter(has_text="2019").wait_for()
    assert tab.page.input_value(f"#{Explorer.YEAR}") == "2019"
    tab.page.go_back()
    heading.filter(has_text="Ortsteile").wait_for()
    assert tab.page.input_value(f"#{Explorer.LEVEL}") == "ortsteil"
    assert tab.errors == [] and tab.blocked == []


def test_a_permalink_restores_the_view(tab):
    tab.open(
        "/indikatoren?indikator=kompik.language.mean&ebene=stadtbezirk&jahr=2018"
        "&aufgliederung=sex%3Dw&einheiten=1,3"
    )
    page = tab.page
    assert page.input_value(f"#{Explorer.INDICATOR}") == "kompik.language.mean"
    assert page.input_value(f"#{Explorer.LEVEL}") == "stadtbezirk"
    assert page.input_value(f"#{Explorer.YEAR}") == "2018"
    assert page.input_value(f"#{Explorer.BREAKDOWN}") == "sex=w"
    assert "Geschlecht: weiblich" in page.inner_text(f"#{Explorer.HEADING}")
    checked = page.eval_on_selector_all(
        f"#{Explorer.UNITS} input:checked", "inputs => inputs.map(i => i.value)"
    )
    assert sorted(checked) == ["1", "3"]
    legend = json.dumps(tab.figure(Explorer.SERIES)["data"], ensure_ascii=False)
    assert "Wanne" in legend and "Herne-Mitte" in legend
    assert tab.errors == []


def suppressed_cell(url: str) -> tuple[str, str, int, str, str]:
    """A suppressed Ortsteil cell without breakdown: (indicator, level, year, unit, name)."""
    with create_engine(url).connect() as conn:
        row = conn.execute(
            text(
                "select v.indicator, v.level, v.year, v.unit, u.name from indicator_values v "
                "join spatial_units u on u.level = v.level and u.number = v.unit "
                "where v.suppressed and v.level = 'ortsteil' and v.breakdown = '' "
                "and v.indicator like 'kompik.%' order by v.year desc limit 1"
            )
        ).one()
    return row[0], row[1], int(row[2]), row[3], row[4]


# The precise reasons the database keeps (indicators.disclosure, indicators.population).
REASON_WORDS = (
    disclosure.SECONDARY_REASON,
    population.AUDIT_REASON,
    population.SPARSE_REASON,
    "weniger als 10 Befragte",
    "weniger als 5 Personen",
    "Kitas mit mindestens",
)


def test_a_suppressed_value_shows_a_dot(tab, sample_url):
    indicator, level, year, unit, name = suppressed_cell(sample_url)
    tab.open(f"/indikatoren?indikator={indicator}&ebene={level}&jahr={year}&aufgliederung=")
    row = tab.page.locator(f"#{Explorer.TABLE} tbody tr").filter(
        has=tab.page.locator("th", has_text=unit)
    )
    cells = row.locator("td").all_inner_texts()
    assert cells[1] == "•"  # Einheit, Wert, Zähler, ...
    assert cells[-1] == PUBLIC_NOTE  # one note for every withheld cell, never its reason
    tiles = tab.figure(Explorer.MAP)["data"]
    grey = next(t for t in tiles if t.get("name") == "gesperrt")
    texts = [t for line in grey["text"] for t in line if t]
    assert any(name.split("/")[0] in t and "•" in t for t in texts)
    hovers = [h for line in grey["hovertext"] for h in line if h]
    assert all(PUBLIC_NOTE in h and "%" not in h for h in hovers)
    # The Excel download the page offers says the same and names no reason.
    link = tab.page.locator("a[href*='format=xlsx']").first.get_attribute("href")
    response = tab.page.request.get(tab.base + link)
    assert response.ok
    sheets = openpyxl.load_workbook(io.BytesIO(response.body()), read_only=True)
    words = " ".join(
        str(value)
        for sheet in sheets.worksheets
        for line in sheet.iter_rows(values_only=True)
        for value in line
        if value is not None
    )
    assert PUBLIC_NOTE in words
    assert not any(reason in words for reason in REASON_WORDS), words[:500]
    shown = tab.page.inner_text("body")
    assert not any(reason in shown for reason in REASON_WORDS)
    bars = tab.figure(Explorer.BARS)["data"]
    drawn = [y for trace in bars if trace["type"] == "bar" for y in trace["y"]]
    assert name not in drawn  # no bar for the suppressed unit, a "•" at 0 instead
    marks = next(t for t in bars if t["type"] == "scatter")
    assert name in marks["y"] and "•" in marks["text"]


def test_every_control_is_reachable_by_keyboard(tab):
    tab.open("/indikatoren")
    reached = []
    for _ in range(30):
        tab.page.keyboard.press("Tab")
        reached.append(
            tab.page.evaluate("document.activeElement.id || document.activeElement.textContent")
        )
    assert reached[0] == "Zum Inhalt springen"
    for control in (Explorer.INDICATOR, Explorer.LEVEL, Explorer.YEAR, Explorer.BREAKDOWN):
        assert control in reached
    tab.page.focus(f"#{Explorer.LEVEL}")
    tab.page.keyboard.press("ArrowUp")  # a native select changes with the keyboard
    tab.page.locator(f"#{Explorer.HEADING}").filter(has_text="Stadtbezirke").wait_for()


def made_up_geojson(url: str) -> dict:
    """Squares for the Ortsteile at their tile positions: invented geometry for the test only,
    not Herne's boundaries."""
    from publish.read import TILES_CSV, read_ortsteil_tiles

    features = []
    for number, (row, col) in read_ortsteil_tiles(TILES_CSV).items():
        x0, y0 = 7.12 + col * 0.03, 51.57 - row * 0.02
        ring = [[x0, y0], [x0 + 0.03, y0], [x0 + 0.03, y0 - 0.02], [x0, y0 - 0.02], [x0, y0]]
        features.append(
            {
                "type": "Feature",
                "properties": {"nummer": number, "ebene": "ortsteil"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def test_a_supplied_geojson_draws_a_choropleth_offline(browser, sample_url, tmp_path):
    path = tmp_path / "erfundene_ortsteile.geojson"
    path.write_text(json.dumps(made_up_geojson(sample_url)), encoding="utf-8")
    url, server = serve(create_app(sample_url, geojson=path))
    tab = Tab(browser, url)
    try:
        tab.open("/indikatoren?indikator=uwe.wellbeing_low&ebene=ortsteil&jahr=2019")
        kinds = {t["type"] for t in tab.figure(Explorer.MAP)["data"]}
        assert "choropleth" in kinds
        assert tab.page.locator(f"#{Explorer.MAP} .choroplethlocation").count() == 13
        assert tab.blocked == [], tab.blocked
        assert tab.errors == [], tab.errors
        # Levels without geometry keep the tile map.
        tab.page.select_option(f"#{Explorer.LEVEL}", "stadtbezirk")
        tab.page.locator(f"#{Explorer.HEADING}").filter(has_text="Stadtbezirke").wait_for()
        tab.ready()
        # (heatmap tiles; scatter traces without data carry the legend of the colour classes)
        assert {t["type"] for t in tab.figure(Explorer.MAP)["data"]} == {"heatmap", "scatter"}
    finally:
        tab.close()
        server.close()


def test_presentation_goes_forward_and_back_by_keyboard(tab):
    tab.open("/praesentation?folie=1")
    assert "Lenkungskreis" in tab.page.inner_text("h1")
    assert not tab.page.locator(".bimo-navbar").is_visible()  # the projector shows the slide only
    tab.page.keyboard.press("ArrowRight")  # the overview, then goal 1 (publish.pack.deck)
    tab.page.keyboard.press("ArrowRight")
    tab.page.wait_for_function("() => location.search.includes('folie=3')")
    tab.page.wait_for_selector('.bimo-presentation[data-slide="3"]')
    tab.ready()
    assert tab.page.inner_text("h1").startswith("Handlungsziel 1: ")
    # the latest period (2018-2022): no department has returned a measure for goal 1 yet
    chart = tab.figure("praesentation-arbeitsbereiche")
    assert chart["data"] == []
    assert "keine Maßnahmen" in chart["layout"]["annotations"][0]["text"]
    tab.page.keyboard.press("ArrowLeft")
    tab.page.keyboard.press("ArrowLeft")
    tab.page.wait_for_function("() => location.search.includes('folie=1')")
    assert tab.query()["folie"] == ["1"]
    tab.open("/praesentation?periode=2013-2017&folie=3")
    assert tab.figure("praesentation-arbeitsbereiche")["data"][0]["type"] == "bar"
    assert tab.errors == [] and tab.blocked == []
