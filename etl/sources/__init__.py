"""One module per delivery source, all with the same small set of names; the one list of sources.

Each module declares everything about its source:

- ``SOURCE`` (the id used on the command line) and ``TITLE`` (German);
- ``COLUMNS`` and ``SHEETS`` (column contracts), ``RULES`` and ``UNIQUE`` (row rules per sheet);
- ``YEAR``: the SQL expression of the year (or school year) a loaded record belongs to, listed by
  ``status``, or None for a source without years;
- ``TABLES``: the record tables it writes, the main one first;
- ``GENERATOR``: the module (dotted name) writing its synthetic deliveries, with ``keys(world)``
  and ``write(out_dir, world, key)``; imported only when samples are generated;
- the functions ``check(tables, refs, findings)`` (references and file-level rules),
  ``delivery(tables)`` (what a re-delivery replaces) and ``load(conn, tables, load_id)``.

The pipeline, ``status`` and the generator need no branch and no list of their own: adding a
source means one module here and its name in ``SOURCES`` and ``etl.source_ids``. A module
missing a name fails at import.
"""

from __future__ import annotations

from types import ModuleType

from etl.source_ids import IMPORT_ORDER
from etl.sources import (
    all_day,
    goals,
    kitas,
    kompik,
    measures,
    parent_survey,
    population,
    school_entry,
    school_leavers,
    school_social_work,
    social_context,
    spatial_units,
    transitions,
    uwe,
)

REQUIRED = (
    "SOURCE",
    "TITLE",
    "COLUMNS",
    "SHEETS",
    "RULES",
    "UNIQUE",
    "YEAR",
    "TABLES",
    "GENERATOR",
    "check",
    "delivery",
    "load",
)


def missing_names(module: ModuleType) -> list[str]:
    """The names of REQUIRED a source module does not declare."""
    return [name for name in REQUIRED if not hasattr(module, name)]


def _registry(*modules: ModuleType) -> dict[str, ModuleType]:
    for module in modules:
        if missing := missing_names(module):
            raise TypeError(f"source module {module.__name__} lacks {', '.join(missing)}")
    return {module.SOURCE: module for module in modules}


# In dependency order: later sources refer to what earlier ones register.
SOURCES: dict[str, ModuleType] = _registry(
    spatial_units,
    population,
    social_context,
    kitas,
    school_social_work,
    school_leavers,
    all_day,
    kompik,
    uwe,
    school_entry,
    transitions,
    parent_survey,
    goals,
    measures,
)
if tuple(SOURCES) != IMPORT_ORDER:  # the command line lists IMPORT_ORDER without importing these
    raise TypeError("etl.source_ids.IMPORT_ORDER differs from SOURCES")
