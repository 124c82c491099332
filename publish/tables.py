"""Table contents as text: DataFrames of German-formatted strings, ready to render: a view's
table (the cells of its downloads, ``publish.views.table``) through :func:`screen_frame`, and
the tables of the Datenstand page.

Pure functions (frames in, frames of strings out). A suppressed value is "•" with the public note in
the "Hinweis" column, a missing one "–"; numbers use decimal comma and thousands dot.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from indicators.geography import CITY_KEY
from indicators.registry import BY_ID
from publish import formatting as fmt
from publish.views.table import Table

NUMERIC = {
    "Wert",
    "Zähler",
    "Nenner",
    "n",
    "Herne",
    "Differenz",
    "Zeilen",
    "Dateien",
    "Hinweise",
    "Veränderung",
    "Zeile",
}

UNIT_NUMBER = "Nr."
CITY_NUMBER = CITY_KEY.split(":")[1]  # "0" in the downloads' number column


def screen_frame(
    table: Table,
    leave_out: tuple[str, ...] = ("Nr.",),
    rename: dict[str, str] | None = None,
    at_most: dict[str, int] | None = None,
) -> pd.DataFrame:
    """A table of a view (``publish.views.table``, the cells of its downloads) as German text
    for the screen: numbers with decimal comma, their unit ("53,2 %") and a sign where the
    column is a difference; "•" and "–" stay as they are. ``leave_out``: columns not shown (the
    unit's number by default: the name is the row's header); ``rename``: shorter headers where
    the cells say the unit ("Veränderung" for "Veränderung (Prozentpunkte)": "+1,2 Pp.");
    ``at_most``: fewer decimals on screen than in the download (a numerator "711,8")."""
    columns = [c for c in table.columns if c not in leave_out]
    rows = []
    for index, row in enumerate(table.rows):
        cells = dict(zip(table.columns, row, strict=True))
        own = table.row_formats[index] if table.row_formats else {}
        rows.append(
            [_screen_cell(table, column, cells[column], own, at_most or {}) for column in columns]
        )
    return pd.DataFrame(rows, columns=columns).rename(columns=rename or {})


def _screen_cell(
    table: Table, column: str, value: Any, own: dict[str, tuple[int, str]], at_most: dict[str, int]
) -> str:
    """One cell as text; ``own``: the row's own (decimals, suffix) of a column, if it has one."""
    if value is None:
        return fmt.MISSING
    if column == UNIT_NUMBER and value == CITY_NUMBER:  # the city has no number people know
        return ""
    if isinstance(value, dt.date):
        return fmt.date(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        decimals = table.decimals.get(column, 0 if float(value).is_integer() else 2)
        decimals = min(decimals, at_most.get(column, decimals))
        decimals, suffix = own.get(column, (decimals, table.suffixes.get(column, "")))
        return fmt.number(value, decimals, signed=column in table.signed) + suffix
    return str(value)


def sources_table(status: dict) -> pd.DataFrame:
    rows = []
    for source, info in status["sources"].items():
        rows.append(
            {
                "Quelle": info["title"],
                "Kennung": source,
                "Dateien": fmt.integer(len(info["files"])),
                "Zeilen": fmt.integer(info["rows"]),
                "Jahre": fmt.years(info["years"]),
                "Hinweise": fmt.integer(sum(f["warnings"] for f in info["files"])),
                "Letzter Import": fmt.timestamp(info["last_load"]),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["Quelle", "Kennung", "Dateien", "Zeilen", "Jahre", "Hinweise", "Letzter Import"],
    )


def files_table(status: dict) -> pd.DataFrame:
    rows = []
    for info in status["sources"].values():
        for entry in info["files"]:
            rows.append(
                {
                    "Quelle": info["title"],
                    "Datei": entry["file"],
                    "Lieferung": entry["delivery"],
                    "Zeilen": fmt.integer(entry["rows"]),
                    "Hinweise": fmt.integer(entry["warnings"]),
                    "Importiert": fmt.timestamp(entry["loaded_at"]),
                    "von": entry["loaded_by"],
                }
            )
    return pd.DataFrame(
        rows, columns=["Quelle", "Datei", "Lieferung", "Zeilen", "Hinweise", "Importiert", "von"]
    )


def warnings_table(frame: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """Import warnings counted per file, sheet, column and rule (no single record)."""
    columns = ["Quelle", "Datei", "Importiert", "Blatt", "Spalte", "Hinweis", "Anzahl"]
    rows = [
        {
            "Quelle": titles.get(row["source"], row["source"]),
            "Datei": row["file"],
            "Importiert": fmt.date(row["loaded_at"]),
            "Blatt": row["sheet"] or "",
            "Spalte": row["column"] or "",
            "Hinweis": row["rule"],
            "Anzahl": fmt.integer(row["count"]),
        }
        for row in frame.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=columns)


def coverage_table(coverage: pd.DataFrame) -> pd.DataFrame:
    """City values of the coverage indicators: one row per indicator, one column per period."""
    if coverage.empty:
        return pd.DataFrame(columns=["Indikator"])
    periods = coverage[["year", "period"]].drop_duplicates().sort_values(["year", "period"])
    labels = list(dict.fromkeys(periods["period"]))
    rows = []
    for indicator_id, group in coverage.groupby("indicator", sort=False):
        indicator = BY_ID[indicator_id]
        row = {"Indikator": indicator.title}
        for record in group.to_dict("records"):
            row[record["period"]] = fmt.cell(indicator, record)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["Indikator", *labels])
    return frame.fillna(fmt.MISSING)


def goals_table(goals: list[dict]) -> pd.DataFrame:
    """The goal catalogue's counts (etl.status: one dict per goal)."""
    rows = [
        {
            "Nr.": str(goal["number"]),
            "Handlungsziel": goal["title"],
            "Maßnahmen": fmt.integer(goal["measures"]),
            "Arbeitsbereiche": fmt.integer(len(goal["measures_by_department"])),
            "Herausforderungen": fmt.integer(goal["challenges"]),
            "Rückmeldungen beibehalten": fmt.integer(goal["feedback"]["keep"]),
            "Rückmeldungen anpassen": fmt.integer(goal["feedback"]["adapt"]),
        }
        for goal in goals
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "Nr.",
            "Handlungsziel",
            "Maßnahmen",
            "Arbeitsbereiche",
            "Herausforderungen",
            "Rückmeldungen beibehalten",
            "Rückmeldungen anpassen",
        ],
    )
