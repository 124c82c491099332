"""Export speed: one chart (first image with the browser start, then warm, as PNG, SVG and PDF)
and the full meeting pack of the 14 goals (PPTX, then PDF reusing the rendered charts, then PDF
with every chart rendered anew).

    uv run python -m benchmarks.exports [--db URL] [--repeat 5]

Without ``--db`` the scale-1 synthetic deliveries are imported and built into
benchmarks/out/exports-1.sqlite (kept and reused on the next run).
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchmarks.common import OUT, fresh_database, load, samples


def sample_database() -> str:
    """The scale-1 samples, imported and built once (reused while the file exists)."""
    path = OUT / "exports-1.sqlite"
    url = f"sqlite:///{path}"
    if path.exists():
        return url
    from etl.db import make_engine
    from indicators.build import build

    folder, manifest = samples(1)
    url = fresh_database("exports-1")
    seconds = load(url, folder, manifest)
    engine = make_engine(url)
    started = time.perf_counter()
    build(engine)
    engine.dispose()
    print(
        f"  Beispieldatenbank: Import {seconds:.0f} s, Build {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return url


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="Datenbank-URL (sonst die Beispieldaten im Maßstab 1)")
    parser.add_argument("--repeat", type=int, default=5, help="Wiederholungen je Format (warm)")
    args = parser.parse_args()
    url = args.db or sample_database()

    from publish.pack import build_pack
    from publish.read import ReadModel as DashboardData
    from publish.render.images import IMAGES, RENDERER, chart_for
    from publish.views.request import ExportRequest

    data = DashboardData(url)
    request = ExportRequest("ranking", indicator="uwe.wellbeing_low", level="ortsteil")
    print(f"Datenbank: {url}")
    seconds, image = timed(lambda: chart_for(data, request).render("png"))
    print(f"Erste Grafik (PNG, mit Start des Browsers): {seconds:.2f} s, {len(image):,} Bytes")
    for fmt in ("png", "svg", "pdf"):
        times = []
        for _ in range(args.repeat):
            seconds, image = timed(lambda fmt=fmt: chart_for(data, request).render(fmt))
            times.append(seconds)
        print(
            f"Grafik warm ({fmt.upper()}): Median {statistics.median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}), {len(image):,} Bytes"
        )
    IMAGES.clear()
    done: list[int] = []
    seconds, pack = timed(
        lambda: build_pack(data, fmt="pptx", progress=lambda n, total, title: done.append(n))
    )
    print(f"Sitzungsunterlage PPTX, {len(done)} Ziele: {seconds:.1f} s, {len(pack):,} Bytes")
    seconds, pack = timed(lambda: build_pack(data, fmt="pdf"))
    print(
        f"Sitzungsunterlage PDF (Grafiken aus dem PPTX-Lauf): {seconds:.1f} s, {len(pack):,} Bytes"
    )
    IMAGES.clear()
    seconds, pack = timed(lambda: build_pack(data, fmt="pdf"))
    print(f"Sitzungsunterlage PDF (alle Grafiken neu): {seconds:.1f} s, {len(pack):,} Bytes")
    data.dispose()
    RENDERER.close()


if __name__ == "__main__":
    main()
