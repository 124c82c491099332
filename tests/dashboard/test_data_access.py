"""The read model, the view tables on screen and tables.py on the tiny database: what the pages
get to show."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
from sqlalchemy import create_engine, event, insert, inspect, text

from indicators.store import IndicatorBuild, IndicatorValue
from publish import formatting as fmt
from publish import tables
from publish.read import ReadModel as DashboardData
from publish.views.registry import gather, screen_of
from publish.views.request import ExportRequest


def test_cells_list_every_unit_and_keep_suppressed_cells_empty(tiny_data):
    cells = tiny_data.cells("uwe.wellbeing_low", "ortsteil", 2019)
    assert list(cells["number"]) == ["11", "12", "21"]
    hidden = cells.set_index("number").loc["12"]
    assert bool(hidden["suppressed"])
    assert "reason" not in cells  # the precise reason stays in the database
    assert hidden[["value", "numerator", "denominator", "n"]].isna().all()
    # A unit without a cell is listed, not suppressed.
    bezirke = tiny_data.cells("uwe.asset_adults", "bezirk", 2019)
    assert len(bezirke) == 4 and not bezirke["suppressed"].any()
    assert bezirke["value"].isna().all()


def _screen(data, kind: str, **fields) -> pd.DataFrame:
    return screen_of(gather(data, ExportRequest(kind, **fields)))[0]


def test_value_table_shows_a_dot_and_the_public_note(tiny_data):
    request = {"indicator": "uwe.wellbeing_low", "level": "ortsteil", "year": 2019}
    table = _screen(tiny_data, "map", **request).set_index("Einheit")
    assert table.loc["Unser Fritz/Crange", "Wert"] == "•"
    assert table.loc["Unser Fritz/Crange", "n"] == "•"  # as in the download
    note = table.loc["Unser Fritz/Crange", "Hinweis"]
    assert note == "zu geringe Fallzahl oder zum Schutz anderer Werte gesperrt"
    assert table.loc["Wanne", "Wert"] == "40,0 %"
    assert table.loc["Herne (Stadt)", "Wert"] == "45,0 %"
    assert table.loc["Herne (Stadt)", "Nr."] == ""  # the download's "0" is no number to show
    request["indicator"] = "uwe.asset_adults"
    table = _screen(tiny_data, "map", **request).set_index("Einheit")
    assert table.loc["Unser Fritz/Crange", "Wert"] == "1.234,5 %"


def test_choose_normalises_any_request(tiny_data):
    choice = tiny_data.choose(
        "gibt.es.nicht", "mond", "1900", "sex=x", default_indicator="uwe.wellbeing_low"
    )
    assert (choice.indicator, choice.level, choice.year, choice.breakdown) == (
        "uwe.wellbeing_low",
        "ortsteil",
        2019,
        "",
    )
    assert choice.levels == ["stadtbezirk", "ortsteil", "bezirk"]
    assert choice.years == [(2017, "2017"), (2019, "2019")]
    assert choice.breakdowns == ["", "sex=w"]
    kept = tiny_data.choose("uwe.wellbeing_low", "ortsteil", "2019", "sex=w")
    assert kept.breakdown == "sex=w"
    # The goal counts exist only for the city: not an explorer indicator.
    assert "goals.measures" not in choice.indicators


def test_explorer_reads_only_indicator_values_with_the_index(tiny_data):
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    tiny_data.choose("uwe.wellbeing_low", "ortsteil", 2019, "")  # warm the per-build caches
    tiny_data.units()
    tiny_data.tiles("ortsteil")
    tiny_data.version()
    tiny_data.check_interval = 3600  # the next version check is not due yet
    event.listen(tiny_data.engine, "before_cursor_execute", record)
    try:
        choice = tiny_data.choose("uwe.wellbeing_low", "ortsteil", 2019, "")
        found = tiny_data.explorer(choice)
    finally:
        event.remove(tiny_data.engine, "before_cursor_execute", record)
    assert len(statements) == 1
    assert "FROM indicator_values" in statements[0]
    assert "indicator_values.indicator = ?" in statements[0]
    with tiny_data.engine.connect() as conn:
        plan = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statements[0],
            ("uwe.wellbeing_low", "ortsteil", "stadt", ""),
        ).all()
    # An index on (indicator, level, ...): the lookup index or the unique key, as SQLite's
    # planner prefers; never a scan of the whole table.
    text = " ".join(str(row) for row in plan)
    assert re.search(
        r"SEARCH indicator_values USING (COVERING )?INDEX \w+ \(indicator=\? AND level", text
    ), text
    assert "SCAN indicator_values" not in text
    assert set(found.series["number"]) == {"0", "11", "12", "21"}
    assert found.city["value"] == 45.0


def test_caches_follow_a_new_build(tiny_url):
    source = DashboardData(tiny_url, check_interval=0)
    assert "ssw.fte" in source.explorer_indicators()
    assert "parents.recommend" not in source.explorer_indicators()
    with source.engine.begin() as conn:
        conn.execute(
            insert(IndicatorValue),
            {
                "indicator": "parents.recommend",
                "level": "ortsteil",
                "unit": "11",
                "period": "2020",
                "year": 2020,
                "breakdown": "",
                "value": 90.0,
                "suppressed": False,
            },
        )
        conn.execute(
            insert(IndicatorBuild),
            {
                "built_at": dt.datetime(2021, 1, 1),
                "indicators": 1,
                "cells": 1,
                "last_load_id": 1,
                "sources": "parent-survey",
            },
        )
    assert "parents.recommend" in source.explorer_indicators()


def test_tiles_for_every_level(tiny_data):
    for level, count in (("stadtbezirk", 2), ("ortsteil", 3), ("bezirk", 4)):
        tiles = tiny_data.tiles(level)
        assert len(tiles) == count
        assert not tiles.duplicated(["row", "col"]).any()


def test_geojson_is_matched_by_the_configured_property(tiny_url, tmp_path):
    path = tmp_path / "einheiten.geojson"
    square = [[[7.1, 51.5], [7.2, 51.5], [7.2, 51.6], [7.1, 51.5]]]
    features = [
        {
            "type": "Feature",
            "properties": {"ot": 11, "ebene": "ortsteil"},
            "geometry": {"type": "Polygon", "coordinates": square},
        },
        {
            "type": "Feature",
            "properties": {"ot": "12"},
            "geometry": {"type": "Polygon", "coordinates": square},
        },
        {
            "type": "Feature",
            "properties": {"ot": "11", "ebene": "bezirk"},
            "geometry": {"type": "Polygon", "coordinates": square},
        },
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    source = DashboardData(tiny_url, geojson_path=path, geojson_property="ot")
    found = source.geojson("ortsteil")
    assert [f["properties"]["ot"] for f in found["features"]] == ["11", "12"]
    assert source.geojson("stadtbezirk") is None  # no geometry: the tile map is drawn
    assert DashboardData(tiny_url).geojson("ortsteil") is None


def test_profile_is_signed_by_direction_and_skips_sums(tiny_data):
    profile = tiny_data.profile("ortsteil", "11").set_index("indicator")
    low = profile.loc["uwe.wellbeing_low"]
    assert (low["value"], low["city"], low["diff"], low["better"]) == (40.0, 45.0, -5.0, 5.0)
    adults = profile.loc["uwe.asset_adults"]
    assert adults["better"] == adults["diff"] == 4.0
    assert pd.isna(profile.loc["ssw.fte"]["better"])  # a sum of posts: no comparison
    assert "ssw.next_end_date" not in profile.index
    hidden = tiny_data.profile("ortsteil", "12").set_index("indicator").loc["uwe.wellbeing_low"]
    assert hidden["suppressed"] and pd.isna(hidden["value"])
    rows = _screen(tiny_data, "profile", level="ortsteil", unit="12").set_index("Indikator")
    assert rows.loc["Wohlbefinden niedrig", "Wert"] == "•"
    assert rows.loc["Wohlbefinden niedrig", "Bewertung"].endswith("gesperrt")
    rows = _screen(tiny_data, "profile", level="ortsteil", unit="11").set_index("Indikator")
    assert tuple(rows.loc["Wohlbefinden niedrig", ["Wert", "Herne", "Differenz"]]) == (
        "40,0 %",
        "45,0 %",
        f"{fmt.MINUS}5,0 Pp.",
    )


def test_goal_detail_marks_inferred_departments(tiny_data):
    assert tiny_data.periods() == ["2013-2017"]
    goals = tiny_data.goals("2013-2017")
    assert len(goals) == 14
    first = goals[0]
    assert first.key == "bildungsmonitoring" and first.measures >= 1
    # The headline is the Leitindikator if it has values, else the next linked one that has:
    # the tiny world has staff counts only (no school shares), so goal 1 has none and goal 3
    # (led by ssw.schools_with_post) falls back to its third link.
    assert first.headline is None
    assert goals[2].headline == "ssw.fte"
    detail = tiny_data.goal("2013-2017", "bildungsmonitoring")
    inferred = [m for m in detail.measures if m.inferred]
    assert inferred and all(m.evidence for m in inferred)
    assert not any(m.from_survey for m in detail.measures)
    assert list(detail.departments["department"]) == ["Bildungsmonitoring"]
    assert list(detail.departments["reconstructed"]) == [len(detail.measures)]
    assert detail.keep and detail.adapt
    assert tiny_data.goal("2013-2017", "gibt_es_nicht") is None


def test_data_status(tiny_data):
    report = tiny_data.status()
    assert report["sources"]["uwe"]["files"][0]["warnings"] == 2
    assert tiny_data.stale() == set()
    warnings = tables.warnings_table(tiny_data.warnings("uwe"), {"uwe": "UWE-Befragung"})
    # Counted per file and rule: no row number, no value of a single record on a public page.
    assert "Zeile" not in warnings
    assert list(warnings["Hinweis"]) == [
        "Summenzeile erkannt und übersprungen",
        "unbekannte Spalte wird ignoriert",
    ]
    assert list(warnings["Anzahl"]) == ["1", "1"]
    assert "03.2009" not in warnings.to_string()
    assert warnings["Importiert"].iloc[0] == "05.03.2020"
    assert tiny_data.warnings("kompik").empty
    assert tiny_data.is_synthetic()
    coverage = tables.coverage_table(tiny_data.coverage())
    assert coverage.empty or "Indikator" in coverage.columns


def test_an_empty_database_gives_empty_answers(tmp_path):
    source = DashboardData(f"sqlite:///{tmp_path / 'leer.sqlite'}")
    assert source.choose(None, None, None, None) is None
    assert source.explorer_indicators() == []
    assert source.last_build() is None
    assert source.periods() == [] and source.latest_period() is None
    assert source.notice and "keine Tabellen" in source.notice
    assert inspect(source.engine).get_table_names() == []  # readers never write


def test_the_read_model_never_writes(tiny_url):
    engine = create_engine(tiny_url)
    with engine.begin() as conn:
        conn.execute(text("delete from goals"))
    source = DashboardData(engine)
    assert source.goals("2013-2017") == []  # no catalogue loaded behind the caller's back
    assert source.notice is None
    engine.dispose()
