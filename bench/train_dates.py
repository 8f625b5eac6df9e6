"""Fit the chooser of dated records (gskg.curate.date_model) on the corpus' dev gold.

    .venv/bin/python -m bench.train_dates            # draft, label, cross-validate, fit
    .venv/bin/python -m bench.train_dates --fit-only # fit again from bench/train_dates.json

Each dev text is drafted with every candidate date taken for a record (date_model.
Everything); each candidate that makes a proposal becomes a row: its features and whether
the scorer (bench/curate_corpus.py, Scorer.date_hit) counts its date right, and which gold
date it finds. What the model does not decide (a document's title dated by its signature)
is each text's base. Rows and bases go to bench/train_dates.json (with the CV table).
From them: leave-one-text-out cross-validation of a logistic regression (bench/logit.py)
over a grid of L2 strengths and thresholds; the choice is the highest CV dates recall
whose precision is within PRECISION_SLACK points of the rules' (a candidate is a record
when a rule read one); the fit on all texts goes to src/gskg/curate/date_model.json (the
same bytes from the same table). The model is adopted only if its CV recall is above the
rules' (else the weights file says so and the rules decide).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from bench.curate_corpus import CORPUS, ROOT, Scorer, Units, known_records, published
from bench.logit import arguments, cross_validate, cv_rows, dev_table, fit, nested_keep, pct
from gskg.curate.date_model import WEIGHTS, Everything
from gskg.curate.draft import drafter
from gskg.curate.text import read_document

TABLE = ROOT / "bench" / "train_dates.json"
LAMBDAS = [0.3, 1.0, 3.0, 10.0]
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]
# How many points of pooled dates precision (CV) the model may cost against the rules'.
PRECISION_SLACK = 3.0


def hits(s: Scorer, date: str, start: int, end: int) -> tuple[list[int], bool]:
    """(the counted gold dates a proposal of `date` in text[start:end] finds, whether it
    meets an optional one: then the scorer does not count it)."""
    p = {"date": date, "start": start, "end": end}
    gold = s.gold["dates"]
    found = [i for i, g in enumerate(gold) if not g.get("optional") and s.date_hit(p, g)]
    return found, any(g.get("optional") and s.date_hit(p, g) for g in gold)


def doc_rows(gold: dict[str, Any], records: list, onto: Any,
             units: Units) -> tuple[dict[str, Any], list[dict[str, Any]]]:  # fmt: skip
    """One text drafted with every candidate taken: its base and its rows."""
    text = read_document(CORPUS / gold["file"])
    known = known_records(records, gold["doc"])
    made = drafter(text, gold["doc"], published(gold), known, onto, dates=Everything())
    proposals = made.run()
    s = Scorer(text, gold, proposals, known, units, set())
    rows, decided = [], set()
    for r in made.date_rows:
        if r["proposal"] is None:
            continue  # a duplicate or a known record's guess: no proposal either way
        decided.add(id(r["proposal"]))
        found, optional = hits(s, r["date"], r["start"], r["end"])
        if not optional:
            rows.append({"doc": gold["doc"], "right": 1 if found else 0, "gold": found,
                         "features": r["features"]})  # fmt: skip
    base = {"gold": sum(1 for g in s.gold["dates"] if not g.get("optional")),
            "found": [], "right": 0, "counted": 0}  # fmt: skip
    for p in proposals:
        if p.get("date") and p["kind"] in ("dated", "entity") and id(p) not in decided:
            found, optional = hits(s, str(p["date"]), p["start"], p["end"])
            base["found"] = sorted(set(base["found"]) | set(found))
            base["right"] += 0 if optional else int(bool(found))
            base["counted"] += 0 if optional else 1
    return base, rows


def collect(docs: list[str] | None = None) -> dict[str, Any]:
    """The table: every dev text (or `docs`) drafted, its base and its rows."""
    return dev_table(doc_rows, docs)


def pooled(table: dict[str, Any], keep: np.ndarray) -> dict[str, list[int]]:
    """The scorer's pooled dates recall and precision when only the rows `keep` propose."""
    rows = table["rows"]
    out = {"recall": [0, 0], "precision": [0, 0]}
    for doc, base in table["docs"].items():
        kept = [r for r, k in zip(rows, keep, strict=True) if k and r["doc"] == doc]
        found = set(base["found"]).union(*(r["gold"] for r in kept))
        out["recall"] = [out["recall"][0] + len(found), out["recall"][1] + base["gold"]]
        out["precision"] = [out["precision"][0] + base["right"] + sum(r["right"] for r in kept),
                            out["precision"][1] + base["counted"] + len(kept)]  # fmt: skip
    return out


def rules(table: dict[str, Any]) -> np.ndarray:
    """The rules' choice: the candidates a rule read a record from."""
    return np.array(["rule:any" in r["features"] for r in table["rows"]], dtype=bool)


def choose(table: dict[str, Any]) -> tuple[float, float, list[dict[str, Any]]]:
    """(L2 strength, threshold, the CV table): the highest CV recall whose precision is
    within PRECISION_SLACK of the rules'; threshold 0 when none beats the rules' recall."""
    off = pooled(table, rules(table))
    floor = pct(off["precision"]) - PRECISION_SLACK
    lines, best = [], (pct(off["recall"]), pct(off["precision"]), 0.0, 0.0)
    for lam in LAMBDAS:
        prob = cross_validate(table, lam)
        for t in THRESHOLDS:
            figures = pooled(table, prob >= t)
            lines.append({"lambda": lam, "threshold": t, **figures})
            r, p = pct(figures["recall"]), pct(figures["precision"])
            if p >= floor and (r, p, -lam, -t) > (best[0], best[1], -best[2], -best[3]):
                best = (r, p, lam, t)
    return best[2], best[3], lines


def weights_file(table: dict[str, Any], lines: list[dict[str, Any]], lam: float,
                 threshold: float) -> str:  # fmt: skip
    """The JSON text of date_model.json: the choice made on CV, the fit on every text."""
    off = pooled(table, rules(table))
    on, weights = off, {}
    if threshold > 0:
        weights = fit(table["rows"], lam)
        on = next(x for x in lines if (x["lambda"], x["threshold"]) == (lam, threshold))
    data = {
        "about": "Logistic regression over gskg.curate.date_model.features; written by "
        "`python -m bench.train_dates` from bench/train_dates.json (do not edit).",
        "adopted": threshold > 0,
        "lambda": lam,
        "threshold": threshold,
        "texts": len(table["docs"]),
        "rows": len(table["rows"]),
        "cv": {"rules": off, "model": {k: on[k] for k in ("recall", "precision")}},
        "weights": {k: round(v, 4) for k, v in sorted(weights.items())},
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def report(table: dict[str, Any], lines: list[dict[str, Any]]) -> str:
    off = pooled(table, rules(table))
    cells = [f"{pct(off[k])} ({off[k][0]}/{off[k][1]})" for k in ("recall", "precision")]
    out = ["| L2 | threshold | dates recall | dates precision |", "|---|---|---|---|",
           "| rules | – | " + " | ".join(cells) + " |"]  # fmt: skip
    return "\n".join(out + cv_rows(lines, ("recall", "precision")))


def main() -> None:
    args = arguments(__doc__.splitlines()[0], WEIGHTS)
    table = json.loads(TABLE.read_text(encoding="utf-8")) if args.fit_only else collect()
    lam, threshold, lines = choose(table)
    if not args.fit_only:
        table["cv"] = lines
        TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                         encoding="utf-8")  # fmt: skip
    print(report(table, lines))
    print(f"chosen: L2 {lam}, threshold {threshold}")
    if args.nested:
        figures = pooled(table, nested_keep(table, choose, rules(table)))
        print("nested CV:", {k: f"{pct(v)} ({v[0]}/{v[1]})" for k, v in figures.items()})
    args.out.write_text(weights_file(table, lines, lam, threshold), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
