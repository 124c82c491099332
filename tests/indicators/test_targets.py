"""The status of an indicator against a target of the goal period (indicators.targets)."""

from __future__ import annotations

import pytest

from etl.vocabulary import HIGHER, LOWER, NEUTRAL
from indicators.targets import NO_DATA, OFF_TRACK, ON_TRACK, Target, assess, assess_units


def target(value=None, direction=None, baseline=None, start=2017, end=2022, level=None):
    return Target(start, baseline, end, value, direction, level)


def test_a_target_value_is_judged_against_the_straight_way_there():
    # 20 -> 30 from 2017 to 2022: 2 points a year, so 2019 should be at 24
    way = target(value=30.0, baseline=20.0)
    assert assess(way, {2019: 24.0}).status == ON_TRACK
    assert assess(way, {2019: 23.9}).status == OFF_TRACK
    found = assess(way, {2018: 30.0, 2019: 23.0})  # the latest year counts
    assert found.status == OFF_TRACK and found.latest_year == 2019
    assert found.expected == pytest.approx(24.0)
    # a falling target: 40 -> 30
    assert assess(target(value=30.0, baseline=40.0), {2019: 35.9}).status == ON_TRACK
    assert assess(target(value=30.0, baseline=40.0), {2019: 36.1}).status == OFF_TRACK
    # after the target year the target itself counts
    assert assess(way, {2024: 29.0}).status == OFF_TRACK
    assert assess(way, {2024: 30.0}).status == ON_TRACK


def test_a_missing_baseline_value_is_read_from_the_data_of_the_baseline_year():
    found = assess(target(value=30.0), {2017: 20.0, 2019: 25.0})
    assert found.status == ON_TRACK and found.baseline_value == 20.0
    # no value in the baseline year and none given: no status rather than a guess
    assert assess(target(value=30.0), {2016: 20.0, 2019: 25.0}).status == NO_DATA


def test_a_direction_alone_compares_with_the_baseline():
    series = {2017: 50.0, 2019: 52.0}
    assert assess(target(direction="steigen"), series).status == ON_TRACK
    assert assess(target(direction="sinken"), series).status == OFF_TRACK
    assert assess(target(direction="steigen"), {2017: 50.0, 2019: 50.0}).status == OFF_TRACK
    # halten: not less favourable, in the indicator's favourable direction
    assert assess(target(direction="halten"), series, HIGHER).status == ON_TRACK
    assert assess(target(direction="halten"), series, LOWER).status == OFF_TRACK
    assert assess(target(direction="halten"), {2017: 50.0, 2019: 52.4}, NEUTRAL).status == ON_TRACK
    assert assess(target(direction="halten"), {2017: 50.0, 2019: 53.0}, NEUTRAL).status == OFF_TRACK


def test_no_value_after_the_baseline_year_is_no_data():
    assert assess(target(direction="steigen"), {2017: 50.0}).status == NO_DATA
    assert assess(target(direction="steigen"), {}).status == NO_DATA


def test_a_target_for_every_unit_needs_every_unit_with_data_on_course():
    way = target(value=30.0, baseline=99.0, level="ortsteil")  # the city's baseline is not used
    units = {
        "A": {2017: 20.0, 2019: 25.0},  # on course (expected 24)
        "B": {2017: 20.0, 2019: 23.0},  # behind
        "C": {2019: 25.0},  # no baseline: not judged
    }
    found = assess_units(way, units, HIGHER, "Ortsteilen")
    assert found.status == OFF_TRACK and found.note == "auf Kurs in 1 von 2 Ortsteilen"
    assert found.units["C"].status == NO_DATA
    del units["B"]
    assert assess_units(way, units, HIGHER, "Ortsteilen").status == ON_TRACK
    assert assess_units(way, {"C": {2019: 1.0}}, HIGHER, "Ortsteilen").status == NO_DATA
