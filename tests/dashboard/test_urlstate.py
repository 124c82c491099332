"""The state of every view in its URL: parse, format, and when to write."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard import urlstate
from dashboard.urlstate import (
    CompareState,
    ExplorerState,
    GoalState,
    OverviewState,
    ProfileState,
    StatusState,
    from_params,
    from_search,
    parse_query,
    to_search,
    url_output,
)


def test_explorer_query_matches_the_documented_form():
    state = ExplorerState("uwe.wellbeing_low", "ortsteil", "2019", "", ())
    assert to_search(state) == (
        "?indikator=uwe.wellbeing_low&ebene=ortsteil&jahr=2019&aufgliederung=&einheiten="
    )


@pytest.mark.parametrize(
    "state",
    [
        ExplorerState("uwe.wellbeing_low", "bezirk", "2019", "sex=w", ("111", "123")),
        ExplorerState(),
        OverviewState("2013-2017"),
        GoalState("2013-2017", "stadtbezirk"),
        ProfileState("ortsteil", "11", "kompik"),
        CompareState(
            "ortsteil",
            "2019",
            "uwe.asset_adults",
            "uwe.wellbeing_low",
            "kompik.coverage",
            "2016",
            "2024",
        ),
        StatusState("parent-survey"),
        ExplorerState("x", "y", "2019/20", "school_form=Förderschule", ()),
    ],
)
def test_round_trip(state):
    assert from_search(type(state), to_search(state)) == state


def test_parsing_is_forgiving():
    assert parse_query(None) == {}
    assert parse_query("") == {}
    assert parse_query("?a=1&a=2&b=") == {"a": "2", "b": ""}
    state = from_search(ExplorerState, "?indikator=kompik.coverage&unbekannt=1&einheiten=11,,12")
    assert state == ExplorerState(indikator="kompik.coverage", einheiten=("11", "12"))


def test_layout_keyword_arguments_and_control_values():
    # Dash passes the query as keyword arguments; checklists deliver lists.
    state = from_params(ExplorerState, {"indikator": "a", "einheiten": ["11", "12"], "x": "y"})
    assert state.einheiten == ("11", "12")
    assert from_params(ExplorerState, {"einheiten": None}) == ExplorerState()


def test_every_state_field_is_text_or_tuple():
    for cls in (OverviewState, GoalState, ExplorerState, ProfileState, CompareState, StatusState):
        for field in dataclasses.fields(cls):
            assert field.default in ("", ())


def test_only_a_users_change_writes_the_url():
    canonical = "?indikator=a"
    assert url_output(True, canonical, "?indikator=b") == canonical
    assert url_output(True, canonical, canonical) is None  # nothing new: no history entry
    assert url_output(False, canonical, "") is None  # first render / back button: never write
    assert urlstate.format_query({}) == ""
