"""Hostile queries against the production server: each gets a clear 4xx/503, quickly,
while another client keeps being served, and a query stopped by its time limit stops
using the CPU.

`live_server` runs with a 3 s limit and a 5000-row cap; the slow cases ask for `timeout=1`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import requests
from conftest import Server, descendant_cpu

P = "PREFIX : <https://w3id.org/gskg/ontology#> "
CHEAP = {"query": "ASK { ?s ?p ?o }"}
DIRECT = {"Content-Type": "application/sparql-query"}
LONG = "a" * 200_000 + "!"


def _meanwhile(server: Server, hostile: Callable[[], requests.Response]):
    """Send `hostile` on a thread while a second client runs cheap queries.

    Returns the hostile response and the cheap queries' latencies (each must succeed).
    """
    box: list = []
    thread = threading.Thread(target=lambda: box.append(hostile()))
    thread.start()
    latencies = []
    while thread.is_alive() or len(latencies) < 3:
        start = time.monotonic()
        resp = requests.get(server.url + "/sparql", params=CHEAP, timeout=10)
        latencies.append(time.monotonic() - start)
        assert resp.status_code == 200, resp.text[:200]
    thread.join()
    return box[0], latencies


def _refused(resp: requests.Response, status: int, phrase: str | None) -> None:
    """The status, no traceback, and (for gskg's own answers) gskg's explanation."""
    assert resp.status_code == status, (resp.status_code, resp.text[:300])
    assert "Traceback" not in resp.text
    if phrase is None:  # answered by the HTTP server (gunicorn), in its own words
        assert resp.text.strip() and resp.headers.get("Content-Type", "").startswith("text/")
        return
    if resp.headers.get("Content-Type", "").startswith("application/json"):
        body = resp.json()
        assert body["ok"] is False and phrase.lower() in body["error"].lower(), body
    else:
        assert phrase.lower() in resp.text.lower()
    if status == 503:
        assert resp.headers["Retry-After"]


def _sparql(server: Server, query: str, method: str = "POST", **params: str) -> Callable:
    def send() -> requests.Response:
        if method == "GET":
            return requests.get(server.url + "/sparql", params={"query": query, **params},
                                timeout=60)  # fmt: skip
        return requests.post(server.url + "/sparql", data={"query": query, **params},
                             timeout=60)  # fmt: skip

    return send


# name → (query, status, phrase): answered by the time limit (503) or a cap / check (4xx).
HOSTILE = {
    "cartesian cube, counted": (
        "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", 503, "time limit"),
    "cartesian cube, listed": ("SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", 400, "rows"),
    # Half a second alone; under load (and reniced as a slow query) it may hit the limit.
    "(:p|!:p)* over everything, listed": (P + "SELECT * { ?s (:p|!:p)* ?o }", (400, 503),
                                          ("rows", "time limit")),
    "(:p|!:p)* joined with itself, counted": (
        P + "SELECT (COUNT(*) AS ?n) { ?s (:p|!:p)* ?o . ?o (:p|!:p)* ?z }", 503,
        "time limit"),
    "catastrophic regex over a product": (
        f'SELECT (COUNT(*) AS ?n) {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i '
        f'FILTER(REGEX(CONCAT("{LONG}", STR(?f)), "(a+)+$")) }}', 503, "time limit"),
    "CONSTRUCT of millions of triples": (
        "CONSTRUCT { ?a ?b ?c . ?d ?e ?f } WHERE { ?a ?b ?c . ?d ?e ?f }", 400, "rows"),
    "DESCRIBE of a product": ("DESCRIBE ?a WHERE { ?a ?b ?c . ?d ?e ?f }", 503, "time limit"),
    "10 000 nested groups": ("SELECT * WHERE " + "{" * 10_000 + "}" * 10_000, 400, "nests"),
    "10 000 nested brackets": ("ASK { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
                               400, "nests"),
    "10 000 negations": ("ASK { FILTER(" + "!" * 10_000 + "true) }", 400, "nests"),
    "INSERT DATA": ("INSERT DATA { <a:a> <a:b> <a:c> }", 403, "read-only"),
    "DROP ALL": ("DROP ALL", 403, "read-only"),
    "LOAD a local file": ("LOAD <file:///etc/passwd>", 403, "read-only"),
    "SERVICE to a local file": (
        "SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }", 403, "SERVICE"),
    "SERVICE hidden by escapes": (
        "SELECT * { SERV\\u0049CE <file:///etc/passwd> { ?s ?p ?o } }", 403, "SERVICE"),
    "SERVICE to a variable": ("SELECT * { SERVICE ?x { ?s ?p ?o } }", 403, "SERVICE"),
}  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_query(live_server: Server, name: str) -> None:
    """A clear refusal; the other client is served meanwhile, quickly."""
    query, status, phrase = HOSTILE[name]
    # The time-limit cases ask for 1 s; a cap or a check must answer whatever the time
    # limit, so those keep the server's own (3 s): listing 5 001 rows of a product takes
    # 0.1 s on an idle machine, and over 1 s at a load of 20 on 2 cores (a 503, not the 400).
    limit = {"timeout": "1"} if 503 in (status if isinstance(status, tuple) else (status,)) else {}
    start = time.monotonic()
    resp, latencies = _meanwhile(live_server, _sparql(live_server, query, **limit))
    if isinstance(status, tuple):  # either answer is right
        answers = dict(zip(status, phrase, strict=True))
        assert resp.status_code in answers, (resp.status_code, resp.text[:300])
        status, phrase = resp.status_code, answers[resp.status_code]
    _refused(resp, status, phrase)
    assert time.monotonic() - start < 5
    assert max(latencies) < 1.5, latencies


def test_catastrophic_regex_is_linear(live_server: Server) -> None:
    """`(a+)+$` on a 200 000-character string: the engine's regex does not backtrack."""
    query = f'ASK {{ FILTER(REGEX("{LONG}", "(a+)+$")) }}'
    resp, _ = _meanwhile(live_server, _sparql(live_server, query, timeout="1"))
    assert resp.status_code == 200 and resp.json()["boolean"] is False


@pytest.mark.parametrize("name", ["cartesian cube, counted", "catastrophic regex over a product"])
def test_time_limit_stops_the_work(live_server: Server, name: str) -> None:
    """After the 503 the query's process is gone: the server's tree uses no CPU."""
    query = HOSTILE[name][0]
    resp = _sparql(live_server, query, timeout="1")()
    assert resp.status_code == 503
    time.sleep(0.2)
    before = descendant_cpu(live_server.proc.pid)
    time.sleep(1.5)
    burnt = descendant_cpu(live_server.proc.pid) - before
    assert burnt < 0.3, f"{burnt:.2f} CPU seconds used after the time limit"


def test_ten_megabyte_query(live_server: Server) -> None:
    """10 MB of query: 414 in the URL, 413 in a form or a direct POST; others served."""
    query = "ASK {} #" + "x" * (10 * 1024 * 1024)
    sends = {
        414: lambda: requests.get(live_server.url + "/sparql", params={"query": query},
                                  timeout=60),
        413: lambda: requests.post(live_server.url + "/sparql", data={"query": query},
                                   timeout=60),
        0: lambda: requests.post(live_server.url + "/sparql", data=query.encode(),
                                 headers=DIRECT, timeout=60),
    }  # fmt: skip
    for status, send in sends.items():
        resp, _ = _meanwhile(live_server, send)
        # 414: gunicorn refuses the request line before gskg sees it; 413: gskg's limit.
        _refused(resp, status or 413, None if status == 414 else "limit")


@pytest.mark.parametrize(
    ("how", "kwargs"),
    [
        ("query string", {"method": "GET", "url": "/sparql?query=ASK%20%7B%7D%FF"}),
        ("form body", {"method": "POST", "url": "/sparql", "data": b"query=ASK%20%7B%7D%FE",
                       "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
        ("direct body", {"method": "POST", "url": "/sparql", "data": b"ASK {} #\xff\xfe",
                         "headers": DIRECT}),
        ("raw bytes in the body", {"method": "POST", "url": "/sparql",
                                   "data": b"query=ASK {}\xc3\x28", "headers": {
                                       "Content-Type": "application/x-www-form-urlencoded"}}),
    ],
)  # fmt: skip
def test_invalid_utf8(live_server: Server, how: str, kwargs: dict) -> None:
    """Bytes that are not UTF-8: 400 with a plain explanation."""
    url = live_server.url + kwargs.pop("url")
    resp, _ = _meanwhile(live_server, lambda: requests.request(url=url, timeout=30, **kwargs))
    _refused(resp, 400, "UTF-8")


@pytest.fixture
def listener() -> Iterator[tuple[str, list]]:
    """A loopback TCP listener recording every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.1)
    connections: list = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, addr = sock.accept()
            except TimeoutError:
                continue
            connections.append(addr)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", connections
    stop.set()
    thread.join()
    sock.close()


@pytest.mark.parametrize(
    ("template", "status"),
    [
        ("SELECT * {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", 403),
        ("SELECT * {{ SERVICE SILENT <{url}/> {{ ?s ?p ?o }} }}", 403),
        ("PREFIX x: <{url}/> SELECT * {{ SERVICE x:sparql {{ ?s ?p ?o }} }}", 403),
        ("SELECT * FROM <{url}/data.ttl> {{ ?s ?p ?o }}", 200),
        ("SELECT * FROM NAMED <{url}/data.ttl> {{ GRAPH ?g {{ ?s ?p ?o }} }}", 200),
        ("LOAD <{url}/data.ttl>", 403),
    ],
)
def test_nothing_is_fetched(live_server: Server, listener, template: str, status: int) -> None:
    """SERVICE and LOAD are refused, FROM names a (here empty) graph: no connection is made."""
    url, connections = listener
    query = template.format(url=url)
    resp, _ = _meanwhile(live_server, _sparql(live_server, query, method="GET"))
    assert resp.status_code == status, resp.text[:300]
    if status == 200:
        assert resp.json()["results"]["bindings"] == []
    resp = requests.get(live_server.url + "/sparql", params={"query": "SELECT * {}",
                        "default-graph-uri": url + "/g.ttl"}, timeout=30)  # fmt: skip
    assert resp.status_code == 200
    time.sleep(0.3)
    assert connections == []


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        ("DROP ALL", "application/sparql-update"),
        ("update=INSERT%20DATA%20%7B%3Ca%3Aa%3E%20%3Ca%3Ab%3E%20%3Ca%3Ac%3E%7D",
         "application/x-www-form-urlencoded"),
        ("update=LOAD%20%3Cfile%3A%2F%2F%2Fetc%2Fpasswd%3E", "application/x-www-form-urlencoded"),
    ],
)  # fmt: skip
def test_updates_are_refused(live_server: Server, body: str, ctype: str) -> None:
    """SPARQL Update by every route: 403 saying where edits go."""
    resp, _ = _meanwhile(
        live_server,
        lambda: requests.post(
            live_server.url + "/sparql", data=body, headers={"Content-Type": ctype}, timeout=30
        ),
    )
    _refused(resp, 403, "data/")


def test_server_survived(live_server: Server) -> None:
    """After all of the above, the server answers."""
    assert live_server.alive()
