"""The query mix: the analyst queries of queries/*.rq plus six typical access patterns.

Every query runs over the default graph as the union of all graphs, as the endpoint does.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench import ROOT

PREFIXES = """PREFIX gskg: <https://w3id.org/gskg/ontology#>
PREFIX res: <https://w3id.org/gskg/resource/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@dataclass(frozen=True)
class Query:
    """One query of the mix: a short name, its text and whether it returns a graph."""

    name: str
    text: str
    graph: bool = False

    @property
    def accept(self) -> str:
        """The media type asked over HTTP."""
        return "application/n-triples" if self.graph else "application/sparql-results+json"


TYPICAL = [
    Query("label", PREFIXES + "SELECT ?label WHERE { res:guangzhou rdfs:label ?label }"),
    Query(
        "provenance",
        PREFIXES + "SELECT ?p ?o ?doc ?quote WHERE { ?ax owl:annotatedSource res:shenzhen ; "
        "owl:annotatedProperty ?p ; owl:annotatedTarget ?o ; gskg:source ?doc ; "
        "gskg:quote ?quote . }",
    ),
    Query(
        "two-hop",
        PREFIXES
        + "SELECT ?x ?label WHERE { ?x gskg:locatedIn ?d . ?d gskg:locatedIn res:guangzhou . "
        '?x rdfs:label ?label FILTER(lang(?label) = "en") } LIMIT 1000',
    ),
    Query(
        "group-by",
        PREFIXES + "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type "
        "ORDER BY DESC(?n)",
    ),
    Query(
        "text-search",
        PREFIXES + "SELECT ?s ?label WHERE { ?s rdfs:label ?label "
        'FILTER(CONTAINS(LCASE(STR(?label)), "shenguang")) } LIMIT 1000',
    ),
    Query("describe", PREFIXES + "DESCRIBE res:pazhou-laboratory", graph=True),
]


def analyst_queries() -> list[Query]:
    """queries/*.rq (not queries/federated/: those call other endpoints)."""
    return [
        Query(
            path.stem.split("-", 1)[0] + "-" + path.stem.split("-", 1)[1][:18],
            path.read_text(encoding="utf-8"),
            graph=_is_graph(path.read_text()),
        )
        for path in sorted((ROOT / "queries").glob("*.rq"))
    ]


def _is_graph(text: str) -> bool:
    body = [
        ln
        for ln in text.splitlines()
        if ln.strip() and not ln.lstrip().startswith(("#", "PREFIX", "BASE"))
    ]
    return bool(body) and body[0].split()[0].upper() in ("CONSTRUCT", "DESCRIBE")


def query_mix() -> list[Query]:
    """The whole mix, analyst queries first."""
    return analyst_queries() + TYPICAL
