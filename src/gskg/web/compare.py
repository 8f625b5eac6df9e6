"""The `compare` blueprint: two resources of the same class side by side.

`/compare?a=guangzhou&b=shenzhen` (the default): every indicator both have, grouped by the
indicator's topic, with each value's unit, period and source sentence (one click: a
`<details>` under the value), and one bar chart per group of values sharing unit and period
(`chart_key`: never a chart that mixes units or periods); then the other statements of the
two, property by property.  `a` and `b` are slugs, or names the search index resolves.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, g, render_template, request

from ..errors import BadQuery, NotFound
from ..ontology import RES
from .catalog import Catalog, Entry
from .compare_data import compare_rows
from .context import SLUG, backend, catalog, index, page_number

bp = Blueprint("compare", __name__)
DEFAULTS = ("guangzhou", "shenzhen")
NO_TOPIC = ("未标注主题", "No topic given")
PAGE = 30  # indicators per page
KEPT = 8  # pairs whose rows are kept per graph


def chart_key(obs: dict[str, Any]) -> tuple[str, str]:
    """What values must share to stand in one chart: unit and period.

    The one place that decides comparability (when observations gain base-unit values,
    this returns the base unit instead)."""
    return (obs["unit"] or "", obs["period"] or obs["start"] or "")


def _resolve(cat: Catalog, text: str, side: str) -> Entry:
    text = text.strip()
    if not text or len(text) > 200:
        raise BadQuery(f"{side}=: give a resource (its slug, e.g. guangzhou, or its name)")
    if SLUG.match(text) and RES + text in cat.entries:
        return cat.entries[RES + text]
    hits = index().search(text, 1)
    if not hits or hits[0].how != 0:
        raise NotFound(f"{side}={text!r}: no resource has this name or slug")
    return hits[0].entry


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


def side_by_side(
    cat: Catalog, a: Entry, b: Entry, rows: list[dict], page: int = 1
) -> tuple[list[dict[str, Any]], int, int]:
    """Indicators both resources have (page `page` of them), grouped by topic, each group
    with its charts; and how many indicators and pages there are."""
    values: dict[str, dict[str, list[dict]]] = {a.iri: defaultdict(list), b.iri: defaultdict(list)}
    for r in rows:
        r = {**r, "number": _number(r["value"]), "doc_zh": cat.label(r["doc"] or "", "zh"),
             "doc_en": cat.label(r["doc"] or "", "en")}  # fmt: skip
        if r not in values[r["area"]][r["ind"]]:
            values[r["area"]][r["ind"]].append(r)
    shared = sorted(
        set(values[a.iri]) & set(values[b.iri]), key=lambda i: (_topic(cat, i), cat.label(i), i)
    )
    pages = max(1, -(-len(shared) // PAGE))
    if page > pages:
        raise NotFound(f"page {page} of the indicators: there are {pages}")
    total, shared = len(shared), shared[(page - 1) * PAGE : page * PAGE]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ind in shared:
        for obs in values[a.iri][ind] + values[b.iri][ind]:
            obs["key"] = chart_key(obs)
        groups[_topic(cat, ind)].append({
            "iri": ind, "zh": cat.label(ind, "zh"), "en": cat.label(ind, "en"),
            "a": sorted(values[a.iri][ind], key=_by_period),
            "b": sorted(values[b.iri][ind], key=_by_period),
        })  # fmt: skip
    out = []
    for topic in sorted(groups, key=lambda t: (t == "", cat.label(t) if t else "")):
        title = (cat.label(topic, "zh"), cat.label(topic, "en")) if topic else NO_TOPIC
        out.append({"topic": topic, "zh": title[0], "en": title[1], "rows": groups[topic],
                    "charts": charts(groups[topic])})  # fmt: skip
    return out, total, pages


def _topic(cat: Catalog, indicator: str) -> str:
    """The topic an indicator is grouped under ("" for none)."""
    topics = cat.entries[indicator].topics if indicator in cat.entries else []
    return topics[0] if topics else ""


def _by_period(obs: dict[str, Any]) -> tuple[str, str]:
    return (obs["start"] or obs["period"] or "", obs["value"])


def charts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One chart per `chart_key`: a bar for each side's value of each indicator."""
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        keys = {o["key"] for o in row["a"] + row["b"] if o["number"] is not None}
        for key in sorted(keys):
            a = next((o for o in row["a"] if o["key"] == key and o["number"] is not None), None)
            b = next((o for o in row["b"] if o["key"] == key and o["number"] is not None), None)
            by_key[key].append({"zh": row["zh"], "en": row["en"], "a": a, "b": b})
    return [_svg_bars(unit, period, bars) for (unit, period), bars in sorted(by_key.items())]


def _svg_bars(unit: str, period: str, bars: list[dict[str, Any]]) -> dict[str, Any]:
    """Coordinates of a horizontal bar chart (drawn by the template as SVG, no script)."""
    top = max([abs(o["number"]) for bar in bars for o in (bar["a"], bar["b"]) if o] or [1]) or 1
    width, label_w, row_h = 640, 0, 34
    items = []
    for i, bar in enumerate(bars):
        y = 8 + i * row_h
        item = {"zh": bar["zh"], "en": bar["en"], "y": y}
        for n, side in enumerate(("a", "b")):
            o = bar[side]
            item[side] = None if o is None else {
                "w": round(float(abs(o["number"]) / top) * (width - 160), 1),
                "y": y + 12 + n * 10, "value": o["value"],
            }  # fmt: skip
        items.append(item)
    return {"unit": unit, "period": period, "bars": items, "x0": label_w,
            "width": width, "height": 16 + len(bars) * row_h}  # fmt: skip


def other_statements(cat: Catalog, a: Entry, b: Entry, facts: list[dict]) -> list[dict]:
    """The two resources' other statements, one row per property (values of each side)."""
    props: dict[str, dict[str, Any]] = {}
    for f in facts:
        row = props.setdefault(f["p"], {"iri": f["p"], "zh": f["pZh"] or "", "en": f["pEn"] or "",
                                        a.iri: [], b.iri: []})  # fmt: skip
        value = {"iri": f["o"] if f["o"].startswith("http") else "", "value": f["o"],
                 "zh": f["oZh"] or "", "en": f["oEn"] or ""}  # fmt: skip
        if value not in row[f["x"]]:
            row[f["x"]].append(value)
    out = [{**r, "a": r[a.iri], "b": r[b.iri]} for r in props.values()]
    return sorted(out, key=lambda r: (not (r["a"] and r["b"]), r["zh"] or r["iri"]))


def _rows(cat: Catalog, a: str, b: str) -> dict[str, list[dict]]:
    """The two resources' rows (compare_data.py), kept with the catalog of their graph: the
    same pair on the same graph has the same rows (up to KEPT pairs are kept)."""
    kept = cat.extras.setdefault("compare", {})
    if (a, b) not in kept:
        rows = backend().executor.call(compare_rows, a, b, timeout=backend().settings.timeout)
        if len(kept) >= KEPT:
            kept.clear()  # (not one by one: other threads may be adding)
        kept[(a, b)] = rows
    return kept[(a, b)]


@bp.route("/compare")
def compare() -> str:
    """Two resources of one class side by side (default: Guangzhou and Shenzhen)."""
    cat = catalog()
    a = _resolve(cat, request.args.get("a", DEFAULTS[0]), "a")
    b = _resolve(cat, request.args.get("b", DEFAULTS[1]), "b")
    if a.iri == b.iri:
        raise BadQuery("a and b name the same resource: choose two")
    if not set(a.classes) & set(b.classes):
        names = [", ".join(c.rsplit("#", 1)[-1] for c in e.classes) or "none" for e in (a, b)]
        raise BadQuery(f"{a.slug} ({names[0]}) and {b.slug} ({names[1]}) are not of one class: "
                       "only resources of the same class can be compared")  # fmt: skip
    page = page_number()
    data = _rows(cat, a.iri, b.iri)
    groups, total, pages = side_by_side(cat, a, b, data["observations"], page)
    g.cacheable = True
    others = other_statements(cat, a, b, data["facts"])
    return render_template("compare.html", a=a, b=b, groups=groups, total=total, pages=pages,
                           page=page, others=others)  # fmt: skip
