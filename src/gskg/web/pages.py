"""The `pages` blueprint: the query page, resource and ontology pages, exports, health.

Every resource IRI `https://w3id.org/gskg/resource/<slug>` dereferences at
`/resource/<slug>` (ontology terms at `/ontology/<term>`): HTML for browsers, RDF by
`Accept` or by extension, with `<link rel=alternate>` and a `Link` header for the twins.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import yaml
from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from .. import __version__
from ..errors import NotFound
from ..pipeline.export import EXPORTS
from ..qualifiers import QUALIFIERS, display
from ..resources import package_path
from ..sparql.engine import PREFIXES, plan
from ..sparql.formats import ALIASES, FORMATS, RDF_FORMATS, by_name, negotiate
from .context import (
    GSKG,
    RES,
    SLUG,
    TERM,
    backend,
    cached,
    is_outside,
    kept,
    local_url,
    page_number,
    select,
)
from .http import not_modified
from .i18n import local_path
from .resource import resource_view
from .service import VOID, void_here

bp = Blueprint("pages", __name__)
# An absolute IRI (RFC 3987's characters): no spaces, controls or delimiters, and every `%`
# starting an escape.
_IRI_CHAR = r"[^\x00-\x20\x7f-\x9f<>\"{}|\\^`%]|%[0-9A-Fa-f]{2}"
IRI = re.compile(rf"[a-zA-Z][a-zA-Z0-9+.\-]*:(?:{_IRI_CHAR})*")
# /export.<ext>: the built files, as written by `gskg build`.
# /export.<ext>: the build's files, by their extension or (for RDF/XML) the format's name.
EXPORT_FILES = {**{ext: ext for ext in EXPORTS}, "rdf": "owl"}
EXTRA_FILES = {
    "ontology.ttl": "text/turtle; charset=utf-8",
    "void.ttl": "text/turtle; charset=utf-8",
}


def curie(iri: str) -> str:
    """`gskg:City` for IRIs under a known prefix, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


@bp.app_template_filter("local")
def _local_filter(iri: str) -> str:
    return local_url(iri)


@bp.app_template_global("qvalue")
def qvalue(
    value: Any, unit: str | None, qualifier: str | None = None, upper: Any = None,
    unit_en: str | None = None,
) -> str:  # fmt: skip
    """A value as the reader's language writes it, with what the text says about it:
    ">2 万亿元" / "more than 2 万亿元", "10–20 家" (an interval: an upper bound and no
    qualifier), "前2位" / "top 2", "第25位" / "25th" (qualifiers.display)."""
    lang = g.get("lang", "zh")
    return display(value, unit, qualifier, None if qualifier else upper, lang, unit_en)


@bp.app_template_filter("outside")
def _outside_filter(url: str) -> bool:
    return is_outside(url)


@bp.app_template_global("here")
def here(**changes: Any) -> str:
    """This page's URL with some query parameters changed (the others, `iri` too, kept)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in changes]
    args += [(k, str(v)) for k, v in changes.items() if v is not None]
    path = local_path()  # percent-encoded, never `//…` (i18n.local_path)
    return f"{path}?{urlencode(args)}" if args else path


@bp.app_template_filter("curie")
def _curie_filter(iri: str) -> str:
    return curie(iri)


@bp.route("/query")
def index() -> str:
    """The query page: YASGUI with the prefixes filled in and the example queries.

    At `/query`; the home page redirects the old address `/?query=…` here."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    default = prologue + (
        "\nSELECT ?s ?label WHERE {\n  ?s a gskg:City ; rdfs:label ?label .\n} LIMIT 20\n"
    )
    examples = [e.__dict__ for e in backend().examples]
    config = {
        "endpoint": url_for("sparql.endpoint", _external=True),
        "query": request.args.get("query") or default,  # ?query=: a panel's "query" link
        "prefixes": PREFIXES,
        "examples": examples,
        "values": value_words(),
    }
    return render_template("index.html", config=config, examples=examples)


UNITS = f"""SELECT ?iri ?written ?en WHERE {{ ?iri a <{GSKG}Unit> ;
  <http://www.w3.org/2000/01/rdf-schema#label> ?en FILTER(LANGMATCHES(LANG(?en), "en"))
  OPTIONAL {{ ?iri <{GSKG}writtenAs> ?written }} }} ORDER BY ?iri ?written"""


def value_words() -> dict[str, Any]:
    """What the query page's result table needs to write a value as the pages do
    (views/values.js): the qualifiers and the units' English names."""
    units = cached("value-units", lambda: select(UNITS))
    qualifiers = {q.code: {"symbol": q.symbol, "en": q.en, "local": q.local}
                  for q in QUALIFIERS.values()}  # fmt: skip
    return {"qualifiers": qualifiers, "units": units}


def _split(name: str) -> tuple[str, str | None]:
    stem, dot, ext = name.rpartition(".")
    if dot and (ext.lower() in FORMATS or ext.lower() in ALIASES):
        return stem, ext
    return name, None


def _twin(page_url: str, ext: str) -> str:
    """The URL of a page's twin in format `ext`: `/resource/x.ttl`, `/page.ttl?iri=…`."""
    path, query, rest = page_url.partition("?")
    return f"{path}.{ext}{query}{rest}"


def _dereference(iri: str, ext: str | None, page_url: str) -> Response | str:
    """HTML or RDF for one IRI, by extension or Accept."""
    offers = ("html", *RDF_FORMATS)
    fmt = by_name(ext, offers) if ext else negotiate(request.headers.get("Accept"), offers)
    alternates = [(_twin(page_url, n), FORMATS[n].media_type, FORMATS[n].label)
                  for n in RDF_FORMATS]  # fmt: skip
    link = ", ".join(f'<{u}>; rel="alternate"; type="{t}"' for u, t, _ in alternates)
    g.cacheable = True
    # The tag names what the page is made of (graph version, IRI, format, code version), not
    # its bytes: blank-node labels differ between workers that each loaded a new build.
    # An HTML page is in the interface language (i18n.py): the language is part of its tag.
    # It also shows the release in which the resource last changed (the releases folder).
    lang = g.lang if fmt.name == "html" else ""
    page = request.args.get("page", "") if fmt.name == "html" else ""
    release = current_app.jinja_env.globals["last_release"](iri) if fmt.name == "html" else ""
    backend().check_reload()
    key = f"{backend().version}\0{iri}\0{fmt.name}\0{lang}\0{page}\0{release}\0{__version__}"
    etag = hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
    if (unchanged := not_modified(etag)) is not None:
        if fmt.name == "html":
            unchanged.vary.update(("Cookie", "Accept-Language"))
        return unchanged
    if fmt.name == "html":
        # Kept per graph version (context.kept), by what the page shows besides the graph:
        # its URL (the language switch and the pager repeat its arguments), the language
        # and the last release.  The best-connected city of 1M triples costs 150 ms to make.
        number = page_number()
        html = kept("resource", (request.full_path, lang, release),
                    lambda: _render(iri, number, alternates))  # fmt: skip
        resp = Response(html, mimetype="text/html")
    else:
        p = plan(f"DESCRIBE <{iri}>", format=fmt.name, max_rows=backend().settings.max_rows)
        body, media = backend().run(p, backend().settings.timeout)
        if len(body.strip()) == 0 or body.strip() in (b"[]", b"{}"):
            raise NotFound(f"nothing is known about <{iri}>")
        resp = Response(body, content_type=media)
        resp.headers["Content-Location"] = _twin(page_url, fmt.name)
    resp.headers["Link"] = link
    resp.set_etag(etag)
    return resp


def _render(iri: str, page: int, alternates: list[tuple[str, str, str]]) -> str:
    """The HTML page of `iri` (its statements' page `page`), from a query worker's view."""
    view = backend().call(resource_view, iri, page, fast=True)
    return render_template("resource.html", v=view, alternates=alternates, title=_title(view))


def _title(view: dict[str, Any]) -> str:
    labels = view["labels"]
    parts = [labels[lang][0] for lang in ("zh", "en") if labels.get(lang)]
    return " · ".join(parts) or curie(view["iri"])


@bp.route("/resource/<name>")
def resource(name: str) -> Response | str:
    """A gskg individual: `/resource/<slug>` or `/resource/<slug>.<ext>`."""
    slug, ext = _split(name)
    if not SLUG.match(slug):
        raise NotFound(f"{slug!r} is not a gskg resource name")
    return _dereference(RES + slug, ext, url_for("pages.resource", name=slug))


@bp.route("/ontology/<name>")
def term(name: str) -> Response | str:
    """An ontology term: `/ontology/<term>` or `/ontology/<term>.<ext>`."""
    local, ext = _split(name)
    if not TERM.match(local):
        raise NotFound(f"{local!r} is not an ontology term")
    return _dereference(GSKG + local, ext, url_for("pages.term", name=local))


@bp.route("/page")
@bp.route("/page.<ext>")
def browse(ext: str | None = None) -> Response | str:
    """Any IRI of the store (e.g. from an --add graph): `/page?iri=…`; its RDF at
    `/page.ttl?iri=…` (or `?iri=…&format=ttl`)."""
    iri = request.args.get("iri", "")
    if not IRI.fullmatch(iri) or not _valid_iri(iri):
        raise NotFound("give the IRI to show as ?iri= (an absolute IRI)")
    page_url = url_for("pages.browse") + "?iri=" + quote(iri, safe="")
    try:
        return _dereference(iri, ext or request.args.get("format"), page_url)
    except NotFound:
        if (old := _old_twin(iri)) is not None:
            return old
        raise


def _old_twin(iri: str) -> Response | None:
    """`/page?iri=<iri>.ttl`, the twin links of earlier versions: to `/page.ttl?iri=<iri>`."""
    stem, ext = _split(iri)
    if ext is None or ext.lower() not in RDF_FORMATS:
        return None
    return redirect(url_for("pages.browse", ext=ext) + "?iri=" + quote(stem, safe=""), 301)


def _valid_iri(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except (ValueError, UnicodeError):
        return False
    return True


def _file_response(path: Path, media: str) -> Response:
    if not path.is_file():
        raise NotFound(f"{path.name} is not built yet: run `gskg build`")
    g.cacheable = True
    resp = Response(path.read_bytes(), content_type=media)
    st = path.stat()
    resp.set_etag(f"{st.st_size:x}-{st.st_mtime_ns:x}")
    resp.last_modified = st.st_mtime
    return resp


@bp.route("/export.<ext>")
def export(ext: str) -> Response:
    """The whole graph (ontology + facts) as built: .ttl, .nt, .jsonld, .owl."""
    if ext not in EXPORT_FILES:
        offered = ", ".join("." + e for e in EXPORT_FILES)
        raise NotFound(f"no export .{ext}; there are: {offered}")
    file_ext = EXPORT_FILES[ext]
    fmt = FORMATS[EXPORTS[file_ext]]
    filename = f"gskg.{file_ext}"
    media = fmt.media_type + ("" if fmt.name == "jsonld" else "; charset=utf-8")
    resp = _file_response(backend().dist / filename, media)
    resp.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return resp


@bp.route("/<any('ontology.ttl', 'void.ttl'):filename>")
def dist_file(filename: str) -> Response:
    """The ontology alone and the VoID description, as built (VoID: naming this server)."""
    if filename != "void.ttl":
        return _file_response(backend().dist / filename, EXTRA_FILES[filename])
    path = backend().dist / filename
    if not path.is_file():
        raise NotFound(f"{filename} is not built yet: run `gskg build`")
    prefixes = {**PREFIXES, "void": VOID}
    body = ox.serialize(void_here(path), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    g.cacheable = True
    return Response(body, content_type=EXTRA_FILES[filename])


@bp.route("/.well-known/void")
def well_known_void() -> Response:
    """The VoID description at its well-known place (RFC 5785, VoID §7)."""
    return dist_file("void.ttl")


@bp.route("/ontology")
def ontology() -> Response | str:
    """Human-readable ontology documentation (pyLODE's dist/ontology.html when built)."""
    doc = backend().dist / "ontology.html"
    if doc.is_file():
        return _file_response(doc, "text/html; charset=utf-8")
    return _dereference(GSKG.rstrip("#"), None, url_for("pages.ontology"))


@bp.route("/health")
def health() -> dict[str, Any]:
    """For probes: the store answers a query."""
    b = backend()
    return {"ok": b.ping(), "version": b.version, "examples": len(b.examples)}


@functools.cache
def _openapi_json() -> bytes:
    text = package_path("web", "openapi.yaml").read_text(encoding="utf-8")
    return json.dumps(yaml.safe_load(text), ensure_ascii=False).encode("utf-8")


@bp.route("/openapi.json")
def openapi() -> Response:
    """The OpenAPI description of the HTTP interface (written in web/openapi.yaml)."""
    g.cacheable = True
    return Response(_openapi_json(), mimetype="application/json")
