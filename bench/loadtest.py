"""Load test: the production command under the example mix plus hostile queries (issue 7).

Starts `gunicorn -w 2 -k gthread --threads 8 --preload 'gskg.web:create_app()'` on a
loopback port, then for `--duration` seconds runs `--clients` clients looping over the
example mix (queries/*.rq and the typical queries of bench/mix.py, plus resource-page
lookups) and `--hostile` clients sending slow hostile queries (cartesian products, a
`(:p|!:p)*` path join, a regex over a product: each runs into the time limit and is
killed) and instant refusals (SERVICE, LOAD, deep nesting).  Prints the number of
requests, 5xx other than 503, dropped connections, and the p50/p95/p99 latency of the
example mix.  Targets: zero unexpected 5xx, zero drops, p99 < 200 ms.

    python -m bench.loadtest                      # 60 s, 16 + 2 clients
    python -m bench.loadtest --duration 10 --timeout 3

Loopback only; not part of `make test`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench import ROOT
from bench.mix import query_mix

P = "PREFIX : <https://w3id.org/gskg/ontology#> "
SLOW = [
    "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    P + "SELECT (COUNT(*) AS ?n) { ?s (:p|!:p)* ?o . ?o (:p|!:p)* ?z }",
    'SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(REGEX(CONCAT("'
    + "a" * 20_000
    + '", STR(?f)), "(a+)+$")) }',
    "DESCRIBE ?a WHERE { ?a ?b ?c . ?d ?e ?f }",
    "CONSTRUCT { ?a ?b ?c . ?d ?e ?f } WHERE { ?a ?b ?c . ?d ?e ?f }",
    "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "LOAD <file:///etc/passwd>",
    "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
]


@dataclass
class Tally:
    """What one kind of client saw."""

    statuses: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    dropped: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int | None, seconds: float) -> None:
        """Record one request (status None: the connection was dropped)."""
        with self.lock:
            if status is None:
                self.dropped += 1
            else:
                self.statuses[status] += 1
                self.latencies.append(seconds)


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, port: int, workers: int, timeout: float) -> subprocess.Popen:
    """The documented production command; waits until /health answers."""
    env = {**os.environ, "GSKG_DATA": str(data), "GSKG_TIMEOUT": str(timeout)}
    cmd = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "gthread",
           "--threads", "8", "--preload", "--limit-request-line", "8190",
           "--no-control-socket", "-b", f"127.0.0.1:{port}",
           "gskg.web:create_app()"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(port, "/health")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit("the server did not start")


def _get(port: int, path: str, accept: str = "*/*") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept": accept})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def example_requests(port: int) -> list[tuple[str, str]]:
    """(path, Accept) of the example mix: the queries and resource lookups."""
    out = [("/sparql?" + urlencode({"query": q.text}), q.accept) for q in query_mix()]
    status, body = _get(port, "/sparql?" + urlencode({"query": (
        "SELECT DISTINCT ?s { GRAPH <https://w3id.org/gskg/graph> { ?s a ?c } "
        "FILTER(STRSTARTS(STR(?s), 'https://w3id.org/gskg/resource/')) } LIMIT 40")}),
        "application/sparql-results+json")  # fmt: skip
    assert status == 200, body[:200]
    for row in json.loads(body)["results"]["bindings"]:
        slug = row["s"]["value"].rsplit("/", 1)[1]
        out += [(f"/resource/{slug}", "text/html"), (f"/resource/{slug}.ttl", "text/turtle")]
    return out


def client(port: int, plan: list[tuple[str, str]], stop: float, tally: Tally, offset: int,
           method: str = "GET") -> None:  # fmt: skip
    """Loop over `plan` on one keep-alive connection until `stop`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = offset
    while time.monotonic() < stop:
        path, accept = plan[i % len(plan)]
        i += 1
        start = time.perf_counter()
        try:
            if method == "POST":
                conn.request("POST", "/sparql", body=path.encode(), headers={
                    "Accept": accept, "Content-Type": "application/sparql-query"})  # fmt: skip
            else:
                conn.request("GET", path, headers={"Accept": accept})
            resp = conn.getresponse()
            resp.read()
            tally.add(resp.status, time.perf_counter() - start)
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        except (OSError, http.client.HTTPException):
            tally.add(None, time.perf_counter() - start)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of `values`, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    """Run the load test; exit status 1 when a target is missed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--hostile", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0, help="the server's time limit")
    ap.add_argument("--data", type=Path, default=ROOT / "dist" / "gskg.nt")
    args = ap.parse_args(argv)
    port = free_port()
    proc = start_server(args.data.resolve(), port, args.workers, args.timeout)
    try:
        plan = example_requests(port)
        hostile_plan = [(q, "*/*") for q in SLOW]
        mix, hostile = Tally(), Tally()
        stop = time.monotonic() + args.duration
        threads = [threading.Thread(target=client, args=(port, plan, stop, mix, n * 7))
                   for n in range(args.clients)]  # fmt: skip
        threads += [threading.Thread(target=client, args=(port, hostile_plan, stop, hostile,
                                                          n * 3, "POST"))
                    for n in range(args.hostile)]  # fmt: skip
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    unexpected = sum(n for s, n in (mix.statuses + hostile.statuses).items()
                     if s >= 500 and s != 503)  # fmt: skip
    dropped = mix.dropped + hostile.dropped
    p50, p95, p99 = (percentile(mix.latencies, q) * 1000 for q in (0.5, 0.95, 0.99))
    total = sum(mix.statuses.values()) + sum(hostile.statuses.values()) + dropped
    print(f"duration {elapsed:.1f} s, {args.workers} workers, {args.clients} + {args.hostile} "
          f"clients, time limit {args.timeout:g} s")  # fmt: skip
    print(f"requests: {total} ({sum(mix.statuses.values())} example mix, "
          f"{sum(hostile.statuses.values())} hostile)")  # fmt: skip
    print(f"example mix statuses: {dict(sorted(mix.statuses.items()))}")
    print(f"hostile statuses: {dict(sorted(hostile.statuses.items()))}")
    print(f"5xx other than 503: {unexpected}")
    print(f"dropped connections: {dropped}")
    print(f"example mix latency: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms")
    ok = unexpected == 0 and dropped == 0 and p99 < 200 and mix.statuses.get(503, 0) == 0
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
