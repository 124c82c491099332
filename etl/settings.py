"""Settings from environment variables, all prefixed ``BIMO_``; parsed once, explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "local"  # git-ignored: databases and deliveries


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"Einstellung {name}={raw!r} ist keine ganze Zahl.") from None


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    max_problems_shown: int  # an import lists at most this many problems (and the total)
    max_unpacked_mb: int  # an .xlsx that unpacks to more is refused (zip bomb)
    max_file_mb: int  # larger files are refused before reading


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("BIMO_DATA_DIR") or DEFAULT_DATA_DIR)
    url = os.environ.get("BIMO_DATABASE_URL") or f"sqlite:///{data_dir / 'bildungsmonitor.sqlite'}"
    return Settings(
        database_url=url,
        data_dir=data_dir,
        max_problems_shown=_int("BIMO_MAX_PROBLEMS", 50),
        max_unpacked_mb=_int("BIMO_MAX_UNPACKED_MB", 500),
        max_file_mb=_int("BIMO_MAX_FILE_MB", 200),
    )
