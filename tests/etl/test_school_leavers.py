"""Schulabgänge: every rule fires with a German message naming file, sheet, row, column and
value; the tolerated spellings load; a rejected file changes nothing; --replace replaces exactly
one Schuljahr; the synthetic deliveries are Herne-sized and consistent with the school register."""

from __future__ import annotations

import pytest
from helpers import SCHOOLS, source_header, write_csv, write_xlsx
from sqlalchemy import func, select

from etl.models import Load, SchoolLeavers
from etl.pipeline import import_file
from etl.problems import ImportRejected

HEADER = source_header("school-leavers")  # Schuljahr, Schul-Nr, Abschluss, Geschlecht, ...
GESAMTSCHULE = "187654"  # in the reference world (tests/helpers.py)
GRUNDSCHULE = "164523"
BERUFSKOLLEG = "190001"


@pytest.fixture
def schools(world, settings, tmp_path):
    """The reference world plus a Berufskolleg (registered by a school social work file)."""
    rows = [
        SCHOOLS[0],
        [
            "2020/21",
            BERUFSKOLLEG,
            "Berufskolleg Am Kanal",
            "Berufskolleg",
            "0211",
            "2.100",
            "1",
            "0",
            "",
            "1",
            "Land",
            "keiner",
        ],
    ]
    import_file(world, "school-social-work", write_xlsx(tmp_path / "ssa_bk.xlsx", rows), settings)
    return world


def rejected(engine, settings, path) -> list:
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "school-leavers", path, settings)
    return caught.value.problems


def stored(engine) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(
            tuple(row)
            for row in conn.execute(
                select(
                    SchoolLeavers.school_year,
                    SchoolLeavers.school_number,
                    SchoolLeavers.qualification,
                    SchoolLeavers.sex,
                    SchoolLeavers.count,
                    SchoolLeavers.transition,
                )
            )
        )


def test_a_school_year_loads_with_a_berufskolleg(schools, settings, tmp_path):
    rows = [
        HEADER,
        ["2019/20", GESAMTSCHULE, "ohne Abschluss", "m", "4", "3"],
        ["2019/20", GESAMTSCHULE, "Hochschulreife", "w", "41", "0"],
        ["2019/20", BERUFSKOLLEG, "Fachhochschulreife", "w", "88", "2"],
    ]
    result = import_file(schools, "school-leavers", write_xlsx(tmp_path / "a.xlsx", rows), settings)
    assert (result.rows, result.delivery) == (3, "Schuljahr 2019/20")
    assert stored(schools) == [
        ("2019/20", GESAMTSCHULE, "Hochschulreife", "w", 41, 0),
        ("2019/20", GESAMTSCHULE, "ohne Abschluss", "m", 4, 3),
        ("2019/20", BERUFSKOLLEG, "Fachhochschulreife", "w", 88, 2),
    ]


@pytest.mark.parametrize("spelling", ["2019/20", "2019/2020", "19/20"])
def test_school_year_spellings(schools, settings, tmp_path, spelling):
    rows = [HEADER, [spelling, GESAMTSCHULE, "Hauptschulabschluss", "w", "7", "2"]]
    import_file(schools, "school-leavers", write_xlsx(tmp_path / "jahr.xlsx", rows), settings)
    assert stored(schools) == [("2019/20", GESAMTSCHULE, "Hauptschulabschluss", "w", 7, 2)]


def test_optional_transition_column_missing_tokens_and_header_spellings(
    schools, settings, tmp_path
):
    # Title rows, headers with a colon, other case and a line break, a missing transition as
    # "k.A." and "-", the short spelling "mittlerer Abschluss", a trailing total row; CSV in
    # Windows-1252 (ü in "Übergangsbereich", ö in "Förderschulabschluss").
    rows = [
        ["Schulabgänge 2020/21"],
        [],
        ["SCHULJAHR", "Schul-Nr:", "Abschluss", "Geschlecht", "Anzahl", "davon\nÜbergangsbereich"],
        ["2020/21", GESAMTSCHULE, "mittlerer Abschluss", "m", "30", "k.A."],
        ["2020/21", GESAMTSCHULE, "Förderschulabschluss", "w", "2", "-"],
        ["2020/21", GESAMTSCHULE, "Fachhochschulreife", "m", "5", ""],
        ["Summe", None, None, None, "37", None],
    ]
    path = write_csv(tmp_path / "abgaenge_cp1252.csv", rows, encoding="cp1252")
    result = import_file(schools, "school-leavers", path, settings)
    assert result.rows == 3 and "Summenzeile" in result.warnings[0].rule
    assert stored(schools) == [
        ("2020/21", GESAMTSCHULE, "Fachhochschulreife", "m", 5, None),
        ("2020/21", GESAMTSCHULE, "Förderschulabschluss", "w", 2, None),
        ("2020/21", GESAMTSCHULE, "mittlerer Abschluss (FOR)", "m", 30, None),
    ]
    # The column itself is optional.
    rows = [HEADER[:5], ["2021/22", GESAMTSCHULE, "Hochschulreife", "w", "12"]]
    import_file(
        schools, "school-leavers", write_xlsx(tmp_path / "ohne_spalte.xlsx", rows), settings
    )
    assert ("2021/22", GESAMTSCHULE, "Hochschulreife", "w", 12, None) in stored(schools)


def test_unknown_school_is_named_with_file_sheet_row_and_column(schools, settings, tmp_path):
    rows = [HEADER, ["2019/20", GESAMTSCHULE, "Hochschulreife", "m", "3", ""]]
    rows.append(["2019/20", "199999", "Hochschulreife", "m", "3", ""])
    (problem,) = rejected(schools, settings, write_xlsx(tmp_path / "unbekannte_schule.xlsx", rows))
    assert problem.message() == (
        "unbekannte_schule.xlsx, Blatt „Daten“, Zeile 3, Spalte „Schul-Nr“: Wert „199999“ – "
        "unbekannte Schule (Schulen werden mit der Schulsozialarbeit-Lieferung registriert)"
    )


def test_a_grundschule_has_no_leavers(schools, settings, tmp_path):
    rows = [HEADER, ["2019/20", GRUNDSCHULE, "ohne Abschluss", "w", "1", ""]]
    (problem,) = rejected(schools, settings, write_xlsx(tmp_path / "grundschule.xlsx", rows))
    assert (problem.row, problem.column, problem.value) == (2, "Schul-Nr", GRUNDSCHULE)
    assert problem.rule.startswith("Schule ist eine Grundschule")


def test_unknown_qualification_and_sex(schools, settings, tmp_path):
    rows = [
        HEADER,
        ["2019/20", GESAMTSCHULE, "Abitur", "m", "3", ""],
        ["2019/20", GESAMTSCHULE, "Hochschulreife", "d", "3", ""],
    ]
    problems = rejected(schools, settings, write_xlsx(tmp_path / "abschluss_geschlecht.xlsx", rows))
    found = {(p.row, p.column, p.value) for p in problems}
    assert found == {(2, "Abschluss", "Abitur"), (3, "Geschlecht", "d")}
    rules = {p.column: p.rule for p in problems}
    assert rules["Abschluss"].startswith("erlaubt sind: ohne Abschluss, Förderschulabschluss")
    assert rules["Geschlecht"] == "erlaubt sind: m, w"


def test_counts_transition_and_duplicates(schools, settings, tmp_path):
    rows = [
        HEADER,
        ["2019/20", GESAMTSCHULE, "Hauptschulabschluss", "m", "-2", ""],
        ["2019/20", GESAMTSCHULE, "Hauptschulabschluss", "w", "4", "5"],
        ["2019/20", GESAMTSCHULE, "Hochschulreife", "w", "9", "0"],
        ["2019/20", GESAMTSCHULE, "Hochschulreife", "w", "9", "0"],
    ]
    problems = rejected(schools, settings, write_xlsx(tmp_path / "zahlen.xlsx", rows))
    found = {(p.row, p.column, p.rule) for p in problems}
    duplicate = "Schule, Abschluss und Geschlecht kommen im selben Schuljahr mehrfach vor"
    assert found == {
        (2, "Anzahl", "Wert muss mindestens 0 sein"),
        (3, "davon Übergangsbereich", "davon Übergangsbereich darf nicht größer sein als Anzahl"),
        (4, "Geschlecht", duplicate),
        (5, "Geschlecht", duplicate),
    }


def test_a_rejected_file_changes_nothing(schools, settings, tmp_path):
    good = [HEADER, ["2019/20", GESAMTSCHULE, "Hochschulreife", "w", "9", "0"]]
    import_file(schools, "school-leavers", write_xlsx(tmp_path / "gut.xlsx", good), settings)
    before = stored(schools)
    bad = [
        HEADER,
        ["2020/21", GESAMTSCHULE, "Hochschulreife", "w", "9", "0"],
        ["2020/21", "199999", "Hochschulreife", "w", "9", "0"],
    ]
    rejected(schools, settings, write_xlsx(tmp_path / "halb_gut.xlsx", bad))
    assert stored(schools) == before
    with schools.connect() as conn:
        assert (
            conn.execute(
                select(func.count()).select_from(Load).where(Load.source == "school-leavers")
            ).scalar_one()
            == 1
        )


def test_replace_covers_exactly_one_school_year(schools, settings, tmp_path):
    def year_file(name, label, count):
        rows = [HEADER, [label, GESAMTSCHULE, "Hochschulreife", "w", str(count), "0"]]
        return write_xlsx(tmp_path / name, rows)

    # The same file, not a second one written alike: a workbook's bytes carry the time.
    original = year_file("a_1920.xlsx", "2019/20", 10)
    first = import_file(schools, "school-leavers", original, settings)
    import_file(schools, "school-leavers", year_file("a_2021.xlsx", "2020/21", 20), settings)
    again = import_file(schools, "school-leavers", original, settings)
    assert (again.status, again.load_id) == ("bereits importiert", first.load_id)

    corrected = year_file("a_1920_korrigiert.xlsx", "19/20", 11)
    with pytest.raises(ImportRejected) as caught:
        import_file(schools, "school-leavers", corrected, settings)
    assert "Schuljahr 2019/20" in caught.value.problems[0].rule
    assert "--replace" in caught.value.hint
    result = import_file(schools, "school-leavers", corrected, settings, replace=True)
    assert result.replaced_rows == 1
    counts = {(year, count) for year, _, _, _, count, _ in stored(schools)}
    assert counts == {("2019/20", 11), ("2020/21", 20)}


# --- the synthetic deliveries --------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic():
    from etl.synthetic import school_leavers
    from etl.synthetic.world import build_world

    world = build_world(2017, 1.0)
    return world, {start: school_leavers.cells(world, start) for start in school_leavers.YEARS}


def test_synthetic_leavers_are_herne_sized_and_calibrated(synthetic):
    from etl.synthetic import school_leavers

    _world, years = synthetic
    shares = []
    for rows in years.values():
        general = sum(c.count for c in rows if c.school.form != "Berufskolleg")
        assert 1_450 <= general <= 1_750
        shares.append(school_leavers.without_share(rows))
    # Official definition (Förderschulabschluss included): above NRW's 5.6-6.5 %, each year
    # within Ruhr-city range, on average about 8.5 % (data/reference/school-leavers.md).
    assert all(0.06 <= share <= 0.11 for share in shares)
    assert 0.08 <= sum(shares) / len(shares) <= 0.09
    # Falling over the period (data/reference/school-leavers.md).
    assert sum(shares[:3]) > sum(shares[-3:])


def test_synthetic_leavers_come_from_known_schools_with_a_social_gradient(synthetic):
    world, years = synthetic
    forms = {s.number: s.form for s in world.schools}
    numbers = {c.school.number for rows in years.values() for c in rows}
    assert numbers <= set(forms)
    assert "Grundschule" not in {forms[n] for n in numbers}
    assert sum(forms[n] == "Berufskolleg" for n in numbers) == 4

    def without(deprived: bool) -> float:
        chosen = [
            c
            for rows in years.values()
            for c in rows
            if c.school.form not in ("Berufskolleg", "Förderschule")
            and (c.school.district.social_index >= 0.6) == deprived
        ]
        low = sum(c.count for c in chosen if c.qualification == "ohne Abschluss")
        return low / sum(c.count for c in chosen)

    assert without(deprived=True) > 1.5 * without(deprived=False)
    boys = [c for rows in years.values() for c in rows if c.sex == "m"]
    girls = [c for rows in years.values() for c in rows if c.sex == "w"]

    def share(cells):
        return sum(c.count for c in cells if c.qualification == "ohne Abschluss") / sum(
            c.count for c in cells
        )

    assert share(boys) > share(girls)
    assert all(c.transition <= c.count for rows in years.values() for c in rows)


def test_synthetic_files_import_without_errors(tmp_path):
    from etl.synthetic import generate

    sources = ["spatial-units", "school-social-work", "school-leavers"]
    manifest = generate(tmp_path, seed=2017, scale=0.05, sources=sources)
    from etl.db import make_engine
    from etl.settings import Settings, load_settings

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    settings = Settings(**{**load_settings().__dict__, "database_url": url})
    engine = make_engine(url)
    files = sorted(manifest["files"], key=lambda f: sources.index(f["source"]))
    loaded = {}
    for f in files:
        result = import_file(engine, f["source"], tmp_path / f["file"], settings)
        if f["source"] == "school-leavers":
            loaded[f["delivery"]] = result.rows
            assert result.rows == f["rows"], f["file"]
            assert {w.rule for w in result.warnings} <= {
                "unbekannte Spalte wird ignoriert",
                "Summenzeile erkannt und übersprungen",
            }
    assert len(loaded) == 12 and set(loaded) == {
        f"{y}/{(y + 1) % 100:02d}" for y in range(2013, 2025)
    }
    engine.dispose()
