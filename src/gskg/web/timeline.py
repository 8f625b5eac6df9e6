"""The `timeline` blueprint: agreements, policies, events and foundings on a time axis.

`/timeline` (HTML: a vis-timeline chart and the same items as a list), `/timeline.json`
(the data) and `/timeline.csv` (a spreadsheet's download), all filtered by `?city=<slug>`,
`?topic=<slug>`, `?kind=<kind>` and the years `?from=2018&to=2021`.  The chart opens on
the years that hold most items (a lone early item does not squeeze the busy years).

A dated thing is anything with `gskg:signedOn` (an agreement), `gskg:issuedOn` (a policy),
`gskg:heldOn` (an event) or `gskg:foundedOn` (a founding).  Dates are `xsd:dateTime` plus
`gskg:datePrecision`: a year-only date spans its year on the axis and reads "2017", never
"2017-01-01"; a month spans its month.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from typing import Any

from flask import Blueprint, Response, g, render_template, request

from ..errors import BadQuery
from ..sparql.engine import PREFIXES
from ..values import at_precision
from .cities import city_of
from .context import RES, cached, json_response, local_url, select, whole_number

bp = Blueprint("timeline", __name__)

GSKG = PREFIXES["gskg"]
#: date property → kind, with the kind's names.
KINDS: dict[str, tuple[str, str, str]] = {
    "signedOn": ("agreement", "协议", "Agreement"),
    "issuedOn": ("policy", "政策", "Policy"),
    "heldOn": ("event", "活动", "Event"),
    "foundedOn": ("founding", "成立", "Founding"),
}
KIND_NAMES = {kind: (zh, en) for kind, zh, en in KINDS.values()}
PAGE_ITEMS = 500  # items listed on the HTML page (the chart and the JSON take `limit`)
MAX_LIMIT = 20_000

_PROLOGUE = f"""PREFIX gskg: <{GSKG}>
PREFIX rdfs: <{PREFIXES["rdfs"]}>
"""
_DATED = "VALUES ?prop { " + " ".join(f"gskg:{p}" for p in KINDS) + " } ?item ?prop ?date ."
_LABELS = """
  OPTIONAL {{ {v} rdfs:label ?zh FILTER(LANGMATCHES(LANG(?zh), "zh")) }}
  OPTIONAL {{ {v} rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) }}"""
ITEMS = (
    _PROLOGUE
    + "SELECT ?item ?prop ?date ?precision ?zh ?en WHERE { "
    + _DATED
    + " OPTIONAL { ?item gskg:datePrecision ?precision }"
    + _LABELS.format(v="?item")
    + " }"
)
# The cities an item is about (cities.py): its parties, issuers, venue, place of signing,
# founders… each a city or something lying in one.
CITIES = (
    _PROLOGUE
    + "SELECT DISTINCT ?item ?x ?zh ?en WHERE { "
    + _DATED
    + " "
    + city_of("?item", "?x")
    + _LABELS.format(v="?x")
    + " }"
)
TOPICS = (
    _PROLOGUE
    + "SELECT DISTINCT ?item ?x ?zh ?en WHERE { "
    + _DATED
    + " ?item gskg:hasTopic ?x ."
    + _LABELS.format(v="?x")
    + " }"
)


@dataclass
class Item:
    """One dated thing on the axis."""

    iri: str
    kind: str
    date: str  # ISO, cut to the precision: "2017", "2019-07", "2019-10-24"
    precision: str
    start: str  # where the item begins and ends on the axis (ISO dates)
    end: str
    zh: str
    en: str
    url: str
    cities: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def span(value: str, precision: str) -> tuple[str, str, str]:
    """`(date as stated, start, end)` of an xsd:dateTime read at its precision."""
    year, month = int(value[:4]), int(value[5:7])
    date = at_precision(value, precision)  # as every page and download writes it
    if precision == "year":
        return date, f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
    if precision == "month":
        nxt = (year + 1, 1) if month == 12 else (year, month + 1)
        return date, f"{date}-01", f"{nxt[0]:04d}-{nxt[1]:02d}-01"
    return date, date, date


def _facet(rows: list[dict[str, str]]) -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]:
    """item → set of facet IRIs, and facet IRI → its labels."""
    of: dict[str, set[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    for row in rows:
        of.setdefault(row["item"], set()).add(row["x"])
        labels.setdefault(row["x"], {"zh": row.get("zh", ""), "en": row.get("en", "")})
    return of, labels


def load() -> dict[str, Any]:
    """Every dated item with its cities and topics, sorted by date (then label)."""
    cities_of, city_labels = _facet(select(CITIES))
    topics_of, topic_labels = _facet(select(TOPICS))
    items: dict[tuple[str, str], Item] = {}
    for row in select(ITEMS):
        prop = row["prop"][len(GSKG) :]
        key = (row["item"], prop)
        if key in items:  # several labels in one language: keep the first seen
            continue
        precision = row.get("precision", "day")
        date, start, end = span(row["date"], precision)
        items[key] = Item(
            iri=row["item"], kind=KINDS[prop][0], date=date, precision=precision,
            start=start, end=end, zh=row.get("zh", ""), en=row.get("en", ""),
            url=local_url(row["item"]),
            cities=sorted(cities_of.get(row["item"], ())),
            topics=sorted(topics_of.get(row["item"], ())),
        )  # fmt: skip
    ordered = sorted(items.values(), key=lambda i: (i.start, i.zh or i.en, i.iri))
    # plain dicts, made once: every response is a slice of these
    return {"items": [asdict(i) for i in ordered], "cities": city_labels, "topics": topic_labels}


def _slug_arg(name: str, known: dict[str, dict[str, str]]) -> str | None:
    value = request.args.get(name, "")
    if not value:
        return None
    iri = RES + value
    if iri not in known:
        raise BadQuery(f"{name}={value[:80]!r}: no dated item is about it")
    return iri


def _year_arg(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or not 1000 <= int(value) <= 9999:
        raise BadQuery(f"{name}={value[:20]!r}: a year of four digits is expected (like 2018)")
    return int(value)


def _filters(data: dict[str, Any]) -> dict[str, Any]:
    kind = request.args.get("kind", "") or None
    if kind is not None and kind not in KIND_NAMES:
        raise BadQuery(f"kind must be one of {', '.join(KIND_NAMES)}")
    first, last = _year_arg("from"), _year_arg("to")
    if first is not None and last is not None and first > last:
        raise BadQuery(f"from={first} is after to={last}: give the earlier year first")
    return {
        "city": _slug_arg("city", data["cities"]),
        "topic": _slug_arg("topic", data["topics"]),
        "kind": kind,
        "from": first,
        "to": last,
    }


def select_items(data: dict[str, Any], f: dict[str, Any]) -> list[dict[str, Any]]:
    """The items passing the filters (city, topic, kind, years), in date order."""
    first, last = f.get("from"), f.get("to")
    return [
        i
        for i in data["items"]
        if (f["kind"] is None or i["kind"] == f["kind"])
        and (f["city"] is None or f["city"] in i["cities"])
        and (f["topic"] is None or f["topic"] in i["topics"])
        and (first is None or int(i["date"][:4]) >= first)
        and (last is None or int(i["date"][:4]) <= last)
    ]


def busy_years(items: list[dict[str, Any]], share: float = 0.8) -> tuple[int, int] | None:
    """The shortest run of years holding `share` of the items: where the chart opens."""
    years = sorted(int(i["date"][:4]) for i in items)
    if not years:
        return None
    need = max(1, round(share * len(years)))
    best = (years[0], years[-1])
    for k in range(len(years) - need + 1):
        a, b = years[k], years[k + need - 1]
        if b - a < best[1] - best[0]:
            best = (a, b)
    return best


def _limit() -> int:
    return whole_number("limit", 2000, 1, MAX_LIMIT)


def _facets(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """A facet's values with their number of items, most frequent first."""
    counts: dict[str, int] = {}
    for item in data["items"]:
        for iri in item[name]:
            counts[iri] = counts.get(iri, 0) + 1
    labels = data[name]
    rows = [{"slug": iri[len(RES) :], "iri": iri, **labels[iri], "count": n}
            for iri, n in counts.items() if iri.startswith(RES)]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["count"], r["zh"] or r["en"], r["iri"]))


@bp.route("/timeline.json")
def timeline_json() -> Response:
    """The dated items passing the filters: `{total, items: [...]}` (at most `limit`)."""
    data = cached("timeline", load)
    chosen = select_items(data, _filters(data))
    limit = _limit()
    return json_response({"total": len(chosen), "items": chosen[:limit]})


#: A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading `= + - @` (tab, CR) is quoted
    with `'`, as OWASP advises."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@bp.route("/timeline.csv")
def timeline_csv() -> Response:
    """The dated items passing the filters, one per row (date, kind, names, page, cities)."""
    data = cached("timeline", load)
    chosen = select_items(data, _filters(data))
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["date", "precision", "kind", "label_zh", "label_en", "iri", "cities", "topics"])
    for i in chosen:
        out.writerow([safe_cell(v) for v in (
            i["date"], i["precision"], i["kind"], i["zh"], i["en"], i["iri"],
            " ".join(i["cities"]), " ".join(i["topics"]))])  # fmt: skip
    resp = Response(buf.getvalue().encode("utf-8"), mimetype="text/csv")
    resp.headers["Content-Disposition"] = 'attachment; filename="timeline.csv"'
    return resp


@bp.route("/timeline")
def timeline() -> str:
    """The time axis and the list of dated items, with the filter form."""
    data = cached("timeline", load)
    f = _filters(data)
    chosen = select_items(data, f)
    shown = chosen[:PAGE_ITEMS]
    by_year: dict[str, list[dict[str, Any]]] = {}
    for item in shown:
        by_year.setdefault(item["date"][:4], []).append(item)
    window = busy_years(shown)
    chart = {
        "lang": g.lang,
        "kinds": KIND_NAMES,
        "items": shown,
        "window": [f"{window[0]}-01-01", f"{window[1] + 1}-01-01"] if window else None,
    }
    years = sorted({int(i["date"][:4]) for i in data["items"]})
    return render_template(
        "timeline.html", f=f, total=len(chosen), shown=len(shown), by_year=by_year,
        chart=chart, kinds=KIND_NAMES, cities=_facets(data, "cities"),
        topics=_facets(data, "topics"), years=years, window=window,
    )  # fmt: skip
