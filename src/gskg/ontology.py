"""Read the ontology the data must fit: its classes, their hierarchy, its properties.

The validator asks this module three questions: is X a class, is X a kind of Y, and
which domain and range does a property have.  Only named classes count (the ontology
keeps domains and ranges to named classes so that these answers stay simple).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from .namespaces import GRAPH, GSKG, RES  # noqa: F401 (GRAPH, RES: imported from here)

# Files of ontology/ that go into the exports; shapes are checked against, not exported.
ONTOLOGY_FILES = ("gskg.ttl", "alignment.ttl")


@dataclass
class Ontology:
    """Classes, hierarchy and properties of the gskg ontology (local names)."""

    graph: Graph
    classes: set[str] = field(default_factory=set)
    parents: dict[str, set[str]] = field(default_factory=dict)
    domains: dict[str, set[str]] = field(default_factory=dict)
    ranges: dict[str, set[str]] = field(default_factory=dict)
    kinds: dict[str, URIRef] = field(default_factory=dict)

    @cached_property
    def ancestors(self) -> dict[str, frozenset[str]]:
        """Each class with all its superclasses, itself included."""
        out: dict[str, frozenset[str]] = {}
        for cls in self.classes:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            out[cls] = frozenset(seen)
        return out

    def is_a(self, cls: str, ancestor: str) -> bool:
        """True when `cls` is `ancestor` or one of its subclasses."""
        return ancestor in self.ancestors.get(cls, ())

    def fits(self, cls: str, required: set[str]) -> bool:
        """True when `cls` is a subclass of every class in `required`."""
        return all(self.is_a(cls, r) for r in required)


def _local(term: object) -> str | None:
    text = str(term)
    return text[len(GSKG) :] if isinstance(term, URIRef) and text.startswith(GSKG) else None


def load_ontology(ontology_dir: Path) -> Ontology:
    """Parse the ontology modules of `ontology_dir` into an `Ontology`."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        path = ontology_dir / name
        if path.exists():
            graph.parse(path, format="turtle")
    onto = Ontology(graph)
    for cls in graph.subjects(RDF.type, OWL.Class):
        if (name := _local(cls)) is not None:
            onto.classes.add(name)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if (a := _local(sub)) and (b := _local(sup)):
            onto.parents.setdefault(a, set()).add(b)
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for prop in graph.subjects(RDF.type, kind):
            if (name := _local(prop)) is not None:
                onto.kinds[name] = kind
    for attr, pred in (("domains", RDFS.domain), ("ranges", RDFS.range)):
        table = getattr(onto, attr)
        for prop, cls in graph.subject_objects(pred):
            if (name := _local(prop)) and (target := _local(cls)):
                table.setdefault(name, set()).add(target)
    return onto
