"""One build or release read for comparison: its statements, grouped by curated record.

A *record* is what a curator edits: one entry of `data/*.yaml`, whose resource is
`res:<id>`.  Every statement of the build belongs to one record or to the ontology:

- a statement about `res:<id>` belongs to record `<id>` (observations included);
- a statement about a person's `gskg:Membership` node (`res:<person>-role-<n>`) belongs to
  the person (`gskg:member`);
- an axiom annotation (`_:ax…`, `_:link…`) belongs to the record of its
  `owl:annotatedSource`: it is the evidence (document, quote, note) of that statement;
- the labels of a Wikidata item (`wd:Q… rdfs:label`) belong to the record `owl:sameAs` it;
- everything else (terms, the ontology header, its blank-node axioms) is the ontology.

Statements are kept as N-Triples lines with the blank-node labels of the file: the build
names every blank node from its content or position (`_:ax<hash>`, `_:o<n>b<k>`), so the
same data always gives the same lines, and a patch between two builds names the same nodes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..errors import GskgError
from ..namespaces import OWL, RDF, RDFS
from ..ontology import GSKG, RES
from .limits import check_rdfxml, check_size

RDF_TYPE = f"<{RDF}type>"
AXIOM = f"<{OWL}Axiom>"
SAME_AS = f"<{OWL}sameAs>"
ANNOTATED = {f"<{OWL}annotated{k}>": k for k in ("Source", "Property", "Target")}
MEMBER = f"<{GSKG}member>"
SOURCE, QUOTE, NOTE = f"<{GSKG}source>", f"<{GSKG}quote>", f"<{GSKG}curatorNote>"
LABEL = f"<{RDFS}label>"

# File extension → parser format (what `gskg diff` accepts besides a folder).
READERS = {
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".owl": ox.RdfFormat.RDF_XML,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}

Triple = tuple[str, str, str]


TERM_LIMIT = "16 MiB, more than gskg diff and patch read"


class BadInput(GskgError):
    """A build or release to compare cannot be read."""


@dataclass(frozen=True, order=True)
class Evidence:
    """Where a statement comes from: document slug, verbatim quote, curator note.

    In a `Snapshot`, `quote` and `note` are N-Triples literals (decoded only for the
    statements a diff reports: `decoded`)."""

    doc: str
    quote: str
    note: str = ""

    def decoded(self) -> Evidence:
        """The same evidence with its quote and note as plain text."""
        return Evidence(self.doc, value(self.quote), value(self.note))


@lru_cache(maxsize=65536)
def literal(term: str) -> ox.Literal | None:
    """The literal an N-Triples term spells (None for an IRI or a blank node)."""
    if not term.startswith('"'):
        return None
    (quad,) = ox.parse(f"<x:s> <x:p> {term} .\n".encode(), format=ox.RdfFormat.N_TRIPLES)
    return quad.object


def value(term: str) -> str:
    """A literal's lexical value; any other term as it is ('' stays '')."""
    lit = literal(term)
    return lit.value if lit is not None else term


@dataclass
class Snapshot:
    """The statements of one build, indexed by record."""

    name: str
    lines: set[str]
    facts: dict[str, dict[Triple, list[Evidence]]] = field(default_factory=dict)
    ontology: set[Triple] = field(default_factory=set)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # node → lang → term

    def label(self, node: str) -> dict[str, str]:
        """The zh and en labels of a node, as text."""
        return {lang: value(term) for lang, term in self.labels.get(node, {}).items()}

    def types(self, record: str) -> list[str]:
        """The classes of a record (N-Triples IRIs)."""
        node = f"<{RES}{record}>"
        return sorted(o for (s, p, o) in self.facts.get(record, {}) if s == node and p == RDF_TYPE)

    def evidence(self, record: str) -> list[Evidence]:
        """The record's own evidence: that of its typing statement."""
        node = f"<{RES}{record}>"
        for (s, p, _o), ev in sorted(self.facts.get(record, {}).items()):
            if s == node and p == RDF_TYPE and ev:
                return ev
        return []


def resolve(path: Path) -> tuple[Path, ox.RdfFormat]:
    """The RDF file a command-line argument names: a file, or a build/release folder."""
    if path.is_dir():
        nt = path / "gskg.nt"
        if not nt.is_file():
            raise BadInput(f"{path}/: no gskg.nt in this folder (is it a build or a release?)")
        return nt, ox.RdfFormat.N_TRIPLES
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder")
    fmt = READERS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(READERS))
        raise BadInput(f"{path}: not an RDF file gskg reads (expected a folder or {known})")
    return path, fmt


def read_snapshot(path: Path) -> Snapshot:
    """Read a build folder, a release folder or an RDF file; `BadInput` when it cannot."""
    file, fmt = resolve(path)
    check_size(file)
    try:
        if fmt == ox.RdfFormat.RDF_XML:  # its DTD may declare entities: bound them first
            data = file.read_bytes()
            check_rdfxml(file, data)
            quads = ox.parse(data, format=fmt)
        else:
            quads = ox.parse(path=file, format=fmt)
        triples = [(str(q.subject), str(q.predicate), str(q.object)) for q in quads]
    except MemoryError:  # pyoxigraph's buffer for one term is 16 MiB
        raise BadInput(f"{file}: a term (literal or IRI) longer than {TERM_LIMIT}") from None
    except (SyntaxError, ValueError) as exc:
        raise BadInput(f"{file}: not valid {fmt.name}: {exc}") from None
    except OSError as exc:
        raise BadInput(f"{file}: cannot read: {exc.strerror or exc}") from None
    snap = Snapshot(str(path), {f"{s} {p} {o} .\n" for s, p, o in triples})
    _index(snap, triples)
    return snap


def empty_snapshot(name: str = "(nothing)") -> Snapshot:
    """A graph with nothing in it: what a first release is compared with."""
    return Snapshot(name, set())


def _index(snap: Snapshot, triples: list[Triple]) -> None:
    by_subject: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in triples:
        by_subject[s].append((p, o))
    owner = _owners(by_subject)
    evidence: dict[Triple, list[Evidence]] = defaultdict(list)
    for pos in by_subject.values():
        if (RDF_TYPE, AXIOM) in pos:
            stmt, ev = _axiom(pos)
            if stmt and ev:
                evidence[stmt].append(ev)
    for s, pos in by_subject.items():
        if (RDF_TYPE, AXIOM) in pos and owner.get(s):
            continue  # evidence of a record's statement, already attached to it
        record = owner.get(s)
        for p, o in pos:
            if p == LABEL and o.endswith(("@zh", "@en")) and s.startswith("<"):
                snap.labels.setdefault(s, {})[o.rsplit("@", 1)[1]] = o
            if record is None:
                snap.ontology.add((s, p, o))
            else:
                snap.facts.setdefault(record, {})[(s, p, o)] = sorted(set(evidence[(s, p, o)]))


def slug_of(iri: str) -> str | None:
    """`guangzhou` for `<https://w3id.org/gskg/resource/guangzhou>`, else None."""
    if iri.startswith(f"<{RES}") and iri.endswith(">"):
        return iri[len(RES) + 1 : -1]
    return None


def _owners(by_subject: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """Subject → the record it belongs to (subjects of the ontology are left out)."""
    owner: dict[str, str] = {}
    for s, pos in by_subject.items():
        slug = slug_of(s)
        if slug is None:
            continue
        members = [o for p, o in pos if p == MEMBER]
        owner[s] = (slug_of(members[0]) or slug) if len(members) == 1 else slug
    for s, pos in by_subject.items():
        for p, o in pos:
            if p == SAME_AS and s in owner and o not in owner and slug_of(o) is None:
                owner[o] = owner[s]
    for s, pos in by_subject.items():
        sources = [o for p, o in pos if p == f"<{OWL}annotatedSource>"]
        if (RDF_TYPE, AXIOM) in pos and len(sources) == 1 and sources[0] in owner:
            owner[s] = owner[sources[0]]
    return owner


def _axiom(pos: list[tuple[str, str]]) -> tuple[Triple | None, Evidence | None]:
    """The statement an `owl:Axiom` annotates, and its gskg evidence (None if it has none)."""
    parts = {ANNOTATED[p]: o for p, o in pos if p in ANNOTATED}
    if len(parts) != 3:
        return None, None
    stmt = (parts["Source"], parts["Property"], parts["Target"])
    values = dict(pos)
    if SOURCE not in values and QUOTE not in values and NOTE not in values:
        return stmt, None
    doc = slug_of(values.get(SOURCE, "")) or values.get(SOURCE, "")
    return stmt, Evidence(doc, values.get(QUOTE, ""), values.get(NOTE, ""))
