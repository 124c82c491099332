"""Where built values live: the ``indicator_values`` table (read by the dashboard and exports)
and a build log that tells whether the values are older than the data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from etl.models import Base


class IndicatorValue(Base):
    """One published cell. A suppressed cell keeps only its reason: no number is stored."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        Index("ix_indicator_values_lookup", "indicator", "level", "year"),
        # One cell per key: two builds at once cannot store a value twice (indicators.build
        # also replaces the values under the write lock).
        Index(
            "uq_indicator_values_key",
            "indicator",
            "level",
            "unit",
            "period",
            "breakdown",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(80))
    level: Mapped[str] = mapped_column(String(20))  # stadt, stadtbezirk, ortsteil, bezirk
    unit: Mapped[str] = mapped_column(String(20))  # unit number ("0" for the city)
    period: Mapped[str] = mapped_column(String(20))  # "2019", "2019/20", "2013-2017"
    year: Mapped[int] = mapped_column(Integer)  # first calendar year of the period, for sorting
    breakdown: Mapped[str] = mapped_column(String(300), default="")  # "" or "sex=w", ...
    value: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str | None] = mapped_column(String(40))  # e.g. a date "31.07.2021"
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    n: Mapped[int | None] = mapped_column(Integer)
    suppressed: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)


class IndicatorBuild(Base):
    """One build: which indicators, from which loads (the highest load id it saw)."""

    __tablename__ = "indicator_builds"

    id: Mapped[int] = mapped_column(primary_key=True)
    built_at: Mapped[dt.datetime] = mapped_column(DateTime)
    indicators: Mapped[int] = mapped_column(Integer)
    cells: Mapped[int] = mapped_column(Integer)
    last_load_id: Mapped[int] = mapped_column(Integer)
    sources: Mapped[str] = mapped_column(Text)  # the sources whose indicators were rebuilt
