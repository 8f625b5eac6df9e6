"""The bare reference app of issue 8: Flask + pyoxigraph, nothing else (no limits, no logging).

    GSKG_BARE_DATA=dist/gskg.nt gunicorn -w 2 --preload bench.bare_app:app

The store is loaded at import (before gunicorn forks with --preload); each request runs
the query on it and lets the engine serialise the answer.  The benchmark serves the gskg
endpoint and this app the same data, the same way, and compares them.
"""

from __future__ import annotations

import os

from flask import Flask, Response, request
from pyoxigraph import NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store

GRAPH = "https://w3id.org/gskg/graph"


def load(path: str) -> Store:
    """An in-memory store holding the N-Triples file in the gskg named graph."""
    store = Store()
    store.bulk_load(path=path, format=RdfFormat.N_TRIPLES, to_graph=NamedNode(GRAPH))
    return store


store = load(os.environ.get("GSKG_BARE_DATA", "dist/gskg.nt"))
app = Flask(__name__)


@app.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Run `query` (GET or form POST); JSON results, or N-Triples for graph results."""
    query = request.values.get("query", "")
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        return Response(str(exc), status=400, mimetype="text/plain")
    if isinstance(result, QuerySolutions | QueryBoolean):
        body = result.serialize(format=QueryResultsFormat.JSON)
        return Response(body, mimetype="application/sparql-results+json")
    body = result.serialize(format=RdfFormat.N_TRIPLES)
    return Response(body, mimetype="application/n-triples")


@app.route("/health")
def health() -> str:
    """Liveness probe for the benchmark."""
    return "ok"
