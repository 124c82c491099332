"""The app without a browser: pages, local resources, and the callbacks over HTTP."""

from __future__ import annotations

import json
import re

import dash
import pytest
from dashboard_helpers import make_tiny_database
from plotly.utils import PlotlyJSONEncoder

from dashboard.app import create_app
from dashboard.ids import Explorer, Goal, Overview, Profile, Status


def dump(component) -> str:
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


PAGES = [
    "/",
    "/ziel/bildungsmonitoring",
    "/indikatoren",
    "/profil",
    "/vergleich",
    "/datenstand",
    "/methodik",
]


@pytest.fixture
def app(tiny_url):
    return create_app(tiny_url)


@pytest.fixture
def client(app):
    return app.server.test_client()


def callback(
    client,
    output_contains: str,
    values: dict[str, object],
    changed: str,
    state: dict[str, object] | None = None,
) -> dict:
    """POST one callback as the browser would; ``values`` and ``state`` by "id.property"."""
    dependencies = client.get("/_dash-dependencies").get_json()
    spec = next(d for d in dependencies if output_contains in d["output"])
    outputs = []
    for part in spec["output"].strip(".").split("..."):
        component, prop = part.rsplit(".", 1)
        outputs.append({"id": component, "property": prop})

    def items(declared, given):
        return [
            {
                "id": d["id"],
                "property": d["property"],
                "value": given.get(f"{d['id']}.{d['property']}"),
            }
            for d in declared
        ]

    payload = {
        "output": spec["output"],
        "outputs": outputs,
        "inputs": items(spec["inputs"], values),
        "changedPropIds": [changed],
        "state": items(spec["state"], state or {}),
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code in (200, 204), response.data[:500]
    return response.get_json() if response.status_code == 200 else {}


def test_index_is_german_and_loads_nothing_from_elsewhere(client):
    html = client.get("/indikatoren").get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "Wird geladen" in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), f"externe Ressource: {url}"
    assert "/_bimo/bootstrap/bootstrap.min.css" in html
    assert "plotly-locale-de.js" in html
    css = client.get("/_bimo/bootstrap/bootstrap.min.css")
    assert css.status_code == 200 and b"Bootstrap" in css.data[:300]
    assert b"googleapis" not in css.data and b"@import" not in css.data


def test_every_page_renders(app):
    paths = {page["path_template"] or page["path"]: page for page in dash.page_registry.values()}
    assert {
        "/",
        "/ziel/<key>",
        "/indikatoren",
        "/profil",
        "/vergleich",
        "/datenstand",
        "/methodik",
    } <= set(paths)
    with app.server.test_request_context("/"):
        for path, page in paths.items():
            layout = (
                page["layout"](key="bildungsmonitoring") if "<key>" in path else page["layout"]()
            )
            text = dump(layout)
            assert "Traceback" not in text


def test_pages_are_ordered_and_named_in_german():
    names = [
        p["name"]
        for p in dash.page_registry.values()
        if not p.get("path_template") and not p["module"].endswith("not_found_404")
    ]
    assert names == [
        "Übersicht",
        "Stadtteile",
        "Indikatoren",
        "Stadtteilprofil",
        "Vergleich",
        "Datenstand",
        "Lieferungen",
        "Methodik",
        "Präsentation",
        "Verwaltung",
    ]


def test_layout_reads_the_query_string(app):
    page = next(p for p in dash.page_registry.values() if p["path"] == "/indikatoren")
    with app.server.test_request_context("/"):
        layout = page["layout"](
            indikator="uwe.wellbeing_low",
            ebene="bezirk",
            jahr="2019",
            aufgliederung="",
            einheiten="111",
        )
    text = dump(layout)
    assert "Statistische Bezirke" in text
    assert '"value": "bezirk"' in text


def test_explorer_callback_answers_a_changed_control(client):
    values = {
        f"{Explorer.URL}.search": "?indikator=uwe.asset_adults&ebene=ortsteil&jahr=2019",
        f"{Explorer.INDICATOR}.value": "uwe.wellbeing_low",
        f"{Explorer.LEVEL}.value": "ortsteil",
        f"{Explorer.YEAR}.value": "2019",
        f"{Explorer.BREAKDOWN}.value": "insgesamt",
        f"{Explorer.UNITS}.value": ["11"],
    }
    answer = callback(
        client,
        f"{Explorer.MAP}.figure",
        values,
        f"{Explorer.INDICATOR}.value",
        {f"{Explorer.RENDERED}.data": "?indikator=uwe.asset_adults"},
    )
    response = answer["response"]
    assert response[Explorer.URL]["search"] == (
        "?indikator=uwe.wellbeing_low&ebene=ortsteil&jahr=2019&aufgliederung=&einheiten=11"
    )
    figure = response[Explorer.MAP]["figure"]
    assert figure["layout"]["separators"] == ",."
    dumped = json.dumps(response, ensure_ascii=False)
    # The public note, never the precise reason the database keeps.
    assert "•" in dumped and "zum Schutz anderer Werte gesperrt" in dumped
    assert "weniger als 10" not in dumped
    assert "40,0 %" in dumped


def test_a_url_change_renders_without_writing_the_url(client):
    search = "?indikator=uwe.wellbeing_low&ebene=stadtbezirk&jahr=2019&aufgliederung=&einheiten="
    values = {f"{Explorer.URL}.search": search, f"{Explorer.INDICATOR}.value": "x"}
    answer = callback(
        client,
        f"{Explorer.MAP}.figure",
        values,
        f"{Explorer.URL}.search",
        {f"{Explorer.RENDERED}.data": "?anders"},
    )
    response = answer["response"]
    assert Explorer.URL not in response  # the back button is never trapped
    assert response[Explorer.LEVEL]["value"] == "stadtbezirk"
    # The same state again: nothing to send.
    again = callback(
        client,
        f"{Explorer.MAP}.figure",
        values,
        f"{Explorer.URL}.search",
        {f"{Explorer.RENDERED}.data": search},
    )
    assert again == {}


@pytest.mark.parametrize(
    ("output", "values", "changed"),
    [
        (
            f"{Overview.GOALS}.children",
            {f"{Overview.PERIOD}.value": "2013-2017"},
            f"{Overview.PERIOD}.value",
        ),
        (
            f"{Goal.INDICATORS}.children",
            {f"{Goal.LEVEL}.value": "stadtbezirk"},
            f"{Goal.LEVEL}.value",
        ),
        (
            f"{Profile.CHART}.children",
            {f"{Profile.LEVEL}.value": "ortsteil", f"{Profile.UNIT}.value": "12"},
            f"{Profile.UNIT}.value",
        ),
        (
            f"{Status.WARNINGS}.children",
            {f"{Status.SOURCE}.value": "uwe"},
            f"{Status.SOURCE}.value",
        ),
    ],
)
def test_other_pages_answer_their_controls(client, output, values, changed):
    state = {f"{Goal.KEY}.data": "bildungsmonitoring"}
    answer = callback(client, output, values, changed, state)
    assert answer["response"], answer


def test_two_apps_in_one_process_keep_their_data(tiny_url, tmp_path):
    other_url = make_tiny_database(tmp_path / "zweite.sqlite")
    first, second = create_app(tiny_url), create_app(other_url)
    for app in (first, second):
        client = app.server.test_client()
        assert client.get("/").status_code == 200
        values = {f"{Status.SOURCE}.value": "uwe"}
        assert callback(client, f"{Status.WARNINGS}.children", values, f"{Status.SOURCE}.value")[
            "response"
        ]


def test_a_date_indicator_offers_only_table_downloads(app):
    page = next(p for p in dash.page_registry.values() if p["path"] == "/indikatoren")
    with app.server.test_request_context("/"):
        text = dump(page["layout"](indikator="ssw.next_end_date", ebene="ortsteil", jahr="2019"))
    assert "format=csv" in text and "format=xlsx" in text
    assert "format=png" not in text and "format=svg" not in text
