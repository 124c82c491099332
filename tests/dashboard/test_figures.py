"""figures.py: German separators everywhere, and a suppressed cell never becomes a number."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from etl.settings import PROJECT_ROOT
from etl.vocabulary import PERCENT
from indicators.disclosure import PUBLIC_NOTE
from indicators.registry import BY_ID
from publish import figures
from publish import formatting as fmt
from publish.read import (
    PROFILE_COLUMNS,
    TILES_CSV,
    VALUE_COLUMNS,
    read_ortsteil_tiles,
    tile_positions,
)

LOW = BY_ID["uwe.wellbeing_low"]
REASON = "weniger als 10 Befragte/Beobachtete"


def frame(rows: list[tuple]) -> pd.DataFrame:
    """(number, name, value, suppressed) -> a frame as data.cells returns it."""
    records = []
    for number, name, value, suppressed in rows:
        records.append(
            {
                "number": number,
                "name": name,
                "period": "2019",
                "year": 2019,
                "value": None if suppressed else value,
                "value_text": None,
                "numerator": None if suppressed or value is None else value,
                "denominator": None if suppressed or value is None else 1234.0,
                "n": None if suppressed or value is None else 1234,
                "suppressed": suppressed,
                "reason": REASON if suppressed else None,
            }
        )
    out = pd.DataFrame(records, columns=VALUE_COLUMNS)
    out["value"] = out["value"].astype(float)
    return out


CELLS = frame(
    [
        ("11", "Wanne", 64.96, False),
        ("12", "Unser Fritz/Crange", None, True),  # suppressed
        ("13", "Baukau-West", None, False),  # no data
        ("21", "Eickel", 46.15, False),
    ]
)
CITY = {"value": 54.3, "suppressed": False, "period": "2019", "name": "Herne"}
TILES = pd.DataFrame({"number": ["11", "12", "13", "21"], "row": [1, 0, 0, 2], "col": [1, 1, 2, 1]})


def suppressed_hovers(fig) -> list[str]:
    return [t for t in figures.hover_texts(fig) if "gesperrt" in t]


def assert_no_number_for_suppressed(fig) -> None:
    """No hover text of a suppressed unit carries a number, apart from the rule's threshold in
    the reason and the year the cell belongs to."""
    hovers = suppressed_hovers(fig)
    assert hovers, "a suppressed unit must explain itself in a hover text"
    for text in hovers:
        rest = re.sub(r"Jahr: \S+|\(\d{4}[^)]*\)", "", text.replace(PUBLIC_NOTE, ""))
        assert not re.search(r"\d", rest), text
        assert fmt.SUPPRESSED in text


def all_figures():
    series = pd.concat(
        [
            CELLS.assign(year=2019, period="2019"),
            CELLS.assign(
                year=2017,
                period="2017",
                value=[50.0, 48.0, None, 41.0],
                suppressed=False,
                reason=None,
            ),
            pd.DataFrame(
                [
                    {
                        "number": "0",
                        "name": "Herne",
                        "year": 2019,
                        "period": "2019",
                        "value": 54.3,
                        "suppressed": False,
                        "reason": None,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    geo = made_up_geojson()
    return {
        "tile_map": figures.tile_map(CELLS, TILES, LOW, "Karte"),
        "choropleth": figures.choropleth_map(CELLS, geo, "nummer", LOW, "Karte"),
        "ranked_bars": figures.ranked_bars(CELLS, LOW, CITY, "Rangfolge"),
        "unit_bars": figures.unit_bars(CELLS, LOW, CITY, "Klein"),
        "time_series": figures.time_series(series, LOW, ("12", "11"), "Zeit"),
        "sparkline": figures.sparkline(series[series["number"] == "0"], LOW),
        "department_bars": figures.department_bars(
            pd.DataFrame({"department": ["VHS", "Schulamt"], "count": [3, 1]}), "Nennungen"
        ),
        "empty": figures.empty(),
    }


def made_up_geojson() -> dict:
    """Squares around Herne: invented geometry for the test, not real boundaries."""
    features = []
    for number, row, col in TILES.itertuples(index=False):
        x0, y0 = 7.12 + col * 0.03, 51.57 - row * 0.02
        ring = [[x0, y0], [x0 + 0.03, y0], [x0 + 0.03, y0 - 0.02], [x0, y0 - 0.02], [x0, y0]]
        features.append(
            {
                "type": "Feature",
                "properties": {"nummer": number},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


@pytest.mark.parametrize("name", list(all_figures()))
def test_every_figure_uses_german_separators(name):
    fig = all_figures()[name]
    assert fig.layout.separators == ",."
    text = json.dumps(fig.to_plotly_json(), default=str)
    assert "NaN" not in text


@pytest.mark.parametrize(
    "name", ["tile_map", "choropleth", "ranked_bars", "unit_bars", "time_series"]
)
def test_suppressed_cell_is_a_dot_with_the_public_note_and_no_number(name):
    fig = all_figures()[name]
    assert_no_number_for_suppressed(fig)
    hovers = " ".join(suppressed_hovers(fig))
    assert "Unser Fritz/Crange" in hovers
    # One public note; the precise reason (here in the data) never reaches a chart.
    assert PUBLIC_NOTE in hovers and REASON not in hovers


def test_tile_map_greys_the_suppressed_tile_and_labels_every_tile():
    fig = figures.tile_map(CELLS, TILES, LOW, "Karte")
    by_name = {trace.name: trace for trace in fig.data}
    hidden = by_name["gesperrt"]
    assert hidden.colorscale[0][1] == figures.SUPPRESSED_FILL
    assert "•" in hidden.text[0][1]  # row 0, col 1: Unser Fritz/Crange
    values = by_name[LOW.title]
    assert values.z[0][1] is None  # no colour (and no number) for the suppressed tile
    assert "65,0 %" in values.text[1][1]  # Wanne, German format
    assert "–" in by_name["keine Daten"].text[0][2]
    assert fig.layout.yaxis.scaleanchor == "x"  # equal squares


def test_ranked_bars_draw_no_bar_for_suppressed_units():
    fig = figures.ranked_bars(CELLS, LOW, CITY, "Rangfolge")
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 1
    assert "Unser Fritz/Crange" not in list(bars[0].y)
    assert list(bars[0].y) == ["Eickel", "Wanne"]  # ranked: highest on top (last)
    assert list(bars[0].text) == ["46,2 %", "65,0 %"]
    markers = [t for t in fig.data if t.type == "scatter"]
    assert list(markers[0].x) == [0, 0] and "•" in markers[0].text
    assert any("Herne: 54,3 %" in (a.text or "") for a in fig.layout.annotations)
    assert any(shape.x0 == 54.3 for shape in fig.layout.shapes)  # the city's line


def test_time_series_never_plots_a_suppressed_value():
    fig = all_figures()["time_series"]
    for trace in fig.data:
        for x, y, hover in zip(trace.x, trace.y, trace.hovertext or [], strict=False):
            if hover and "gesperrt" in hover:
                assert y is None or math.isnan(y), (x, hover)
    dots = [a for a in fig.layout.annotations if a.text == "•"]
    assert dots and "gesperrt" in dots[0].hovertext


def test_numbers_in_hover_texts_are_german():
    fig = figures.ranked_bars(CELLS, LOW, CITY)
    joined = " ".join(figures.hover_texts(fig))
    assert "64,96" not in joined and "65,0 %" in joined
    assert "1.234" in joined  # thousands dot in "x von 1.234"


def test_choropleth_has_no_base_map():
    fig = all_figures()["choropleth"]
    assert fig.layout.geo.fitbounds == "locations"
    assert fig.layout.geo.visible is False
    kinds = {trace.type for trace in fig.data}
    assert "choropleth" in kinds
    shown = next(t for t in fig.data if t.type == "choropleth" and t.name == LOW.title)
    assert "12" not in list(shown.locations)


def profile(rows: list[dict]) -> pd.DataFrame:
    base = {c: None for c in PROFILE_COLUMNS}
    return pd.DataFrame([{**base, **row} for row in rows], columns=PROFILE_COLUMNS)


def test_deviation_chart_points_right_for_better_whatever_the_direction():
    data = profile(
        [
            # lower is better: 40 against 45 is better, drawn at +5
            {
                "indicator": "uwe.wellbeing_low",
                "title": "Wohlbefinden niedrig",
                "unit": PERCENT,
                "direction": "lower",
                "period": "2019",
                "value": 40.0,
                "city": 45.0,
                "diff": -5.0,
                "better": 5.0,
                "suppressed": False,
            },
            {
                "indicator": "uwe.asset_adults",
                "title": "Erwachsene",
                "unit": PERCENT,
                "direction": "higher",
                "period": "2019",
                "value": 20.0,
                "city": 26.0,
                "diff": -6.0,
                "better": -6.0,
                "suppressed": False,
            },
            {
                "indicator": "uwe.asset_peers",
                "title": "Gleichaltrige",
                "unit": PERCENT,
                "direction": "higher",
                "period": "2019",
                "suppressed": True,
                "reason": REASON,
            },
        ]
    )
    fig = figures.deviation_chart(data, "Wanne", "Profil")
    bars = next(t for t in fig.data if t.type == "bar")
    by_label = dict(zip(bars.y, bars.x, strict=True))
    assert by_label["Wohlbefinden niedrig (2019)"] == 5.0
    assert by_label["Erwachsene (2019)"] == -6.0
    assert "+5,0 Pp. günstiger" in bars.text  # signed like its bar, and the verdict in words
    assert "−6,0 Pp. ungünstiger" in bars.text
    assert_no_number_for_suppressed(fig)


def test_change_and_scatter_leave_out_suppressed_units():
    change = pd.DataFrame(
        {
            "number": ["11", "12"],
            "name": ["Wanne", "Unser Fritz/Crange"],
            "value_1": [50.0, None],
            "suppressed_1": [False, True],
            "reason_1": [None, REASON],
            "period_1": ["2017", "2017"],
            "value_2": [40.0, 30.0],
            "suppressed_2": [False, False],
            "reason_2": [None, None],
            "period_2": ["2019", "2019"],
            "diff": [-10.0, None],
        }
    )
    fig = figures.change_bars(change, LOW, "2017", "2019")
    bars = next(t for t in fig.data if t.type == "bar")
    assert list(bars.y) == ["Wanne"] and list(bars.x) == [-10.0]
    assert bars.marker.color[0] == figures.BETTER  # less low well-being is favourable
    assert_no_number_for_suppressed(fig)
    pair = pd.DataFrame(
        {
            "number": ["11", "12"],
            "name": ["Wanne", "Unser Fritz/Crange"],
            "value_x": [30.0, None],
            "suppressed_x": [False, True],
            "value_y": [40.0, 50.0],
            "suppressed_y": [False, False],
        }
    )
    fig = figures.scatter(pair, BY_ID["uwe.asset_adults"], LOW, {"value": 26.0}, {"value": 45.0})
    assert list(fig.data[0].text) == ["Wanne"]
    assert "Herne" in fig.data[1].text


def test_tile_positions_are_distinct_for_every_level():
    tiles = read_ortsteil_tiles(TILES_CSV)
    reference = pd.read_csv(
        PROJECT_ROOT / "data" / "spatial_units" / "raumgliederung_herne.csv", sep=";", dtype=str
    )
    ortsteile = reference[["Ortsteil-Nr", "Ortsteil", "Stadtbezirk-Nr"]].drop_duplicates()
    assert set(tiles) == set(ortsteile["Ortsteil-Nr"]), "every Ortsteil needs a tile"
    ortsteil_units = pd.DataFrame(
        {
            "number": ortsteile["Ortsteil-Nr"],
            "name": ortsteile["Ortsteil"],
            "parent": ortsteile["Stadtbezirk-Nr"],
        }
    )
    districts = pd.DataFrame(
        {
            "number": reference["Bezirk-Nr"],
            "name": reference["Statistischer Bezirk"],
            "parent": reference["Ortsteil-Nr"],
        }
    )
    boroughs = pd.DataFrame(
        {"number": ["1", "2", "3", "4"], "name": list("ABCD"), "parent": [""] * 4}
    )
    for level, units in (
        ("ortsteil", ortsteil_units),
        ("bezirk", districts),
        ("stadtbezirk", boroughs),
    ):
        placed = tile_positions(level, units, ortsteil_units, tiles)
        assert len(placed) == len(units)
        assert not placed.duplicated(["row", "col"]).any(), level
    # West (Wanne, Eickel) left of Herne-Mitte, Sodingen right of it.
    assert tiles["22"][1] < tiles["31"][1] < tiles["41"][1]


def test_the_correlation_uses_only_published_values_and_needs_five_units():
    from publish.views.kinds.scatter import correlation, correlation_text

    xs = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
    pair = pd.DataFrame(
        {
            "number": [str(i) for i in range(6)],
            "name": [f"E{i}" for i in range(6)],
            "value_x": xs,
            "suppressed_x": [False] * 5 + [True],
            # perfectly falling on the published five; the withheld sixth would break it
            "value_y": [50.0, 40.0, 30.0, 20.0, 10.0, 99.0],
            "suppressed_y": [False] * 6,
        }
    )
    assert correlation(pair) == (pytest.approx(-1.0), 5)
    assert correlation_text(pair, "ortsteil") == (
        "Korrelation r = −1,00 (stark, gegenläufig) über 5 Ortsteilen"
    )
    fig = figures.scatter(
        pair, BY_ID["uwe.asset_adults"], LOW, None, None, note=correlation_text(pair, "ortsteil")
    )
    assert any("r = −1,00" in a.text for a in fig.layout.annotations)
    four = pair.assign(suppressed_y=[False] * 4 + [True, False])
    assert correlation(four) is None and correlation_text(four, "ortsteil") is None


def test_the_other_units_are_a_band_of_published_values_only():
    rows = [
        # unit, year, value, suppressed
        ("11", 2018, 10.0, False),
        ("12", 2018, 30.0, False),
        ("13", 2018, 20.0, False),
        ("14", 2018, None, True),  # withheld: takes no part in the band
        ("11", 2019, 12.0, False),
        ("12", 2019, 40.0, False),
        ("13", 2019, 22.0, False),
        ("14", 2019, 99.0, False),
        ("0", 2019, 25.0, False),
    ]
    series = pd.DataFrame(
        [
            {
                "number": n,
                "name": f"Einheit {n}",
                "year": y,
                "period": str(y),
                "value": v,
                "suppressed": s,
                "reason": None,
            }
            for n, y, v, s in rows
        ]
    )
    fig = figures.time_series(series, LOW, ("11",), "Zeit")
    band = next(t for t in fig.data if t.name == "übrige Einheiten: Spannweite")
    lower = fig.data[list(fig.data).index(band) - 1]
    assert list(band.y) == [30.0, 99.0] and list(lower.y) == [20.0, 22.0]  # 11 is picked
    assert "2018: übrige Einheiten von 20,0 % bis 30,0 %" in band.hovertext[0]
    assert "(2 mit Wert)" in band.hovertext[0]
    names = [t.name for t in fig.data if t.showlegend is not False]
    assert "Einheit 11" in names and "Herne (Stadt)" in names
    assert not any(t.name == "Einheit 12" for t in fig.data)  # no line per other unit


def test_the_city_line_stays_in_view_when_every_unit_is_withheld():
    withheld = CELLS.assign(value=None, suppressed=True)
    fig = figures.unit_bars(withheld, LOW, {"value": 32.9, "suppressed": False}, "Klein")
    low, high = fig.layout.yaxis.range
    assert low <= 32.9 <= high
