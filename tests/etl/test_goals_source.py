"""The `goals` source (Zielkatalog of a goal period) and the workbook of ``period new``.

Every rule fires on its own tiny workbook, named after the rule, with a German message naming
file, sheet, Excel row, column and value; a rejected file changes nothing. ``period new`` writes
a workbook that imports unchanged (the new period continues the previous one), offers drop-downs,
and the synthetic 2018-2022 catalogue loads on top of the committed 2013-2017 one.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from helpers import source_header, write_xlsx
from sqlalchemy import func, select
from typer.testing import CliRunner

from bildungsmonitor.cli import app, known_indicators
from etl.catalogue import CATALOGUE_DIR, data_gaps, goal_lineage, goal_links
from etl.delivery import KnownIndicator
from etl.goal_workbook import INFO_SHEET, LISTS_SHEET, period_catalogue, prefill
from etl.models import Goal, GoalPeriod, Load, Measure
from etl.pipeline import import_file
from etl.problems import ImportRejected
from etl.sources import goals as source

PERIOD, PREVIOUS = "2018-2022", "2013-2017"
GOALS = source_header("goals")  # Zielperiode, Nr, Titel, Zielformulierung, Vorgänger, Status, ...
LINKS = source_header("goals", "indicators")
# A tiny indicator registry (the command line passes the real one).
KNOWN = {
    "uwe.wellbeing_low": KnownIndicator("Wohlbefinden niedrig", ("stadt", "stadtbezirk")),
    "kompik.coverage": KnownIndicator("KOMPIK-Abdeckung", ("stadt", "stadtbezirk", "ortsteil")),
    "ssw.next_end_date": KnownIndicator("Nächstes Fristende", ("stadt",), is_date=True),
}


def goal(number="1", status="beibehalten", predecessor="1", period=PERIOD, title=None) -> list:
    title = title or f"Ziel {number}"
    return [period, number, title, f"Zielformulierung {number}", predecessor, status, None]


def link(number="1", indicator="uwe.wellbeing_low", lead="ja", *target) -> list:
    """Nr, Indikator, Leitindikator, Kennzahl, then the target columns from Ausgangsjahr on."""
    cells = [*target, *[None] * (7 - len(target))]
    return [number, indicator, lead, None, *cells]


def workbook(path: Path, goals: list[list], **sheets: list[list]) -> Path:
    """A goals workbook: "Handlungsziele" and further sheets by German name."""
    return write_xlsx(path, [GOALS, *goals], sheet=source.GOALS_SHEET, extra=sheets)


def rejected(engine, settings, path, indicators=KNOWN) -> list:
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "goals", path, settings, indicators=indicators)
    return caught.value.problems


def only(problems):
    assert len(problems) == 1, [p.message() for p in problems]
    return problems[0]


def periods(engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(GoalPeriod.label)).scalars())


# --- loading --------------------------------------------------------------------------------


def test_a_small_catalogue_loads_with_every_sheet(engine, settings, tmp_path):
    path = workbook(
        tmp_path / "zielkatalog.xlsx",
        [
            goal("1", "angepasst"),
            goal("2", "angepasst", "3", title="Schulsozialarbeit"),
            goal("3", "neu", None),
        ],
        Indikatoren=[
            [*LINKS[:4], "Ausgangsjahr", "Zieljahr", "Richtung", "Ebene", "Begründung"],
            ["1", "uwe.wellbeing_low", "ja", "", "2017", "2022", "sinken", "Stadtbezirk", "weil"],
            ["1", "KOMPIK-Abdeckung", "nein", "ja", None, None, None, None, None],
            ["3", "kompik.coverage", "x", None, "2017", "2022", "steigen", "ortsteil", None],
        ],
        Herausforderungen=[["Nr", "Titel", "Text"], ["2", "FINANZIERUNG", "Stellen befristet."]],
        Rückmeldungen=[
            ["Nr", "Art", "Text"],
            ["1", "beibehalten", "gut so"],
            ["1", "anpassen", "genauer"],
        ],
        Datenlücken=[["Nr", "Thema", "Datenquellen"], ["3", "Übergänge", "Schulstatistik"]],
    )
    result = import_file(engine, "goals", path, settings, indicators=KNOWN)
    assert (result.rows, result.delivery, result.warnings) == (3, "Zielkatalog 2018-2022", [])
    with engine.connect() as conn:
        lineage = goal_lineage(conn, PERIOD)
        links = goal_links(conn, PERIOD)
        gaps = data_gaps(conn, PERIOD)
        previous_id = conn.execute(
            select(GoalPeriod.previous_id).where(GoalPeriod.label == PERIOD)
        ).scalar_one()
        previous = conn.execute(select(GoalPeriod.label).where(GoalPeriod.id == previous_id))
        assert previous.scalar_one() == PREVIOUS
    assert {key: (status, p.number if p else None) for key, (status, p) in lineage.items()} == {
        "ziel_1": ("angepasst", 1),
        "schulsozialarbeit": ("angepasst", 3),  # same title as goal 3 of 2013-2017: its key
        "ziel_3": ("neu", None),
    }
    first = links["ziel_1"]
    assert [(g.indicator, g.lead, g.key) for g in first] == [
        ("uwe.wellbeing_low", True, True),
        ("kompik.coverage", False, True),  # named by its title
    ]
    assert (first[0].baseline_year, first[0].target_year, first[0].direction) == (
        2017,
        2022,
        "sinken",
    )
    assert (first[0].target_level, first[0].reason, first[0].baseline_value) == (
        "stadtbezirk",
        "weil",
        None,
    )
    assert links["ziel_3"][0].target_level == "ortsteil" and links["ziel_3"][0].lead
    assert gaps == {"ziel_3": [("Übergänge", "Schulstatistik")]}
    status = CliRunner().invoke(app, ["status", "--json", "--db", settings.database_url])
    assert status.exit_code == 0, status.output
    numbers = yaml.safe_load(status.output)["periods"][PERIOD]["goals"]
    assert [(g["challenges"], g["feedback"]) for g in numbers] == [
        (0, {"keep": 1, "adapt": 1}),
        (1, {"keep": 0, "adapt": 0}),
        (0, {"keep": 0, "adapt": 0}),
    ]


def test_without_the_registry_ids_are_taken_as_written_with_a_warning(engine, settings, tmp_path):
    path = workbook(
        tmp_path / "ungeprueft.xlsx", [goal("1", "neu", None)], Indikatoren=[LINKS[:3], link()[:3]]
    )
    result = import_file(engine, "goals", path, settings)
    assert [w.rule for w in result.warnings] == [source.UNCHECKED]
    with engine.connect() as conn:
        assert [g.indicator for g in goal_links(conn, PERIOD)["ziel_1"]] == ["uwe.wellbeing_low"]


def test_beibehalten_with_another_statement_is_a_warning(engine, settings, tmp_path):
    path = workbook(tmp_path / "beibehalten_geaendert.xlsx", [goal()])
    result = import_file(engine, "goals", path, settings, indicators=KNOWN)
    (warning,) = result.warnings
    assert (warning.sheet, warning.row, warning.column) == ("Handlungsziele", 2, "Zielformulierung")
    assert "weicht" in warning.rule


# --- one rule, one file ---------------------------------------------------------------------

RULES = [
    # file, goals, extra sheets, (sheet, row, column, value), words of the rule
    (
        "unbekannter_vorgaenger.xlsx",
        [goal("1", "angepasst", "99")],
        {},
        ("Handlungsziele", 2, "Vorgänger", 99),
        "unbekannter Vorgänger",
    ),
    (
        "vorgaenger_fehlt.xlsx",
        [goal("1", "beibehalten", None)],
        {},
        ("Handlungsziele", 2, "Vorgänger", None),
        "Vorgänger fehlt",
    ),
    (
        "neu_mit_vorgaenger.xlsx",
        [goal("1", "neu", "1")],
        {},
        ("Handlungsziele", 2, "Vorgänger", 1),
        "Status neu",
    ),
    (
        "nr_doppelt.xlsx",
        [goal("1", "neu", None), goal("1", "neu", None, title="Anderes Ziel")],
        {},
        ("Handlungsziele", 3, "Nr", "1"),
        "mehrfach",
    ),
    (
        "zielperiode_gemischt.xlsx",
        [goal("1", "neu", None), goal("2", "neu", None, period="2023-2027")],
        {},
        ("Handlungsziele", 3, "Zielperiode", "2023-2027"),
        "andere Zielperiode",
    ),
    (
        "zielperiode_format.xlsx",
        [goal("1", "neu", None, period="2018/22")],
        {},
        ("Handlungsziele", 2, "Zielperiode", "2018/22"),
        "JJJJ-JJJJ",
    ),
    (
        "status_unbekannt.xlsx",
        [goal("1", "fortgeführt", "1")],
        {},
        ("Handlungsziele", 2, "Status", "fortgeführt"),
        "erlaubt sind: neu, beibehalten, angepasst",
    ),
    (
        "zwei_leitindikatoren.xlsx",
        [goal("1", "neu", None)],
        {"Indikatoren": [LINKS, link("1"), link("1", "kompik.coverage")]},
        ("Indikatoren", 3, "Leitindikator", "ja"),
        "höchstens einer",
    ),
    (
        "unbekannter_indikator.xlsx",
        [goal("1", "neu", None)],
        {"Indikatoren": [LINKS, link("1", "uwe.gluecklich")]},
        ("Indikatoren", 2, "Indikator", "uwe.gluecklich"),
        "unbekannter Indikator",
    ),
    (
        "indikator_doppelt.xlsx",
        [goal("1", "neu", None)],
        {"Indikatoren": [LINKS, link("1"), link("1", "Wohlbefinden niedrig", "nein")]},
        ("Indikatoren", 3, "Indikator", "Wohlbefinden niedrig"),
        "schon in Zeile 2",
    ),
    (
        "indikator_ohne_ziel.xlsx",
        [goal("1", "neu", None)],
        {"Indikatoren": [LINKS, link("7")]},
        ("Indikatoren", 2, "Nr", 7),
        "kein Handlungsziel mit dieser Nr",
    ),
    (
        "richtung_unbekannt.xlsx",
        [goal("1", "neu", None)],
        {
            "Indikatoren": [
                LINKS,
                link("1", "uwe.wellbeing_low", "ja", "2017", None, "2022", None, "fallen"),
            ]
        },
        ("Indikatoren", 2, "Richtung", "fallen"),
        "erlaubt sind: steigen, sinken, halten",
    ),
    (
        "ausgangsjahr_nach_zieljahr.xlsx",
        [goal("1", "neu", None)],
        {"Indikatoren": [LINKS, link("1", "uwe.wellbeing_low", "ja", "2023", None, "2022", "40")]},
        ("Indikatoren", 2, "Ausgangsjahr", 2023),
        "nach dem Zieljahr",
    ),
    (
        "ziel_ohne_zielwert.xlsx",
        [goal("1", "neu", None)],
        {"Indikatoren": [LINKS, link("1", "uwe.wellbeing_low", "ja", "2017", None, "2022")]},
        ("Indikatoren", 2, "Zielwert", None),
        "Zielwert oder Richtung",
    ),
    (
        "ziel_ohne_zieljahr.xlsx",
        [goal("1", "neu", None)],
        {"Indikatoren": [LINKS, link("1", "uwe.wellbeing_low", "ja", "2017", None, None, "40")]},
        ("Indikatoren", 2, "Zieljahr", None),
        "Zieljahr fehlt",
    ),
    (
        "ziel_fuer_datum.xlsx",
        [goal("1", "neu", None)],
        {
            "Indikatoren": [
                LINKS,
                link("1", "ssw.next_end_date", "ja", "2017", None, "2022", None, "halten"),
            ]
        },
        ("Indikatoren", 2, "Indikator", "ssw.next_end_date"),
        "kein Ziel möglich",
    ),
    (
        "ebene_fehlt_dem_indikator.xlsx",
        [goal("1", "neu", None)],
        {
            "Indikatoren": [
                LINKS,
                link(
                    "1", "uwe.wellbeing_low", "ja", "2017", None, "2022", None, "sinken", "ortsteil"
                ),
            ]
        },
        ("Indikatoren", 2, "Ebene", "ortsteil"),
        "nicht auf der Ebene Ortsteil",
    ),
    (
        "rueckmeldung_art.xlsx",
        [goal("1", "neu", None)],
        {"Rückmeldungen": [["Nr", "Art", "Text"], ["1", "ändern", "x"]]},
        ("Rückmeldungen", 2, "Art", "ändern"),
        "erlaubt sind: beibehalten, anpassen",
    ),
]


@pytest.mark.parametrize(
    ("name", "goals", "sheets", "where", "words"), RULES, ids=[rule[0] for rule in RULES]
)
def test_each_rule_names_file_sheet_row_column_and_value(
    engine, settings, tmp_path, name, goals, sheets, where, words
):
    problems = rejected(engine, settings, workbook(tmp_path / name, goals, **sheets))
    assert all(words in p.rule for p in problems), [p.message() for p in problems]
    problem = next(p for p in problems if (p.sheet, p.row) == where[:2])
    assert (problem.sheet, problem.row, problem.column, problem.value) == where
    assert problem.message().startswith(f"{name}, Blatt „{where[0]}“, Zeile {where[1]}")
    assert len(problems) == (2 if name == "nr_doppelt.xlsx" else 1)  # both rows of a duplicate
    assert PERIOD not in periods(engine)  # nothing loaded


def test_a_predecessor_needs_a_previous_period(engine, settings, tmp_path):
    path = workbook(tmp_path / "ohne_vorperiode.xlsx", [goal("1", "angepasst", "1", "2008-2012")])
    problem = only(rejected(engine, settings, path))
    assert problem.column == "Vorgänger" and "keine frühere Zielperiode" in problem.rule


def test_a_goal_with_delivered_measures_stays(engine, settings, tmp_path):
    first = workbook(tmp_path / "z1.xlsx", [goal("1", "neu", None), goal("2", "neu", None)])
    import_file(engine, "goals", first, settings, indicators=KNOWN)
    measures = [source_header("measures")[:4], [PERIOD, "2", "Projekt", "VHS"]]
    import_file(engine, "measures", write_xlsx(tmp_path / "m.xlsx", measures), settings)
    shrunk = workbook(tmp_path / "z2.xlsx", [goal("1", "neu", None)])
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "goals", shrunk, settings, replace=True, indicators=KNOWN)
    problem = only(caught.value.problems)
    assert problem.column == "Nr" and "Nr 2 fehlt" in problem.rule
    # A corrected file that keeps the goal replaces the catalogue; the measure stays with it.
    renamed = workbook(
        tmp_path / "z3.xlsx", [goal("1", "neu", None), goal("2", "neu", None, title="Neu")]
    )
    import_file(engine, "goals", renamed, settings, replace=True, indicators=KNOWN)
    with engine.connect() as conn:
        owner = conn.execute(
            select(Goal.title)
            .join(Measure, Measure.goal_id == Goal.id)
            .where(Measure.load_id.is_not(None))
        ).scalar_one()
    assert owner == "Neu"


def test_a_goal_continued_later_stays(engine, settings, tmp_path):
    later = workbook(tmp_path / "z2018.xlsx", [goal("1", "angepasst", "1")])
    import_file(engine, "goals", later, settings, indicators=KNOWN)
    earlier = workbook(tmp_path / "z2013.xlsx", [goal("2", "neu", None, PREVIOUS)])
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "goals", earlier, settings, replace=True, indicators=KNOWN)
    problem = only(caught.value.problems)
    assert "Nr 1 fehlt" in problem.rule and "2018-2022" in problem.rule


# --- period new and the round trip ----------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(app, [*args])


def catalogue_of(engine, label: str) -> dict:
    with engine.connect() as conn:
        return period_catalogue(conn, label)


def test_period_new_writes_a_workbook_that_imports_unchanged(engine, settings, tmp_path):
    db = ["--db", settings.database_url]
    out = tmp_path / "zielkatalog_2018-2022.xlsx"
    written = run("period", "new", PERIOD, "--from", PREVIOUS, "--out", str(out), *db)
    assert written.exit_code == 0, written.output
    assert "14 Handlungsziele aus 2013-2017" in written.output

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Handlungsziele",
        "Indikatoren",
        "Herausforderungen",
        "Rückmeldungen",
        "Datenlücken",
        INFO_SHEET,
        LISTS_SHEET,
    ]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    drop_downs = {
        (ws.title, ws.cell(*_header_cell(dv)).value): dv
        for ws in book
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    for place, allowed in [
        (("Handlungsziele", "Status"), '"neu,beibehalten,angepasst"'),
        (("Indikatoren", "Leitindikator"), '"ja,nein"'),
        (("Indikatoren", "Richtung"), '"steigen,sinken,halten"'),
        (("Rückmeldungen", "Art"), '"beibehalten,anpassen"'),
    ]:
        assert drop_downs[place].formula1 == allowed, place
    indicator_list = drop_downs[("Indikatoren", "Indikator")].formula1
    assert indicator_list.startswith(f"'{LISTS_SHEET}'!$A$")
    listed = [c.value for c in book[LISTS_SHEET]["A"] if c.value]
    assert listed[listed.index("Indikator (ID)") + 1 :] == sorted(known_indicators())

    imported = run("import", "goals", str(out), *db)
    assert imported.exit_code == 0, imported.output
    old, new = catalogue_of(engine, PREVIOUS), catalogue_of(engine, PERIOD)
    assert len(new["goals"]) == len(old["goals"]) == 14

    def essence(goal: dict, with_predecessor: bool) -> tuple:
        links = [(g["id"], g["lead"], g["key"], g["reason"]) for g in goal["indicators"]]
        number = goal["predecessor"] if with_predecessor else goal["number"]
        return (number, goal["key"], goal["title"], goal["statement"], links, goal["data_gaps"])

    assert [essence(g, True) for g in new["goals"]] == [essence(g, False) for g in old["goals"]]
    assert {g["status"] for g in new["goals"]} <= {"beibehalten", "angepasst"}
    asked = {g["number"] for g in old["goals"] if _asks_for_change(g)}
    assert {g["number"] for g in new["goals"] if g["status"] == "angepasst"} == asked
    assert all(g["challenges"] == [] for g in new["goals"])

    again = run("import", "goals", str(out), *db)
    assert again.exit_code == 0 and "bereits importiert" in again.output

    # A corrected workbook: refused without --replace, replaces the period with it.
    book = openpyxl.load_workbook(out)
    sheet = book["Handlungsziele"]
    header = next(c.row for c in sheet["A"] if c.value == "Zielperiode")
    sheet.cell(header + 1, 4).value = "Eine neue Zielformulierung."
    book.save(tmp_path / "korrigiert.xlsx")
    with engine.connect() as conn:
        ids = dict(
            conn.execute(
                select(Goal.number, Goal.id).join(GoalPeriod).where(GoalPeriod.label == PERIOD)
            ).all()
        )
    refused = run("import", "goals", str(tmp_path / "korrigiert.xlsx"), *db)
    assert refused.exit_code == 1 and "--replace" in refused.output
    assert catalogue_of(engine, PERIOD)["goals"][0]["statement"] == old["goals"][0]["statement"]
    replaced = run("import", "goals", str(tmp_path / "korrigiert.xlsx"), "--replace", *db)
    assert replaced.exit_code == 0, replaced.output
    corrected = catalogue_of(engine, PERIOD)["goals"]
    assert corrected[0]["statement"] == "Eine neue Zielformulierung."
    with engine.connect() as conn:
        same_ids = dict(
            conn.execute(
                select(Goal.number, Goal.id).join(GoalPeriod).where(GoalPeriod.label == PERIOD)
            ).all()
        )
        superseded = conn.execute(select(Load.file_name).where(Load.superseded_by.is_not(None)))
        assert list(superseded.scalars()) == [out.name]
        assert conn.execute(select(func.count()).select_from(GoalPeriod)).scalar_one() == 2
    assert same_ids == ids  # goals are updated in place: what refers to them stays valid


def _header_cell(validation) -> tuple[int, int]:
    """(row, column) of the header above the cells a validation applies to."""
    column, row = openpyxl.utils.cell.coordinate_from_string(str(validation.sqref).split(":")[0])
    return row - 1, openpyxl.utils.cell.column_index_from_string(column)


def _asks_for_change(goal: dict) -> bool:
    feedback = goal["feedback"]
    return bool(feedback["adapt"]) or any(item["requests_change"] for item in feedback["keep"])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["2018-22"], "Ungültige Zielperiode „2018-22“"),
        (["2018-2022", "--from", "2008-2012"], "Unbekannte Zielperiode „2008-2012“"),
        (["2013-2017"], "schon in der Datenbank"),
        (["2008-2012"], "Keine Zielperiode vor 2008-2012"),
    ],
)
def test_period_new_refuses_with_a_plain_message(engine, settings, tmp_path, args, words):
    out = tmp_path / "neu.xlsx"
    result = run("period", "new", *args, "--out", str(out), "--db", settings.database_url)
    assert result.exit_code == 1
    assert words in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert not out.exists()


def test_prefill_asks_for_change_where_the_feedback_does():
    previous = {
        "period": PREVIOUS,
        "goals": [
            {"number": 1, "title": "A", "statement": "a", "feedback": {"keep": ["gut"]}},
            {
                "number": 2,
                "title": "B",
                "statement": "b",
                "feedback": {"keep": [{"text": "aber", "requests_change": True}], "adapt": []},
            },
            {"number": 3, "title": "C", "statement": "c", "feedback": {"adapt": ["anders"]}},
        ],
    }
    draft = prefill(previous, PERIOD)
    assert [g["status"] for g in draft.catalogue["goals"]] == [
        "beibehalten",
        "angepasst",
        "angepasst",
    ]
    assert "1 Rückmeldung der Bildungskonferenz verlangt" in draft.notes[2]


# --- the synthetic sample -------------------------------------------------------------------


def test_the_synthetic_catalogue_loads_after_the_committed_one(engine, settings, tmp_path):
    from etl.synthetic import generate
    from etl.synthetic.checks import raw_rows

    manifest = generate(tmp_path, seed=2017, scale=0.05, sources=["goals"])
    (entry,) = manifest["files"]
    path = tmp_path / entry["file"]
    for sheet in openpyxl.load_workbook(path).sheetnames:
        assert str(raw_rows(path, sheet)[0][0]).startswith("SYNTHETISCHE BEISPIELDATEN"), sheet
    result = import_file(engine, "goals", path, settings, indicators=known_indicators())
    assert result.rows == entry["rows"] and result.warnings == []
    new = catalogue_of(engine, PERIOD)["goals"]
    statuses = [g["status"] for g in new]
    assert statuses.count("angepasst") == 2 and statuses.count("neu") == 1
    assert all(g["predecessor"] is None for g in new if g["status"] == "neu")
    leads = [link for g in new for link in g["indicators"] if link["lead"]]
    targets = [link for link in leads if "target" in link]
    assert targets and all(t["baseline"] == {"year": 2017, "value": None} for t in targets)
    assert all(t["target"]["year"] == 2022 for t in targets)
    assert any(t["target"]["value"] is not None for t in targets)
    assert any(t["target"]["value"] is None and t["target"]["direction"] for t in targets)
    assert [t["target"]["level"] for t in targets].count("ortsteil") == 1


def test_the_synthetic_facts_about_indicators_agree_with_the_registry():
    from etl.synthetic import goals as sample
    from indicators.registry import BY_ID, REGISTRY

    assert {i.id for i in REGISTRY if i.kind.text is not None} == sample.DATE_INDICATORS
    expected = {"higher": "steigen", "lower": "sinken", "neutral": "halten"}
    for indicator_id, (direction, _value) in sample.TARGETS.items():
        if indicator_id in BY_ID:  # hints for leads a catalogue may not use (any more)
            assert direction == expected[BY_ID[indicator_id].direction], indicator_id
    for indicator in REGISTRY:
        if indicator.id.startswith(sample.ORTSTEIL_FAMILIES) and indicator.kind.text is None:
            assert "ortsteil" in indicator.levels, indicator.id
    committed = yaml.safe_load((CATALOGUE_DIR / f"{PREVIOUS}.yaml").read_text(encoding="utf-8"))
    leads = [lk["id"] for g in committed["goals"] for lk in g["indicators"] if lk.get("lead")]
    assert any(sample.TARGETS.get(i, ("", None))[1] is not None for i in leads)
