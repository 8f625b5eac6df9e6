"""Run the web app: the embedded threaded server, gunicorn, or one in-process request.

`python server.py` and `gskg serve` both end in `serve(options, get=None)`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import Any

from werkzeug.serving import WSGIRequestHandler, run_simple

from .settings import Settings, load_settings


class _QuietHandler(WSGIRequestHandler):
    """No version banner in `Server:`; access lines come from gskg's JSON log instead."""

    server_version = "gskg"
    sys_version = ""

    def version_string(self) -> str:
        """`Server: gskg` (the base class appends the Python version, here empty)."""
        return self.server_version

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Requests are logged by the app (structured)."""


def fetch(settings: Settings, path: str) -> tuple[int, bytes]:
    """Serve one GET in-process (no socket): `(status, body)` — `gskg serve --get PATH`."""
    from . import create_app

    app = create_app(settings)
    try:
        resp = app.test_client().get(path, headers={"Accept": "*/*"})
        return resp.status_code, resp.get_data()
    finally:
        app.extensions["gskg"].executor.close()


def run_gunicorn(settings: Settings) -> None:
    """Serve with gunicorn (`workers` processes × `threads` threads), store loaded pre-fork."""
    from gunicorn.app.base import BaseApplication

    from . import create_app

    app = create_app(settings)

    class _App(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{settings.host}:{settings.port}")
            self.cfg.set("workers", settings.workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", settings.threads)
            self.cfg.set("limit_request_line", 8190)
            self.cfg.set("accesslog", None)
            if "control_socket_disable" in self.cfg.settings:  # gunicorn ≥ 25.1
                self.cfg.set("control_socket_disable", True)  # no runtime management socket

        def load(self) -> Any:
            return app

    _App().run()


def serve(options: Mapping[str, Any], get: str | None = None) -> int:
    """Resolve the settings and run; returns an exit status (for `--get`)."""
    settings = load_settings(options)
    if get is not None:
        status, body = fetch(settings, get)
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return 0 if status < 400 else 1
    if settings.workers > 0:
        run_gunicorn(settings)
        return 0
    from . import create_app

    app = create_app(settings)
    print(
        f"gskg: serving {settings.data} on http://{settings.host}:{settings.port}/ "
        f"(SPARQL at /sparql; Ctrl-C to stop; for production use --workers N)",
        file=sys.stderr,
    )
    # The line above says where we serve and the JSON request log is the access log:
    # Werkzeug's own banner and per-request lines would only repeat them.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    run_simple(settings.host, settings.port, app, threaded=True, use_reloader=False,
               request_handler=_QuietHandler)  # fmt: skip
    return 0
