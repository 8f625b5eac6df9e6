"""The catalog: one row per resource (labels, aliases, classes, city, topics, source
document, number of statements), read from the store once per graph.

Search (searchindex.py) and browse (browse.py) answer from it in the serving process: at
1M triples a facet count is a loop over a few thousand members, not a SPARQL aggregate.
`catalog_rows(store)` runs in a query worker (it is an executor operation) and returns plain
rows; `current(backend)` builds the `Catalog` from them, again whenever the graph is
reloaded (the backend's version changes), and keeps serving the previous one meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Store

from ..errors import GskgError
from ..namespaces import OWL, RDF, RDFS, SKOS
from ..ontology import GSKG, RES
from ..sparql.pool import Saturated
from .cities import CITY_CLASS, CITY_PATH

log = logging.getLogger("gskg.web")
WAIT = 15.0  # seconds a request waits for a catalog being built before a 503
BUSY_RETRY = 5.0  # seconds before a build that found every query slot busy is tried again
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
    # the figure of each observation (qualifier and upper bound where the text gives them)
    "figures": f"""SELECT ?s ?value ?unit ?uom ?period ?indicator ?qualifier ?upper WHERE {{
        ?s <{GSKG}value> ?value ; <{GSKG}indicator> ?indicator .
        OPTIONAL {{ ?s <{GSKG}unit> ?unit }} OPTIONAL {{ ?s <{GSKG}unitOfMeasure> ?uom }}
        OPTIONAL {{ ?s <{GSKG}refPeriod> ?period }}
        OPTIONAL {{ ?s <{GSKG}valueQualifier> ?qualifier }}
        OPTIONAL {{ ?s <{GSKG}upperBound> ?upper }} }}""",
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
    indicators: list[str] = field(default_factory=list)  # an observation's indicator
    periods: list[str] = field(default_factory=list)  # an observation's gskg:Period
    figure: dict[str, Any] | None = None  # value, unit, uom, qualifier, upper (observations)

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
    for s, value, unit, uom, period, indicator, qualifier, upper in rows.get("figures", []):
        if s in entries and entries[s].figure is None:
            e = entries[s]
            e.figure = {"value": value, "unit": _text(unit), "uom": uom,
                        "qualifier": qualifier, "upper": upper}  # fmt: skip
            e.indicators = [indicator]
            e.periods = [period] if period else []
    _cities(entries, rows["paths"], classes)
    for e in entries.values():  # sorted: the same catalog whatever order the store answers in
        e.aliases.sort()
        e.classes.sort()
        e.topics.sort()
        e.docs.sort()
    return Catalog(version, entries, classes, _members(entries, classes))


def _text(value: Any) -> str:
    """A literal's text from `_plain` (a plain string, or (text, lang))."""
    if value is None:
        return ""
    return value[0] if isinstance(value, tuple) else str(value)


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


class CatalogUnavailable(GskgError):
    """The catalog (so search, browse, compare) is not available: being built, or failed."""

    status = 503

    def __init__(self, message: str, retry_after: float = 5.0) -> None:
        super().__init__(message)
        self.retry_after = max(1, round(retry_after))


class CatalogHolder:
    """The current catalog of an app; rebuilt when the backend's graph version changes.

    One build at a time, on a background thread, its store queries in one query worker
    (under `catalog_timeout` and the worker memory limit): the other query slots stay free,
    so the SPARQL endpoint and the pages that do not need the catalog keep answering while
    it runs, and whatever happens to it.  A request needing the catalog waits at most
    `wait` seconds for a build in progress; after a failed build it gets a 503 with
    `Retry-After` at once, and the build is tried again only after `catalog_retry` seconds
    (or for a new graph): a graph too big for the catalog costs one build, not one per
    request.  While a new graph's catalog is built, or if it fails, the previous graph's
    is served.
    """

    def __init__(self, stored: Callable[[Any], Catalog | None] | None = None) -> None:
        self.catalog: Catalog | None = None
        self.stored = stored  # the catalog stored for the backend's graph, if any
        self._lock = threading.Lock()
        self._building: threading.Event | None = None
        self._failed: tuple[str, str, float] | None = None  # (version, why, retry at)

    def get(self, backend: Any, wait: float | None = WAIT) -> Catalog:
        """The catalog of the backend's current graph (the previous one while rebuilding);
        CatalogUnavailable (503) when there is none to serve."""
        backend.check_reload()
        version = backend.version
        cat = self.catalog
        if cat is not None and cat.version == version:
            return cat
        with self._lock:
            failed = self._failed
            if failed and failed[0] == version and time.monotonic() < failed[2]:
                if cat is not None:
                    return cat
                raise CatalogUnavailable(
                    f"search, browse and compare are unavailable: {failed[1]} "
                    "(the SPARQL endpoint and the resource pages work)",
                    failed[2] - time.monotonic(),
                )
            if self._building is None:
                self._building = threading.Event()
                threading.Thread(target=self._build, args=(backend, version, self._building),
                                 name="gskg-catalog-build", daemon=True).start()  # fmt: skip
            building = self._building
        if cat is not None:
            return cat  # the previous graph's, while the new one is built
        if not building.wait(wait):
            raise CatalogUnavailable("the catalog is still being built; try again shortly")
        return self.get(backend, wait=0)

    def _build(self, backend: Any, version: str, done: threading.Event) -> None:
        s = backend.settings
        try:
            catalog = self.stored(backend) if self.stored else None  # `gskg build` made it
            if catalog is None:
                rows = backend.executor.call(catalog_rows, timeout=s.catalog_timeout)
                catalog = build_catalog(rows, version)
            with self._lock:
                self.catalog, self._failed = catalog, None
        except Saturated as exc:  # every query slot busy: not the graph's fault, soon again
            log.warning("the catalog build waits for a query slot: %s", exc.message)
            with self._lock:
                self._failed = (version, f"the catalog is not built yet ({exc.message})",
                                time.monotonic() + BUSY_RETRY)  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - whatever it is, the pages must not wedge
            why = exc.message if isinstance(exc, GskgError) else type(exc).__name__
            why = f"the catalog of this graph could not be built ({why})"
            log.error("%s; search, browse and compare answer 503 and the build is retried "
                      "in %g s; the SPARQL endpoint and the other pages keep working "
                      "(catalog_timeout %g s, memory_limit_mb %d)", why, s.catalog_retry,
                      s.catalog_timeout, s.memory_limit_mb)  # fmt: skip
            with self._lock:
                self._failed = (version, why, time.monotonic() + s.catalog_retry)
        finally:
            with self._lock:
                self._building = None
            done.set()

    def preload(self, backend: Any) -> None:
        """Open the stored catalog now (before gunicorn forks: its workers share it)."""
        with self._lock:
            if self.catalog is None:
                self.catalog = self.stored(backend) if self.stored else None


def current(app_extensions: dict, backend: Any, wait: float | None = WAIT) -> Catalog:
    """The app's catalog (see `CatalogHolder`)."""
    holder = app_extensions.setdefault("gskg-catalog", CatalogHolder())
    return holder.get(backend, wait)
