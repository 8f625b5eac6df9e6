"""The reference point: the same queries through rdflib's own SPARQL engine, with a time cap.

The graph is parsed once; each query then runs in a forked child (sharing the parsed graph)
that the parent kills at the cap, since rdflib cannot cancel a query.  A capped query counts
as the cap (a lower bound on its real time).
"""

from __future__ import annotations

import os
import pickle
import signal
import statistics
import time
from pathlib import Path
from typing import Any

from bench.mix import Query

GRAPH = "https://w3id.org/gskg/graph"


def load(nt: Path) -> tuple[Any, float]:
    """An rdflib Dataset with the build in the gskg graph, default graph = union; load seconds."""
    from rdflib import Dataset, URIRef

    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.graph(URIRef(GRAPH)).parse(str(nt), format="nt")
    return ds, time.perf_counter() - t0


def _run(ds: Any, query: Query, reps: int, cap: float) -> list[float]:
    times: list[float] = []
    for _ in range(reps):
        if sum(times) > cap / 3:
            break
        t0 = time.perf_counter()
        result = ds.query(query.text)
        if query.graph:
            result.serialize(format="nt")
        else:
            result.serialize(format="json")
        times.append(time.perf_counter() - t0)
    return times


def timed(ds: Any, query: Query, cap: float, reps: int = 3) -> dict[str, Any]:
    """Median seconds of `query` in rdflib (at most `reps` runs, all within `cap`)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: run, report, exit without cleanup
        os.close(read)
        try:
            payload = pickle.dumps(("ok", _run(ds, query, reps, cap)))
        except Exception as exc:  # noqa: BLE001 - any engine failure is a result to report
            payload = pickle.dumps(("error", repr(exc)))
        os.write(write, payload)
        os._exit(0)
    os.close(write)
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.01)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read)
        return {"median_s": cap, "capped": True}
    with os.fdopen(read, "rb") as fh:
        status, value = pickle.loads(fh.read())
    if status != "ok":
        return {"median_s": None, "error": value}
    return {"median_s": statistics.median(value), "capped": False}
