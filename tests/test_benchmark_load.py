"""The load benchmark's changed deliveries (benchmarks/load.py): each run's copy differs from the
sample in its comment line and one value only, so the import with --replace really replaces the
delivery and nothing else breaks. (The benchmark itself takes minutes and is not run here.)"""

from __future__ import annotations

import hashlib

import pytest

from benchmarks.load import VARIED, changed_copy
from etl.reading import read_file
from etl.settings import load_settings
from etl.synthetic import generate


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    manifest = generate(folder, scale=0.05, sources=sorted(VARIED))
    return {
        f["source"]: folder / f["file"] for f in manifest["files"] if f["file"].endswith(".csv")
    }


@pytest.mark.parametrize("source", sorted(VARIED))
def test_a_changed_copy_differs_in_its_comment_line_and_one_value(samples, source, tmp_path):
    column, value = VARIED[source]
    (original,) = read_file(samples[source], load_settings())
    copies = [changed_copy(samples[source], tmp_path, source, run) for run in (1, 2)]
    for run, path in enumerate(copies, 1):
        (changed,) = read_file(path, load_settings())
        assert len(changed.rows) == len(original.rows)
        header = next(i for i, row in enumerate(original.rows) if column in row)
        at = original.rows[header].index(column)
        differences = {
            (r, c)
            for r, (old, new) in enumerate(zip(original.rows, changed.rows, strict=True))
            for c, (a, b) in enumerate(zip(old, new, strict=True))
            if a != b
        }
        assert changed.rows[0][0].endswith(f"(Lasttest, Lauf {run})")
        assert changed.rows[header + 1][at] == value(run)
        assert differences <= {(0, 0), (header + 1, at)}
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in [samples[source], *copies]}
    assert len(digests) == 3
