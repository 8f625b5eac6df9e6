"""A remote SPARQL 1.1 store: upload the build (`push`) and query it (`query`, `RemoteStore`).

`push` uploads `dist/gskg.nt` through the SPARQL 1.1 Graph Store HTTP Protocol without ever
leaving the live graph half-written:

1. PUT the file into a fresh temporary graph `<graph>/upload-<random>` (the live graph is
   untouched; a file the store rejects fails here);
2. count the temporary graph's triples on the store and compare with the file's (a count
   query when a query endpoint is given, else a Graph Store GET) — a truncated or partly
   rejected upload fails here, and the temporary graph is deleted;
3. swap: with a SPARQL Update endpoint, one `MOVE <tmp> TO <graph>` request (Virtuoso, Fuseki
   and QLever run one update request as one transaction, and the data never crosses the
   network again); without one, a single PUT of the same file to the live graph (a PUT
   replaces a graph in one transaction), then DELETE of the temporary graph.

Both HTTP Basic and Digest authentication (Virtuoso's `/sparql-graph-crud-auth`) are
supported; Digest is answered from the server's challenge, fetched with a body-less probe so
that a large body is sent once.  Only the standard library and pyoxigraph are used.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import secrets
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from gskg.errors import BadQuery, GskgError

NT = "application/n-triples"
ACCEPT_RESULTS = "application/sparql-results+xml"  # Virtuoso's JSON uses SPARQL 1.0 terms
ACCEPT_RDF = NT
Progress = Callable[[int], None]


class RemoteError(GskgError):
    """The remote store failed or could not be reached."""

    status = 502


@dataclass(frozen=True)
class PushResult:
    """What `push` did: the graph written, its triple count, bytes sent and the swap used."""

    graph: str
    triples: int
    bytes_sent: int
    seconds: float
    swap: str


@dataclass
class Client:
    """Minimal HTTP client answering Basic and Digest challenges (RFC 7616, qop=auth, MD5)."""

    auth: tuple[str, str] | None = None
    timeout: float = 600.0
    challenges: dict[str, dict[str, str]] = field(default_factory=dict)  # per host+path
    nc: int = 0

    def request(
        self,
        method: str,
        url: str,
        body: bytes | Path | None = None,
        headers: dict[str, str] | None = None,
        progress: Progress | None = None,
    ) -> tuple[int, str, bytes]:
        """Send one request; returns (status, Content-Type, body).  Network errors → RemoteError."""
        parts = urllib.parse.urlsplit(url)
        key = f"{parts.netloc}{parts.path}"
        # A body-less probe fetches the challenge and tries the credentials, so that a large
        # body is sent once (a store may close the socket on a 401 mid-upload).
        probe = isinstance(body, Path) and self.auth and key not in self.challenges
        if probe:
            if self.request("GET", url)[0] == 401:
                raise RemoteError(f"{url}: the store refused the credentials (HTTP 401)")
            self.challenges.setdefault(key, {"scheme": "none"})  # probe once per endpoint
        for attempt in range(2):
            sent_headers = dict(headers or {})
            if self.auth and self.challenges.get(key, {}).get("scheme") in ("basic", "digest"):
                sent_headers["Authorization"] = self._authorization(method, parts, key)
            status, media, data, challenge = self._once(method, parts, body, sent_headers, progress)
            if status != 401 or not self.auth or attempt or not challenge:
                return status, media, data
            self.challenges[key] = _parse_challenge(challenge)
        raise AssertionError("unreachable")

    def _once(
        self,
        method: str,
        parts: urllib.parse.SplitResult,
        body: bytes | Path | None,
        headers: dict[str, str],
        progress: Progress | None,
    ) -> tuple[int, str, bytes, str]:
        conn_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        conn = conn_class(parts.netloc, timeout=self.timeout, blocksize=1 << 20)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            if isinstance(body, Path):
                headers["Content-Length"] = str(body.stat().st_size)
                with body.open("rb") as fh:
                    conn.request(method, target, _Reader(fh, progress), headers)
            else:
                conn.request(method, target, body, headers)
            response = conn.getresponse()
            data = response.read()
        except TimeoutError as exc:
            raise RemoteError(f"{method} {parts.geturl()}: timed out") from exc
        except OSError as exc:  # refused, reset, DNS (HTTPException is not an OSError)
            raise RemoteError(f"{method} {parts.geturl()}: {exc}") from exc
        except http.client.HTTPException as exc:
            raise RemoteError(f"{method} {parts.geturl()}: {exc!r}") from exc
        finally:
            conn.close()
        challenge = response.getheader("WWW-Authenticate", "")
        return response.status, response.getheader("Content-Type", ""), data, challenge

    def _authorization(self, method: str, parts: urllib.parse.SplitResult, key: str) -> str:
        assert self.auth is not None
        user, password = self.auth
        c = self.challenges[key]
        if c["scheme"] == "basic":
            return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        self.nc += 1
        nc, cnonce = f"{self.nc:08x}", secrets.token_hex(8)

        def md5(text: str) -> str:
            return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()

        ha1 = md5(f"{user}:{c['realm']}:{password}")
        ha2 = md5(f"{method}:{uri}")
        if "auth" in c.get("qop", "").split(","):
            response = md5(f"{ha1}:{c['nonce']}:{nc}:{cnonce}:auth:{ha2}")
            extra = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        else:
            response, extra = md5(f"{ha1}:{c['nonce']}:{ha2}"), ""
        opaque = f', opaque="{c["opaque"]}"' if "opaque" in c else ""
        return (
            f'Digest username="{user}", realm="{c["realm"]}", nonce="{c["nonce"]}", '
            f'uri="{uri}", algorithm=MD5, response="{response}"{opaque}{extra}'
        )


class _Reader:
    """A file wrapper reporting every block http.client reads from it."""

    def __init__(self, fh: IO[bytes], progress: Progress | None) -> None:
        self.fh, self.progress = fh, progress

    def read(self, size: int = -1) -> bytes:
        block = self.fh.read(size)
        if self.progress and block:
            self.progress(len(block))
        return block


def _parse_challenge(header: str) -> dict[str, str]:
    """`Digest realm="x", nonce="y", qop="auth"` → {"scheme": "digest", "realm": "x", …}."""
    scheme, _, rest = header.partition(" ")
    out = {"scheme": scheme.lower()}
    for item in urllib.request.parse_http_list(rest):
        name, _, value = item.partition("=")
        out[name.strip().lower()] = value.strip().strip('"')
    return out


def graph_url(graph_store_url: str, graph_iri: str) -> str:
    """The Graph Store URL addressing one graph (`?graph=` standard, `?graph-uri=` Virtuoso)."""
    param = "graph-uri" if "sparql-graph-crud" in graph_store_url else "graph"
    sep = "&" if "?" in graph_store_url else "?"
    return f"{graph_store_url}{sep}{urllib.parse.urlencode({param: graph_iri})}"


def count_triples(nt_path: Path) -> int:
    """Distinct triples in an N-Triples file (parsing it also proves it is well-formed)."""
    try:
        return len({hash(t) for t in ox.parse(path=nt_path, format=ox.RdfFormat.N_TRIPLES)})
    except SyntaxError as exc:
        raise GskgError(f"{nt_path}: not valid N-Triples: {exc}") from exc


def _check(status: int, data: bytes, what: str) -> None:
    if status == 401:
        raise RemoteError(f"{what}: HTTP 401: the store wants (other) credentials")
    if not 200 <= status < 300:
        raise RemoteError(f"{what}: HTTP {status}: {data[:300].decode(errors='replace')}")


def _remote_count(client: Client, graph: str, graph_store_url: str, query_url: str | None) -> int:
    """The number of triples in `graph` on the store."""
    if query_url:
        sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        body, media = _post_query(client, query_url, sparql, "application/sparql-results+xml")
        results = ox.parse_query_results(body, ox.QueryResultsFormat.from_media_type(media))
        return int(next(iter(results))["n"].value)  # type: ignore[index,union-attr]
    status, media, data = client.request(
        "GET", graph_url(graph_store_url, graph), None, {"Accept": NT}
    )
    _check(status, data, f"GET {graph}")
    fmt = ox.RdfFormat.from_media_type(media.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
    return len({hash(t) for t in ox.parse(data, fmt)})


def push(
    nt_path: Path,
    graph_store_url: str,
    graph_iri: str,
    auth: tuple[str, str] | None = None,
    *,
    update_url: str | None = None,
    query_url: str | None = None,
    progress: Progress | None = None,
    timeout: float = 600.0,
) -> PushResult:
    """Replace `graph_iri` on the store with the triples of `nt_path`, atomically (see module)."""
    started = time.monotonic()
    expected = count_triples(nt_path)
    client = Client(auth=auth, timeout=timeout)
    temp = f"{graph_iri.rstrip('/#')}/upload-{secrets.token_hex(6)}"
    headers = {"Content-Type": NT}
    status, _, data = client.request(
        "PUT", graph_url(graph_store_url, temp), nt_path, headers, progress
    )
    _check(status, data, f"PUT {temp}")
    try:
        found = _remote_count(client, temp, graph_store_url, query_url)
        if found != expected:
            hint = "" if query_url else " (some stores cap a Graph Store GET: give a query URL)"
            raise RemoteError(f"upload incomplete: {found} of {expected} triples{hint}")
        if update_url:
            swap = "MOVE"
            _post_update(client, update_url, f"MOVE SILENT <{temp}> TO <{graph_iri}>")
        else:
            swap = "PUT"
            status, _, data = client.request(
                "PUT", graph_url(graph_store_url, graph_iri), nt_path, headers, progress
            )
            _check(status, data, f"PUT {graph_iri}")
    finally:  # after MOVE the temporary graph is already gone; DELETE is then a no-op 404
        client.request("DELETE", graph_url(graph_store_url, temp))
    size = nt_path.stat().st_size * (1 if swap == "MOVE" else 2)
    return PushResult(graph_iri, expected, size, time.monotonic() - started, swap)


def _post_update(client: Client, update_url: str, update: str) -> None:
    body = urllib.parse.urlencode({"update": update}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, data = client.request("POST", update_url, body, headers)
    _check(status, data, f"update {update!r}")


def _post_query(
    client: Client, endpoint: str, sparql: str, accept: str, dataset: Sequence[tuple[str, str]] = ()
) -> tuple[bytes, str]:
    body = urllib.parse.urlencode([("query", sparql), *dataset]).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    status, media, data = client.request("POST", endpoint, body, headers)
    if status == 400:
        raise BadQuery(f"the remote store refused the query: {data[:500].decode(errors='replace')}")
    _check(status, data, f"query {endpoint}")
    return data, media.split(";")[0].strip()


def query(
    endpoint: str,
    sparql: str,
    accept: str = ACCEPT_RESULTS,
    *,
    auth: tuple[str, str] | None = None,
    timeout: float = 30.0,
    dataset: Sequence[tuple[str, str]] = (),
) -> tuple[bytes, str]:
    """Send `sparql` to an external SPARQL 1.1 endpoint; return its raw body and media type.

    `dataset` holds protocol parameters (`default-graph-uri`, `named-graph-uri`) to send.

    The query goes as a form POST (the form every store accepts) with `accept` passed through,
    so a web layer can hand the body on unchanged.  A 400 from the store is `BadQuery`;
    anything else that is not 2xx, or an unreachable store, is `RemoteError` (502).
    """
    return _post_query(Client(auth=auth, timeout=timeout), endpoint, sparql, accept, dataset)


class RemoteStore:
    """A read-only stand-in for `pyoxigraph.Store` backed by a remote endpoint.

    `query()` returns what `Store.query` returns — `QuerySolutions`, `QueryBoolean`, or an
    iterator of `Triple` — parsed by pyoxigraph from the store's response, so page code can
    run unchanged on either backend.
    """

    def __init__(
        self, endpoint: str, *, auth: tuple[str, str] | None = None, timeout: float = 30.0
    ) -> None:
        self.endpoint, self.auth, self.timeout = endpoint, auth, timeout

    @classmethod
    def from_env(cls) -> RemoteStore | None:
        """The store named by `GSKG_SPARQL_ENDPOINT`, or None when it is unset."""
        url = os.environ.get("GSKG_SPARQL_ENDPOINT")
        return cls(url) if url else None

    def query(
        self,
        sparql: str,
        form: str | None = None,
        *,
        base_iri: str | None = None,
        default_graph: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        **_: Any,
    ) -> ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]:
        """Run `sparql` remotely and parse the answer into pyoxigraph result objects.

        `form` ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), when the caller knows it, picks the
        Accept header; without it a results format is asked first and an RDF syntax after a
        406 (Virtuoso answers 406 to a CONSTRUCT asked for results, and ignores q-values).
        `default_graph` / `named_graphs` go to the store as the protocol's dataset; whether
        its default graph is the union of its graphs otherwise is the store's own choice
        (Virtuoso's is).
        """
        if base_iri:
            sparql = f"BASE <{base_iri}>\n{sparql}"
        dataset = [("default-graph-uri", g.value) for g in default_graph or ()]
        dataset += [("named-graph-uri", g.value) for g in named_graphs or ()]
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        accept = ACCEPT_RDF if graph_form else ACCEPT_RESULTS
        kwargs = {"auth": self.auth, "timeout": self.timeout, "dataset": dataset}
        try:
            body, media = query(self.endpoint, sparql, accept, **kwargs)
        except RemoteError as exc:
            if form is not None or " 406:" not in str(exc):
                raise
            body, media = query(self.endpoint, sparql, ACCEPT_RDF, **kwargs)
        results_format = ox.QueryResultsFormat.from_media_type(media)
        if results_format is not None:
            return ox.parse_query_results(body, results_format)
        rdf_format = ox.RdfFormat.from_media_type(media)
        if rdf_format is None:
            raise RemoteError(f"the remote store answered with unknown media type {media!r}")
        return iter([quad.triple for quad in ox.parse(body, rdf_format)])
