"""Elternbefragung of the Familienzentren: one row per returned questionnaire, plus the sheet
"Rücklauf" with the questionnaires handed out (for the response rate).

A delivery covers one survey year and the Familienzentren in the file.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, or_

from etl.columns import Column, Sheet
from etl.contract import Unique
from etl.delivery import Delivery, References, insert_records, unknown_keys
from etl.models import ParentSurveyDistribution, ParentSurveyResponse
from etl.problems import Findings, Problem, count_of
from etl.table import Table

SOURCE = "parent-survey"
TITLE = "Elternbefragung Familienzentren"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = ParentSurveyResponse.year
# The record tables this source writes, the main one first.
TABLES = (ParentSurveyResponse, ParentSurveyDistribution)
GENERATOR = "etl.synthetic.parent_survey"  # its synthetic deliveries (`samples`)


def _grade(header: str, name: str) -> Column:
    return Column(header, name, "int", nullable=True, min=1, max=6)


def _yesno(header: str, name: str) -> Column:
    return Column(header, name, "yesno", nullable=True)


COLUMNS = (
    Column("Erhebungsjahr", "year", "int", min=2014, max=2100),
    Column("FZ-Nr", "centre_number"),
    Column("Familienzentrum", "centre_name"),
    _grade("Gesamtnote", "overall_grade"),
    _yesno("Weiterempfehlung", "would_recommend"),
    _grade("Note Öffnungszeiten", "grade_opening_hours"),
    _grade("Note Eingewöhnung", "grade_settling_in"),
    _grade("Note Mittagessen", "grade_lunch"),
    _grade("Note Information", "grade_information"),
    _yesno("Interesse Elterncafé", "interest_parent_cafe"),
    _yesno("Interesse Erziehungsberatung", "interest_counselling"),
    _yesno("Interesse Familienbildung", "interest_family_education"),
    Column("Familiensprache", "family_language", nullable=True),
)
RETURN_COLUMNS = (
    Column("FZ-Nr", "centre_number"),
    Column("Erhebungsjahr", "year", "int", min=2014, max=2100),
    Column("Ausgegeben", "distributed", "int", min=1),
)
SHEETS = (
    Sheet("main", COLUMNS),
    Sheet("returns", RETURN_COLUMNS, name="Rücklauf", required=False),
)
RULES: dict = {}
UNIQUE = {
    "returns": (Unique(("year", "centre_number"), "Familienzentrum und Jahr kommen mehrfach vor"),)
}
UNKNOWN_CENTRE = (
    "unbekanntes Familienzentrum (im Kita-Verzeichnis nicht als Familienzentrum geführt)"
)


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    main = tables["main"]
    unknown_keys(main, "centre_number", refs.family_centres, UNKNOWN_CENTRE, findings)
    returns = tables.get("returns")
    if returns is None:
        findings.warn(
            Problem(
                main.file,
                "Blatt „Rücklauf“ fehlt: die Rücklaufquote kann für "
                "diese Lieferung nicht berechnet werden",
                main.sheet,
            )
        )
        return
    unknown_keys(returns, "centre_number", refs.family_centres, UNKNOWN_CENTRE, findings)
    counts = main.data.groupby(["year", "centre_number"]).size()
    listed = returns.data.set_index(["year", "centre_number"])["distributed"]
    for (year, centre), returned in counts.items():
        if (year, centre) in listed.index and returned > listed[(year, centre)]:
            findings.error(
                Problem(
                    returns.file,
                    f"mehr Fragebögen zurück ({returned}) als "
                    f"ausgegeben ({listed[(year, centre)]})",
                    returns.sheet,
                    None,
                    "Ausgegeben",
                    centre,
                )
            )


def _centres_by_year(tables: dict[str, Table]) -> dict[int, list[str]]:
    data = tables["main"].data
    return {
        int(year): sorted(set(group)) for year, group in data["centre_number"].groupby(data["year"])
    }


def delivery(tables: dict[str, Table]) -> Delivery:
    by_year = _centres_by_year(tables)
    scope = []
    for model in (ParentSurveyResponse, ParentSurveyDistribution):
        conditions = [
            and_(model.year == year, model.centre_number.in_(centres))
            for year, centres in by_year.items()
        ]
        scope.append((model, or_(*conditions)))
    label = "; ".join(
        f"Elternbefragung {year}, {count_of(len(centres), 'Familienzentrum', 'Familienzentren')}"
        for year, centres in by_year.items()
    )
    return Delivery(label, scope)


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    rows = insert_records(
        conn, ParentSurveyResponse, tables["main"].data, [c.name for c in COLUMNS], load_id
    )
    if "returns" in tables:
        insert_records(
            conn,
            ParentSurveyDistribution,
            tables["returns"].data,
            [c.name for c in RETURN_COLUMNS],
            load_id,
        )
    return rows
