"""Benchmark graphs of a given size: generated records (bench.generate) built by `gskg build`.

The real builder makes the graph, so it has exactly the gskg shape — classes, labels in two
languages, relations, n-ary records and one `owl:Axiom` per sourced statement — and the
analyst queries find their anchors (`res:guangzhou`, `res:shenzhen`, …).  Graphs are cached
in the work directory by size and seed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench import ROOT
from bench.generate import generate

GSKG = Path(sys.executable).parent / "gskg"
#: Measured on the builder: triples ≈ INTERCEPT + PER_RECORD × records (ontology included).
PER_RECORD = 46.2
INTERCEPT = 470


def records_for(triples: int) -> int:
    """How many records make a graph of about `triples` statements."""
    return max(60, round((triples - INTERCEPT) / PER_RECORD))


def dataset(triples: int, workdir: Path, seed: int = 0) -> Path:
    """The N-Triples file of a graph with about `triples` statements (built once, cached)."""
    base = workdir / f"graph-{triples}-s{seed}"
    nt = base / "dist" / "gskg.nt"
    if nt.is_file():
        return nt
    generate(records_for(triples), base / "data", seed)
    cmd = [
        str(GSKG),
        "build",
        "--data",
        str(base / "data"),
        "--ontology",
        str(ROOT / "ontology"),
        "--out",
        str(base / "dist"),
    ]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return nt


def count_lines(path: Path) -> int:
    """Statements in an N-Triples file (one per line)."""
    with path.open("rb") as fh:
        return sum(1 for _ in fh)
