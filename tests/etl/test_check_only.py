"""``import_file(..., check_only=True)``: the whole import, then a rollback. It finds exactly the
problems of a real import (file rules, references, a re-delivery) and leaves every table as it
was; what a passing check reports (rows, delivery, rows replaced) is what the import then does."""

from __future__ import annotations

import pytest
from helpers import source_header, write_xlsx
from sqlalchemy import func, select

from etl.models import Base, Load, Population
from etl.pipeline import import_file
from etl.problems import ImportRejected

HEADER = source_header("population")


def population_file(path, counts=("4", "5"), district="0111"):
    rows = [HEADER, ["31.12.2019", district, "3", "w", counts[0]]]
    rows.append(["31.12.2019", "0112", "4", "m", counts[1]])
    return write_xlsx(path, rows)


def table_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def messages(engine, settings, path, **options) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "population", path, settings, **options)
    return [problem.message() for problem in caught.value.problems]


def test_a_passing_check_writes_nothing_and_reports_what_the_import_does(world, settings, tmp_path):
    path = population_file(tmp_path / "bevoelkerung.xlsx")
    before = table_counts(world)
    stages: list[str] = []
    checked = import_file(
        world, "population", path, settings, check_only=True, progress=stages.append
    )
    assert checked.status == "geprüft"
    assert checked.load_id == 0
    assert "lesen" in stages and "laden" in stages
    assert table_counts(world) == before
    assert "Prüfung bestanden" in checked.summary()

    loaded = import_file(world, "population", path, settings)
    assert loaded.status == "geladen"
    assert (loaded.rows, loaded.delivery) == (checked.rows, checked.delivery)
    assert (checked.rows, checked.delivery) == (2, "Stichtag 31.12.2019")
    assert table_counts(world)[Load.__tablename__] == before[Load.__tablename__] + 1


def test_a_check_finds_the_problems_of_the_import(world, settings, tmp_path):
    path = population_file(tmp_path / "unbekannt.xlsx", district="9999")  # a reference error
    before = table_counts(world)
    checked = messages(world, settings, path, check_only=True)
    assert checked == messages(world, settings, path)
    assert any("9999" in message for message in checked)
    assert table_counts(world) == before


def test_a_redelivery_is_refused_alike_and_replaced_only_in_the_check(world, settings, tmp_path):
    import_file(world, "population", population_file(tmp_path / "erste.xlsx"), settings)
    corrected = population_file(tmp_path / "korrigiert.xlsx", counts=("6", "7"))
    before = table_counts(world)

    refused = messages(world, settings, corrected, check_only=True)
    assert refused == messages(world, settings, corrected)
    assert len(refused) == 1 and "bereits 2 Zeilen geladen" in refused[0]

    checked = import_file(world, "population", corrected, settings, replace=True, check_only=True)
    assert (checked.status, checked.replaced_rows) == ("geprüft", 2)
    assert table_counts(world) == before
    with world.connect() as conn:
        assert sorted(conn.execute(select(Population.count)).scalars()) == [4, 5]
        assert conn.execute(
            select(Load.superseded_by).where(Load.file_name == "erste.xlsx")
        ).all() == [(None,)]


def test_a_known_file_is_already_imported_in_the_check(world, settings, tmp_path):
    path = population_file(tmp_path / "bevoelkerung.xlsx")
    loaded = import_file(world, "population", path, settings)
    checked = import_file(world, "population", path, settings, check_only=True)
    assert (checked.status, checked.load_id) == ("bereits importiert", loaded.load_id)
