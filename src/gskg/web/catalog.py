"""The catalog: one row per resource (labels, aliases, classes, city, topics, source
document, number of statements), read from the store once per graph.

Search (searchindex.py) and browse (browse.py) answer from it in the serving process: at
1M triples a facet count is a loop over a few thousand members, not a SPARQL aggregate.
`catalog_rows(store)` runs in a query worker (it is an executor operation) and returns plain
rows; `current(backend)` builds the `Catalog` from them, again whenever the graph is
reloaded (the backend's version changes), and keeps serving the previous one meanwhile.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Store

from ..namespaces import OWL, RDF, RDFS, SKOS
from ..ontology import GSKG, RES
from .cities import CITY_CLASS, CITY_PATH

RDF_TYPE = f"{RDF}type"

_QUERIES = {
    "labels": f"""SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ <{RDFS}label> <{SKOS}altLabel> }}
        ?s ?p ?l FILTER(STRSTARTS(STR(?s), "{RES}")) }}""",
    "types": f"""SELECT ?s ?c WHERE {{ ?s <{RDF_TYPE}> ?c
        FILTER(STRSTARTS(STR(?s), "{RES}") && STRSTARTS(STR(?c), "{GSKG}")) }}""",
    "classes": f"""SELECT ?c ?sup ?zh ?en WHERE {{ ?c a <{OWL}Class>
        FILTER(STRSTARTS(STR(?c), "{GSKG}"))
        OPTIONAL {{ ?c <{RDFS}subClassOf> ?sup FILTER(STRSTARTS(STR(?sup), "{GSKG}")) }}
        OPTIONAL {{ ?c <{RDFS}label> ?zh FILTER(LANG(?zh) = "zh") }}
        OPTIONAL {{ ?c <{RDFS}label> ?en FILTER(LANG(?en) = "en") }} }}""",
    "paths": f"""SELECT ?s ?o WHERE {{
        VALUES ?p {{ {" ".join(f"<{GSKG}{p}>" for p in CITY_PATH)} }} ?s ?p ?o }}""",
    "topics": f"SELECT ?s ?o WHERE {{ ?s <{GSKG}hasTopic> ?o }}",
    "docs": f"""SELECT ?s ?d WHERE {{ ?ax <{OWL}annotatedProperty> <{RDF_TYPE}> ;
        <{OWL}annotatedSource> ?s ; <{GSKG}source> ?d }}""",
    "out": f"""SELECT ?s (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o
        FILTER(STRSTARTS(STR(?s), "{RES}")) }} GROUP BY ?s""",
    "in": f"""SELECT ?o (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o
        FILTER(isIRI(?o) && ?p != <{OWL}annotatedSource> && ?p != <{OWL}annotatedTarget>
               && STRSTARTS(STR(?o), "{RES}")) }} GROUP BY ?o""",
}


def catalog_rows(store: Store) -> dict[str, list[tuple]]:
    """The catalog's raw rows, one list per query of `_QUERIES` (an executor operation)."""
    out: dict[str, list[tuple]] = {}
    for name, text in _QUERIES.items():
        rows = store.query(text, use_default_graph_as_union=True)
        names = [v.value for v in rows.variables]
        out[name] = [tuple(_plain(row[v]) for v in names) for row in rows]
    return out


def _plain(term: Any) -> Any:
    if term is None:
        return None
    lang = getattr(term, "language", None)
    return (term.value, lang) if lang else term.value


@dataclass(slots=True)
class Entry:
    """One resource as search and browse see it."""

    iri: str
    zh: str = ""
    en: str = ""
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (text, lang)
    classes: list[str] = field(default_factory=list)  # direct gskg classes
    cities: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    statements: int = 0

    @property
    def slug(self) -> str:
        """The resource's local name."""
        return self.iri[len(RES) :]


@dataclass
class ClassInfo:
    """An ontology class: labels and direct super- and subclasses."""

    iri: str
    zh: str = ""
    en: str = ""
    supers: list[str] = field(default_factory=list)
    subs: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The local name (`City`)."""
        return self.iri[len(GSKG) :]


@dataclass
class Catalog:
    """Every resource and class of one graph version."""

    version: str
    entries: dict[str, Entry]
    classes: dict[str, ClassInfo]
    members: dict[str, list[Entry]]  # class IRI → direct and indirect members
    extras: dict[str, Any] = field(default_factory=dict)  # e.g. the search index

    def label(self, iri: str, lang: str = "zh") -> str:
        """A display label for a resource or class IRI."""
        e = self.entries.get(iri) or self.classes.get(iri)
        if e is None:
            return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        first, second = (e.en, e.zh) if lang == "en" else (e.zh, e.en)
        return first or second or iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def subclasses(self, cls: str) -> list[str]:
        """`cls` and all classes below it (each once)."""
        seen, todo = [], [cls]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.append(c)
                todo.extend(self.classes[c].subs if c in self.classes else ())
        return seen


def build_catalog(rows: dict[str, list[tuple]], version: str) -> Catalog:
    """The catalog of one graph from `catalog_rows`' output."""
    entries: dict[str, Entry] = {}

    def entry(iri: str) -> Entry:
        if iri not in entries:
            entries[iri] = Entry(iri)
        return entries[iri]

    for s, p, (text, lang) in ((s, p, lv) for s, p, lv in rows["labels"] if isinstance(lv, tuple)):
        e = entry(s)
        if p == f"{RDFS}label" and lang.startswith("zh") and not e.zh:
            e.zh = text
        elif p == f"{RDFS}label" and lang.startswith("en") and not e.en:
            e.en = text
        else:
            e.aliases.append((text, lang))
    for s, c in rows["types"]:
        if c not in entry(s).classes:
            entry(s).classes.append(c)
    classes = _classes(rows["classes"])
    for s, n in rows["out"] + rows["in"]:
        if s in entries:
            entries[s].statements += int(n)
    for s, o in rows["topics"]:
        if s in entries and o not in entries[s].topics:
            entries[s].topics.append(o)
    for s, d in rows["docs"]:
        if s in entries and d not in entries[s].docs:
            entries[s].docs.append(d)
    _cities(entries, rows["paths"], classes)
    for e in entries.values():  # sorted: the same catalog whatever order the store answers in
        e.aliases.sort()
        e.classes.sort()
        e.topics.sort()
        e.docs.sort()
    return Catalog(version, entries, classes, _members(entries, classes))


def _classes(rows: list[tuple]) -> dict[str, ClassInfo]:
    classes: dict[str, ClassInfo] = {}
    for c, sup, zh, en in rows:
        info = classes.setdefault(c, ClassInfo(c))
        info.zh = info.zh or (zh[0] if zh else "")
        info.en = info.en or (en[0] if en else "")
        if sup and sup != c and sup not in info.supers:
            info.supers.append(sup)
    for info in classes.values():
        for sup in info.supers:
            if sup in classes and info.iri not in classes[sup].subs:
                classes[sup].subs.append(info.iri)
    for info in classes.values():
        info.supers.sort()
        info.subs.sort()
    return classes


def _cities(entries: dict[str, Entry], paths: list[tuple], classes: dict) -> None:
    """Each entry's cities: every `gskg:City` reachable along CITY_PATH (itself included)."""
    city_classes = {CITY_CLASS} if CITY_CLASS in classes else set()
    is_city = {e.iri for e in entries.values() if city_classes & set(e.classes)}
    nxt: dict[str, list[str]] = defaultdict(list)
    for s, o in paths:
        nxt[s].append(o)
    memo: dict[str, frozenset[str]] = {}
    for e in entries.values():
        e.cities = sorted(_reach(e.iri, nxt, is_city, memo))


def _reach(start: str, nxt: dict, is_city: set, memo: dict) -> frozenset[str]:
    if start in memo:
        return memo[start]
    seen, todo, found = {start}, [start], set()
    while todo:
        node = todo.pop()
        if node in memo:  # already solved: its cities are ours too
            found |= memo[node]
            continue
        if node in is_city:
            found.add(node)
        for o in nxt.get(node, ()):
            if o not in seen:
                seen.add(o)
                todo.append(o)
    memo[start] = frozenset(found)
    return memo[start]


def _members(entries: dict[str, Entry], classes: dict[str, ClassInfo]) -> dict[str, list[Entry]]:
    ancestors: dict[str, set[str]] = {}

    def up(c: str) -> set[str]:
        if c not in ancestors:
            ancestors[c] = {c}
            for s in classes[c].supers if c in classes else ():
                ancestors[c] |= up(s)
        return ancestors[c]

    members: dict[str, list[Entry]] = defaultdict(list)
    for e in entries.values():
        for c in set().union(*(up(c) for c in e.classes)) if e.classes else ():
            members[c].append(e)
    return dict(members)


class CatalogHolder:
    """The current catalog of an app; rebuilt when the backend's graph version changes."""

    def __init__(self, stored: Callable[[Any], Catalog | None] | None = None) -> None:
        self.catalog: Catalog | None = None
        self.stored = stored  # the catalog stored for the backend's graph, if any
        self._lock = threading.Lock()

    def get(self, backend: Any) -> Catalog:
        """The catalog of the backend's current graph (the previous one while rebuilding)."""
        backend.check_reload()
        cat = self.catalog
        if cat is not None and cat.version == backend.version:
            return cat
        if cat is not None and not self._lock.acquire(blocking=False):
            return cat  # another thread is rebuilding: serve the previous graph's
        if cat is None:
            self._lock.acquire()
        try:
            if self.catalog is None or self.catalog.version != backend.version:
                version = backend.version
                found = self.stored(backend) if self.stored else None
                if found is None:
                    timeout = max(120.0, backend.settings.timeout)
                    rows = backend.executor.call(catalog_rows, timeout=timeout)
                    found = build_catalog(rows, version)
                self.catalog = found
            return self.catalog
        finally:
            self._lock.release()

    def preload(self, backend: Any) -> None:
        """Open the stored catalog now (before gunicorn forks: its workers share it)."""
        with self._lock:
            if self.catalog is None:
                self.catalog = self.stored(backend) if self.stored else None


def current(app_extensions: dict, backend: Any) -> Catalog:
    """The app's catalog (see `CatalogHolder`)."""
    holder = app_extensions.setdefault("gskg-catalog", CatalogHolder())
    return holder.get(backend)
