"""What changed between two builds or releases, per curated record (not per triple).

`diff(old, new)` compares two `Snapshot`s and returns a `Diff`: the records added and
removed, and for each changed record its facts added, removed and changed (old and new
value), labels and translations changed, and statements whose evidence (document, quote)
changed; every item with the document and quote that justify it.  The ontology's changes
are listed apart, by term.  The raw statement sets (for the RDF Patch) come along.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from ..namespaces import DCTERMS, GSKG, OWL, PREFIXES, RDFS, SKOS
from ..ontology import RES
from .graph import Evidence, Snapshot, Triple, literal, slug_of

# Properties whose values are names rather than facts: "labels and translations".
NAMING = {
    f"<{RDFS}label>",
    f"<{SKOS}altLabel>",
    f"<{RDFS}comment>",
    f"<{DCTERMS}title>",
    f"<{GSKG}roleTitle>",
}
# The version stamp a release writes into the ontology header: not a change of content.
STAMP = {
    f"<{OWL}versionIRI>",
    f"<{OWL}versionInfo>",
    f"<{OWL}priorVersion>",
}


def show(term: str) -> str:
    """A term as a reader wants it: `res:guangzhou`, `gskg:City`, `212`, `广州@zh`."""
    obj = literal(term)
    if obj is not None:
        return f"{obj.value}@{obj.language}" if obj.language else obj.value
    if term.startswith("<") and term.endswith(">"):
        iri = term[1:-1]
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri
    return term


@dataclass
class Change:
    """One change to one record: a fact or a name added, removed or changed."""

    kind: str  # added | removed | changed | evidence
    what: str  # fact | label
    node: str  # the subject (the record, or one of its role nodes)
    property: str
    old: str | None = None  # N-Triples terms
    new: str | None = None
    old_value: str | None = None  # as shown to readers
    new_value: str | None = None
    old_evidence: list[Evidence] = field(default_factory=list)
    new_evidence: list[Evidence] = field(default_factory=list)
    property_label: str = ""


@dataclass
class RecordDiff:
    """The changes of one record."""

    id: str
    status: str  # added | removed | changed
    label: dict[str, str]
    types: list[str]
    evidence: list[Evidence]
    changes: list[Change] = field(default_factory=list)


@dataclass
class Diff:
    """Every change from `old` to `new`."""

    old: str
    new: str
    records: list[RecordDiff]
    ontology_added: list[Triple]
    ontology_removed: list[Triple]
    removed_lines: list[str]
    added_lines: list[str]
    first: bool = False  # `old` is empty: a first release

    def counts(self) -> dict[str, int]:
        """How many records and facts changed, by kind."""
        n: dict[str, int] = defaultdict(int)
        for r in self.records:
            n[f"records_{r.status}"] += 1
            for c in r.changes if r.status == "changed" else ():
                n[f"{c.what}s_{c.kind}"] += 1
        n["ontology_added"] = len(self.ontology_added)
        n["ontology_removed"] = len(self.ontology_removed)
        n["triples_added"] = len(self.added_lines)
        n["triples_removed"] = len(self.removed_lines)
        return dict(n)

    def to_json(self) -> dict[str, Any]:
        """Plain data (for `--format json` and the release's changes.json)."""
        return {
            "old": self.old,
            "new": self.new,
            "first": self.first,
            "counts": self.counts(),
            "records": [asdict(r) for r in self.records],
            "ontology": {
                "added": [list(t) for t in self.ontology_added],
                "removed": [list(t) for t in self.ontology_removed],
            },
        }


def diff(old: Snapshot, new: Snapshot) -> Diff:
    """Compare two snapshots record by record."""
    records = []
    for rid in sorted(set(old.facts) | set(new.facts)):
        rd = _record_diff(rid, old, new)
        if rd is not None:
            records.append(rd)
    return Diff(
        old=old.name,
        new=new.name,
        records=records,
        ontology_added=_ontology_change(new.ontology, old.ontology),
        ontology_removed=_ontology_change(old.ontology, new.ontology),
        removed_lines=sorted(old.lines - new.lines),
        added_lines=sorted(new.lines - old.lines),
        first=not old.lines,
    )


def _ontology_change(a: set[Triple], b: set[Triple]) -> list[Triple]:
    """Statements of `a` not in `b`, blank nodes aside (they are renumbered when the
    ontology file changes; their named neighbours show the change), stamp aside."""
    return sorted(
        t
        for t in a - b
        if t[1] not in STAMP and not t[0].startswith("_:") and not t[2].startswith("_:")
    )


def _record_diff(rid: str, old: Snapshot, new: Snapshot) -> RecordDiff | None:
    before, after = old.facts.get(rid, {}), new.facts.get(rid, {})
    snap = new if after else old
    label = new.label(f"<{RES}{rid}>") or old.label(f"<{RES}{rid}>")
    head = dict(label=label, types=[show(t) for t in snap.types(rid)],
                evidence=_decoded(snap.evidence(rid)))  # fmt: skip
    if not before:  # a first release lists its records, not their every statement
        changes = [] if not old.lines else _all(after, "added", new)
        return RecordDiff(rid, "added", changes=changes, **head)
    if not after:
        return RecordDiff(rid, "removed", changes=_all(before, "removed", old), **head)
    removed = [t for t in before if t not in after]
    changes = _pair(removed, [t for t in after if t not in before], old, new, before, after)
    for t in sorted(set(before) & set(after)):
        if before[t] != after[t]:
            changes.append(_change("evidence", t, t, old, new, before[t], after[t]))
    if not changes:
        return None
    return RecordDiff(rid, "changed", changes=changes, **head)


def _all(facts: dict[Triple, list[Evidence]], kind: str, snap: Snapshot) -> list[Change]:
    out = []
    for t in sorted(facts):
        if kind == "added":
            out.append(_change(kind, None, t, snap, snap, [], facts[t]))
        else:
            out.append(_change(kind, t, None, snap, snap, facts[t], []))
    return out


def _group(t: Triple, snap: Snapshot) -> tuple[str, str, str]:
    """Which removed and added statements are one change: same node, property, language."""
    obj = literal(t[2])
    return (t[0], t[1], (obj.language or "") if obj is not None else "")


def _pair(
    removed: list[Triple],
    added: list[Triple],
    old: Snapshot,
    new: Snapshot,
    before: dict[Triple, list[Evidence]],
    after: dict[Triple, list[Evidence]],
) -> list[Change]:
    """One removed and one added value of a property make a change; the rest stay apart."""
    gone: dict[tuple, list[Triple]] = defaultdict(list)
    came: dict[tuple, list[Triple]] = defaultdict(list)
    for t in removed:
        gone[_group(t, old)].append(t)
    for t in added:
        came[_group(t, new)].append(t)
    out = []
    for key in sorted(set(gone) | set(came)):
        a, b = sorted(gone.get(key, [])), sorted(came.get(key, []))
        if len(a) == 1 and len(b) == 1:
            out.append(_change("changed", a[0], b[0], old, new, before[a[0]], after[b[0]]))
            continue
        out += [_change("removed", t, None, old, new, before[t], []) for t in a]
        out += [_change("added", None, t, old, new, [], after[t]) for t in b]
    return out


def _change(
    kind: str,
    before: Triple | None,
    after: Triple | None,
    old: Snapshot,
    new: Snapshot,
    old_ev: list[Evidence],
    new_ev: list[Evidence],
) -> Change:
    t = after or before
    assert t is not None
    plabel = (new.label(t[1]) or old.label(t[1])).get("en", "")
    return Change(
        kind=kind,
        what="label" if t[1] in NAMING else "fact",
        node=slug_of(t[0]) or t[0],
        property=show(t[1]),
        old=before[2] if before else None,
        new=after[2] if after else None,
        old_value=show(before[2]) if before else None,
        new_value=show(after[2]) if after else None,
        old_evidence=_decoded(old_ev),
        new_evidence=_decoded(new_ev),
        property_label=plabel,
    )


def _decoded(evidence: list[Evidence]) -> list[Evidence]:
    return [e.decoded() for e in evidence]
