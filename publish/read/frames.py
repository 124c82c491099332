"""Query and frame helpers of the read model (no state)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, create_engine, make_url, select

from indicators.indicator import Indicator
from indicators.store import IndicatorValue
from publish.read.results import VALUE_COLUMNS

CELL = ["period", "value", "value_text", "suppressed"]


def profile_row(indicator: Indicator, year: int, cell: dict, town: dict) -> dict:
    value = cell.get("value") if cell and not cell.get("suppressed") else None
    city = town.get("value") if town and not town.get("suppressed") else None
    diff = value - city if value is not None and city is not None else None
    if not indicator.ratio:  # a sum (posts, counts) of a unit cannot be held against the city's
        diff = None
    better = None
    if diff is not None and indicator.direction != "neutral":
        better = diff if indicator.direction == "higher" else -diff
    return {
        "indicator": indicator.id,
        "title": indicator.title,
        "family": indicator.id.split(".", 1)[0],
        "unit": indicator.unit,
        "direction": indicator.direction,
        "period": cell.get("period") or town.get("period"),
        "year": year,
        "value": value,
        "value_text": cell.get("value_text"),
        "suppressed": bool(cell.get("suppressed", False)),
        "city": city,
        "city_suppressed": bool(town.get("suppressed", False)),
        "diff": diff,
        "better": better,
    }


def engine_for(url: str) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        return create_engine(url)
    return create_engine(url, pool_pre_ping=True)


def value_select():
    iv = IndicatorValue
    return select(
        iv.unit,
        iv.period,
        iv.year,
        iv.value,
        iv.value_text,
        iv.numerator,
        iv.denominator,
        iv.n,
        iv.suppressed,
    )


def frame_of(rows: list) -> pd.DataFrame:
    frame = pd.DataFrame(
        [tuple(r) for r in rows], columns=[c for c in VALUE_COLUMNS if c != "name"]
    )
    for column in ("value", "numerator", "denominator"):
        frame[column] = frame[column].astype(float)
    frame["suppressed"] = frame["suppressed"].astype(bool)
    frame["number"] = frame["number"].astype(str)
    frame["name"] = None
    return frame


def to_int(raw: Any) -> int | None:
    try:
        return int(str(raw)[:4])
    except (TypeError, ValueError):
        return None


def number_sort_key(number: str) -> tuple:
    return (len(number), number) if number.isdigit() else (99, number)


def sort_key_column(column: pd.Series) -> pd.Series:
    if column.name == "number":
        return column.map(lambda n: "0" if n == "0" else f"{len(n):02d}{n}")
    return column
