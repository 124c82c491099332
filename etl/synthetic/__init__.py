"""Synthetic deliveries ("Beispieldaten") of every source, Herne-sized at scale 1.

Used for the demo, the tests and benchmarks. Everything derives from `seed` (one random stream
per source and delivery), so the same seed gives the same files, byte for byte. The files follow
shared/formats.md and carry, spread over them, every variation the importers must tolerate
(listed per file in the manifest, tags in `common.VARIATIONS`); none carries an error.
Population, Kitas and schools are Herne-sized whatever the scale; `scale` multiplies only persons
and questionnaires (KOMPIK children, UWE pupils, parents), so at scale > 1 coverage rates exceed
100 % (fine for benchmarks, not for the demo).

Each source declares its generator module in etl.sources (`GENERATOR`); a generator offers the
same two functions: `keys(world)` (its deliveries) and `write(out_dir, world, key)` (one file,
returns its manifest entry), and takes its headers from the source's column declarations.
"""

from __future__ import annotations

import importlib
import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from types import ModuleType

from etl.synthetic.common import NOTE, SOURCE_MODULES, SOURCES
from etl.synthetic.world import World, build_world

__all__ = ["MODULES", "SOURCES", "VERSION", "generate"]
# Raised whenever the generator writes different files for the same seed and scale, so that
# `demo` regenerates samples written by an older version instead of serving them.
VERSION = 2

# The generator of every source, found through the source registry (etl.sources does not import
# etl.synthetic: it names its generator by module path).
MODULES: dict[str, ModuleType] = {
    source: importlib.import_module(module.GENERATOR) for source, module in SOURCE_MODULES.items()
}
# From this scale on, files are written by several processes (openpyxl needs ~7 s per 1M cells).
PARALLEL_FROM_SCALE = 2.0


def _write(out_dir: Path, world: World, source: str, key: object) -> dict:
    return MODULES[source].write(out_dir, world, key)


def generate(
    out_dir: Path,
    seed: int = 2017,
    scale: float = 1.0,
    progress: Callable[[str], None] | None = None,
    *,
    sources: Iterable[str] | None = None,
) -> dict:
    """Write the synthetic files of all (or the given) sources and out_dir/manifest.json.

    Returns the manifest: seed, scale, one entry per file (source, file, rows, delivery,
    variations) in import order (schools come with school social work, before UWE), and a note.
    Every delivery has its own random stream, so a subset of sources gives the same files.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    wanted = set(SOURCES if sources is None else sources)
    unknown = sorted(wanted - set(SOURCES))
    if unknown:
        raise ValueError(f"unknown sources: {', '.join(unknown)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    world = build_world(seed, scale)
    tasks = [
        (source, key)
        for source in SOURCES
        if source in wanted
        for key in MODULES[source].keys(world)
    ]

    def report(result: dict) -> None:
        if progress:
            progress(f"{result['source']}: {result['file']} ({result['rows']} Zeilen)")

    workers = min(4, os.cpu_count() or 1) if scale >= PARALLEL_FROM_SCALE else 1
    if workers > 1:
        # The person-level files are the slow ones: start them first.
        heavy = {"uwe": 0, "kompik": 1, "school-entry": 2, "transitions": 2, "parent-survey": 2}
        order = sorted(range(len(tasks)), key=lambda i: (heavy.get(tasks[i][0], 3), i))
        results: dict[int, dict] = {}
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_write, out_dir, world, *tasks[i]): i for i in order}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                report(results[futures[future]])
        files = [results[i] for i in range(len(tasks))]
    else:
        files = []
        for source, key in tasks:
            files.append(_write(out_dir, world, source, key))
            report(files[-1])
    manifest = {
        "seed": seed,
        "scale": scale,
        "version": VERSION,
        "files": files,
        "note": NOTE,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (out_dir / "manifest.json").write_text(text, encoding="utf-8")
    if progress:
        progress(f"{len(files)} Dateien in {time.perf_counter() - started:.1f} s geschrieben")
    return manifest
