"""The read model (``ReadModel``) and what it answers with."""

from publish.read.model import MAP_LEVELS, NO_TABLES, ReadModel
from publish.read.results import (
    PROFILE_COLUMNS,
    VALUE_COLUMNS,
    ExplorerChoice,
    ExplorerData,
    FeedbackItem,
    GoalDetail,
    GoalSummary,
    MeasureRow,
    empty_profile,
)
from publish.read.tiles import TILES_CSV, read_ortsteil_tiles, tile_positions

__all__ = [
    "MAP_LEVELS",
    "NO_TABLES",
    "PROFILE_COLUMNS",
    "TILES_CSV",
    "VALUE_COLUMNS",
    "ExplorerChoice",
    "ExplorerData",
    "FeedbackItem",
    "GoalDetail",
    "GoalSummary",
    "MeasureRow",
    "ReadModel",
    "empty_profile",
    "read_ortsteil_tiles",
    "tile_positions",
]
