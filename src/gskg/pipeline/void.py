"""The VoID description of the built dataset: size, classes, sources, licence, linksets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .. import DEFAULT_ENDPOINT
from ..namespaces import DATASET_IRI, OWL, RDFS, SKOS, VOID, WD
from ..namespaces import DCTERMS as DCT
from ..ontology import GSKG, RES
from ..terms import A, Triple, g, iri, text, typed

LICENSE = "https://creativecommons.org/licenses/by/4.0/"

# Link targets: the predicate that links to them, the IRI space their objects live in, and
# the description of the target dataset (title, home page, SPARQL endpoint when it has one).
LINK_TARGETS = {
    "wikidata": (f"{OWL}sameAs", str(WD)),
    "geonames": (f"{SKOS}closeMatch", "https://sws.geonames.org/"),
    "ror": (f"{RDFS}seeAlso", "https://ror.org/"),
}
LINK_DATASETS = {
    "wikidata": ("https://www.wikidata.org/", "Wikidata", "https://query.wikidata.org/sparql"),
    "geonames": ("https://www.geonames.org/", "GeoNames", None),
    "ror": ("https://ror.org/", "Research Organization Registry (ROR)", None),
}


def _v(local: str) -> str:
    return f"<{VOID}{local}>"


def void_triples(
    triples: Iterable[Triple],
    endpoint: str = DEFAULT_ENDPOINT,
    total: int | None = None,
) -> set[Triple]:
    """VoID statements describing `triples` (the full build: ontology + facts).

    `triples` may be only the typing and linking statements when `total`, the size of the
    whole build, is given (that is what the builder does, to stay fast at 1M statements).
    """
    triples = list(triples)
    ds = f"<{DATASET_IRI}>"
    classes: Counter[str] = Counter()
    sources: set[str] = set()
    links: Counter[str] = Counter()
    for s, p, o in triples:
        if p == A and s.startswith(f"<{RES}") and o.startswith(f"<{GSKG}"):
            classes[o] += 1
            if o == g("SourceDocument"):
                sources.add(s)
        for name, (pred, space) in LINK_TARGETS.items():
            if p == f"<{pred}>" and o.startswith(f"<{space}") and s.startswith(f"<{RES}"):
                links[name] += 1
    entities = len({s for s, p, o in triples if p == A and s.startswith(f"<{RES}")})
    out: set[Triple] = {
        (ds, A, _v("Dataset")),
        (ds, f"<{DCT}title>", text("广深知识图谱", "zh")),
        (ds, f"<{DCT}title>", text("Guangzhou–Shenzhen knowledge graph", "en")),
        (ds, f"<{DCT}license>", iri(LICENSE)),
        (ds, _v("triples"), typed(str(total or len(triples)), "integer")),
        (ds, _v("entities"), typed(str(entities), "integer")),
        (ds, _v("classes"), typed(str(len(classes)), "integer")),
        (ds, _v("sparqlEndpoint"), iri(endpoint)),
        (ds, _v("uriSpace"), text(RES)),
        (ds, _v("vocabulary"), iri(GSKG)),
        (ds, _v("dataDump"), iri(endpoint.rsplit("/", 1)[0] + "/export.nt")),
        (ds, _v("exampleResource"), f"<{RES}guangzhou>"),
    }
    out.update((ds, f"<{DCT}source>", s) for s in sources)
    for cls, count in sorted(classes.items()):
        node = "_:class-" + cls[len(GSKG) + 1 : -1]
        out |= {
            (ds, _v("classPartition"), node),
            (node, _v("class"), cls),
            (node, _v("entities"), typed(str(count), "integer")),
        }
    for name, count in sorted(links.items()):
        out |= _linkset(ds, name, count)
    return out


def _linkset(ds: str, name: str, count: int) -> set[Triple]:
    """A `void:Linkset` of `count` links to target `name`, and the target's description."""
    pred, space = LINK_TARGETS[name]
    home, title, sparql = LINK_DATASETS[name]
    node, target = f"<{DATASET_IRI}/linkset/{name}>", iri(home)
    out = {
        (ds, _v("subset"), node),
        (node, A, _v("Linkset")),
        (node, f"<{DCT}title>", text(f"gskg → {title}", "en")),
        (node, _v("subjectsTarget"), ds),
        (node, _v("objectsTarget"), target),
        (node, _v("linkPredicate"), iri(pred)),
        (node, _v("triples"), typed(str(count), "integer")),
        (target, A, _v("Dataset")),
        (target, f"<{DCT}title>", text(title, "en")),
        (target, _v("uriSpace"), text(space)),
    }
    if sparql:
        out.add((target, _v("sparqlEndpoint"), iri(sparql)))
    return out
