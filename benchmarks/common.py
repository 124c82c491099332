"""Shared set-up of the benchmarks: synthetic deliveries and databases per scale, kept in
benchmarks/out/ (git-ignored) so that repeated runs skip the slow generation."""

from __future__ import annotations

import json
import time
from pathlib import Path

from bildungsmonitor.cli import manifest_jobs
from etl.db import make_engine
from etl.pipeline import import_file
from etl.settings import Settings, load_settings
from etl.synthetic import SOURCES, generate

OUT = Path(__file__).resolve().parent / "out"


def samples(scale: float, sources: list[str] | None = None) -> tuple[Path, dict]:
    """The synthetic files of ``scale`` (generated once, then reused)."""
    folder = OUT / f"samples-{scale:g}"
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if {f["source"] for f in manifest["files"]} >= set(sources or SOURCES):
            return folder, manifest
    print(f"  erzeuge Beispieldaten, Maßstab {scale:g} …", flush=True)
    return folder, generate(folder, scale=scale, sources=sources)


def settings_for(url: str) -> Settings:
    return Settings(**{**load_settings().__dict__, "database_url": url})


def fresh_database(name: str) -> str:
    path = OUT / f"{name}.sqlite"
    for stale in OUT.glob(f"{name}.sqlite*"):
        stale.unlink()
    OUT.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def load(url: str, folder: Path, manifest: dict, only: set[str] | None = None) -> float:
    """Import the files of ``manifest`` (or of the sources in ``only``); seconds taken."""
    engine = make_engine(url)
    settings = settings_for(url)
    started = time.perf_counter()
    for source, path in manifest_jobs(folder, manifest):
        if only is None or source in only:
            import_file(engine, source, path, settings)
    engine.dispose()
    return time.perf_counter() - started
