"""Shared fixtures: the built graph (once per session) and real servers on loopback ports.

Servers are real subprocesses speaking HTTP: the production command (gunicorn, 2 worker
processes, store loaded before the fork) and `python server.py` (the embedded default).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# numpy's BLAS threads make the small fits of the curate models ten times slower on a 2-core
# machine shared by two xdist workers: one thread each (before numpy is first imported)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest  # noqa: E402
import requests  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
W3C = ROOT / "tests" / "w3c"
FIXTURES = ROOT / "tests" / "fixtures" / "web"
KASEI = "http://kasei.us/2009/09/sparql/data/"
FIXTURE_GRAPH = "https://w3id.org/gskg/test-fixture"
GSKG_BIN = Path(sys.executable).parent / "gskg"


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running server subprocess."""

    url: str
    proc: subprocess.Popen
    log: Path

    def get(self, path: str, **kw) -> requests.Response:
        """GET a path of this server."""
        return requests.get(self.url + path, timeout=30, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        """POST to a path of this server."""
        return requests.post(self.url + path, timeout=30, **kw)

    def alive(self) -> bool:
        """Is the process still running and answering?"""
        if self.proc.poll() is not None:
            return False
        try:
            return requests.get(self.url + "/health", timeout=10).status_code == 200
        except requests.RequestException:
            return False


def start_server(cmd: list[str], env: dict[str, str], port: int, log: Path) -> Server:
    """Start `cmd` and wait until /health answers (or fail with the server's log)."""
    full_env = {**os.environ, **env}
    out = log.open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if requests.get(url + "/health", timeout=2).status_code == 200:
                return Server(url, proc, log)
        except requests.RequestException:
            pass
        time.sleep(0.2)
    stop_server(proc)
    pytest.fail(f"server did not start: {' '.join(cmd)}\n{log.read_text(errors='replace')}")


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server started by `start_server` (its whole process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _descendants(pid: int) -> dict[int, list[str]]:
    """The live descendants of `pid` and the fields of their /proc/<pid>/stat (after the
    command name: state, ppid, …)."""
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stats[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
    family, changed = {pid}, True
    while changed:
        more = {p for p, fields in stats.items() if int(fields[1]) in family} - family
        changed = bool(more)
        family |= more
    return {p: stats[p] for p in family - {pid} if p in stats}


def descendant_cpu(pid: int) -> float:
    """CPU seconds used so far by the live descendants of `pid` (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    return sum((int(f[11]) + int(f[12])) / tick for f in _descendants(pid).values())


def descendant_busy(pid: int, seconds: float = 0.05):
    """A condition: has a descendant of `pid` (a query worker) used `seconds` of CPU since
    now?  An idle worker uses none (a worker caught once in state R while idle made a test
    send its request before the slow query held the slot)."""
    tick = os.sysconf("SC_CLK_TCK")

    def used() -> dict[int, float]:
        return {p: (int(f[11]) + int(f[12])) / tick for p, f in _descendants(pid).items()}

    before = used()
    return lambda: any(t - before.get(p, 0.0) >= seconds for p, t in used().items())


def wait_for(condition, seconds: float, what: str) -> None:
    """Poll `condition()` until it is true; fail naming `what` after `seconds` (a deadline
    for a state, where a fixed sleep would guess how busy the machine is)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds:g} s for {what}")
        time.sleep(0.02)


@pytest.fixture(scope="session")
def built_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`gskg build` of the repository's data, into a temporary dist/ (once per session).

    GSKG_TEST_DIST=DIR uses an existing build instead (e.g. to test the web layer alone).
    """
    if given := os.environ.get("GSKG_TEST_DIST"):
        return Path(given).resolve()
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([str(GSKG_BIN), "build", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    if result.returncode != 0:
        pytest.fail(f"gskg build failed:\n{result.stdout}\n{result.stderr}")
    return out


def server_env(dist: Path, **extra: str) -> dict[str, str]:
    """Environment for a test server: the build, the W3C graphs and the web fixture."""
    add = [f"{W3C / f'data{i}.nt'}={KASEI}data{i}.rdf" for i in (1, 2, 3)]
    add.append(f"{FIXTURES / 'extra.nt'}={FIXTURE_GRAPH}")
    env = {
        "GSKG_DATA": str(dist / "gskg.nt"),
        "GSKG_ADD": " ".join(add),
        "GSKG_QUERIES": str(FIXTURES / "queries"),
        "GSKG_TIMEOUT": "3",
        "GSKG_MAX_ROWS": "5000",
        "GSKG_QUEUE_WAIT": "5",
    }
    env.update(extra)
    return env


def gunicorn_command(port: int, workers: int = 2) -> list[str]:
    """The documented production command, on a loopback port."""
    return [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "gthread",
            "--threads", "8", "--preload", "--limit-request-line", "8190",
            "--no-control-socket", "-b", f"127.0.0.1:{port}", "gskg.web:create_app()"]  # fmt: skip


@pytest.fixture(scope="session")
def live_server(built_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The production command (gunicorn, 2 workers) serving the build + test graphs."""
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "gunicorn.log"
    server = start_server(gunicorn_command(port), server_env(built_graph), port, log)
    yield server
    stop_server(server.proc)


@pytest.fixture(scope="session")
def embedded_server(
    built_graph: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """`python server.py` (the embedded threaded server) on a loopback port."""
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "server.log"
    cmd = [sys.executable, "server.py", "--port", str(port)]
    server = start_server(cmd, server_env(built_graph), port, log)
    yield server
    stop_server(server.proc)


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    """Debian's headless Chromium, one per test module (see tests/browsing.py)."""
    from browsing import browser, have_chromium

    if not have_chromium():
        pytest.fail("Debian's chromium is not installed: run `make system-deps`", pytrace=False)
    with browser() as b:
        yield b


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001
    """Print the W3C score (works under xdist: it reads the reports' user properties)."""
    scores: dict[str, list[int]] = {}
    for outcome in ("passed", "failed", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") != "call" and outcome != "error":
                continue
            for key, kind in getattr(report, "user_properties", ()):
                if key == "w3c":
                    score = scores.setdefault(kind, [0, 0])
                    score[0] += outcome == "passed"
                    score[1] += 1
    for kind, (ok, total) in sorted(scores.items()):
        terminalreporter.write_line(f"W3C {kind.replace('-', ' ')}: {ok}/{total}")


# ─── tiers: `make test-fast` runs what needs no server, no Chromium, no Java ──────────────
#: Fixtures that start a server process (or a fake remote endpoint) and speak HTTP to it.
SERVER_FIXTURES = {"live_server", "embedded_server", "server", "shipped_server", "reload_server",
                   "virtuoso", "analyst_graph", "endpoint", "listener", "recording_endpoint",
                   "api", "pages", "busiest", "query06", "graph_edges"}  # fmt: skip
BROWSER_FIXTURES = {"chromium", "browser", "page"}
JAVA_FIXTURES = {"owlcheck"}
#: Modules, and tests, that run HermiT (Java, through owlready2) or are slow for the fast tier.
JAVA_MODULES = {"test_reason"}
JAVA_TESTS = {"test_validate_the_shipped_data_with_shapes_and_hermit",
              "test_the_release_checks_the_shapes_too",
              "test_apply_writes_validated_records_with_the_curator",
              "test_apply_reports_problems_and_writes_nothing", "test_apply_is_all_or_nothing",
              "test_changed_document_is_refused", "test_item05_apply_rechecks_every_quote",
              "test_item05_apply_refuses_a_review_of_another_file"}  # fmt: skip
SLOW_MODULES = {"test_build", "test_bench_generate", "test_fuzz_load", "test_diff",
                "test_release"}  # fmt: skip
#: Modules whose tests start servers inside the test body (not through a fixture).
SERVER_MODULES = {"test_federation", "test_reconcile", "test_links", "test_hostile",
                  "test_fuzz_http", "test_remote", "test_security", "test_w3c_protocol",
                  "test_web_fuzz", "test_faults", "test_openapi"}  # fmt: skip


def pytest_collection_modifyitems(config, items) -> None:  # noqa: ARG001
    """Mark each test by what it needs (browser, server, java), from its fixtures and module,
    so that `pytest -m "not browser and not server and not java and not slow"` is the fast
    tier; explicit marks in the test files add to these."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        module = item.module.__name__ if getattr(item, "module", None) else ""
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        serving = names & SERVER_FIXTURES or any(n.endswith("_server") for n in names)
        if serving or module in SERVER_MODULES:
            item.add_marker(pytest.mark.server)
        if names & JAVA_FIXTURES or module in JAVA_MODULES or item.originalname in JAVA_TESTS:
            item.add_marker(pytest.mark.java)
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    """In a run that deselects a mark, do not even import the modules that are all of it
    (they import schemathesis, hypothesis, Virtuoso helpers: seconds each)."""
    expr = config.getoption("markexpr", "") or ""
    whole = {"server": SERVER_MODULES, "slow": SLOW_MODULES, "java": JAVA_MODULES}
    if collection_path.suffix == ".py" and any(
        f"not {mark}" in expr and collection_path.stem in modules for mark, modules in whole.items()
    ):
        return True
    return None
