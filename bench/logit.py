"""Logistic regression for the learned filters of `gskg curate` (bench/train_names.py,
bench/train_dates.py): their table of the dev texts, plain numpy, L2, Newton steps from
zero (deterministic), and leave-one-text-out cross-validation. A row is {"doc", "right"
(0/1), "features"}."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bench.curate_corpus import CORPUS, ROOT, Units, load_gold
from gskg.ontology import load_ontology
from gskg.pipeline.load import load_data

# doc_rows(gold, records, ontology, units) → (the text's base, its rows)
DocRows = Callable[[dict[str, Any], list, Any, Units], tuple[dict[str, Any], list[dict[str, Any]]]]


def dev_table(doc_rows: DocRows, docs: list[str] | None = None) -> dict[str, Any]:
    """A trainer's table: every dev text (or `docs`) with `doc_rows`' base and rows."""
    records, problems = load_data(ROOT / "data")
    if problems:
        raise SystemExit(f"data/ does not load: {problems[0]}")
    onto, units = load_ontology(ROOT / "ontology"), Units(records)
    table: dict[str, Any] = {"docs": {}, "rows": []}
    for path in sorted((CORPUS / "gold").glob("*.yaml")):
        gold = load_gold(path)
        if gold["split"] != "dev" or (docs is not None and gold["doc"] not in docs):
            continue  # held-out gold is never read for tuning
        base, rows = doc_rows(gold, records, onto, units)
        table["docs"][gold["doc"]] = base
        table["rows"] += rows
    return table


def matrix(rows: list[dict[str, Any]], names: list[str]) -> np.ndarray:
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        for k, v in row["features"].items():
            if k in index:
                x[r, index[k]] = v
    return x


def fit(rows: list[dict[str, Any]], lam: float) -> dict[str, float]:
    """L2-penalised logistic regression (the bias unpenalised) by 30 Newton steps from 0."""
    names = sorted({k for row in rows for k in row["features"]})
    x, y = matrix(rows, names), np.array([row["right"] for row in rows], dtype=float)
    penalty = np.full(len(names), lam)
    penalty[names.index("bias")] = 1e-6
    w = np.zeros(len(names))
    for _ in range(30):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        w = w - np.linalg.solve(hess, grad)
    return {n: float(v) for n, v in zip(names, w, strict=True)}


def predict(weights: dict[str, float], rows: list[dict[str, Any]]) -> np.ndarray:
    names = sorted(weights)
    z = matrix(rows, names) @ np.array([weights[n] for n in names])
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


def cross_validate(table: dict[str, Any], lam: float) -> np.ndarray:
    """Each row's probability from the model fitted on the other texts' rows."""
    rows = table["rows"]
    out = np.zeros(len(rows))
    for doc in table["docs"]:
        inside = [i for i, r in enumerate(rows) if r["doc"] == doc]
        if inside:
            weights = fit([r for r in rows if r["doc"] != doc], lam)
            out[inside] = predict(weights, [rows[i] for i in inside])
    return out


def nested_keep(table: dict[str, Any], choose: Callable[[dict[str, Any]], tuple],
                off: np.ndarray) -> np.ndarray:  # fmt: skip
    """Which rows a model keeps when each text's L2 strength and threshold are chosen
    (`choose` of the other texts' table: (L2, threshold, …), threshold 0 for no model) and
    the model fitted without it; `off`: what is kept without a model. Nested leave-one-
    text-out: its pooled figures are an estimate free of the choice."""
    rows = table["rows"]
    keep = off.copy()
    for doc in table["docs"]:
        inside = [i for i, r in enumerate(rows) if r["doc"] == doc]
        rest = {"docs": {d: b for d, b in table["docs"].items() if d != doc},
                "rows": [r for r in rows if r["doc"] != doc]}  # fmt: skip
        lam, threshold = choose(rest)[:2]
        if inside and threshold > 0:
            prob = predict(fit(rest["rows"], lam), [rows[i] for i in inside])
            keep[inside] = prob >= threshold
    return keep


def pct(v: list[int]) -> float:
    return round(100 * v[0] / v[1], 1) if v[1] else 0.0


def cv_rows(lines: list[dict[str, Any]], keys: tuple[str, ...]) -> list[str]:
    """One Markdown row per (L2, threshold) of a CV table: each key's percentage (hits/n)."""
    out = []
    for x in lines:
        cells = [f"{pct(x[k])} ({x[k][0]}/{x[k][1]})" for k in keys]
        out.append(f"| {x['lambda']} | {x['threshold']} | " + " | ".join(cells) + " |")
    return out


def arguments(description: str, weights: Path) -> argparse.Namespace:
    """The trainers' command line: --fit-only, --out, --nested."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--fit-only", action="store_true", help="Fit from the table as it is.")
    parser.add_argument("--out", type=Path, default=weights, help="Where the weights go.")
    parser.add_argument("--nested", action="store_true", help="Also nested CV (slow).")
    return parser.parse_args()
