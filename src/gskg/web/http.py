"""Cross-cutting HTTP behaviour: the one error renderer, security and CORS headers,
conditional requests, gzip, and structured (JSON) request logs."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import sys
import time
import traceback

from flask import Flask, Response, g, render_template, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from ..errors import GskgError

access_log = logging.getLogger("gskg.access")
log = logging.getLogger("gskg.web")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
COMPRESSIBLE = (
    "text/", "application/json", "application/ld+json", "application/sparql-results",
    "application/n-triples", "application/rdf+xml", "application/javascript", "image/svg+xml",
)  # fmt: skip
MIN_GZIP = 1024
RETRY_AFTER = "5"
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", CSP),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)
CORS_HEADERS = (
    *SECURITY_HEADERS,
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "ETag, Link, Retry-After, Content-Location"),
)
API_PREFIXES = ("/sparql", "/health")
REFUSED_METHODS = ("PUT", "DELETE", "PATCH")


class _JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = getattr(record, "fields", None)
        if data is None:
            data = {"level": record.levelname.lower(), "msg": record.getMessage()}
            if record.exc_info:
                data["exc"] = self.formatException(record.exc_info)
        return json.dumps({"ts": round(record.created, 3), **data}, ensure_ascii=False)


_access_handler: list[logging.StreamHandler] = []  # ours, if we installed it


def setup_logging() -> None:
    """JSON lines on stderr for `gskg.access` and `gskg.web` (once per process)."""
    for name in ("gskg.access", "gskg.web"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(_JsonLines())
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = False
            if name == "gskg.access":
                _access_handler[:] = [handler]


def _write_access(fields: dict) -> None:
    """One access line: straight to our handler's stream when logging is as we set it up
    (the same JSON line `_JsonLines` writes, without a LogRecord per request), else through
    `logging` (a host application's own configuration)."""
    handlers = access_log.handlers
    if (
        _access_handler
        and len(handlers) == 1
        and handlers[0] is _access_handler[0]
        and not access_log.disabled
        and access_log.isEnabledFor(logging.INFO)
    ):
        handler = _access_handler[0]
        line = json.dumps({"ts": round(time.time(), 3), **fields}, ensure_ascii=False)
        handler.acquire()
        try:
            handler.stream.write(line + "\n")
            handler.stream.flush()
        except (OSError, ValueError):
            pass  # like logging: a broken log stream must not break the request
        finally:
            handler.release()
    else:
        access_log.info("request", extra={"fields": fields})


def wants_json() -> bool:
    """Errors on API paths (or for clients preferring JSON) are JSON, elsewhere HTML."""
    path = request.path
    if path.startswith(API_PREFIXES) or path.endswith(".json"):
        return True
    if request.args.get("format") == "json":  # /quality?format=json and the like
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def not_modified(etag: str) -> Response | None:
    """A 304 when the client holds `etag` (or its gzipped variant), before any work."""
    for tag in (etag, etag + "-gzip"):  # the tag of the (gzipped) 200 it stands for
        if request.if_none_match.contains(tag):
            resp = Response(status=304)
            resp.set_etag(tag)
            return resp
    return None


def error_response(status: int, message: str, retry_after: int | None = None) -> Response:
    """The one error renderer: `{"ok": false, "error", "status"}` or error.html."""
    if wants_json():
        body = json.dumps({"ok": False, "error": message, "status": status}, ensure_ascii=False)
        resp = Response(body, status=status, mimetype="application/json")
    else:
        html = render_template("error.html", status=status, message=message)
        resp = Response(html, status=status, mimetype="text/html")
    if status == 503:
        resp.headers["Retry-After"] = str(retry_after) if retry_after else RETRY_AFTER
    g.no_cache = True
    return resp


def _on_gskg_error(exc: GskgError) -> Response:
    if exc.status >= 500 and exc.status != 503:
        # The type and the place, not the message: messages may quote the request's
        # parameters, which are never logged (SECURITY.md).
        log.error("%s on %s %s", type(exc).__name__, request.method, request.path)
    return error_response(exc.status, exc.message, getattr(exc, "retry_after", None))


def _on_http_error(exc: HTTPException) -> Response:
    message = exc.description or exc.name
    allow = ""
    if exc.code == 413:
        limit = request.max_content_length
        message = f"the request is larger than this server's limit ({limit} bytes)"
    if isinstance(exc, MethodNotAllowed):
        # Routes list the write methods only to refuse them: they are not allowed.
        allow = ", ".join(sorted(set(exc.valid_methods or ()) - set(REFUSED_METHODS)))
        message = f"{request.method} is not allowed here; use {allow or 'GET'}"
    resp = error_response(exc.code or 500, message)
    if allow:
        resp.headers["Allow"] = allow
    return resp


def where(exc: BaseException) -> str:
    """An exception's type and stack (file, line, function, source line), without its
    message: a message may quote request parameters, which are never logged."""
    frames = "".join(traceback.format_list(traceback.extract_tb(exc.__traceback__)))
    return f"{type(exc).__name__} (message not logged)\n{frames}".rstrip()


def _on_bug(exc: Exception) -> Response:
    log.error("unhandled error on %s %s: %s", request.method, request.path, where(exc))
    return error_response(500, "internal server error (logged on the server)")


def _start() -> None:
    g.start = time.perf_counter()


def _etag_matches(resp: Response) -> bool:
    tag, _weak = resp.get_etag()
    if not tag:
        return False
    wanted = request.if_none_match
    return wanted.contains(tag) or wanted.contains(tag + "-gzip") or wanted.star_tag


def _vary(resp: Response) -> None:
    """One `Vary` header naming everything the representation depends on: `Accept` (content
    negotiation) and `Accept-Encoding` (gzip) here; the language's (`Cookie`,
    `Accept-Language`) are added by i18n.py before."""
    resp.vary.add("Accept")
    if resp.status_code == 304 or (resp.mimetype or "").startswith(COMPRESSIBLE):
        resp.vary.add("Accept-Encoding")


def _finish(resp: Response) -> Response:
    app = resp_app()
    settings = app.extensions["gskg"].settings
    # The server (werkzeug's or gunicorn's) writes `Date` itself: one from a route too
    # (send_file sets one) would make two.
    resp.headers.pop("Date", None)
    _vary(resp)
    # Caching: the graph only changes at build time.  A 304 carries the Cache-Control of
    # the 200 it stands for (a cache updates its stored copy with it).
    cacheable = (
        request.method in ("GET", "HEAD")
        and resp.status_code in (200, 304)
        and getattr(g, "cacheable", False)
    )
    if cacheable:
        resp.headers["Cache-Control"] = f"public, max-age={settings.cache_max_age}"
        if not resp.get_etag()[0] and not resp.direct_passthrough:
            resp.set_etag(hashlib.sha1(resp.get_data()).hexdigest()[:20])
        if _etag_matches(resp):
            etag, vary = resp.headers["ETag"], resp.headers["Vary"]
            resp = Response(status=304)
            resp.headers["ETag"] = etag
            resp.headers["Vary"] = vary  # the 200's: a cache matches the 304 to it
            resp.headers["Cache-Control"] = f"public, max-age={settings.cache_max_age}"
    elif "Cache-Control" not in resp.headers:
        resp.headers["Cache-Control"] = "no-store" if getattr(g, "no_cache", False) else "no-cache"
    _gzip(resp)
    # No route sets these: appended in one go (replacing would scan the list for each).
    resp.headers.extend(CORS_HEADERS if settings.cors else SECURITY_HEADERS)
    _log(resp)
    return resp


def resp_app() -> Flask:
    """The current app (typed)."""
    from flask import current_app

    return current_app._get_current_object()  # type: ignore[attr-defined]


def _gzip(resp: Response) -> None:
    if (
        resp.direct_passthrough
        or resp.status_code < 200
        or resp.status_code in (204, 304)
        or "Content-Encoding" in resp.headers
        or "gzip" not in request.headers.get("Accept-Encoding", "").lower()
        or not (resp.mimetype or "").startswith(COMPRESSIBLE)
    ):
        return
    data = resp.get_data()
    if len(data) < MIN_GZIP:
        return
    resp.set_data(gzip.compress(data, compresslevel=5))
    resp.headers["Content-Encoding"] = "gzip"
    tag, weak = resp.get_etag()
    if tag:
        resp.set_etag(tag + "-gzip", weak=weak)


def _log(resp: Response) -> None:
    start = getattr(g, "start", None)
    fields = {
        "method": request.method,
        "path": request.path,
        "status": resp.status_code,
        "ms": round((time.perf_counter() - start) * 1000, 2) if start else None,
        "bytes": resp.calculate_content_length(),
    }
    if qhash := getattr(g, "query_hash", None):
        fields["query_hash"] = qhash
    _write_access(fields)


def hide_server_banner() -> None:
    """Under gunicorn, answer `Server: gskg` rather than naming the server software.

    gunicorn has no setting for its `Server` header; it takes the value from a module
    global when each response is made, so renaming it once (before the fork, with
    --preload) covers every worker.
    """
    if "gunicorn.arbiter" not in sys.modules:
        return  # not running under gunicorn
    import gunicorn.http.wsgi as gunicorn_wsgi

    if getattr(gunicorn_wsgi, "SERVER", None) == "gunicorn":
        gunicorn_wsgi.SERVER = "gskg"


def init_app(app: Flask) -> None:
    """Install the hooks and the error handlers."""
    setup_logging()
    hide_server_banner()
    app.before_request(_start)
    app.after_request(_finish)
    app.register_error_handler(GskgError, _on_gskg_error)
    app.register_error_handler(HTTPException, _on_http_error)
    app.register_error_handler(Exception, _on_bug)
