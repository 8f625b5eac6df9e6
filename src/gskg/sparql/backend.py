"""What the web app serves from: the store (behind the executor), its statistics, examples.

`open_backend(settings)` loads the store once, before any request thread or gunicorn
worker exists, and wraps it in an `Executor`; after that the serving process only talks
to the store through worker processes (see executor.py).

Reload: at most once a second, a store access compares the data files' stamp (size and
modification time) with the loaded one.  A changed build is loaded on a background thread
(pyoxigraph releases the GIL) and swapped into the executor in one step, so each query
sees the old graph or the new one, never a mix; a file that fails to load (truncated,
corrupt) is logged and the previous graph is kept.  With `--preload`, each gunicorn worker
reloads its own copy; a worker forked later (from the master's old copy) loads the new
build before its first query.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import Store

from .engine import Plan, execute
from .pool import Executor
from .remote import RemoteStore
from .store import GSKG_GRAPH, StoreError, open_read_only, open_store, parse_add, stamp_of

log = logging.getLogger("gskg.web")


class Settings(Protocol):
    """What the backend reads of the server's settings (gskg.web.settings.Settings)."""

    data: Path
    add: tuple[str, ...]
    store: Path | None
    sparql_endpoint: str | None
    queries: Path
    reload: bool
    timeout: float
    max_concurrent: int
    queue_wait: float
    memory_limit_mb: int


CHECK_EVERY = 1.0  # seconds between two looks at the data files' stamp
SETTLE = 0.5  # a file modified more recently than this may still be being written


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
    files: list[tuple[Path, str]] = field(default_factory=list)
    stamp: list = field(default_factory=list)
    _stats: dict[str, Any] | None = None
    _refused: list | None = None  # the stamp of a build that failed to load
    _next_check: float = 0.0
    _reloading: threading.Lock = field(default_factory=threading.Lock)

    def run(self, plan: Plan, timeout: float) -> tuple[bytes, str]:
        """Execute a checked query plan in a worker: `(body, media type)`."""
        self.check_reload()
        return self.executor.call(execute, plan, timeout=timeout, fast=True)

    def call(
        self,
        operation: Callable[..., Any],
        *args: Any,
        timeout: float | None = None,
        fast: bool = False,
    ) -> Any:
        """Run `operation(store, *args)` in a worker (the settings' time limit by default);
        `fast`: once proven fast, it may run in this process (see fastpath.py)."""
        self.check_reload()
        limit = self.settings.timeout if timeout is None else timeout
        return self.executor.call(operation, *args, timeout=limit, fast=fast)

    def ping(self) -> bool:
        """Is a worker answering?"""
        self.check_reload()
        return self.executor.call(_ping, timeout=min(5.0, self.settings.timeout))

    def stats(self) -> dict[str, Any]:
        """Dataset statistics (computed once per graph, in a worker)."""
        self.check_reload()
        if self._stats is None:
            self._stats = self.executor.call(_stats, timeout=max(30.0, self.settings.timeout))
        return self._stats

    # -- reload -------------------------------------------------------------------------

    def check_reload(self) -> None:
        """Start loading a changed build (at most one look per CHECK_EVERY seconds)."""
        now = time.monotonic()
        if not self.settings.reload or not self.files or now < self._next_check:
            return
        self._next_check = now + CHECK_EVERY
        try:
            stamp = stamp_of(self.files)
        except OSError:  # a file is missing for the moment: keep serving what we have
            return
        if stamp in (self.stamp, self._refused):
            return
        if time.time() - max(entry[3] for entry in stamp) / 1e9 < SETTLE:
            self._next_check = now + SETTLE  # still being written, perhaps
            return
        if not self._reloading.acquire(blocking=False):
            return
        if self.executor.started:
            threading.Thread(target=self._reload, args=(stamp,), name="gskg-reload",
                             daemon=True).start()  # fmt: skip
        else:  # a fresh process (e.g. a new gunicorn worker): load before its first query
            self._reload(stamp)

    def _reload(self, stamp: list) -> None:
        try:
            if self.settings.store is not None:
                log.warning("the data changed; restart the server to serve it (--store)")
                self._refused = stamp
                return
            try:
                store = open_store(self.files[0][0], add=self.files[1:])
            except StoreError as exc:
                log.error("new build not loaded, still serving the previous one: %s", exc)
                self._refused = stamp
                return
            if stamp_of(self.files) != stamp:
                return  # changed again while loading: the next look starts over
            self.executor.swap(lambda: store)
            self.stamp = stamp
            self.version = _version(stamp)
            self._stats = None
            log.info("reloaded %s (version %s)", self.files[0][0], self.version)
        except OSError as exc:
            log.error("new build not loaded, still serving the previous one: %s", exc)
        finally:
            self._reloading.release()


def _executor(factory: Callable[[], Any], settings: Settings, local: bool = False) -> Executor:
    """The query workers over the store `factory` makes, sized by the settings; `local`:
    proven-fast calls may run in the serving process (its in-memory store)."""
    return Executor(
        factory,
        size=settings.max_concurrent,
        queue_wait=settings.queue_wait,
        memory_limit_mb=settings.memory_limit_mb,
        local=local,
    )


def open_remote_backend(settings: Settings) -> Backend:
    """Serve from a remote SPARQL store: the same pages and protocol, queries sent on.

    Queries still go through the executor's worker processes, so the time limit, the
    caps and the SERVICE refusal apply unchanged; there is nothing local to reload.
    """
    endpoint = settings.sparql_endpoint

    def factory() -> RemoteStore:
        return RemoteStore(endpoint, timeout=settings.timeout)

    executor = _executor(factory, settings)
    return Backend(
        settings=settings,
        executor=executor,
        version=_version([endpoint]),
        dist=Path(settings.data).parent,
        examples=load_examples(Path(settings.queries)),
    )


def open_backend(settings: Settings) -> Backend:
    """Load the data named by `settings` and start (lazily) the query workers."""
    if settings.sparql_endpoint:
        return open_remote_backend(settings)
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

    # On disk, the serving process holds no store (RocksDB's threads and forks do not mix).
    executor = _executor(factory, settings, local=settings.store is None)
    files = [(data, GSKG_GRAPH), *add]
    stamp = stamp_of(files)
    return Backend(
        settings=settings,
        executor=executor,
        version=_version(stamp),
        dist=data.parent,
        examples=load_examples(Path(settings.queries)),
        files=files,
        stamp=stamp,
    )


def _version(stamp: list) -> str:
    return hashlib.sha1(json.dumps(stamp).encode()).hexdigest()[:16]
