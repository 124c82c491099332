"""Downloads say what they are doing, and "Link kopieren" pins the year (Chromium)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from test_browser import Tab, base_url, browser, tab  # noqa: F401 - fixtures of the module


def test_a_download_shows_its_progress_and_its_end(tab):  # noqa: F811
    tab.open("/indikatoren")
    link = tab.page.locator(".bimo-downloads a", has_text="CSV").first
    status = tab.page.locator("#bimo-download-status")
    with tab.page.expect_download() as started:
        link.click()
        # the line appears at once, before the file arrives
        status.wait_for(state="visible", timeout=5_000)
    assert started.value.suggested_filename.endswith(".csv")
    tab.page.wait_for_function(
        "() => document.getElementById('bimo-download-status').textContent"
        ".includes('heruntergeladen')",
        timeout=20_000,
    )
    assert link.get_attribute("aria-busy") is None
    assert status.get_attribute("role") == "status"


def test_a_refused_download_shows_the_servers_message(tab):  # noqa: F811
    tab.open("/indikatoren")
    tab.page.evaluate(
        """() => {
            const link = document.querySelector('.bimo-downloads a');
            link.href = '/export?art=karte&indikator=gibt.es.nicht&format=png';
            link.click();
        }"""
    )
    tab.page.wait_for_function(
        "() => document.getElementById('bimo-download-status').dataset.kind === 'error'",
        timeout=20_000,
    )
    assert "Export nicht möglich" in tab.page.inner_text("#bimo-download-status")


def test_link_kopieren_copies_the_view_with_its_year(browser, base_url):  # noqa: F811
    copying = Tab(browser, base_url)
    copying.context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        copying.open("/indikatoren")  # the default view: no year in the address
        assert "jahr" not in copying.query()
        copying.page.get_by_role("button", name="Link kopieren").first.click()
        copying.page.wait_for_function(
            "() => document.getElementById('bimo-download-status')?.textContent"
            ".includes('Link kopiert')"
        )
        copied = copying.page.evaluate("() => navigator.clipboard.readText()")
        address = urlparse(copied)
        assert address.path == "/indikatoren"
        query = parse_qs(address.query)
        assert query["jahr"][0].isdigit()
        assert "indikator" in query and "ebene" in query
        # the copied link opens the same view
        copying.open(f"{address.path}?{address.query}")
        assert copying.query()["jahr"] == query["jahr"]
    finally:
        copying.close()
