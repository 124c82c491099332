"""A page says what of its address it could not show (unknown parameters, values that do not
exist), instead of silently showing another view."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.components.urlnotice import problems
from dashboard.urlstate import ExplorerState


def test_unknown_parameters_and_replaced_values_are_named():
    canonical = (
        "?indikator=kompik.delay_share&ebene=stadtbezirk&jahr=2019&aufgliederung=&einheiten=1"
    )
    found = problems(
        {"indikator": "gibt.es.nicht", "jahr": "2019", "einheiten": "1,999", "farbe": "rot"},
        ExplorerState,
        canonical,
    )
    assert found == [
        "„indikator=gibt.es.nicht“ gibt es nicht – gezeigt wird indikator=kompik.delay_share.",
        "einheiten: „999“ gibt es nicht – weggelassen.",
        "Unbekannter Parameter „farbe“ – nicht berücksichtigt.",
    ]


def test_a_valid_address_gets_no_note():
    canonical = "?indikator=a&ebene=ortsteil&jahr=2019&aufgliederung=&einheiten="
    assert (
        problems(
            {"indikator": "a", "ebene": "ortsteil", "aufgliederung": ""}, ExplorerState, canonical
        )
        == []
    )
    # a default that is not written into the address is no problem either
    assert problems({"klassen": ""}, ExplorerState, canonical) == []


@pytest.fixture
def app(tiny_url):
    return create_app(tiny_url)


def _page(path: str):
    import dash

    return next(
        p for p in dash.page_registry.values() if path in (p["path"], p.get("path_template"))
    )


def test_the_explorer_says_that_an_unknown_indicator_was_replaced(app):
    with app.server.test_request_context("/indikatoren"):
        text = str(_page("/indikatoren")["layout"](indikator="gibt.es.nicht", farbe="rot"))
    assert "Adresse nicht ganz verstanden" in text
    assert "„indikator=gibt.es.nicht“ gibt es nicht" in text
    assert "Unbekannter Parameter „farbe“" in text


def test_a_goal_page_does_not_take_its_path_for_a_parameter(app):
    with app.server.test_request_context("/ziel/bildungsmonitoring"):
        text = str(_page("/ziel/<key>")["layout"](key="bildungsmonitoring"))
    assert "Adresse nicht ganz verstanden" not in text
