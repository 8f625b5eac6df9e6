"""Load time and peak memory of the store, each measured in a fresh process.

    python -m bench.loading memory GRAPH.nt          # N-Triples → in-memory store
    python -m bench.loading disk GRAPH.nt STORE_DIR  # → on-disk store (or reopen it)

prints one JSON object: seconds to open the store and answer a first query, the triples
loaded, and the process's peak resident memory.  `measure()` runs it from the suite.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _child(mode: str, nt: Path, store_dir: Path | None) -> dict[str, Any]:
    from gskg.sparql.store import open_store

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    t0 = time.perf_counter()
    store = open_store(nt, store_path=store_dir if mode == "disk" else None)
    opened = time.perf_counter() - t0
    ask = bool(store.query("ASK { ?s ?p ?o }", use_default_graph_as_union=True))
    first = time.perf_counter() - t0
    n = int(next(iter(store.query(COUNT)))["n"].value)  # type: ignore[index]
    return {
        "seconds_open": round(opened, 3),
        "seconds_first_answer": round(first, 3),
        "answered": ask,
        "triples": n,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "rss_before_bytes": rss_before,
    }


def measure(mode: str, nt: Path, store_dir: Path | None = None) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return its JSON."""
    cmd = [sys.executable, "-m", "bench.loading", mode, str(nt)]
    if store_dir is not None:
        cmd.append(str(store_dir))
    out = subprocess.run(
        cmd, check=True, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent
    )
    return json.loads(out.stdout)


if __name__ == "__main__":
    args = sys.argv[1:]
    print(json.dumps(_child(args[0], Path(args[1]), Path(args[2]) if len(args) > 2 else None)))
