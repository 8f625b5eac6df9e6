"""What every page of the site shares, so that no blueprint imports another.

The app's backend, the catalog and the search index of the current graph, where an IRI is
browsed on this server, the page number of a request, and the views' SELECT queries: run
in a query worker, read as rows.  The views' data depends only on the graph, so each
query's rows are kept per graph version in the app (`app.extensions["gskg.views"]`): the
first request after a (re)load pays for the query, the others filter rows already in
memory.  Rendered pages that cost a query worker's time (resource pages) are kept the same
way (`kept`), by what else they show (URL, language …).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Response, current_app, request, url_for

from ..errors import BadQuery
from ..sparql.backend import Backend
from ..sparql.engine import PREFIXES, plan
from .catalog import WAIT, Catalog, CatalogUnavailable, current
from .searchindex import SearchIndex

log = logging.getLogger("gskg.web")
_KEPT_LOCK = threading.Lock()
#: Generous caps for the views' own queries (not the clients' SPARQL limits).
MAX_ROWS = 500_000
MAX_BYTES = 512 * 1024 * 1024
Row = dict[str, str]
RES = PREFIXES["res"]
GSKG = PREFIXES["gskg"]
# \Z, not $: `$` also matches before a final newline (`guangzhou\n`).
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
TERM = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*\Z")
_DIGITS = re.compile(r"[0-9]{1,9}")
MAX_PAGE = 100_000
#: Vocabularies defined elsewhere: their terms link out to their definition, not to /page.
VOCABULARIES = (
    "http://www.w3.org/", "https://www.w3.org/", "http://purl.org/", "http://schema.org/",
    "https://schema.org/", "http://rdfs.org/ns/void#", "http://xmlns.com/foaf/",
    "http://qudt.org/", "https://qudt.org/",
)  # fmt: skip


def backend() -> Backend:
    """The app's backend."""
    return current_app.extensions["gskg"]


def catalog(wait: float | None = WAIT) -> Catalog:
    """The current catalog of the app's graph (503 when there is none to serve)."""
    return current(current_app.extensions, backend(), wait)


def index() -> SearchIndex:
    """The search index of the current graph (built once per graph version; a failed
    build is not retried for that graph: 503 at once)."""
    cat = catalog()
    if "search" not in cat.extras:
        if failed := cat.extras.get("search-failed"):
            raise CatalogUnavailable(failed, 600)
        try:
            cat.extras["search"] = SearchIndex(cat)
        except Exception as exc:  # noqa: BLE001 - e.g. MemoryError: the server must go on
            cat.extras["search-failed"] = (
                f"the search index of this graph could not be built ({type(exc).__name__})"
            )
            log.error("%s; /search answers 503 until the graph changes",
                      cat.extras["search-failed"])  # fmt: skip
            raise CatalogUnavailable(cat.extras["search-failed"], 600) from None
    return cat.extras["search"]


def local_url(iri: str) -> str:
    """Where an IRI is browsed on this server."""
    if iri.startswith(RES) and SLUG.match(iri[len(RES) :]):
        return url_for("pages.resource", name=iri[len(RES) :])
    if iri.startswith(GSKG) and TERM.match(iri[len(GSKG) :]):
        return url_for("pages.term", name=iri[len(GSKG) :])
    if iri.startswith(VOCABULARIES):
        return iri  # rdf:type, owl:sameAs, qb:Observation…: their own definition
    return url_for("pages.browse", iri=iri)


def is_outside(url: str) -> bool:
    """Does `url` (from `local_url`) lead to another site?"""
    return url.startswith(("http://", "https://"))


def whole_number(name: str, default: int, low: int, high: int) -> int:
    """`?name=` as a whole number from `low` to `high` (`default` when absent or empty);
    anything else is a 400 naming the parameter and the range.  ASCII digits only:
    `str.isdigit` accepts `²` (a digit to Unicode, not to `int`), and `int` accepts `+1`,
    ` 1`, `1_0` and `٣`; every page number and limit of the site is parsed here."""
    text = request.args.get(name, "")
    if not text:
        return default
    if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
        raise BadQuery(f"{name}={text[:20]!r}: a whole number from {low} to {high} is expected")
    return int(text)


def page_number(most: int = MAX_PAGE) -> int:
    """The page asked for (`?page=`, from 1 to `most`; 400 otherwise)."""
    return whole_number("page", 1, 1, most)


def select(query: str) -> list[Row]:
    """The rows of a SELECT query: {variable: lexical value} (unbound variables left out)."""
    b = backend()
    p = plan(query, format="json", max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    body, _ = b.run(p, max(b.settings.timeout, 30.0))
    data = json.loads(body)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def cached(name: str, build: Callable[[], Any]) -> Any:
    """`build()`'s value for the current graph version, computed once per version."""
    b = backend()
    b.check_reload()  # a cache hit touches no store, so look for a new build here
    views = current_app.extensions.setdefault("gskg.views", {"values": {}, "locks": {}})
    key = (name, b.version)
    found = views["values"].get(key)
    if found is None:
        lock = views["locks"].setdefault(name, threading.Lock())
        with lock:  # one thread computes a view's value; the others wait for it
            found = views["values"].get(key)
            if found is None:
                found = build()
                stale = [k for k in views["values"] if k[0] == name]
                for old in stale:  # the previous graph's value
                    del views["values"][old]
                views["values"][key] = found
    return found


#: Text of rendered pages kept per process and graph version (least recently used dropped
#: first): the largest page at 1M triples (the best-connected city) is about 200 KB.
KEPT_BYTES = 24 * 1024 * 1024


def kept(name: str, key: Hashable, build: Callable[[], str], most: int = KEPT_BYTES) -> str:
    """`build()`'s text for `key` on the current graph version, kept in the app: the same
    key on the same graph gives the same text without building it again.  `key` must name
    everything else the text depends on (URL, language …); a new graph version (a reload)
    starts afresh, and past `most` characters the least recently used texts go first."""
    b = backend()
    b.check_reload()  # a hit touches no store, so look for a new build here
    pages = current_app.extensions.setdefault("gskg.kept", {})
    version = b.version
    with _KEPT_LOCK:
        shelf = pages.get(name)
        if shelf is None or shelf[0] != version:
            shelf = pages[name] = (version, OrderedDict(), [0])
        found = shelf[1].get(key)
        if found is not None:
            shelf[1].move_to_end(key)
            return found
    text = build()  # outside the lock: other pages are served meanwhile
    with _KEPT_LOCK:
        _, texts, size = shelf
        if key not in texts:
            texts[key] = text
            size[0] += len(text)
        while size[0] > most and len(texts) > 1:
            size[0] -= len(texts.popitem(last=False)[1])
    return text


def json_response(data: Any) -> Response:
    """`data` as compact JSON (UTF-8, keys in the order built: deterministic, and faster
    than `jsonify`'s sorted keys on the views' large answers)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, mimetype="application/json")
