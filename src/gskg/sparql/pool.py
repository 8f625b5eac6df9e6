"""Time-limited query execution in worker processes that can be killed.

pyoxigraph has no timeout or cancellation, and a query can spend unbounded time before its
first row.  So a store access of the web app runs in a small pool of forked worker
processes, one request at a time each; the pool size is the cap on concurrent queries.
A call that outlives its time limit gets its worker SIGKILLed (the work really stops) and a
fresh worker is forked in its place; one that runs longer than SLOW_AFTER is reniced, so
that slow queries yield the CPU to short ones.  The serving process touches the store only
for calls already proven fast (below), never while it forks.

Replacements are forked off the request path, by the spawner thread, and warmed up before
they take a slot (the inherited heap is frozen out of the cyclic GC, so it stays shared;
a few small queries fault in the common paths): a request waits for a fork only while the
pool starts.  A fresh worker is still somewhat slower for its first few queries of a new
shape, which is why queries under SLOW_AFTER keep their worker.

Messages are frames (framing.py) on a socket pair: a call is `(operation, args)` pickled
(the operation, a module-level function `fn(store, *args)`, travels by its name), a reply
`(status, value)`.

The pool is created lazily in the process that uses it (after gunicorn's fork), and
workers die with their parent (PR_SET_PDEATHSIG) or when their socket closes.

A call made with `fast=True` may take the fast path (fastpath.py) once proven fast
(`local=True`, the in-memory store only).

`swap(store_factory)` starts a new generation (a reloaded graph): idle workers of the old
one are killed at once, busy ones finish their query on the old store and are then
replaced, so every call runs wholly against one store — the old or the new, never a mix.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import queue
import select
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import GskgError
from . import fastpath
from .fastpath import GUARD
from .framing import recv as _recv
from .framing import send as _send
from .worker import child_main, where

log = logging.getLogger("gskg.web")

# A query still running after SLOW_AFTER seconds gets its worker's nice value raised to
# LOW_PRIORITY, so that a few runaway queries (up to the time limit) cannot starve the
# short ones of CPU: the kernel gives a nice-19 process ~1/70 of a nice-0 one's share.
# A reniced worker cannot get its priority back (only root may lower a nice value), so it
# is replaced after its query: SLOW_AFTER is well above the slowest legitimate query of
# the benchmark mix at 1M triples (~0.35 s), which therefore keep their warm worker.
SLOW_AFTER = 1.0
LOW_PRIORITY = 19


class QueryTimeout(GskgError):
    """The query ran past its time limit; its worker was killed."""

    status = 503


class Saturated(GskgError):
    """Every query slot stayed busy for the whole wait."""

    status = 503


class WorkerDied(GskgError):
    """The worker process died while running the query (memory or stack exhausted)."""

    status = 503


class InternalError(GskgError):
    """An unexpected error in a worker (a bug); details are in the server log."""

    status = 500


@dataclass
class _Worker:
    pid: int
    conn: socket.socket
    generation: int = 0
    poller: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.poller = select.poll()
        self.poller.register(self.conn.fileno(), select.POLLIN)

    def ready(self, seconds: float) -> bool:
        """Is a reply (or EOF) waiting, or does one arrive within `seconds`?"""
        return bool(self.poller.poll(max(0, int(seconds * 1000 + 0.999))))


class Executor:
    """A pool of forked processes, each holding the store, that run operations.

    An operation is a module-level function `fn(store, *args)`; `store_factory` returns the
    store in the child (the inherited in-memory store, or a fresh read-only handle of an
    on-disk one).
    """

    def __init__(
        self,
        store_factory: Callable[[], Any],
        *,
        size: int = 4,
        queue_wait: float = 2.0,
        memory_limit_mb: int = 0,
        local: bool = False,
    ) -> None:
        self.store_factory = store_factory
        self.size = max(1, size)
        self.queue_wait = queue_wait
        self.memory_limit_mb = memory_limit_mb
        self.local = local  # proven-fast calls may run in the calling thread
        self.generation = 0
        self._pid = -1
        self._lock = threading.Lock()
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        self._all: dict[int, _Worker] = {}
        self._fast: dict[tuple, None] = {}  # (generation, operation, args) seen fast

    @property
    def started(self) -> bool:
        """Has this process started its pool (is it serving already)?"""
        return self._pid == os.getpid()

    # -- process management -------------------------------------------------------------

    def _ensure_pool(self) -> None:
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            # A fresh process (first use, or a gunicorn worker forked from the master):
            # whatever pool we inherited belongs to the parent.
            self._all = {}
            self._idle = queue.LifoQueue()
            for _ in range(self.size):
                self._idle.put(None)  # a slot whose worker is started on first use
            # Workers are forked by one long-lived thread: PR_SET_PDEATHSIG fires when the
            # *thread* that forked a child ends, and request threads come and go.
            self._spawn_requests: queue.SimpleQueue[queue.SimpleQueue | None] = queue.SimpleQueue()
            threading.Thread(target=self._spawner, name="gskg-spawner", daemon=True).start()
            self._pid = os.getpid()

    def _spawner(self) -> None:
        while True:
            box = self._spawn_requests.get()
            try:
                worker: _Worker | Exception = self._fork()
            except (OSError, WorkerDied) as exc:
                worker = exc
            if box is not None:  # a caller waits for it
                box.put(worker)
            else:  # a replacement: it takes the free slot (None: started on next use)
                if isinstance(worker, Exception):
                    log.error("could not start a query worker: %s", worker)
                    worker = None
                self._idle.put(worker)

    def _spawn(self) -> _Worker:
        """A new warm worker, forked now (the caller waits)."""
        box: queue.SimpleQueue = queue.SimpleQueue()
        self._spawn_requests.put(box)
        result = box.get()
        if isinstance(result, Exception):
            raise result
        return result

    def _replace(self) -> None:
        """Fork a worker for a freed slot in the background; it enters the pool when warm."""
        self._spawn_requests.put(None)

    def _fork(self) -> _Worker:
        parent_end, child_end = socket.socketpair()
        inherited = [w.conn for w in list(self._all.values())]
        with self._lock:  # a consistent (store, generation) pair, even during a swap
            factory, generation = self.store_factory, self.generation
        with GUARD.exclusive():
            pid = os.fork()
        if pid == 0:  # child
            try:
                parent_end.close()
                for conn in inherited:
                    conn.close()
                child_main(child_end, factory, self.memory_limit_mb)
            finally:
                os._exit(0)
        child_end.close()
        worker = _Worker(pid, parent_end, generation)
        self._all[pid] = worker
        try:
            if not worker.ready(60.0) or _recv(worker.conn) != b"ready":
                raise EOFError
        except (EOFError, OSError):
            self._kill(worker)
            raise WorkerDied("a query worker failed to start (see the server log)") from None
        return worker

    def _kill(self, worker: _Worker) -> None:
        self._all.pop(worker.pid, None)
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(worker.pid, 0)
        worker.conn.close()

    # -- calls ------------------------------------------------------------------------

    def _fast_key(
        self, operation: Callable[..., Any], args: tuple, fast: bool
    ) -> tuple[tuple | None, Callable[[], Any]]:
        """The key a proven-fast call is remembered by (None: never here), and the store."""
        if not self.local or not fast:
            return None, self.store_factory  # (the store is not used: no lock taken)
        with self._lock:  # a consistent (store, generation) pair, even during a swap
            factory, generation = self.store_factory, self.generation
        key = (generation, operation, args)
        try:
            hash(key)
        except TypeError:
            return None, factory
        return key, factory

    def _remember_fast(self, key: tuple) -> None:
        if len(self._fast) >= fastpath.FAST_KEYS:
            self._fast.clear()  # crude but bounded: the common calls come back at once
        self._fast[key] = None

    def _call_here(
        self, factory: Callable[[], Any], operation: Callable[..., Any], args: tuple
    ) -> Any:
        """A call proven fast on this store, run in this thread."""
        with GUARD.shared():
            try:
                return operation(factory(), *args)
            except GskgError:
                raise
            except Exception as exc:  # a bug: logged, never shown
                log.error("error in %s: %s", _name(operation), where(exc))
                raise InternalError(
                    "internal error while running the query (logged on the server)"
                ) from None

    def call(
        self, operation: Callable[..., Any], *args: Any, timeout: float, fast: bool = False
    ) -> Any:
        """Run `operation(store, *args)` in a worker; kill it if it takes over `timeout` s.

        With `fast`, a call proven fast (see fastpath.py) runs in this thread instead."""
        key, factory = self._fast_key(operation, args, fast)
        if key is not None and key in self._fast:
            return self._call_here(factory, operation, args)
        self._ensure_pool()
        try:
            slot = self._idle.get(timeout=self.queue_wait)
        except queue.Empty:
            raise Saturated(
                f"all {self.size} query slots are busy; try again in a few seconds"
            ) from None
        worker = slot
        slow = False
        try:
            if worker is not None and worker.generation != self.generation:
                self._kill(worker)  # an idle worker still holding the previous graph
                worker = None
            if worker is None:  # the pool is starting (or a replacement failed)
                worker = self._spawn()
            message = pickle.dumps((operation, args), protocol=pickle.HIGHEST_PROTOCOL)
            try:
                _send(worker.conn, message)
            except OSError:  # the idle worker died (killed from outside): replace it once
                self._kill(worker)
                worker = None
                worker = self._spawn()
                _send(worker.conn, message)
            sent = time.monotonic()
            deadline = sent + timeout
            slow = not worker.ready(min(SLOW_AFTER, timeout))
            if slow:  # a long query: let short ones have the CPU first
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, worker.pid, LOW_PRIORITY)
            if slow and not worker.ready(max(0.0, deadline - time.monotonic())):
                self._kill(worker)
                worker = None
                raise QueryTimeout(
                    f"the query ran past the time limit of {timeout:g} s and was stopped"
                )
            try:
                status, value = pickle.loads(_recv(worker.conn))
                fast = key is not None and key[0] == worker.generation
                fast = fast and time.monotonic() - sent < fastpath.FAST_BELOW
            except (EOFError, OSError):
                self._kill(worker)
                worker = None
                raise WorkerDied(
                    "the query exhausted the resources of its worker (memory or stack) "
                    "and was stopped"
                ) from None
        finally:
            # Old graph, or lowered priority (which only root could raise again): replace.
            if worker is not None and (worker.generation != self.generation or slow):
                self._kill(worker)
                worker = None
            if worker is None:
                self._replace()
            else:
                self._idle.put(worker)
        if status == "ok":
            if fast:
                self._remember_fast(key)
            return value
        if status == "error":
            raise value
        log.error("worker error in %s: %s", _name(operation), value)
        raise InternalError("internal error while running the query (logged on the server)")

    def swap(self, store_factory: Callable[[], Any]) -> None:
        """Serve from a new store: new workers use it, idle old ones are replaced now."""
        with self._lock:
            self.store_factory = store_factory
            self.generation += 1
        if self._pid != os.getpid():
            return  # no pool in this process yet: the first workers will use the new store
        stale = []
        while True:
            try:
                stale.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in stale:
            if worker is not None and worker.generation != self.generation:
                self._kill(worker)
                self._replace()
            else:
                self._idle.put(worker)

    def close(self) -> None:
        """Kill every worker of this process."""
        if self._pid != os.getpid():
            return
        for worker in list(self._all.values()):
            self._kill(worker)


def _name(operation: Callable[..., Any]) -> str:
    return f"{operation.__module__}.{operation.__qualname__}"
