"""The SPARQL core as pure functions: a query in, a serialised body and its media type out.

`run_query(store, query, accept)` is what the HTTP adapters, `gskg query` and the tests call
(the server runs `execute` in a killable worker process, see `executor.py`).  Results are
written by the engine's own serialisers and buffered up to a row cap: the row count comes
from a TSV / N-Triples pass (one line per row), which then feeds the requested serialiser,
so a response is either complete or an error, never half-sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

import pyoxigraph as ox
from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
)

from ..errors import BadQuery, GskgError
from ..formats import FORMATS, FORMATS_OF_FORM, by_name, negotiate
from .scan import check

OWL = "http://www.w3.org/2002/07/owl#"
PREFIXES = {
    "gskg": "https://w3id.org/gskg/ontology#",
    "res": "https://w3id.org/gskg/resource/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": OWL,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
}
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class TooManyResults(GskgError):
    """The result is larger than the server's cap (rows or bytes)."""

    status = 400


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to execute one query (picklable)."""

    query: str
    form: str
    format: str
    has_dataset: bool = False
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = DEFAULT_MAX_ROWS
    max_bytes: int = DEFAULT_MAX_BYTES
    base_iri: str | None = None


class _Capped:
    """A binary sink that stops the serialiser once it passes the row or byte cap."""

    def __init__(self, max_rows: int, max_bytes: int, header_lines: int) -> None:
        self.buf = BytesIO()
        self.lines = -header_lines
        self.max_rows = max_rows
        self.max_bytes = max_bytes

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        n = self.buf.write(data)
        if self.lines > self.max_rows:
            raise TooManyResults(
                f"the result has more than {self.max_rows} rows (this server's cap); "
                "add a LIMIT or narrow the query"
            )
        if self.buf.tell() > self.max_bytes:
            raise TooManyResults(
                f"the result is larger than {self.max_bytes} bytes (this server's cap); "
                "add a LIMIT or narrow the query"
            )
        return n

    def flush(self) -> None:
        """Nothing to flush: the buffer is in memory."""


def plan(
    query: str,
    accept: str | None = None,
    *,
    format: str | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    allow_service: Sequence[str] = (),
    max_rows: int = DEFAULT_MAX_ROWS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    base_iri: str | None = None,
) -> Plan:
    """Check a query (SERVICE, updates, depth) and negotiate its format, without running it."""
    info = check(query, tuple(allow_service))
    if info.form is None:
        # Not a recognisable query: let the engine's parser produce the precise message.
        form, allowed = "SELECT", FORMATS_OF_FORM["SELECT"]
    else:
        form, allowed = info.form, FORMATS_OF_FORM[info.form]
    fmt = by_name(format, allowed) if format else negotiate(accept, allowed)
    return Plan(
        query=query,
        form=form,
        format=fmt.name,
        has_dataset=info.has_dataset,
        default_graphs=tuple(default_graphs),
        named_graphs=tuple(named_graphs),
        max_rows=max_rows,
        max_bytes=max_bytes,
        base_iri=base_iri,
    )


def _dataset_kwargs(p: Plan) -> dict:
    if p.default_graphs or p.named_graphs:
        # The protocol's dataset overrides FROM / FROM NAMED in the query.
        return {
            "default_graph": [NamedNode(g) for g in p.default_graphs],
            "named_graphs": [NamedNode(g) for g in p.named_graphs],
        }
    if p.has_dataset:
        return {}
    return {"use_default_graph_as_union": True}


def _engine_query(store: Store, p: Plan):
    try:
        return store.query(p.query, base_iri=p.base_iri, **_dataset_kwargs(p))
    except SyntaxError as exc:
        raise BadQuery(f"SPARQL syntax error: {exc}") from None
    except ValueError as exc:
        raise BadQuery(f"invalid request: {exc}") from None


def _serialize_triples(triples: Sequence[ox.Triple], p: Plan) -> bytes:
    engine_fmt = FORMATS[p.format].engine
    assert isinstance(engine_fmt, RdfFormat)
    prefixes = PREFIXES if engine_fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    out = ox.serialize(triples, format=engine_fmt, prefixes=prefixes)
    assert out is not None
    return out


def _describe_closure(store: Store, first: list[ox.Triple], p: Plan) -> list[ox.Triple]:
    """Add incoming statements and the provenance axioms of every described resource."""
    described = {t.subject for t in first if isinstance(t.subject, NamedNode)}
    if not described:
        return first
    values = " ".join(str(r) for r in described)
    extra = store.query(
        "CONSTRUCT { ?s ?p ?r . ?ax ?ap ?av } WHERE { VALUES ?r { " + values + " } "
        "{ ?s ?p ?r } UNION { ?ax <" + OWL + "annotatedSource> ?r ; ?ap ?av } "
        "UNION { ?ax <" + OWL + "annotatedTarget> ?r ; ?ap ?av } }",
        **_dataset_kwargs(p),
    )
    triples = dict.fromkeys(first)
    for t in extra:
        triples[t] = None
        if len(triples) > p.max_rows:
            break
    return list(triples)


def execute(store: Store, p: Plan) -> tuple[bytes, str]:
    """Run a planned query; return the complete body and its media type."""
    fmt = FORMATS[p.format]
    result = _engine_query(store, p)
    if isinstance(result, QueryBoolean):
        if p.format not in FORMATS_OF_FORM["ASK"]:
            raise BadQuery(f"an ASK query cannot be written as {fmt.label}")
        body = result.serialize(format=fmt.engine)
    elif isinstance(result, QuerySolutions):
        if fmt.kind != "results":
            raise BadQuery(f"a SELECT query cannot be written as {fmt.label}")
        sink = _Capped(p.max_rows, p.max_bytes, header_lines=1)
        result.serialize(sink, format=QueryResultsFormat.TSV)
        tsv = sink.buf.getvalue()
        if fmt.engine == QueryResultsFormat.TSV:
            body = tsv
        else:
            body = ox.parse_query_results(tsv, QueryResultsFormat.TSV).serialize(format=fmt.engine)
    else:
        if fmt.kind != "rdf":
            raise BadQuery(f"a {p.form} query cannot be written as {fmt.label}")
        if p.form == "DESCRIBE":
            triples = _describe_closure(store, list(result), p)
            if len(triples) > p.max_rows:
                raise TooManyResults(f"the description has more than {p.max_rows} statements")
            body = _serialize_triples(triples, p)
        else:
            sink = _Capped(p.max_rows, p.max_bytes, header_lines=0)
            result.serialize(sink, format=RdfFormat.N_TRIPLES)
            nt = sink.buf.getvalue()
            if fmt.engine == RdfFormat.N_TRIPLES:
                body = nt
            else:
                body = _serialize_triples(list(ox.parse(nt, RdfFormat.N_TRIPLES)), p)
    assert body is not None
    media = fmt.media_type
    if not media.startswith("application/sparql-results") and fmt.name != "jsonld":
        media += "; charset=utf-8"
    return body, media


def run_query(
    store: Store,
    query: str,
    accept: str | None = None,
    **options,
) -> tuple[bytes, str]:
    """Check, negotiate and run `query` in-process (no time limit): `(body, media type)`.

    `options` are those of `plan`: format, default_graphs, named_graphs, allow_service,
    max_rows, max_bytes, base_iri (relative IRIs in the query resolve against it).
    """
    return execute(store, plan(query, accept, **options))
