"""`gskg curate --serve REVIEW`: the review page with keyboard accept/reject that writes the
review file back, so that a curator never edits YAML by hand for an accept.

Only for the curator's own browser: bound to 127.0.0.1; every request must name this
server in its Host header (127.0.0.1 or localhost and its port: a page of another site
that rebinds its name to 127.0.0.1 is refused); the page itself needs the per-session
random token in its address (printed when the server starts), and every write needs it in
the X-Gskg-Token header, which a page of another origin cannot send without a CORS answer
that this server never gives (and an Origin other than its own is refused too). A write
changes one line of the file: the proposal's `accept:` value, nothing else.
"""

from __future__ import annotations

import hmac
import re
import secrets
import threading
from importlib.resources import files
from pathlib import Path

from flask import Flask, Response, abort, jsonify, request

from .html import render
from .review import read_review
from .text import CurateError

_ACCEPT_LINE = re.compile(r"^(\s*(?:-\s+)?accept:\s*)(true|false|yes|no|null|~)?(\s*(?:#.*)?)$")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def set_accept(path: Path, n: int, accept: bool) -> int:
    """Set proposal `n`'s `accept:` in the review file at `path`; returns its line (1-based).
    The rest of the file is left byte for byte (the curator's other edits stay)."""
    review = read_review(path)
    if not 0 <= n < len(review.proposals):
        raise CurateError(f"{path}: no proposal #{n + 1} (the file has {len(review.proposals)})")
    proposal = review.proposals[n]
    line = proposal.key_lines.get("accept")
    if line is None:
        raise CurateError(f"{path}:{proposal.line}: proposal #{n + 1} has no `accept:` line")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text = lines[line - 1]
    ending = text[len(text.rstrip("\r\n")) :]
    m = _ACCEPT_LINE.match(text.rstrip("\r\n"))
    if m is None:
        raise CurateError(f"{path}:{line}: `accept:` is not on a line of its own; edit by hand")
    lines[line - 1] = f"{m.group(1)}{'true' if accept else 'false'}{m.group(3)}{ending}"
    tmp = path.with_name(f".{path.name}.serve-tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    tmp.replace(path)
    return line


def make_app(review_path: Path, token: str, port: int) -> Flask:
    """The app serving `review_path` (the port is the one it listens on, for Host checks)."""
    app = Flask(__name__)
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
    origins = {f"http://{h}" for h in hosts}
    lock = threading.Lock()

    def _token_ok(given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), token.encode())

    @app.before_request
    def _guard() -> None:
        if request.host not in hosts:
            abort(403)  # another name for this address (DNS rebinding)
        origin = request.headers.get("Origin")
        if request.method != "GET" and origin is not None and origin not in origins:
            abort(403)

    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers.update(HEADERS)
        return resp

    @app.errorhandler(Exception)
    def _error(exc: Exception) -> tuple[Response, int]:
        code = getattr(exc, "code", 500)
        code = code if isinstance(code, int) and 400 <= code < 600 else 500
        message = {403: "forbidden", 404: "not found", 405: "method not allowed"}.get(
            code, "bad request" if code < 500 else "internal error (see the terminal)"
        )
        if code == 500:
            app.logger.exception("curate --serve")
        return jsonify(error=message), code

    @app.get("/")
    def page() -> Response:
        if not _token_ok(request.args.get("token")):
            abort(403)
        try:
            body = render(read_review(review_path), live=True, token=token)
        except CurateError as exc:
            return Response(f"{exc.message}\n", 409, mimetype="text/plain")
        return Response(body, mimetype="text/html")

    @app.get("/review.js")
    def script() -> Response:
        js = files("gskg.curate").joinpath("review.js").read_text(encoding="utf-8")
        return Response(js, mimetype="text/javascript")

    @app.post("/proposals/<int:n>")
    def decide(n: int) -> tuple[Response, int] | Response:
        if not _token_ok(request.headers.get("X-Gskg-Token")):
            abort(403)
        if not request.is_json:
            abort(415)
        value = (request.get_json(silent=True) or {}).get("accept")
        if not isinstance(value, bool):
            return jsonify(error='expected {"accept": true|false}'), 400
        with lock:
            try:
                line = set_accept(review_path, n, value)
            except CurateError as exc:
                return jsonify(error=exc.message), 409
        return jsonify(n=n, accept=value, line=line, file=review_path.name)

    return app


def serve(review_path: Path, port: int, echo=print) -> None:  # noqa: ANN001
    """Serve the review page on 127.0.0.1:`port` (0: a free one) until interrupted."""
    from werkzeug.serving import make_server

    read_review(review_path)  # refuse an unusable file before listening
    token = secrets.token_urlsafe(32)
    server = make_server("127.0.0.1", port, None, threaded=True)
    server.app = make_app(review_path, token, server.server_port)
    echo(f"reviewing {review_path}: open http://127.0.0.1:{server.server_port}/?token={token}")
    echo("(Ctrl-C to stop; accept/reject are written to the review file at once)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
