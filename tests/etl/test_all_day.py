"""Ganztag und OGS: every rule fires with a German message naming file, sheet, row, column and
value; "OGS" and the other tolerated spellings load; a rejected file changes nothing; --replace
replaces exactly one Schuljahr; the synthetic deliveries agree with the school social work files
and with the NRW figures they are calibrated to."""

from __future__ import annotations

import pytest
from helpers import source_header, write_csv, write_xlsx
from sqlalchemy import select

from etl.models import AllDaySchool
from etl.pipeline import import_file
from etl.problems import ImportRejected

HEADER = source_header("all-day")  # Schuljahr .. Ganztagsteilnehmende, Warteliste
GRUNDSCHULE, GESAMTSCHULE = "164523", "187654"  # the reference world (tests/helpers.py)


def rejected(engine, settings, path) -> list:
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "all-day", path, settings)
    return caught.value.problems


def stored(engine) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(
            tuple(row)
            for row in conn.execute(
                select(
                    AllDaySchool.school_year,
                    AllDaySchool.school_number,
                    AllDaySchool.form,
                    AllDaySchool.pupils,
                    AllDaySchool.places,
                    AllDaySchool.participants,
                    AllDaySchool.waiting_list,
                )
            )
        )


@pytest.mark.parametrize("spelling", ["offen", "OGS", "offen (OGS)", "Offen (ogs)", " ogs "])
def test_open_all_day_spellings(world, settings, tmp_path, spelling):
    rows = [
        HEADER,
        ["2019/20", GRUNDSCHULE, spelling, "250", "125", "120", "4"],
        ["2019/20", GESAMTSCHULE, "teilgebunden", "1.234", "400", "400", "0"],
    ]
    result = import_file(world, "all-day", write_xlsx(tmp_path / "ogs.xlsx", rows), settings)
    assert (result.rows, result.delivery, result.warnings) == (2, "Schuljahr 2019/20", [])
    assert stored(world) == [
        ("2019/20", GRUNDSCHULE, "offen", 250, 125, 120, 4),
        ("2019/20", GESAMTSCHULE, "teilgebunden", 1234, 400, 400, 0),
    ]


@pytest.mark.parametrize("year", ["2019/20", "2019/2020", "19/20"])
def test_school_year_spellings_and_optional_waiting_list(world, settings, tmp_path, year):
    # The Warteliste column may be absent, and a cell may say "k.A.".
    rows = [HEADER[:6], [year, GRUNDSCHULE, "gebunden", "250", "250", "250"]]
    import_file(world, "all-day", write_xlsx(tmp_path / "jahr.xlsx", rows), settings)
    rows = [
        ["SCHULJAHR", "Schul-Nr:", "Ganztagsform", "Schülerzahl", "Ganztagsplätze", *HEADER[5:]],
        ["2020/21", GRUNDSCHULE, "keiner", "240", "0", "0", "k.A."],
    ]
    import_file(world, "all-day", write_csv(tmp_path / "ag.csv", rows, "cp1252"), settings)
    assert stored(world) == [
        ("2019/20", GRUNDSCHULE, "gebunden", 250, 250, 250, None),
        ("2020/21", GRUNDSCHULE, "keiner", 240, 0, 0, None),
    ]


def test_unknown_school_and_form(world, settings, tmp_path):
    rows = [
        HEADER,
        ["2019/20", "199999", "offen", "250", "125", "120", ""],
        ["2019/20", GRUNDSCHULE, "halbtags", "250", "125", "120", ""],
    ]
    problems = rejected(world, settings, write_xlsx(tmp_path / "schule_form.xlsx", rows))
    messages = sorted(p.message() for p in problems)
    assert messages == [
        "schule_form.xlsx, Blatt „Daten“, Zeile 2, Spalte „Schul-Nr“: Wert „199999“ – "
        "unbekannte Schule (Schulen werden mit der Schulsozialarbeit-Lieferung registriert)",
        "schule_form.xlsx, Blatt „Daten“, Zeile 3, Spalte „Ganztagsform“: Wert „halbtags“ – "
        "erlaubt sind: gebunden, teilgebunden, offen, keiner; auch: OGS = offen, "
        "offen (OGS) = offen",
    ]


def test_participants_pupils_waiting_list_and_duplicates(world, settings, tmp_path):
    rows = [
        HEADER,
        ["2019/20", GRUNDSCHULE, "offen", "250", "300", "260", ""],
        ["2019/20", GESAMTSCHULE, "gebunden", "0", "0", "0", ""],
        ["2020/21", GRUNDSCHULE, "offen", "250", "100", "90", "-3"],
        ["2020/21", GRUNDSCHULE, "offen", "250", "100", "90", "3"],
    ]
    problems = rejected(world, settings, write_xlsx(tmp_path / "zahlen.xlsx", rows))
    found = {(p.row, p.column, p.rule) for p in problems}
    duplicate = "Schule kommt im selben Schuljahr mehrfach vor"
    assert found == {
        (
            2,
            "Ganztagsteilnehmende",
            "Ganztagsteilnehmende dürfen nicht mehr sein als die Schülerzahl",
        ),
        (3, "Schülerzahl", "Wert muss mindestens 1 sein"),
        (4, "Warteliste", "Wert muss mindestens 0 sein"),
        (4, "Schul-Nr", duplicate),
        (5, "Schul-Nr", duplicate),
    }
    assert stored(world) == []  # all or nothing


def test_over_occupied_and_formless_offers_are_warnings(world, settings, tmp_path):
    rows = [
        HEADER,
        ["2019/20", GRUNDSCHULE, "OGS", "250", "100", "110", "0"],
        ["2019/20", GESAMTSCHULE, "keiner", "900", "50", "0", ""],
    ]
    result = import_file(world, "all-day", write_xlsx(tmp_path / "hinweise.xlsx", rows), settings)
    assert result.rows == 2
    assert {(w.row, w.column, w.rule) for w in result.warnings} == {
        (2, "Ganztagsteilnehmende", "mehr Ganztagsteilnehmende als Ganztagsplätze"),
        (
            3,
            "Ganztagsform",
            "Ganztagsform „keiner“, aber Ganztagsplätze oder -teilnehmende angegeben",
        ),
    }


def test_replace_covers_exactly_one_school_year(world, settings, tmp_path):
    def year_file(name, label, places):
        rows = [HEADER, [label, GRUNDSCHULE, "OGS", "250", str(places), "100", "2"]]
        return write_xlsx(tmp_path / name, rows)

    # The same file, not a second one written alike: a workbook's bytes carry the time.
    original = year_file("g_1920.xlsx", "2019/20", 100)
    first = import_file(world, "all-day", original, settings)
    import_file(world, "all-day", year_file("g_2021.xlsx", "2020/21", 110), settings)
    again = import_file(world, "all-day", original, settings)
    assert (again.status, again.load_id) == ("bereits importiert", first.load_id)
    corrected = year_file("g_1920_korrigiert.xlsx", "2019/2020", 125)
    with pytest.raises(ImportRejected) as caught:
        import_file(world, "all-day", corrected, settings)
    assert "Schuljahr 2019/20" in caught.value.problems[0].rule
    result = import_file(world, "all-day", corrected, settings, replace=True)
    assert result.replaced_rows == 1
    assert {(r[0], r[4]) for r in stored(world)} == {("2019/20", 125), ("2020/21", 110)}


# --- the synthetic deliveries --------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic():
    from etl.synthetic import all_day
    from etl.synthetic.world import build_world

    world = build_world(2017, 1.0)
    return world, {start: all_day.rows(world, start) for start in all_day.YEARS}


def test_synthetic_forms_agree_with_the_school_social_work_files(synthetic):
    world, years = synthetic
    allowed = {"gebunden": {"gebunden", "teilgebunden"}, "offen": {"offen"}, "keiner": {"keiner"}}
    for start, rows in years.items():
        posts = {p.school.number: p.school for p in world.posts[start]}
        assert len(rows) == 42  # the 46 schools without the 4 Berufskollegs
        for row in rows:
            school = posts[row.school.number]
            assert row.form in allowed[school.all_day], (start, school.name)
            assert row.pupils == school.pupils(start)  # the Schülerzahl of that file
            assert row.participants <= min(row.pupils, row.places)
            if row.form != "offen":
                assert row.waiting == 0
    assert {r.form for rows in years.values() for r in rows} == {
        "gebunden",
        "teilgebunden",
        "offen",
        "keiner",
    }


def test_synthetic_ogs_follows_the_nrw_line_with_a_social_gradient(synthetic):
    from etl.synthetic import all_day

    _world, years = synthetic
    # IT.NRW: 38.5 % of Grundschule pupils in all-day care in 2013/14, 52.7 % in 2023/24.
    assert abs(all_day.primary_participation(years[2013]) - 0.385) < 0.02
    assert abs(all_day.primary_participation(years[2023]) - 0.527) < 0.02

    def primary(deprived: bool, what: str) -> float:
        rows = [
            r
            for found in years.values()
            for r in found
            if r.school.form == "Grundschule"
            and (r.school.district.social_index >= 0.6) == deprived
        ]
        if what == "participation":
            return sum(r.participants for r in rows) / sum(r.pupils for r in rows)
        return sum(r.waiting for r in rows) / sum(r.places for r in rows)

    assert primary(True, "participation") < primary(False, "participation") - 0.05
    assert primary(True, "waiting") > primary(False, "waiting")


def test_synthetic_files_import_with_every_spelling(tmp_path):
    from etl.db import make_engine
    from etl.settings import Settings, load_settings
    from etl.synthetic import generate

    sources = ["spatial-units", "school-social-work", "all-day"]
    manifest = generate(tmp_path, seed=2017, scale=0.05, sources=sources)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    settings = Settings(**{**load_settings().__dict__, "database_url": url})
    engine = make_engine(url)
    spellings = set()
    for f in sorted(manifest["files"], key=lambda f: sources.index(f["source"])):
        result = import_file(engine, f["source"], tmp_path / f["file"], settings)
        if f["source"] == "all-day":
            assert result.rows == f["rows"] == 42, f["file"]
            assert {w.rule for w in result.warnings} <= {
                "unbekannte Spalte wird ignoriert",
                "Summenzeile erkannt und übersprungen",
            }
            spellings |= set(f["variations"])
    assert {"all-day-ogs", "school-year-spelling", "missing:k.A."} <= spellings
    with engine.connect() as conn:
        forms = set(conn.execute(select(AllDaySchool.form).distinct()).scalars())
        years = set(conn.execute(select(AllDaySchool.school_year).distinct()).scalars())
    assert forms == {"gebunden", "teilgebunden", "offen", "keiner"}
    assert len(years) == 12
    engine.dispose()
