"""Time-limited query execution in worker processes that can be killed.

pyoxigraph has no timeout or cancellation, and a query can spend unbounded time before its
first row.  So every store access of the web app runs in a small pool of forked worker
processes, one request at a time each; the pool size is the cap on concurrent queries.
A call that outlives its time limit gets its worker SIGKILLed (the work really stops) and a
fresh worker is forked in its place; one that runs longer than SLOW_AFTER is reniced, so
that slow queries yield the CPU to short ones.  The serving process itself never touches the store
after start-up, so forking from it is safe even when it runs request threads.

The pool is created lazily in the process that uses it (after gunicorn's fork), and
workers die with their parent (PR_SET_PDEATHSIG) or when their pipe closes.

`swap(store_factory)` starts a new generation (a reloaded graph): idle workers of the old
one are killed at once, busy ones finish their query on the old store and are then
replaced, so every call runs wholly against one store — the old or the new, never a mix.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pickle
import queue
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from typing import Any

from ..errors import GskgError

log = logging.getLogger("gskg.web")

_PR_SET_PDEATHSIG = 1
# A query still running after SLOW_AFTER seconds gets its worker's nice value raised to
# LOW_PRIORITY, so that a few runaway queries (up to the time limit) cannot starve the
# short ones of CPU: the kernel gives a nice-19 process ~1/70 of a nice-0 one's share.
SLOW_AFTER = 0.25
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
    conn: Connection
    generation: int = 0


class Executor:
    """A pool of forked processes, each holding the store, that run named operations.

    `operations` maps a name to `fn(store, *args)`; `store_factory` returns the store in the
    child (the inherited in-memory store, or a fresh read-only handle of an on-disk one).
    """

    def __init__(
        self,
        store_factory: Callable[[], Any],
        operations: dict[str, Callable[..., Any]],
        *,
        size: int = 4,
        queue_wait: float = 2.0,
        memory_limit_mb: int = 0,
    ) -> None:
        self.store_factory = store_factory
        self.operations = operations
        self.size = max(1, size)
        self.queue_wait = queue_wait
        self.memory_limit_mb = memory_limit_mb
        self.generation = 0
        self._pid = -1
        self._lock = threading.Lock()
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        self._all: dict[int, _Worker] = {}

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
            self._spawn_requests: queue.SimpleQueue[queue.SimpleQueue] = queue.SimpleQueue()
            threading.Thread(target=self._spawner, name="gskg-spawner", daemon=True).start()
            self._pid = os.getpid()

    def _spawner(self) -> None:
        while True:
            box = self._spawn_requests.get()
            try:
                box.put(self._fork())
            except OSError as exc:
                box.put(exc)

    def _spawn(self) -> _Worker:
        box: queue.SimpleQueue = queue.SimpleQueue()
        self._spawn_requests.put(box)
        result = box.get()
        if isinstance(result, OSError):
            raise result
        return result

    def _fork(self) -> _Worker:
        parent_end, child_end = Pipe(duplex=True)
        inherited = [w.conn for w in self._all.values()]
        factory, generation = self.store_factory, self.generation
        pid = os.fork()
        if pid == 0:  # child
            try:
                parent_end.close()
                for conn in inherited:
                    conn.close()
                self._child_main(child_end, factory)
            finally:
                os._exit(0)
        child_end.close()
        worker = _Worker(pid, parent_end, generation)
        self._all[pid] = worker
        return worker

    def _child_main(self, conn: Connection, store_factory: Callable[[], Any]) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT,
                    signal.SIGUSR1, signal.SIGUSR2, signal.SIGWINCH, signal.SIGCHLD):  # fmt: skip
            signal.signal(sig, signal.SIG_DFL)
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
        if self.memory_limit_mb > 0:
            import resource

            limit = _vm_size() + self.memory_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        store = store_factory()
        while True:
            try:
                name, args = pickle.loads(conn.recv_bytes())
            except (EOFError, OSError):
                return
            try:
                reply = ("ok", self.operations[name](store, *args))
            except GskgError as exc:
                reply = ("error", exc)
            except Exception as exc:  # a bug: reported to the parent, which logs it
                reply = ("bug", f"{type(exc).__name__}: {exc}")
            try:
                data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError) as exc:
                data = pickle.dumps(("bug", f"unpicklable reply: {exc}"))
            conn.send_bytes(data)

    def _kill(self, worker: _Worker) -> None:
        self._all.pop(worker.pid, None)
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(worker.pid, 0)
        worker.conn.close()

    # -- calls ------------------------------------------------------------------------

    def call(self, name: str, *args: Any, timeout: float) -> Any:
        """Run operation `name` with `args` in a worker; kill it if it takes over `timeout` s."""
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
            if worker is None:
                with self._lock:
                    worker = self._spawn()
            message = pickle.dumps((name, args), protocol=pickle.HIGHEST_PROTOCOL)
            try:
                worker.conn.send_bytes(message)
            except OSError:  # the idle worker died (killed from outside): replace it once
                self._kill(worker)
                worker = None
                with self._lock:
                    worker = self._spawn()
                worker.conn.send_bytes(message)
            deadline = time.monotonic() + timeout
            slow = not worker.conn.poll(min(SLOW_AFTER, timeout))
            if slow:  # a long query: let short ones have the CPU first
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, worker.pid, LOW_PRIORITY)
            if slow and not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._kill(worker)
                worker = None
                raise QueryTimeout(
                    f"the query ran past the time limit of {timeout:g} s and was stopped"
                )
            try:
                status, value = pickle.loads(worker.conn.recv_bytes())
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
            self._idle.put(worker)
        if status == "ok":
            return value
        if status == "error":
            raise value
        log.error("worker error in %s: %s", name, value)
        raise InternalError("internal error while running the query (logged on the server)")

    def swap(self, store_factory: Callable[[], Any]) -> None:
        """Serve from a new store: new workers use it, idle old ones are killed now."""
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
                worker = None
            self._idle.put(worker)

    def close(self) -> None:
        """Kill every worker of this process."""
        if self._pid != os.getpid():
            return
        for worker in list(self._all.values()):
            self._kill(worker)


def _vm_size() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0
