"""Build once, serve many (issue 19, item 6): from `gskg serve` to the first search answer,
and the memory of each serving process, on a built graph (dist/ holds catalog.bin).

    python -m bench.serve_start --triples 1000000 10000000 --workdir /tmp/gskg-bench
    python -m bench.serve_start --triples 10000000 --store      # RocksDB store (--store)

The production command (`gskg serve --workers 2`) is started; the clock stops when
`/search.json?q=广州` answers 200 with `res:guangzhou` among its hits — the store loaded and
the catalog and search index ready (opened from dist/catalog.bin, or, with `--no-file`,
built by the server from its store as before).  Then each process of the group is listed
with its PSS and RSS (smaps_rollup) after a few searches and a browse page.  With
`--store`, the on-disk store is made by a first start (not timed) and the timed start
reopens it, as a restarted server does.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import time
from pathlib import Path
from urllib.parse import quote

from bench import ROOT, servers
from bench.dataset import count_lines, dataset

TARGET = "https://w3id.org/gskg/resource/guangzhou"
QUERIES = ["广州", "深圳", "pazhou", "实验室", "人工智能"]


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request("GET", path)
    resp = conn.getresponse()
    return resp.status, resp.read()


def _process_memory(srv: servers.Server) -> list[dict]:
    rows = []
    for pid in sorted(srv.pids()):
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:60]
        except OSError:
            continue
        fields = {ln.split()[0].rstrip(":"): int(ln.split()[1]) for ln in text.splitlines()[1:]}
        rows.append({"pid": pid, "cmd": cmd, "pss_mib": fields.get("Pss", 0) / 1024,
                     "rss_mib": fields.get("Rss", 0) / 1024})  # fmt: skip
    return rows


def measure(nt: Path, store: bool, use_file: bool) -> dict:
    """Start the production command, time it to a search answer, then its memory."""
    hidden = nt.parent / "catalog.bin.hidden"
    if not use_file:
        shutil.move(nt.parent / "catalog.bin", hidden)
    store_dir = nt.parent.parent / "store" if store else None
    try:
        if store_dir is not None and not store_dir.exists():
            with servers.production(nt, store=store_dir):  # makes the on-disk store once
                pass
        srv = servers.production(nt, store=store_dir)
        srv.ready_path = "/search.json?q=" + quote("广州")
        t0 = time.perf_counter()
        with srv:
            while True:  # 200 may come before the index (a first search builds it, then)
                status, body = _get(srv.port, srv.ready_path)
                if status == 200 and TARGET in body.decode():
                    break
                time.sleep(0.05)
            seconds = time.perf_counter() - t0
            cpu = srv.cpu_seconds()  # the group's CPU to get there (steadier on a busy VM)
            for q in QUERIES:
                _get(srv.port, "/search.json?q=" + quote(q))
            _get(srv.port, "/browse/Agent")
            memory = _process_memory(srv)
    finally:
        if hidden.exists():
            shutil.move(hidden, nt.parent / "catalog.bin")
    return {"seconds_to_search": seconds, "cpu_seconds": cpu, "processes": memory, "store": store,
            "catalog_file": use_file}  # fmt: skip


def main() -> None:
    """Measure each size, print a table, save the JSON."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, nargs="+", default=[1_000_000])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/gskg-bench"))
    ap.add_argument("--store", action="store_true", help="serve from an on-disk store")
    ap.add_argument("--no-file", action="store_true", help="hide dist/catalog.bin (before)")
    args = ap.parse_args()
    results = []
    for triples in args.triples:
        nt = dataset(triples, args.workdir)
        row = {"triples": count_lines(nt), "nt": str(nt),
               **measure(nt, args.store, not args.no_file)}  # fmt: skip
        results.append(row)
        top = max(p["pss_mib"] for p in row["processes"])
        print(f"{row['triples']:>11,} triples: search answered {row['seconds_to_search']:.1f} s "
              f"after start ({row['cpu_seconds']:.1f} CPU s); largest process PSS {top:.0f} MiB "
              f"({len(row['processes'])} processes)")  # fmt: skip
        for p in row["processes"]:
            print(f"    {p['pid']:>7} PSS {p['pss_mib']:8.0f} MiB  RSS {p['rss_mib']:8.0f} MiB  "
                  f"{p['cmd']}")  # fmt: skip
    out = ROOT / "bench" / "results" / f"serve-start-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    payload = {"runs": results, "load_average_at_end": os.getloadavg()}
    out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
