"""Indicator values on tiny hand-made deliveries, with every expected number worked out by hand
here (not by calling the code under test)."""

from __future__ import annotations

import pytest
from helpers import (
    KITAS,
    PARENT_SURVEY_HEADER,
    SCHOOLS,
    kompik_header,
    kompik_row,
    write_xlsx,
)
from sqlalchemy import select

from etl.instruments import UWE_ITEMS
from etl.pipeline import import_file
from indicators.build import build
from indicators.store import IndicatorValue

POPULATION = ["Stichtag", "Bezirk-Nr", "Alter", "Geschlecht", "Anzahl"]


def value(engine, indicator, level="stadt", unit="0", period=None, breakdown=""):
    """(value, n, suppressed) of one cell, or None if the cell does not exist."""
    query = select(
        IndicatorValue.value, IndicatorValue.n, IndicatorValue.suppressed, IndicatorValue.value_text
    ).where(
        IndicatorValue.indicator == indicator,
        IndicatorValue.level == level,
        IndicatorValue.unit == unit,
        IndicatorValue.breakdown == breakdown,
    )
    if period:
        query = query.where(IndicatorValue.period == period)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    assert len(rows) <= 1, rows
    return tuple(rows[0]) if rows else None


@pytest.fixture
def kompik_world(world, settings, tmp_path):
    # 11 children living in district 0111, 5 and 6 in the two Kitas (KECK: 2 Kitas with >= 4).
    # 11, not 10: with girls and boys withheld, a published 10 would leave each 1 to 9 children,
    # fewer possible values than the threshold of 10.
    means = ["2,0"] * 5 + ["4,0"] * 5 + ["3,0"]
    norms = ["1", "1", "1", "2", "2", "5", "5", "5", "5", "10", "5"]
    rows = [kompik_header()]
    for i in range(11):
        rows.append(
            kompik_row(
                kita="0107" if i < 5 else "0108",
                child=f"{i:03d}",
                sex="w" if i % 2 else "m",
                district="0111",
                mean=means[i],
                norm=norms[i],
            )
        )
    population = [
        POPULATION,
        ["31.12.2018", "0111", "3", "w", "7"],
        ["31.12.2018", "0111", "3", "m", "7"],
        ["31.12.2018", "0111", "4", "w", "6"],
        ["31.12.2018", "0111", "4", "m", "7"],
        ["31.12.2018", "0111", "5", "w", "6"],
        ["31.12.2018", "0111", "5", "m", "7"],
        ["31.12.2018", "0111", "6", "w", "99"],
    ]  # age 6 is outside the age group
    import_file(world, "population", write_xlsx(tmp_path / "pop.xlsx", population), settings)
    import_file(world, "kompik", write_xlsx(tmp_path / "kompik.xlsx", rows), settings)
    build(world)
    return world


def test_kompik_values_by_hand(kompik_world):
    engine = kompik_world
    # As in KECK, not per statistical district.
    assert value(engine, "kompik.motor.mean", "bezirk", "0111", "2019") is None
    for level, unit in (("ortsteil", "11"), ("stadtbezirk", "1"), ("stadt", "0")):
        assert value(engine, "kompik.coverage", level, unit, "2019") == (
            27.5,
            11,
            False,
            None,
        )  # 11/40
        assert value(engine, "kompik.motor.mean", level, unit, "2019") == (3.0, 11, False, None)
        assert value(engine, "kompik.language.low", level, unit, "2019")[:3] == (
            round(100 * 5 / 11, 6),
            11,
            False,
        )
        assert value(engine, "kompik.music.high", level, unit, "2019")[:3] == (
            round(100 / 11, 6),
            11,
            False,
        )
    # 5 boys and 6 girls: fewer than 10 observed children per cell, so both are withheld.
    girls = value(engine, "kompik.motor.mean", "stadt", "0", "2019", "sex=w")
    assert girls == (None, None, True, None)
    assert value(engine, "kompik.motor.mean", "stadt", "0", "2019", "german=ja")[:3] == (
        3.0,
        11,
        False,
    )


def test_kompik_keck_rule_withholds_an_area_with_one_kita(world, settings, tmp_path):
    rows = [kompik_header()] + [
        kompik_row(kita="0107", child=f"{i:03d}", district="0211") for i in range(12)
    ]
    import_file(world, "kompik", write_xlsx(tmp_path / "k.xlsx", rows), settings)
    build(world)
    withheld = value(world, "kompik.motor.mean", "ortsteil", "21", "2019")
    assert withheld[2] is True and withheld[0] is None
    # The precise reason stays in the database (never on a page).
    assert "Kitas" in _reason(world, "kompik.motor.mean", "ortsteil", "21")


def _reason(engine, indicator, level, unit):
    with engine.connect() as conn:
        return conn.execute(
            select(IndicatorValue.reason).where(
                IndicatorValue.indicator == indicator,
                IndicatorValue.level == level,
                IndicatorValue.unit == unit,
                IndicatorValue.breakdown == "",
            )
        ).scalar_one()


def uwe_row(opt, swg, glu, tra, ges, adults, sex) -> list[object]:
    answers = {item: "3" for item in UWE_ITEMS}
    answers |= {f"OPT{i}": opt for i in (1, 2, 3)} | {f"SWG{i}": swg for i in (1, 2, 3)}
    answers |= {f"GLU{i}": glu for i in (1, 2, 3)} | {f"TRA{i}": tra for i in (1, 2, 3)}
    answers |= {"GES1": ges, "FRUEH": "6", "SCHLAF": "4", "AKT": "0"}
    for scale in ("ERW_SCH", "ERW_HAU", "ERW_NAC"):
        answers |= {f"{scale}{i}": adults for i in (1, 2, 3)}
    return ["2019", "187654", "7", sex, "0121", *[answers[item] for item in UWE_ITEMS]]


def test_uwe_values_by_hand(world, settings, tmp_path):
    header = [
        "Erhebungsjahr",
        "Schul-Nr",
        "Jahrgang",
        "Geschlecht",
        "Wohnort Bezirk-Nr",
        *UWE_ITEMS,
    ]
    # All girls: a split into 6 and 6 would withhold both halves, and then the totals of the
    # assets at 0 % or 100 % would pin them (see test_attacker), so everything would be withheld.
    thriving = [uwe_row("5", "5", "5", "1", "5", "4", "w") for _ in range(4)]  # high on all 5
    low = [uwe_row("2", "5", "5", "1", "5", "4" if i < 2 else "2", "w") for i in range(4)]
    middle = [uwe_row("4", "3", "3", "3", "4", "2", "w") for i in range(4)]
    rows = [header, *thriving, *low, *middle]
    population = [
        POPULATION,
        ["31.12.2018", "0121", "12", "w", "12"],
        ["31.12.2018", "0121", "12", "m", "12"],
    ]
    import_file(world, "population", write_xlsx(tmp_path / "pop.xlsx", population), settings)
    import_file(world, "uwe", write_xlsx(tmp_path / "uwe.xlsx", rows), settings)
    build(world)
    third = round(100 * 4 / 12, 6)
    assert value(world, "uwe.wellbeing_high", "bezirk", "0121", "2019") is None  # to Ortsteil
    for level, unit in (("stadtbezirk", "1"), ("ortsteil", "12"), ("stadt", "0")):
        assert value(world, "uwe.wellbeing_high", level, unit, "2019")[:3] == (third, 12, False)
        assert value(world, "uwe.wellbeing_medium", level, unit, "2019")[:3] == (third, 12, False)
        assert value(world, "uwe.wellbeing_low", level, unit, "2019")[:3] == (third, 12, False)
        # supportive adults (mean of 9 items >= 4): the 4 thriving and 2 of the low ones
        assert value(world, "uwe.asset_adults", level, unit, "2019")[:3] == (50.0, 12, False)
        assert value(world, "uwe.asset_activities", level, unit, "2019")[:3] == (0.0, 12, False)
        assert value(world, "uwe.asset_nutrition_sleep", level, unit, "2019")[:3] == (
            100.0,
            12,
            False,
        )
        assert value(world, "uwe.participation", level, unit, "2019")[:3] == (50.0, 12, False)
    assert value(world, "uwe.wellbeing_low", "stadt", "0", "2019", "grade=7")[:3] == (
        third,
        12,
        False,
    )
    assert value(world, "uwe.wellbeing_low", "stadt", "0", "2019", "sex=w")[:3] == (
        third,
        12,
        False,
    )
    assert value(world, "uwe.wellbeing_low", "stadt", "0", "2019", "sex=m") is None  # no boys


def test_parent_survey_values_by_hand(world, settings, tmp_path):
    # Three Familienzentren in Stadtbezirk 1: parent results need at least 3 centres per value.
    kitas = [
        *KITAS,
        ["01.03.2020", "0109", "Kita Mond", "Caritas", "0112", "ja", "60"],
        ["01.03.2020", "0110", "Kita Stern", "Diakonie", "0121", "ja", "50"],
    ]
    kitas = [kitas[0]] + [["01.03.2021", *row[1:]] for row in kitas[1:]]
    import_file(world, "kitas", write_xlsx(tmp_path / "kitas.xlsx", kitas), settings)
    header = PARENT_SURVEY_HEADER
    grades = ["1"] * 5 + ["2"] * 3 + ["3"] * 2
    recommend = ["ja"] * 8 + ["nein"] * 2
    centres = ["0107"] * 4 + ["0109"] * 3 + ["0110"] * 3
    rows = [header] + [
        [
            "2018",
            centres[i],
            "FZ",
            grades[i],
            recommend[i],
            "2",
            "",
            "",
            "",
            "ja" if i < 3 else "nein",
            "",
            "",
            "",
        ]
        for i in range(10)
    ]
    handed_out = [["0107", "2018", "25"], ["0109", "2018", "10"], ["0110", "2018", "15"]]
    path = write_xlsx(
        tmp_path / "e.xlsx",
        rows,
        extra={"Rücklauf": [["FZ-Nr", "Erhebungsjahr", "Ausgegeben"], *handed_out]},
    )
    import_file(world, "parent-survey", path, settings)
    build(world)
    # Only the city and the Stadtbezirke: a district or Ortsteil would show one centre.
    assert value(world, "parents.overall_grade", "bezirk", "0111", "2018") is None
    assert value(world, "parents.overall_grade", "stadtbezirk", "1", "2018")[:3] == (1.7, 10, False)
    assert value(world, "parents.recommend", "stadt", "0", "2018")[:3] == (80.0, 10, False)
    assert value(world, "parents.response_rate", "stadt", "0", "2018")[:3] == (20.0, 10, False)
    assert value(world, "parents.interest_parent_cafe", "stadt", "0", "2018")[:3] == (
        30.0,
        10,
        False,
    )
    no_answers = value(world, "parents.grade_settling_in", "stadt", "0", "2018")
    assert no_answers == (None, 0, False, None)  # "keine Daten", not a withheld value


def test_school_social_work_values_by_hand(world):
    build(world)  # the reference world holds two schools in 2019/20 (tests/helpers.py)
    city = {
        i: value(world, i, "stadt", "0", "2019/20")
        for i in (
            "ssw.fte",
            "ssw.fte_per_1000",
            "ssw.schools_with_post",
            "ssw.schools_full_post",
            "ssw.fixed_term_share",
            "ssw.pupils_per_fte",
            "ssw.all_day_bound_share",
            "ssw.all_day_open_share",
            "ssw.next_end_date",
        )
    }
    assert city["ssw.fte"][0] == 3.5
    assert city["ssw.fte_per_1000"][0] == pytest.approx(3.5 / 1484 * 1000, abs=1e-6)
    assert city["ssw.schools_with_post"][0] == 100.0
    assert city["ssw.schools_full_post"][0] == 100.0  # 1,0 and 2,5 VZÄ
    assert city["ssw.fixed_term_share"][0] == pytest.approx(100 / 3.5, abs=1e-6)
    assert city["ssw.pupils_per_fte"][0] == pytest.approx(1484 / 3.5, abs=1e-6)
    # The Gesamtschule is bound, the Grundschule open: one of two schools each.
    assert city["ssw.all_day_bound_share"][0] == 50.0
    assert city["ssw.all_day_open_share"][0] == 50.0
    assert city["ssw.next_end_date"][3] == "31.07.2021"
    assert value(world, "ssw.fte_per_1000", "bezirk", "0111", "2019/20")[0] == 4.0
    assert value(world, "ssw.fixed_term_share", "bezirk", "0111", "2019/20")[0] == 0.0
    assert value(world, "ssw.next_end_date", "bezirk", "0111", "2019/20") is None
    assert (
        value(world, "ssw.schools_with_post", "stadt", "0", "2019/20", "school_form=Gesamtschule")[
            0
        ]
        == 100.0
    )
    for indicator, form, expected in (
        ("ssw.all_day_bound_share", "Gesamtschule", 100.0),
        ("ssw.all_day_bound_share", "Grundschule", 0.0),
        ("ssw.all_day_open_share", "Grundschule", 100.0),
        ("ssw.all_day_open_share", "Gesamtschule", 0.0),
    ):
        cell = value(world, indicator, "stadt", "0", "2019/20", f"school_form={form}")
        assert cell[0] == expected, (indicator, form)


def test_any_post_and_full_post_count_apart(world, settings, tmp_path):
    # 2020/21: the Grundschule keeps half a post, the Gesamtschule has none and no all-day.
    header, primary, comprehensive = (list(row) for row in SCHOOLS)
    primary[0] = comprehensive[0] = "2020/21"
    primary[6] = "0,5"
    comprehensive[6:12] = ["0", "0", "", "0", "", "keiner"]
    path = write_xlsx(tmp_path / "ssw-2020.xlsx", [header, primary, comprehensive])
    import_file(world, "school-social-work", path, settings)
    build(world)
    assert value(world, "ssw.schools_with_post", "stadt", "0", "2020/21")[0] == 50.0
    assert value(world, "ssw.schools_full_post", "stadt", "0", "2020/21")[0] == 0.0
    assert value(world, "ssw.all_day_bound_share", "stadt", "0", "2020/21")[0] == 0.0
    assert value(world, "ssw.all_day_open_share", "stadt", "0", "2020/21")[0] == 50.0


def test_goal_counts_reproduce_the_seed_charts(world):
    build(world)
    assert (
        value(world, "goals.measures", period="2013-2017", breakdown="goal=ganztagssysteme")[0] == 6
    )
    assert (
        value(
            world,
            "goals.measures",
            period="2013-2017",
            breakdown="goal=ganztagssysteme;department=Schulverwaltung",
        )[0]
        == 6
    )
    assert (
        value(
            world,
            "goals.measures",
            period="2013-2017",
            breakdown="goal=uebergangssystem;department=Kommunales Bildungsbüro",
        )[0]
        == 4
    )
    assert (
        value(world, "goals.feedback_keep", period="2013-2017", breakdown="goal=inklusive_systeme")[
            0
        ]
        == 0
    )
