"""The `search` blueprint: `/search?q=` (HTML) and `/search.json?q=` (autocomplete).

Answers from the search index (searchindex.py) in the serving process, no SPARQL per
request.  A query longer than `MAX_QUERY` characters gets a 400 with a message; anything
else (SPARQL text, markup, control characters, lone surrogates) is just text that names no
resource, so it gets 200 with no hits.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import Blueprint, current_app, g, render_template, request

from ..errors import BadQuery, GskgError
from .catalog import Catalog, Entry
from .context import catalog, index, local_url, page_number
from .searchindex import MAX_QUERY, Hit, rank

bp = Blueprint("search", __name__)
log = logging.getLogger("gskg.web")
LIMITS = {"html": 50, "json": 10}
MAX_PAGE = 1000


@bp.before_app_request
def _warm_up() -> None:
    """On a process's first request, build the catalog and the search index in the
    background: with gunicorn each worker has its own, and building them (seconds at 1M
    triples) inside the first search would hold that request and slow its neighbours."""
    ext = current_app.extensions
    if "gskg-warm-up" in ext:
        return
    ext["gskg-warm-up"] = True
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def build() -> None:
        with app.app_context():
            try:
                catalog(wait=None)  # (a failed build logs why itself)
                index()
            except GskgError:
                pass

    threading.Thread(target=build, name="gskg-catalog", daemon=True).start()


def _query() -> str:
    q = request.args.get("q", "")
    if len(q) > MAX_QUERY:
        raise BadQuery(f"the search text has {len(q)} characters; at most {MAX_QUERY} are read")
    return q


def describe(e: Entry, cat: Catalog) -> dict[str, Any]:
    """What a hit shows: both labels, its class, its city (each with both labels)."""

    def pair(iri: str) -> dict[str, str]:
        return {"iri": iri, "zh": cat.label(iri, "zh"), "en": cat.label(iri, "en")}

    return {
        "iri": e.iri,
        "url": local_url(e.iri),
        "zh": e.zh,
        "en": e.en,
        "classes": [pair(c) for c in e.classes],
        "cities": [pair(c) for c in e.cities[:3]],
        "statements": e.statements,
    }


def _described(hits: list[Hit]) -> list[dict[str, Any]]:
    cat = catalog()
    return [{**describe(h.entry, cat), "match": h.name, "rank": rank(h)} for h in hits]


def _hits(q: str, limit: int) -> list[dict[str, Any]]:
    return _described(index().search(q, limit) if q.strip() else [])


@bp.route("/search")
def search_page() -> str:
    """Search results as a page (the header's search box sends here), 50 a page."""
    q, page = _query(), page_number(MAX_PAGE)
    size = LIMITS["html"]
    hits, total = index().page(q, (page - 1) * size, size) if q.strip() else ([], 0)
    g.cacheable = True
    pages = max(1, -(-total // size))
    return render_template("search.html", q=q, hits=_described(hits), total=total, page=page,
                           pages=pages, first=(page - 1) * size + 1)  # fmt: skip


@bp.route("/search.json")
def search_json() -> dict[str, Any]:
    """Autocomplete: the best ten resources for `q`."""
    q = _query()
    return {"q": q, "hits": _hits(q, LIMITS["json"])}
