"""The tiny hand-made database of the dashboard tests (importable by conftest and tests)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert

from etl.catalogue import ensure_catalogue
from etl.models import Base, Load, LoadWarning, SpatialUnit
from indicators.store import IndicatorBuild, IndicatorValue

SUPPRESSED_REASON = "weniger als 10 Befragte/Beobachtete"

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = "/usr/bin/chromium"
SAMPLE_SCALE = 0.3


def require(condition: bool, why: str) -> None:
    """Skip on a developer machine, fail in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{why} (in CI Pflicht)")
    pytest.skip(why)


# --- the tiny database ------------------------------------------------------------------------

UNITS = [
    # level, number, name, parent (level, number)
    ("stadtbezirk", "1", "Wanne", None),
    ("stadtbezirk", "2", "Eickel", None),
    ("ortsteil", "11", "Wanne", ("stadtbezirk", "1")),
    ("ortsteil", "12", "Unser Fritz/Crange", ("stadtbezirk", "1")),
    ("ortsteil", "21", "Eickel", ("stadtbezirk", "2")),
    ("bezirk", "111", "Wanne-Mitte", ("ortsteil", "11")),
    ("bezirk", "112", "Wanne-Nord", ("ortsteil", "11")),
    ("bezirk", "121", "Crange", ("ortsteil", "12")),
    ("bezirk", "211", "Eickel-Kern", ("ortsteil", "21")),
]


def cell(
    indicator,
    level,
    unit,
    year,
    value=None,
    *,
    period=None,
    breakdown="",
    suppressed=False,
    numerator=None,
    denominator=None,
    n=None,
    value_text=None,
    reason=None,
) -> dict:
    if suppressed:
        value = numerator = denominator = n = None
        reason = reason or SUPPRESSED_REASON
    return {
        "indicator": indicator,
        "level": level,
        "unit": unit,
        "period": period or str(year),
        "year": year,
        "breakdown": breakdown,
        "value": value,
        "value_text": value_text,
        "numerator": numerator if numerator is not None or value is None else value,
        "denominator": denominator if denominator is not None or value is None else 100.0,
        "n": n if n is not None or value is None else 100,
        "suppressed": suppressed,
        "reason": reason,
    }


def tiny_cells() -> list[dict]:
    low, adults = "uwe.wellbeing_low", "uwe.asset_adults"
    rows = [
        # Wohlbefinden niedrig (lower is better), two years, one suppressed Ortsteil
        cell(low, "stadt", "0", 2017, 50.0),
        cell(low, "stadt", "0", 2019, 45.0),
        cell(low, "stadt", "0", 2019, 47.5, breakdown="sex=w"),
        cell(low, "stadtbezirk", "1", 2019, 44.0),
        cell(low, "stadtbezirk", "2", 2019, 46.0),
        cell(low, "ortsteil", "11", 2017, 52.0),
        cell(low, "ortsteil", "11", 2019, 40.0),
        cell(low, "ortsteil", "11", 2019, 41.25, breakdown="sex=w"),
        cell(low, "ortsteil", "12", 2017, 61.0),
        cell(low, "ortsteil", "12", 2019, suppressed=True),
        cell(low, "ortsteil", "12", 2019, suppressed=True, breakdown="sex=w"),
        cell(low, "ortsteil", "21", 2017, 43.0),
        cell(low, "ortsteil", "21", 2019, 55.5),
        cell(low, "ortsteil", "21", 2019, 53.0, breakdown="sex=w"),
        cell(low, "bezirk", "111", 2019, 39.0),
        cell(low, "bezirk", "112", 2019, 41.0),
        cell(low, "bezirk", "121", 2019, suppressed=True),
        cell(low, "bezirk", "211", 2019, 55.5),
        # Unterstützende Erwachsene (higher is better)
        cell(adults, "stadt", "0", 2019, 26.0),
        cell(adults, "ortsteil", "11", 2019, 30.0),
        cell(adults, "ortsteil", "12", 2019, 1234.5),  # a large number: thousands dot
        cell(adults, "ortsteil", "21", 2019, 20.0),
        cell(adults, "ortsteil", "11", 2017, 25.0),
        cell(adults, "ortsteil", "21", 2017, 22.0),
        cell(adults, "stadt", "0", 2017, 24.0),
        # a sum (no ratio) and a date
        cell("ssw.fte", "stadt", "0", 2019, 32.4, period="2019/20"),
        cell("ssw.fte", "ortsteil", "11", 2019, 3.5, period="2019/20"),
        cell("ssw.fte", "ortsteil", "21", 2019, 0.0, period="2019/20"),
        cell(
            "ssw.next_end_date", "ortsteil", "11", 2019, period="2019/20", value_text="31.07.2021"
        ),
        # the goal catalogue in numbers
        cell(
            "goals.measures",
            "stadt",
            "0",
            2013,
            4.0,
            period="2013-2017",
            breakdown="goal=bildungsmonitoring",
        ),
        cell(
            "goals.measures",
            "stadt",
            "0",
            2013,
            4.0,
            period="2013-2017",
            breakdown="goal=bildungsmonitoring;department=Bildungsmonitoring",
        ),
    ]
    return rows


def make_tiny_database(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        ensure_catalogue(conn)  # as every writing command does; the read model never writes
        ids: dict[tuple[str, str], int] = {}
        for level, number, name, parent in UNITS:
            ids[(level, number)] = conn.execute(
                insert(SpatialUnit).returning(SpatialUnit.id),
                {
                    "level": level,
                    "number": number,
                    "name": name,
                    "parent_id": ids[parent] if parent else None,
                },
            ).scalar_one()
        load_id = conn.execute(
            insert(Load).returning(Load.id),
            {
                "source": "uwe",
                "file_name": "synthetisch_uwe_2019.xlsx",
                "sha256": "0" * 64,
                "delivery": "UWE 2019",
                "rows": 3,
                "loaded_at": dt.datetime(2020, 3, 5, 14, 30),
                "loaded_by": "test",
            },
        ).scalar_one()
        conn.execute(
            insert(LoadWarning),
            [
                {
                    "load_id": load_id,
                    "sheet": "UWE",
                    "row": 7,
                    "column": "Bemerkung",
                    "message": "uwe.xlsx, Blatt „UWE“, Zeile 7, Spalte „Bemerkung“: Wert „03.2009“ "
                    "– unbekannte Spalte wird ignoriert",
                    "rule": "unbekannte Spalte wird ignoriert",
                },
                {
                    "load_id": load_id,
                    "sheet": "UWE",
                    "row": 1200,
                    "column": None,
                    "message": "uwe.xlsx, Blatt „UWE“, Zeile 1200: Summenzeile erkannt und "
                    "übersprungen",
                    "rule": "Summenzeile erkannt und übersprungen",
                },
            ],
        )
        conn.execute(insert(IndicatorValue), tiny_cells())
        conn.execute(
            insert(IndicatorBuild),
            {
                "built_at": dt.datetime(2020, 3, 5, 15, 0),
                "indicators": 5,
                "cells": 30,
                "last_load_id": load_id,
                "sources": "alle",
            },
        )
    engine.dispose()
    return url
