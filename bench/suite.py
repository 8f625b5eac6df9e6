"""The benchmark suite (`python -m bench`, `make bench`): issue 8's measurements in one run.

Per graph size (10k, 100k, 1M triples of gskg-shaped data):
- load: N-Triples → in-memory store, → on-disk store, and reopening it (fresh processes);
  the production server's time from command to first answer, from N-Triples and from the
  on-disk store, and its memory (PSS of all its processes);
- latency, one request at a time: each query of the mix in-process (pyoxigraph, and gskg's
  own `run_query`) and over HTTP to the production server (median, p95);
at the throughput size (100k): requests/s at concurrency 8 against the production server and
the bare Flask + pyoxigraph app (bench/bare_app.py), and rdflib's engine with a time cap.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store

from bench import client, loading, reference, servers
from bench.dataset import count_lines, dataset
from bench.mix import Query, query_mix

MS = 1000.0
GIB = 1 << 30


def say(text: str) -> None:
    """Progress on stderr."""
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def stats(times: list[float], errors: int = 0) -> dict[str, Any]:
    """Median and p95 in milliseconds."""
    if not times:
        return {"median_ms": None, "p95_ms": None, "n": 0, "errors": errors}
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_ms": round(statistics.median(ordered) * MS, 3),
        "p95_ms": round(p95 * MS, 3),
        "n": len(times),
        "errors": errors,
    }


def engine_call(store: Store, q: Query) -> bool:
    """Run `q` on pyoxigraph and serialise its answer as the HTTP path does."""
    result = store.query(q.text, use_default_graph_as_union=True)
    if isinstance(result, QuerySolutions | QueryBoolean):
        result.serialize(format=QueryResultsFormat.JSON)
    else:
        result.serialize(format=RdfFormat.N_TRIPLES)
    return True


def gskg_call(store: Store, q: Query) -> bool:
    """The endpoint's own pure function (checks, negotiation, capped serialisation)."""
    from gskg.sparql.engine import run_query

    run_query(store, q.text, q.accept, max_rows=servers.MAX_ROWS)
    return True


def measure_size(size: int, workdir: Path, mix: list[Query], opts: dict[str, Any]) -> dict:
    """Everything measured on one graph size."""
    say(f"{size:,} triples: preparing the graph")
    nt = dataset(size, workdir, opts["seed"])
    out: dict[str, Any] = {"target_triples": size, "triples": count_lines(nt), "load": {}}
    say(f"  {out['triples']:,} statements in {nt}; load times")
    store_dir = workdir / f"store-{size}"
    shutil.rmtree(store_dir, ignore_errors=True)
    store_dir.with_name(store_dir.name + ".gskg-stamp.json").unlink(missing_ok=True)
    out["load"]["memory"] = loading.measure("memory", nt)
    out["load"]["disk_create"] = loading.measure("disk", nt, store_dir)
    out["load"]["disk_reopen"] = loading.measure("disk", nt, store_dir)

    from gskg.sparql.store import open_store

    store = open_store(nt)
    lat: dict[str, dict[str, Any]] = {q.name: {} for q in mix}
    say("  in-process latency (pyoxigraph, gskg run_query)")
    for q in mix:
        lat[q.name]["engine"] = stats(*client.sample(lambda q=q: engine_call(store, q)))
        try:
            lat[q.name]["gskg"] = stats(*client.sample(lambda q=q: gskg_call(store, q)))
        except Exception as exc:  # noqa: BLE001 - a refused query is a result, reported
            lat[q.name]["gskg"] = {"error": repr(exc)[:200]}
    say("  production server from N-Triples: startup, memory, HTTP latency")
    with servers.production(nt) as srv:
        out["load"]["serve_from_nt_s"] = round(srv.startup_seconds, 3)
        time.sleep(0.5)
        out["load"]["server_memory"] = srv.memory()
        for q in mix:
            target = client.Target(
                "127.0.0.1", srv.port, client.request_path("/sparql", q.text), q.accept
            )
            lat[q.name]["http"] = stats(*client.latency(target))
        if size == opts["throughput_size"]:
            out["throughput"] = {"gskg": throughput(srv, mix, opts)}
    say("  production server from the on-disk store: startup")
    with servers.production(nt, store=store_dir) as srv:
        out["load"]["serve_from_store_s"] = round(srv.startup_seconds, 3)
        time.sleep(0.5)
        out["load"]["server_memory_store"] = srv.memory()
    if size == opts["throughput_size"]:
        say("  bare Flask + pyoxigraph app")
        with servers.bare(nt) as srv:
            for q in mix:
                path = client.request_path("/sparql", q.text)
                target = client.Target("127.0.0.1", srv.port, path, q.accept)
                lat[q.name]["bare_http"] = stats(*client.latency(target))
            out["throughput"]["bare"] = throughput(srv, mix, opts)
    if size in opts["rdflib_sizes"]:
        say(f"  rdflib's engine (cap {opts['cap']} s per query)")
        ds, seconds = reference.load(nt)
        out["rdflib_load_s"] = round(seconds, 2)
        for q in mix:
            lat[q.name]["rdflib"] = reference.timed(ds, q, opts["cap"])
        del ds
    out["latency"] = lat
    return out


def throughput(srv: servers.Server, mix: list[Query], opts: dict[str, Any]) -> dict[str, Any]:
    """Requests/s per query at concurrency 8 against one server, and its CPU per request."""
    out = {}
    for q in mix:
        path = client.request_path("/sparql", q.text)
        target = client.Target("127.0.0.1", srv.port, path, q.accept)
        cpu = srv.cpu_seconds()
        out[q.name] = client.throughput(target, concurrency=8, seconds=opts["seconds"])
        spent = srv.cpu_seconds() - cpu  # includes the warm-up requests: a slight overcount
        out[q.name]["server_cpu_ms_per_request"] = round(
            spent * MS / max(1, out[q.name]["requests"]), 3
        )
    return out


def run(sizes: list[int], workdir: Path, opts: dict[str, Any]) -> dict[str, Any]:
    """The whole suite; returns the JSON-able result (targets included)."""
    mix = query_mix()
    result: dict[str, Any] = {"sizes": {}, "options": {k: v for k, v in opts.items()}}
    for size in sizes:
        result["sizes"][str(size)] = measure_size(size, workdir, mix, opts)
    result["targets"] = targets(result)
    return result


def _get(d: dict, *keys: Any) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 8's targets with the measured values."""
    out: list[dict[str, Any]] = []

    def check(name: str, value: Any, ok: bool | None, limit: str) -> None:
        out.append({"target": name, "value": value, "limit": limit, "met": bool(ok)})

    sizes = result["sizes"]
    big = sizes.get(str(max(int(s) for s in sizes))) if sizes else None
    if big:
        tag = f"{big['triples']:,} triples"
        v = big["load"]["serve_from_nt_s"]
        check(f"{tag}: serving from N-Triples (s)", v, v < 5, "< 5")
        v = big["load"]["serve_from_store_s"]
        check(f"{tag}: serving from on-disk store (s)", v, v < 1, "< 1")
        v = round(big["load"]["server_memory"]["pss_bytes"] / GIB, 3)
        check(f"{tag}: server memory, PSS (GiB)", v, v < 1, "< 1")
        for name in ("label", "provenance"):
            v = _get(big, "latency", name, "http", "median_ms")
            check(f"{tag}: HTTP median {name} (ms)", v, v is not None and v < 5, "< 5")
    for size, data in sizes.items():
        slow = []
        for name, lat in data["latency"].items():
            h, e = _get(lat, "http", "median_ms"), _get(lat, "engine", "median_ms")
            if h is None or e is None or h > 1.5 * e + 2:
                slow.append(f"{name} ({h} vs {e})")
        check(
            f"{size}: HTTP median ≤ 1.5 × in-process + 2 ms, every query",
            slow or "all",
            not slow,
            "all queries",
        )
        tp = data.get("throughput")
        if tp:
            for name in ("label", "provenance"):
                v = tp["gskg"][name]["rps"]
                check(f"{size}: {name} requests/s at concurrency 8", v, v >= 2000, "≥ 2000")
            low = [
                f"{n} ({r['rps']} vs bare {tp['bare'][n]['rps']})"
                for n, r in tp["gskg"].items()
                if r["rps"] < 0.5 * tp["bare"][n]["rps"]
            ]
            check(
                f"{size}: every query ≥ half the bare app's rate",
                low or "all",
                not low,
                "all queries",
            )
            errors = sum(r["errors"] for r in tp["gskg"].values())
            check(f"{size}: errors under load", errors, errors == 0, "0")
        ratios = [
            lat["rdflib"]["median_s"] * MS / lat["engine"]["median_ms"]
            for lat in data["latency"].values()
            if _get(lat, "rdflib", "median_s") and _get(lat, "engine", "median_ms")
        ]
        if ratios:
            v = round(statistics.median(ratios), 1)
            check(
                f"{size}: pyoxigraph vs rdflib, median speed-up over the mix", v, v >= 100, "≥ 100×"
            )
    return out
