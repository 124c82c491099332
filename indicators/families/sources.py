"""Reading the record tables into pandas (the only SQL the indicators need)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select

from etl.models import (
    AllDaySchool,
    Kita,
    KitaListEntry,
    KompikObservation,
    ParentSurveyDistribution,
    ParentSurveyResponse,
    Population,
    School,
    SchoolLeavers,
    SchoolSocialWork,
    SocialContext,
    UweResponse,
)


def read(conn: Connection, statement) -> pd.DataFrame:
    result = conn.execute(statement)
    columns = list(result.keys())
    # Plain tuples: pandas inspects every Row object otherwise (a third of the time at scale 20).
    return pd.DataFrame.from_records([tuple(row) for row in result.all()], columns=columns)


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


def residents(conn: Connection) -> pd.DataFrame:
    """Residents of all ages per Stichtag and district: reference_date, district, count."""
    frame = read(
        conn,
        select(
            Population.reference_date,
            Population.district_number.label("district"),
            func.sum(Population.count).label("count"),
        ).group_by(Population.reference_date, Population.district_number),
    )
    if frame.empty:
        return pd.DataFrame(columns=["reference_date", "district", "count"])
    frame["reference_date"] = pd.to_datetime(frame["reference_date"]).dt.date
    return frame


def social_context(conn: Connection) -> pd.DataFrame:
    return read(conn, select(SocialContext.__table__))


def kita_lists(conn: Connection) -> pd.DataFrame:
    """Every delivered Kita-Verzeichnis, one row per Kita and list date."""
    return read(conn, select(KitaListEntry.__table__))


def school_leavers(conn: Connection) -> pd.DataFrame:
    """Leaver counts with the school's form and district (the school register)."""
    return read(
        conn,
        select(SchoolLeavers.__table__, School.school_form, School.district_number).join(
            School, School.number == SchoolLeavers.school_number
        ),
    )


def all_day(conn: Connection) -> pd.DataFrame:
    """All-day rows with the school's form and district (the school register)."""
    return read(
        conn,
        select(AllDaySchool.__table__, School.school_form, School.district_number).join(
            School, School.number == AllDaySchool.school_number
        ),
    )
