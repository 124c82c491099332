"""Import speed: rows per second for KOMPIK and UWE files at scale 1 and 20, against a naive
baseline (pandas read_excel with openpyxl, then DataFrame.to_sql) on the same files, and the time
to import the whole scale-1 sample set.

    uv run python -m benchmarks.ingest [--files 2] [--scales 1 20]
"""

from __future__ import annotations

import argparse
import time

import pandas as pd
from sqlalchemy import create_engine

from benchmarks.common import fresh_database, load, samples, settings_for
from etl.db import make_engine
from etl.pipeline import import_file

PREREQUISITES = {"spatial-units", "kitas", "school-social-work"}
MEASURED = ("kompik", "uwe")


def naive(path, url: str) -> int:
    """What a quick script would do: read the sheet with openpyxl, write it with to_sql
    (no header search, no checks: the rows as they are, so it counts title rows too)."""
    engine = create_engine(url)
    if path.suffix == ".csv":
        frame = pd.read_csv(
            path,
            sep=";",
            encoding="cp1252",
            header=None,
            dtype=str,
            names=range(60),
            engine="python",
        )
    else:
        frame = pd.read_excel(path, engine="openpyxl", header=None, dtype=str)
    frame.columns = [f"c{i}" for i in range(len(frame.columns))]
    frame.to_sql(path.stem, engine, if_exists="replace", index=False)
    engine.dispose()
    return len(frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=2, help="Dateien je Quelle und Maßstab")
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 20])
    args = parser.parse_args()
    print(
        f"{'Quelle':<8} {'Maßstab':>7} {'Zeilen':>9} {'Projekt Z/s':>12} {'naiv Z/s':>10} "
        f"{'Faktor':>7}"
    )
    for scale in args.scales:
        folder, manifest = samples(scale, [*PREREQUISITES, *MEASURED])
        url = fresh_database(f"ingest-{scale:g}")
        load(url, folder, manifest, only=PREREQUISITES)
        engine, settings = make_engine(url), settings_for(url)
        naive_url = fresh_database(f"naive-{scale:g}")
        for source in MEASURED:
            files = [folder / f["file"] for f in manifest["files"] if f["source"] == source]
            files = files[-args.files :]
            rows, ours = 0, 0.0
            for path in files:
                started = time.perf_counter()
                rows += import_file(engine, source, path, settings).rows
                ours += time.perf_counter() - started
            started = time.perf_counter()
            naive_rows = sum(naive(path, naive_url) for path in files)
            baseline = time.perf_counter() - started
            print(
                f"{source:<8} {scale:>7g} {rows:>9,} {rows / ours:>12,.0f} "
                f"{naive_rows / baseline:>10,.0f} {baseline / ours * rows / naive_rows:>6.1f}x",
                flush=True,
            )
        engine.dispose()
    folder, manifest = samples(1)
    seconds = load(fresh_database("all-1"), folder, manifest)
    rows = sum(f["rows"] for f in manifest["files"])
    print(
        f"Alle {len(manifest['files'])} Dateien der Beispieldaten (Maßstab 1, {rows:,} Zeilen): "
        f"{seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
