"""One whole goal cycle as the office runs it, through the command line only:

samples imported → ``period new 2018-2022`` → targets typed into the workbook → ``import goals``
→ ``survey`` → two departments fill in their questionnaire → ``import measures`` → the goal page
and the meeting pack show the new period with its statuses, its predecessor and the Nennungen.

The world holds the school social work data only (goal 3 "Schulsozialarbeit" links them), so the
cycle runs in seconds; the targets are chosen so that each status appears once.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import dash
import openpyxl
import pytest
from plotly.utils import PlotlyJSONEncoder
from pptx.enum.shapes import MSO_SHAPE_TYPE
from test_meeting_pack import slide_texts
from typer.testing import CliRunner

from bildungsmonitor.cli import app, manifest_jobs
from etl.catalogue import slug
from etl.db import make_engine
from etl.pipeline import import_file
from etl.settings import Settings, load_settings
from etl.synthetic import generate
from indicators.build import build
from indicators.targets import NO_DATA, OFF_TRACK, ON_TRACK

PERIOD, PREVIOUS = "2018-2022", "2013-2017"
GOAL = "schulsozialarbeit"  # goal 3 in both periods
SCHOOLS, OFFICE = "Schulverwaltung", "Kommunales Bildungsbüro"
# indicator -> (Ausgangsjahr, Ausgangswert, Zieljahr, Zielwert, Richtung) and the status it earns
TARGETS = {
    "ssw.schools_with_post": ((2017, 0, 2022, 10, None), ON_TRACK),
    "ssw.fte": ((2017, 100000, 2022, None, "steigen"), OFF_TRACK),
    "ssw.schools_full_post": ((2025, None, 2030, None, "steigen"), NO_DATA),
}
# Two new measures for goal 3, one per department, named by number and by title.
NEW = {
    SCHOOLS: ("3", "SCHULSOZIALARBEIT AN BERUFSKOLLEGS"),
    OFFICE: ("Schulsozialarbeit", "NETZWERKTREFFEN SCHULSOZIALARBEIT"),
}


def cli(*args: str) -> str:
    result = CliRunner().invoke(app, [*args])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def header_and_rows(ws, first: str) -> tuple[int, list[str], list[tuple]]:
    """(Excel row of the header, header names, data rows) of a sheet whose header starts with
    ``first``."""
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if row and row[0] == first)
    names = [str(c) if c is not None else "" for c in rows[at]]
    return at + 1, names, [r for r in rows[at + 1 :] if any(v is not None for v in r)]


def set_targets(path: Path) -> None:
    """Type the targets of TARGETS into the sheet "Indikatoren", as the office would."""
    book = openpyxl.load_workbook(path)
    ws = book["Indikatoren"]
    header_row, names, rows = header_and_rows(ws, "Nr")
    col = {name: names.index(name) + 1 for name in names if name}
    fields = ("Ausgangsjahr", "Ausgangswert", "Zieljahr", "Zielwert", "Richtung")
    found = set()
    for offset, row in enumerate(rows):
        indicator = row[col["Indikator"] - 1]
        if indicator in TARGETS and str(row[col["Nr"] - 1]) == "3":
            for name, value in zip(fields, TARGETS[indicator][0], strict=True):
                ws.cell(header_row + 1 + offset, col[name]).value = value
            found.add(indicator)
    assert found == set(TARGETS)
    book.save(path)


def add_measure(path: Path, department: str, goal: str, title: str) -> int:
    """Add one row to a department's questionnaire; returns its rows for goal 3 afterwards."""
    book = openpyxl.load_workbook(path)
    ws = book["Maßnahmen"]
    header_row, names, rows = header_and_rows(ws, "Zielperiode")
    values = {
        "Zielperiode": PERIOD,
        "Handlungsziel": goal,
        "Maßnahme/Projekt": title,
        "Arbeitsbereich": department,  # chosen from the list, as the questionnaire asks
        "Beschreibung": "Neu in der Abfrage 2018-2022.",
        "Status": "geplant",
        "Zielgruppe": "Schülerinnen und Schüler",
    }
    for name, value in values.items():
        ws.cell(header_row + 1 + len(rows), names.index(name) + 1, value)
    book.save(path)
    goal_column = names.index("Handlungsziel")
    mine = [r for r in rows if str(r[goal_column]).split(" ")[0] in ("3", "Schulsozialarbeit")]
    return len(mine) + 1


def goal_page(url: str, key: str) -> str:
    """The Handlungsziel page of ``key`` in PERIOD as JSON text."""
    from dashboard.app import create_app

    web = create_app(url)
    page = next(p for p in dash.page_registry.values() if p["path_template"] == "/ziel/<key>")
    with web.server.test_request_context("/"):
        layout = page["layout"](key=key, periode=PERIOD)
    return json.dumps(layout, cls=PlotlyJSONEncoder, ensure_ascii=False)


@pytest.fixture(scope="module")
def cycle(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("zielzyklus")
    url = f"sqlite:///{folder / 'bildungsmonitor.sqlite'}"
    manifest = generate(
        folder / "lieferungen",
        seed=2017,
        scale=0.1,
        sources=["spatial-units", "population", "kitas", "school-social-work"],
    )
    settings = Settings(**{**load_settings().__dict__, "database_url": url})
    engine = make_engine(url)
    for source, path in manifest_jobs(folder / "lieferungen", manifest):
        import_file(engine, source, path, settings)
    build(engine)
    engine.dispose()
    db = ("--db", url)

    workbook = folder / "zielkatalog_2018-2022.xlsx"
    cli("period", "new", PERIOD, "--from", PREVIOUS, "--out", str(workbook), *db)
    set_targets(workbook)
    cli("import", "goals", str(workbook), *db)

    questionnaires = folder / "abfrage"
    cli("survey", "--period", PERIOD, "--out", str(questionnaires), *db)
    expected = {}
    for department, (goal, title) in NEW.items():
        path = questionnaires / f"massnahmen-abfrage_{PERIOD}_{slug(department)}.xlsx"
        expected[department] = add_measure(path, department, goal, title)
        cli("import", "measures", str(path), *db)
    return {"url": url, "expected": expected, "status": cli("status", *db)}


@pytest.fixture(scope="module")
def model(cycle):
    from publish.read import ReadModel

    source = ReadModel(cycle["url"], check_interval=0)
    yield source
    source.engine.dispose()


def test_the_new_period_has_the_predecessor_and_the_departments_nennungen(cycle, model):
    detail = model.goal(PERIOD, GOAL)
    assert detail is not None and detail.number == 3
    assert (detail.predecessor.period, detail.predecessor.number) == (PREVIOUS, 3)
    counts = detail.departments.set_index("department")
    for department, rows in cycle["expected"].items():
        assert counts.loc[department, "from_survey"] == rows
        assert counts.loc[department, "reconstructed"] == 0
    titles = {m.title: m for m in detail.measures}
    for department, (_, title) in NEW.items():
        assert titles[title].from_survey and titles[title].department == department
    # The departments that have not answered yet are listed by the command line.
    assert "Maßnahmen-Abfrage 2018-2022" in cycle["status"]
    assert "noch offen" in cycle["status"]


def test_each_target_earns_its_status(model):
    statuses = {s.indicator: s.status for s in model.goal_statuses(PERIOD, GOAL)}
    assert statuses == {indicator: status for indicator, (_, status) in TARGETS.items()}


def test_the_goal_page_shows_statuses_lineage_and_the_abfrage(cycle):
    text = goal_page(cycle["url"], GOAL)
    for words in (
        "aus der Abfrage",
        "Vorgänger",
        f"Handlungsziel 3 Schulsozialarbeit ({PREVIOUS})",
        ON_TRACK,
        OFF_TRACK,
        NO_DATA,
        *[title for _, title in NEW.values()],
    ):
        assert words in text, words


def test_the_meeting_pack_shows_the_same(model, renderer):
    from pptx import Presentation

    from publish.pack import build_pack

    content = build_pack(model, PERIOD, "pptx", goals=[GOAL])
    texts = "\n".join(slide_texts(content))
    assert f"Vorgänger: Handlungsziel 3 Schulsozialarbeit ({PREVIOUS})" in texts
    for department, (_, title) in NEW.items():
        assert f"{title} – {department} (Abfrage)" in texts
    assert "\n1 von 3\n" in texts  # overview: "Ziele auf Kurs"
    deck = Presentation(io.BytesIO(content))
    # The key indicators' charts carry their status in the title (alt text of the image) ...
    alt = [
        shape._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr")
        for slide in deck.slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert any(f"Ziel: {ON_TRACK}" in text for text in alt), alt
    # ... and the speaker notes list every target with its status.
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    for indicator, (_, status) in TARGETS.items():
        assert re.search(rf"^{re.escape(indicator)}: .*; {status} \(", notes, re.M), indicator


def test_a_goal_without_returns_says_that_no_department_has_named_a_measure(cycle, model):
    empty = [g.key for g in model.goals(PERIOD) if not model.goal(PERIOD, g.key).measures]
    assert empty  # the two departments do not cover every goal
    text = goal_page(cycle["url"], empty[0])
    assert f"in der Maßnahmen-Abfrage {PERIOD} hat bisher kein Arbeitsbereich" in text
