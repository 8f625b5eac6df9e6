"""The worker's side of the pool: a forked process that holds the store and runs calls.

It resets the signals it inherited, dies with its parent (PR_SET_PDEATHSIG), optionally
caps its address space, freezes the inherited heap out of the cyclic GC (so its pages stay
shared), warms up, then answers `(operation, args)` frames until its socket closes.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import signal
import socket
import traceback
from collections.abc import Callable
from typing import Any

from ..errors import GskgError
from .framing import recv, send

_PR_SET_PDEATHSIG = 1
#: Run in every new worker before it takes a slot (index scans, a join, each serialiser):
#: a freshly forked process is 2-3x slower for its first requests otherwise.
WARM_UP = (
    "SELECT * { ?s ?p ?o } LIMIT 200",
    "SELECT ?s ?o ?l { ?s ?p ?o . ?o ?q ?l FILTER(isLiteral(?l)) } LIMIT 200",
    "SELECT ?p (COUNT(*) AS ?n) { { SELECT ?p { ?s ?p ?o } LIMIT 500 } } GROUP BY ?p "
    "ORDER BY DESC(?n)",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 200",
)


def child_main(conn: socket.socket, store_factory: Callable[[], Any], memory_limit_mb: int) -> None:
    """The worker's life: reset signals, die with the parent, warm up, then serve calls."""
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT,
                signal.SIGUSR1, signal.SIGUSR2, signal.SIGWINCH, signal.SIGCHLD):  # fmt: skip
        signal.signal(sig, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if memory_limit_mb > 0:
        import resource

        limit = _vm_size() + memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # The inherited objects are never freed here: keeping them out of the collector's
    # scans keeps their pages shared with the parent (no copy-on-write of the whole heap).
    gc.freeze()
    store = store_factory()
    _warm_up(store)
    send(conn, b"ready")
    while True:
        try:
            operation, args = pickle.loads(recv(conn))
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", operation(store, *args))
        except GskgError as exc:
            reply = ("error", exc)
        except Exception as exc:  # a bug: reported to the parent, which logs it
            reply = ("bug", where(exc))
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError) as exc:
            data = pickle.dumps(("bug", f"unpicklable reply: {exc}"))
        send(conn, data)


def where(exc: BaseException) -> str:
    """A bug's type and innermost place, not its message (which may quote a parameter)."""
    tb = traceback.extract_tb(exc.__traceback__)
    place = f" at {tb[-1].filename}:{tb[-1].lineno} in {tb[-1].name}" if tb else ""
    return f"{type(exc).__name__}{place} (message not logged)"


def _warm_up(store: Any) -> None:
    """Run WARM_UP on an embedded store (never on a remote one: that would be traffic)."""
    try:
        import pyoxigraph as ox
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency
        return
    if not isinstance(store, ox.Store):
        return
    for text in WARM_UP:
        try:
            result = store.query(text, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryTriples):
                result.serialize(format=ox.RdfFormat.N_TRIPLES)
            else:
                result.serialize(format=ox.QueryResultsFormat.JSON)
        except Exception:  # noqa: BLE001 - warming up is best effort
            return


def _vm_size() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0
