"""A source is one module: it declares everything about itself, and every list is derived."""

from __future__ import annotations

import types

import pytest
from sqlalchemy import select

from etl.columns import Column
from etl.sources import REQUIRED, SOURCES, _registry, missing_names, population


@pytest.mark.parametrize("source", list(SOURCES))
def test_every_source_declares_everything(source):
    module = SOURCES[source]
    assert missing_names(module) == []
    assert source == module.SOURCE
    tables = {model.__table__ for model in module.TABLES}
    if module.YEAR is not None:  # the year comes from one of the source's own tables
        assert set(select(module.YEAR).get_final_froms()) <= tables


def test_a_missing_declaration_is_an_error():
    incomplete = types.ModuleType("etl.sources.incomplete")
    for name in REQUIRED:
        if name != "YEAR":
            setattr(incomplete, name, getattr(population, name))
    with pytest.raises(TypeError, match="lacks YEAR"):
        _registry(incomplete)


def test_the_generator_registry_is_derived_from_the_sources():
    from etl.synthetic import MODULES
    from etl.synthetic import SOURCES as GENERATED

    assert tuple(SOURCES) == GENERATED
    assert list(MODULES) == list(SOURCES)
    for source, module in MODULES.items():
        assert module.__name__ == SOURCES[source].GENERATOR
        assert source == module.SOURCE
        assert callable(module.keys) and callable(module.write)


def test_a_generator_writes_only_declared_columns():
    from etl.synthetic.writers import make_sheet

    contract = (Column("Stichtag", "reference_date", "date"), Column("Anzahl", "count", "int"))
    sheet = make_sheet("x", [], {"reference_date": [1], "count": [2]}, contract=contract)
    assert sheet.header == ["Stichtag", "Anzahl"]
    with pytest.raises(ValueError, match="not in the contract"):
        make_sheet("x", [], {"reference_date": [1], "Anzahl": [2]}, contract=contract)
    with pytest.raises(ValueError, match="missing"):
        make_sheet("x", [], {"reference_date": [1]}, contract=contract)
