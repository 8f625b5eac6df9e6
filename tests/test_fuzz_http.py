"""Fuzzing the whole HTTP surface: random methods, paths, headers, parameters and bodies;
and every route of README's endpoint table with hostile parameter values and path segments
(Unicode digits, control characters, %00, invalid UTF-8, 5 000 characters, `/\\` paths),
against the production command and the embedded server (issue 18).

Only 2xx, 3xx, 4xx or the documented 503 may come back, never a traceback, and the server
stays up.  (test_web_fuzz.py fuzzes /sparql's query text and bodies in particular.)
"""

from __future__ import annotations

import http.client
import re
import string
from concurrent.futures import ThreadPoolExecutor

import requests
from conftest import ROOT, Server
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=80, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
TOKEN = st.text(string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~", min_size=1,
                max_size=12)  # fmt: skip
METHODS = st.sampled_from(["GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH",
                           "TRACE", "PROPFIND"]) | TOKEN.map(str.upper)  # fmt: skip
PATHS = st.tuples(
    st.sampled_from(["/", "/sparql", "/resource/", "/ontology/", "/ontology", "/page",
                     "/export.", "/health", "/openapi.json", "/static/", "/void.ttl",
                     "/.well-known/void", "/resource/test-lab", "//", "/../"]),
    st.text(string.ascii_letters + string.digits + "-._~%/:@!$&'()*+,;=", max_size=20),
).map("".join)  # fmt: skip
HEADER_VALUE = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF,
                                     blacklist_characters="\x7f"), max_size=40)  # fmt: skip
HEADERS = st.dictionaries(
    st.sampled_from(["Accept", "Accept-Encoding", "Content-Type", "If-None-Match",
                     "Range", "Origin", "Authorization", "X-Forwarded-For", "Cookie",
                     "Accept-Language", "Access-Control-Request-Method"]) | TOKEN,
    HEADER_VALUE, max_size=5)  # fmt: skip
PARAMS = st.lists(st.tuples(st.sampled_from(["query", "format", "timeout", "iri", "update",
                                            "default-graph-uri", "output"]) | TOKEN,
                            st.text(max_size=30)), max_size=4)  # fmt: skip


@FUZZ
@given(method=METHODS, path=PATHS, headers=HEADERS, params=PARAMS,
       body=st.none() | st.binary(max_size=300))  # fmt: skip
def test_fuzz_http_surface(live_server: Server, method: str, path: str, headers: dict,
                           params: list, body: bytes | None) -> None:  # fmt: skip
    """Any request gets a client-error-or-better answer without a traceback."""
    try:
        resp = requests.request(method, live_server.url + path, headers=headers, params=params,
                                data=body, timeout=30, allow_redirects=False)  # fmt: skip
    except requests.exceptions.InvalidHeader:
        return  # the client refused to send it
    status = resp.status_code
    assert status < 500 or status == 503, (method, path, status, resp.text[:300])
    assert "Traceback" not in resp.text and 'File "/' not in resp.text


def test_server_still_up(live_server: Server) -> None:
    """After the fuzzing, the server answers."""
    assert live_server.alive()


# ---------------------------------------------------------------- every documented route

README_ROUTES = re.compile(r"^\| `(/[^|]*?)` \|", re.M)
#: What each placeholder of the README's table stands for (a real value).
PLACEHOLDERS = {"<slug>": "guangzhou", "<Term>": "City", "<Class>": "City",
                "<VERSION>": "2026.12.0", "<file>": "NOTES.md"}  # fmt: skip
#: Parameters every route gets (the documented ones and the generic).
PARAM_NAMES = ["q", "page", "limit", "iri", "query", "city", "topic", "kind", "sub", "doc",
               "sort", "rel", "focus", "depth", "a", "b", "format", "lang", "timeout"]  # fmt: skip
#: Hostile values, already percent-encoded (invalid UTF-8 must reach the server as bytes).
HOSTILE = ["%C2%B2", "%D9%A3", "%EF%BC%91", "%00", "x%00y", "%0A", "x%0Ay", "%01", "%7F",
           "%FF%FE", "%C3%28", "%ED%A0%80", "%25%25%25", "%", "%5C", "%2F%5Cevil.example",
           "1E309", "-1", "99999999999999999999", "x" * 5000, "%E5%B9%BF" * 600]  # fmt: skip
HOSTILE_PATHS = ["%C2%B2", "%00", "%0A", "x%0A", "%FF", "%5C", "%5Cevil.example", "..%2F..",
                 "x" * 5000, "City%0A.csv", "%E5%B9%BF%0A"]  # fmt: skip


def documented_routes() -> list[str]:
    """Every path of README's endpoint table, placeholders filled with real values."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    paths: list[str] = []
    for cell in README_ROUTES.findall(text):
        for part in re.split(r"`, `|`, |, `", cell):
            path = part.strip("` ").split("?")[0]
            if path.startswith("."):  # `/export.ttl`, `.owl`, …
                path = "/export" + path
            if not path.startswith("/"):
                continue
            for key, value in PLACEHOLDERS.items():
                path = path.replace(key, value)
            if "<" not in path and path not in paths:
                paths.append(path)
    return paths


def hostile_requests() -> list[str]:
    """Request targets: each route with each hostile value in turn in one of its
    parameters, and each templated route with a hostile path segment."""
    targets = []
    for i, route in enumerate(documented_routes()):
        for j, value in enumerate(HOSTILE):
            name = PARAM_NAMES[(i + j) % len(PARAM_NAMES)]
            targets.append(f"{route}?{name}={value}")
        targets.append(f"{route}?page=%C2%B2&limit=%D9%A3&iri=x:%01&q=%00")
    for template in ("/resource/", "/ontology/", "/browse/", "/changes/", "/releases/x/",
                     "/", "//", "/%5C/"):  # fmt: skip
        targets += [template + seg for seg in HOSTILE_PATHS]
    return targets


def _fuzz_routes(server: Server) -> None:
    host, port = "127.0.0.1", int(server.url.rsplit(":", 1)[1])

    def one(target: str) -> tuple[str, int, bytes]:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        try:
            conn.putrequest("GET", target, skip_accept_encoding=True)
            conn.endheaders()
            resp = conn.getresponse()
            body = resp.read()
            # A redirect is an answer when it stays on this server (`/?query=` → `/query?…`).
            where = resp.getheader("Location") or ""
            local = where.startswith("/") and not where.startswith(("//", "/\\"))
            return target, (200 if 300 <= resp.status < 400 and local else resp.status), body
        finally:
            conn.close()

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(one, hostile_requests()))
    bad = [(t[:120], s, b[:160]) for t, s, b in answers
           if not (200 <= s < 300 or 400 <= s < 500) or b"Traceback" in b]  # fmt: skip
    assert not bad, bad
    assert server.alive()


def test_documented_routes_are_all_fuzzed() -> None:
    routes = documented_routes()
    for expected in ("/", "/sparql", "/resource/guangzhou", "/browse/City.csv", "/compare",
                     "/timeline.json", "/results.xlsx", "/releases/2026.12.0/NOTES.md",
                     "/export.owl", "/health"):  # fmt: skip
        assert expected in routes, routes
    assert len(hostile_requests()) > 500


def test_route_fuzz_gunicorn(live_server: Server) -> None:
    """Hostile parameter values on every documented route, production command: 2xx or 4xx,
    never a 5xx or a traceback."""
    _fuzz_routes(live_server)


def test_route_fuzz_embedded(embedded_server: Server) -> None:
    """The same against the embedded server."""
    _fuzz_routes(embedded_server)
