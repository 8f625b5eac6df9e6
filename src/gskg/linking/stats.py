"""Counts of the built graph, per class and per source document, read with SPARQL."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import GskgError
from ..namespaces import prologue
from .links import link_report, render_report

PER_CLASS = (
    prologue("gskg", "res")
    + """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class . FILTER(STRSTARTS(STR(?s), STR(res:)))
  FILTER(STRSTARTS(STR(?class), STR(gskg:)))
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""
)

PER_SOURCE = (
    prologue("gskg", "owl", "rdfs")
    + """
SELECT ?doc ?title (COUNT(DISTINCT ?ax) AS ?facts) (COUNT(DISTINCT ?s) AS ?entities) WHERE {
  ?ax a owl:Axiom ; gskg:source ?doc ; owl:annotatedSource ?s .
  OPTIONAL { ?doc rdfs:label ?title FILTER(LANG(?title) = "en") }
} GROUP BY ?doc ?title ORDER BY ?doc
"""
)


def _local(term: object) -> str:
    return str(term.value).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def graph_stats(nt_path: Path) -> str:
    """A plain-text report of the built graph at `nt_path`."""
    if not nt_path.is_file():
        raise GskgError(f"{nt_path} not found: run `gskg build` first")
    store = ox.Store()
    store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
    lines = [f"triples: {len(store)}", "", "entities per class:"]
    total = 0
    for row in store.query(PER_CLASS):
        total += int(row["n"].value)
        lines.append(f"  {_local(row['class']):<32} {row['n'].value:>6}")
    lines += [f"  {'(typings)':<32} {total:>6}", "", "facts per source document:"]
    for row in store.query(PER_SOURCE):
        lines.append(
            f"  {_local(row['doc']):<32} {row['facts'].value:>6} facts "
            f"about {row['entities'].value:>4} resources"
        )
    return "\n".join(lines) + "\n\n" + render_report(link_report(nt_path), missing=False)
