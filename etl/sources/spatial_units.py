"""Raumgliederung: Stadtbezirke, Ortsteile and statistical districts, one row per district."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, true

from etl.columns import Column, Sheet
from etl.delivery import Delivery, References
from etl.models import Kita, KompikObservation, Population, School, SpatialUnit, UweResponse
from etl.problems import Findings
from etl.table import Table

SOURCE = "spatial-units"
TITLE = "Raumgliederung"
# What `status` lists as the years (or school years) of the loaded records.
YEAR = None  # one list, no years
# The record tables this source writes, the main one first.
TABLES = (SpatialUnit,)
GENERATOR = "etl.synthetic.geography"  # its synthetic deliveries (`samples`)

COLUMNS = (
    Column("Stadtbezirk-Nr", "stadtbezirk_number"),
    Column("Stadtbezirk", "stadtbezirk_name"),
    Column("Ortsteil-Nr", "ortsteil_number"),
    Column("Ortsteil", "ortsteil_name"),
    Column("Bezirk-Nr", "bezirk_number"),
    Column("Statistischer Bezirk", "bezirk_name"),
)
SHEETS = (Sheet("main", COLUMNS),)
RULES: dict = {}
UNIQUE: dict = {}

LEVELS = (("stadtbezirk", None), ("ortsteil", "stadtbezirk"), ("bezirk", "ortsteil"))
# Record tables that refer to statistical districts: a unit they use must not disappear.
REFERRING = (Population, Kita, School, KompikObservation, UweResponse)


def check(tables: dict[str, Table], refs: References, findings: Findings) -> None:
    table = tables["main"]
    data = table.data
    for level, parent in LEVELS:
        # A number must always carry the same name (and the same parent unit).
        fields = [f"{level}_name"] + ([f"{parent}_number"] if parent else [])
        for field in fields:
            counts = data.groupby(f"{level}_number")[field].nunique()
            for number in counts[counts > 1].index:
                rows = data.index[data[f"{level}_number"] == number]
                findings.error(
                    table.problem(
                        int(rows[-1]),
                        field,
                        f"Nummer {number} steht in mehreren Zeilen mit unterschiedlichen Angaben",
                        data.at[rows[-1], field],
                    )
                )
    duplicated = data["bezirk_number"].duplicated(keep="first")
    for row in data.index[duplicated]:
        findings.error(
            table.problem(
                int(row),
                "bezirk_number",
                "Bezirk-Nr kommt mehrfach vor",
                data.at[row, "bezirk_number"],
            )
        )
    listed = set(data["bezirk_number"])
    for model in REFERRING:
        used = refs.conn.execute(select(model.district_number).distinct()).scalars()
        for number in sorted({n for n in used if n is not None} - listed):
            findings.error(
                table.problem(
                    None,
                    "bezirk_number",
                    f"Bezirk {number} fehlt in der neuen Liste, wird aber von "
                    f"geladenen Daten ({model.__tablename__}) verwendet",
                )
            )


def delivery(tables: dict[str, Table]) -> Delivery:
    units = len(tables["main"].data)
    return Delivery(f"Raumgliederung mit {units} statistischen Bezirken", [(SpatialUnit, true())])


def load(conn: Connection, tables: dict[str, Table], load_id: int) -> int:
    data = tables["main"].data
    ids: dict[tuple[str, str], int] = {}
    for level, parent in LEVELS:
        units = data.drop_duplicates(f"{level}_number")
        for unit in units.itertuples():
            parent_id = ids[(parent, getattr(unit, f"{parent}_number"))] if parent else None
            ids[(level, getattr(unit, f"{level}_number"))] = conn.execute(
                insert(SpatialUnit).returning(SpatialUnit.id),
                {
                    "level": level,
                    "number": getattr(unit, f"{level}_number"),
                    "name": getattr(unit, f"{level}_name"),
                    "parent_id": parent_id,
                    "load_id": load_id,
                },
            ).scalar_one()
    return len(data)
