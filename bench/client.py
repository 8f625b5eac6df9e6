"""HTTP load generation with the standard library: keep-alive `http.client` connections.

`latency` sends one request at a time; `throughput` keeps `concurrency` connections busy
(spread over a few processes so the client's own GIL does not cap the rate) for a while.
"""

from __future__ import annotations

import http.client
import multiprocessing
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

SECONDS = [3.0]


@dataclass(frozen=True)
class Target:
    """A server and one request to send to it."""

    host: str
    port: int
    path: str
    accept: str


def request_path(endpoint_path: str, query: str) -> str:
    """`/sparql?query=…` for a GET."""
    return f"{endpoint_path}?{urllib.parse.urlencode({'query': query})}"


def _get(conn: http.client.HTTPConnection, target: Target) -> int:
    conn.request("GET", target.path, headers={"Accept": target.accept})
    response = conn.getresponse()
    response.read()
    return response.status


def sample(
    fn: Callable[[], bool],
    *,
    budget: float = 2.0,
    min_reps: int = 5,
    max_reps: int = 200,
    give_up: float = 10.0,
    warmup: float = 0.3,
) -> tuple[list[float], int]:
    """Time `fn()` repeatedly: seconds per call, and failed calls.

    First `warmup` seconds of untimed calls (at least one): a server's freshly forked query
    workers run their first requests 2-3x slower.  Then stops after `max_reps`, or once
    `min_reps` ran and `budget` seconds passed, or after `give_up` seconds whatever the
    count (slow queries at 1M triples).
    """
    start = time.perf_counter()
    fn()
    while time.perf_counter() - start < warmup:
        fn()
    times: list[float] = []
    errors = 0
    start = time.perf_counter()
    while len(times) < max_reps:
        elapsed = time.perf_counter() - start
        if (len(times) >= min_reps and elapsed >= budget) or (times and elapsed >= give_up):
            break
        t0 = time.perf_counter()
        ok = fn()
        times.append(time.perf_counter() - t0)
        errors += not ok
    return times, errors


def latency(target: Target, **kw: float) -> tuple[list[float], int]:
    """Seconds per request, one at a time on one keep-alive connection; plus error count."""
    conn = [http.client.HTTPConnection(target.host, target.port, timeout=60)]

    def once() -> bool:
        try:
            return _get(conn[0], target) == 200
        except (OSError, http.client.HTTPException):
            conn[0].close()
            conn[0] = http.client.HTTPConnection(target.host, target.port, timeout=60)
            return False

    try:
        return sample(once, **kw)  # type: ignore[arg-type]
    finally:
        conn[0].close()


def _worker(args: tuple[Target, int, float]) -> tuple[int, int, list[float]]:
    """One client process: `threads` connections looping until the deadline."""
    target, threads, start_at = args
    deadline = start_at + SECONDS[0]
    done, errors, samples = [0], [0], []
    lock = threading.Lock()

    def loop() -> None:
        conn = http.client.HTTPConnection(target.host, target.port, timeout=60)
        n = e = 0
        mine: list[float] = []
        _get(conn, target)  # connect and warm up before the measured window
        time.sleep(max(0.0, start_at - time.time()))
        while time.time() < deadline:
            t0 = time.perf_counter()
            try:
                ok = _get(conn, target) == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(target.host, target.port, timeout=60)
                ok = False
            n, e = n + 1, e + (not ok)
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            done[0] += n
            errors[0] += e
            samples.extend(mine)

    pool = [threading.Thread(target=loop) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return done[0], errors[0], samples


def throughput(
    target: Target, *, concurrency: int = 8, seconds: float = 3.0, processes: int = 2
) -> dict[str, float]:
    """Requests/s, error count and median latency with `concurrency` connections."""
    threads = concurrency // processes
    SECONDS[0] = seconds  # inherited by the forked client processes
    start_at = time.time() + 0.5  # every connection is open and warm by then
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes) as pool:
        results = pool.map(_worker, [(target, threads, start_at)] * processes)
    n = sum(r[0] for r in results)
    samples = [s for r in results for s in r[2]]
    return {
        "rps": round(n / seconds, 1),
        "requests": n,
        "errors": sum(r[1] for r in results),
        "p50_ms": round(statistics.median(samples) * 1000, 2) if samples else None,
    }
