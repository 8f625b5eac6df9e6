"""Oversized downloads against /health (issue 18, item 1): `python -m bench.downloads`.

Starts the embedded server (`python server.py`) and the production command (`gskg serve
--workers 2`, gunicorn) on the shipped build with the default settings, sends oversized
/results.xlsx requests, each alone and then all four at once — `"1E300000"^^xsd:integer`,
`"1E400000"^^xsd:integer`, a 43-column × 10 000-row table (over the download cap: 400) and
a 5-column × 10 000-row one (at the cap: a file) — and polls /health meanwhile. Prints
and saves each download's status and seconds and /health's worst latency. Target: /health
< 1 s, downloads < 5 s.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from bench import ROOT, machine, save
from bench.servers import Server, free_port, production

XSD = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"


def _wide(columns: int) -> str:
    binds = " ".join(f"BIND(CONCAT(STR(?o), '{i}') AS ?c{i})" for i in range(columns - 3))
    return XSD + f"SELECT * WHERE {{ ?s ?p ?o {binds} }} LIMIT 10000"


CASES = {
    "integer 1E300000": XSD + 'SELECT ?x { VALUES ?x { "1E300000"^^xsd:integer } }',
    "integer 1E400000": XSD + 'SELECT ?x { VALUES ?x { "1E400000"^^xsd:integer } }',
    "43 columns x 10000 rows": _wide(43),
    "5 columns x 10000 rows": _wide(5),
}


def embedded(nt: Path) -> Server:
    """`python server.py` (the embedded threaded server)."""
    port = free_port()
    cmd = [sys.executable, "server.py", "--port", str(port), "--data", str(nt)]
    return Server("embedded", cmd, port)


def measure(server: Server, cases: dict[str, str]) -> dict:
    """`cases` at once; /health polled until they are answered."""
    url = f"http://127.0.0.1:{server.port}"
    done: dict[str, dict] = {}
    with ThreadPoolExecutor(16) as pool:  # a serving server: its query workers started
        list(pool.map(lambda _: requests.get(url + "/health", timeout=120), range(32)))

    def download(name: str, query: str) -> None:
        t0 = time.perf_counter()
        r = requests.get(url + "/results.xlsx", params={"query": query}, timeout=120)
        done[name] = {"status": r.status_code, "seconds": round(time.perf_counter() - t0, 3),
                      "bytes": len(r.content)}  # fmt: skip

    threads = [threading.Thread(target=download, args=kv) for kv in cases.items()]
    for t in threads:
        t.start()
    health = []
    while any(t.is_alive() for t in threads):
        t0 = time.perf_counter()
        requests.get(url + "/health", timeout=120).raise_for_status()
        health.append(time.perf_counter() - t0)
    for t in threads:
        t.join()
    return {"downloads": done, "health_polls": len(health),
            "health_max_s": round(max(health), 3), "health_median_s": round(
                sorted(health)[len(health) // 2], 3)}  # fmt: skip


def main() -> None:
    """Run both servers, print the table, save the JSON."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT / "dist" / "gskg.nt")
    args = ap.parse_args()
    result: dict = {"machine": machine(), "servers": {}}
    for make in (embedded, lambda nt: production(nt)):
        server = make(args.data)
        server.env.pop("GSKG_MAX_ROWS", None)  # the default row cap (10 000)
        with server:
            runs = {name: measure(server, {name: q}) for name, q in CASES.items()}
            runs["all four at once"] = measure(server, CASES)
            result["servers"][server.name] = runs
    for name, runs in result["servers"].items():
        print(f"== {name}")
        for run, r in runs.items():
            print(f"  {run}: /health worst {r['health_max_s']} s, median "
                  f"{r['health_median_s']} s over {r['health_polls']} polls")  # fmt: skip
            for case, d in r["downloads"].items():
                print(f"     {case:<26} {d['status']}  {d['seconds']:>6} s  {d['bytes']:>9} B")
    print(save("downloads", result))


if __name__ == "__main__":
    main()
