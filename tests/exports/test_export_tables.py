"""Table exports: XLSX and CSV open with their own readers, carry the published numbers and the
metadata, never a number of a suppressed cell, and no text that a spreadsheet would evaluate."""

from __future__ import annotations

import csv
import io
import re
import shutil

import openpyxl
import pytest
from sqlalchemy import create_engine, insert, select, update

from indicators.disclosure import PUBLIC_NOTE
from indicators.store import IndicatorValue as IV
from publish.render.xlsx_csv import export_table, to_csv
from publish.views.registry import KINDS, table_for
from publish.views.request import ExportError, ExportRequest
from publish.views.table import FORMULA_START, inert

pytestmark = pytest.mark.xdist_group("exports")

HEADER_ROW = 4
# The goal period of the committed catalogue (the samples' latest period is 2018-2022).
CATALOGUE = "2013-2017"
PAYLOADS = ('=HYPERLINK("http://x.invalid","klick")', "+1", "-1", "@SUM(A1:A2)", "\t=1", "\r=1")
GERMAN_NUMBER = re.compile(r"^-?\d+(,\d+)?$")


def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def data_rows(book) -> tuple[list[str], list[list]]:
    sheet = book["Daten"]
    header = [c.value for c in sheet[HEADER_ROW] if c.value is not None]
    rows = []
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if row[0] is None:
            break
        rows.append(list(row[: len(header)]))
    return header, rows


def metadata(book) -> dict[str, str]:
    found: dict[str, str] = {}
    for label, text in book["Metadaten"].iter_rows(values_only=True):
        if label and label not in found:
            found[label] = text
    return found


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 mit BOM"
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def csv_table(content: bytes, first: str = "Nr.") -> tuple[list[str], list[list[str]]]:
    rows = csv_rows(content)
    start = next(i for i, row in enumerate(rows) if row and row[0] == first)
    header = rows[start]
    body = []
    for row in rows[start + 1 :]:
        if not row:
            break
        body.append(row)
    return header, body


def db_cells(url: str, indicator: str, level: str, year: int) -> dict[str, tuple]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(IV.unit, IV.value, IV.suppressed, IV.numerator, IV.n).where(
                IV.indicator == indicator, IV.level == level, IV.year == year, IV.breakdown == ""
            )
        ).all()
    engine.dispose()
    return {r.unit: tuple(r)[1:] for r in rows}


# --- numbers and metadata ---------------------------------------------------------------------


def test_xlsx_of_an_indicator_view_has_its_numbers_and_metadata(export_data, export_url):
    request = ExportRequest("ranking", indicator="uwe.wellbeing_low", level="ortsteil")
    content, name, media = export_table(export_data, request, "xlsx")
    assert name.endswith(".xlsx") and "spreadsheetml" in media
    book = workbook(content)
    assert book.sheetnames == ["Daten", "Metadaten"]
    sheet = book["Daten"]
    assert sheet["A1"].value.startswith("Wohlbefinden niedrig – Ortsteile ")
    assert "Datenstand" in sheet["A2"].value
    header, rows = data_rows(book)
    assert header == [
        "Nr.",
        "Einheit",
        "Jahr",
        "Wert",
        "Zähler",
        "Nenner",
        "Fallzahl (n)",
        "Hinweis",
    ]
    year = int(rows[0][2][:4])
    stored = db_cells(export_url, "uwe.wellbeing_low", "ortsteil", year)
    assert rows[-1][1] == "Herne (Stadt)"
    shown = 0
    for row in rows[:-1]:
        if row[0] not in stored:
            assert row[3] == "–"
            continue
        value, suppressed, numerator, n = stored[row[0]]
        if suppressed:
            assert row[3:7] == ["•"] * 4
        else:
            assert row[3] == pytest.approx(round(value, 1), abs=0.051)
            assert row[4] == numerator and row[6] == n
            shown += 1
    assert shown >= 5
    value_cell = sheet.cell(row=HEADER_ROW + 1, column=4)
    if isinstance(value_cell.value, float):
        assert value_cell.number_format == "#,##0.0"
    meta = metadata(book)
    for label in (
        "Titel",
        "Quelle",
        "Datenstand",
        "Geheimhaltung",
        "Zeichenerklärung",
        "Definition",
        "Zähler",
        "Nenner",
        "Maßeinheit",
        "Geheimhaltungsregel",
    ):
        assert meta.get(label), label
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", meta["Datenstand"])
    assert "Synthetische Beispieldaten" in meta["Datenbasis"]
    assert "5 Personen" in meta["Geheimhaltung"] and "10 Befragten" in meta["Geheimhaltung"]
    assert (
        f"• = {PUBLIC_NOTE}" in meta["Zeichenerklärung"]
        and "– = keine Daten" in meta["Zeichenerklärung"]
    )
    assert meta["Zähler"] == "Befragte mit Index niedrig"
    assert "10 Befragte" in meta["Geheimhaltungsregel"]


def test_kompik_metadata_names_the_keck_rule(export_data):
    request = ExportRequest("map", indicator="kompik.language.low", level="ortsteil")
    meta = metadata(workbook(export_table(export_data, request, "xlsx")[0]))
    assert "KECK" in meta["Geheimhaltungsregel"]
    assert "2 Kitas" in meta["Geheimhaltungsregel"] and "4 Kindern" in meta["Geheimhaltungsregel"]


def test_suppressed_cell_is_a_bullet_and_nothing_else(export_data, suppressed_cell):
    cell = suppressed_cell
    request = ExportRequest("map", indicator=cell["indicator"], level="ortsteil", year=cell["year"])
    header, rows = data_rows(workbook(export_table(export_data, request, "xlsx")[0]))
    row = next(r for r in rows if r[0] == cell["unit"])
    numeric = [header.index(c) for c in ("Wert", "Zähler", "Nenner", "Fallzahl (n)") if c in header]
    assert all(row[i] == "•" for i in numeric)
    assert not any(isinstance(v, int | float) for v in row), row
    # The one public note, never the precise reason (stored with the cell).
    assert row[header.index("Hinweis")] == PUBLIC_NOTE
    assert cell["reason"] not in " ".join(str(v) for v in row)

    header, rows = csv_table(export_table(export_data, request, "csv")[0])
    row = next(r for r in rows if r[0] == cell["unit"])
    assert all(row[header.index(c)] == "•" for c in ("Wert", "Zähler", "Nenner", "Fallzahl (n)"))
    assert not any(GERMAN_NUMBER.match(v) for v in row[3:]), row

    series = ExportRequest("series", indicator=cell["indicator"], level="ortsteil")
    header, rows = data_rows(workbook(export_table(export_data, series, "xlsx")[0]))
    row = next(r for r in rows if r[0] == cell["unit"])
    assert row[header.index(cell["period"])] == "•"


def test_csv_is_for_german_excel(export_data):
    request = ExportRequest("ranking", indicator="ssw.fte", level="stadtbezirk")
    content, name, media = export_table(export_data, request, "csv")
    assert name.endswith(".csv") and media.startswith("text/csv")
    assert b"\r\n" in content
    header, rows = csv_table(content)
    assert header[:4] == ["Nr.", "Einheit", "Jahr", "Wert"]
    values = [r[3] for r in rows]
    assert all(GERMAN_NUMBER.match(v) or v in ("•", "–") for v in values), values
    assert any("," in v for v in values), "Dezimalkomma"
    assert any(
        row and row[0].startswith(f"Zeichenerklärung: • = {PUBLIC_NOTE}")
        for row in csv_rows(content)
    )
    bare = to_csv(table_for(export_data, request), with_metadata=False)
    assert bare.decode("utf-8-sig").startswith("Nr.;Einheit;Jahr;Wert")


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_view_exports_a_table(export_data, kind):
    request = {
        "series": ExportRequest(kind, indicator="uwe.asset_peers", level="stadtbezirk"),
        "departments": ExportRequest(kind, goal="inklusive_systeme", period=CATALOGUE),
        "measures": ExportRequest(kind, goal="inklusive_systeme", period=CATALOGUE),
        "goals": ExportRequest(kind),
        "profile": ExportRequest(kind, level="ortsteil", unit="11"),
        "change": ExportRequest(kind, indicator="kompik.coverage", level="ortsteil"),
        "scatter": ExportRequest(
            kind, indicator="uwe.wellbeing_low", indicator_y="uwe.asset_adults", level="ortsteil"
        ),
    }.get(kind, ExportRequest(kind, indicator="parents.recommend", level="stadtbezirk"))
    book = workbook(export_table(export_data, request, "xlsx")[0])
    header, rows = data_rows(book)
    assert header and rows
    assert metadata(book)["Zeichenerklärung"]
    rows_csv = csv_rows(export_table(export_data, request, "csv")[0])
    assert rows_csv[0][0] == book["Daten"]["A1"].value


def test_goal_tables_list_measures_and_departments(export_data):
    detail = export_data.goal(CATALOGUE, "inklusive_systeme")
    header, rows = data_rows(
        workbook(
            export_table(
                export_data, ExportRequest("measures", goal=detail.key, period=CATALOGUE), "xlsx"
            )[0]
        )
    )
    assert [r[1] for r in rows] == [m.title for m in detail.measures]
    assert [r[2] for r in rows] == [m.department for m in detail.measures]
    header, rows = data_rows(
        workbook(
            export_table(
                export_data, ExportRequest("departments", goal=detail.key, period=CATALOGUE), "xlsx"
            )[0]
        )
    )
    assert header == ["Arbeitsbereich", "Maßnahmen", "Nennungen (Abfrage)", "rekonstruiert"]
    assert sum(r[1] for r in rows) == len(detail.measures)
    # every count is either a Nennung of the Abfrage or reconstructed, and says which
    assert all(r[1] == r[2] + r[3] for r in rows)
    survey = sum(m.from_survey for m in detail.measures)
    assert (
        sum(r[2] for r in rows) == survey
        and sum(r[3] for r in rows) == len(detail.measures) - survey
    )
    book = workbook(
        export_table(
            export_data, ExportRequest("departments", goal=detail.key, period=CATALOGUE), "xlsx"
        )[0]
    )
    text = " ".join(str(c.value) for row in book.worksheets[-1].iter_rows() for c in row if c.value)
    assert detail.reconstructed and "rekonstruiert" in text.lower()
    goals = ExportRequest("goals", period=CATALOGUE)
    header, rows = data_rows(workbook(export_table(export_data, goals, "xlsx")[0]))
    assert len(rows) == 14 and rows[0][1] == "Bildungsmonitoring"
    # the latest period (the default) is the synthetic 2018-2022 with a 15th, new goal
    header, rows = data_rows(workbook(export_table(export_data, ExportRequest("goals"), "xlsx")[0]))
    assert len(rows) == 15 and rows[-1][1] == "Digitale Bildung"


def test_bad_requests_say_what_is_wrong(export_data):
    with pytest.raises(ExportError, match="Unbekannter Indikator"):
        export_table(export_data, ExportRequest("map", indicator="gibt.es.nicht"), "xlsx")
    with pytest.raises(ExportError, match="kein Jahr 1990"):
        export_table(export_data, ExportRequest("map", indicator="ssw.fte", year=1990), "xlsx")
    with pytest.raises(ExportError, match="Tabellenformat"):
        export_table(export_data, ExportRequest("goals"), "ods")
    with pytest.raises(ExportError, match="Handlungsziel"):
        export_table(export_data, ExportRequest("measures", goal="unbekannt"), "csv")
    with pytest.raises(ExportError, match="Ansicht"):
        ExportRequest.from_query({"art": "torte"})


# --- formula injection ------------------------------------------------------------------------


def test_inert_neutralises_every_formula_start():
    for payload in PAYLOADS:
        assert inert(payload) == "'" + payload
    assert inert("  =1") == "'  =1"
    assert inert("Wanne-Süd") == "Wanne-Süd"
    assert inert("–") == "–" and inert("•") == "•"


@pytest.fixture(scope="module")
def hostile_data(export_db, tmp_path_factory):
    """A copy of the sample database whose unit, measure and department names are formula
    payloads (written straight into the tables: no importer normalises them away)."""
    from etl.models import Department, Goal, GoalPeriod, Measure, SpatialUnit
    from indicators.build import build
    from publish.read import ReadModel as DashboardData

    path = tmp_path_factory.mktemp("feindlich") / "feindlich.sqlite"
    shutil.copy(export_db, path)
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    with engine.begin() as conn:
        numbers = ["11", "12", "13", "21", "22", "23"]
        for number, payload in zip(numbers, PAYLOADS, strict=True):
            conn.execute(
                update(SpatialUnit)
                .where(SpatialUnit.level == "ortsteil", SpatialUnit.number == number)
                .values(name=payload)
            )
        goal_id = conn.execute(
            select(Goal.id)
            .join(GoalPeriod)
            .where(GoalPeriod.label == CATALOGUE, Goal.key == "inklusive_systeme")
        ).scalar_one()
        measures = conn.execute(
            select(Measure.id).where(Measure.goal_id == goal_id).order_by(Measure.position)
        ).scalars()
        measure_ids = list(measures)
        for index, payload in enumerate(PAYLOADS):
            department = conn.execute(
                insert(Department).returning(Department.id), {"name": payload}
            ).scalar_one()
            # titles differ after strip(): the catalogue merges measures by stripped title
            values = {"title": f"{payload} {index}", "department_id": department}
            if index < len(measure_ids):
                conn.execute(update(Measure).where(Measure.id == measure_ids[index]).values(values))
            else:
                conn.execute(
                    insert(Measure),
                    {
                        **values,
                        "goal_id": goal_id,
                        "position": 100 + index,
                        "department_inferred": False,
                    },
                )
    build(engine, {"measures"})
    engine.dispose()
    source = DashboardData(url, check_interval=0)
    yield source
    source.engine.dispose()


def assert_inert_workbook(content: bytes) -> set[str]:
    """No formula anywhere; every text starting like a formula carries the apostrophe.
    Returns the texts of all cells."""
    book = workbook(content)
    texts = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                    assert not cell.value.lstrip(" \n").startswith(FORMULA_START), cell.value
    return texts


def assert_inert_csv(content: bytes) -> set[str]:
    fields = {field for row in csv_rows(content) for field in row}
    for field in fields:
        if field.lstrip(" \n").startswith(FORMULA_START):
            assert GERMAN_NUMBER.match(field), repr(field)  # only numbers may start with "-"
    return fields


@pytest.mark.parametrize(
    ("request_", "where"),
    [
        (ExportRequest("ranking", indicator="uwe.wellbeing_low", level="ortsteil"), "Einheit"),
        (ExportRequest("series", indicator="kompik.coverage", level="ortsteil"), "Einheit"),
        (ExportRequest("profile", level="ortsteil", unit="11"), "Metadaten"),
        (
            ExportRequest("measures", goal="inklusive_systeme", period=CATALOGUE),
            "Maßnahme und Arbeitsbereich",
        ),
        (
            ExportRequest("departments", goal="inklusive_systeme", period=CATALOGUE),
            "Arbeitsbereich",
        ),
    ],
    ids=["einheiten", "zeitreihe", "profil", "massnahmen", "arbeitsbereiche"],
)
def test_formula_payloads_never_become_formulas(hostile_data, request_, where):
    content, _, _ = export_table(hostile_data, request_, "xlsx")
    texts = assert_inert_workbook(content)
    fields = assert_inert_csv(export_table(hostile_data, request_, "csv")[0])
    if request_.kind == "profile":  # the unit's name is on the metadata sheet only
        assert "'" + PAYLOADS[0] in texts
        return
    for index, payload in enumerate(PAYLOADS):
        assert "'" + payload in texts or "'" + f"{payload} {index}" in texts, (where, payload)
        assert "'" + payload in fields or "'" + f"{payload} {index}" in fields, (where, payload)
    if request_.kind == "measures":
        for index, payload in enumerate(PAYLOADS):
            assert "'" + f"{payload} {index}" in texts and "'" + payload in texts
