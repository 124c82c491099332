"""One module per delivery source, all with the same small set of names.

Each module declares ``SOURCE`` (the id used on the command line), ``TITLE`` (German), ``SHEETS``
(column contracts), ``RULES`` and ``UNIQUE`` (row rules per sheet key), and the functions
``check(tables, refs, findings)`` (references and file-level rules), ``delivery(tables)`` (what a
re-delivery replaces) and ``load(conn, tables, load_id)``. The pipeline needs no branch per source.
"""

from __future__ import annotations

from types import ModuleType

from etl.sources import (
    kitas,
    kompik,
    measures,
    parent_survey,
    population,
    school_social_work,
    spatial_units,
    uwe,
)

# In dependency order: later sources refer to what earlier ones register.
SOURCES: dict[str, ModuleType] = {
    module.SOURCE: module
    for module in (
        spatial_units,
        population,
        kitas,
        school_social_work,
        kompik,
        uwe,
        parent_survey,
        measures,
    )
}
