"""The `browse` blueprint: every class with its number of members, and each class's members.

`/browse` lists the ontology's classes as a tree (direct and indirect members counted);
`/browse/<Class>` lists a class's members, paged and sortable, with facets (city, subclass,
topic, source document) whose counts are those of the members left after the chosen facets;
the URL holds the whole state, and `/browse/<Class>.csv` downloads the same list.  Answers
from the catalog (catalog.py).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from itertools import chain
from operator import attrgetter
from typing import Any

from flask import Blueprint, Response, g, render_template, request, url_for

from ..errors import BadQuery, NotFound
from ..ontology import GSKG, RES
from ..qualifiers import display, of_iri
from .catalog import Catalog, Entry
from .context import catalog, page_number
from .tabular import neutralise

bp = Blueprint("browse", __name__)
PAGE_SIZE = 50
MAX_PAGE = 100_000
#: facet parameter → (the entry's attribute holding its values, IRI namespace, labels)
FACETS: dict[str, tuple[str, str, tuple[str, str]]] = {
    "city": ("cities", RES, ("城市", "City")),
    "sub": ("classes", GSKG, ("子类", "Subclass")),
    "topic": ("topics", RES, ("主题", "Topic")),
    "doc": ("docs", RES, ("来源文献", "Source document")),
    "indicator": ("indicators", RES, ("指标", "Indicator")),
    "period": ("periods", RES, ("统计期间", "Period")),
}
#: Classes of the graph's own machinery, not of the world it describes: not in the tree.
INTERNAL = {f"{GSKG}{name}" for name in ("Membership", "Unit", "Period")}
CITIES_SHOWN = 3  # cities listed in a row (then "and N more")
CACHED = 512  # facet counts kept per graph (keyed by class, chosen facets, language)
SORTS: dict[str, tuple[Callable[[Entry], Any], bool]] = {
    "label": (lambda e: (e.zh or e.en or e.iri, e.iri), False),
    "en": (lambda e: ((e.en or e.zh or e.iri).casefold(), e.iri), False),
    "statements": (lambda e: (-e.statements, e.zh or e.en, e.iri), False),
}


def _class_tree(cat: Catalog) -> list[dict[str, Any]]:
    """The classes with members, as a tree (internal classes and empty ones left out)."""

    def node(c: str, path: tuple[str, ...]) -> dict[str, Any]:
        info = cat.classes[c]
        subs = [node(s, (*path, c)) for s in info.subs if s not in path and shown(s)]
        return {"name": info.name, "zh": info.zh, "en": info.en,
                "count": len(cat.members.get(c, ())), "subs": subs}  # fmt: skip

    def shown(c: str) -> bool:
        return c not in INTERNAL and bool(cat.members.get(c))

    roots = [c for c, info in cat.classes.items()
             if not any(s in cat.classes for s in info.supers) and shown(c)]  # fmt: skip
    return sorted((node(c, ()) for c in roots), key=lambda n: (-n["count"], n["name"]))


@bp.route("/browse")
def classes() -> str:
    """Every class of the ontology, as its hierarchy, with member counts."""
    g.cacheable = True
    return render_template("browse.html", nodes=_class_tree(catalog()))


def _state(cat: Catalog, cls: str) -> dict[str, Any]:
    """The view's state from the URL (400 on a value that names nothing)."""
    chosen = {}
    for key, (_, ns, _) in FACETS.items():
        value = request.args.get(key, "")
        if not value:
            continue
        iri = ns + value
        known = cat.classes if key == "sub" else cat.entries
        if iri not in known or (key == "sub" and iri not in cat.subclasses(cls)):
            raise BadQuery(f"facet {key}={value!r} names nothing in this class")
        chosen[key] = iri
    sort = request.args.get("sort", "label")
    if sort not in SORTS:
        raise BadQuery(f"sort={sort!r}: sort by one of {', '.join(SORTS)}")
    return {"facets": chosen, "sort": sort, "page": page_number(MAX_PAGE)}


def members(cat: Catalog, cls: str, chosen: dict[str, str], sort: str) -> list[Entry]:
    """The class's members that have every chosen facet value, sorted."""
    orders = cat.extras.setdefault("browse-orders", {})
    if (cls, sort) not in orders:  # each order is made once per graph
        key, reverse = SORTS[sort]
        orders[(cls, sort)] = sorted(cat.members.get(cls, ()), key=key, reverse=reverse)
    rows = orders[(cls, sort)]
    for k, iri in chosen.items():
        attr = FACETS[k][0]
        rows = [e for e in rows if iri in getattr(e, attr)]
    return rows


def facet_counts(cat: Catalog, cls: str, chosen: dict[str, str], rows: list[Entry],
                 lang: str) -> list[dict[str, Any]]:  # fmt: skip
    """For each facet, its values among `rows` with their counts (largest first)."""
    cache = cat.extras.setdefault("browse-facets", {})
    key = (cls, tuple(sorted(chosen.items())), lang)
    if key in cache:
        return cache[key]
    out = []
    for name, (attr, ns, title) in FACETS.items():
        counts = Counter(chain.from_iterable(map(attrgetter(attr), rows)))
        top = sorted(counts.items(), key=lambda kv: (-kv[1], cat.label(kv[0], lang)))[:30]
        values = [{"value": iri[len(ns):], "iri": iri, "count": n,
                   "zh": cat.label(iri, "zh"), "en": cat.label(iri, "en")}
                  for iri, n in top]  # fmt: skip
        out.append({"key": name, "zh": title[0], "en": title[1], "values": values,
                    "more": max(0, len(counts) - 30)})  # fmt: skip
    if len(cache) >= CACHED:
        cache.clear()
    cache[key] = out
    return out


def _class_iri(cat: Catalog, name: str) -> str:
    iri = GSKG + name
    if iri not in cat.classes:
        raise NotFound(f"no class gskg:{name[:80]} in the ontology; see /browse for the classes")
    return iri


@bp.route("/browse/<name>")
def members_page(name: str) -> Response | str:
    """A class's members: paged, sortable, faceted; `.csv` for the whole filtered list."""
    stem, dot, ext = name.rpartition(".")
    if dot and ext == "csv":
        return _csv(stem)
    cat = catalog()
    cls = _class_iri(cat, name)
    state = _state(cat, cls)
    rows = members(cat, cls, state["facets"], state["sort"])
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    if state["page"] > pages:
        raise NotFound(f"page {state['page']} of {pages}: there are {len(rows)} members")
    start = (state["page"] - 1) * PAGE_SIZE
    g.cacheable = True
    return render_template(
        "browse_class.html", cls=cat.classes[cls], total=len(rows), pages=pages,
        rows=[_row(cat, e) for e in rows[start:start + PAGE_SIZE]], state=state,
        figures=any(e.figure is not None for e in rows),
        facets=facet_counts(cat, cls, state["facets"], rows, g.get("lang", "zh")),
        link=_linker(name, state),
        chosen={k: {"zh": cat.label(v, "zh"), "en": cat.label(v, "en")}
                for k, v in state["facets"].items()},
    )  # fmt: skip


def _row(cat: Catalog, e: Entry) -> dict[str, Any]:
    def pairs(iris: list[str]) -> list[dict[str, str]]:
        return [{"iri": i, "zh": cat.label(i, "zh"), "en": cat.label(i, "en")} for i in iris]

    figure = None
    if e.figure is not None:
        uom = e.figure["uom"]
        figure = {**e.figure, "unit_zh": e.figure["unit"] or (cat.label(uom, "zh") if uom else ""),
                  "unit_en": cat.label(uom, "en") if uom else "",
                  "periods": pairs(e.periods), "indicators": pairs(e.indicators)}  # fmt: skip
    return {"iri": e.iri, "zh": e.zh, "en": e.en, "classes": pairs(e.classes),
            "cities": pairs(e.cities[:CITIES_SHOWN]),
            "more_cities": max(0, len(e.cities) - CITIES_SHOWN),
            "statements": e.statements, "figure": figure}  # fmt: skip


def _linker(name: str, state: dict[str, Any]) -> Callable[..., str]:
    """A URL maker: this view with some state changed (None removes a parameter)."""
    base = {k: v[len(FACETS[k][1]) :] for k, v in state["facets"].items()}
    base.update(sort=state["sort"], page=state["page"])

    def link(csv: bool = False, **changes: Any) -> str:
        args = {**base, **changes}
        if "page" not in changes:
            args["page"] = 1  # a new filter or order starts at its first page
        args = {k: v for k, v in args.items() if v is not None and v != ""}
        if args.get("page") == 1:
            del args["page"]
        if args.get("sort") == "label":
            del args["sort"]
        if g.get("lang") and request.args.get("lang"):
            args["lang"] = g.lang
        if csv:
            args.pop("page", None)
        return url_for("browse.members_page", name=name + (".csv" if csv else ""), **args)

    return link


#: An observation's value in the CSV: as stored, what the text says of it, and as shown.
FIGURE_COLUMNS = ("value", "qualifier", "upper_bound", "unit", "period", "value_zh", "value_en")


def _figure_cells(cat: Catalog, e: Entry) -> list[str]:
    f = e.figure
    if f is None:
        return [""] * len(FIGURE_COLUMNS)
    q = of_iri(f["qualifier"])
    upper = None if q else f["upper"]
    unit_en = cat.label(f["uom"], "en") if f["uom"] else None
    return [f["value"], q.code if q else "", f["upper"] or "", f["unit"] or "",
            " ".join(cat.label(p, "zh") or p for p in e.periods),
            display(f["value"], f["unit"], f["qualifier"], upper, "zh"),
            display(f["value"], f["unit"], f["qualifier"], upper, "en", unit_en)]  # fmt: skip


def _csv(name: str) -> Response:
    cat = catalog()
    cls = _class_iri(cat, name)
    state = _state(cat, cls)
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    chosen = members(cat, cls, state["facets"], state["sort"])
    figures = any(e.figure is not None for e in chosen)
    out.writerow(["iri", "label_zh", "label_en", "classes", "cities", "topics", "documents",
                  "statements", *(FIGURE_COLUMNS if figures else ())])  # fmt: skip
    for e in chosen:
        texts = (e.iri, e.zh, e.en, " ".join(e.classes), " ".join(e.cities), " ".join(e.topics),
                 " ".join(e.docs))  # fmt: skip
        more = _figure_cells(cat, e) if figures else []
        out.writerow([*map(neutralise, texts), e.statements, *map(neutralise, more)])
    g.cacheable = True
    resp = Response(buf.getvalue().encode("utf-8"), mimetype="text/csv")
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return resp
