"""Import speed of KOMPIK and UWE files at scale 1 and 20, between a floor and a limit:

- **project**: ``etl.pipeline.import_file``, every check and the load in one transaction;
- **naive** (the floor): what a quick script would do with pandas' defaults, read the sheet
  (``read_csv`` with its default C engine, ``read_excel`` with its default engine for .xlsx,
  openpyxl) and write it with ``DataFrame.to_sql``: no header search, no checks, every row as it
  is, title rows included;
- **bare parse** (the limit): the same readers the project uses (python-calamine for .xlsx, the
  ``csv`` module for .csv) parsing the same files into rows, without any check or write.

Each is timed on the same files; the rates are the project's imported rows per second of each.
Goals: the project at least 10x the naive script and within 1.5x of the bare parse. Then the
time to import the whole scale-1 sample set.

    uv run python -m benchmarks.ingest [--files 2] [--scales 1 20]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import time
from functools import partial
from pathlib import Path

import pandas as pd
import python_calamine
from sqlalchemy import create_engine

from benchmarks.common import fresh_database, load, samples, settings_for
from etl.db import make_engine
from etl.pipeline import import_file

PREREQUISITES = {"spatial-units", "kitas", "school-social-work"}
MEASURED = ("kompik", "uwe")
WIDEST = 60  # more columns than any delivery: ragged title rows need named columns in pandas


def naive(path: Path, url: str) -> int:
    """Read with pandas' defaults, write with to_sql; the rows written."""
    engine = create_engine(url)
    if path.suffix == ".csv":
        frame = pd.read_csv(path, sep=";", header=None, dtype=str, names=range(WIDEST))
        frame = frame.dropna(axis="columns", how="all")
    else:
        # pandas' default for .xlsx (named: pandas 3 warns that calamine becomes the default)
        frame = pd.read_excel(path, header=None, dtype=str, engine="openpyxl")
    frame.columns = [f"c{i}" for i in range(len(frame.columns))]
    frame.to_sql(path.stem, engine, if_exists="replace", index=False)
    engine.dispose()
    return len(frame)


def bare_parse(path: Path) -> int:
    """Parse the file as the project's reader does, nothing else; the rows parsed."""
    if path.suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        return sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = 0
    for name in workbook.sheet_names:
        rows += len(workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
    workbook.close()
    return rows


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=2, help="Dateien je Quelle und Maßstab")
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 20])
    args = parser.parse_args()
    print(f"Import, {dt.date.today():%d.%m.%Y} (Zeilen/s: importierte Zeilen je Sekunde)")
    print(
        f"{'Quelle':<8} {'Maßstab':>7} {'Zeilen':>9} {'Projekt Z/s':>12} {'naiv Z/s':>10} "
        f"{'Grenze Z/s':>11} {'× naiv':>7} {'Grenze ×':>9}"
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
            rows, ours, baseline, limit = 0, 0.0, 0.0, 0.0
            for path in files:
                seconds, result = timed(partial(import_file, engine, source, path, settings))
                rows, ours = rows + result.rows, ours + seconds
                baseline += timed(partial(naive, path, naive_url))[0]
                limit += timed(partial(bare_parse, path))[0]
            print(
                f"{source:<8} {scale:>7g} {rows:>9,} {rows / ours:>12,.0f} "
                f"{rows / baseline:>10,.0f} {rows / limit:>11,.0f} {baseline / ours:>6.1f}x "
                f"{ours / limit:>8.1f}x",
                flush=True,
            )
        engine.dispose()
    print("(× naiv: so viel schneller als das naive Skript, Ziel ≥ 10; Grenze ×: so viel")
    print(" langsamer als das bloße Parsen mit denselben Lesern, Ziel ≤ 1,5)")
    folder, manifest = samples(1)
    seconds = load(fresh_database("all-1"), folder, manifest)
    rows = sum(f["rows"] for f in manifest["files"])
    print(
        f"Alle {len(manifest['files'])} Dateien der Beispieldaten (Maßstab 1, {rows:,} Zeilen): "
        f"{seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
