"""Stadtteile im Überblick and the Stadtteilprofil without a browser: the deviation in the
favourable direction (sign by direction, rounding to "wie Herne"), "•" that never becomes a
number, the count and flag of unfavourable goals, and labels whose sign matches their bar."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.registry import BY_ID
from publish import deviation
from publish import formatting as fmt
from publish.figures import heat
from publish.figures.profile import deviation_chart, deviation_groups, nothing_to_compare
from publish.grid import MIN_UNFAVOURABLE, district_grid, sort_keys, sorted_rows
from publish.read import PROFILE_COLUMNS
from publish.read.frames import profile_row

LOW = BY_ID["uwe.wellbeing_low"]  # lower is better
ADULTS = BY_ID["uwe.asset_adults"]  # higher is better
PEERS = BY_ID["uwe.asset_peers"]  # higher is better
COVERAGE = BY_ID["kompik.coverage"]  # higher is better
NEUTRAL = BY_ID["parents.interest_family_education"]  # no favourable direction
POSTS = BY_ID["ssw.fte"]  # a sum of posts

# --- the wording of a deviation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "unit", "city", "text", "word"),
    [
        (LOW, 40.0, 58.0, "+18,0 Pp.", "günstiger"),  # lower than the city: favourable
        (LOW, 60.0, 58.0, f"{fmt.MINUS}2,0 Pp.", "ungünstiger"),
        (ADULTS, 20.0, 26.0, f"{fmt.MINUS}6,0 Pp.", "ungünstiger"),
        (ADULTS, 30.0, 26.0, "+4,0 Pp.", "günstiger"),
    ],
)
def test_deviation_is_signed_by_direction(indicator, unit, city, text, word):
    better = deviation.favourable(indicator, unit, city)
    assert deviation.number(indicator, better) == text
    assert deviation.label(indicator, better) == f"{text} {word}"
    assert (better > 0) == (word == "günstiger")


def test_a_difference_that_rounds_to_zero_reads_like_the_city():
    better = deviation.favourable(LOW, 45.04, 45.0)  # -0.04: rounds to 0,0
    assert deviation.shown(LOW, better) == 0.0
    assert deviation.label(LOW, better) == "wie Herne"
    assert deviation.verdict(LOW, better) == "wie Herne"
    assert "±" not in deviation.number(LOW, better)
    assert "wie Herne" in deviation.sentence(LOW, "Wanne", 45.04, 45.0)


def test_sums_and_neutral_indicators_are_not_judged():
    assert deviation.favourable(POSTS, 3.5, 32.4) is None
    assert deviation.favourable(NEUTRAL, 30.0, 20.0) is None
    assert deviation.label(NEUTRAL, None) == fmt.MISSING


def test_the_sentence_names_the_real_difference_and_the_verdict():
    text = deviation.sentence(LOW, "Wanne", 40.0, 58.0)
    assert "Wanne: 40,0 %" in text and "Herne: 58,0 %" in text
    assert "18,0 Pp. niedriger, günstiger" in text
    assert fmt.DIRECTION_TITLES["lower"] in text


# --- the profile: labels and bars agree -------------------------------------------------------


def profile(cells: list[tuple]) -> pd.DataFrame:
    """A profile from (indicator, unit value or "•", city value)."""
    rows = []
    for indicator, value, city in cells:
        own = {"period": "2019", "suppressed": value == "•", "value": None}
        if value != "•":
            own["value"] = value
        town = {"period": "2019", "value": city, "suppressed": False}
        rows.append(profile_row(indicator, 2019, own, town))
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


SIGN = {"+": 1, fmt.MINUS: -1}


def test_profile_labels_carry_the_sign_of_their_bar():
    data = profile(
        [
            (LOW, 40.0, 58.0),  # favourable: right
            (LOW, 60.0, 58.0),  # unfavourable: left
            (ADULTS, 20.0, 26.0),  # unfavourable: left
            (PEERS, 30.0, 26.0),  # favourable: right
            (COVERAGE, 26.02, 26.0),  # wie Herne: no bar, no sign
            (BY_ID["uwe.wellbeing_high"], "•", 20.0),
            (POSTS, 3.5, 32.4),  # a sum: left out
        ]
    )
    fig = deviation_chart(data, "Wanne", "Profil")
    bars = next(t for t in fig.data if t.type == "bar")
    for x, text in zip(bars.x, bars.text, strict=True):
        if text == "wie Herne":
            assert x == 0
            continue
        assert text.endswith(" günstiger") == (x > 0), (x, text)
        assert text.endswith(" ungünstiger") == (x < 0), (x, text)
        assert SIGN[text[0]] * x > 0, (x, text)
        assert "±" not in text
    assert "+18,0 Pp. günstiger" in bars.text
    assert f"{fmt.MINUS}6,0 Pp. ungünstiger" in bars.text
    assert "wie Herne" in bars.text
    labels = " ".join(str(y) for trace in fig.data for y in trace.y)
    assert POSTS.title not in labels  # a sum is no comparison
    marks = next(t for t in fig.data if t.type == "scatter")
    assert list(marks.text) == [fmt.SUPPRESSED]
    assert not any(
        t.type == "bar" and any("Wohlbefinden hoch" in str(y) for y in t.y) for t in fig.data
    )


def test_a_unit_with_every_value_withheld_gets_a_message_not_an_axis():
    data = profile([(LOW, "•", 58.0), (ADULTS, "•", 26.0)])
    fig = deviation_chart(data, "Crange", "Profil")
    assert not [t for t in fig.data if t.type == "bar"]
    assert fig.layout.annotations[0].text == nothing_to_compare("Crange")
    assert fig.layout.xaxis.visible is False


def test_profile_groups_put_units_on_one_scale_and_match_signs():
    first = profile([(LOW, 52.0, 58.0), (ADULTS, 20.0, 26.0)])  # +6, -6
    second = profile([(LOW, 61.0, 58.0), (ADULTS, "•", 26.0)])  # -3, •
    (group,) = deviation_groups([("Wanne", first), ("Crange", second)], by_value=False)
    rows = {row.indicator: row for row in group.rows}
    low = rows[LOW.id].bars
    assert (low[0].share, low[1].share) == (1.0, -0.5)  # one scale: the largest |6| is 1
    assert low[0].text == "+6,0 Pp. günstiger" and low[0].tone == "better"
    assert low[1].text == f"{fmt.MINUS}3,0 Pp. ungünstiger" and low[1].tone == "worse"
    hidden = rows[ADULTS.id].bars[1]
    assert (hidden.text, hidden.share, hidden.tone) == (fmt.SUPPRESSED, 0.0, "suppressed")
    assert "26" not in hidden.detail and fmt.suppressed_note() in hidden.detail
    for row in group.rows:
        for bar in row.bars:
            if bar.share:
                assert SIGN[bar.text[0]] * bar.share > 0


def test_one_unit_sorts_the_most_favourable_first_and_withheld_last():
    data = profile([(LOW, 61.0, 58.0), (ADULTS, "•", 26.0), (PEERS, 30.0, 26.0)])
    (group,) = deviation_groups([("Wanne", data)])
    assert [r.indicator for r in group.rows] == [PEERS.id, LOW.id, ADULTS.id]


# --- the heat map -----------------------------------------------------------------------------

UNITS = pd.DataFrame({"number": ["11", "12", "21"], "name": ["Wanne", "Crange", "Eickel"]})


def values(rows: list[tuple]) -> pd.DataFrame:
    """(indicator, number, year, value or "•") -> a frame like ReadModel.totals."""
    return pd.DataFrame(
        [
            {
                "indicator": i.id,
                "number": n,
                "year": y,
                "period": str(y),
                "value": None if v == "•" else v,
                "suppressed": v == "•",
            }
            for i, n, y, v in rows
        ]
    ).astype({"value": float})


AREAS = values(
    [
        (LOW, "11", 2019, 40.0),  # lower is better: +5 favourable
        (LOW, "12", 2019, "•"),
        (LOW, "21", 2019, 55.5),  # -10.5
        (ADULTS, "11", 2019, 20.0),  # higher is better: -6
        (ADULTS, "12", 2019, 30.0),  # +4
        (ADULTS, "21", 2019, 25.0),  # -1
        (PEERS, "11", 2019, 70.0),  # -10
        (PEERS, "12", 2019, 81.0),  # +1
        (PEERS, "21", 2019, 60.0),  # -20
        (PEERS, "21", 2017, 90.0),
        (PEERS, "11", 2017, 85.0),
        (COVERAGE, "11", 2019, 30.0),  # the city withholds its value
        (COVERAGE, "21", 2019, 35.0),
        (NEUTRAL, "11", 2019, 50.0),
        (POSTS, "11", 2019, 3.5),
    ]
)
CITY = values(
    [
        (LOW, "0", 2019, 45.0),
        (ADULTS, "0", 2019, 26.0),
        (PEERS, "0", 2019, 80.0),
        (PEERS, "0", 2017, 88.0),
        (COVERAGE, "0", 2019, "•"),
        (NEUTRAL, "0", 2019, 40.0),
        (POSTS, "0", 2019, 32.4),
    ]
)
LEADS = [(1, LOW), (3, ADULTS), (4, PEERS), (5, COVERAGE), (7, NEUTRAL), (8, POSTS), (9, ADULTS)]


def grid(year=None):
    return district_grid("ortsteil", UNITS, AREAS, CITY, LEADS, year)


def cells_of(found, number):
    row = next(r for r in found.rows if r.number == number)
    return row, {c.indicator.id: cell for c, cell in zip(found.columns, row.cells, strict=True)}


def test_heat_map_deviations_are_signed_by_direction():
    found = grid()
    _, wanne = cells_of(found, "11")
    assert (wanne[LOW.id].value, wanne[LOW.id].text, wanne[LOW.id].state) == (
        5.0,
        "+5,0 Pp.",
        "better",
    )
    assert (wanne[ADULTS.id].value, wanne[ADULTS.id].state) == (-6.0, "worse")
    assert wanne[ADULTS.id].text == f"{fmt.MINUS}6,0 Pp."
    _, eickel = cells_of(found, "21")
    assert eickel[LOW.id].value == -10.5 and eickel[LOW.id].tone == -2
    # 1 Pp. below: within the map's "etwa wie Herne" (under 2 Pp.), the same class here
    assert eickel[ADULTS.id].tone == 0
    assert heat.colours(eickel[LOW.id].tone).fill != heat.colours(eickel[ADULTS.id].tone).fill


def test_heat_map_keeps_withheld_values_as_dots():
    found = grid()
    _, crange = cells_of(found, "12")
    hidden = crange[LOW.id]
    assert (hidden.text, hidden.value, hidden.tone, hidden.state) == (
        fmt.SUPPRESSED,
        None,
        None,
        "suppressed",
    )
    # the city's value is withheld: no unit gets a deviation that would reveal it
    for number in ("11", "21"):
        _, cells = cells_of(found, number)
        assert cells[COVERAGE.id].text == fmt.SUPPRESSED and cells[COVERAGE.id].value is None
    assert crange[COVERAGE.id].text == fmt.MISSING  # no value of its own: no data
    assert found.suppressed
    assert heat.colours(None, suppressed=True).fill == heat.SUPPRESSED_TONE.fill


def test_heat_map_columns_goals_and_left_out():
    found = grid()
    ids = [c.indicator.id for c in found.columns]
    assert ids == [LOW.id, ADULTS.id, PEERS.id, COVERAGE.id]
    adults = found.columns[1]
    assert adults.goals == (3, 9) and adults.goal_label == "Ziel 3, 9"  # one lead, two goals
    assert any(NEUTRAL.title in t and "Bewertungsrichtung" in t for t in found.left_out)
    assert any(POSTS.title in t and "Summe" in t for t in found.left_out)


def test_heat_map_counts_unfavourable_goals_and_flags():
    found = grid()
    wanne, _ = cells_of(found, "11")
    # less favourable on ADULTS (goals 3 and 9) and PEERS (goal 4); LOW favourable
    assert (wanne.unfavourable, wanne.judged) == (3, 4)
    assert wanne.flagged and MIN_UNFAVOURABLE == 3
    crange, _ = cells_of(found, "12")
    assert (crange.unfavourable, crange.judged, crange.flagged) == (0, 3, False)
    eickel, _ = cells_of(found, "21")
    # ADULTS (goals 3 and 9) 1 Pp. below: "etwa wie Herne", not counted as unfavourable
    assert (eickel.unfavourable, eickel.flagged) == (2, False)
    order = [r.number for r in sorted_rows(found, "unguenstig")]
    assert order == ["11", "21", "12"]
    assert [r.name for r in sorted_rows(found, "name")] == ["Crange", "Eickel", "Wanne"]
    by_low = [r.number for r in sorted_rows(found, LOW.id)]
    assert by_low == ["21", "11", "12"]  # least favourable first, "•" last
    assert set(sort_keys(found)) >= {"nummer", "name", "unguenstig", LOW.id}


def test_heat_map_year_is_each_columns_latest_up_to_the_one_asked():
    found = grid(2018)
    assert [c.indicator.id for c in found.columns] == [PEERS.id]
    assert found.columns[0].year == 2017
    _, wanne = cells_of(found, "11")
    assert wanne[PEERS.id].value == -3.0
    assert any("erst nach 2018" in t for t in found.left_out)
