"""The query executor in-process: killable workers, and the fast path for proven-fast calls.

(The server-level behaviour — time limits, saturation, killed workers, reloads — is
tested over HTTP in test_hostile.py and test_faults.py.)
"""

from __future__ import annotations

import os
import threading
import time

import pytest

from gskg.sparql import fastpath
from gskg.sparql import pool as ex
from gskg.sparql.pool import Executor, QueryTimeout


def _pid(store: object, *_: object) -> int:
    return os.getpid()


def _slow_pid(store: object, seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _spin(store: object, seconds: float) -> int:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return os.getpid()


@pytest.fixture(autouse=True)
def fast_below(monkeypatch) -> float:
    """A threshold far above a fresh worker's first round trip on a busy CI machine (the
    2 ms of production is a tuning constant; these tests check the mechanism)."""
    monkeypatch.setattr(fastpath, "FAST_BELOW", 0.25)
    return 0.25


@pytest.fixture
def make():
    made: list[Executor] = []

    def factory(**kw) -> Executor:
        e = Executor(lambda: "store", size=2, **kw)
        made.append(e)
        return e

    yield factory
    for e in made:
        e.close()


def test_a_fast_call_runs_here_the_next_time(make) -> None:
    """Proven fast (same operation, arguments and graph): the next call skips the worker."""
    e = make(local=True)
    first = e.call(_pid, "q1", timeout=5, fast=True)
    assert first != os.getpid()  # a worker ran it
    assert e.call(_pid, "q1", timeout=5, fast=True) == os.getpid()
    assert e.call(_pid, "q2", timeout=5, fast=True) != os.getpid()  # other arguments: not proven


def test_no_fast_path_without_local_or_fast_or_for_slow_calls(make, fast_below) -> None:
    """Never in the serving process: without `local`, without `fast` (`ping` checks the
    workers), or for a call that took FAST_BELOW or more."""
    e = make(local=False)
    assert os.getpid() not in {e.call(_pid, "q", timeout=5, fast=True) for _ in range(3)}
    local = make(local=True)
    assert os.getpid() not in {local.call(_pid, timeout=5) for _ in range(3)}
    slow = fast_below * 1.5
    assert os.getpid() not in {local.call(_slow_pid, slow, timeout=5, fast=True) for _ in range(3)}


def test_a_new_graph_must_prove_it_again(make) -> None:
    """After `swap` (a reloaded graph) the call runs in a worker again, on the new store."""
    e = make(local=True)
    e.call(_pid, "q", timeout=5, fast=True)
    assert e.call(_pid, "q", timeout=5, fast=True) == os.getpid()
    e.swap(lambda: "new store")
    assert e.call(_pid, "q", timeout=5, fast=True) != os.getpid()


def test_slow_calls_still_time_out(make) -> None:
    """The fast path leaves the time limit of everything else as it was."""
    e = make(local=True)
    with pytest.raises(QueryTimeout):
        e.call(_spin, 5.0, timeout=0.3, fast=True)


def test_forks_wait_for_calls_running_here(make, monkeypatch) -> None:
    """While a call runs in this process no worker is forked, and the other way round."""
    e = make(local=True)
    running = threading.Event()
    release = threading.Event()
    overlaps: list[bool] = []

    def held(store: object, *_: object) -> int:
        running.set()
        release.wait(5)
        return os.getpid()

    e._fast[(e.generation, held, ("held",))] = None  # as if proven fast
    real_fork = os.fork

    def watched_fork() -> int:
        overlaps.append(running.is_set() and not release.is_set())
        return real_fork()

    monkeypatch.setattr(ex.os, "fork", watched_fork)
    fast_call = {"timeout": 5, "fast": True}
    caller = threading.Thread(target=e.call, args=(held, "held"), kwargs=fast_call)
    caller.start()
    assert running.wait(5)
    forker = threading.Thread(target=e.call, args=(_pid,), kwargs={"timeout": 5})
    forker.start()  # its first call forks a worker: that must wait for `held`
    time.sleep(0.3)
    assert forker.is_alive() and not any(overlaps)
    release.set()
    caller.join(5)
    forker.join(10)
    assert overlaps and not any(overlaps)
