"""Build speed: the whole indicator registry, all levels and years, at scale 1 and 20.

uv run python -m benchmarks.build [--scales 1 20]
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy import func, select

from benchmarks.common import fresh_database, load, samples
from etl.db import make_engine
from etl.models import KompikObservation, UweResponse
from indicators.build import build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 20])
    args = parser.parse_args()
    for scale in args.scales:
        folder, manifest = samples(scale)
        url = fresh_database(f"build-{scale:g}")
        seconds_import = load(url, folder, manifest)
        engine = make_engine(url)
        with engine.connect() as conn:
            children = conn.execute(select(func.count()).select_from(KompikObservation)).scalar()
            pupils = conn.execute(select(func.count()).select_from(UweResponse)).scalar()
        started = time.perf_counter()
        result = build(engine)
        seconds = time.perf_counter() - started
        print(
            f"Maßstab {scale:g}: {children:,} KOMPIK-Beobachtungen, {pupils:,} UWE-Fragebögen "
            f"(Import {seconds_import:.0f} s) – Build {seconds:.1f} s: {result.indicators} "
            f"Indikatoren, {result.cells:,} Werte, {result.suppressed:,} gesperrt",
            flush=True,
        )
        engine.dispose()


if __name__ == "__main__":
    main()
