"""`python -m etl.synthetic OUT_DIR [--seed N] [--scale X]`: write the synthetic deliveries."""

from __future__ import annotations

import argparse
from pathlib import Path

from etl.synthetic import generate


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Synthetische Beispieldaten aller Quellen erzeugen."
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    generate(args.out_dir, seed=args.seed, scale=args.scale, progress=print)


if __name__ == "__main__":
    main()
