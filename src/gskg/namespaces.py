"""Every namespace gskg names, spelled once: rdflib `Namespace` objects and the prefix table.

A `Namespace` is a `str`, so `f"{RDFS}label"` and `iri.startswith(GSKG)` work as on the
plain strings they replace; `GSKG["City"]` is a `URIRef`.  (Use `NS["name"]` or an f-string,
not `NS.name`, for a term whose name is a `str` method: `DCTERMS["title"]`.)
"""

from __future__ import annotations

from rdflib import Namespace

GSKG = Namespace("https://w3id.org/gskg/ontology#")
RES = Namespace("https://w3id.org/gskg/resource/")
#: The named graph a build is loaded into; the ontology's and the dataset's own IRIs.
GRAPH = "https://w3id.org/gskg/graph"
ONTOLOGY_IRI = "https://w3id.org/gskg/ontology"
DATASET_IRI = "https://w3id.org/gskg/dataset"
RELEASES = Namespace("https://w3id.org/gskg/releases/")

RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
VANN = Namespace("http://purl.org/vocab/vann/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WD = Namespace("http://www.wikidata.org/entity/")

#: The prefixes of the exports (Turtle, RDF/XML) and of the query page, in this order
#: (plain strings: the serialisers take them as they are).
PREFIXES = {
    "gskg": str(GSKG),
    "res": str(RES),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "org": str(ORG),
    "qb": str(QB),
    "vann": str(VANN),
    "void": str(VOID),
    "wd": str(WD),
}


def prologue(*names: str) -> str:
    """`PREFIX name: <IRI>` lines for a SPARQL query, from the prefix table."""
    return "".join(f"PREFIX {n}: <{PREFIXES[n]}>\n" for n in names)
