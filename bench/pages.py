"""Page and data routes at scale: every HTML page and data route of the web app, timed over HTTP.

    python -m bench.pages --workdir /tmp/bw          # 1M-triple synthetic graph (built once)

Starts the production command (`gskg serve --workers 2`) on the graph, then for each row of
ROUTES sends one request at a time (p50 / p99 against the row's targets), then keeps
CLIENTS connections busy on all the routes together and counts errors.  `{name}` in a path
is filled from the graph itself (PICKS: one SPARQL query each, over HTTP); a row whose
pick finds nothing is reported as skipped.  Prints a table; writes
`bench/results/pages-<timestamp>.json`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from bench import ROOT, servers
from bench.dataset import count_lines, dataset

PAGE_IRI = "/page?iri=" + urllib.parse.quote("https://w3id.org/gskg/resource/", safe="")
FRESH = "first view (not kept)"  # rows whose pages the warm-up leaves alone
#: (name, path, p50 target ms, p99 target ms or None).  Paths may use the PICKS below; a
#: list of paths in one row is cycled through (e.g. several search texts).
ROUTES: list[tuple[str, str | list[str], float, float | None]] = [
    (
        "search.json",
        [
            f"/search.json?q={urllib.parse.quote(q)}"
            for q in (
                "广州",
                "深圳",
                "琶洲实验室",
                "pazhou",
                "Pa Zhou",
                "guangzhou",
                "实验室",
                "laboratory",
                "科技有限公司",
                "shen",
                "人工智能",
                "Technology Co",
                # issue 20: a city's 市/City, typos (edit distance 1-2), aliases
                "深圳市",
                "Guangzhou City",
                "Shenzen",
                "Guangzou Univresity",
                "Pengcheng Lab",
                "SYSU",
            )
        ],
        20,
        100,
    ),  # fmt: skip
    ("home page", "/", 150, None),
    ("search page 2", "/search?q=a&page=2", 150, None),
    ("profile: person", "/resource/{person}", 150, None),
    ("profile: district", "/resource/{district}", 150, None),
    (
        "panel CSV: city members",
        "/panel/city_members.csv?iri=https%3A%2F%2Fw3id.org%2Fgskg%2Fresource%2F{city}",
        500,
        None,
    ),
    ("search page", "/search?q=%E5%AE%9E%E9%AA%8C%E5%AE%A4", 150, None),
    ("browse", "/browse", 150, None),
    ("browse City", "/browse/City", 150, None),
    ("browse largest class", "/browse/{largest_class}", 150, None),
    (
        "browse largest, page 20, by statements",
        "/browse/{largest_class}?sort=statements&page=20",
        150,
        None,
    ),  # fmt: skip
    ("browse Firm, city facet", "/browse/Firm?city={city}", 150, None),
    ("browse Firm CSV", "/browse/Firm.csv", 500, None),
    ("profile: firm", "/resource/{firm}", 150, None),
    ("profile: platform", "/resource/{platform}", 150, None),
    ("profile: agreement", "/resource/{agreement}", 150, None),
    ("profile: policy", "/resource/{policy}", 150, None),
    (
        "/page?iri= of a firm",
        PAGE_IRI + "{firm}",
        150,
        None,
    ),
    ("best-connected city", "/resource/{city}", 500, None),
    ("best-connected city, page 5", "/resource/{city}?page=5", 500, None),
    # Resource pages are kept per graph version (context.kept): a new URL each time (an
    # argument the page ignores) measures the page made anew.  Not warmed up.
    (
        f"best-connected city, {FRESH}",
        [f"/resource/{{city}}?fresh={i}" for i in range(1000)],
        500,
        None,
    ),
    ("compare (default)", "/compare", 150, None),
    ("compare two firms", "/compare?a={firm}&b={firm2}", 150, None),
    # 13b: the timeline and network data (p50 < 300 ms at 1M) and their pages
    ("timeline.json", "/timeline.json", 300, None),
    ("timeline.json, city", "/timeline.json?city={city}", 300, None),
    ("timeline.json, kind", "/timeline.json?kind=agreement", 300, None),
    ("network.json", "/network.json", 300, None),
    ("network.json, city", "/network.json?city={city}&rel=cooperatesWith&rel=hasParty", 300, None),
    ("network.json, focus", "/network.json?focus={platform}&depth=2", 300, None),
    ("timeline page", "/timeline", 300, None),
    ("network page", "/network?focus={city}", 300, None),
]
GSKG = "https://w3id.org/gskg/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PICKS = {
    "largest_class": f"""SELECT ?x (COUNT(DISTINCT ?m) AS ?n) {{ ?m a/<{RDFS}subClassOf>* ?x
        FILTER(STRSTARTS(STR(?x), "{GSKG}")) }} GROUP BY ?x ORDER BY DESC(?n) LIMIT 1""",
    "city": f"""SELECT ?x (COUNT(*) AS ?n) {{ ?x a <{GSKG}City> . ?s ?p ?x }}
        GROUP BY ?x ORDER BY DESC(?n) LIMIT 1""",
    "firm": f"SELECT ?x {{ ?x a <{GSKG}Firm> }} ORDER BY ?x LIMIT 1",
    "firm2": f"SELECT ?x {{ ?x a <{GSKG}Firm> }} ORDER BY DESC(?x) LIMIT 1",
    "platform": f"SELECT ?x {{ ?x a <{GSKG}Laboratory> }} ORDER BY ?x LIMIT 1",
    "agreement": f"SELECT ?x {{ ?x a <{GSKG}CooperationAgreement> }} ORDER BY ?x LIMIT 1",
    "policy": f"SELECT ?x {{ ?x a <{GSKG}Plan> }} ORDER BY ?x LIMIT 1",
    "person": f"SELECT ?x {{ ?x a <{GSKG}Person> }} ORDER BY ?x LIMIT 1",
    "district": f"SELECT ?x {{ ?x a <{GSKG}District> }} ORDER BY ?x LIMIT 1",
}
CLIENTS = 8


def _request(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Accept": "text/html,application/json"})
    resp = conn.getresponse()
    return resp.status, resp.read()


def picks(port: int) -> dict[str, str]:
    """Fill PICKS from the served graph (local names of the IRIs found)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    out = {}
    for name, query in PICKS.items():
        path = "/sparql?" + urllib.parse.urlencode({"query": query})
        conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        answer = json.loads(conn.getresponse().read())
        if "results" not in answer:  # e.g. a timeout on a busy machine: say so, go on
            print(f"  pick {name}: {answer.get('error', answer)}")
            continue
        rows = answer["results"]["bindings"]
        if rows:
            out[name] = rows[0]["x"]["value"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return out


def expand(chosen: dict[str, str]) -> list[tuple[str, list[str], float, float | None]]:
    """ROUTES with their paths filled in (rows whose picks are missing left out)."""
    out = []
    for name, paths, p50, p99 in ROUTES:
        try:
            filled = [p.format(**chosen) for p in ([paths] if isinstance(paths, str) else paths)]
        except KeyError:
            continue
        out.append((name, filled, p50, p99))
    return out


def percentile(times: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of `times`."""
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def one_client(port: int, routes: list, reps: int) -> list[dict[str, Any]]:
    """Each route alone, one request at a time: p50, p99, errors."""
    for _ in range(6):  # warm-up: every path, on new connections (so in each gunicorn worker)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for name, paths, _, _ in routes:
            for path in [] if FRESH in name else paths:
                _request(conn, path)
        conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    results = []
    for name, paths, p50_target, p99_target in routes:
        times, errors, sizes = [], 0, []
        for i in range(reps):
            path = paths[i % len(paths)]
            t0 = time.perf_counter()
            status, body = _request(conn, path)
            times.append((time.perf_counter() - t0) * 1000)
            errors += status != 200
            sizes.append(len(body))
        p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
        ok = p50 < p50_target and (p99_target is None or p99 < p99_target) and not errors
        results.append({"route": name, "path": paths[0], "reps": reps, "p50_ms": round(p50, 1),
                        "p99_ms": round(p99, 1), "p50_target_ms": p50_target,
                        "p99_target_ms": p99_target, "errors": errors,
                        "bytes": sorted(sizes)[len(sizes) // 2], "ok": ok})  # fmt: skip
        print(f"  {name:42} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  (< {p50_target:g}"
              f"{'' if p99_target is None else f' / {p99_target:g}'})  errors {errors}"
              f"  {'ok' if ok else 'MISSED'}")  # fmt: skip
    return results


def many_clients(port: int, routes: list, seconds: float) -> dict[str, Any]:
    """CLIENTS connections cycling through every route for `seconds`: requests and errors."""
    paths = [p for name, ps, _, _ in routes if FRESH not in name for p in ps]
    counts: dict[str, Any] = {"requests": 0, "errors": 0, "statuses": {}, "failed": []}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = offset
        while time.monotonic() < stop:
            try:
                status, _ = _request(conn, paths[i % len(paths)])
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__  # the connection failed: counted by its error
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                counts["requests"] += 1
                counts["errors"] += status != 200
                counts["statuses"][str(status)] = counts["statuses"].get(str(status), 0) + 1
                if status != 200:  # which route failed, and how
                    counts["failed"].append([str(status), paths[i % len(paths)]])
            i += 1

    threads = [threading.Thread(target=loop, args=(k * 7,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"clients": CLIENTS, "seconds": seconds, **counts}


def main() -> None:
    """Build (or reuse) the graph, serve it, measure, print and save."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/gskg-bench-pages"))
    ap.add_argument("--reps", type=int, default=60, help="requests per route, one client")
    ap.add_argument("--seconds", type=float, default=30.0, help="duration of the 8-client run")
    args = ap.parse_args()
    nt = dataset(args.triples, args.workdir)
    print(f"graph: {nt} ({count_lines(nt)} statements)")
    with servers.production(nt) as srv:
        print(f"serving on port {srv.port} after {srv.startup_seconds:.1f} s")
        chosen = picks(srv.port)
        print("picked:", ", ".join(f"{k}={v}" for k, v in chosen.items()))
        routes = expand(chosen)
        single = one_client(srv.port, routes, args.reps)
        load = many_clients(srv.port, routes, args.seconds)
        print(f"  {CLIENTS} clients, {args.seconds:g} s: {load['requests']} requests, "
              f"{load['errors']} errors {load['statuses']}")  # fmt: skip
        for status, path in load["failed"][:10]:
            print(f"    {status} {path}")
    result = {"triples": count_lines(nt), "picks": chosen, "one_client": single,
              "clients": load, "load_average_at_end": os.getloadavg()}  # fmt: skip
    out = ROOT / "bench" / "results" / f"pages-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
