"""The attacker (as in test_attacker) on the school-entry and transition children.

Per population (one Untersuchungsjahr, one Schuljahr) one linear program over everything
published of all its indicators, with the withheld pattern read from ``indicator_values``. The
synthetic deliveries are imported at half scale, so that small Ortsteile, Kita groups and the
children living outside Herne give the pattern and the attacker work. The goal: no withheld cell
whose children are fixed to fewer than 10 values, no withheld share fixed exactly; and protected
indicator by indicator (before the shared pattern) the same data would leak.
"""

from __future__ import annotations

import pytest
from test_attacker import attack_all, per_indicator_pattern, published_pattern

from etl.db import make_engine
from etl.models import Base
from etl.pipeline import import_file
from etl.settings import load_settings
from etl.synthetic import generate
from indicators.build import build
from indicators.families import school_entry, transitions
from indicators.geography import districts

FAMILIES = (school_entry, transitions)
SOURCES = ["spatial-units", "school-social-work", "school-entry", "transitions"]
SCALE = 0.5


@pytest.fixture(scope="module")
def half_scale(tmp_path_factory):
    folder = tmp_path_factory.mktemp("children")
    manifest = generate(folder / "files", seed=2017, scale=SCALE, sources=SOURCES)
    engine = make_engine(f"sqlite:///{folder / 'db.sqlite'}")
    Base.metadata.create_all(engine)
    settings = load_settings()  # limits of the import; the engine is given
    for entry in manifest["files"]:
        import_file(engine, entry["source"], folder / "files" / entry["file"], settings)
    build(engine, {"school-entry", "transitions"})
    with engine.connect() as conn:
        geography = districts(conn)
        cells = {module: module.cells(conn, geography) for module in FAMILIES}
    yield engine, cells
    engine.dispose()


def test_the_attacker_pins_nothing_on_the_children(half_scale):
    engine, cells = half_scale
    for module in FAMILIES:
        indicators = [i for i in module.INDICATORS if i.rule.on_persons]
        totals = attack_all(
            cells[module], indicators, module.RELATIONS, published_pattern(engine, indicators)
        )
        print(f"{module.FAMILY.prefix} (Maßstab {SCALE}): {totals}")
        assert totals.withheld > 0 and totals.attacked > 0, module.FAMILY.prefix
        assert (totals.exact, totals.narrowed) == (0, 0), module.FAMILY.prefix


def test_protected_indicator_by_indicator_the_same_children_leak(half_scale):
    """So the test above can fail: without the shared, audited pattern the attacker wins."""
    _, cells = half_scale
    leaks = 0
    for module in FAMILIES:
        indicators = [i for i in module.INDICATORS if i.rule.on_persons]
        old = per_indicator_pattern(cells[module], indicators)
        found = attack_all(cells[module], indicators, module.RELATIONS, old)
        print(f"{module.FAMILY.prefix}, jeder Indikator für sich: {found}")
        leaks += found.exact + found.narrowed
    assert leaks > 0
