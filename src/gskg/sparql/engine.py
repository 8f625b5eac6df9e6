"""The SPARQL core as pure functions: a query in, a serialised body and its media type out.

`run_query(store, query, accept)` is what the HTTP adapters, `gskg query` and the tests call
(the server runs `execute` in a killable worker process, see `executor.py`).  Results are
written once, in the requested format, by the engine's own serialisers, and buffered up to
the row and byte caps, so a response is either complete or an error, never half-sent.

Rows are counted on the serialised bytes as they are written: one marker per row in each
results format (a line in TSV, CSV and N-Triples, `},{` between JSON rows, `<result>` in
XML).  Literals may contain a marker too (a newline in CSV, `},{` in JSON), so the count is
an upper bound; only when it passes the cap is the query run again with exact counting
(TSV: one line per row, literals escaped), so an answer is refused only when it really is
over the cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
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
from ..namespaces import PREFIXES as EXPORT_PREFIXES
from .formats import FORMATS, FORMATS_OF_FORM, by_name, negotiate
from .scan import check

# The prefixes of the query page and of serialised results: those of the export, minus
# the ones only the ontology's own vocabulary needs.
PREFIXES = {
    name: EXPORT_PREFIXES[name]
    for name in ("gskg", "res", "rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "schema")
}
OWL = PREFIXES["owl"]
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Queries up to this length have their check memoised (1024 of them at most: ~4 MiB).
MEMO_QUERY_CHARS = 4096


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


class _Recount(Exception):  # noqa: N818 - internal signal, never leaves this module
    """The upper bound of the row count passed the cap: count exactly before refusing."""


#: Per results format: the marker counted, and how many of them are not rows.
_ROW_MARKERS = {
    QueryResultsFormat.TSV: (b"\n", 1, True),  # (marker, offset, exact)
    QueryResultsFormat.CSV: (b"\n", 1, False),
    QueryResultsFormat.JSON: (b"},{", -1, False),
    QueryResultsFormat.XML: (b"<result>", 0, True),
}


class _Capped:
    """A binary sink that stops the serialiser once it passes the row or byte cap.

    Counts `marker` occurrences (across chunk boundaries) minus `offset` as the row count;
    past the cap it raises TooManyResults if the count is `exact`, else `_Recount`.
    """

    def __init__(
        self,
        max_rows: int,
        max_bytes: int,
        marker: bytes = b"\n",
        offset: int = 0,
        exact: bool = True,
    ) -> None:
        self.buf = BytesIO()
        self.lines = -offset
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.marker = marker
        self.exact = exact
        self.tail = b""

    def write(self, data: bytes) -> int:
        if len(self.marker) == 1:
            self.lines += data.count(self.marker)
        else:
            joined = self.tail + data[: len(self.marker) - 1]
            self.lines += joined.count(self.marker) + data.count(self.marker)
            keep = len(self.marker) - 1
            self.tail = data[-keep:] if len(data) >= keep else (self.tail + data)[-keep:]
        n = self.buf.write(data)
        if self.lines > self.max_rows:
            if not self.exact:
                raise _Recount
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
    """Check a query (SERVICE, updates, depth) and negotiate its format, without running it.

    Both steps are pure, so their outcomes are memoised (small queries and Accept headers
    only; refusals are exceptions, which are not memoised and so are always re-checked).
    """
    services = tuple(allow_service)
    if len(query) <= MEMO_QUERY_CHARS:
        form, has_dataset = _checked(query, services)
    else:
        form, has_dataset = _check(query, services)
    if format:
        fmt_name = (
            _by_name(format, form)
            if len(format) <= 64
            else by_name(format, FORMATS_OF_FORM[form]).name
        )
    elif accept is None or len(accept) <= 512:
        fmt_name = _negotiated(accept, form)
    else:
        fmt_name = negotiate(accept, FORMATS_OF_FORM[form]).name
    return Plan(
        query=query,
        form=form,
        format=fmt_name,
        has_dataset=has_dataset,
        default_graphs=tuple(default_graphs),
        named_graphs=tuple(named_graphs),
        max_rows=max_rows,
        max_bytes=max_bytes,
        base_iri=base_iri,
    )


def _check(query: str, allow_service: tuple[str, ...]) -> tuple[str, bool]:
    """The query's form (SELECT when not recognisable: the engine's parser will say why)."""
    info = check(query, allow_service)
    return info.form or "SELECT", info.has_dataset


_checked = lru_cache(maxsize=1024)(_check)


@lru_cache(maxsize=256)
def _negotiated(accept: str | None, form: str) -> str:
    return negotiate(accept, FORMATS_OF_FORM[form]).name


@lru_cache(maxsize=64)
def _by_name(name: str, form: str) -> str:
    return by_name(name, FORMATS_OF_FORM[form]).name


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


# One row per statement (DISTINCT: an axiom's own triples are also incoming statements);
# statements whose subject is described are in the engine's DESCRIBE already.
_CLOSURE = (
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?r {{ {values} }} "
    "{{ ?s ?p ?r BIND(?r AS ?o) }} "
    "UNION {{ ?s <" + OWL + "annotatedSource> ?r ; ?p ?o }} "
    "UNION {{ ?s <" + OWL + "annotatedTarget> ?r ; ?p ?o }} "
    "FILTER(?s NOT IN ({others})) }} }}"
)


def _describe(store: Store, result: ox.QueryTriples, p: Plan) -> bytes:
    """The description as N-Triples: the engine's DESCRIBE (outgoing statements and their
    blank-node closure), plus incoming statements and the provenance axioms of every
    described resource, added by one CONSTRUCT serialised by the engine."""
    first = list(result)
    if len(first) > p.max_rows:
        raise TooManyResults(f"the description has more than {p.max_rows} statements")
    head = ox.serialize(first, format=RdfFormat.N_TRIPLES) or b""
    described = {t.subject for t in first if isinstance(t.subject, NamedNode)}
    if not described:
        return head
    extra = store.query(_CLOSURE.format(values=" ".join(map(str, described)),
                                        others=", ".join(map(str, described))),
                        **_dataset_kwargs(p))  # fmt: skip
    sink = _Capped(p.max_rows - len(first), p.max_bytes)
    try:
        extra.serialize(sink, format=RdfFormat.N_TRIPLES)
    except TooManyResults:
        raise TooManyResults(f"the description has more than {p.max_rows} statements") from None
    body = sink.buf.getvalue()
    if any(isinstance(t.object, ox.BlankNode) for t in first):
        # A blank node of the closure may link back to a described resource: drop repeats.
        seen = set(head.splitlines())
        body = b"".join(line + b"\n" for line in body.splitlines() if line not in seen)
    return head + body


def _select(store: Store, result: QuerySolutions, p: Plan) -> bytes:
    """Solutions written once in the requested format, capped (see the module docstring)."""
    engine_fmt = FORMATS[p.format].engine
    marker, offset, exact = _ROW_MARKERS.get(engine_fmt, (b"\n", 1, False))
    sink = _Capped(p.max_rows, p.max_bytes, marker, offset, exact)
    try:
        result.serialize(sink, format=engine_fmt)
        return sink.buf.getvalue()
    except _Recount:
        pass
    del sink
    # Maybe over the cap: count exactly (TSV, one line per row), then convert.
    sink = _Capped(p.max_rows, p.max_bytes, b"\n", 1, True)
    again = _engine_query(store, p)
    assert isinstance(again, QuerySolutions)
    again.serialize(sink, format=QueryResultsFormat.TSV)
    tsv = sink.buf.getvalue()
    return ox.parse_query_results(tsv, QueryResultsFormat.TSV).serialize(format=engine_fmt)


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
        body = _select(store, result, p)
    else:
        if fmt.kind != "rdf":
            raise BadQuery(f"a {p.form} query cannot be written as {fmt.label}")
        if p.form == "DESCRIBE":
            nt = _describe(store, result, p)
        else:
            sink = _Capped(p.max_rows, p.max_bytes)
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
