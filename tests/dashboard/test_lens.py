"""The social lens: areas behind the city on several Leitindikatoren and high on need."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from etl.vocabulary import HIGHER, LOWER, NEUTRAL
from publish.read.lens import need_flags

INDEX = SimpleNamespace(id="social.index", title="Sozialindex", direction=LOWER)  # high = need
LEADS = [
    SimpleNamespace(id="a", title="Sprache", direction=LOWER),
    SimpleNamespace(id="b", title="Wohlbefinden", direction=HIGHER),
    SimpleNamespace(id="c", title="Neutral", direction=NEUTRAL),
]
NAMES = pd.DataFrame({"number": ["1", "2", "3", "4"], "name": ["Nord", "Süd", "Ost", "West"]})


def rows(indicator: str, year: int, values: dict[str, float], suppressed=()) -> list[dict]:
    return [
        {
            "indicator": indicator,
            "number": number,
            "year": year,
            "value": value,
            "suppressed": number in suppressed,
        }
        for number, value in values.items()
    ]


def test_flags_needy_areas_that_lag_on_at_least_two_leads_using_published_values_only():
    areas = pd.DataFrame(
        rows("social.index", 2023, {"1": 2.0, "2": 1.0, "3": -1.0, "4": -2.0})
        + rows("social.index", 2020, {"1": -5.0, "2": -5.0, "3": 5.0, "4": 5.0})  # older
        # a: lower is better; city 20. 1 and 2 behind, 3 behind but not needy
        + rows("a", 2022, {"1": 30.0, "2": 25.0, "3": 40.0, "4": 10.0})
        # b: higher is better; city 50. 1 behind; 2 behind but withheld
        + rows("b", 2022, {"1": 40.0, "2": 10.0, "3": 60.0, "4": 60.0}, suppressed={"2"})
        + rows("c", 2022, {"1": 0.0, "2": 0.0, "3": 9.0, "4": 9.0})
    )
    city = pd.DataFrame(
        rows("a", 2022, {"0": 20.0}) + rows("b", 2022, {"0": 50.0}) + rows("c", 2022, {"0": 5.0})
    )
    flags = need_flags(areas, city, NAMES, LEADS, INDEX)
    assert [(f.name, f.lagging, f.judged) for f in flags] == [
        ("Nord", ("Sprache", "Wohlbefinden"), 2)
    ]
    assert flags[0].text() == (
        "ungünstiger als die Stadt bei 2 von 2 Leitindikatoren (Sprache, Wohlbefinden)"
    )
    # with "b" published for Süd, Süd lags on two as well
    areas.loc[areas["indicator"] == "b", "suppressed"] = False
    assert [f.name for f in need_flags(areas, city, NAMES, LEADS, INDEX)] == ["Nord", "Süd"]


def test_no_flags_without_a_published_sozialindex():
    areas = pd.DataFrame(rows("social.index", 2023, {"1": 2.0}, suppressed={"1"}))
    assert need_flags(areas, areas.iloc[0:0], NAMES, LEADS, INDEX) == []
