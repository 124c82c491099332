"""Table contents as text: DataFrames of German-formatted strings, ready to render (a view's
table, the cells of its downloads, through :func:`screen_frame`).

Pure functions (frames in, frames of strings out). A suppressed value is "•" with the reason in
the "Hinweis" column, a missing one "–"; numbers use decimal comma and thousands dot.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from indicators.indicator import Indicator
from indicators.registry import BY_ID
from publish import formatting as fmt
from publish.views.tables import Table

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


def _number_or_dash(value, decimals: int = 0) -> str:
    return fmt.number(value, decimals)


def _count(value) -> str:
    if fmt.is_missing(value):
        return fmt.MISSING
    return fmt.number(value, 0 if float(value).is_integer() else 1)


def value_table(
    frame: pd.DataFrame, indicator: Indicator, city: dict | None = None
) -> pd.DataFrame:
    """The explorer's table: one row per unit (and the city last).

    ``frame``: number, name, value, value_text, numerator, denominator, n, suppressed, reason."""
    records = frame.to_dict("records")
    if city:
        records.append({**city, "name": "Herne (Stadt)", "number": ""})
    rows = []
    for row in records:
        hidden = bool(row.get("suppressed"))
        rows.append(
            {
                "Nr.": row.get("number") or "",
                "Einheit": row.get("name") or "",
                "Wert": fmt.cell(indicator, row),
                "Zähler": fmt.MISSING
                if hidden or not indicator.numerator
                else _count(row.get("numerator")),
                "Nenner": fmt.MISSING
                if hidden or not indicator.ratio or not indicator.denominator
                else _count(row.get("denominator")),
                "n": fmt.MISSING if hidden else _count(row.get("n")),
                "Hinweis": fmt.suppressed_note(row.get("reason"))
                if hidden
                else ("keine Daten" if fmt.cell(indicator, row) == fmt.MISSING else ""),
            }
        )
    return pd.DataFrame(
        rows, columns=["Nr.", "Einheit", "Wert", "Zähler", "Nenner", "n", "Hinweis"]
    )


def profile_table(profile: pd.DataFrame) -> pd.DataFrame:
    """Stadtteilprofil: every indicator of the unit against the city."""
    rows = []
    for row in profile.to_dict("records"):
        indicator = BY_ID[row["indicator"]]
        if row["suppressed"]:
            verdict = fmt.suppressed_note(row["reason"])
        elif not indicator.ratio:
            verdict = "Summe, nicht vergleichbar"
        elif row["better"] is None or pd.isna(row["better"]):
            verdict = "keine Bewertung" if indicator.direction == "neutral" else fmt.MISSING
        elif row["better"] > 0:
            verdict = "günstiger"
        elif row["better"] < 0:
            verdict = "ungünstiger"
        else:
            verdict = "gleich"
        rows.append(
            {
                "Bereich": indicator.family.title if indicator.family else "",
                "Indikator": indicator.title,
                "Jahr": row["period"] or "",
                "Wert": fmt.SUPPRESSED if row["suppressed"] else fmt.value(indicator, row["value"]),
                "Herne": fmt.SUPPRESSED
                if row["city_suppressed"]
                else fmt.value(indicator, row["city"]),
                "Differenz": fmt.difference(indicator, row["diff"]),
                "Bewertung": verdict,
            }
        )
    return pd.DataFrame(
        rows, columns=["Bereich", "Indikator", "Jahr", "Wert", "Herne", "Differenz", "Bewertung"]
    )


def screen_frame(
    table: Table, leave_out: tuple[str, ...] = ("Nr.",), rename: dict[str, str] | None = None
) -> pd.DataFrame:
    """A table of a view (``publish.views.tables``, the cells of its downloads) as German text
    for the screen: numbers with decimal comma, their unit ("53,2 %") and a sign where the
    column is a difference; "•" and "–" stay as they are. ``leave_out``: columns not shown (the
    unit's number by default: the name is the row's header); ``rename``: shorter headers where
    the cells say the unit ("Veränderung" for "Veränderung (Prozentpunkte)": "+1,2 Pp.")."""
    columns = [c for c in table.columns if c not in leave_out]
    rows = []
    for row in table.rows:
        cells = dict(zip(table.columns, row, strict=True))
        rows.append([_screen_cell(table, column, cells[column]) for column in columns])
    return pd.DataFrame(rows, columns=columns).rename(columns=rename or {})


def _screen_cell(table: Table, column: str, value: Any) -> str:
    if value is None:
        return fmt.MISSING
    if isinstance(value, dt.date):
        return fmt.date(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        decimals = table.decimals.get(column, 0 if float(value).is_integer() else 2)
        text = fmt.number(value, decimals, signed=column in table.signed)
        return text + table.suffixes.get(column, "")
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
    rows = [
        {
            "Quelle": titles.get(row["source"], row["source"]),
            "Datei": row["file"],
            "Importiert": fmt.date(row["loaded_at"]),
            "Blatt": row["sheet"] or "",
            "Zeile": "" if fmt.is_missing(row["row"]) else fmt.integer(row["row"]),
            "Spalte": row["column"] or "",
            "Hinweis": row["message"],
        }
        for row in frame.to_dict("records")
    ]
    return pd.DataFrame(
        rows, columns=["Quelle", "Datei", "Importiert", "Blatt", "Zeile", "Spalte", "Hinweis"]
    )


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
