"""Herne's spatial hierarchy as tables: statistical district > Ortsteil > Stadtbezirk > city."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from etl.models import SpatialUnit
from etl.vocabulary import BEZIRK, CITY

CITY_KEY = f"{CITY.key}:0"
CITY_NAME = "Herne"


def unit_key(level: str, number: str) -> str:
    return f"{level}:{number}"


def districts(conn: Connection) -> pd.DataFrame:
    """One row per statistical district with the numbers of its Ortsteil and Stadtbezirk."""
    ortsteil = aliased(SpatialUnit)
    stadtbezirk = aliased(SpatialUnit)
    rows = conn.execute(
        select(
            SpatialUnit.number.label("district"),
            ortsteil.number.label("ortsteil"),
            stadtbezirk.number.label("stadtbezirk"),
        )
        .join(ortsteil, SpatialUnit.parent_id == ortsteil.id)
        .join(stadtbezirk, ortsteil.parent_id == stadtbezirk.id)
        .where(SpatialUnit.level == BEZIRK.key)
    ).all()
    return pd.DataFrame(rows, columns=["district", "ortsteil", "stadtbezirk"])


def units(conn: Connection) -> pd.DataFrame:
    """All units with key, level, number, name and parent key (the city included)."""
    parent = aliased(SpatialUnit)
    rows = conn.execute(
        select(
            SpatialUnit.level,
            SpatialUnit.number,
            SpatialUnit.name,
            parent.level.label("parent_level"),
            parent.number.label("parent_number"),
        ).outerjoin(parent, SpatialUnit.parent_id == parent.id)
    ).all()
    frame = pd.DataFrame(rows, columns=["level", "number", "name", "parent_level", "parent_number"])
    frame["key"] = frame["level"] + ":" + frame["number"]
    frame["parent"] = (frame["parent_level"] + ":" + frame["parent_number"]).where(
        frame["parent_level"].notna(), CITY_KEY
    )
    city = pd.DataFrame(
        [{"level": CITY.key, "number": "0", "name": CITY_NAME, "key": CITY_KEY, "parent": None}]
    )
    return pd.concat([city, frame[["level", "number", "name", "key", "parent"]]], ignore_index=True)
