"""Settings from environment variables, all prefixed ``BIMO_``; parsed once, explicitly."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
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


def _positive(name: str, default: int) -> int:
    value = _int(name, default)
    if value < 1:
        raise SystemExit(f"Einstellung {name}={value} muss mindestens 1 sein.")
    return value


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    max_problems_shown: int  # an import lists at most this many problems (and the total)
    max_unpacked_mb: int  # an .xlsx that unpacks to more is refused (zip bomb)
    max_file_mb: int  # larger files are refused before reading
    # Recorded as "who" in the load log (BIMO_USER, else the login name).
    user: str = field(default_factory=getpass.getuser)
    # GeoJSON of the units for a real choropleth (BIMO_GEOJSON); None: the schematic tile map.
    geojson: Path | None = None
    geojson_property: str = "nummer"  # feature property holding the unit number
    # Exports (charts, tables, meeting packs) the app renders at once (BIMO_MAX_EXPORTS); as many
    # more wait, further ones are asked to try again shortly.
    max_exports: int = 2
    # Signs the app's session cookies (BIMO_SECRET_KEY); required when served beyond localhost.
    secret_key: str | None = None
    # Where failed logins are counted (BIMO_RATELIMIT_STORAGE, e.g. redis://host:6379): several
    # worker processes need a shared store; the default counts per process.
    ratelimit_storage: str = "memory://"
    # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (BIMO_PROXIES).
    proxies: int = 0


def default_database_url(data_dir: Path) -> str:
    """The SQLite file under the data folder, used when no database is named."""
    return f"sqlite:///{data_dir / 'bildungsmonitor.sqlite'}"


def load_settings() -> Settings:
    """Every ``BIMO_`` variable the project reads, read here and nowhere else."""
    data_dir = Path(os.environ.get("BIMO_DATA_DIR") or DEFAULT_DATA_DIR)
    url = os.environ.get("BIMO_DATABASE_URL") or default_database_url(data_dir)
    geojson = os.environ.get("BIMO_GEOJSON", "").strip()
    return Settings(
        database_url=url,
        data_dir=data_dir,
        max_problems_shown=_int("BIMO_MAX_PROBLEMS", 50),
        max_unpacked_mb=_int("BIMO_MAX_UNPACKED_MB", 500),
        max_file_mb=_int("BIMO_MAX_FILE_MB", 200),
        user=os.environ.get("BIMO_USER") or getpass.getuser(),
        geojson=Path(geojson) if geojson else None,
        geojson_property=os.environ.get("BIMO_GEOJSON_PROPERTY") or "nummer",
        max_exports=_positive("BIMO_MAX_EXPORTS", 2),
        secret_key=os.environ.get("BIMO_SECRET_KEY") or None,
        ratelimit_storage=os.environ.get("BIMO_RATELIMIT_STORAGE") or "memory://",
        proxies=_int("BIMO_PROXIES", 0),
    )
