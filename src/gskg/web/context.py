"""SELECT queries for the views (timeline, network): run in a query worker, read as rows.

The views' data depends only on the graph, so each query's rows are kept per graph version
in the app (`app.extensions["gskg.views"]`): the first request after a (re)load pays for the
query, the others filter rows already in memory.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from flask import Response, current_app

from ..sparql.backend import Backend
from ..sparql.engine import plan

#: Generous caps for the views' own queries (not the clients' SPARQL limits).
MAX_ROWS = 500_000
MAX_BYTES = 512 * 1024 * 1024
Row = dict[str, str]


def backend() -> Backend:
    """The app's backend."""
    return current_app.extensions["gskg"]


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


def json_response(data: Any) -> Response:
    """`data` as compact JSON (UTF-8, keys in the order built: deterministic, and faster
    than `jsonify`'s sorted keys on the views' large answers)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, mimetype="application/json")
