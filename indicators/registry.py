"""The indicator registry: every indicator of every family, collected in one place.

Each indicator is declared once, next to its computation, in its family module in
``indicators/families/`` (``INDICATORS``); this module only gathers them. What an indicator is
(``Indicator``, ``Kind``) is in ``indicators/indicator.py``, the confidentiality rules are in
``indicators/disclosure.py`` and the vocabulary (levels, units, families) in ``etl/vocabulary.py``.
"""

from __future__ import annotations

from types import ModuleType

from etl.delivery import KnownIndicator
from etl.vocabulary import Family
from indicators.families import (
    all_day,
    goals,
    kita,
    kompik,
    parent_survey,
    school_entry,
    school_leavers,
    school_social_work,
    social_context,
    transition_system,
    transitions,
    uwe,
)
from indicators.indicator import Indicator

# The family modules in the order their indicators are listed; each has FAMILY, INDICATORS and
# cells(conn, geography).
FAMILY_MODULES: tuple[ModuleType, ...] = (
    kompik,
    uwe,
    parent_survey,
    school_social_work,
    school_leavers,
    transition_system,
    all_day,
    social_context,
    kita,
    school_entry,
    transitions,
    goals,
)
MODULE_OF: dict[Family, ModuleType] = {module.FAMILY: module for module in FAMILY_MODULES}

REGISTRY: tuple[Indicator, ...] = tuple(i for module in FAMILY_MODULES for i in module.INDICATORS)
BY_ID: dict[str, Indicator] = {indicator.id: indicator for indicator in REGISTRY}


def indicators_for(sources: set[str]) -> list[Indicator]:
    """Indicators to rebuild when any of ``sources`` changed."""
    return [indicator for indicator in REGISTRY if sources & set(indicator.inputs)]


def known_indicators() -> dict[str, KnownIndicator]:
    """The registry as imports check it (id -> ``etl.delivery.KnownIndicator``): the goal
    workbook names indicators, and etl cannot import this package, so its callers (the command
    line, the upload page) pass this in."""
    return {
        indicator.id: KnownIndicator(
            indicator.title, tuple(indicator.levels), indicator.kind.text is not None
        )
        for indicator in REGISTRY
    }
