"""Schuleingangsuntersuchung: every rule fires with a German message on a tiny named file, the
tolerated variations load, a rejected file loads nothing, --replace replaces one
Untersuchungsjahr."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import source_header, write_csv, write_xlsx
from sqlalchemy import func, select

from etl.models import Load, LoadWarning, SchoolEntryExam
from etl.pipeline import import_file
from etl.problems import ImportRejected

HEADER = source_header("school-entry")


def entry_row(
    child="001",
    year="2019",
    birth="03.2013",  # 78 months at 30.09.2019
    sex="w",
    district="0111",
    kita="3,5",
    german="",
    coordination="unauffällig",
    visuomotor="unauffällig",
    weight="nein",
    recommendation="regulär",
) -> list[object]:
    return [
        year,
        child,
        birth,
        sex,
        district,
        kita,
        german,
        coordination,
        visuomotor,
        weight,
        recommendation,
    ]


def rejected(engine, settings, path) -> list:
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "school-entry", path, settings)
    return caught.value.problems


def exams(engine, *columns):
    with engine.connect() as conn:
        fields = [getattr(SchoolEntryExam, c) for c in columns]
        return conn.execute(
            select(*fields).order_by(SchoolEntryExam.year, SchoolEntryExam.child_id)
        ).all()


def count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


# --- what loads ---------------------------------------------------------------------------------


def test_a_delivery_loads_every_field_with_the_age_at_30_september(world, settings, tmp_path):
    rows = [
        HEADER,
        entry_row("001", german="radebrechend", weight="Adipositas"),
        entry_row("002", birth="10.2012", kita="", coordination="auffällig", sex="m"),
        entry_row("003", district="", german="kaum/keine", recommendation="Zurückstellung"),
    ]
    result = import_file(world, "school-entry", write_xlsx(tmp_path / "seu.xlsx", rows), settings)
    assert (result.rows, result.delivery, result.warnings) == (3, "Untersuchungsjahr 2019", [])
    assert exams(
        world,
        "child_id",
        "year",
        "birth_month",
        "age_months",
        "district_number",
        "kita_years",
        "german",
        "coordination",
        "weight",
        "recommendation",
    ) == [
        (
            "001",
            2019,
            dt.date(2013, 3, 1),
            78,
            "0111",
            3.5,
            "radebrechend",
            "unauffällig",
            "Adipositas",
            "regulär",
        ),
        # born October 2012: 6 years 11 months, the oldest regular school starter
        ("002", 2019, dt.date(2012, 10, 1), 83, "0111", None, None, "auffällig", "nein", "regulär"),
        # an empty Bezirk-Nr is kept: the child counts city-wide only
        ("003", 2019, dt.date(2013, 3, 1), 78, None, 3.5, "kaum/keine", "unauffällig", "nein",
         "Zurückstellung"),
    ]  # fmt: skip


def test_windows_1252_csv_with_title_rows_header_spellings_and_spelling_of_values(
    world, settings, tmp_path
):
    header = [h.upper() if h == "Visuomotorik" else h for h in HEADER]
    header[1] = "Kind-ID:"
    header[5] = "Kita-Besuch\n(Jahre)"
    rows = [
        ["SYNTHETISCHE BEISPIELDATEN"],
        ["Schuleingangsuntersuchung 2019"],
        [],
        [*header, "Untersuchungsort"],
        [*entry_row("001", kita="4.5", german="fehlerfrei / flüssig"), "Gesundheitsamt"],
        [*entry_row("002", kita="0", german="KAUM / KEINE", weight="übergewicht"), "Kita"],
        [*entry_row("003", kita="k.A.", german="-", recommendation="Mit Förderbedarf"), ""],
        [],
        ["Gesamt", "3 Kinder"],
    ]
    path = write_csv(tmp_path / "seu_cp1252.csv", rows, encoding="cp1252")
    result = import_file(world, "school-entry", path, settings)
    assert result.rows == 3
    assert [w.rule for w in result.warnings] == [
        "unbekannte Spalte wird ignoriert",
        "Summenzeile erkannt und übersprungen",
    ]
    assert exams(world, "child_id", "kita_years", "german", "weight", "recommendation") == [
        ("001", 4.5, "fehlerfrei/flüssig", "nein", "regulär"),
        ("002", 0.0, "kaum/keine", "Übergewicht", "regulär"),
        ("003", None, None, "nein", "mit Förderbedarf"),
    ]


def test_without_the_optional_kita_column_and_with_the_birth_month_as_excel_date(
    world, settings, tmp_path
):
    header = [h for h in HEADER if h != "Kita-Besuch (Jahre)"]
    row = entry_row(birth=dt.datetime(2013, 3, 17))
    del row[5]
    result = import_file(
        world, "school-entry", write_xlsx(tmp_path / "ohne_kita.xlsx", [header, row]), settings
    )
    assert result.rows == 1
    assert exams(world, "birth_month", "age_months", "kita_years") == [
        (dt.date(2013, 3, 1), 78, None)
    ]


# --- what is refused, with nothing loaded ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "row", "expected"),
    [
        (
            "unbekannter_bezirk",
            entry_row(district="9999"),
            ("Bezirk-Nr", "9999", "unbekannter statistischer Bezirk"),
        ),
        (
            "befund_nicht_erlaubt",
            entry_row(coordination="normal"),
            ("Körperkoordination", "normal", "erlaubt sind: unauffällig, grenzwertig, auffällig"),
        ),
        (
            "gewichtsklasse_nicht_erlaubt",
            entry_row(weight="ja"),
            ("Übergewicht", "ja", "erlaubt sind: nein, Übergewicht, Adipositas"),
        ),
        (
            "deutsch_nicht_erlaubt",
            entry_row(german="gut"),
            ("Deutschkenntnisse", "gut", "erlaubt sind: fehlerfrei/flüssig, mit leichten"),
        ),
        (
            "kita_jahre_zu_viele",
            entry_row(kita="7,5"),
            ("Kita-Besuch (Jahre)", 7.5, "Wert muss zwischen 0 und 7 liegen"),
        ),
        (
            "geburtsmonat_unlesbar",
            entry_row(birth="13.2013"),
            ("Geburtsmonat", "13.2013", "kein gültiger Monat (erwartet MM.JJJJ)"),
        ),
        (
            "alter_unmoeglich",
            entry_row(birth="01.2017"),  # 32 months at 30.09.2019
            ("Geburtsmonat", dt.date(2017, 1, 1), "Kind muss am 30.09. des Untersuchungsjahres 4"),
        ),
        (
            "schulempfehlung_fehlt",
            entry_row(recommendation=""),
            ("Schulempfehlung", None, "Pflichtangabe fehlt"),
        ),
    ],
)
def test_a_broken_value_is_named_and_the_file_loads_nothing(
    world, settings, tmp_path, name, row, expected
):
    good = entry_row("000")
    path = write_xlsx(tmp_path / f"{name}.xlsx", [HEADER, good, row])
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
    assert problem.message().startswith(f"{name}.xlsx, Blatt „Daten“, Zeile 3, Spalte „{column}“")
    assert count(world, SchoolEntryExam) == 0 and count(world, Load) == loads


def test_a_missing_required_column(world, settings, tmp_path):
    header = HEADER[:-1]
    path = write_xlsx(tmp_path / "spalte_fehlt.xlsx", [header, entry_row()[:-1]])
    (problem,) = rejected(world, settings, path)
    assert (problem.row, problem.column, problem.rule) == (
        1,
        "Schulempfehlung",
        "Pflichtspalte fehlt",
    )


def test_the_same_child_twice_in_one_year(world, settings, tmp_path):
    rows = [HEADER, entry_row("7"), entry_row("8"), entry_row("7"), entry_row("7", year="2020")]
    problems = rejected(world, settings, write_xlsx(tmp_path / "kind_doppelt.xlsx", rows))
    assert {p.row for p in problems} == {2, 4}  # another year may reuse the pseudonym
    assert all(p.column == "Kind-ID" and "im selben Untersuchungsjahr" in p.rule for p in problems)
    assert problems[0].value == "2019 / 7"


# --- warnings -------------------------------------------------------------------------------


def test_an_unusual_age_and_more_kita_years_than_years_of_life_are_warnings(
    world, settings, tmp_path
):
    rows = [
        HEADER,
        entry_row("1", birth="01.2011"),  # 104 months: deferred twice?
        entry_row("2", birth="06.2014"),  # 63 months: very early
        entry_row("3", kita="7"),  # 84 months of Kita at 78 months of age
        entry_row("4", birth="10.2013"),  # 71 months: an early starter, usual
    ]
    result = import_file(world, "school-entry", write_xlsx(tmp_path / "alter.xlsx", rows), settings)
    assert result.rows == 4
    found = sorted((w.row, w.column, w.rule.split(" (")[0]) for w in result.warnings)
    assert found == [
        (2, "Geburtsmonat", "Alter bei Schuleintritt ungewöhnlich"),
        (3, "Geburtsmonat", "Alter bei Schuleintritt ungewöhnlich"),
        (4, "Kita-Besuch (Jahre)", "Kita-Besuch länger als das Alter des Kindes am 30.09. des "
         "Untersuchungsjahres"),
    ]  # fmt: skip
    with world.connect() as conn:
        assert conn.execute(select(func.count()).select_from(LoadWarning)).scalar_one() == 3


# --- deliveries -----------------------------------------------------------------------------


def test_a_redelivery_replaces_exactly_its_untersuchungsjahr(world, settings, tmp_path):
    first = [HEADER, entry_row("1"), entry_row("2")]
    other_year = [HEADER, entry_row("1", year="2020", birth="03.2014")]
    corrected = [HEADER, entry_row("1", weight="Übergewicht")]
    import_file(world, "school-entry", write_xlsx(tmp_path / "seu_2019.xlsx", first), settings)
    import_file(world, "school-entry", write_xlsx(tmp_path / "seu_2020.xlsx", other_year), settings)
    path = write_xlsx(tmp_path / "seu_2019_korrigiert.xlsx", corrected)
    with pytest.raises(ImportRejected) as caught:
        import_file(world, "school-entry", path, settings)
    assert "Untersuchungsjahr 2019" in caught.value.problems[0].rule
    assert "--replace" in caught.value.hint
    assert count(world, SchoolEntryExam) == 3
    result = import_file(world, "school-entry", path, settings, replace=True)
    assert result.replaced_rows == 2
    assert exams(world, "year", "child_id", "weight") == [
        (2019, "1", "Übergewicht"),
        (2020, "1", "nein"),
    ]
    again = import_file(world, "school-entry", path, settings, replace=True)
    assert again.status == "bereits importiert" and count(world, SchoolEntryExam) == 2
