"""The fast path: a call proven fast runs in the serving process instead of a worker.

A call made with `fast=True` whose worker answered in under FAST_BELOW runs in the calling
thread the next times it comes with the same operation and arguments on the same graph
generation (in-memory store only): the same work on the same immutable graph costs the
same, so it cannot run away, and it skips the hop to a worker (two context switches, most
of the endpoint's cost per point lookup).  Forks wait for such calls to finish and such
calls for forks (`ForkGuard`): a child must not inherit a lock that the store's code held
in another thread.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

FAST_BELOW = 0.002
FAST_KEYS = 4096


class ForkGuard:
    """Shared by calls running in this process, exclusive for a fork (forks go first)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._running = 0
        self._forking = 0

    @contextlib.contextmanager
    def shared(self) -> Any:
        with self._cond:
            while self._forking:
                self._cond.wait()
            self._running += 1
        try:
            yield
        finally:
            with self._cond:
                self._running -= 1
                if not self._running:
                    self._cond.notify_all()

    @contextlib.contextmanager
    def exclusive(self) -> Any:
        with self._cond:
            self._forking += 1  # no new call starts meanwhile
            while self._running:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._forking -= 1
                self._cond.notify_all()


# One per process: no fork of this process may overlap a store call in one of its threads.
GUARD = ForkGuard()
