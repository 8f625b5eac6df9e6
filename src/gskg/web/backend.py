"""What the web app serves from: the store (behind the executor), its statistics, examples.

`open_backend(settings)` loads the store once, before any request thread or gunicorn
worker exists, and wraps it in an `Executor`; after that the serving process only talks
to the store through worker processes (see executor.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from ..store import GSKG_GRAPH, open_read_only, open_store, parse_add, stamp_of
from .engine import Plan, execute
from .executor import Executor
from .resource import resource_view
from .settings import Settings


def _ping(store: Store) -> bool:
    return bool(store.query("ASK {}"))


def _stats(store: Store) -> dict[str, Any]:
    graphs = {
        row["g"].value: int(row["n"].value)
        for row in store.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    }
    row = next(
        store.query(
            "SELECT * { { SELECT (COUNT(DISTINCT ?s) AS ?subjects) "
            "(COUNT(DISTINCT ?p) AS ?properties) { ?s ?p ?o } } "
            "{ SELECT (COUNT(DISTINCT ?c) AS ?classes) { ?x a ?c } } }",
            use_default_graph_as_union=True,
        )
    )
    return {
        "graphs": graphs,
        "triples": sum(graphs.values()),
        "subjects": int(row["subjects"].value),
        "properties": int(row["properties"].value),
        "classes": int(row["classes"].value),
    }


OPERATIONS = {"query": execute, "view": resource_view, "ping": _ping, "stats": _stats}


@dataclass(frozen=True)
class Example:
    """An example query from queries/*.rq, with its bilingual title."""

    name: str
    zh: str
    en: str
    query: str


def load_examples(folder: Path) -> list[Example]:
    """Read `# zh: …` / `# en: …` titled queries from a folder (sorted by file name)."""
    examples = []
    if not folder.is_dir():
        return examples
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        titles = {"zh": "", "en": ""}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line.lstrip("# ").partition(":")
            if key.strip() in titles and not titles[key.strip()]:
                titles[key.strip()] = value.strip()
        examples.append(Example(path.stem, titles["zh"] or path.stem, titles["en"] or path.stem,
                                text))  # fmt: skip
    return examples


@dataclass
class Backend:
    """The store behind its executor, plus everything computed once at start-up."""

    settings: Settings
    executor: Executor
    version: str
    dist: Path
    examples: list[Example] = field(default_factory=list)
    _stats: dict[str, Any] | None = None

    def run(self, plan: Plan, timeout: float) -> tuple[bytes, str]:
        """Execute a checked query plan in a worker: `(body, media type)`."""
        return self.executor.call("query", plan, timeout=timeout)

    def view(self, iri: str) -> dict[str, Any]:
        """The data of the HTML page of `iri`."""
        return self.executor.call("view", iri, timeout=self.settings.timeout)

    def ping(self) -> bool:
        """Is a worker answering?"""
        return self.executor.call("ping", timeout=min(5.0, self.settings.timeout))

    def stats(self) -> dict[str, Any]:
        """Dataset statistics (computed once, in a worker)."""
        if self._stats is None:
            self._stats = self.executor.call("stats", timeout=max(30.0, self.settings.timeout))
        return self._stats


def open_backend(settings: Settings) -> Backend:
    """Load the data named by `settings` and start (lazily) the query workers."""
    data = Path(settings.data)
    add = [parse_add(spec) for spec in settings.add]
    store = open_store(data, store_path=settings.store, add=add)
    if settings.store is not None:
        path = Path(settings.store)
        del store  # each worker opens its own read-only handle

        def factory() -> Store:
            return open_read_only(path)
    else:

        def factory() -> Store:
            return store

    executor = Executor(
        factory,
        OPERATIONS,
        size=settings.max_concurrent,
        queue_wait=settings.queue_wait,
        memory_limit_mb=settings.memory_limit_mb,
    )
    stamp = stamp_of([(data, GSKG_GRAPH), *add])
    version = hashlib.sha1(json.dumps(stamp).encode()).hexdigest()[:16]
    return Backend(
        settings=settings,
        executor=executor,
        version=version,
        dist=data.parent,
        examples=load_examples(Path(settings.queries)),
    )
