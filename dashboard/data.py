"""The read model of the app serving the current request (several apps may share a process:
each keeps its own on its Flask server). Everything else about reading lives in
``publish.read``."""

from __future__ import annotations

from flask import current_app

from publish.read import (
    FeedbackItem,
    GoalDetail,
    GoalSummary,
    MeasureRow,
    ReadModel,
    empty_profile,
)

__all__ = [
    "EXTENSION_KEY",
    "FeedbackItem",
    "GoalDetail",
    "GoalSummary",
    "MeasureRow",
    "current",
    "empty_profile",
]

EXTENSION_KEY = "bildungsmonitor_data"


def current() -> ReadModel:
    """The read model of the app serving the current request."""
    return current_app.extensions[EXTENSION_KEY]
