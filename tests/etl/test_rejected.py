"""Every rule of formats.md fires with a German message naming file, sheet, row and column,
and a rejected file leaves the database exactly as it was."""

from __future__ import annotations

import io
import re
import zipfile

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
from sqlalchemy import func, select

from etl.models import KompikObservation, Load, LoadWarning, Population
from etl.pipeline import import_file
from etl.problems import ImportRejected
from etl.settings import Settings

POPULATION_HEADER = source_header("population")


def rejected(engine, settings, source, path) -> list:
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, source, path, settings)
    return caught.value.problems


def only(problems):
    assert len(problems) == 1, [p.message() for p in problems]
    return problems[0]


def count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_missing_required_column(world, settings, tmp_path):
    path = write_xlsx(
        tmp_path / "fehlende_spalte.xlsx",
        [["Stichtag", "Bezirk-Nr", "Alter", "Anzahl"], ["31.12.2019", "0111", "3", "4"]],
    )
    problem = only(rejected(world, settings, "population", path))
    assert (problem.rule, problem.column, problem.row) == ("Pflichtspalte fehlt", "Geschlecht", 1)
    assert problem.message() == (
        "fehlende_spalte.xlsx, Blatt „Daten“, Zeile 1, Spalte „Geschlecht“: Pflichtspalte fehlt"
    )


def test_value_out_of_range_names_every_cell(world, settings, tmp_path):
    rows = [
        POPULATION_HEADER,
        ["31.12.2019", "0111", "111", "w", "3"],
        ["31.12.2019", "0111", "5", "x", "-1"],
    ]
    problems = rejected(world, settings, "population", write_xlsx(tmp_path / "bereich.xlsx", rows))
    found = {(p.row, p.column, p.rule) for p in problems}
    assert found == {
        (2, "Alter", "Wert muss zwischen 0 und 110 liegen"),
        (3, "Geschlecht", "erlaubt sind: m, w, d"),
        (3, "Anzahl", "Wert muss mindestens 0 sein"),
    }


def test_unparseable_values(world, settings, tmp_path):
    rows = [POPULATION_HEADER, ["31.02.2019", "0111", "3,5", "w", "viele"]]
    problems = rejected(world, settings, "population", write_xlsx(tmp_path / "werte.xlsx", rows))
    rules = {p.column: p.rule for p in problems}
    assert rules["Stichtag"].startswith("kein gültiges Datum")
    assert rules["Alter"] == "keine ganze Zahl"
    assert rules["Anzahl"] == "keine ganze Zahl"
    assert {p.value for p in problems} == {"31.02.2019", "3,5", "viele"}


def test_unknown_unit_school_and_kita(world, settings, tmp_path):
    rows = [kompik_header(), kompik_row(kita="0999", district="9999")]
    problems = rejected(world, settings, "kompik", write_xlsx(tmp_path / "ref.xlsx", rows))
    assert {(p.column, p.value) for p in problems} == {
        ("Kita-Nr", "0999"),
        ("Wohnort Bezirk-Nr", "9999"),
    }
    from etl.instruments import UWE_ITEMS

    uwe = [
        source_header("uwe"),
        ["2019", "100000", "7", "m", "0111", *["3"] * len(UWE_ITEMS)],
    ]
    problem = only(rejected(world, settings, "uwe", write_xlsx(tmp_path / "schule.xlsx", uwe)))
    assert problem.column == "Schul-Nr" and "unbekannte Schule" in problem.rule


def test_leading_zero_keys_are_different(world, settings, tmp_path):
    rows = [POPULATION_HEADER, ["31.12.2019", "111", "3", "w", "3"]]  # the unit is "0111"
    problem = only(
        rejected(world, settings, "population", write_xlsx(tmp_path / "null.xlsx", rows))
    )
    assert problem.value == "111" and "unbekannter statistischer Bezirk" in problem.rule


def test_duplicate_key_inside_the_file(world, settings, tmp_path):
    rows = [kompik_header(), kompik_row(child="7"), kompik_row(child="8"), kompik_row(child="7")]
    problems = rejected(world, settings, "kompik", write_xlsx(tmp_path / "doppelt.xlsx", rows))
    assert {p.row for p in problems} == {2, 4}
    assert all(p.column == "Kind-ID" and "mehrfach" in p.rule for p in problems)


def test_cross_column_rules_of_school_social_work(world, settings, tmp_path):
    rows = [
        SCHOOLS[0],
        [
            "2020/21",
            "16452",
            "GS",
            "Grundschule",
            "0111",
            "200",
            "1",
            "2",
            "31.07.2021",
            "1",
            "Stadt",
            "offen",
        ],
        [
            "2020/21",
            "187654",
            "GE",
            "Gesamtschule",
            "0121",
            "900",
            "2",
            "1",
            "",
            "2",
            "Stadt/Kirche",
            "gebunden",
        ],
    ]
    problems = rejected(
        world, settings, "school-social-work", write_xlsx(tmp_path / "ssa.xlsx", rows)
    )
    found = {(p.row, p.column) for p in problems}
    assert found == {
        (2, "Schul-Nr"),
        (2, "davon befristet (VZÄ)"),
        (3, "befristet bis"),
        (3, "Anstellungsträger"),
    }


def test_kompik_child_age_and_areas(world, settings, tmp_path):
    empty_child = kompik_row(child="3", mean=None, norm=None)
    rows = [
        kompik_header(),
        kompik_row(child="1", birth="01.2018"),
        kompik_row(child="2"),
        empty_child,
    ]
    problems = rejected(world, settings, "kompik", write_xlsx(tmp_path / "alter.xlsx", rows))
    assert {(p.row, p.column) for p in problems} == {(2, "Geburtsmonat"), (4, "Kita-Nr")}
    assert "36 bis 84 Monate" in problems[0].rule or "36 bis 84 Monate" in problems[1].rule


def test_kompik_unusual_age_is_a_warning(world, settings, tmp_path):
    rows = [kompik_header(), kompik_row(birth="01.2013", observed="15.05.2019")]  # 76 months
    result = import_file(world, "kompik", write_xlsx(tmp_path / "alt.xlsx", rows), settings)
    assert result.rows == 1
    assert "außerhalb des üblichen Bereichs" in only(result.warnings).rule
    # The load log keeps the record's value; the rule stored beside it (what Datenstand shows
    # to everyone) does not.
    with world.connect() as conn:
        message, rule = conn.execute(select(LoadWarning.message, LoadWarning.rule)).one()
    assert "01.2013" in message and "Zeile 2" in message
    assert "außerhalb des üblichen Bereichs" in rule and "01.2013" not in rule


def test_parent_survey_needs_a_family_centre(world, settings, tmp_path):
    header = PARENT_SURVEY_HEADER
    rows = [header, ["2018", "0108", "Kita Sonne", "7", "ja", "", "", "", "", "", "", "", ""]]
    problems = rejected(world, settings, "parent-survey", write_xlsx(tmp_path / "fz.xlsx", rows))
    assert {(p.column, p.rule.split(" (")[0]) for p in problems} == {
        ("FZ-Nr", "unbekanntes Familienzentrum"),
        ("Gesamtnote", "Wert muss zwischen 1 und 6 liegen"),
    }


def test_measures_need_a_known_goal(world, settings, tmp_path):
    rows = [
        ["Zielperiode", "Handlungsziel", "Maßnahme/Projekt", "Arbeitsbereich"],
        ["2013-2017", "99", "Neues Projekt", "VHS"],
        ["2030-2034", "1", "Zukunft", "VHS"],
        ["2013-2017", "Schulsozialarbeit", "Fortbildung", "Kommunale Fachstelle Schulsozialarbeit"],
    ]
    problems = rejected(world, settings, "measures", write_xlsx(tmp_path / "m.xlsx", rows))
    assert {(p.row, p.column) for p in problems} == {(2, "Handlungsziel"), (3, "Zielperiode")}


def test_spatial_units_must_be_consistent(engine, settings, tmp_path):
    rows = [*UNITS, ["1", "Wanne", "12", "Crange-Süd", "0122", "Crange-Süd"]]
    problem = only(
        rejected(engine, settings, "spatial-units", write_xlsx(tmp_path / "r.xlsx", rows))
    )
    assert problem.column == "Ortsteil" and problem.row == 6


def test_removing_a_unit_that_data_uses_is_refused(world, settings, tmp_path):
    import_file(
        world,
        "population",
        write_xlsx(tmp_path / "p.xlsx", [POPULATION_HEADER, ["31.12.2019", "0112", "3", "w", "5"]]),
        settings,
    )
    shrunk = [row for row in UNITS if row[4] != "0112"]
    with pytest.raises(ImportRejected) as caught:
        import_file(
            world,
            "spatial-units",
            write_xlsx(tmp_path / "neu.xlsx", shrunk),
            settings,
            replace=True,
        )
    assert "0112" in only(caught.value.problems).rule


def test_redelivery_needs_replace_and_then_replaces_only_its_unit(world, settings, tmp_path):
    first = [
        POPULATION_HEADER,
        ["31.12.2019", "0111", "3", "w", "5"],
        ["31.12.2019", "0111", "4", "w", "6"],
    ]
    other_year = [POPULATION_HEADER, ["31.12.2020", "0111", "3", "w", "9"]]
    corrected = [POPULATION_HEADER, ["31.12.2019", "0111", "3", "w", "50"]]
    import_file(world, "population", write_xlsx(tmp_path / "p2019.xlsx", first), settings)
    import_file(world, "population", write_xlsx(tmp_path / "p2020.xlsx", other_year), settings)
    with pytest.raises(ImportRejected) as caught:
        import_file(world, "population", write_xlsx(tmp_path / "p2019b.xlsx", corrected), settings)
    assert "--replace" in caught.value.hint
    assert count(world, Population) == 3
    result = import_file(world, "population", tmp_path / "p2019b.xlsx", settings, replace=True)
    assert result.replaced_rows == 2
    with world.connect() as conn:
        assert sorted(conn.execute(select(Population.count)).scalars()) == [9, 50]
        superseded = conn.execute(select(Load.file_name).where(Load.superseded_by.is_not(None)))
        assert list(superseded.scalars()) == ["p2019.xlsx"]


def test_failure_in_the_middle_leaves_the_database_as_it_was(
    world, settings, tmp_path, monkeypatch
):
    from etl.sources import kompik

    rows = [kompik_header(), kompik_row(child="1"), kompik_row(child="2")]
    loads_before = count(world, Load)
    original = kompik.load

    def load_then_fail(conn, tables, load_id):
        original(conn, tables, load_id)  # rows are written inside the transaction ...
        raise RuntimeError("Stromausfall")  # ... and then the import breaks off

    monkeypatch.setattr(kompik, "load", load_then_fail)
    with pytest.raises(RuntimeError):
        import_file(world, "kompik", write_xlsx(tmp_path / "k.xlsx", rows), settings)
    assert count(world, KompikObservation) == 0
    assert count(world, Load) == loads_before


def test_all_problems_of_a_file_in_one_run_are_capped_in_the_report(world, settings, tmp_path):
    rows = [POPULATION_HEADER] + [["31.12.2019", "0111", str(200 + i), "w", "3"] for i in range(80)]
    with pytest.raises(ImportRejected) as caught:
        import_file(world, "population", write_xlsx(tmp_path / "viele.xlsx", rows), settings)
    assert len(caught.value.problems) == 80
    report = caught.value.report(limit=50)
    assert "80 Fehler, nichts geladen" in report
    assert "… und 30 weitere Fehler." in report


# --- hostile or broken files --------------------------------------------------------------


def test_content_not_what_the_extension_says(world, settings, tmp_path):
    csv_as_xlsx = write_csv(tmp_path / "tarnung.xlsx", [POPULATION_HEADER])
    assert (
        "keine Excel-Arbeitsmappe"
        in only(rejected(world, settings, "population", csv_as_xlsx)).rule
    )
    xlsx_as_csv = tmp_path / "tarnung.csv"
    xlsx_as_csv.write_bytes(write_xlsx(tmp_path / "echt.xlsx", [POPULATION_HEADER]).read_bytes())
    assert "keine CSV-Textdatei" in only(rejected(world, settings, "population", xlsx_as_csv)).rule
    other = tmp_path / "daten.ods"
    other.write_bytes(b"irgendwas")
    assert "nicht unterstützt" in only(rejected(world, settings, "population", other)).rule


def test_password_protected_workbook(world, settings, tmp_path):
    # Excel stores an encrypted .xlsx as a compound file with an "EncryptionInfo" stream.
    path = tmp_path / "geheim.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 1000
        + "EncryptionInfo".encode("utf-16-le")
        + b"\0" * 1000
    )
    assert "passwortgeschützt" in only(rejected(world, settings, "population", path)).rule


def test_damaged_workbook(world, settings, tmp_path):
    good = write_xlsx(tmp_path / "gut.xlsx", [POPULATION_HEADER]).read_bytes()
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(good[: len(good) // 2])
    assert "beschädigt" in only(rejected(world, settings, "population", path)).rule


def test_archive_that_unpacks_beyond_the_limit(world, settings, tmp_path):
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (3 * 1_048_576))  # compresses to ~3 KB
    small = Settings(**{**settings.__dict__, "max_unpacked_mb": 2})
    problem = only(rejected(world, small, "population", path))
    assert "entpackt zu mehr als 2 MB" in problem.rule


def test_xml_entity_expansion_is_refused(world, settings, tmp_path):
    source = write_xlsx(
        tmp_path / "gut.xlsx", [POPULATION_HEADER, ["31.12.2019", "0111", "3", "w", "3"]]
    )
    path = tmp_path / "lol.xlsx"
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    _rewrite(
        source,
        path,
        "xl/sharedStrings.xml",
        lambda xml: xml.replace(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', bomb.encode()
        ),
        create=bomb,
    )
    assert "Entitätsdeklarationen" in only(rejected(world, settings, "population", path)).rule


def test_formula_without_stored_value(world, settings, tmp_path):
    rows = [POPULATION_HEADER, ["31.12.2019", "0111", "3", "w", "=1+2"]]
    path = write_xlsx(tmp_path / "formel.xlsx", rows)  # openpyxl stores no cached value
    problem = only(rejected(world, settings, "population", path))
    assert "Formel ohne gespeicherten Wert" in problem.rule
    assert (problem.sheet, problem.row, problem.column) == ("Daten", 2, "Zelle E2")


def test_formula_with_stored_value_is_read(world, settings, tmp_path):
    source = write_xlsx(
        tmp_path / "formel.xlsx", [POPULATION_HEADER, ["31.12.2019", "0111", "3", "w", "=1+2"]]
    )
    path = tmp_path / "berechnet.xlsx"
    _rewrite(
        source,
        path,
        "xl/worksheets/sheet1.xml",
        # openpyxl writes the empty value as <v /> or <v></v>, depending on its XML library
        lambda xml: re.sub(rb"<f>1\+2</f><v\s*(/>|></v>)", b"<f>1+2</f><v>3</v>", xml),
    )
    result = import_file(world, "population", path, settings)
    assert result.rows == 1
    with world.connect() as conn:
        assert conn.execute(select(Population.count)).scalar_one() == 3


def _rewrite(source, target, member, change, create=None):
    """Copy an .xlsx, changing one XML part (so tests can plant what Excel would write)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        names = old.namelist()
        for name in names:
            data = old.read(name)
            new.writestr(name, change(data) if name == member else data)
        if member not in names and create is not None:
            new.writestr(member, create + "<sst/>")
    target.write_bytes(buffer.getvalue())


def test_unknown_source_and_missing_file_via_cli(tmp_path):
    from typer.testing import CliRunner

    from bildungsmonitor.cli import app

    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    result = runner.invoke(app, ["import", "schulen", "x.xlsx", "--db", db])
    assert result.exit_code == 1 and "Unbekannte Quelle" in result.output
    result = runner.invoke(app, ["import", "population", str(tmp_path / "fehlt.xlsx"), "--db", db])
    assert result.exit_code == 1
    assert "Datei nicht gefunden" in result.output
    assert "Traceback" not in result.output


def test_cli_reports_problems_in_german_with_exit_status_1(tmp_path):
    from typer.testing import CliRunner

    from bildungsmonitor.cli import app

    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    runner = CliRunner()
    units = write_xlsx(tmp_path / "raum.xlsx", UNITS)
    assert runner.invoke(app, ["import", "spatial-units", str(units), "--db", db]).exit_code == 0
    bad = write_xlsx(
        tmp_path / "kitas.xlsx",
        [*KITAS, ["01.03.2020", "0109", "Neu", "AWO", "0999", "ja", "viele"]],
    )
    result = runner.invoke(app, ["import", "kitas", str(bad), "--db", db])
    assert result.exit_code == 1
    assert "Import abgelehnt: kitas.xlsx – 2 Fehler, nichts geladen." in result.output
    assert "Zeile 4, Spalte „Plätze“: Wert „viele“ – keine ganze Zahl" in result.output
    assert "Traceback" not in result.output
