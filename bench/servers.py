"""Servers under test, as subprocesses on loopback ports: the production command and the bare app.

`Server.start()` returns once a SPARQL ASK answers 200 and records how long that took
(loaded and serving); `memory()` sums the proportional set size (PSS) of the process tree,
so the store shared by gunicorn's forked workers is counted once.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench import ROOT

BIN = Path(sys.executable).parent
#: The endpoint's row cap, raised so that every query of the mix is answered at 1M triples
#: (the default, 10 000, refuses two of them there by design; the bare app has no cap).
MAX_ROWS = 1_000_000


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One server process group we started (and only we stop)."""

    def __init__(
        self,
        name: str,
        cmd: list[str],
        port: int,
        env: dict[str, str] | None = None,
        ready_path: str = "/sparql?query=ASK%7B%7D",
    ) -> None:
        self.name, self.cmd, self.port, self.ready_path = name, cmd, port, ready_path
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None
        self.startup_seconds = 0.0

    def start(self, timeout: float = 180.0) -> Server:
        """Start, wait until it answers; `startup_seconds` is command → first 200."""
        log = open(f"/tmp/gskg-bench-{self.name}-{self.port}.log", "wb")  # noqa: SIM115
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            self.cmd,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited {self.proc.returncode}: see {log.name}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request(
                    "GET", self.ready_path, headers={"Accept": "application/sparql-results+json"}
                )
                if conn.getresponse().status == 200:
                    self.startup_seconds = time.perf_counter() - t0
                    return self
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} not ready in {timeout} s: see {log.name}")

    def pids(self) -> list[int]:
        """The server's process group (the command and the workers it forked)."""
        assert self.proc is not None
        pgid = self.proc.pid
        out = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getpgid(int(entry.name)) == pgid:
                        out.append(int(entry.name))
                except ProcessLookupError:
                    continue
        return out

    def cpu_seconds(self) -> float:
        """User + system CPU of the group's live processes and of children they reaped."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
        return total / tick

    def memory(self) -> dict[str, int]:
        """PSS and RSS (bytes) summed over the process group."""
        pss = rss = 0
        for pid in self.pids():
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            for line in text.splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
        return {"pss_bytes": pss, "rss_bytes": rss, "processes": len(self.pids())}

    def stop(self) -> None:
        """SIGTERM to the group we started; SIGKILL after 15 s."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def production(nt: Path, store: Path | None = None, workers: int = 2) -> Server:
    """The production command: `gskg serve --workers 2` (gunicorn, gthread, store pre-fork)."""
    port = free_port()
    cmd = [
        str(BIN / "gskg"),
        "serve",
        "--workers",
        str(workers),
        "--port",
        str(port),
        "--data",
        str(nt),
    ]
    if store is not None:
        cmd += ["--store", str(store)]
    return Server("gskg", cmd, port, env={"GSKG_MAX_ROWS": str(MAX_ROWS)})


def bare(nt: Path, workers: int = 2) -> Server:
    """The bare Flask + pyoxigraph app under gunicorn (sync workers, store loaded pre-fork)."""
    port = free_port()
    cmd = [
        str(BIN / "gunicorn"),
        "-w",
        str(workers),
        "--preload",
        "-b",
        f"127.0.0.1:{port}",
        "bench.bare_app:app",
    ]
    return Server("bare", cmd, port, env={"GSKG_BARE_DATA": str(nt)})
