"""Reading the record tables into pandas (the only SQL the indicators need)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select

from etl.models import (
    Kita,
    KompikObservation,
    ParentSurveyDistribution,
    ParentSurveyResponse,
    Population,
    SchoolSocialWork,
    UweResponse,
)


def read(conn: Connection, statement) -> pd.DataFrame:
    result = conn.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def kompik(conn: Connection) -> pd.DataFrame:
    return read(conn, select(KompikObservation.__table__))


def uwe(conn: Connection) -> pd.DataFrame:
    return read(conn, select(UweResponse.__table__))


def parent_survey(conn: Connection) -> tuple[pd.DataFrame, pd.DataFrame]:
    return (
        read(conn, select(ParentSurveyResponse.__table__)),
        read(conn, select(ParentSurveyDistribution.__table__)),
    )


def school_social_work(conn: Connection) -> pd.DataFrame:
    return read(conn, select(SchoolSocialWork.__table__))


def kitas(conn: Connection) -> pd.DataFrame:
    return read(conn, select(Kita.__table__))


def population(conn: Connection) -> pd.DataFrame:
    """Residents per district, age and sex at the last Stichtag of each year."""
    frame = read(
        conn,
        select(
            Population.reference_date,
            Population.district_number,
            Population.age,
            Population.sex,
            func.sum(Population.count).label("count"),
        ).group_by(
            Population.reference_date, Population.district_number, Population.age, Population.sex
        ),
    )
    if frame.empty:
        return pd.DataFrame(columns=["reference_year", "district", "age", "sex", "count"])
    dates = pd.to_datetime(frame.pop("reference_date"))
    frame["reference_year"] = dates.dt.year
    frame = frame[dates == dates.groupby(frame["reference_year"]).transform("max")]
    return frame.rename(columns={"district_number": "district"})
