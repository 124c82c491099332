"""The departments' reporting round: the questionnaire per department (``survey``), its return as
a `measures` delivery (departments answer one by one), and who has answered (``status``).

A second goal period is written directly with ``etl.catalogue.write_period``: its goals continue
some goals of 2013-2017 (Vorgänger), one is new. Expectations about the pre-filled rows are read
from the database (the departments of the catalogue file may be re-judged), never typed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from helpers import source_header, write_xlsx
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bildungsmonitor.cli import app
from etl.catalogue import UNASSIGNED, answered_departments, effective_measures, write_period
from etl.db import make_engine
from etl.instruments import MEASURE_STATUS
from etl.models import Department, Goal, GoalPeriod, Load, Measure
from etl.pipeline import import_file
from etl.problems import ImportRejected
from etl.sources.measures import WHOLE_CITY
from etl.survey import SurveyError, previous_period, write_survey

PERIOD = "2019-2024"  # a label no committed catalogue file has
# Goal of PERIOD -> the goal of 2013-2017 it continues (None: a new goal).
LINEAGE = {1: 1, 2: 4, 3: 10, 4: None}
TITLES = {
    1: "Bildungsmonitoring",
    2: "Ganztag",
    3: "Übergang Schule – Beruf",
    4: "Digitale Bildung",
}
SCHOOLS, OFFICE = "Schulverwaltung", "Kommunales Bildungsbüro"
HEADER = source_header("measures")


def add_period(engine, label: str = PERIOD, previous: str | None = "2013-2017") -> None:
    goals = [
        {
            "number": number,
            "title": TITLES[number],
            "statement": f"Zielformulierung {number}",
            "status": "neu" if before is None else "angepasst",
            "predecessor": before,
        }
        for number, before in LINEAGE.items()
    ]
    with engine.begin() as conn:
        write_period(conn, {"period": label, "previous": previous, "goals": goals})


def expected_rows(engine, department: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(goal title of PERIOD, measure title) carried over, and the titles left out."""
    with engine.connect() as conn:
        numbers = dict(
            conn.execute(
                select(Goal.id, Goal.number).join(GoalPeriod).where(GoalPeriod.label == "2013-2017")
            ).all()
        )
        measures = [m for m in effective_measures(conn, "2013-2017") if m.department == department]
    successor = {before: number for number, before in LINEAGE.items() if before}
    kept = [
        (TITLES[successor[numbers[m.goal_id]]], m.title)
        for m in measures
        if numbers[m.goal_id] in successor
    ]
    left = [m.title for m in measures if numbers[m.goal_id] not in successor]
    return kept, left


def survey(db_url: str, out: Path, period: str = PERIOD):
    return CliRunner().invoke(
        app, ["survey", "--period", period, "--out", str(out), "--db", db_url]
    )


def workbook_of(out: Path, slug: str) -> Path:
    return out / f"massnahmen-abfrage_{PERIOD}_{slug}.xlsx"


def table_rows(path: Path) -> tuple[int, list[list[object]]]:
    """(Excel row of the header, data rows) of the sheet "Maßnahmen"."""
    ws = openpyxl.load_workbook(path)["Maßnahmen"]
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[: len(HEADER)] == HEADER)
    data = [row[: len(HEADER)] for row in rows[header + 1 :] if any(row)]
    return header + 1, data


def fill(path: Path, changes: dict[int, dict[str, object]], new: list[dict[str, object]]) -> Path:
    """Fill in a questionnaire as a department would: change cells of pre-filled rows (0-based,
    by header; None deletes the row's content) and add rows below."""
    book = openpyxl.load_workbook(path)
    ws = book["Maßnahmen"]
    header_row, data = table_rows(path)
    column = {name: index + 1 for index, name in enumerate(HEADER)}
    for index, change in changes.items():
        for name, value in (change or dict.fromkeys(HEADER)).items():
            ws.cell(header_row + 1 + index, column[name]).value = value
    for offset, values in enumerate(new):
        for name, value in values.items():
            ws.cell(header_row + 1 + len(data) + offset, column[name], value)
    book.save(path)
    return path


def delivered(engine, department: str) -> list[Measure]:
    with Session(engine) as session:
        return list(
            session.execute(
                select(Measure)
                .join(Department)
                .join(Goal)
                .join(GoalPeriod)
                .where(
                    GoalPeriod.label == PERIOD,
                    Department.name == department,
                    Measure.load_id.is_not(None),
                )
                .order_by(Measure.id)
            ).scalars()
        )


@pytest.fixture
def round_(world, db_url, tmp_path) -> Path:
    """The world, the second period and its questionnaires in tmp_path/fragebogen."""
    add_period(world)
    out = tmp_path / "fragebogen"
    result = survey(db_url, out)
    assert result.exit_code == 0, result.output
    return out


def test_one_workbook_per_department_prefilled_from_the_previous_round(world, round_):
    with world.connect() as conn:
        names = sorted(
            (n for n in conn.execute(select(Department.name)).scalars() if n != UNASSIGNED),
            key=str.casefold,
        )
    assert len(list(round_.glob("*.xlsx"))) == len(names)
    for department, slug in ((SCHOOLS, "schulverwaltung"), (OFFICE, "kommunales_bildungsbuero")):
        kept, left = expected_rows(world, department)
        path = workbook_of(round_, slug)
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Maßnahmen", "Handlungsziele", "Listen"]
        assert book["Listen"].sheet_state == "hidden"
        _, data = table_rows(path)
        assert [(row[1], row[2]) for row in data] == kept
        assert {(row[0], row[3]) for row in data} == {(PERIOD, department)}
        notes = " ".join(str(c.value) for c in book["Maßnahmen"]["A"][:6] if c.value)
        assert "ohne Nachfolger" in notes or not left
        assert all(title in notes for title in left)
        goals = [row for row in book["Handlungsziele"].iter_rows(min_row=4, values_only=True)]
        assert [(n, t) for n, t, _ in goals] == list(TITLES.items())


def test_the_drop_downs_offer_goals_status_and_stadtteile(world, round_):
    book = openpyxl.load_workbook(workbook_of(round_, "schulverwaltung"))
    ws, lists = book["Maßnahmen"], book["Listen"]
    header_row, _ = table_rows(workbook_of(round_, "schulverwaltung"))
    by_column = {}
    for validation in ws.data_validations.dataValidation:
        letter, first = re.match(r"([A-Z]+)(\d+):", str(validation.sqref)).groups()
        by_column[letter] = validation
        assert validation.type == "list" and int(first) == header_row + 1
    column = {name: openpyxl.utils.get_column_letter(i + 1) for i, name in enumerate(HEADER)}

    def offered(name: str) -> list[str]:
        reference = by_column[column[name]].formula1.split("!")[1].replace("$", "")
        return [c.value for row in lists[reference] for c in row]

    assert offered("Handlungsziel") == list(TITLES.values())
    assert offered("Status") == list(MEASURE_STATUS)
    assert offered("Zielperiode") == [PERIOD]
    assert offered("Arbeitsbereich") == [SCHOOLS]
    # Stadtbezirke and Ortsteile of the world (helpers.UNITS), each name once.
    assert offered("Stadtteile") == [WHOLE_CITY, "Wanne", "Eickel", "Crange"]
    assert by_column[column["Stadtteile"]].errorStyle == "warning"  # several can be typed
    assert by_column[column["Status"]].errorStyle == "stop"
    assert set(column[n] for n in ("Beschreibung", "Zielgruppe", "Maßnahme/Projekt")).isdisjoint(
        by_column
    )


def test_filled_returns_import_side_by_side_and_replace_only_their_department(
    world, settings, round_
):
    schools = fill(
        workbook_of(round_, "schulverwaltung"),
        {0: {"Status": "laufend", "Zielgruppe": "Grundschulkinder", "Stadtteile": "wanne, Crange"}},
        [
            {
                "Zielperiode": PERIOD,
                "Handlungsziel": TITLES[4],
                "Maßnahme/Projekt": "Tablets für Grundschulen",
                "Arbeitsbereich": SCHOOLS,
                "Status": "geplant",
                "Stadtteile": WHOLE_CITY,
            }
        ],
    )
    first = import_file(world, "measures", schools, settings)
    kept, _ = expected_rows(world, SCHOOLS)
    mine = delivered(world, SCHOOLS)
    assert first.rows == len(mine) == len(kept) + 1
    assert (mine[0].status, mine[0].target_group, mine[0].districts) == (
        "laufend",
        "Grundschulkinder",
        "Wanne; Crange",
    )
    assert mine[-1].title == "Tablets für Grundschulen" and mine[-1].districts == WHOLE_CITY

    office = fill(
        workbook_of(round_, "kommunales_bildungsbuero"),
        {},
        [
            {
                "Zielperiode": PERIOD,
                "Handlungsziel": "3",  # a number works as well as the title
                "Maßnahme/Projekt": "Berufsorientierungsbüro",
                "Arbeitsbereich": OFFICE.upper(),  # stored in the spelling of the database
                "Zielgruppe": "Jugendliche",
            }
        ],
    )
    second = import_file(world, "measures", office, settings)  # no --replace needed
    assert second.replaced_rows == 0
    assert len(delivered(world, SCHOOLS)) == len(mine)
    assert delivered(world, OFFICE)[-1].title == "Berufsorientierungsbüro"
    with world.connect() as conn:
        assert set(answered_departments(conn, PERIOD)) == {SCHOOLS, OFFICE}
    assert import_file(world, "measures", schools, settings).status == "bereits importiert"

    corrected = fill(schools, {1: None}, [])  # one measure less
    with pytest.raises(ImportRejected) as refused:
        import_file(world, "measures", corrected, settings)
    assert SCHOOLS in refused.value.problems[0].rule
    third = import_file(world, "measures", corrected, settings, replace=True)
    assert third.replaced_rows == len(mine)
    assert len(delivered(world, SCHOOLS)) == len(mine) - 1
    assert [m.title for m in delivered(world, OFFICE)][-1] == "Berufsorientierungsbüro"
    with world.connect() as conn:
        superseded = conn.execute(select(Load.superseded_by).where(Load.id == first.load_id))
        assert superseded.scalar_one() == third.load_id


def test_unknown_stadtteil_and_unassigned_department_are_rejected(world, settings, tmp_path):
    add_period(world)
    rows = [
        HEADER,
        [PERIOD, "1", "Elternbefragung", SCHOOLS, None, "laufend", "Eltern", "Wanne; Atlantis"],
        [PERIOD, "2", "Ganztag", UNASSIGNED, None, None, None, "gesamte stadt"],
    ]
    path = write_xlsx(tmp_path / "unbekannter_stadtteil.xlsx", rows, sheet="Maßnahmen")
    with pytest.raises(ImportRejected) as caught:
        import_file(world, "measures", path, settings)
    problems = {(p.row, p.column): p for p in caught.value.problems}
    assert set(problems) == {(2, "Stadtteile"), (3, "Arbeitsbereich")}
    assert problems[(2, "Stadtteile")].message() == (
        "unbekannter_stadtteil.xlsx, Blatt „Maßnahmen“, Zeile 2, Spalte „Stadtteile“: "
        "Wert „Wanne; Atlantis“ – unbekannter Stadtteil „Atlantis“: Name eines Ortsteils oder "
        "Stadtbezirks der Raumgliederung oder „gesamte Stadt“ erwartet, mehrere mit „;“ getrennt"
    )
    assert "kein Arbeitsbereich" in problems[(3, "Arbeitsbereich")].rule
    assert delivered(world, SCHOOLS) == []


def test_status_lists_answered_and_outstanding_departments(world, db_url, settings, round_):
    from publish.read.status import survey_round

    import_file(world, "measures", workbook_of(round_, "schulverwaltung"), settings)
    result = CliRunner().invoke(app, ["status", "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    periods = json.loads(result.output)["periods"]
    answered = periods[PERIOD]["survey"]["answered"]
    assert [(a["department"], a["measures"]) for a in answered] == [
        (SCHOOLS, len(delivered(world, SCHOOLS)))
    ]
    outstanding = periods[PERIOD]["survey"]["outstanding"]
    assert OFFICE in outstanding and SCHOOLS not in outstanding and UNASSIGNED not in outstanding
    assert len(outstanding) + 1 == len(list(round_.glob("*.xlsx")))
    assert periods["2013-2017"]["survey"]["answered"] == []
    shown = survey_round(PERIOD, periods[PERIOD]["survey"])
    assert shown.caption == f"Maßnahmen-Abfrage {PERIOD}: beantwortet von 1 Arbeitsbereich"
    assert list(shown.answered["Arbeitsbereich"]) == [SCHOOLS]
    assert shown.outstanding_text.startswith("Ausstehend: ") and OFFICE in shown.outstanding_text


def test_unknown_period_and_no_departments_are_plain_errors(world, db_url, tmp_path):
    result = survey(db_url, tmp_path / "x", period="2030-2034")
    assert result.exit_code == 1
    assert "Unbekannte Zielperiode „2030-2034“" in result.output
    assert "Traceback" not in result.output
    empty = make_engine(f"sqlite:///{tmp_path / 'leer.sqlite'}")
    with empty.begin() as conn:
        write_period(conn, {"period": PERIOD, "goals": []})
    with empty.connect() as conn, pytest.raises(SurveyError, match="Keine Arbeitsbereiche"):
        write_survey(conn, PERIOD, tmp_path / "y")
    empty.dispose()


def test_without_a_declared_previous_period_the_latest_earlier_one_is_used(world):
    add_period(world, previous=None)
    with world.connect() as conn:
        assert previous_period(conn, PERIOD) == "2013-2017"
        assert previous_period(conn, "2013-2017") is None


def test_samples_are_the_returns_of_two_departments_with_settled_measures(tmp_path):
    import yaml

    from etl.catalogue import CATALOGUE_DIR
    from etl.synthetic import measures as samples
    from etl.synthetic.world import build_world

    world = build_world(2017, 0.01)
    files = [samples.write(tmp_path, world, key) for key in samples.keys(world)]
    assert [f["delivery"] for f in files] == [
        f"{period}, {d}" for period in ("2013-2017", "2018-2022") for d in samples.DEPARTMENTS
    ]
    catalogue = yaml.safe_load((CATALOGUE_DIR / "2013-2017.yaml").read_text(encoding="utf-8"))
    settled = {
        (m["department"], m["title"])
        for goal in catalogue["goals"]
        for m in goal["measures"]
        if not m.get("department_inferred")
    }
    # 2018-2022 restates the settled measures of 2013-2017 and adds the new ones, nothing else.
    added = {
        (department, title)
        for (_, department), rows in samples.NEW_MEASURES.items()
        for _, _, title in rows
    }
    assert added == {("Kommunales Bildungsbüro", "FORTBILDUNGSREIHE MEDIENKOMPETENZ")}
    for f in files:
        ws = openpyxl.load_workbook(tmp_path / f["file"]).active
        rows = list(ws.iter_rows(values_only=True))
        header = next(i for i, r in enumerate(rows) if r[0] == "Zielperiode")
        data = rows[header + 1 :]
        assert len(data) == f["rows"] > 0
        allowed = settled if f["delivery"].startswith("2013-2017") else settled | added
        assert {(r[3], r[2]) for r in data} <= allowed
        assert {r[0] for r in data} == {f["delivery"].split(",")[0]}
