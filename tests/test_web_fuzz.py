"""Fuzzing /sparql with random strings and bytes: only 2xx/4xx/503 come back, server stays up."""

from __future__ import annotations

import pytest
import requests
from conftest import Server
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gskg.sparql.scan import scan

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
KEYWORDS = st.sampled_from(["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s",
                            "SERVICE", "<http://127.0.0.1/>", "FROM", "'x'", "#", "\\u0053",
                            "INSERT", "LOAD", "(", ")", ".", "*", "LIMIT 1", "FILTER"])  # fmt: skip
QUERYISH = st.lists(KEYWORDS | st.text(max_size=8), max_size=25).map(" ".join)


def _ok(resp: requests.Response) -> None:
    assert 200 <= resp.status_code < 300 or 400 <= resp.status_code < 500 \
        or resp.status_code == 503, (resp.status_code, resp.text[:200])  # fmt: skip
    assert "Traceback" not in resp.text


@FUZZ
@given(query=QUERYISH | st.text(max_size=300))
def test_fuzz_query_strings(live_server: Server, query: str) -> None:
    """Random text as a query, by GET and by direct POST."""
    _ok(requests.get(live_server.url + "/sparql", params={"query": query}, timeout=30))
    _ok(
        requests.post(
            live_server.url + "/sparql",
            data=query.encode("utf-8", "surrogatepass"),
            headers={"Content-Type": "application/sparql-query"},
            timeout=30,
        )
    )


@FUZZ
@given(body=st.binary(max_size=400), ctype=st.sampled_from(
    ["application/sparql-query", "application/x-www-form-urlencoded", "text/plain", "",
     "application/sparql-update", "multipart/form-data; boundary=x"]))  # fmt: skip
def test_fuzz_bytes(live_server: Server, body: bytes, ctype: str) -> None:
    """Random bytes with assorted content types."""
    headers = {"Content-Type": ctype} if ctype else {}
    _ok(requests.post(live_server.url + "/sparql", data=body, headers=headers, timeout=30))


@FUZZ
@given(params=st.lists(st.tuples(st.sampled_from(["query", "update", "format", "timeout",
       "default-graph-uri", "named-graph-uri", "output", "x"]), st.text(max_size=30)),
       max_size=6),
       # Any header value a client can send: Latin-1 without control characters, no leading
       # blank (requests refuses to send anything else).
       accept=st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF,
                                    blacklist_characters="\x7f"), max_size=40))  # fmt: skip
def test_fuzz_parameters(live_server: Server, params, accept: str) -> None:
    """Random parameter mixes and Accept headers."""
    headers = {"Accept": accept.lstrip()} if accept.strip() else {}
    _ok(requests.get(live_server.url + "/sparql", params=params, headers=headers, timeout=30))


@given(text=st.text(max_size=200))
def test_lexer_never_crashes(text: str) -> None:
    """The lexer accepts any text."""
    scan(text)


@pytest.mark.parametrize("n", [1])
def test_server_still_up(live_server: Server, n: int) -> None:
    """After all that, the server answers."""
    assert live_server.alive()
