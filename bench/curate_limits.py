"""What `gskg curate` costs by input size, and the review page by proposal count (issue 18,
item 7; not a timed test).

    .venv/bin/python -m bench.curate_limits [--sizes 16,64,256,1024] [--proposals 1000,4000,16000]

drafting   a document of N KB (the four seed texts repeated) is drafted and its review file
           written in a child process (`draft()` and `write_review()`, as `gskg curate`
           runs them, without the size limit): seconds (of which drafting) and the child's
           peak RSS.  This is what MAX_DOCUMENT_BYTES is chosen from.
html       `render()` of a review with P proposals spread over a 200 KB text: seconds.
           Linear rendering keeps seconds / proposal flat as P grows.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from bench import ROOT, machine, save

SEEDS = ROOT.parent / "shared" / "seeds"
CHILD = """
import json, resource, sys, time
from pathlib import Path
from gskg.curate.draft import draft
from gskg.curate.entities import Gazetteer
from gskg.curate.review import write_review
from gskg.curate.text import decode
from gskg.pipeline.load import load_data
from gskg.ontology import load_ontology
records, _ = load_data(Path("data"))
onto = load_ontology(Path("ontology"))
Gazetteer.from_records([])  # jieba's dictionary, loaded once
text = decode(Path(sys.argv[1]).read_bytes(), sys.argv[1])
start = time.perf_counter()
proposals = draft(text, "bench-doc", None, records, onto)
drafted = time.perf_counter() - start
write_review(Path(sys.argv[1] + ".review.yaml"), "bench-doc", Path(sys.argv[1]), text, proposals)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": round(seconds, 2), "draft_s": round(drafted, 2),
                  "peak_mib": round(peak / 2**20), "proposals": len(proposals)}))
"""


def document(kb: int) -> str:
    """The seed texts, repeated and cut to `kb` KB of UTF-8 (at a character boundary)."""
    seeds = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("0*.txt")))
    data = (seeds * (kb * 1024 // len(seeds.encode()) + 1)).encode()[: kb * 1024]
    return data.decode("utf-8", errors="ignore")


def drafting(sizes: list[int], workdir: Path, timeout: float) -> list[dict]:
    rows = []
    for kb in sizes:
        path = workdir / f"doc-{kb}.txt"
        path.write_text(document(kb), encoding="utf-8")
        try:
            run = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT,
                                 capture_output=True, text=True, timeout=timeout)  # fmt: skip
            row = json.loads(run.stdout) if run.returncode == 0 else {"error": run.stderr[-200:]}
        except subprocess.TimeoutExpired:
            row = {"error": f"over {timeout:.0f} s"}
        rows.append({"kb": kb, **row})
        print(f"draft {kb:>5} KB: {row}", flush=True)
    return rows


def html(counts: list[int]) -> list[dict]:
    from gskg.curate.html import render
    from gskg.curate.review import Review

    text = document(200)
    rows = []
    for n in counts:
        step = max(1, (len(text) - 8) // n)
        proposals = [
            {"kind": "figure", "why": f"p{i}", "quote": text[i * step : i * step + 6],
             "found": {"text": text[i * step : i * step + 6], "start": i * step,
                       "end": i * step + 6}}
            for i in range(n)
        ]  # fmt: skip
        review = Review(Path("bench.yaml"), "bench-doc", Path("bench.txt"), text, proposals)
        start = time.perf_counter()
        page = render(review)
        seconds = time.perf_counter() - start
        rows.append({"proposals": n, "seconds": round(seconds, 2),
                     "us_per_proposal": round(seconds / n * 1e6), "bytes": len(page)})  # fmt: skip
        print(f"html {n:>6} proposals: {rows[-1]}", flush=True)
    return rows


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="16,64,256,1024", help="document sizes in KB")
    parser.add_argument("--proposals", default="1000,4000,16000", help="review sizes")
    parser.add_argument("--timeout", type=float, default=180.0, help="per drafting run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [int(s) for s in args.sizes.split(",") if s]
        result = {"drafting": drafting(sizes, Path(tmp), args.timeout),
                  "html": html([int(n) for n in args.proposals.split(",") if n])}  # fmt: skip
    print(f"wrote {save('curate-limits', result | {'machine': machine()})}")


if __name__ == "__main__":
    main()
