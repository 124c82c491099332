"""The Präsentation in a real browser (fixtures of ``test_browser``): at 1920 x 1080 the slide
fills the screen and no chart text is under 18 px; quick key presses all count, even while the
server is slow; at 390 px the controls stay on screen and nothing scrolls sideways; the slides
are the meeting pack's (``publish.pack.deck``), in its order and with its titles."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from test_browser import Tab, browser, serve  # noqa: F401 - browser is a fixture

from dashboard.app import create_app
from publish.pack import build_deck, pack_content
from publish.read import ReadModel

PERIOD = "2013-2017"
SLOW = 0.25  # seconds the server waits before each callback: key presses land mid-flight
FULL_HD = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def slow_url(sample_url) -> Iterator[str]:
    """The app on the sample database, every Dash callback answered ``SLOW`` seconds late."""
    from flask import request

    app = create_app(sample_url)

    @app.server.before_request
    def _late() -> None:
        if request.path.endswith("_dash-update-component"):
            time.sleep(SLOW)

    url, server = serve(app)
    yield url
    server.close()


@pytest.fixture(scope="module")
def titles(sample_url) -> list[str]:
    """The titles of the meeting pack's slides for the period, in order."""
    source = ReadModel(sample_url, check_interval=0)
    try:
        return [slide.title for slide in build_deck(pack_content(source, PERIOD))]
    finally:
        source.engine.dispose()


def open_tab(browser, base: str, viewport: dict) -> Tab:  # noqa: F811 - the fixture's value
    tab = Tab(browser, base)
    tab.page.set_viewport_size(viewport)
    return tab


def shown(tab: Tab) -> int:
    return int(tab.page.get_attribute(".bimo-presentation", "data-slide"))


def slide_url(number: int) -> str:
    return f"/praesentation?periode={PERIOD}&folie={number}"


def kind_number(titles: list[str], prefix: str) -> int:
    return next(n for n, title in enumerate(titles, start=1) if title.startswith(prefix))


def test_a_slide_fills_the_full_hd_screen_with_large_chart_text(browser, slow_url, titles):  # noqa: F811
    tab = open_tab(browser, slow_url, FULL_HD)
    try:
        goal = kind_number(titles, "Handlungsziel 1:")
        for number in (goal, goal + 1):  # the goal slide and its first key indicator
            tab.open(slide_url(number))
            assert tab.page.inner_text("h1") == titles[number - 1]
            extent = tab.page.evaluate(
                """() => {
                const slide = document.querySelector('.bimo-slide');
                const parts = [...slide.children].map(e => e.getBoundingClientRect());
                const [tops, bottoms] = [parts.map(r => r.top), parts.map(r => r.bottom)];
                const chart = slide.querySelector('.main-svg').getBoundingClientRect();
                return {
                    slide: slide.getBoundingClientRect().height,
                    content: Math.max(...bottoms) - Math.min(...tops),
                    chart: chart.height,
                    viewport: window.innerHeight,
                };
            }"""
            )
            assert extent["viewport"] == 1080
            assert extent["slide"] >= 0.85 * 1080, extent
            assert extent["content"] >= 0.85 * 1080, extent
            assert extent["chart"] >= 0.4 * 1080, extent
            sizes = tab.page.evaluate(
                """() => [...document.querySelectorAll('.bimo-slide svg text')]
                    .filter(t => t.textContent.trim() && t.getBBox().width > 0)
                    .map(t => [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize)])"""
            )
            assert len(sizes) > 5
            small = [(text, size) for text, size in sizes if size < 18]
            assert small == [], small
        assert tab.errors == [] and tab.blocked == []
    finally:
        tab.close()


def test_quick_key_presses_all_count_while_the_server_is_slow(browser, slow_url, titles):  # noqa: F811
    tab = open_tab(browser, slow_url, FULL_HD)
    try:
        tab.open(slide_url(1))
        for _ in range(5):
            tab.page.keyboard.press("ArrowRight")  # no waiting between presses
        tab.page.wait_for_function("() => location.search.includes('folie=6')", timeout=5_000)
        tab.page.wait_for_selector('.bimo-presentation[data-slide="6"]', timeout=20_000)
        tab.ready()
        time.sleep(4 * SLOW)  # a late answer for an earlier slide must not replace it
        assert shown(tab) == 6
        assert tab.page.inner_text("h1") == titles[5]
        assert tab.page.inner_text("#praesentation-zaehler") == f"Folie 6 von {len(titles)}"
        for key in ("ArrowLeft", "PageUp", "ArrowLeft"):
            tab.page.keyboard.press(key)
        tab.page.wait_for_selector('.bimo-presentation[data-slide="3"]', timeout=20_000)
        assert tab.query()["folie"] == ["3"]
        # the links step the same way, also when clicked twice quickly
        tab.page.click("#praesentation-weiter")
        tab.page.click("#praesentation-weiter")
        tab.page.wait_for_selector('.bimo-presentation[data-slide="5"]', timeout=20_000)
        tab.page.keyboard.press("End")
        tab.page.wait_for_selector(
            f'.bimo-presentation[data-slide="{len(titles)}"]', timeout=20_000
        )
        tab.page.keyboard.press("ArrowRight")  # nothing beyond the last slide
        time.sleep(2 * SLOW)
        assert shown(tab) == len(titles)
        tab.page.go_back()  # every slide has its own address
        tab.page.wait_for_selector('.bimo-presentation[data-slide="5"]', timeout=20_000)
        assert tab.errors == [] and tab.blocked == []
    finally:
        tab.close()


def test_on_a_phone_the_controls_stay_on_screen_and_nothing_scrolls_sideways(
    browser,  # noqa: F811
    slow_url,
    titles,
):
    tab = open_tab(browser, slow_url, PHONE)
    try:
        goal = kind_number(titles, "Handlungsziel 1:")
        for number in (1, 2, goal, goal + 1, len(titles)):
            tab.open(slide_url(number))
            widths = tab.page.evaluate(
                """() => {
                const inner = window.innerWidth;
                const boxes = ['.bimo-presentation', '.bimo-slide', '.bimo-presentation-controls']
                    .map(s => document.querySelector(s));
                return {
                    inner,
                    page: document.documentElement.scrollWidth,
                    boxes: boxes.map(b => b.scrollWidth - b.clientWidth),
                };
            }"""
            )
            assert widths["page"] <= widths["inner"], (number, widths)
            assert widths["boxes"] == [0, 0, 0], (number, widths)
            for control in (
                "praesentation-zurueck",
                "praesentation-weiter",
                "praesentation-vollbild",
            ):
                box = tab.page.locator(f"#{control}").bounding_box()
                assert box is not None, control
                assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (number, box)
                assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (number, box)
        assert tab.errors == [] and tab.blocked == []
    finally:
        tab.close()


def test_goal_and_indicator_slides_are_accessible(browser, slow_url, titles):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    tab = open_tab(browser, slow_url, FULL_HD)
    try:
        goal = kind_number(titles, "Handlungsziel 1:")
        without = next(n for n, t in enumerate(titles, 1) if t.endswith("noch ohne Kennzahl"))
        for number in (goal, goal + 1, without, len(titles)):
            tab.open(slide_url(number))
            assert tab.page.locator("h1").count() == 1
            results = Axe().run(tab.page)
            serious = [
                (v["id"], v["help"], [n["target"] for n in v["nodes"]][:5])
                for v in results.response["violations"]
                if v.get("impact") in ("critical", "serious")
            ]
            assert serious == [], (number, serious)
        assert tab.errors == [] and tab.blocked == []
    finally:
        tab.close()
