"""Real-browser tests of the colour classes on the Indikatoren page: the legend's words follow
the indicator's direction, and switching the classes changes the URL, the legend and the
download (fixtures of ``test_browser``: Debian's Chromium, the app on 127.0.0.1, the synthetic
sample database)."""

from __future__ import annotations

import test_browser as shared
from test_browser import Tab

from dashboard.ids import Explorer
from publish.figures.classes import PARTS, class_count

# The browser, the served app and a fresh page: the fixtures of test_browser.
browser, base_url, tab = shared.browser, shared.base_url, shared.tab

LOWER_IS_BETTER = "uwe.wellbeing_low"
HIGHER_IS_BETTER = "uwe.asset_adults"


LINES = """element => element.querySelectorAll('tspan.line').length
    ? [...element.querySelectorAll('tspan.line')].map(line => line.textContent).join(' ')
    : element.textContent"""


def legend(opened: Tab, graph_id: str) -> tuple[str, list[str]]:
    """The legend as the browser drew it (SVG text, its lines joined by a space): its title and
    the words of its entries."""
    root = f"#{graph_id} .legend"
    title = opened.page.locator(f"{root} .legendtitletext").evaluate(LINES)
    entries = opened.page.locator(f"{root} .legendtext").evaluate_all(
        f"elements => elements.map({LINES})"
    )
    return title, entries


def published(opened: Tab) -> int:
    """The tiles of the map that carry a class (a published value)."""
    data = opened.figure(Explorer.MAP)["data"]
    values = next(
        t
        for t in data
        if t["type"] == "heatmap"
        and t.get("showlegend") is False
        and t["name"] not in ("gesperrt", "keine Daten")
    )
    return sum(z is not None for row in values["z"] for z in row)


def test_the_legend_says_favourable_in_the_indicators_direction(tab):
    tab.open(f"/indikatoren?indikator={LOWER_IS_BETTER}&ebene=ortsteil")
    title, entries = legend(tab, Explorer.MAP)
    assert (
        title.startswith("Abweichung von Herne (") and "ein niedrigerer Wert ist günstiger" in title
    )
    # Less is better: favourable lies below the city's value.
    assert "günstiger als Herne (2 bis unter 5 Pp. darunter)" in entries
    assert "ungünstiger als Herne (2 bis unter 5 Pp. darüber)" in entries
    assert "etwa wie Herne (weniger als 2 Pp. Abstand)" in entries
    assert "• gesperrt" in entries  # the sample withholds some Ortsteile
    assert legend(tab, Explorer.BARS)[1] == entries  # the ranking: the same classes

    tab.page.select_option(f"#{Explorer.INDICATOR}", HIGHER_IS_BETTER)
    tab.page.locator(f"#{Explorer.HEADING}").filter(has_text="Erwachsene").wait_for()
    tab.ready()
    title, entries = legend(tab, Explorer.MAP)
    assert "ein höherer Wert ist günstiger" in title
    assert "günstiger als Herne (2 bis unter 5 Pp. darüber)" in entries
    assert "deutlich ungünstiger als Herne (5 Pp. und mehr darunter)" in entries
    assert tab.errors == [] and tab.blocked == []


def test_switching_the_classes_changes_url_legend_and_download(tab):
    tab.open(f"/indikatoren?indikator={LOWER_IS_BETTER}&ebene=ortsteil")
    assert "klassen" not in tab.query()  # the default is not written
    assert tab.page.input_value(f"#{Explorer.CLASSES}") == "abweichung"
    heading = tab.page.locator(f"#{Explorer.MAP} .legendtitletext")

    tab.page.select_option(f"#{Explorer.CLASSES}", "quantile")
    heading.filter(has_text="Quantile").wait_for()
    tab.ready()
    assert tab.query()["klassen"] == ["quantile"]
    title, entries = legend(tab, Explorer.MAP)
    # As many classes as the published Ortsteile allow (the withheld ones get no class).
    classes = len(entries) - sum(e.startswith(("•", "–")) for e in entries)
    k = class_count(published(tab))
    part, name = PARTS[k]
    assert 2 <= classes <= k  # (a class that ties leave empty is left out)
    assert title.startswith(f"Quantile: {name}") and "ein niedrigerer Wert ist günstiger" in title
    assert entries[0].startswith(f"1. {part}, am günstigsten (")
    assert entries[classes - 1].startswith(f"{k}. {part}, am ungünstigsten (")
    assert legend(tab, Explorer.BARS)[0] == title
    link = tab.page.locator("a[href*='art=karte'][href*='format=svg']").get_attribute("href")
    assert "klassen=quantile" in link
    svg = tab.page.request.get(tab.base + link)
    assert svg.ok and f"Quantile: {name}" in svg.text()  # the download shows the screen's classes

    tab.page.select_option(f"#{Explorer.CLASSES}", "intervalle")
    heading.filter(has_text="Gleiche Intervalle").wait_for()
    tab.ready()
    assert tab.query()["klassen"] == ["intervalle"]
    assert any(" bis unter " in entry for entry in legend(tab, Explorer.MAP)[1])

    tab.page.select_option(f"#{Explorer.CLASSES}", "abweichung")
    heading.filter(has_text="Abweichung von Herne").wait_for()
    tab.ready()
    assert "klassen" not in tab.query()

    tab.page.go_back()  # the classes are part of the history like every other choice
    heading.filter(has_text="Gleiche Intervalle").wait_for()
    assert tab.page.input_value(f"#{Explorer.CLASSES}") == "intervalle"
    assert tab.errors == [] and tab.blocked == []
