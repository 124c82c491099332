"""Colour classes of maps and ranked bars (``publish.figures.classes``): the words follow the
indicator's direction, quantiles and equal intervals are what statisticians expect, withheld and
missing cells are legend entries of their own and never get a class or a number."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import pytest
from test_figures import CELLS, CITY, LOW, TILES, assert_no_number_for_suppressed, frame

from dashboard.urlstate import ExplorerState, from_search, to_search
from indicators.registry import BY_ID
from publish import figures
from publish.figures.classes import (
    DIVERGING,
    INTERVALS,
    QUANTILES,
    SEQUENTIAL,
    classify,
    normalise_mode,
)
from publish.views.common import highlight
from publish.views.request import ExportError, ExportRequest, View

HIGH = BY_ID["uwe.asset_adults"]  # a higher value is favourable
NEUTRAL = BY_ID["uwe.wellbeing_medium"]  # no favourable direction
SUM = BY_ID["ssw.fte"]  # posts: the city's value is the total
MEAN = BY_ID["kompik.language.mean"]  # a mean on the 1-5 scale
FAVOURABLE, UNFAVOURABLE = DIVERGING[4], DIVERGING[0]


def words(classes, value: float) -> str:
    return classes.band(value).words


def test_the_direction_decides_which_side_is_favourable():
    city = {"value": 54.3, "suppressed": False}
    low = classify(LOW, [48.0], city)
    high = classify(HIGH, [48.0], city)
    # 6,3 Pp. below the city: favourable where less is better, unfavourable where more is.
    assert words(low, 48.0) == "deutlich günstiger als Herne"
    assert words(high, 48.0) == "deutlich ungünstiger als Herne"
    assert low.colour(48.0) == FAVOURABLE and high.colour(48.0) == UNFAVOURABLE
    # The legend always runs from unfavourable to favourable; the limits say where Herne is.
    assert [b.colour for b in low.bands] == list(DIVERGING) == [b.colour for b in high.bands]
    assert low.bands[3].label == "günstiger als Herne (2 bis unter 5 Pp. darunter)"
    assert high.bands[3].label == "günstiger als Herne (2 bis unter 5 Pp. darüber)"
    assert low.bands[0].label == "deutlich ungünstiger als Herne (5 Pp. und mehr darüber)"
    assert "ein niedrigerer Wert ist günstiger" in low.title and "54,3 %" in low.title
    assert "ein höherer Wert ist günstiger" in high.title
    assert low.hover_line(LOW, 48.0) == "deutlich günstiger als Herne: −6,3 Pp."


def test_a_small_spread_stays_near_the_city():
    """Four Stadtbezirke at 70,4-70,8 % and one at 63,7 % are not five extremes."""
    values = [70.4, 70.6, 70.7, 70.8, 63.7]
    classes = classify(HIGH, values, {"value": 69.4, "suppressed": False})
    assert [words(classes, v) for v in values] == ["etwa wie Herne"] * 4 + [
        "deutlich ungünstiger als Herne"
    ]


def test_limits_are_compared_as_the_numbers_are_shown():
    city = {"value": 54.3, "suppressed": False}
    classes = classify(HIGH, [], city)
    assert words(classes, 56.3) == "günstiger als Herne"  # +2,0 Pp. (56.3 - 54.3 = 1.99999)
    assert words(classes, 56.2) == "etwa wie Herne"
    assert words(classes, 59.3) == "deutlich günstiger als Herne"
    means = classify(MEAN, [], {"value": 3.5, "suppressed": False})
    assert means.bands[2].label == "etwa wie Herne (weniger als 0,1 Punkte Abstand)"
    assert words(means, 3.2) == "deutlich ungünstiger als Herne"
    relative = classify(BY_ID["ssw.fte_per_1000"], [], {"value": 2.0, "suppressed": False})
    assert "10 bis unter 25 % darüber" in relative.bands[3].label
    assert words(relative, 2.3) == "günstiger als Herne"  # +15 %


def test_without_a_direction_the_words_are_lower_and_higher():
    classes = classify(NEUTRAL, [30.0, 40.0], {"value": 35.0, "suppressed": False})
    labels = " ".join(b.label for b in classes.bands)
    assert "günstig" not in labels
    assert words(classes, 30.0) == "deutlich niedriger als Herne"
    assert words(classes, 36.0) == "etwa wie Herne"
    assert [b.colour for b in classes.bands] == list(SEQUENTIAL)
    assert "keine Bewertungsrichtung" in classes.title


def test_sums_and_a_withheld_city_value_fall_back_to_quantiles():
    posts = classify(SUM, [3.0, 5.0, 7.0, 9.0], {"value": 24.0, "suppressed": False})
    assert posts.mode == QUANTILES and "Summen: kein Vergleich mit Herne" in posts.title
    hidden_city = classify(LOW, [40.0, 50.0, 60.0, 70.0], {"value": None, "suppressed": True})
    assert hidden_city.mode == QUANTILES and "Herne ohne veröffentlichten Wert" in hidden_city.title
    assert classify(LOW, [40.0, 50.0], None).mode == QUANTILES


def test_quantiles_hold_equally_many_units_and_run_from_favourable_to_unfavourable():
    values = [float(v) for v in range(10, 110, 10)]  # 10 units: quintiles
    low = classify(LOW, values, CITY, "quantile")
    assert low.title.startswith("Quantile: Quintile")
    assert len(low.bands) == 5
    counts = pd.Series([low.band(v).label for v in values]).value_counts()
    assert set(counts) == {2}
    assert low.bands[0].label == "1. Fünftel, am günstigsten (10,0 – 20,0 %)"
    assert low.bands[-1].label == "5. Fünftel, am ungünstigsten (90,0 – 100,0 %)"
    assert low.colour(10.0) == FAVOURABLE and low.colour(100.0) == UNFAVOURABLE
    high = classify(HIGH, values, CITY, "quantile")
    assert high.colour(10.0) == UNFAVOURABLE and high.colour(100.0) == FAVOURABLE
    # Four units: two halves; ties never split a value over two classes.
    halves = classify(HIGH, [1.0, 1.0, 1.0, 2.0], CITY, "quantile")
    assert len({halves.band(1.0).label, halves.band(2.0).label}) == 2
    # Ties leave a quintile empty: it is left out, the others keep their number and colour.
    ties = classify(HIGH, [1.0] * 6 + [2.0, 3.0, 4.0, 5.0], CITY, "quantile")
    assert [b.label.split(" (")[0] for b in ties.bands] == [
        "1. Fünftel, am ungünstigsten",
        "4. Fünftel",
        "5. Fünftel, am günstigsten",
    ]
    assert ties.colour(5.0) == FAVOURABLE and ties.colour(3.0) == DIVERGING[3]
    assert "Farbklasse: " in halves.hover_line(HIGH, 2.0)


def test_equal_intervals_list_every_interval():
    values = [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 45.0, 100.0]
    classes = classify(HIGH, values, CITY, "intervalle")
    assert classes.mode == INTERVALS
    assert [b.label for b in classes.bands] == [
        "0,0 bis unter 20,0 % (am ungünstigsten)",
        "20,0 bis unter 40,0 %",
        "40,0 bis unter 60,0 %",
        "60,0 bis unter 80,0 %",  # empty, but part of the scheme
        "80,0 bis 100,0 % (am günstigsten)",
    ]
    assert classes.band(20.0) is classes.bands[1] and classes.band(100.0) is classes.bands[4]
    # As written: 39,96 is shown as "40,0 %" and falls into "40,0 bis unter 60,0 %".
    assert classes.band(39.96) is classes.bands[2] and classes.band(39.94) is classes.bands[1]
    same = classify(HIGH, [7.0, 7.0], CITY, "intervalle")
    assert len(same.bands) == 1


def test_modes_are_checked():
    assert normalise_mode(None) == "abweichung" and normalise_mode("Quantile") == "quantile"
    with pytest.raises(ValueError, match="Farbklassen"):
        normalise_mode("jenks")
    request = ExportRequest.from_query({"art": "karte", "indikator": "x", "klassen": "intervalle"})
    assert request.classes == "intervalle"
    default = ExportRequest.from_query({"art": "karte", "klassen": "abweichung"})
    assert default.classes == ""
    with pytest.raises(ExportError, match="Farbklassen"):
        ExportRequest.from_query({"art": "karte", "klassen": "bunt"})
    # An image names its classes; the default adds nothing to the file name.
    stems = [
        View(replace(request, year=2019, level="ortsteil"), "", "", "", dt.date.today(), True).stem
        for request in (request, default)
    ]
    assert stems == ["karte_x_ortsteil_intervalle_2019", "karte_ortsteil_2019"]


def test_the_default_classes_are_not_written_into_the_url():
    state = ExplorerState("uwe.wellbeing_low", "ortsteil", "2019", "", ())
    assert "klassen" not in to_search(state)
    chosen = ExplorerState("uwe.wellbeing_low", "ortsteil", "2019", "", (), "quantile")
    assert to_search(chosen).endswith("&klassen=quantile")
    assert from_search(ExplorerState, to_search(chosen)) == chosen


# --- in the figures ---------------------------------------------------------------------------


def legend(fig) -> list[str]:
    """The legend's entries, their lines joined by a space."""
    return [t.name.replace("<br>", " ") for t in fig.data if t.showlegend]


@pytest.mark.parametrize(
    "build",
    [
        lambda mode: figures.tile_map(CELLS, TILES, LOW, "Karte", city=CITY, classes=mode),
        lambda mode: figures.ranked_bars(CELLS, LOW, CITY, "Rangfolge", mode),
    ],
    ids=["tile_map", "ranked_bars"],
)
def test_figures_carry_the_legend_in_words_with_withheld_and_missing(build):
    fig = build("abweichung")
    names = legend(fig)
    assert "deutlich ungünstiger als Herne (5 Pp. und mehr darüber)" in names
    assert "günstiger als Herne (2 bis unter 5 Pp. darunter)" in names
    assert names[-2:] == ["• gesperrt", "– keine Daten"]
    assert fig.layout.showlegend and "Abweichung von Herne (54,3 %)" in fig.layout.legend.title.text
    # The entries carry no data: nothing is drawn or hovered twice.
    for trace in fig.data:
        if trace.showlegend:
            assert list(trace.x) == [None] and trace.hoverinfo == "skip"
    assert_no_number_for_suppressed(fig)
    hovers = " ".join(figures.hover_texts(fig))
    assert "deutlich ungünstiger als Herne: +10,7 Pp." in hovers  # Wanne, 64,96 %
    assert "deutlich günstiger als Herne: −8,1 Pp." in hovers  # Eickel, 46,15 %
    other = build("quantile")
    assert legend(other) != names and other.layout.legend.title.text.startswith("Quantile")


def test_bars_and_tiles_take_the_colour_of_their_class():
    bars = next(t for t in figures.ranked_bars(CELLS, LOW, CITY).data if t.type == "bar")
    assert list(bars.marker.color) == [FAVOURABLE, UNFAVOURABLE]  # Eickel, Wanne
    tiles = figures.tile_map(CELLS, TILES, LOW, city=CITY)
    values = next(t for t in tiles.data if t.name == LOW.title)
    assert values.z[1][1] == 0 and values.z[2][1] == 4  # Wanne, Eickel: class indices
    assert values.z[0][1] is None  # the withheld tile: no class
    assert values.showscale is False  # no continuous scale from min to max


def test_choropleth_legend_uses_geo_traces():
    from test_figures import made_up_geojson

    fig = figures.choropleth_map(CELLS, made_up_geojson(), "nummer", LOW, city=CITY)
    entries = [t for t in fig.data if t.showlegend]
    assert entries and {t.type for t in entries} == {"scattergeo"}
    assert {t.locationmode for t in entries} == {"geojson-id"}  # no world map is loaded
    assert "etwa wie Herne<br>(weniger als 2 Pp. Abstand)" in [t.name for t in entries]
    assert_no_number_for_suppressed(fig)


def test_a_highlighted_bar_keeps_its_class_colour():
    fig = figures.ranked_bars(CELLS, LOW, CITY)
    highlight(fig, "Wanne")
    bars = next(t for t in fig.data if isinstance(t, go.Bar))
    assert list(bars.marker.color) == [FAVOURABLE, UNFAVOURABLE]
    assert list(bars.marker.line.width) == [0.5, 3]
    assert "<b>▶ Wanne</b>" in fig.layout.yaxis.ticktext


def test_a_level_with_every_value_withheld_draws_no_classes():
    hidden = frame([("11", "Wanne", None, True), ("12", "Crange", None, True)])
    fig = figures.tile_map(hidden, TILES, LOW, city=CITY, classes="quantile")
    assert legend(fig) == ["• gesperrt"]
    assert_no_number_for_suppressed(fig)
