"""Faults: a worker killed mid-request, a new or broken build while serving, a full disk.

Each server here is the production command (gunicorn, 2 workers, --preload) on a copy of
the build in a temporary folder, so the tests can replace its files.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from conftest import (
    ROOT,
    Server,
    free_port,
    gunicorn_command,
    server_env,
    start_server,
    stop_server,
)

from gskg.cli import main

MARK = "urn:gskg-test:mark"
# (all statements, marker statements): one pair per graph, so a mix would show.
PAIR = (
    "SELECT ?n ?k { { SELECT (COUNT(*) AS ?n) { GRAPH <https://w3id.org/gskg/graph> "
    f"{{ ?s ?p ?o }} }} }} {{ SELECT (COUNT(*) AS ?k) {{ ?s <{MARK}> ?o }} }} }}"
)
SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(entry.name))
    return out


def _running(pid: int) -> bool:
    """Is `pid` a live process (not gone, not a zombie)?"""
    try:
        return (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _replace(path: Path, data: bytes) -> None:
    """Write `data` beside `path`, then move it into place (as `gskg build` does)."""
    tmp = path.with_name(".incoming-" + path.name)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _pair(server: Server) -> tuple[int, int]:
    resp = server.get("/sparql", params={"query": PAIR}, headers={"Accept": "text/csv"})
    assert resp.status_code == 200, resp.text[:300]
    n, k = resp.text.splitlines()[1].split(",")
    return int(n), int(k)


@pytest.fixture(scope="module")
def dist_copy(built_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the build, which the tests here overwrite."""
    out = tmp_path_factory.mktemp("dist-copy")
    for f in built_graph.iterdir():
        if f.is_file():
            shutil.copy2(f, out / f.name)
    return out


@pytest.fixture(scope="module")
def reload_server(dist_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The production command serving `dist_copy`."""
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "reload.log"
    env = server_env(dist_copy, GSKG_DATA=str(dist_copy / "gskg.nt"))
    server = start_server(gunicorn_command(port), env, port, log)
    yield server
    stop_server(server.proc)


def _settle(server: Server, expected: tuple[int, int]) -> None:
    """Wait until every worker serves `expected` (each gunicorn worker reloads by itself)."""
    deadline, streak = time.monotonic() + 15, 0
    while streak < 12 and time.monotonic() < deadline:
        streak = streak + 1 if _pair(server) == expected else 0
    assert streak >= 12, f"the server did not settle on {expected}"


def _read_continuously(server: Server, seconds: float) -> list:
    """Four readers asking for the (all, markers) pair for `seconds`; every answer."""
    seen: list = []
    stop = time.monotonic() + seconds

    def reader() -> None:
        while time.monotonic() < stop:
            try:
                seen.append(_pair(server))
            except (AssertionError, requests.RequestException) as exc:
                seen.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return seen


def test_new_build_is_served_old_or_new_never_mixed(reload_server: Server, dist_copy: Path):
    """A new gskg.nt moved into place: every answer is the old graph or the new one."""
    nt = dist_copy / "gskg.nt"
    old_bytes = nt.read_bytes()
    old = _pair(reload_server)
    assert old[1] == 0
    lines = old_bytes.splitlines(keepends=True)
    new_bytes = b"".join(lines[200:]) + b"".join(
        f'<urn:gskg-test:s{i}> <{MARK}> "{i}" .\n'.encode() for i in range(1000)
    )
    swapper = threading.Timer(1.0, _replace, args=(nt, new_bytes))
    swapper.start()
    seen = _read_continuously(reload_server, 6.0)
    swapper.join()
    errors = [x for x in seen if isinstance(x, Exception)]
    assert not errors, errors[:3]
    new = (old[0] - 200 + 1000, 1000)
    assert set(seen) <= {old, new}, set(seen)
    assert seen[0] == old and seen[-1] == new
    body = reload_server.get("/export.nt").content
    assert body == new_bytes
    _replace(nt, old_bytes)  # back to the original for the next tests
    _settle(reload_server, old)


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("truncated", lambda b: b[: len(b) // 2 + 7]),
        ("garbage", lambda b: b[:5000] + b"\xff\xfe<not n-triples> ??? \n" + b[5000:]),
        ("empty", lambda b: b""),
    ],
)
def test_broken_build_keeps_the_previous_graph(reload_server: Server, dist_copy: Path,
                                               name: str, damage) -> None:  # fmt: skip
    """A truncated, corrupt or empty gskg.nt is refused on reload; the old graph stays."""
    nt = dist_copy / "gskg.nt"
    good = nt.read_bytes()
    before = _pair(reload_server)
    _replace(nt, damage(good))
    seen = _read_continuously(reload_server, 3.0)
    try:
        assert seen and all(x == before for x in seen), {str(x)[:80] for x in seen}
        log = reload_server.log.read_text(errors="replace")
        assert "still serving the previous one" in log
        assert reload_server.get("/health").status_code == 200
    finally:
        _replace(nt, good)
        _settle(reload_server, before)


@pytest.mark.parametrize(
    ("name", "damage", "phrase"),
    [
        ("truncated", lambda b: b[: len(b) // 2 + 7], "not valid N-Triples"),
        ("garbage", lambda b: b"<a> <b> \xff\n" + b, "not valid N-Triples"),
        ("empty", lambda b: b"", "empty file"),
    ],
)
def test_broken_build_refuses_to_start(built_graph: Path, tmp_path: Path, name: str,
                                       damage, phrase: str) -> None:  # fmt: skip
    """The production command and server.py both exit with a clear message."""
    bad = tmp_path / "gskg.nt"
    bad.write_bytes(damage((built_graph / "gskg.nt").read_bytes()))
    env = {**os.environ, "GSKG_DATA": str(bad)}
    for cmd in (gunicorn_command(free_port()),
                [sys.executable, "server.py", "--port", str(free_port())]):  # fmt: skip
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60)  # fmt: skip
        assert done.returncode != 0
        last = done.stderr.strip().splitlines()[-1]
        assert phrase in last and str(bad) in last, last


def test_killed_worker_is_replaced(reload_server: Server) -> None:
    """SIGKILL the worker running a query: the master forks a new one, others are served."""
    master = reload_server.proc.pid
    workers = _children(master)
    assert len(workers) == 2
    got: list = []
    slow = threading.Thread(target=lambda: got.append(_try_get(reload_server, SLOW)))
    slow.start()
    victim, deadline = None, time.monotonic() + 5
    while victim is None and time.monotonic() < deadline:
        victim = next((w for w in workers if _children(w)), None)  # it forked a query worker
        time.sleep(0.05)
    assert victim is not None
    orphans = _children(victim)
    os.kill(victim, signal.SIGKILL)
    for _ in range(20):
        assert _pair(reload_server)[1] == 0
    slow.join()
    assert got and (isinstance(got[0], requests.ConnectionError) or got[0] == 503), got
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        now = _children(master)
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.2)
    assert len(_children(master)) == 2 and victim not in _children(master)
    time.sleep(0.5)
    assert not any(map(_running, orphans))  # its query workers died with it
    assert reload_server.alive()


def _try_get(server: Server, query: str) -> int | Exception:
    try:
        return server.get("/sparql", params={"query": query}).status_code
    except requests.RequestException as exc:
        return exc


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[tuple[Path, bool]]:
    """A tmpfs too small for two builds (or, where mounting is not allowed, a plain dir)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)],
                             capture_output=True).returncode == 0  # fmt: skip
    yield mnt, mounted
    if mounted:
        subprocess.run(["umount", "--lazy", str(mnt)], check=False)  # open fds may linger


def test_disk_full_during_build_keeps_dist(small_disk, monkeypatch) -> None:
    """ENOSPC while writing the new build: a clean error, the previous dist/ intact."""
    mnt, mounted = small_disk
    out = mnt / "dist"
    runner = CliRunner()
    first = runner.invoke(main, ["build", "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = {f.name: f.read_bytes() for f in out.iterdir()}
    if mounted:  # fill the disk so that the second build cannot fit
        free = shutil.disk_usage(mnt).free
        assert free < sum(map(len, before.values()))
    else:

        def full(*_args, **_kw) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr("gskg.pipeline.serialize_file", full)
    second = runner.invoke(main, ["build", "--out", str(out)])
    assert second.exit_code == 1
    assert "No space left on device" in second.output and "left as they were" in second.output
    assert {f.name: f.read_bytes() for f in out.iterdir()} == before  # no temporary left
