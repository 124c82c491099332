"""Real-browser tests of "Stadtteile im Überblick" and the Stadtteilprofil: the heat table with
"•" for withheld values and a click from a cell into the explorer, the profile's words and bars
pointing the same way (also side by side), no sideways scrolling on a phone, and axe without
serious findings (fixtures of ``test_browser``: Debian's Chromium, the app on 127.0.0.1, the
synthetic sample database)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import test_browser as shared

from dashboard.ids import Districts, Explorer, Profile
from publish import formatting as fmt

# The browser, the served app and a fresh page: the fixtures of test_browser.
browser, base_url, tab = shared.browser, shared.base_url, shared.tab

HEAT = f"#{Districts.GRID} table"
PROFILE = "/profil?ebene=ortsteil&einheit=11"
COMPARE = "/profil?ebene=ortsteil&einheit=11&vergleich=11,12,41"


def serious_findings(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:5])
        for v in results.response["violations"]
        if v.get("impact") in ("critical", "serious")
    ]


def test_heat_map_shows_dots_and_a_click_opens_the_explorer(tab):
    tab.open("/stadtteile?ebene=ortsteil")
    assert tab.page.locator(f"{HEAT} tbody tr").count() == 13  # every Ortsteil
    cells = tab.page.locator(f"{HEAT} td.bimo-heat-cell a")
    texts = [t.split(" ")[0] for t in cells.all_text_contents()]
    assert fmt.SUPPRESSED in texts  # the sample withholds values
    assert any(t.startswith(("+", fmt.MINUS)) for t in texts)
    # a withheld cell carries no number
    dot = tab.page.locator(f"{HEAT} td.bimo-heat-cell a", has_text=fmt.SUPPRESSED).first
    assert not any(ch.isdigit() for ch in dot.inner_text())
    # a cell with a number leads to that indicator, level, year and unit in the explorer
    number = next(i for i, t in enumerate(texts) if t.startswith(("+", fmt.MINUS)))
    link = cells.nth(number)
    query = parse_qs(urlparse(link.get_attribute("href")).query)
    row_name = link.locator("xpath=ancestor::tr/th").inner_text().split("\n")[0]
    link.click()
    tab.page.wait_for_url("**/indikatoren?**")
    tab.ready()
    tab.page.locator(f"#{Explorer.HEADING}").filter(has_text=query["jahr"][0][:4]).wait_for()
    assert tab.page.input_value(f"#{Explorer.INDICATOR}") == query["indikator"][0]
    assert tab.page.input_value(f"#{Explorer.LEVEL}") == "ortsteil"
    checked = tab.page.eval_on_selector_all(
        f"#{Explorer.UNITS} input:checked", "inputs => inputs.map(i => i.value)"
    )
    assert checked == query["einheiten"]
    assert row_name in tab.page.inner_text(f"#{Explorer.UNITS}")
    assert tab.errors == [] and tab.blocked == []


def test_heat_map_sorts_by_the_count_of_unfavourable_goals(tab):
    tab.open("/stadtteile?ebene=stadtbezirk")
    assert tab.page.locator(f"{HEAT} tbody tr").count() == 4
    tab.page.select_option(f"#{Districts.SORT}", "unguenstig")
    tab.page.wait_for_function("() => location.search.includes('sortierung=unguenstig')")
    tab.ready()
    counts = [
        int(text.split(" ")[0])
        for text in tab.page.locator(f"{HEAT} tbody tr td:last-child").all_inner_texts()
    ]
    assert counts == sorted(counts, reverse=True)
    assert tab.page.locator(f"{HEAT} th[aria-sort]").count() == 1
    # the download offers the same view
    link = tab.page.locator(f"#{Districts.DOWNLOADS} a[href*='format=csv']").get_attribute("href")
    response = tab.page.request.get(tab.base + link)
    assert response.ok and "Ziel 1" in response.body().decode("utf-8-sig")


def bar_and_words(tab) -> list[tuple[str, str]]:
    """Per drawn cell of the profile: the side its bar points to ("right", "left", "") and its
    words."""
    return tab.page.eval_on_selector_all(
        f"#{Profile.CHART} .bimo-dev-cell",
        """cells => cells.map(cell => {
            const bar = cell.querySelector('.bimo-dev-bar');
            const side = !bar ? '' : (bar.style.left === '50%' ? 'right' : 'left');
            return [side, cell.querySelector('.bimo-dev-value').textContent];
        })""",
    )


def assert_words_match_bars(found: list[tuple[str, str]]) -> None:
    assert found
    for side, words in found:
        assert "±" not in words, words
        if side == "right":
            assert words.startswith("+") and words.endswith(" günstiger"), words
        elif side == "left":
            assert words.startswith(fmt.MINUS) and words.endswith(" ungünstiger"), words
        else:
            assert words in ("wie Herne", fmt.MISSING) or words.startswith(fmt.SUPPRESSED), words
    assert {"right", "left"} <= {side for side, _ in found}


def test_profile_words_and_bars_point_the_same_way(tab):
    tab.open(PROFILE)
    assert_words_match_bars(bar_and_words(tab))
    # a lower-is-better indicator below the city: to the right, with a plus
    row = tab.page.locator(f"#{Profile.CHART} li[data-indicator='ssw.fixed_term_share']")
    assert row.locator(".bimo-dev-bar").evaluate("bar => bar.style.left") == "50%"
    assert row.locator(".bimo-dev-value").inner_text().startswith("+")
    height = tab.page.locator(f"#{Profile.CHART}").bounding_box()["height"]
    assert height < 1500, height
    assert tab.errors == [] and tab.blocked == []


def test_profile_compares_three_units_on_one_scale(tab):
    tab.open(COMPARE)
    names = tab.page.locator(f"#{Profile.CHART} .bimo-dev-head").first.inner_text()
    for name in ("Wanne", "Unser Fritz/Crange", "Sodingen"):
        assert name in names
    checked = tab.page.eval_on_selector_all(
        f"#{Profile.COMPARE} input:checked", "inputs => inputs.map(i => i.value)"
    )
    assert sorted(checked) == ["12", "41"]
    row = tab.page.locator(f"#{Profile.CHART} li.bimo-dev-row").first
    assert row.locator(".bimo-dev-cell").count() == 3
    assert_words_match_bars(bar_and_words(tab))
    # unchecking both returns to one unit, and the URL says so
    tab.page.locator(f"#{Profile.COMPARE} input[value='12']").uncheck()
    tab.page.wait_for_function("() => location.search.includes('vergleich=11,41')")
    tab.ready()
    assert tab.page.locator(f"#{Profile.CHART} .bimo-dev-n2").count() == 1
    tab.page.locator(f"#{Profile.COMPARE} input[value='41']").uncheck()
    tab.page.wait_for_function("() => !location.search.includes('vergleich=11')")
    tab.ready()
    assert tab.page.locator(f"#{Profile.CHART} .bimo-dev-n1").count() == 1
    assert tab.errors == [] and tab.blocked == []


@pytest.mark.parametrize("path", ["/stadtteile?ebene=ortsteil", PROFILE, COMPARE])
def test_no_sideways_scrolling_on_a_phone(tab, path):
    tab.page.set_viewport_size({"width": 390, "height": 844})
    tab.open(path)
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    if "vergleich" in path:  # stacked: each unit's name beside its bar
        unit = tab.page.locator(f"#{Profile.CHART} .bimo-dev-unit").first
        assert unit.is_visible() and unit.inner_text().startswith("Wanne")


@pytest.mark.parametrize("path", ["/stadtteile?ebene=ortsteil", COMPARE])
def test_pages_have_no_serious_accessibility_findings(tab, path):
    tab.open(path)
    assert tab.page.locator("h1").count() == 1
    assert serious_findings(tab.page) == []
    assert tab.errors == [] and tab.blocked == []
