"""A throw-away Virtuoso server on loopback ports, for the remote-store tests.

Debian's `virtuoso-opensource` service does not start on our machines (shared/NOTES.md), so
`Virtuoso(dir)` writes its own `virtuoso.ini` into a writable directory, starts
`virtuoso-t +foreground` on two free loopback ports and waits until `/sparql` answers.

    with Virtuoso(tmp_path) as v:
        v.sparql_url, v.graph_store_url, v.update_url, v.auth   # ("dba", "dba")
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

TEMPLATE = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
BINARY = "virtuoso-t"


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_ini(directory: Path, port: int, http_port: int) -> Path:
    """The packaged ini with every file in `directory` and both servers on loopback."""
    settings = {
        "Database": {
            "DatabaseFile": "virtuoso.db",
            "ErrorLogFile": "virtuoso.log",
            "LockFile": "virtuoso.lck",
            "TransactionFile": "virtuoso.trx",
            "xa_persistent_file": "virtuoso.pxa",
        },
        "TempDatabase": {"DatabaseFile": "virtuoso-temp.db", "TransactionFile": "temp.trx"},
        "Parameters": {
            "ServerPort": f"127.0.0.1:{port}",
            "DirsAllowed": f"., {directory}, /usr/share/virtuoso-opensource-7/vad",
        },
        "HTTPServer": {"ServerPort": f"127.0.0.1:{http_port}"},
    }
    section, lines = "", []
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"\s*\[(\w[^\]]*)\]", line):
            section = m.group(1)
        elif m := re.match(r"\s*(\w+)\s*=", line):
            new = settings.get(section, {}).get(m.group(1))
            if new is not None:
                value = new if ":" in new or "," in new else str(directory / new)
                line = f"{m.group(1)} = {value}"
        lines.append(line)
    ini = directory / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ini


class Virtuoso:
    """Context manager running one Virtuoso server in `directory` (started by us, ours to stop)."""

    auth = ("dba", "dba")

    def __init__(self, directory: Path, *, timeout: float = 60.0) -> None:
        self.directory = directory
        self.timeout = timeout
        self.port, self.http_port = free_port(), free_port()
        base = f"http://127.0.0.1:{self.http_port}"
        self.sparql_url = f"{base}/sparql"
        self.update_url = f"{base}/sparql-auth"
        self.graph_store_url = f"{base}/sparql-graph-crud-auth"
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        """Whether the server binary and its configuration template are installed."""
        return shutil.which(BINARY) is not None and TEMPLATE.exists()

    def start(self) -> None:
        """Start the server and wait until its SPARQL endpoint answers."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for stale in self.directory.glob("virtuoso*.db"):  # a half-made database blocks a start
            stale.unlink()
        ini = write_ini(self.directory, self.port, self.http_port)
        log = (self.directory / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            [BINARY, "+foreground", "+configfile", str(ini)],
            cwd=self.directory,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + self.timeout
        probe = f"{self.sparql_url}?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited: {self.log_tail()}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"virtuoso-t not ready in {self.timeout} s: {self.log_tail()}")

    def push(self, path: Path, graph: str, **options: Any) -> Any:
        """`gskg push` of `path` into `graph` with every endpoint this store offers (the
        Graph Store, SPARQL Update for the MOVE swap, SPARQL query for the count)."""
        from gskg.sparql import remote

        return remote.push(path, self.graph_store_url, graph, self.auth,
                           update_url=self.update_url, query_url=self.sparql_url,
                           **options)  # fmt: skip

    def log_tail(self) -> str:
        """The last lines of the server's error log, for failure messages."""
        path = self.directory / "virtuoso.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else "(no log)"

    def stop(self) -> None:
        """Stop the server this object started (SIGTERM, then SIGKILL after 20 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Virtuoso:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
