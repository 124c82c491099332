"""The command line starts fast (issue 13): ``--help`` imports no database or data library and
none of the project's packages, a file refused for its header is answered without pandera, and
the source list the help shows without importing the sources is the registry's.
Figures: ``uv run python -m benchmarks.cli_start``."""

from __future__ import annotations

import subprocess
import sys

from bildungsmonitor.cli import source_names
from etl.sources import SOURCES

HEAVY = {"sqlalchemy", "pandas", "numpy", "pandera", "pydantic", "openpyxl", "dash", "plotly"}
PROJECT = {"indicators", "publish", "dashboard"}


def python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )


def test_the_help_names_the_sources_of_the_registry():
    assert source_names() == list(SOURCES)  # in import order


def test_the_help_imports_no_database_data_or_project_package():
    done = python(
        "import sys\n"
        "from bildungsmonitor.cli import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit as end:\n"
        "    print('Ende', end.code)\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    assert done.returncode == 0, done.stderr
    *help_text, ending, modules = done.stdout.splitlines()
    assert ending == "Ende 0"
    assert "backup" in "\n".join(help_text) and "restore" in "\n".join(help_text)
    loaded = {name.split(".")[0] for name in modules.split()}
    assert not loaded & (HEAVY | PROJECT), loaded & (HEAVY | PROJECT)
    # etl: only the empty package and its list of source ids, no source module
    assert [name for name in modules.split() if name.startswith("etl")] == [
        "etl",
        "etl.source_ids",
    ]


def test_a_file_with_a_wrong_header_is_refused_without_pandera(tmp_path):
    bad = tmp_path / "kompik.csv"
    bad.write_text("Kita;Kind;Datum\n0107;001;15.05.2019\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    done = python(
        "import sys\n"
        "from bildungsmonitor.cli import app\n"
        "try:\n"
        f"    app(['import', 'kompik', {str(bad)!r}, '--db', {url!r}])\n"
        "except SystemExit as end:\n"
        "    print(end.code, 'pandera' in sys.modules)"
    )
    assert done.stdout.split() == ["1", "False"], done.stdout + done.stderr
    assert "Kopfzeile nicht gefunden" in done.stderr
    assert "Traceback" not in done.stderr
