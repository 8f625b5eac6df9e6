"""Check the graph against the SHACL shapes of `ontology/shapes.ttl` with pyshacl.

The shapes say what OWL's open world cannot: an agreement has two parties and a date, an
observation has area, indicator, value, unit, period and a source, every entity has one
zh and one en label, every fact (owl:Axiom) has a source and a quote.  `check_shapes`
returns one readable line per violation, naming the entity (or, for an axiom, the
statement it annotates).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyshacl import validate
from rdflib import OWL, RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from gskg.checks.reason import ONTOLOGY_DIR, ONTOLOGY_PATHS, class_name, load_graph, short
from gskg.namespaces import ONTOLOGY_IRI as ONTOLOGY
from gskg.ontology import GSKG, ONTOLOGY_FILES

SHAPES_FILE = "shapes.ttl"
SHAPES_PATH = ONTOLOGY_DIR / SHAPES_FILE
ONTOLOGY_IRI = URIRef(ONTOLOGY)


def shapes_of(ontology_dir: Path | None) -> dict[str, Any]:
    """`check_shapes`' file arguments for an ontology folder (None: the packaged ontology)."""
    if ontology_dir is None:
        return {}
    folder = Path(ontology_dir)
    return {
        "shapes_path": folder / SHAPES_FILE,
        "ontology_paths": tuple(folder / name for name in ONTOLOGY_FILES),
    }


def check_shapes(
    graph: Graph,
    *,
    shapes_path: Path = SHAPES_PATH,
    ontology_paths: tuple[Path, ...] = ONTOLOGY_PATHS,
) -> list[str]:
    """Validate `graph` (facts, with or without the ontology) against the gskg shapes.

    When `graph` lacks the ontology, it is mixed in (into a copy: `graph` is left
    unchanged) so that shapes aimed at a class also reach its subclasses.  Returns sorted,
    de-duplicated messages such as "res:gz-sz-deal (Agreement): an agreement needs at least two
    parties (gskg:hasParty)"; [] when the graph conforms.
    """
    shapes = Graph().parse(shapes_path, format="turtle")
    has_ontology = (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    conforms, results, _text = validate(
        graph,
        shacl_graph=shapes,
        ont_graph=None if has_ontology else load_graph(ontology_paths),
        inference="none",
        allow_warnings=True,
    )
    if conforms:
        return []
    assert isinstance(results, Graph)
    messages = {
        _message(graph, results, result)
        for result in results.subjects(RDF.type, SH.ValidationResult)
    }
    return sorted(messages)


def _message(data: Graph, results: Graph, result: Node) -> str:
    focus = results.value(result, SH.focusNode)
    value = results.value(result, SH.value)
    if focus == OWL.Axiom and value is not None:  # a whole-graph check: the value is the axiom
        focus, value = value, None
    text = results.value(result, SH.resultMessage)
    if text is None:
        path = results.value(result, SH.resultPath)
        component = results.value(result, SH.sourceConstraintComponent)
        text = f"{short(path) if path is not None else ''} violates {short(component)}".strip()
    detail = f" (found {_value(value)})" if value is not None and value != focus else ""
    return f"{describe(data, focus)}: {text}{detail}"


def _value(value: Node) -> str:
    if isinstance(value, Literal):
        return repr(str(value)) + (f"@{value.language}" if value.language else "")
    return short(value) if isinstance(value, URIRef) else "a blank node"


def describe(data: Graph, node: Node | None) -> str:
    """Name a focus node: `res:x (City)`, or for an axiom the statement it annotates."""
    if isinstance(node, BNode) and (node, RDF.type, OWL.Axiom) in data:
        parts = [data.value(node, p) for p in (OWL.annotatedSource, OWL.annotatedProperty)]
        target = data.value(node, OWL.annotatedTarget)
        statement = " ".join(short(p) for p in parts if p is not None)
        if target is not None:
            statement += " " + (_value(target) if isinstance(target, Literal) else short(target))
        return f"axiom on «{statement}»"
    if node is None:
        return "(unknown node)"
    kinds = sorted(
        class_name(t)
        for t in data.objects(node, RDF.type)
        if isinstance(t, URIRef) and str(t).startswith(GSKG)
    )
    name = short(node) if isinstance(node, URIRef) else "a blank node"
    return f"{name} ({', '.join(kinds)})" if kinds else name
