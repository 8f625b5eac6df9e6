"""Benchmark of `gskg build`: wall time and peak memory for the shipped data and 1k–100k records.

Each build runs as its own `gskg build` process; its peak resident memory comes from
`os.wait4` (the kernel's `ru_maxrss` of that one child, so runs do not mix).  Synthetic data
comes from `bench.generate` (seeded) and is cached in the work directory.

    python -m bench.build_bench                    # shipped, 1k, 10k, 100k
    python -m bench.build_bench --sizes 1000 --profile 10000   # + a cProfile of 10k in-process

Targets (issue 2): shipped < 2 s; 100k < 60 s and < 2 GiB; 100k / 10k time ratio ≤ 12.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import ROOT, machine, save
from bench.generate import generate

GSKG = Path(sys.executable).parent / "gskg"
GIB = 1 << 30


#: `gskg build` with Python's cyclic garbage collector off (the --no-gc experiment: the
#: collector re-scans the growing YAML node tree; see bench/README.md).
NO_GC = "import gc, sys; gc.disable(); from gskg.cli import main; sys.argv[0] = 'gskg'; main()"


def timed_build(data: Path, out: Path, label: str, no_gc: bool = False) -> dict[str, Any]:
    """Run `gskg build` once as a child process; return seconds, peak RSS and its status."""
    prefix = [sys.executable, "-c", NO_GC] if no_gc else [str(GSKG)]
    cmd = [
        *prefix,
        "build",
        "--data",
        str(data),
        "--ontology",
        str(ROOT / "ontology"),
        "--out",
        str(out),
    ]
    log = out.with_suffix(".log")
    start = time.perf_counter()
    with log.open("wb") as fh:
        pid = os.posix_spawn(
            cmd[0],
            cmd,
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, fh.fileno(), 1),
                (os.POSIX_SPAWN_DUP2, fh.fileno(), 2),
            ],
        )
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            elapsed = time.perf_counter() - start
            if done:
                break
            if sys.stderr.isatty():
                print(f"\r  {label:<10} building … {elapsed:6.1f} s", end="", file=sys.stderr)
            time.sleep(0.1)
    code = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss * 1024  # kilobytes on Linux
    print(
        f"\r  {label:<10} {elapsed:7.2f} s  {rss / GIB:5.2f} GiB  exit {code}" + " " * 8,
        file=sys.stderr,
    )
    tail = log.read_text(errors="replace").strip().splitlines()[-1:] if code else []
    return {
        "seconds": round(elapsed, 3),
        "peak_rss_bytes": rss,
        "exit": code,
        "error": tail,
        "triples": triples_in(out),
    }


def triples_in(out: Path) -> int:
    """Lines of the built N-Triples (0 when the build failed)."""
    nt = out / "gskg.nt"
    if not nt.exists():
        return 0
    with nt.open("rb") as fh:
        return sum(1 for _ in fh)


def profile_build(data: Path, out: Path, top: int = 25) -> str:
    """cProfile of one in-process build; the `top` functions by cumulative and own time."""
    from gskg.pipeline import build_dist

    profiler = cProfile.Profile()
    profiler.runcall(build_dist, data, ROOT / "ontology", out)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return text.getvalue()


def run(
    sizes: list[int], repeat: int, workdir: Path, seed: int, no_gc: bool = False
) -> dict[str, Any]:
    """Build the shipped data (`repeat` times, median) and each synthetic size once."""
    rows: list[dict[str, Any]] = []
    cases: list[tuple[str, Path, int | None]] = [("shipped", ROOT / "data", None)]
    for n in sizes:
        data = workdir / f"data-{n}-s{seed}"
        if not (data / "sources.yaml").exists():
            print(f"  generating {n} records → {data}", file=sys.stderr)
            generate(n, data, seed)
        cases.append((f"{n // 1000}k" if n % 1000 == 0 else str(n), data, n))
    for label, data, n in cases:
        runs = []
        for i in range(repeat if n is None else 1):
            out = workdir / f"out-{label}"
            shutil.rmtree(out, ignore_errors=True)
            name = label if i == 0 else f"{label} #{i + 1}"
            runs.append(timed_build(data, out, name, no_gc))
        runs.sort(key=lambda r: r["seconds"])
        best = runs[len(runs) // 2]
        rows.append(
            {
                "case": label,
                "records": n,
                "triples": triples_in(out),
                **best,
                "runs": [r["seconds"] for r in runs],
            }
        )
    return {"rows": rows, "checks": checks(rows)}


def checks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured figure and whether it is met."""
    by = {r["case"]: r for r in rows if r["exit"] == 0}  # a failed build meets no target
    out: list[dict[str, Any]] = []

    def check(name: str, value: float | None, limit: float) -> None:
        ok = value is not None and value <= limit
        out.append({"target": name, "value": value, "limit": limit, "met": ok})

    def get(case: str, key: str) -> float | None:
        return by[case][key] if case in by else None

    shipped, big, small = get("shipped", "seconds"), get("100k", "seconds"), get("10k", "seconds")
    rss = get("100k", "peak_rss_bytes")
    check("shipped build seconds", shipped, 2.0)
    check("100k build seconds", big, 60.0)
    check("100k peak GiB", None if rss is None else round(rss / GIB, 3), 2.0)
    check("100k/10k time ratio", round(big / small, 2) if big and small else None, 12)
    return out


def table(result: dict[str, Any]) -> str:
    """The result as a plain-text table."""
    lines = [f"{'case':<9}{'records':>9}{'triples':>11}{'seconds':>10}{'peak MiB':>10}  exit"]
    for r in result["rows"]:
        lines.append(
            f"{r['case']:<9}{r['records'] or '-':>9}{r['triples']:>11}{r['seconds']:>10.2f}"
            f"{r['peak_rss_bytes'] / (1 << 20):>10.0f}  {r['exit']}"
        )
    lines.append("")
    for c in result["checks"]:
        mark = "met   " if c["met"] else "MISSED"
        lines.append(f"{mark} {c['target']}: {c['value']} (limit {c['limit']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the shipped data")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="keep generated data here (default: tmp)")
    parser.add_argument("--profile", type=int, metavar="N", help="also cProfile a build of N")
    parser.add_argument(
        "--no-gc", action="store_true", help="experiment: build with Python's cyclic GC off"
    )
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="gskg-build-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    result = run(args.sizes, args.repeat, workdir, args.seed, args.no_gc)
    result["no_gc"] = args.no_gc
    result["machine"] = machine()
    result["command"] = " ".join(["python -m bench.build_bench", *(argv or sys.argv[1:])])
    if args.profile:
        data = workdir / f"data-{args.profile}-s{args.seed}"
        if not (data / "sources.yaml").exists():
            generate(args.profile, data, args.seed)
        result["profile"] = profile_build(data, workdir / "out-profile")
        print(result["profile"])
    print(table(result))
    path = save("build", result)
    print(f"\nwrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
