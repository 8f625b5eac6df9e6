"""What this endpoint says of itself: the SPARQL service description and the build's VoID,
its endpoint and data dump pointing at this server (used by /sparql and /.well-known/void).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from flask import url_for
from pyoxigraph import BlankNode, Literal, NamedNode, QueryResultsFormat, RdfFormat, Triple

from ..namespaces import DATASET_IRI, DCTERMS, RDF, SD, VOID, XSD
from ..sparql.engine import PREFIXES
from ..sparql.formats import FORMATS
from .context import backend

RDF_TYPE = NamedNode(f"{RDF}type")


def _sd(local: str) -> NamedNode:
    return NamedNode(SD + local)


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=NamedNode(f"{XSD}integer"))


def describe_service(endpoint_iri: str) -> list[Triple]:
    """The service description: what this endpoint offers, truthfully."""
    b = backend()
    settings = b.settings
    stats = b.stats()
    try:
        service = NamedNode(endpoint_iri)
    except ValueError:
        service = NamedNode("http://localhost/sparql")
    s = BlankNode()
    out = [
        Triple(s, RDF_TYPE, _sd("Service")),
        Triple(s, _sd("endpoint"), service),
        Triple(s, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(s, _sd("feature"), _sd("UnionDefaultGraph")),
        Triple(s, _sd("defaultEntailmentRegime"),
               NamedNode("http://www.w3.org/ns/entailment/Simple")),
        Triple(s, NamedNode(f"{DCTERMS}title"),
               Literal("gskg — Guangzhou–Shenzhen knowledge graph", language="en")),
    ]  # fmt: skip
    for fmt in FORMATS.values():
        if isinstance(fmt.engine, QueryResultsFormat | RdfFormat):
            out.append(Triple(s, _sd("resultFormat"), NamedNode(fmt.engine.iri)))
    if settings.allow_service:
        out.append(Triple(s, _sd("feature"), _sd("BasicFederatedQuery")))
    federation = (
        "SERVICE is allowed only to: " + ", ".join(settings.allow_service)
        if settings.allow_service
        else "SERVICE (federated query) is refused"
    )
    note = (
        f"Read-only. The default graph is the union of all graphs unless the request names "
        f"its dataset. Time limit {settings.timeout:g} s per query (timeout= may lower it); "
        f"at most {settings.max_rows} result rows. {federation}."
    )
    out.append(Triple(s, NamedNode(PREFIXES["rdfs"] + "comment"), Literal(note, language="en")))
    dataset, default = BlankNode(), BlankNode()
    out += [
        Triple(s, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, RDF_TYPE, NamedNode(VOID + "Dataset")),
        Triple(dataset, _sd("defaultGraph"), default),
        Triple(default, RDF_TYPE, _sd("Graph")),
        Triple(default, NamedNode(VOID + "triples"), _int(stats["triples"])),
        Triple(default, NamedNode(VOID + "distinctSubjects"), _int(stats["subjects"])),
        Triple(default, NamedNode(VOID + "properties"), _int(stats["properties"])),
        Triple(default, NamedNode(VOID + "classes"), _int(stats["classes"])),
    ]
    well_known = url_for("pages.well_known_void", _external=True)
    out += _built_void(b.dist / "void.ttl", dataset, well_known)
    for name, count in sorted(stats["graphs"].items()):
        named, graph = BlankNode(), BlankNode()
        out += [
            Triple(dataset, _sd("namedGraph"), named),
            Triple(named, RDF_TYPE, _sd("NamedGraph")),
            Triple(named, _sd("name"), NamedNode(name)),
            Triple(named, _sd("graph"), graph),
            Triple(graph, RDF_TYPE, _sd("Graph")),
            Triple(graph, NamedNode(VOID + "triples"), _int(count)),
        ]
    return out


def _built_void(path: Path, dataset: BlankNode, well_known: str) -> list[Triple]:
    """The build's VoID description (dataset, class partitions, linksets), tied to `dataset`."""
    if not path.is_file():
        return []
    described = NamedNode(DATASET_IRI)
    return [
        Triple(dataset, NamedNode(PREFIXES["rdfs"] + "seeAlso"), described),
        Triple(described, NamedNode(PREFIXES["rdfs"] + "seeAlso"), NamedNode(well_known)),
        *void_here(path),
    ]


LOOPBACK = ("http://127.0.0.1:", "http://localhost:")


def void_here(path: Path) -> list[Triple]:
    """The build's VoID, its endpoint and data dump pointing at this server.

    Unless `gskg build --endpoint URL` named the public address, the build writes a
    loopback placeholder (`http://127.0.0.1:5000/…`); a description served from elsewhere
    then names itself.
    """
    here = {
        NamedNode(VOID + "sparqlEndpoint"): url_for("sparql.endpoint", _external=True),
        NamedNode(VOID + "dataDump"): url_for("pages.export", ext="nt", _external=True),
    }
    described = NamedNode(DATASET_IRI)
    out = []
    for q in ox.parse(path=path, format=RdfFormat.TURTLE):
        t = q.triple
        if t.subject == described and t.predicate in here and t.object.value.startswith(LOOPBACK):
            t = Triple(t.subject, t.predicate, NamedNode(here[t.predicate]))
        out.append(t)
    return out
