"""The `compare` blueprint: two resources of the same class side by side.

`/compare?a=guangzhou&b=shenzhen` (the default): on one page, every indicator both have,
grouped by the indicator's topic, each value as the text says it (">2 万亿元": with its
qualifier), its period and source sentence (one click: a `<details>` under the value), and
one bar chart per group of values sharing unit and period (`chart_key`: never a chart that
mixes units or periods); then the other statements of the two, property by property.
`/compare.csv` and `/compare.json` give the same values as a download (compare_download.py).
`a` and `b` are slugs or names: labels and aliases in either language, with or without a
市/区/省 or "City" suffix (`a=广州市`, `a=Guangzhou`, `a=guangzhou`).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, Response, g, render_template, request

from ..errors import BadQuery, NotFound
from ..ontology import RES
from ..qualifiers import chinese_scale, english_unit
from .catalog import Catalog, Entry
from .compare_data import compare_rows
from .compare_download import download_rows, to_csv, to_json
from .context import SLUG, backend, catalog, index, page_number

bp = Blueprint("compare", __name__)
DEFAULTS = ("guangzhou", "shenzhen")
NO_TOPIC = ("未标注主题", "No topic given")
KEPT = 8  # pairs whose rows are kept per graph
KEY_TOPICS = ("economy-and-population", "technology-innovation", "twin-city-linkage")
# Suffixes a name may carry or not: 广州市 = 广州, "Guangzhou City" = Guangzhou.
SUFFIXES = ("市", "区", "省", "city", "district", "province")


def chart_key(obs: dict[str, Any]) -> tuple[str, str]:
    """What values must share to stand in one chart: unit and period.

    The one place that decides comparability (when observations gain base-unit values,
    this returns the base unit instead)."""
    return (obs["unit"] or "", obs["period"] or obs["start"] or "")


def name_key(text: str) -> str:
    """A name as compared: case, width, spaces, dashes and a 市/区/省/City suffix ignored."""
    key = "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold()
                  if ch.isalnum())  # fmt: skip
    for suffix in SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def _names(cat: Catalog) -> dict[str, list[Entry]]:
    """Every label and alias of the catalog, by `name_key` (kept with the catalog)."""
    if "compare-names" not in cat.extras:
        names: dict[str, list[Entry]] = defaultdict(list)
        for e in cat.entries.values():
            for name in {e.zh, e.en, *(text for text, _ in e.aliases)} - {""}:
                if e not in names[name_key(name)]:
                    names[name_key(name)].append(e)
        cat.extras["compare-names"] = dict(names)
    return cat.extras["compare-names"]


def _resolve(cat: Catalog, text: str, side: str) -> Entry:
    text = text.strip()
    if not text or len(text) > 200:
        raise BadQuery(f"{side}=: give a resource (its slug, e.g. guangzhou, or its name)")
    if SLUG.match(text) and RES + text in cat.entries:
        return cat.entries[RES + text]
    if found := _names(cat).get(name_key(text)):
        # a city before the zone or office named after it; then the better-known one
        return min(found, key=lambda e: (not _is_place(e), -e.statements, e.iri))
    hits = index().search(text, 1)
    if not hits or hits[0].how != 0:
        raise NotFound(f"{side}={text!r}: no resource has this name or slug")
    return hits[0].entry


def _is_place(e: Entry) -> bool:
    return any(c.endswith(("#City", "#Province", "#District", "#Country")) for c in e.classes)


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


def side_by_side(
    cat: Catalog, a: Entry, b: Entry, rows: list[dict]
) -> tuple[list[dict[str, Any]], int]:
    """Indicators both resources have, grouped by topic, each group with its charts; and
    how many indicators there are (all on one page: the key figures stay together)."""
    values: dict[str, dict[str, list[dict]]] = {a.iri: defaultdict(list), b.iri: defaultdict(list)}
    for r in rows:
        r = {**r, "number": _number(r["value"]), "doc_zh": cat.label(r["doc"] or "", "zh"),
             "doc_en": cat.label(r["doc"] or "", "en"),
             "unit_en": cat.label(r["uom"], "en") if r.get("uom") else None,
             "period_en": cat.label(r["refPeriod"], "en") if r.get("refPeriod") else None,
             }  # fmt: skip
        if r not in values[r["area"]][r["ind"]]:
            values[r["area"]][r["ind"]].append(r)
    shared = sorted(
        set(values[a.iri]) & set(values[b.iri]), key=lambda i: (_topic(cat, i), cat.label(i), i)
    )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ind in shared:
        for obs in values[a.iri][ind] + values[b.iri][ind]:
            obs["key"] = chart_key(obs)
        groups[_topic(cat, ind)].append({
            "iri": ind, "zh": cat.label(ind, "zh"), "en": cat.label(ind, "en"),
            "a": _same_value_once(sorted(values[a.iri][ind], key=_by_period)),
            "b": _same_value_once(sorted(values[b.iri][ind], key=_by_period)),
        })  # fmt: skip
    out = []
    for topic in sorted(groups, key=lambda t: (_rank(t), cat.label(t) if t else "")):
        title = (cat.label(topic, "zh"), cat.label(topic, "en")) if topic else NO_TOPIC
        out.append({"topic": topic, "zh": title[0], "en": title[1], "rows": groups[topic],
                    "charts": charts(groups[topic])})  # fmt: skip
    return out, len(shared)


def _same_value_once(obs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per value as read (value, qualifier, bounds, unit, period): observations
    that say the same from other documents ride along in `also`, shown as more sources."""
    out: dict[tuple, dict[str, Any]] = {}
    for o in obs:
        said = tuple(o.get(k) for k in ("value", "qualifier", "upper", "unit", "period", "start"))
        if said in out:
            out[said]["also"].append(o)
        else:
            out[said] = {**o, "also": []}
    return list(out.values())


def _rank(topic: str) -> int:
    """Key figures first (economy and population, then innovation), no topic last."""
    keys = [RES + slug for slug in KEY_TOPICS]
    return keys.index(topic) if topic in keys else len(keys) + (topic == "")


def _topic(cat: Catalog, indicator: str) -> str:
    """The topic an indicator is grouped under ("" for none)."""
    topics = cat.entries[indicator].topics if indicator in cat.entries else []
    return min(topics) if topics else ""


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


def _base(name: str | None) -> str | None:
    """An English caption names the unit the bars are read in: the values are written in
    millions and billions (`qualifiers.western`), so "ten thousand persons" → "persons"."""
    return chinese_scale(name)[1] if name else name


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
                "w": round(float(abs(o["number"]) / top) * (width - 260), 1),  # room for the text
                "y": y + 12 + n * 10, "value": o["value"], "unit": o["unit"],
                "qualifier": o.get("qualifier"), "upper": o.get("upper"),
                "unit_en": o.get("unit_en"),
            }  # fmt: skip
        items.append(item)
    first = next(o for bar in bars for o in (bar["a"], bar["b"]) if o)
    unit_en = "%" if unit == "%" else _base(english_unit(first.get("unit_en"))) or unit
    return {"unit": unit, "period": period, "bars": items, "x0": label_w, "unit_en": unit_en,
            "period_en": first.get("period_en") or period,
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


def _pair(cat: Catalog) -> tuple[Entry, Entry]:
    """The two resources `a` and `b` of the request (4xx with a message when they are not)."""
    a = _resolve(cat, request.args.get("a", DEFAULTS[0]), "a")
    b = _resolve(cat, request.args.get("b", DEFAULTS[1]), "b")
    if a.iri == b.iri:
        raise BadQuery("a and b name the same resource: choose two")
    if not set(a.classes) & set(b.classes):
        names = [", ".join(c.rsplit("#", 1)[-1] for c in e.classes) or "none" for e in (a, b)]
        raise BadQuery(f"{a.slug} ({names[0]}) and {b.slug} ({names[1]}) are not of one class: "
                       "only resources of the same class can be compared")  # fmt: skip
    return a, b


@bp.route("/compare")
def compare() -> str:
    """Two resources of one class side by side (default: Guangzhou and Shenzhen)."""
    cat = catalog()
    a, b = _pair(cat)
    page_number()  # a bad ?page= is a 400; any page of an old link is the one page now
    g.cacheable = True
    # The page depends only on the graph, the request's URL and language: it is kept with
    # the catalog (one page holds every indicator: hundreds at 1M triples, ~1 s to render).
    kept = cat.extras.setdefault("compare-pages", {})
    key = (request.full_path, g.get("lang"))
    if key not in kept:
        data = _rows(cat, a.iri, b.iri)
        groups, total = side_by_side(cat, a, b, data["observations"])
        others = other_statements(cat, a, b, data["facts"])
        html = render_template("compare.html", a=a, b=b, groups=groups, total=total,
                               others=others)  # fmt: skip
        if len(kept) >= 4 * KEPT:
            kept.clear()  # (not one by one: other threads may be adding)
        kept[key] = html
    return kept[key]


@bp.route("/compare.<any(csv, json):ext>")
def compare_download(ext: str) -> Response:
    """The values of the comparison as CSV or JSON (one row per value and side)."""
    cat = catalog()
    a, b = _pair(cat)
    groups, _ = side_by_side(cat, a, b, _rows(cat, a.iri, b.iri)["observations"])
    rows = download_rows(groups, a, b)
    g.cacheable = True
    name = f"compare-{a.slug}-{b.slug}.{ext}"
    body, media = (to_csv(rows), "text/csv; charset=utf-8") if ext == "csv" else (
        to_json(rows, a, b), "application/json")  # fmt: skip
    resp = Response(body, content_type=media)
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp
