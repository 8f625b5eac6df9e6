"""Leave-one-document-out benchmark of `gskg curate` (not a timed test).

For each seed document D: the known records are those of the other three documents (and
D's own records that another document refers to); `gskg curate` drafts proposals for D;
they are compared with the records curated by hand for D.

    .venv/bin/python -m bench.curate_bench [--seeds ../shared/seeds] [--json FILE]

figures   recall: D's observations whose value and unit are proposed from the same
          sentence; precision: figure proposals that match such an observation.
dates     recall: D's agreements, policies, events and foundings with a date whose date is
          proposed from the same sentence; precision: proposals with a date that match one.
entities  recall: D's places, platforms, organisations and people proposed, as known
          (by id) or new (by Chinese label or alias), anywhere in the document.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from gskg.curate.draft import draft
from gskg.curate.entities import Gazetteer
from gskg.curate.text import read_document
from gskg.ontology import load_ontology
from gskg.pipeline.load import Record, load_data
from gskg.values import parse_date

ROOT = Path(__file__).resolve().parent.parent
ENTITY_CLASSES = ("Place", "Platform", "Organization", "Person")
REF_KEYS = ("area", "indicator", "parties", "issued_by", "supports", "founded_by", "place",
            "occasion", "topics")  # fmt: skip


def referenced(rec: Record) -> set[str]:
    """Ids a record refers to (fields, relations, roles)."""
    out: set[str] = set()
    for key in REF_KEYS:
        value = rec.data.get(key)
        out.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    for item in (rec.data.get("relations") or []) + (rec.data.get("roles") or []):
        out.update(
            v for k, v in item.items() if k not in ("doc", "quote", "note") and isinstance(v, str)
        )
    return out


def known_records(records: list[Record], doc: str) -> list[Record]:
    """What the graph of the other documents holds."""
    others = [r for r in records if r.data.get("doc") != doc]
    named = set().union(*(referenced(r) for r in others))
    return others + [r for r in records if r.data.get("doc") == doc and r.id in named]


class Spans:
    """Where a quote sits in the text, whitespace ignored (as verify-sources reads quotes)."""

    def __init__(self, text: str) -> None:
        self.index = [i for i, c in enumerate(text) if not c.isspace()]
        self.squashed = "".join(text[i] for i in self.index)

    def of(self, quote: str) -> tuple[int, int] | None:
        q = re.sub(r"\s+", "", quote)
        at = self.squashed.find(q)
        if at < 0 or not q:
            return None
        return self.index[at], self.index[at + len(q) - 1] + 1


def overlaps(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def same_amount(p: dict, r: Record) -> bool:
    return Decimal(str(p["value"])) == Decimal(str(r.data["value"])) and p["unit"] == r.data["unit"]


def same_date(p: dict, r: Record) -> bool:
    return parse_date(p["date"]).text == parse_date(r.data["date"]).text


def ratio(hit: int, total: int) -> float | None:
    return round(100 * hit / total, 1) if total else None


def score(doc: str, text: str, proposals: list[dict], own: list[Record], onto) -> dict[str, Any]:  # noqa: ANN001
    spans = Spans(text)
    where = {r.id: spans.of(r.data.get("quote", "")) for r in own}
    obs = [r for r in own if r.type == "Observation"]
    dated = [r for r in own if r.data.get("date") is not None and r.type != "SourceDocument"]
    ents = [r for r in own if any(onto.is_a(r.type, c) for c in ENTITY_CLASSES)]
    figs = [p for p in proposals if p["kind"] == "figure"]
    dps = [p for p in proposals if p.get("date") and p["kind"] in ("dated", "entity")]
    span = lambda p: (p["start"], p["end"])  # noqa: E731
    fig_hit = [
        r for r in obs if any(overlaps(where[r.id], span(p)) and same_amount(p, r) for p in figs)
    ]
    fig_ok = [
        p for p in figs if any(overlaps(where[r.id], span(p)) and same_amount(p, r) for r in obs)
    ]
    date_hit = [
        r for r in dated if any(overlaps(where[r.id], span(p)) and same_date(p, r) for p in dps)
    ]
    date_ok = [
        p for p in dps if any(overlaps(where[r.id], span(p)) and same_date(p, r) for r in dated)
    ]
    known = {p["id"] for p in proposals if p["kind"] == "mention"}
    new = {p["label"]["zh"] for p in proposals if isinstance(p.get("label"), dict)}
    ent_hit = [r for r in ents if r.id in known or names(r) & new]
    return {
        "doc": doc,
        "figures": [len(fig_hit), len(obs), ratio(len(fig_hit), len(obs))],
        "figures_precision": [len(fig_ok), len(figs), ratio(len(fig_ok), len(figs))],
        "dates": [len(date_hit), len(dated), ratio(len(date_hit), len(dated))],
        "dates_precision": [len(date_ok), len(dps), ratio(len(date_ok), len(dps))],
        "entities": [len(ent_hit), len(ents), ratio(len(ent_hit), len(ents))],
        "missed_figures": [f"{r.data['value']} {r.data['unit']}" for r in obs if r not in fig_hit],
        "missed_dates": [f"{r.id} {r.data['date']}" for r in dated if r not in date_hit],
        "missed_entities": [r.data["label"]["zh"] for r in ents if r not in ent_hit],
    }


def names(rec: Record) -> set[str]:
    label = rec.data.get("label") or {}
    return {label.get("zh"), *((rec.data.get("aliases") or {}).get("zh") or [])} - {None}


def run(seeds: Path) -> list[dict[str, Any]]:
    records, problems = load_data(ROOT / "data")
    if problems:
        sys.exit(f"data/ does not load: {problems[0]}")
    onto = load_ontology(ROOT / "ontology")
    start = time.perf_counter()
    Gazetteer.from_records([])  # jieba's dictionary, loaded once per process
    print(f"jieba dictionary loaded in {time.perf_counter() - start:.2f} s (once per run)")
    rows = []
    for src in sorted(
        (r for r in records if r.type == "SourceDocument"
         and (seeds / str(r.data.get("file"))).is_file()),  # the four seeds, not corpus/
        key=lambda r: r.data["file"],
    ):  # fmt: skip
        doc = src.id
        text = read_document(seeds / src.data["file"])
        published = parse_date(src.data["date"]) if src.data.get("date") else None
        pub = None
        if published is not None:
            from datetime import date

            pub = (
                date.fromisoformat(published.datetime[:10])
                if published.precision == "day"
                else None
            )
        start = time.perf_counter()
        proposals = draft(text, doc, pub, known_records(records, doc), onto)
        seconds = time.perf_counter() - start
        own = [r for r in records if r.data.get("doc") == doc and r.id != doc]
        row = score(doc, text, proposals, own, onto)
        row["seconds"] = round(seconds, 2)
        row["proposals"] = len(proposals)
        rows.append(row)
    return rows


KEYS = ("figures", "figures_precision", "dates", "dates_precision", "entities")


def cell(v: list) -> str:
    return f"{v[2]}% ({v[0]}/{v[1]})" if v[2] is not None else f"- (0/{v[1]})"


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table, with a line for the four documents together."""
    named = ("figures recall", "figures precision", "dates recall", "dates precision",
             "entities recall")  # fmt: skip
    heads = ["document", *named, "proposals", "seconds"]
    out = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for r in rows:
        cells = [r["doc"], *(cell(r[k]) for k in KEYS), str(r["proposals"]), str(r["seconds"])]
        out.append("| " + " | ".join(cells) + " |")
    total = []
    for k in KEYS:
        hit, of = sum(r[k][0] for r in rows), sum(r[k][1] for r in rows)
        total.append(cell([hit, of, ratio(hit, of)]))
    proposals = str(sum(r["proposals"] for r in rows))
    slowest = f"{max(r['seconds'] for r in rows)} (max)"
    out.append("| " + " | ".join(["all four", *total, proposals, slowest]) + " |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--json", type=Path, help="Also write the rows (with what was missed).")
    parser.add_argument("--missed", action="store_true", help="Print what was missed.")
    args = parser.parse_args()
    rows = run(args.seeds)
    print(table(rows))
    if args.missed:
        for r in rows:
            print(r["doc"], "figures:", r["missed_figures"], "\n  dates:", r["missed_dates"],
                  "\n  entities:", r["missed_entities"])  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
