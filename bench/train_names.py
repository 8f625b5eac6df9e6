"""Fit the acceptance filter of new names (gskg.curate.accept) on the corpus' dev gold.

    .venv/bin/python -m bench.train_names            # draft, label, cross-validate, fit
    .venv/bin/python -m bench.train_names --fit-only # fit again from bench/names_train.json

Each dev text is drafted with the filter off; every NEW name proposed (an entity proposal
the filter could turn down) becomes a row: its features (accept.features) and whether the
scorer (bench/curate_corpus.py) counts it right. The rows, and per text what the filter
cannot change (known names, new records dated by dated.py), go to bench/names_train.json.
From that table alone: leave-one-text-out cross-validation of a logistic regression (plain
numpy, L2, Newton steps from zero: deterministic) over a grid of L2 strengths and
thresholds, the choice of both, and the fit on all texts written to
src/gskg/curate/names_filter.json (the same bytes from the same table).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from bench.curate_corpus import (
    CORPUS,
    NOT_ENTITIES,
    ROOT,
    Scorer,
    Units,
    known_records,
    norm,
    published,
)
from bench.logit import arguments, cross_validate, cv_rows, dev_table, fit, nested_keep, pct
from gskg.curate.accept import WEIGHTS
from gskg.curate.draft import drafter
from gskg.curate.text import read_document

TABLE = ROOT / "bench" / "names_train.json"
LAMBDAS = [0.3, 1.0, 3.0, 10.0]
THRESHOLDS = [round(0.05 * i, 2) for i in range(0, 15)]
# How much pooled entity recall (points) the filter may cost on cross-validation.
RECALL_SLACK = 2.0


def verdict(s: Scorer, p: dict[str, Any]) -> tuple[int, str | None] | None:
    """(1 right / 0 wrong, the gold entity it finds) of a new-name proposal, as the scorer
    counts it; None when the scorer does not count it (optional, or a gold dated record)."""
    label = p["label"]["zh"]
    e = s.entity_of.get(norm(label))
    if e is None and any(g.get("id") == "new" and s.date_hit(p, g) for g in s.gold["dates"]):
        return None
    if e is not None and e.get("optional"):
        return None
    if (e is not None and e.get("id", "new") != "new") or norm(label) in s.known_names:
        return 0, None
    return (1, e["name"]) if e is not None else (0, None)


def doc_rows(gold: dict[str, Any], records: list, onto: Any,
             units: Units) -> tuple[dict[str, Any], list[dict[str, Any]]]:  # fmt: skip
    """One text drafted with the filter off: what the filter cannot change, and its rows."""
    indicators = {r.id for r in records if r.type == "Indicator"}
    text = read_document(CORPUS / gold["file"])
    known = known_records(records, gold["doc"])
    made = drafter(text, gold["doc"], published(gold), known, onto, accept=False)
    proposals = made.run()
    s = Scorer(text, gold, proposals, known, units, indicators)
    scored = s.entities()
    fixed_found, fixed = set(), [0, 0]
    rows = []
    for p in proposals:
        if p["kind"] not in ("entity", "dated") or not isinstance(p.get("label"), dict):
            continue
        if p.get("id") in s.ids or p.get("type") in NOT_ENTITIES:
            continue
        v = verdict(s, p)
        if v is None:
            continue
        if p["id"] not in made.features:  # not a name the filter sees (dated.py's records)
            fixed = [fixed[0] + v[0], fixed[1] + 1]
            fixed_found |= {v[1]} - {None}
            continue
        rows.append({"doc": gold["doc"], "name": p["label"]["zh"], "right": v[0],
                     "gold": v[1], "features": made.features[p["id"]]})  # fmt: skip
    new_right, new_counted = scored["entities_new_precision"]
    base = {
        "counted": scored["entities"][1],
        "known_found": scored["entities_known"][0],
        "known_right": scored["entities_precision"][0] - new_right,
        "known_counted": scored["entities_precision"][1] - new_counted,
        "fixed_found": sorted(fixed_found),
        "fixed": fixed,
    }
    return base, rows


def collect(docs: list[str] | None = None) -> dict[str, Any]:
    """The table: every dev text (or `docs`) drafted, its base figures and its rows."""
    return dev_table(doc_rows, docs)


def pooled(table: dict[str, Any], keep: np.ndarray) -> dict[str, list[int]]:
    """The scorer's pooled entity figures when only the rows `keep` are proposed."""
    rows = table["rows"]
    out = {"recall": [0, 0], "precision": [0, 0], "new": [0, 0]}
    for doc, base in table["docs"].items():
        kept = [r for r, k in zip(rows, keep, strict=True) if k and r["doc"] == doc]
        found = set(base["fixed_found"]) | {r["gold"] for r in kept if r["gold"]}
        right = base["fixed"][0] + sum(r["right"] for r in kept)
        counted = base["fixed"][1] + len(kept)
        out["recall"] = [out["recall"][0] + base["known_found"] + len(found),
                         out["recall"][1] + base["counted"]]  # fmt: skip
        out["precision"] = [out["precision"][0] + base["known_right"] + right,
                            out["precision"][1] + base["known_counted"] + counted]  # fmt: skip
        out["new"] = [out["new"][0] + right, out["new"][1] + counted]
    return out


def choose(table: dict[str, Any]) -> tuple[float, float, list[dict[str, Any]]]:
    """(L2 strength, threshold, the CV table): the highest CV entity precision whose recall
    is within RECALL_SLACK points of the unfiltered one (threshold 0: the filter off)."""
    everything = pooled(table, np.ones(len(table["rows"]), dtype=bool))
    floor = pct(everything["recall"]) - RECALL_SLACK
    lines, best = [], (pct(everything["precision"]), 0.0, 0.0)
    for lam in LAMBDAS:
        prob = cross_validate(table, lam)
        for t in THRESHOLDS:
            figures = pooled(table, prob >= t)
            lines.append({"lambda": lam, "threshold": t, **figures})
            ok = pct(figures["recall"]) >= floor
            if ok and (pct(figures["precision"]), -lam, -t) > (best[0], -best[1], -best[2]):
                best = (pct(figures["precision"]), lam, t)
    return best[1], best[2], lines


def nested(table: dict[str, Any]) -> dict[str, list[int]]:
    """The pooled figures when each text's L2 strength and threshold are chosen, and the
    model fitted, without it (nested leave-one-text-out: an estimate free of the choice)."""
    return pooled(table, nested_keep(table, choose, np.ones(len(table["rows"]), dtype=bool)))


def weights_file(table: dict[str, Any]) -> str:
    """The JSON text of names_filter.json: the choice made on CV, the fit on every text."""
    lam, threshold, lines = choose(table)
    off = pooled(table, np.ones(len(table["rows"]), dtype=bool))
    weights, chosen = {"bias": 0.0}, off  # nothing beats the filter off: it accepts all
    if threshold > 0:
        weights = fit(table["rows"], lam)
        chosen = next(x for x in lines if (x["lambda"], x["threshold"]) == (lam, threshold))
    data = {
        "about": "Logistic regression over gskg.curate.accept.features; written by "
        "`python -m bench.train_names` from bench/names_train.json (do not edit).",
        "lambda": lam,
        "threshold": threshold,
        "texts": len(table["docs"]),
        "rows": len(table["rows"]),
        "cv": {"off": off, "on": {k: chosen[k] for k in ("recall", "precision", "new")}},
        "weights": {k: round(v, 4) for k, v in sorted(weights.items())},
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def report(lines: list[dict[str, Any]]) -> str:
    out = ["| L2 | threshold | entities recall | entities precision | new precision |",
           "|---|---|---|---|---|"]  # fmt: skip
    return "\n".join(out + cv_rows(lines, ("recall", "precision", "new")))


def main() -> None:
    args = arguments(__doc__.splitlines()[0], WEIGHTS)
    if args.fit_only:
        table = json.loads(TABLE.read_text(encoding="utf-8"))
    else:
        table = collect()
        TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                         encoding="utf-8")  # fmt: skip
    print(report(choose(table)[2]))
    if args.nested:
        figures = nested(table)
        print("nested CV:", {k: f"{pct(v)} ({v[0]}/{v[1]})" for k, v in figures.items()})
    args.out.write_text(weights_file(table), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
