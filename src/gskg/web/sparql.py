"""The `sparql` blueprint: the SPARQL 1.1 Protocol query operation, read-only.

The adapters (GET, form POST, direct POST) turn a request into one call of `engine.plan`
plus `Backend.run`; everything they refuse is refused with a 4xx and a plain message.
A bare GET returns the service description.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Blueprint, Response, g, redirect, request, url_for
from pyoxigraph import RdfFormat
from werkzeug.datastructures import MultiDict

from ..errors import BadQuery, Forbidden, GskgError
from ..sparql.engine import MEMO_QUERY_CHARS, PREFIXES, Plan, plan
from ..sparql.formats import RDF_FORMATS, negotiate
from ..sparql.scan import READ_ONLY
from .context import backend
from .http import error_response, not_modified
from .service import SD, VOID, describe_service

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
MAX_FIELDS = 200
ALLOW = "GET, HEAD, POST, OPTIONS"


class UnsupportedMediaType(GskgError):
    """A POST whose body is neither a form nor a SPARQL query."""

    status = 415


class UriTooLong(GskgError):
    """The query string is over the request-size cap."""

    status = 414


def _params(raw: bytes) -> MultiDict:
    """Parse `a=b&c=d` strictly: invalid UTF-8 is an error, not a replacement character."""
    try:
        text = raw.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict",
                          max_num_fields=MAX_FIELDS)  # fmt: skip
    except UnicodeDecodeError:
        raise BadQuery("the request parameters are not valid UTF-8") from None
    except ValueError as exc:
        raise BadQuery(f"malformed request parameters: {exc}") from None
    return MultiDict(pairs)


def _utf8_body(charset: str | None) -> str:
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the query must be sent in UTF-8, not {charset}")
    try:
        return request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError:
        raise BadQuery("the request body is not valid UTF-8") from None


def _remember(text: str | bytes) -> None:
    """Log the hash of the query (or update) a request carries, refused or not."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    g.query_hash = hashlib.sha256(data).hexdigest()[:16]


def _read_request() -> tuple[MultiDict, list[str]]:
    """The request's parameters and the query strings it carries (refusing updates)."""
    settings = backend().settings
    if len(request.query_string) > settings.max_request_bytes:
        raise UriTooLong(
            f"the query string is longer than this server's limit "
            f"({settings.max_request_bytes} bytes); send long queries by POST"
        )
    args = _params(request.query_string)
    queries = args.getlist("query")
    if request.method == "POST":
        mimetype = request.mimetype
        if mimetype == FORM:
            form = _params(request.get_data(cache=False))
            queries += form.getlist("query")
            for key, values in form.lists():
                if key != "query":
                    args.setlist(key, args.getlist(key) + values)
        elif mimetype == DIRECT:
            queries.append(_utf8_body(request.mimetype_params.get("charset")))
        elif mimetype == UPDATE:
            _remember(request.get_data(cache=False))
            raise Forbidden(READ_ONLY)
        else:
            raise UnsupportedMediaType(
                f"a POST to the SPARQL endpoint needs Content-Type {FORM} or {DIRECT} "
                f"(got {mimetype or 'none'})"
            )
    if queries or "update" in args:
        _remember((queries or args.getlist("update"))[0])
    if "update" in args:
        if queries:
            raise BadQuery("a request carries either a query or an update, not both")
        raise Forbidden(READ_ONLY)
    if len(queries) > 1:
        raise BadQuery(f"a request carries exactly one query (this one has {len(queries)})")
    return args, queries


def _timeout(args: MultiDict) -> float:
    limit = backend().settings.timeout
    if "timeout" not in args:
        return limit
    text = args["timeout"]
    try:
        value = float(text)
    except ValueError:
        raise BadQuery(f"timeout must be a number of seconds, not {text!r}") from None
    if not value > 0:
        raise BadQuery("timeout must be positive")
    return min(value, limit)


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"],
          strict_slashes=False)  # fmt: skip
def endpoint() -> Response:
    """SPARQL 1.1 Protocol: GET, form POST and direct POST of a query."""
    if request.method == "OPTIONS":
        return _preflight()
    if request.method not in ("GET", "HEAD", "POST"):
        resp = error_response(405, f"use GET or POST to query. {READ_ONLY}")
        resp.headers["Allow"] = ALLOW
        return resp
    args, queries = _read_request()
    if not queries:
        if request.method == "POST":
            raise BadQuery("no query given (send it as the query parameter or the body)")
        return service_description()
    query = queries[0]
    if not query.strip():
        raise BadQuery("the query is empty")
    settings = backend().settings
    fmt = args.get("format") or args.get("output")
    p = plan(
        query,
        request.headers.get("Accept"),
        format=fmt,
        default_graphs=args.getlist("default-graph-uri"),
        named_graphs=args.getlist("named-graph-uri"),
        allow_service=settings.allow_service,
        max_rows=settings.max_rows,
        max_bytes=settings.max_result_bytes,
        base_iri=base_iri(),
    )
    timeout = _timeout(args)
    etag = _etag(backend().version, p)
    if request.method in ("GET", "HEAD"):
        g.cacheable = True
        if (unchanged := not_modified(etag)) is not None:
            return unchanged
    body, media = backend().run(p, timeout)
    resp = Response(body, content_type=media)
    resp.set_etag(etag)
    return resp


_BASES: dict[tuple, str] = {}


def base_iri() -> str:
    """`request.base_url` (the IRI relative IRIs in a query resolve against), memoised.

    Werkzeug rebuilds it (and converts it to an IRI) on every request; it depends only on
    the scheme, host, script root and path, so a small table keyed by them is enough.
    """
    env = request.environ
    key = (env.get("wsgi.url_scheme"), env.get("HTTP_HOST"), env.get("SERVER_NAME"),
           env.get("SERVER_PORT"), env.get("SCRIPT_NAME"), env.get("PATH_INFO"))  # fmt: skip
    found = _BASES.get(key)
    if found is None:
        if len(_BASES) >= 256:  # Host is the client's: keep the table small
            _BASES.clear()
        found = _BASES[key] = request.base_url
    return found


def _etag_of(version: str, p: Plan) -> str:
    return hashlib.sha1(f"{version}|{p!r}".encode()).hexdigest()[:20]


_etag_memo = lru_cache(maxsize=1024)(_etag_of)


def _etag(version: str, p: Plan) -> str:
    """The entity tag of a query's answer: the graph's version and the plan, hashed."""
    if len(p.query) <= MEMO_QUERY_CHARS:
        return _etag_memo(version, p)
    return _etag_of(version, p)


def _preflight() -> Response:
    resp = Response(status=204)
    del resp.headers["Content-Type"]  # no body
    resp.headers["Allow"] = ALLOW
    resp.headers["Access-Control-Allow-Methods"] = ALLOW
    resp.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept, If-None-Match"
    resp.headers["Access-Control-Max-Age"] = "86400"
    return resp


def service_description() -> Response:
    """Bare GET: the service description in a negotiated RDF format (HTML → the query page)."""
    args = _params(request.query_string)
    if args.get("format"):
        from ..sparql.formats import by_name

        fmt = by_name(args["format"], RDF_FORMATS)
    else:
        fmt = negotiate(request.headers.get("Accept"), (*RDF_FORMATS, "html"))
    if fmt.name == "html":
        return redirect(url_for("pages.index"), code=303)
    prefixes = {"sd": SD, "void": VOID, "rdfs": PREFIXES["rdfs"]}
    assert isinstance(fmt.engine, RdfFormat)
    body = ox.serialize(describe_service(request.base_url), format=fmt.engine,
                        prefixes=prefixes if fmt.name in ("ttl", "rdf") else None)  # fmt: skip
    media = fmt.media_type + ("" if fmt.name == "jsonld" else "; charset=utf-8")
    g.cacheable = True
    return Response(body, content_type=media)
