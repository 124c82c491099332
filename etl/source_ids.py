"""The delivery sources' ids in dependency order (later sources refer to what earlier ones
register), without importing the source modules: they pull in pandas and SQLAlchemy, seconds the
command line's ``--help`` need not wait. ``etl.sources.SOURCES`` is checked against it."""

IMPORT_ORDER = (
    "spatial-units",
    "population",
    "social-context",
    "kitas",
    "school-social-work",
    "school-leavers",
    "all-day",
    "kompik",
    "uwe",
    "school-entry",
    "transitions",
    "parent-survey",
    "goals",
    "measures",
)
