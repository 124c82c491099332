"""Every page at the three sizes its users have: a phone (390 px), the analysts' desk (1400 px)
and the projector (1920x1080). No page is wider than the screen, and axe finds nothing serious
or critical on the phone (Chromium; the desk size, axe included, is covered by test_browser.py;
the projector's layout is the desk's, wider)."""

from __future__ import annotations

import pytest
from test_browser import PAGES, Tab, base_url, browser  # noqa: F401 - fixtures of the module

ALL_PAGES = [*PAGES, "/ziel/bildungsmonitoring"]
SIZES = {"telefon": (390, 844), "beamer": (1920, 1080)}


@pytest.fixture(params=list(SIZES), scope="module")
def size(request) -> str:
    return request.param


@pytest.fixture
def sized(browser, base_url, size):  # noqa: F811
    opened = Tab(browser, base_url)
    width, height = SIZES[size]
    opened.page.set_viewport_size({"width": width, "height": height})
    yield opened
    opened.close()


@pytest.mark.parametrize("path", ALL_PAGES)
def test_no_page_is_wider_than_the_screen_and_axe_finds_nothing_serious(sized, path, size):
    from axe_playwright_python.sync_playwright import Axe

    sized.open(path)
    width = SIZES[size][0]
    wide = sized.page.evaluate(
        """width => [...document.querySelectorAll('body *')]
            .filter(e => {
                const box = e.getBoundingClientRect();
                if (box.width === 0 || box.right <= width + 1) return false;
                // inside a scroll container the overflow is the container's, not the page's
                for (let p = e.parentElement; p; p = p.parentElement) {
                    const style = getComputedStyle(p);
                    if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) return false;
                }
                return true;
            })
            .slice(0, 5)
            .map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)""",
        width,
    )
    scroll_width = sized.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (scroll_width, wide)
    assert sized.blocked == [] and sized.errors == [], (sized.blocked, sized.errors)
    if size != "telefon":  # at the projector the layout is the desk's, which test_browser audits
        return
    results = Axe().run(sized.page)
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:5])
        for v in results.response["violations"]
        if v.get("impact") in ("critical", "serious")
    ]
    assert serious == [], serious
    assert sized.blocked == [] and sized.errors == [], (sized.blocked, sized.errors)
