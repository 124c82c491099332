"""Every variation formats.md tolerates is accepted, with the right values in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import (
    KITAS,
    PARENT_SURVEY_HEADER,
    SCHOOLS,
    UNITS,
    kompik_header,
    kompik_row,
    source_header,
    write_csv,
    write_xlsx,
)
from sqlalchemy import select

from etl.models import (
    KitaListEntry,
    KompikObservation,
    ParentSurveyResponse,
    Population,
    SchoolSocialWork,
    SpatialUnit,
    UweResponse,
)
from etl.pipeline import import_file

POPULATION_HEADER = source_header("population")


def rows_of(engine, model, *columns):
    with engine.connect() as conn:
        return conn.execute(select(*[getattr(model, c) for c in columns])).all()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings_are_read_with_umlauts_and_leading_zeros(
    engine, settings, tmp_path, encoding
):
    import_file(engine, "spatial-units", write_xlsx(tmp_path / "u.xlsx", UNITS), settings)
    path = write_csv(tmp_path / f"kitas_{encoding}.csv", KITAS, encoding=encoding)
    result = import_file(engine, "kitas", path, settings)
    assert result.rows == 2
    assert sorted(rows_of(engine, KitaListEntry, "number", "provider")) == [
        ("0107", "Stadt Herne"),
        ("0108", "AWO"),
    ]


def test_title_rows_header_spellings_order_and_extra_column(world, settings, tmp_path):
    header = ["  anzahl:", "GESCHLECHT", "Alter ", "Bezirk-\nNr", "Stichtag", "Bemerkung"]
    rows = [
        ["SYNTHETISCHE BEISPIELDATEN"],
        ["Bevölkerung nach Alter, Stand 31.12.2019"],
        [],
        header,
        ["12", "w", "3", "0111", "31.12.2019", "geprüft"],
    ]
    result = import_file(world, "population", write_xlsx(tmp_path / "p.xlsx", rows), settings)
    assert result.rows == 1
    assert [w.column for w in result.warnings] == ["Bemerkung"]
    assert rows_of(
        world, Population, "reference_date", "district_number", "age", "sex", "count"
    ) == [(dt.date(2019, 12, 31), "0111", 3, "w", 12)]


def test_empty_rows_and_trailing_total_row_are_skipped(world, settings, tmp_path):
    rows = [
        POPULATION_HEADER,
        ["31.12.2019", "0111", "3", "w", "10"],
        [None, None, None, None, None],
        ["31.12.2019", "0111", "4", "m", "1.234"],
        [],
        ["Summe", None, None, None, "1.244"],
    ]
    result = import_file(world, "population", write_xlsx(tmp_path / "p.xlsx", rows), settings)
    assert result.rows == 2
    assert "Summenzeile" in result.warnings[0].rule
    assert result.warnings[0].row == 6
    assert sorted(c for (c,) in rows_of(world, Population, "count")) == [10, 1234]


def test_numbers_as_text_decimal_comma_point_and_thousands(world, settings, tmp_path):
    # SCHOOLS carries "2,5" FTE and "1.234" pupils as text; add numeric cells and a point decimal.
    rows = [
        SCHOOLS[0],
        [
            "2020/2021",
            "164523",
            "GS Am Park",
            "Grundschule",
            "0111",
            250,
            0.5,
            "0.5",
            "2021-07-31",
            1,
            "Stadt",
            "offen",
        ],
        [
            "20/21",
            "187654",
            "GE Nord",
            "Gesamtschule",
            "0121",
            "1.234",
            "2,5",
            "0",
            "",
            "3",
            "Stadt/Land",
            "gebunden",
        ],
    ]
    import_file(world, "school-social-work", write_xlsx(tmp_path / "s.xlsx", rows), settings)
    got = rows_of(
        world,
        SchoolSocialWork,
        "school_year",
        "school_number",
        "pupils",
        "fte",
        "fte_fixed_term",
        "fixed_term_until",
    )
    assert ("2020/21", "164523", 250, 0.5, 0.5, dt.date(2021, 7, 31)) in got
    assert ("2020/21", "187654", 1234, 2.5, 0.0, None) in got
    assert ("2019/20", "187654", 1234, 2.5, 1.0, dt.date(2021, 7, 31)) in got


@pytest.mark.parametrize("observed", [dt.datetime(2019, 5, 15), "15.05.2019", "2019-05-15"])
def test_dates_as_excel_date_german_text_or_iso(world, settings, tmp_path, observed):
    rows = [kompik_header(), kompik_row(observed=observed)]
    import_file(world, "kompik", write_xlsx(tmp_path / "k.xlsx", rows), settings)
    assert rows_of(world, KompikObservation, "observed_on", "birth_month", "age_months") == [
        (dt.date(2019, 5, 15), dt.date(2015, 3, 1), 50)
    ]


@pytest.mark.parametrize(
    ("yes", "no"), [("ja", "nein"), ("j", "n"), ("x", None), ("1", "0"), ("TRUE", "false")]
)
def test_yes_no_spellings(world, settings, tmp_path, yes, no):
    rows = [kompik_header(), kompik_row(child="1", german=yes), kompik_row(child="2", german=no)]
    import_file(world, "kompik", write_xlsx(tmp_path / "k.xlsx", rows), settings)
    got = dict(rows_of(world, KompikObservation, "child_id", "german_at_home"))
    assert got == {"1": True, "2": False}


@pytest.mark.parametrize("token", [None, "k.A.", "-", "keine Angabe", "99", 99])
def test_missing_answer_tokens(world, settings, tmp_path, token):
    from etl.instruments import UWE_ITEMS

    answers = ["4"] * len(UWE_ITEMS)
    answers[0] = token
    rows = [source_header("uwe"), ["2019", "187654", "7", "k.A.", "", *answers]]
    import_file(world, "uwe", write_xlsx(tmp_path / "u.xlsx", rows), settings)
    assert rows_of(world, UweResponse, "sex", "district_number", "opt1", "opt2") == [
        (None, None, None, 4)
    ]


def test_99_is_a_value_where_the_column_does_not_say_so(world, settings, tmp_path):
    rows = [POPULATION_HEADER, ["31.12.2019", "0111", "99", "w", "3"]]
    import_file(world, "population", write_xlsx(tmp_path / "p.xlsx", rows), settings)
    assert rows_of(world, Population, "age") == [(99,)]


def test_same_file_twice_changes_nothing(world, settings, tmp_path):
    path = write_xlsx(
        tmp_path / "p.xlsx", [POPULATION_HEADER, ["31.12.2019", "0111", "3", "w", "7"]]
    )
    first = import_file(world, "population", path, settings)
    second = import_file(world, "population", path, settings)
    assert first.status == "geladen"
    assert second.status == "bereits importiert"
    assert second.load_id == first.load_id
    assert len(rows_of(world, Population, "id")) == 1


def test_identifiers_keep_leading_zeros(world):
    assert ("bezirk", "0111") in rows_of(world, SpatialUnit, "level", "number")


def test_parent_survey_with_return_sheet(world, settings, tmp_path):
    header = PARENT_SURVEY_HEADER
    rows = [
        header,
        [
            "2018",
            "0107",
            "FZ Regenbogen",
            "2",
            "x",
            "1",
            "k.A.",
            "3",
            "2",
            "x",
            "",
            "x",
            "Türkisch",
        ],
        ["2018", "0107", "FZ Regenbogen", "1", "", "2", "2", "-", "1", "", "", "x", ""],
    ]
    returns = [source_header("parent-survey", "returns"), ["0107", "2018", "40"]]
    path = write_xlsx(tmp_path / "e.xlsx", rows, sheet="Fragebögen", extra={"Rücklauf": returns})
    result = import_file(world, "parent-survey", path, settings)
    assert result.rows == 2
    got = rows_of(
        world,
        ParentSurveyResponse,
        "overall_grade",
        "would_recommend",
        "grade_settling_in",
        "interest_counselling",
        "family_language",
    )
    # "x / leer": an empty cell is "nein" only in a column that marks with x at all.
    assert sorted(got, key=lambda r: r[0]) == [
        (1, False, 2, None, None),
        (2, True, None, None, "Türkisch"),
    ]
