"""The registry as a whole: unique ids, known goals, complete descriptions, and every indicator
computes on the synthetic samples."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import func, select

from etl.catalogue import CATALOGUE_DIR
from etl.sources import SOURCES
from etl.vocabulary import BREAKDOWN_TITLES, DIRECTION_TITLES, FAMILIES, GOALS, LEVEL_KEYS, UNITS
from indicators import disclosure
from indicators.indicator import KINDS
from indicators.registry import BY_ID, MODULE_OF, REGISTRY
from indicators.store import IndicatorValue

CATALOGUES = [
    yaml.safe_load(path.read_text(encoding="utf-8")) for path in CATALOGUE_DIR.glob("*.yaml")
]


def test_ids_are_unique_and_namespaced():
    ids = [indicator.id for indicator in REGISTRY]
    assert len(ids) == len(set(ids)) == len(BY_ID)
    assert all(i.family in FAMILIES and i.id.startswith(f"{i.family.prefix}.") for i in REGISTRY)
    assert set(MODULE_OF) == set(FAMILIES)


@pytest.mark.parametrize("indicator", REGISTRY, ids=lambda i: i.id)
def test_each_entry_is_complete(indicator):
    assert indicator.title and indicator.definition.endswith(".")
    assert indicator.source and indicator.unit in UNITS and indicator.kind in KINDS
    assert set(indicator.family.sources) <= set(indicator.inputs) <= set(SOURCES)
    assert indicator.direction in DIRECTION_TITLES
    assert set(indicator.levels) <= set(LEVEL_KEYS)
    assert set(indicator.breakdowns) <= set(BREAKDOWN_TITLES)
    assert indicator.rule.kind in disclosure.KINDS


def test_goal_links_are_data_of_the_period_and_name_known_indicators():
    """Links live in the catalogue of a goal period (not in the registry); each names an
    indicator of the registry, and a goal without one names the data it lacks."""
    assert not hasattr(REGISTRY[0], "goals")
    assert CATALOGUES
    for catalogue in CATALOGUES:
        for goal in catalogue["goals"]:
            links = goal.get("indicators") or []
            assert {link["id"] for link in links} <= set(BY_ID), goal["key"]
            assert links or goal.get("data_gaps"), goal["key"]
            assert not any(BY_ID[link["id"]].family is GOALS for link in links)


@pytest.mark.xdist_group("samples")
def test_every_indicator_computes_on_the_samples(samples_db):
    with samples_db.connect() as conn:
        published = dict(
            conn.execute(
                select(IndicatorValue.indicator, func.count())
                .where(
                    ~IndicatorValue.suppressed,
                    IndicatorValue.value.is_not(None) | IndicatorValue.value_text.is_not(None),
                )
                .group_by(IndicatorValue.indicator)
            ).all()
        )
    missing = [indicator.id for indicator in REGISTRY if not published.get(indicator.id)]
    assert not missing


@pytest.mark.xdist_group("samples")
def test_nothing_of_a_suppressed_cell_is_stored(samples_db):
    with samples_db.connect() as conn:
        leaks = conn.execute(
            select(func.count()).where(
                IndicatorValue.suppressed,
                IndicatorValue.value.is_not(None)
                | IndicatorValue.numerator.is_not(None)
                | IndicatorValue.denominator.is_not(None)
                | IndicatorValue.n.is_not(None)
                | IndicatorValue.value_text.is_not(None),
            )
        ).scalar_one()
        withheld = conn.execute(select(func.count()).where(IndicatorValue.suppressed)).scalar_one()
    assert withheld > 0 and leaks == 0
