"""The layers of the code, checked by import-linter (contracts in pyproject.toml).

etl <- indicators <- publish <- dashboard <- command line: a module may import only from the
layers below it, and nothing below the app imports Dash or Flask.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command, "lint-imports (import-linter) is not installed"
    return subprocess.run(
        [command, "--no-logo", "--no-cache"], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_imports_follow_the_layers():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    """The check is not vacuous: a copy of the tree where etl imports the app fails it."""
    for name in ("bildungsmonitor", "dashboard", "publish", "indicators", "etl"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("assets"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "etl" / "upward.py").write_text("import dashboard.app\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "etl.upward -> dashboard.app" in result.stdout
