"""Run the web app: the embedded threaded server, gunicorn, or one in-process request.

`python server.py` and `gskg serve` both end in `serve(options, get=None)`.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Mapping
from typing import Any

from werkzeug.serving import WSGIRequestHandler, run_simple

from .http import access_log
from .settings import Settings, load_settings


class _QuietHandler(WSGIRequestHandler):
    """No version banner in `Server:`; access lines come from gskg's JSON log instead."""

    server_version = "gskg"
    sys_version = ""

    def version_string(self) -> str:
        """`Server: gskg` (the base class appends the Python version, here empty)."""
        return self.server_version

    # Errors the HTTP layer answers before the app sees the request (a request line over
    # 64 KiB, a malformed request): plain text, with the headers every gskg response carries.
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s: %(explain)s\n"

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        """The base class's error page, as plain text and with `nosniff`."""
        self._bare_error = code
        super().send_error(code, message, explain)

    def end_headers(self) -> None:
        """Add the security headers to the HTTP layer's own errors (the app adds its own)."""
        if getattr(self, "_bare_error", False):
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", "default-src 'none'")
        super().end_headers()

    def log_error(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        """The HTTP layer's own refusals, as a JSON line of the access log (no request text)."""
        # http.server's messages quote the request line ("Bad request syntax ('GET /?q=…')"):
        # only their first words are logged, never a parameter (SECURITY.md).
        message = str(args[1]) if len(args) > 1 else format
        fields = {"method": "-", "path": "-", "status": getattr(self, "_bare_error", 0) or 400,
                  "error": message.split("(", 1)[0].split(":", 1)[0].strip()[:80]}  # fmt: skip
        access_log.info("request", extra={"fields": fields})

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
    # What was loaded before the fork (store, catalog, search index) stays shared: the
    # cyclic GC would otherwise touch (and so copy) every object in every worker.
    gc.freeze()

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
    source = settings.sparql_endpoint or settings.data
    print(
        f"gskg: serving {source} on http://{settings.host}:{settings.port}/ "
        f"(SPARQL at /sparql; Ctrl-C to stop; for production use --workers N)",
        file=sys.stderr,
    )
    # The line above says where we serve and the JSON request log is the access log:
    # Werkzeug's own banner and per-request lines would only repeat them.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    run_simple(settings.host, settings.port, app, threaded=True, use_reloader=False,
               request_handler=_QuietHandler)  # fmt: skip
    return 0
