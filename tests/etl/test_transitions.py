"""Übergänge nach Klasse 4: every rule fires with a German message on a tiny named file, the
tolerated variations load, a rejected file loads nothing, --replace replaces one Schuljahr."""

from __future__ import annotations

import pytest
from helpers import source_header, write_csv, write_xlsx
from sqlalchemy import func, select

from etl.models import Load, Transition
from etl.pipeline import import_file
from etl.problems import ImportRejected

HEADER = source_header("transitions")
PRIMARY, COMPREHENSIVE = "164523", "187654"  # the Grundschule and Gesamtschule of helpers.py


def move(
    child="001",
    year="2019/20",
    district="0111",
    sex="w",
    school=PRIMARY,
    recommendation="Realschule",
    new_form="Gesamtschule",
) -> list[object]:
    return [year, child, district, sex, school, recommendation, new_form]


def rejected(engine, settings, path) -> list:
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "transitions", path, settings)
    return caught.value.problems


def moves(engine, *columns):
    with engine.connect() as conn:
        fields = [getattr(Transition, c) for c in columns]
        order = (Transition.school_year, Transition.child_id)
        return conn.execute(select(*fields).order_by(*order)).all()


def count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


# --- what loads ---------------------------------------------------------------------------------


def test_a_delivery_loads_with_children_living_outside_herne(world, settings, tmp_path):
    rows = [
        HEADER,
        move("001", recommendation="Gymnasium", new_form="Gymnasium"),
        move("002", district="", recommendation="", new_form="außerhalb Herne"),
        move("003", recommendation="eingeschränkt", new_form="Realschule", sex="d"),
    ]
    result = import_file(world, "transitions", write_xlsx(tmp_path / "ue.xlsx", rows), settings)
    assert (result.rows, result.delivery, result.warnings) == (3, "Schuljahr 2019/20", [])
    assert moves(
        world, "child_id", "district_number", "sex", "primary_school", "recommendation",
        "new_school_form",
    ) == [
        ("001", "0111", "w", PRIMARY, "Gymnasium", "Gymnasium"),
        ("002", None, "w", PRIMARY, None, "außerhalb Herne"),  # lives outside Herne
        ("003", "0111", "d", PRIMARY, "eingeschränkt", "Realschule"),
    ]  # fmt: skip


@pytest.mark.parametrize("spelling", ["2019/2020", "19/20", "2019/20"])
def test_school_year_spellings_missing_tokens_and_ascii_spelling(
    world, settings, tmp_path, spelling
):
    header = ["Schuljahr:", "KIND-ID", "Bezirk-Nr", "Geschlecht", "Grundschule\nSchul-Nr"]
    header += ["Empfehlung", "Schulform  neu", "Klasse"]
    rows = [
        ["Übergänge nach Klasse 4"],
        header,
        [*move("1", year=spelling, recommendation="k.A.", new_form="ausserhalb Herne"), "4a"],
        [*move("2", year=spelling, recommendation="-", new_form="GYMNASIUM"), "4b"],
        ["Summe", "2"],
    ]
    path = write_csv(tmp_path / "uebergaenge.csv", rows, encoding="utf-8-sig")
    result = import_file(world, "transitions", path, settings)
    assert result.rows == 2 and result.delivery == "Schuljahr 2019/20"
    assert moves(world, "school_year", "recommendation", "new_school_form") == [
        ("2019/20", None, "außerhalb Herne"),
        ("2019/20", None, "Gymnasium"),
    ]


def test_without_the_optional_recommendation_column(world, settings, tmp_path):
    header = [h for h in HEADER if h != "Empfehlung"]
    row = move()
    del row[5]
    import_file(world, "transitions", write_xlsx(tmp_path / "ohne.xlsx", [header, row]), settings)
    assert moves(world, "recommendation", "new_school_form") == [(None, "Gesamtschule")]


def test_a_school_that_is_no_primary_school_is_a_warning(world, settings, tmp_path):
    rows = [HEADER, move("1"), move("2", school=COMPREHENSIVE)]
    result = import_file(world, "transitions", write_xlsx(tmp_path / "schule.xlsx", rows), settings)
    assert result.rows == 2
    (warning,) = result.warnings
    assert (warning.row, warning.column, warning.value) == (
        3,
        "Grundschule Schul-Nr",
        COMPREHENSIVE,
    )
    assert warning.rule == "Schule ist laut Schulverzeichnis keine Grundschule (Gesamtschule)"


# --- what is refused, with nothing loaded ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "row", "expected"),
    [
        (
            "unbekannte_schule",
            move(school="100000"),
            ("Grundschule Schul-Nr", "100000", "unbekannte Schule"),
        ),
        (
            "unbekannter_bezirk",
            move(district="111"),  # the district is "0111": leading zeros count
            ("Bezirk-Nr", "111", "unbekannter statistischer Bezirk"),
        ),
        (
            "schulform_nicht_erlaubt",
            move(new_form="Waldorfschule"),
            ("Schulform neu", "Waldorfschule", "erlaubt sind: Gymnasium, Gesamtschule"),
        ),
        (
            "empfehlung_nicht_erlaubt",
            move(recommendation="Gesamtschule"),
            ("Empfehlung", "Gesamtschule", "erlaubt sind: Gymnasium, Realschule, Hauptschule"),
        ),
        (
            "schuljahr_unlesbar",
            move(year="2019/21"),
            ("Schuljahr", "2019/21", "kein gültiges Schuljahr"),
        ),
        (
            "geschlecht_fehlt",
            move(sex=""),
            ("Geschlecht", None, "Pflichtangabe fehlt"),
        ),
    ],
)
def test_a_broken_value_is_named_and_the_file_loads_nothing(
    world, settings, tmp_path, name, row, expected
):
    path = write_xlsx(tmp_path / f"{name}.xlsx", [HEADER, move("000"), row])
    loads = count(world, Load)
    (problem,) = rejected(world, settings, path)
    column, value, rule = expected
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        f"{name}.xlsx",
        "Daten",
        3,
        column,
    )
    assert problem.value == value and problem.rule.startswith(rule)
    assert count(world, Transition) == 0 and count(world, Load) == loads


def test_the_same_child_twice_in_one_school_year(world, settings, tmp_path):
    rows = [HEADER, move("7"), move("7", year="20/21"), move("7", year="2019/2020")]
    problems = rejected(world, settings, write_xlsx(tmp_path / "kind_doppelt.xlsx", rows))
    # "2019/2020" is the school year 2019/20: the duplicate is found after reading
    assert {(p.row, p.column, p.value) for p in problems} == {
        (2, "Kind-ID", "2019/20 / 7"),
        (4, "Kind-ID", "2019/20 / 7"),
    }
    assert all(p.rule == "Kind-ID kommt im selben Schuljahr mehrfach vor" for p in problems)


# --- deliveries -----------------------------------------------------------------------------


def test_a_redelivery_replaces_exactly_its_schuljahr(world, settings, tmp_path):
    first = [HEADER, move("1"), move("2")]
    other_year = [HEADER, move("1", year="2020/21")]
    corrected = [HEADER, move("1", new_form="Realschule")]
    import_file(world, "transitions", write_xlsx(tmp_path / "ue_2019.xlsx", first), settings)
    import_file(world, "transitions", write_xlsx(tmp_path / "ue_2020.xlsx", other_year), settings)
    path = write_xlsx(tmp_path / "ue_2019_korrigiert.xlsx", corrected)
    with pytest.raises(ImportRejected) as caught:
        import_file(world, "transitions", path, settings)
    assert "Schuljahr 2019/20" in caught.value.problems[0].rule
    assert count(world, Transition) == 3
    result = import_file(world, "transitions", path, settings, replace=True)
    assert result.replaced_rows == 2
    assert moves(world, "school_year", "child_id", "new_school_form") == [
        ("2019/20", "1", "Realschule"),
        ("2020/21", "1", "Gesamtschule"),
    ]
    with world.connect() as conn:
        superseded = conn.execute(select(Load.file_name).where(Load.superseded_by.is_not(None)))
        assert list(superseded.scalars()) == ["ue_2019.xlsx"]
