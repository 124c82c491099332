"""Settings and committed data files: every BIMO_ variable is read in one place, and the data the
code reads is found without assuming a checkout layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.resources import data_path
from etl.settings import load_settings


def test_every_variable_is_read_by_the_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("BIMO_USER", "bildungsbuero")
    monkeypatch.setenv("BIMO_GEOJSON", str(tmp_path / "units.geojson"))
    monkeypatch.setenv("BIMO_GEOJSON_PROPERTY", "unit")
    settings = load_settings()
    assert settings.user == "bildungsbuero"
    assert settings.geojson == tmp_path / "units.geojson"
    assert settings.geojson_property == "unit"


def test_defaults(monkeypatch):
    for name in ("BIMO_USER", "BIMO_GEOJSON", "BIMO_GEOJSON_PROPERTY"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.user
    assert settings.geojson is None
    assert settings.geojson_property == "nummer"


def test_the_library_reads_no_environment_outside_the_settings():
    root = Path(__file__).resolve().parents[2] / "etl"
    readers = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8") or "getenv" in path.read_text()
    ]
    # backup.py hands the whole environment on to pg_dump/pg_restore (PATH, PG* variables): it
    # passes it through, it reads no setting from it
    assert readers == ["backup.py", "settings.py"]


def test_data_files_are_found():
    assert (data_path("catalogue") / "2013-2017.yaml").is_file()
    assert data_path("spatial_units/ortsteil_tiles.csv").is_file()
    with pytest.raises(FileNotFoundError):
        data_path("catalogue/no-such-file.yaml")
