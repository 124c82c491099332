"""The goal catalogue and the data status as the read model answers them: goal periods,
goals, the loads, builds and warnings, which departments answered the Maßnahmen-Abfrage, and
which indicators have values at all (the goal catalogue shows only linked indicators with
values)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, inspect, literal, select

from etl import catalogue as etl_catalogue
from etl.models import GoalPeriod, Load, LoadWarning
from etl.status import status as etl_status
from indicators.build import stale_sources
from indicators.store import IndicatorBuild, IndicatorValue
from publish import formatting as fmt
from publish.read import catalogue
from publish.read.reader import Reader
from publish.read.results import GoalDetail, GoalSummary

SURVEY_COLUMNS = ["Arbeitsbereich", "Letzte Rückmeldung", "Maßnahmen"]


@dataclass(frozen=True)
class SurveyRound:
    """The Maßnahmen-Abfrage of one goal period: who answered (a table of German text, one row
    per department: name, time of its latest return, measures delivered) and who has not."""

    period: str
    answered: pd.DataFrame
    outstanding: tuple[str, ...]

    @property
    def caption(self) -> str:
        count = fmt.plural(len(self.answered), "Arbeitsbereich", "Arbeitsbereichen")
        return f"Maßnahmen-Abfrage {self.period}: beantwortet von {count}"

    @property
    def outstanding_text(self) -> str:
        return "Ausstehend: " + (", ".join(self.outstanding) if self.outstanding else "keine")


def survey_round(period: str, survey: dict) -> SurveyRound:
    """A period's ``survey`` entry of etl.status as the page shows it."""
    rows = [
        {
            "Arbeitsbereich": item["department"],
            "Letzte Rückmeldung": fmt.timestamp(item["latest"]),
            "Maßnahmen": fmt.integer(item["measures"]),
        }
        for item in survey["answered"]
    ]
    return SurveyRound(
        period, pd.DataFrame(rows, columns=SURVEY_COLUMNS), tuple(survey["outstanding"])
    )


class StatusReader(Reader):
    """Goal catalogue, data status and availability; :class:`publish.read.model.ReadModel`
    adds the values."""

    # availability ----------------------------------------------------------------------------

    def available(self) -> pd.DataFrame:
        """Which (indicator, level, year, period, breakdown) exist in indicator_values."""

        def load() -> pd.DataFrame:
            iv = IndicatorValue
            query = select(iv.indicator, iv.level, iv.year, iv.period, iv.breakdown).distinct()
            with self._connect() as conn:
                rows = conn.execute(query).all()
            return pd.DataFrame(rows, columns=["indicator", "level", "year", "period", "breakdown"])

        return self._cached(("available",), load)

    # goals -----------------------------------------------------------------------------------

    def periods(self) -> list[str]:
        def load() -> list[str]:
            with self._connect() as conn:
                return list(
                    conn.execute(select(GoalPeriod.label).order_by(GoalPeriod.label)).scalars()
                )

        return self._cached(("periods",), load)

    def latest_period(self) -> str | None:
        """The default goal period: the latest in the database (None: no catalogue loaded)."""
        periods = self.periods()
        return periods[-1] if periods else None

    def period_source(self, period: str) -> str | None:
        """Where the catalogue of a goal period comes from, as stored with it."""

        def load() -> str | None:
            with self._connect() as conn:
                return conn.execute(
                    select(GoalPeriod.source).where(GoalPeriod.label == period)
                ).scalar_one_or_none()

        return self._cached(("period_source", period), load)

    def period_citation(self, period: str) -> str | None:
        """How exports cite the catalogue of a goal period, as stored with it (None: none)."""

        def load() -> str | None:
            with self._connect() as conn:
                return etl_catalogue.period_citation(conn, period)

        return self._cached(("period_citation", period), load)

    def goals(self, period: str) -> list[GoalSummary]:
        return self._cached(("goals", period), lambda: self._goals(period))

    def _goals(self, period: str) -> list[GoalSummary]:
        present = set(self.available()["indicator"])
        with self._connect() as conn:
            return catalogue.read_goals(conn, period, present)

    def goal(self, period: str, key: str) -> GoalDetail | None:
        return self._cached(("goal", period, key), lambda: self._goal(period, key))

    def _goal(self, period: str, key: str) -> GoalDetail | None:
        present = set(self.available()["indicator"])
        with self._connect() as conn:
            return catalogue.read_goal(conn, period, key, present)

    # data status -----------------------------------------------------------------------------

    def status(self) -> dict:
        """etl.status.status: loads per source and the goal catalogue's counts."""

        def load() -> dict:
            with self._connect() as conn:
                return etl_status(conn)

        return self._cached(("status",), load)

    def survey_rounds(self) -> list[SurveyRound]:
        """Per goal period (oldest first): which departments answered the Maßnahmen-Abfrage."""
        return [
            survey_round(period, info["survey"])
            for period, info in self.status()["periods"].items()
        ]

    def stale(self) -> set[str]:
        def load() -> set[str]:
            with self._connect() as conn:
                return stale_sources(conn)

        return self._cached(("stale",), load)

    def last_build(self) -> dict | None:
        def load() -> dict | None:
            with self._connect() as conn:
                row = conn.execute(
                    select(
                        IndicatorBuild.built_at,
                        IndicatorBuild.indicators,
                        IndicatorBuild.cells,
                        IndicatorBuild.sources,
                    )
                    .order_by(IndicatorBuild.id.desc())
                    .limit(1)
                ).one_or_none()
            if row is None:
                return None
            return {
                "built_at": row.built_at,
                "indicators": row.indicators,
                "cells": row.cells,
                "sources": row.sources,
            }

        return self._cached(("last_build",), load)

    def warnings(self, source: str | None = None) -> pd.DataFrame:
        """Import warnings of the current loads (superseded loads left out), newest load first,
        counted per file, sheet, column and rule: a page never shows a single record's row or
        value (the command line and the load log keep them)."""

        def load() -> pd.DataFrame:
            with self._connect() as conn:
                names = {c["name"] for c in inspect(conn).get_columns(LoadWarning.__tablename__)}
                # A database from before the rule was stored: its messages name records.
                unnamed = literal("Hinweis beim Import")
                rule = func.coalesce(LoadWarning.rule, unnamed) if "rule" in names else unnamed
                query = (
                    select(
                        Load.source,
                        Load.file_name,
                        Load.loaded_at,
                        LoadWarning.sheet,
                        LoadWarning.column,
                        rule.label("rule"),
                        func.count().label("count"),
                    )
                    .join(Load, LoadWarning.load_id == Load.id)
                    .where(Load.superseded_by.is_(None))
                    .group_by(
                        Load.id,
                        Load.source,
                        Load.file_name,
                        Load.loaded_at,
                        LoadWarning.sheet,
                        LoadWarning.column,
                        rule,
                    )
                    .order_by(Load.id.desc(), rule, LoadWarning.sheet, LoadWarning.column)
                )
                rows = conn.execute(query).all()
            return pd.DataFrame(
                rows,
                columns=["source", "file", "loaded_at", "sheet", "column", "rule", "count"],
            )

        frame = self._cached(("warnings",), load)
        if source:
            frame = frame[frame["source"] == source]
        return frame.reset_index(drop=True)

    def is_synthetic(self) -> bool:
        """True when the loaded deliveries are the synthetic samples (file names say so)."""

        def load() -> bool:
            with self._connect() as conn:
                names = conn.execute(select(Load.file_name).limit(50)).scalars().all()
            return any(name.startswith("synthetisch_") for name in names)

        return self._cached(("synthetic",), load)
