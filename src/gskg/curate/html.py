"""The review page: one static HTML file (no server, no script, no outside request) with
the document on one side, every proposal's words highlighted in it, and the proposals
on the other side, each linked to its words and back."""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment

from .review import Review, read_review

STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:0;color:#1a1a1a}
header{padding:.5rem 1rem;border-bottom:1px solid #888}h1{font-size:1.2rem;margin:.3rem 0}
main{display:flex;flex-wrap:wrap;gap:1rem;padding:1rem}
#document{flex:3 1 22rem;min-width:0}#proposals{flex:2 1 18rem;min-width:0}
.text{white-space:pre-wrap;line-height:1.9;overflow-wrap:anywhere}
#proposals ol{padding-left:1.5rem;max-height:85vh;overflow:auto}
.mark{color:inherit;text-decoration:none;border-bottom:2px solid #555;background:#fff3b0}
.mark.figure{background:#cde8ff}.mark.entity,.mark.dated{background:#d6f5d6}
.mark.mention{background:#eeeeee}.mark.relation{background:#ffe0cc}
.mark.indicator{background:#ead9ff}
.mark:focus,.proposal :focus{outline:3px solid #004a99}
:target{outline:3px solid #b00020}
.proposal{margin:.3rem 0;padding:.3rem;border:1px solid #ccc}
.proposal.accepted{border-color:#006400}
.kind{font-weight:bold;color:#004a99}.why{display:block;font-size:.85rem;color:#333}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 .5rem;margin:.2rem 0;font-size:.85rem}
dt{color:#444}dd{margin:0;overflow-wrap:anywhere}
.legend{display:flex;flex-wrap:wrap;gap:.5rem}
fieldset{border:1px solid #888;margin:0;padding:.2rem .5rem}
.chip{display:inline-block;margin-right:.6rem}.what{color:#333;font-size:.8rem}
.swatch{display:inline-block;width:1rem;height:.8rem;border:1px solid #555;vertical-align:middle;
background:#fff3b0}
.swatch.figure{background:#cde8ff}.swatch.entity,.swatch.dated{background:#d6f5d6}
.swatch.mention{background:#eeeeee}.swatch.relation{background:#ffe0cc}
.swatch.indicator{background:#ead9ff}
.line,.state{font-size:.8rem;color:#333;margin-left:.4rem}
.accepted .state{color:#006400;font-weight:bold}
.fill{margin:.2rem 0;font-size:.85rem;color:#8a1c00}.proposal:focus{outline:3px solid #004a99}
.actions button{font:inherit;font-size:.8rem;margin-left:.3rem}
body:has(#status-accepted:checked) .proposal:not(.accepted){display:none}
body:has(#status-open:checked) .proposal.accepted{display:none}
body:has(#status-todo:checked) .proposal:not(.todo){display:none}
"""
SHOWN_AWAY = ("kind", "accept", "why", "found", "doc", "quote", "start", "end", "todo")
# What each kind of proposal writes, for the legend.
MEANING = {
    "mention": "a known record named (writes nothing)",
    "entity": "a new record",
    "dated": "a record with its date",
    "figure": "an observation",
    "indicator": "a new indicator",
    "relation": "a link between records",
}


def _segments(text: str, proposals: list[dict]) -> list[dict[str, Any]]:
    """The text cut at every highlighted span's edges, each piece with its proposals."""
    spans = [
        (n, p["found"]["start"], p["found"]["end"], p.get("kind", ""))
        for n, p in enumerate(proposals)
        if isinstance(p.get("found"), dict) and isinstance(p["found"].get("start"), int)
    ]
    cuts = sorted({0, len(text)} | {s for _, s, _, _ in spans} | {e for _, _, e, _ in spans})
    starts: dict[int, list[tuple[int, str]]] = {}
    ends: dict[int, list[int]] = {}
    for n, s, e, k in spans:
        starts.setdefault(s, []).append((n, k))
        ends.setdefault(e, []).append(n)
    # A sweep over the cuts: the spans open at each cut, kept up to date as spans start and
    # end (linear in spans + pieces; testing every span at every cut was quadratic).
    active: dict[int, str] = {}
    out, anchored = [], set()
    for a, b in zip(cuts, cuts[1:], strict=False):
        active.update(starts.get(a, ()))
        for n in ends.get(a, ()):  # after the starts: an empty span is never open
            active.pop(n, None)
        over = sorted(active.items())
        ids = [n for n, _ in over]
        fresh = [n for n in ids if n not in anchored]
        anchored.update(fresh)
        out.append({
            "text": text[a:b],
            "ids": ids,
            "anchors": fresh,
            "kinds": " ".join(sorted({k for _, k in over})),
            "title": "; ".join(f"#{n + 1} {proposals[n].get('why', '')}" for n in ids),
        })  # fmt: skip
    return out


def render(review: Review, *, live: bool = False, token: str = "") -> str:
    """The page for `review` (deterministic: same review, same bytes). `live`: the page
    `gskg curate --serve` gives, with keyboard accept/reject (a script of its own origin)."""
    proposals = []
    for m in review.proposals:
        p = dict(m)
        p["line"] = getattr(m, "line", 0)
        p["fields"] = [
            (k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
            for k, v in m.items()
            if k not in SHOWN_AWAY
        ]
        proposals.append(p)
    segments = _segments(review.text, proposals)
    counts = sorted(Counter(p.get("kind", "?") for p in proposals).items())
    hide = "".join(
        f"body:has(#show-{kind}:not(:checked)) .proposal.{kind}{{display:none}}"
        for kind, _ in counts
        if kind.isidentifier()
    )
    style = STYLE.strip() + "\n" + hide
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    template = Environment(autoescape=True).from_string(
        files("gskg.curate").joinpath("review.html").read_text(encoding="utf-8")
    )
    return template.render(
        doc=review.doc,
        file=review.file.name,
        review_file=review.path.name,
        proposals=proposals,
        counts=counts,
        meaning=MEANING,
        accepted=sum(1 for p in proposals if p.get("accept") is True),
        segments=segments,
        style=style,
        style_hash=f"sha256-{digest}",
        live=live,
        token=token,
    )


def write_html(review_path: Path, out: Path) -> int:
    """Write the review page of `review_path` to `out`; returns the number of proposals."""
    review = read_review(review_path)
    out.write_text(render(review), encoding="utf-8")
    return len(review.proposals)
