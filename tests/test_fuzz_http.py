"""Fuzzing the whole HTTP surface: random methods, paths, headers, parameters and bodies.

Only 2xx, 3xx, 4xx or the documented 503 may come back, never a traceback, and the server
stays up.  (test_web_fuzz.py fuzzes /sparql's query text and bodies in particular.)
"""

from __future__ import annotations

import string

import requests
from conftest import Server
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
