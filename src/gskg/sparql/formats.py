"""The one table of formats: media types, engine serialisers, URL extensions, negotiation."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..errors import GskgError


class NotAcceptable(GskgError):
    """Nothing the client accepts can be produced."""

    status = 406


class UnknownFormat(GskgError):
    """A `format=` value or URL extension that names no format."""

    status = 400


@dataclass(frozen=True)
class Format:
    """A response format: short name, media type, what it serialises and how."""

    name: str
    media_type: str
    kind: str  # "results" (SELECT/ASK), "rdf" (graphs) or "html"
    engine: QueryResultsFormat | RdfFormat | None
    aliases: tuple[str, ...] = ()
    label: str = ""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "application/sparql-results+json", "results", QueryResultsFormat.JSON,
               ("application/json",), "SPARQL JSON"),
        Format("xml", "application/sparql-results+xml", "results", QueryResultsFormat.XML,
               ("application/xml", "text/xml"), "SPARQL XML"),
        Format("csv", "text/csv", "results", QueryResultsFormat.CSV, (), "CSV"),
        Format("tsv", "text/tab-separated-values", "results", QueryResultsFormat.TSV, (), "TSV"),
        Format("ttl", "text/turtle", "rdf", RdfFormat.TURTLE,
               ("application/x-turtle", "application/turtle"), "Turtle"),
        Format("nt", "application/n-triples", "rdf", RdfFormat.N_TRIPLES, ("text/plain",),
               "N-Triples"),
        Format("jsonld", "application/ld+json", "rdf", RdfFormat.JSON_LD, ("application/json",),
               "JSON-LD"),
        Format("rdf", "application/rdf+xml", "rdf", RdfFormat.RDF_XML,
               ("application/xml", "text/xml"), "RDF/XML"),
        Format("html", "text/html", "html", None, ("application/xhtml+xml",), "HTML"),
    )
}  # fmt: skip

# Other spellings accepted in `format=` and as URL extensions.
ALIASES = {
    "turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld",
    "rdfxml": "rdf", "rdf+xml": "rdf", "owl": "rdf", "srj": "json", "srx": "xml",
    "htm": "html",
}  # fmt: skip

# In a request for a graph, "xml" and "json" mean RDF/XML and JSON-LD (as SPARQLWrapper sends).
GRAPH_ALIASES = {"xml": "rdf", "json": "jsonld", "n3": "ttl"}

# ASK answers are booleans: only the JSON and XML result formats carry them.
KIND_OF_FORM = {"SELECT": "results", "ASK": "results", "CONSTRUCT": "rdf", "DESCRIBE": "rdf"}
FORMATS_OF_FORM = {
    "SELECT": ("json", "xml", "csv", "tsv"),
    "ASK": ("json", "xml"),
    "CONSTRUCT": ("ttl", "nt", "jsonld", "rdf"),
    "DESCRIBE": ("ttl", "nt", "jsonld", "rdf"),
}
RDF_FORMATS = FORMATS_OF_FORM["CONSTRUCT"]


def by_name(name: str, allowed: tuple[str, ...]) -> Format:
    """The format a `format=` value or extension names, among `allowed` (else 400/406)."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in allowed and set(allowed) <= set(RDF_FORMATS) | {"html"}:
        key = GRAPH_ALIASES.get(key, key)
    if key not in FORMATS:
        # a media type given as format=
        for short in allowed:
            fmt = FORMATS[short]
            if key == fmt.media_type or key in fmt.aliases:
                return fmt
        raise UnknownFormat(f"unknown format {name!r}; known: {', '.join(allowed)}")
    if key not in allowed:
        raise NotAcceptable(f"format {name!r} is not offered here; offered: {offer_list(allowed)}")
    return FORMATS[key]


def offer_list(allowed: tuple[str, ...]) -> str:
    """Human-readable list of offered formats, for 406 messages."""
    return ", ".join(f"{FORMATS[n].media_type} ({n})" for n in allowed)


def negotiate(accept: str | None, allowed: tuple[str, ...]) -> Format:
    """Pick the best of `allowed` for an Accept header (the first one for `*/*` or none)."""
    if not accept or not accept.strip():
        return FORMATS[allowed[0]]
    parsed = parse_accept_header(accept, MIMEAccept)
    offers: list[str] = []
    owner: dict[str, str] = {}
    for short in allowed:
        fmt = FORMATS[short]
        for media in (fmt.media_type, *fmt.aliases):
            if media not in owner:
                owner[media] = short
                offers.append(media)
    best = parsed.best_match(offers)
    if best is None:
        raise NotAcceptable(
            f"none of the media types in Accept ({accept[:200]}) can be produced here; "
            f"offered: {offer_list(allowed)}"
        )
    return FORMATS[owner[best]]
