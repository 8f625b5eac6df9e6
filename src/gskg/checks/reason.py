"""Is the graph consistent?  HermiT (through owlready2) decides; rdflib explains.

`check_consistency` runs HermiT, the reasoner Protégé users will run, on a file holding
the ontology and the facts (the export `dist/gskg.ttl`, or a data file plus `extra`
ontology files).  HermiT only answers yes or no, so when it says "inconsistent" the
individuals to blame are found here by a plain walk over the types: asserted types plus
those implied by property domains and ranges, closed under `rdfs:subClassOf`, then
checked against `owl:disjointWith` and `owl:AllDisjointClasses`.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from itertools import combinations
from pathlib import Path

import owlready2
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.util import guess_format

from gskg.ontology import GSKG, ONTOLOGY_FILES, RES
from gskg.resources import packaged_ontology

#: The packaged ontology (the default when no --ontology is given; see gskg.resources).
ONTOLOGY_DIR = packaged_ontology()
ONTOLOGY_PATHS = tuple(ONTOLOGY_DIR / name for name in ONTOLOGY_FILES)

# Datatypes HermiT (and the OWL 2 DL profile) reject; a literal of one crashes the reasoner.
OUTSIDE_OWL2 = {
    XSD.date,
    XSD.gYear,
    XSD.gYearMonth,
    XSD.gMonth,
    XSD.gDay,
    XSD.gMonthDay,
    XSD.time,
    XSD.duration,
}
PREFIXES = {
    RES: "res:",
    GSKG: "gskg:",
    "http://www.wikidata.org/entity/": "wd:",
    str(XSD): "xsd:",
    str(OWL): "owl:",
    str(RDFS): "rdfs:",
}


def short(term: object) -> str:
    """A readable name for an IRI: `res:guangzhou`, `gskg:City`, else the IRI itself."""
    text = str(term)
    for ns, prefix in PREFIXES.items():
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return f"<{text}>" if isinstance(term, URIRef) else text


def class_name(cls: URIRef) -> str:
    """A gskg class by its local name (`City`), any other class by `short`."""
    text = str(cls)
    return text[len(GSKG) :] if text.startswith(GSKG) else short(cls)


def load_graph(paths: Iterable[Path]) -> Graph:
    """Parse RDF files (format guessed from the suffix) into one graph."""
    graph = Graph()
    for path in paths:
        graph.parse(path, format=guess_format(str(path)) or "turtle")
    return graph


def check_consistency(path: Path | str, *, extra: Sequence[Path] = ()) -> list[str]:
    """Run HermiT on `path` (+ `extra` files) and return readable problems; [] when consistent.

    Problems are: literals of datatypes outside OWL 2 (they crash HermiT), individuals in
    two disjoint classes ("res:foo is typed City and Firm, which are disjoint"), an
    inconsistency HermiT finds that has no such simple culprit, and unsatisfiable classes.
    """
    graph = load_graph([Path(path), *extra])
    return check_graph_consistency(graph)


def check_graph_consistency(graph: Graph) -> list[str]:
    """`check_consistency` for a graph already in memory (ontology and facts together)."""
    problems = bad_datatypes(graph)
    if problems:
        return problems
    try:
        consistent, unsatisfiable = run_hermit(graph)
    except owlready2.OwlReadyJavaError as err:
        return [f"HermiT could not run: {str(err).strip()[:500]}"]
    if not consistent:
        return disjoint_culprits(graph) or [
            "HermiT finds the graph inconsistent, but no individual is in two disjoint "
            "classes; look for contradicting property characteristics or cardinalities"
        ]
    return [f"class {name} is unsatisfiable (it can have no members)" for name in unsatisfiable]


def bad_datatypes(graph: Graph) -> list[str]:
    """Statements whose literal has a datatype outside the OWL 2 datatype map."""
    return sorted(
        f"{short(s)} {short(p)} {o!s} is typed {short(o.datatype)}, which OWL 2 reasoners "
        "reject; use xsd:dateTime plus gskg:datePrecision"
        for s, p, o in graph
        if isinstance(o, Literal) and o.datatype in OUTSIDE_OWL2
    )


def run_hermit(graph: Graph) -> tuple[bool, list[str]]:
    """Classify `graph` with HermiT: (consistent?, names of unsatisfiable classes)."""
    fd, tmp = tempfile.mkstemp(suffix=".nt", prefix="gskg-reason-")
    os.close(fd)
    world = owlready2.World()
    try:
        graph.serialize(tmp, format="nt", encoding="utf-8")
        # owlready2 does not model OWL 2 punning (the Data Cube component properties are
        # also individuals, see alignment.ttl) and prints a warning per punned IRI; the
        # punning is legal OWL 2 DL (owlcheck's OWL API + HermiT run on the full graph).
        with contextlib.redirect_stderr(io.StringIO()):
            world.get_ontology(Path(tmp).as_uri()).load(format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, []
        unsatisfiable = sorted(
            class_name(URIRef(c.iri))
            for c in world.inconsistent_classes()
            if c.iri != str(OWL.Nothing)
        )
        return True, unsatisfiable
    finally:
        world.close()
        os.unlink(tmp)


def disjoint_pairs(graph: Graph) -> set[frozenset[URIRef]]:
    """Every pair of named classes declared disjoint, either way it is stated."""
    pairs = {
        frozenset((a, b))
        for a, b in graph.subject_objects(OWL.disjointWith)
        if isinstance(a, URIRef) and isinstance(b, URIRef)
    }
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for members in graph.objects(node, OWL.members):
            named = [m for m in Collection(graph, members) if isinstance(m, URIRef)]
            pairs.update(frozenset(p) for p in combinations(named, 2))
    return pairs


def superclasses(graph: Graph) -> dict[URIRef, set[URIRef]]:
    """Each named class with its named superclasses (itself included), transitively."""
    parents: dict[URIRef, set[URIRef]] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents.setdefault(sub, set()).add(sup)
    closed: dict[URIRef, set[URIRef]] = {}
    for cls in set(parents) | {c for ps in parents.values() for c in ps}:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        closed[cls] = seen
    return closed


def implied_types(graph: Graph) -> dict[URIRef, dict[URIRef, str]]:
    """For each named individual, each class it is in and why ("typed", "used by …")."""
    classes = set(graph.subjects(RDF.type, OWL.Class))
    out: dict[URIRef, dict[URIRef, str]] = {}
    for s, o in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and o in classes and isinstance(o, URIRef):
            out.setdefault(s, {})[o] = "typed"
    for prop, attr in ((RDFS.domain, "subject"), (RDFS.range, "object")):
        for p, cls in graph.subject_objects(prop):
            if not isinstance(cls, URIRef) or cls == OWL.Thing or cls not in classes:
                continue
            for s, o in graph.subject_objects(p):
                node = s if attr == "subject" else o
                if isinstance(node, URIRef):
                    reason = f"{attr} of {short(p)} ({prop.fragment} {class_name(cls)})"
                    out.setdefault(node, {}).setdefault(cls, reason)
    return out


def same_as_groups(graph: Graph) -> list[set[URIRef]]:
    """Sets of two or more IRIs joined by `owl:sameAs` (directly or through others)."""
    parent: dict[URIRef, URIRef] = {}

    def find(x: URIRef) -> URIRef:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in graph.subject_objects(OWL.sameAs):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            parent[find(a)] = find(b)
    groups: dict[URIRef, set[URIRef]] = {}
    for x in parent:
        groups.setdefault(find(x), set()).add(x)
    return [g for g in groups.values() if len(g) > 1]


def _clashes(
    direct: Iterable[URIRef],
    pairs: set[tuple[URIRef, ...]],
    ancestors: dict[URIRef, set[URIRef]],
) -> list[tuple[URIRef, ...]]:
    """Pairs of `direct` classes whose superclasses (or themselves) are declared disjoint."""
    via: dict[URIRef, URIRef] = {}  # each class the individual is in → a direct class
    for cls in direct:
        for sup in ancestors.get(cls, {cls}):
            via.setdefault(sup, cls)
    found = {
        tuple(sorted((via[a], via[b]))) if via[a] != via[b] else (a, b)
        for a, b in pairs
        if a in via and b in via
    }
    return sorted(found)


def disjoint_culprits(graph: Graph) -> list[str]:
    """Readable messages for individuals that fall in two disjoint classes, on their own
    or together with an individual they are `owl:sameAs`."""
    pairs = {tuple(sorted(p)) for p in disjoint_pairs(graph)}
    ancestors = superclasses(graph)
    types = implied_types(graph)
    messages = [
        _clash_message(ind, a, b, direct)
        for ind, direct in sorted(types.items())
        for a, b in _clashes(direct, pairs, ancestors)
    ]
    for group in same_as_groups(graph):
        owner: dict[URIRef, URIRef] = {}  # class → the member of the group that is in it
        for member in sorted(m for m in group if m in types):
            for cls in types[member]:
                owner.setdefault(cls, member)
        for a, b in _clashes(owner, pairs, ancestors):
            if owner[a] != owner[b]:
                messages.append(
                    f"{short(owner[a])} ({class_name(a)}) and {short(owner[b])} "
                    f"({class_name(b)}) are one individual by owl:sameAs, but "
                    f"{class_name(a)} and {class_name(b)} are disjoint"
                )
    return messages


def _clash_message(ind: URIRef, a: URIRef, b: URIRef, direct: dict[URIRef, str]) -> str:
    if direct.get(a) == direct.get(b) == "typed":
        return f"{short(ind)} is typed {class_name(a)} and {class_name(b)}, which are disjoint"
    parts = [f"{class_name(c)} ({direct.get(c, 'typed')})" for c in (a, b)]
    return f"{short(ind)} is both {parts[0]} and {parts[1]}, which are disjoint"
