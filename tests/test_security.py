"""Security posture: no secret in the repository, nothing writable, no admin door, headers
on every response, no server banner, request logs without query text or credentials.

(HTML escaping of graph data is tested in test_web_pages.py::test_xss_label_renders_as_text,
and the query page running under the CSP in a real browser in test_browser.py.)
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import subprocess
import uuid

import pytest
import requests
from conftest import FIXTURES, ROOT, Server

from gskg.web import pages, sparql
from gskg.web.settings import SETTINGS

SECRET_PATTERNS = {
    "private key": re.compile(rb"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY"),
    "AWS key": re.compile(rb"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(rb"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(rb"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "assigned secret": re.compile(
        rb"(?i)\b(?:password|passwd|secret|api[_-]?key|access[_-]?token)\b\s*[:=]\s*"
        rb"['\"][^'\"\s]{12,}['\"]"
    ),
}
SECRET_FILES = re.compile(r"(^|/)(\.env|id_rsa|id_ed25519|.*\.pem|.*\.p12|.*\.key)$")


def _repository_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [f for f in out.splitlines() if (ROOT / f).is_file()]


def test_no_secret_in_the_repository() -> None:
    """No key, token or assigned password in any tracked or new file."""
    found = []
    for name in _repository_files():
        if SECRET_FILES.search(name):
            found.append((name, "secret-looking file name"))
            continue
        data = (ROOT / name).read_bytes()[:2_000_000]
        found += [(name, what) for what, rx in SECRET_PATTERNS.items() if rx.search(data)]
    assert not found, found


def test_nothing_writable_and_no_admin_door() -> None:
    """Every route is read-only (POST only for queries); no token or admin setting exists."""
    from flask import Flask

    app = Flask(__name__)
    app.register_blueprint(pages.bp)
    app.register_blueprint(sparql.bp)
    for rule in app.url_map.iter_rules():
        methods = set(rule.methods or ()) - {"HEAD", "OPTIONS", "GET"}
        if rule.endpoint == "sparql.endpoint":
            continue  # POST = a query (updates 403); PUT/DELETE/PATCH = 405 (tested below)
        assert not methods, (str(rule), methods)
    names = {s.name for s in SETTINGS}
    assert not {n for n in names if re.search("token|admin|password|secret|update", n)}
    text = (ROOT / "SECURITY.md").read_text()
    assert "no admin" in text.lower() and "token" in text


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_writes_are_refused(live_server: Server, method: str) -> None:
    """Graph-store style writes: 405 with an Allow header naming the read methods."""
    resp = requests.request(method, live_server.url + "/sparql", data=b"<a:a> <a:b> <a:c> .",
                            timeout=10)  # fmt: skip
    assert resp.status_code == 405 and resp.headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert "read-only" in resp.json()["error"]


def test_other_methods_get_a_plain_405(live_server: Server) -> None:
    """A method no route has: 405 naming the methods that work (not the refused writes)."""
    resp = requests.request("TRACE", live_server.url + "/sparql", timeout=10)
    assert resp.status_code == 405 and "TRACE is not allowed" in resp.json()["error"]
    allowed = set(resp.headers["Allow"].split(", "))
    assert {"GET", "POST"} <= allowed and not allowed & {"PUT", "DELETE", "PATCH"}


def test_a_bug_is_a_logged_500_without_details() -> None:
    """An unexpected exception: 500 with a plain message; its type and stack go to the log,
    not its message (which may quote a parameter: issue 18, item 12)."""
    from gskg.web import create_app

    app = create_app({"data": FIXTURES / "extra.nt", "reload": False})

    def boom() -> str:
        from flask import request

        raise RuntimeError(f"internal detail {request.args['n']}")

    app.add_url_rule("/boom", view_func=boom)
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("gskg.web")
    logger.addHandler(handler)
    try:
        resp = app.test_client().get("/boom?n=4711", headers={"Accept": "application/json"})
    finally:
        logger.removeHandler(handler)
    assert resp.status_code == 500
    assert resp.json == {"ok": False, "status": 500,
                         "error": "internal server error (logged on the server)"}  # fmt: skip
    assert "4711" not in resp.text and "Traceback" not in resp.text
    logged = "\n".join(r.getMessage() for r in records)
    assert "RuntimeError" in logged and "in boom" in logged and "/boom" in logged
    assert "4711" not in logged and not any(r.exc_info for r in records)


@pytest.mark.parametrize(
    ("path", "kwargs", "status"),
    [
        ("/", {}, 200),
        ("/query", {}, 200),
        ("/sparql", {"params": {"query": "ASK {}"}}, 200),
        ("/sparql", {"params": {"query": "SELEC"}}, 400),
        ("/resource/nothing-here", {}, 404),
        ("/static/gskg.js", {}, 200),
        ("/export.ttl", {}, 200),
        ("/health", {}, 200),
        ("/openapi.json", {}, 200),
        ("/no/such/page", {}, 404),
    ],
)
def test_headers_on_every_response(live_server: Server, path: str, kwargs, status: int) -> None:
    """nosniff, a CSP and no server software named, on pages, results, errors and assets."""
    resp = live_server.get(path, **kwargs)
    assert resp.status_code == status
    h = resp.headers
    assert h["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in h["Content-Security-Policy"]
    assert "script-src 'self'" in h["Content-Security-Policy"]
    assert h.get("Server", "gskg") == "gskg", h.get("Server")
    assert "X-Powered-By" not in h


def test_no_version_banner_on_protocol_errors(live_server: Server) -> None:
    """Errors produced by gunicorn itself (a request line too long) name no version."""
    resp = live_server.get("/sparql", params={"query": "x" * 20_000})
    assert resp.status_code == 414
    assert not re.search(r"gunicorn/\d|Werkzeug/\d|Python/\d", resp.text + str(resp.headers))


def test_embedded_server_protocol_errors_are_plain_and_logged(embedded_server: Server) -> None:
    """`python server.py` answers a request line over 64 KiB itself: plain text, nosniff,
    no banner, a JSON log line without the request's text, and it keeps serving."""
    resp = embedded_server.get("/sparql", params={"query": "x" * 70_000})
    assert resp.status_code == 414
    assert resp.headers["Content-Type"].startswith("text/plain")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Server"] == "gskg" and "<" not in resp.text
    lines = [json.loads(x) for x in embedded_server.log.read_text().splitlines()
             if x.startswith("{") and '"status": 414' in x]  # fmt: skip
    assert lines and "xxxx" not in json.dumps(lines)
    assert embedded_server.get("/health").status_code == 200


def test_query_page_needs_no_inline_script_or_cdn() -> None:
    """The templates load scripts and styles from the app itself (the CSP allows only that)."""
    for template in (ROOT / "src/gskg/web/templates").glob("*.html"):
        html = template.read_text()
        assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))", html), template
        assert not re.search(r"\son[a-z]+\s*=", html), template  # inline event handlers
        assert not re.search(r"(src|href)=\"(https?:)?//", html), template


def test_request_log_has_duration_status_hash_and_no_secrets(live_server: Server) -> None:
    """Each request is one JSON line with status and duration (queries: their hash only)."""
    marker = uuid.uuid4().hex
    secret = "Bearer " + uuid.uuid4().hex
    cookie = uuid.uuid4().hex
    query = f'ASK {{ ?s ?p "{marker}" }}'
    live_server.get("/sparql", params={"query": query, "token": secret},
                    headers={"Authorization": secret, "Cookie": f"session={cookie}"})  # fmt: skip
    live_server.post("/sparql", data={"query": query, "access_token": secret})
    live_server.get("/resource/nothing-here", headers={"Authorization": secret})
    text = live_server.log.read_text(errors="replace")
    assert marker not in text and secret.split()[1] not in text and cookie not in text
    lines = [json.loads(x) for x in text.splitlines() if x.startswith("{")]
    requests_logged = [x for x in lines if "method" in x]
    assert requests_logged
    for entry in requests_logged:
        assert {"method", "path", "status", "ms"} <= set(entry), entry
        assert isinstance(entry["ms"], float | int) and isinstance(entry["status"], int)
    expected = hashlib.sha256(query.encode()).hexdigest()[:16]  # ours, by GET and by POST
    assert sum(x.get("query_hash") == expected for x in requests_logged) == 2
    hashed = [x["query_hash"] for x in requests_logged if "query_hash" in x]
    assert all(re.fullmatch(r"[0-9a-f]{16}", h) for h in hashed)


def test_refused_queries_are_logged_with_their_hash(live_server: Server) -> None:
    """A refused query or update (SERVICE, nesting, 406, updates) is traceable by its hash."""
    marker = uuid.uuid4().hex
    sent = {
        f"SELECT * {{ SERVICE <http://127.0.0.1:9/{marker}> {{ ?s ?p ?o }} }}": 403,
        f'SELECT * {{ ?s ?p "{marker}" }}': 406,
        f"DROP GRAPH <http://e/{marker}>": 403,
    }
    for query, status in sent.items():
        params = {"query": query, "format": "ttl"} if status == 406 else {"query": query}
        assert live_server.get("/sparql", params=params).status_code == status
    update = f"CLEAR GRAPH <http://e/{marker}>"
    resp = live_server.post("/sparql", data=update,
                            headers={"Content-Type": "application/sparql-update"})  # fmt: skip
    assert resp.status_code == 403
    text = live_server.log.read_text(errors="replace")
    assert marker not in text
    lines = [json.loads(x) for x in text.splitlines() if x.startswith("{")]
    logged = {x.get("query_hash") for x in lines if x.get("path") == "/sparql"}
    for query in [*sent, update]:
        assert hashlib.sha256(query.encode()).hexdigest()[:16] in logged, query
