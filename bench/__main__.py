"""`python -m bench` (`make bench`): run the suite, print the tables, write bench/results/*.json.

python -m bench                         # 10k, 100k, 1M triples (about 15 minutes)
python -m bench --sizes 10000 --throughput-size 10000 --seconds 1   # a quick look
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import ROOT, machine, save
from bench.suite import GIB, run


def fmt(v: Any) -> str:
    """A cell: numbers compact, missing as '-'."""
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.2f}" if v < 100 else f"{v:.0f}"
    return str(v)


def tables(result: dict[str, Any]) -> str:
    """The result as plain-text tables."""
    lines: list[str] = []
    for size, data in result["sizes"].items():
        load = data["load"]
        mem = load["server_memory"]
        lines += [
            f"\n== {data['triples']:,} statements (target {int(size):,})",
            f"load into memory {load['memory']['seconds_first_answer']} s, "
            f"peak {load['memory']['peak_rss_bytes'] / GIB:.2f} GiB | on-disk create "
            f"{load['disk_create']['seconds_first_answer']} s, reopen "
            f"{load['disk_reopen']['seconds_first_answer']} s | production server serving "
            f"after {load['serve_from_nt_s']} s (N-Triples), {load['serve_from_store_s']} s "
            f"(store); PSS {mem['pss_bytes'] / GIB:.2f} GiB over {mem['processes']} processes",
            f"{'query':<25}{'engine med':>11}{'p95':>8}{'gskg med':>10}{'http med':>10}"
            f"{'p95':>8}{'bare http':>10}{'rdflib':>9}   (ms)",
        ]
        for name, lat in data["latency"].items():
            rd = lat.get("rdflib", {})
            rd_ms = None if rd.get("median_s") is None else rd["median_s"] * 1000
            rd_txt = fmt(rd_ms) + ("+" if rd.get("capped") else "")
            lines.append(
                f"{name:<25}{fmt(lat['engine']['median_ms']):>11}{fmt(lat['engine']['p95_ms']):>8}"
                f"{fmt(lat['gskg'].get('median_ms')):>10}{fmt(lat['http']['median_ms']):>10}"
                f"{fmt(lat['http']['p95_ms']):>8}"
                f"{fmt(lat.get('bare_http', {}).get('median_ms')):>10}{rd_txt:>9}"
                + (f"  http errors {lat['http']['errors']}" if lat["http"]["errors"] else "")
            )
        tp = data.get("throughput")
        if tp:
            lines.append(
                f"\n{'requests/s, 8 connections':<25}{'gskg':>9}{'bare':>9}"
                f"{'ratio':>7}{'gskg p50':>10}{'errors':>8}  server CPU ms/req gskg, bare"
            )
            for name, r in tp["gskg"].items():
                b = tp["bare"][name]
                ratio = r["rps"] / b["rps"] if b["rps"] else None
                lines.append(
                    f"{name:<25}{fmt(r['rps']):>9}{fmt(b['rps']):>9}{fmt(ratio):>7}"
                    f"{fmt(r['p50_ms']):>10}{r['errors']:>8}"
                    f"{fmt(r['server_cpu_ms_per_request']):>10}"
                    f"{fmt(b['server_cpu_ms_per_request']):>9}"
                )
    lines.append("\n== targets")
    for t in result["targets"]:
        lines.append(
            f"{'met   ' if t['met'] else 'MISSED'} {t['target']}: {t['value']} "
            f"(target {t['limit']})"
        )
    return "\n".join(lines)


def main() -> None:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--throughput-size", type=int, default=100_000)
    parser.add_argument("--rdflib-sizes", type=int, nargs="*", default=[100_000])
    parser.add_argument("--seconds", type=float, default=3.0, help="per throughput run")
    parser.add_argument("--cap", type=float, default=10.0, help="rdflib time cap per query")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="cache graphs here (default: a tmp dir)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="gskg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    opts = {
        "throughput_size": args.throughput_size,
        "rdflib_sizes": args.rdflib_sizes,
        "seconds": args.seconds,
        "cap": args.cap,
        "seed": args.seed,
    }
    started = time.time()
    result = run(args.sizes, workdir, opts)
    result["machine"] = machine()
    result["minutes"] = round((time.time() - started) / 60, 1)
    print(tables(result))
    path = save("suite", result)
    print(f"\nwrote {path.relative_to(ROOT)} ({result['minutes']} min)")


if __name__ == "__main__":
    main()
