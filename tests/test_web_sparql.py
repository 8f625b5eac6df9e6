"""The SPARQL endpoint: the pure core (`run_query`, the lexer) and the real server over HTTP."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from conftest import (
    FIXTURE_GRAPH,
    FIXTURES,
    GSKG_BIN,
    ROOT,
    Server,
    descendant_busy,
    descendant_cpu,
    free_port,
    server_env,
    start_server,
    stop_server,
    wait_for,
)
from pyoxigraph import NamedNode, Quad, Store
from rdflib import RDF, RDFS, Graph, URIRef
from SPARQLWrapper import CSV, JSON, JSONLD, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from gskg.errors import BadQuery, Forbidden
from gskg.sparql.engine import TooManyResults, run_query
from gskg.sparql.formats import NotAcceptable
from gskg.sparql.scan import scan
from gskg.sparql.store import parse_add

XML_RESULTS = "application/sparql-results+xml"
CITY = "https://w3id.org/gskg/resource/test-city"
LAB = "https://w3id.org/gskg/resource/test-lab"
PREFIX = "PREFIX gskg: <https://w3id.org/gskg/ontology#>\n"
SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


# --- the pure core ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def store() -> Store:
    """A store holding the web fixture in a named graph."""
    s = Store()
    s.load(path=str(FIXTURES / "extra.nt"), to_graph=NamedNode("https://w3id.org/gskg/graph"))
    s.add(Quad(NamedNode("http://e/x"), NamedNode("http://e/p"), NamedNode("http://e/y"),
               NamedNode("http://e/other")))  # fmt: skip
    return s


@pytest.mark.parametrize(
    ("query", "accept", "media"),
    [
        ("SELECT * { ?s ?p ?o } LIMIT 1", None, "application/sparql-results+json"),
        ("SELECT * { ?s ?p ?o } LIMIT 1", XML_RESULTS, XML_RESULTS),
        ("SELECT * { ?s ?p ?o } LIMIT 1", "text/csv", "text/csv"),
        ("SELECT * { ?s ?p ?o } LIMIT 1", "text/tab-separated-values", "text/tab-separated-values"),
        ("SELECT * { ?s ?p ?o } LIMIT 1", "application/json", "application/sparql-results+json"),
        ("ASK { ?s ?p ?o }", "application/xml", "application/sparql-results+xml"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", None, "text/turtle"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples", "application/n-triples"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "application/ld+json", "application/ld+json"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "application/rdf+xml", "application/rdf+xml"),
        (f"DESCRIBE <{CITY}>", "text/html;q=0.9, text/turtle", "text/turtle"),
    ],
)  # fmt: skip
def test_run_query_negotiates(store: Store, query: str, accept: str | None, media: str) -> None:
    """`run_query` is pure: query + Accept in, complete body + media type out."""
    body, media_type = run_query(store, query, accept)
    assert media_type.split(";")[0] == media
    assert body


def test_run_query_union_default_graph(store: Store) -> None:
    """The default graph is the union of all graphs; FROM or the protocol narrow it."""
    ask = "ASK { <http://e/x> ?p ?o }"
    assert b"true" in run_query(store, ask)[0]
    assert b"false" in run_query(store, ask, default_graphs=["https://w3id.org/gskg/graph"])[0]
    assert b"false" in run_query(store, "ASK FROM <https://w3id.org/gskg/graph> "
                                 "{ <http://e/x> ?p ?o }")[0]  # fmt: skip


def test_describe_has_incoming_and_provenance(store: Store) -> None:
    """DESCRIBE = outgoing + incoming statements + their provenance axioms."""
    body, _ = run_query(store, f"DESCRIBE <{CITY}>", "application/n-triples")
    text = body.decode()
    assert f"<{LAB}> <https://w3id.org/gskg/ontology#locatedIn> <{CITY}>" in text
    assert "测试实验室位于测试市。" in text  # the quote of the axiom on the incoming statement
    assert f"<{CITY}> <http://www.w3.org/2002/07/owl#sameAs>" in text


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("SELECT * {", BadQuery),
        ("SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", Forbidden),
        ("PREFIX x: <file:///etc/> SELECT * { SERVICE SILENT x:passwd { ?s ?p ?o } }", Forbidden),
        ("SELECT * { \\u0053ERVICE <http://evil/> { ?s ?p ?o } }", Forbidden),
        ("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", Forbidden),
        ("INSERT DATA { <a:a> <a:b> <a:c> }", Forbidden),
        ("LOAD <file:///etc/passwd>", Forbidden),
        ("DROP ALL", Forbidden),
        ("SELECT * " + "{" * 5000 + "}" * 5000, BadQuery),
        ("SELECT * { ?a ?b ?c . ?d ?e ?f }", TooManyResults),
        ("CONSTRUCT { ?a ?b ?d } { ?a ?b ?c . ?d ?e ?f }", TooManyResults),
    ],
)
def test_run_query_refuses(store: Store, query: str, error: type) -> None:
    """Refusals happen before the engine sees the query (SERVICE, updates, depth) or by cap."""
    with pytest.raises(error):
        run_query(store, query, max_rows=100)


def test_service_allowlist_and_lexer() -> None:
    """SERVICE inside strings, IRIs, comments or names is no SERVICE; allowlisted ones pass."""
    assert scan('SELECT * { ?s <http://e/SERVICE> "SERVICE <x>" # SERVICE <y>\n }').services == ()
    assert scan("SELECT ?service { ?service <p:SERVICE> 1 }").services == ()
    assert scan("SELECT * { SERVICE <http://ok/sparql> {} }").services == ("http://ok/sparql",)
    run_query(Store(), "SELECT * { FILTER(false) SERVICE <http://ok/sparql> { ?s ?p ?o } }",
              allow_service=["http://ok/*"])  # fmt: skip


def test_not_acceptable_lists_offers(store: Store) -> None:
    """Nothing acceptable → 406 naming what is offered."""
    with pytest.raises(NotAcceptable, match="application/sparql-results\\+json"):
        run_query(store, "SELECT * {}", "image/png")
    with pytest.raises(NotAcceptable):
        run_query(store, "ASK {}", format="csv")


# --- over HTTP, with a real client ----------------------------------------------------


@pytest.mark.parametrize(
    ("query", "fmt", "check"),
    [
        ("SELECT ?s { ?s a gskg:City } LIMIT 5", JSON, lambda r: r["results"]["bindings"]),
        ("SELECT ?s { ?s a gskg:City } LIMIT 5", XML, lambda r: r.getElementsByTagName("result")),
        ("SELECT ?s { ?s a gskg:City } LIMIT 5", CSV, lambda r: r.startswith(b"s\r\n")),
        ("SELECT ?s { ?s a gskg:City } LIMIT 5", TSV, lambda r: r.startswith(b"?s\n")),
        ("ASK { ?s a gskg:City }", JSON, lambda r: r["boolean"] is True),
        ("ASK { ?s a gskg:City }", XML, lambda r: r.getElementsByTagName("boolean")),
        ("CONSTRUCT WHERE { ?s a gskg:City }", TURTLE, lambda r: len(r) > 0),
        ("CONSTRUCT WHERE { ?s a gskg:City }", JSONLD, lambda r: len(r) > 0),
        ("CONSTRUCT WHERE { ?s a gskg:City }", RDFXML, lambda r: len(r) > 0),
        (f"DESCRIBE <{CITY}>", TURTLE, lambda r: len(r) > 0),
    ],
)
def test_sparqlwrapper_every_format(live_server: Server, query: str, fmt: str, check) -> None:
    """SPARQLWrapper, a real SPARQL client, gets every result format."""
    for method in ("GET", "POST"):
        client = SPARQLWrapper(live_server.url + "/sparql")
        client.setMethod(method)
        client.setQuery(PREFIX + query)
        client.setReturnFormat(fmt)
        result = client.query().convert()
        if isinstance(result, bytes | str) and fmt in (TURTLE, JSONLD):
            result = Graph().parse(data=result, format="turtle" if fmt == TURTLE else "json-ld")
        assert check(result)


DIRECT = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
UPDATE = {"Content-Type": "application/sparql-update"}
TEXT = {"Content-Type": "text/plain"}
UTF16 = {"Content-Type": "application/sparql-query; charset=UTF-16"}


def _q(query: str, **more: str) -> dict:
    return {"params": {"query": query, **more}}


@pytest.mark.parametrize(
    ("method", "kwargs", "status", "phrase"),
    [
        ("GET", _q("SELECT * {"), 400, "syntax error"),
        ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "exactly one"),
        ("GET", _q("ASK {}", update="CLEAR ALL"), 400, "not both"),
        ("POST", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400, "not both"),
        ("POST", {"data": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "exactly one"),
        ("GET", _q(""), 400, "empty"),
        ("POST", {"data": b"", "headers": DIRECT}, 400, "empty"),
        ("POST", {"data": {"format": "json"}}, 400, "no query"),
        ("GET", {"params": {"update": "CLEAR ALL"}}, 403, "data/"),
        ("POST", {"data": "ASK {}", "headers": TEXT}, 415, "Content-Type"),
        ("POST", {"data": "ASK {}"}, 415, "Content-Type"),
        ("POST", {"data": "ASK {}".encode("utf-16"), "headers": UTF16}, 415, "UTF-8"),
        ("POST", {"data": b"ASK { \xff }", "headers": DIRECT}, 400, "UTF-8"),
        ("POST", {"data": b"query=ASK%20%7B%FF%7D", "headers": FORM}, 400, "UTF-8"),
        ("POST", {"data": "DROP ALL", "headers": UPDATE}, 403, "gskg build"),
        ("POST", {"data": {"update": "LOAD <file:///etc/passwd>"}}, 403, "read-only"),
        ("GET", _q("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), 403, "SERVICE"),
        ("GET", _q("INSERT DATA { <a:a> <a:b> <a:c> }"), 403, "data/"),
        ("GET", _q("SELECT * {}", format="ttl"), 406, "offered"),
        ("GET", _q("SELECT * {}", format="nonsense"), 400, "unknown format"),
        ("GET", {**_q("SELECT * {}"), "headers": {"Accept": "image/png"}}, 406, "offered"),
        ("GET", _q("ASK {}", timeout="soon"), 400, "timeout"),
        ("GET", _q("SELECT * { ?a ?b ?c . ?d ?e ?f }"), 400, "rows"),
        ("PUT", {"data": "x"}, 405, "read-only"),
        ("DELETE", {}, 405, "read-only"),
        ("TRACE", {}, 405, "not allowed"),
        ("POST", {"data": "x" * (2 * 1024 * 1024), "headers": DIRECT}, 413, "limit"),
    ],
)  # fmt: skip
def test_bad_requests(live_server: Server, method, kwargs, status, phrase) -> None:
    """Every refusal: the right 4xx, a JSON body with a plain explanation, no traceback."""
    resp = requests.request(method, live_server.url + "/sparql", timeout=30, **kwargs)
    assert resp.status_code == status, resp.text[:300]
    body = resp.json()
    assert body["ok"] is False and body["status"] == status
    assert phrase.lower() in body["error"].lower()
    assert "Traceback" not in resp.text


def test_head_is_get_without_the_body(live_server: Server) -> None:
    """HEAD /sparql?query=…: the GET's status and headers, no body."""
    params = {"query": "ASK { ?s ?p ?o }"}
    get = live_server.get("/sparql", params=params)
    head = requests.head(live_server.url + "/sparql", params=params, timeout=30)
    assert head.status_code == get.status_code == 200 and head.content == b""
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert head.headers["ETag"] == get.headers["ETag"]


def test_not_modified_keeps_the_caching_headers(live_server: Server) -> None:
    """A 304 repeats the 200's ETag (gzipped or not) and Cache-Control."""
    params = {"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 200"}
    for encoding in ("identity", "gzip"):
        headers = {"Accept-Encoding": encoding}
        ok = live_server.get("/sparql", params=params, headers=headers)
        headers["If-None-Match"] = ok.headers["ETag"]
        again = live_server.get("/sparql", params=params, headers=headers)
        assert again.status_code == 304
        assert again.headers["ETag"] == ok.headers["ETag"]
        assert again.headers["Cache-Control"] == ok.headers["Cache-Control"]


def test_oversized_url_is_refused(live_server: Server) -> None:
    """A huge query string gets a clean 4xx (gunicorn's request-line cap or ours)."""
    resp = live_server.get("/sparql", params={"query": "ASK {}" + " " * 20000})
    assert 400 <= resp.status_code < 500


def test_from_remote_is_not_fetched(live_server: Server) -> None:
    """FROM <http://…> names a graph of the store; nothing is fetched (so: empty, not an error)."""
    port = free_port()
    query = f"SELECT * FROM <http://127.0.0.1:{port}/data.ttl> {{ ?s ?p ?o }}"
    resp = live_server.get("/sparql", params={"query": query})
    assert resp.status_code == 200 and resp.json()["results"]["bindings"] == []


def test_timeout_kills_the_query(live_server: Server) -> None:
    """Past the limit: 503 + Retry-After, and the worker is killed (no CPU burnt after)."""
    start = time.monotonic()
    resp = live_server.get("/sparql", params={"query": SLOW, "timeout": "1"})
    elapsed = time.monotonic() - start
    assert resp.status_code == 503 and resp.headers["Retry-After"]
    assert "time limit" in resp.json()["error"]
    assert elapsed < 3
    before = descendant_cpu(live_server.proc.pid)
    time.sleep(1.0)
    assert descendant_cpu(live_server.proc.pid) - before < 0.3
    assert live_server.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_client_cannot_raise_the_time_limit(live_server: Server) -> None:
    """timeout= above the server's limit (3 s in the tests) is capped to it."""
    start = time.monotonic()
    resp = live_server.get("/sparql", params={"query": SLOW, "timeout": "60"})
    assert resp.status_code == 503
    assert time.monotonic() - start < 6


def test_slow_query_does_not_block_others(live_server: Server) -> None:
    """While a runaway query runs, other clients are served at once."""
    thread = threading.Thread(target=live_server.get, args=("/sparql",),
                              kwargs={"params": {"query": SLOW}})  # fmt: skip
    thread.start()
    time.sleep(0.3)
    start = time.monotonic()
    for _ in range(10):
        assert live_server.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).ok
    assert time.monotonic() - start < 2
    thread.join()


def test_http_headers(live_server: Server) -> None:
    """CORS, security headers, no version banner, gzip, ETag → 304, Cache-Control."""
    params = {"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 200"}
    resp = live_server.get("/sparql", params=params, headers={"Accept-Encoding": "gzip"})
    h = resp.headers
    assert resp.status_code == 200
    assert h["Access-Control-Allow-Origin"] == "*"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in h["Content-Security-Policy"]
    assert h.get("Server", "") in ("", "gskg")  # no software named
    assert h["Content-Encoding"] == "gzip" and "max-age" in h["Cache-Control"]
    raw = requests.get(live_server.url + "/sparql", params=params, stream=True, timeout=30,
                       headers={"Accept-Encoding": "gzip"}).raw.read()  # fmt: skip
    assert gzip.decompress(raw).startswith(b"@prefix") or b"<" in gzip.decompress(raw)
    again = live_server.get("/sparql", params=params, headers={"If-None-Match": h["ETag"]})
    assert again.status_code == 304
    pre = requests.options(
        live_server.url + "/sparql",
        timeout=10,
        headers={"Origin": "http://x", "Access-Control-Request-Method": "POST"},
    )
    assert pre.status_code == 204 and "POST" in pre.headers["Access-Control-Allow-Methods"]


def test_service_description_tells_the_truth(live_server: Server) -> None:
    """Union default graph, no federation by default, VoID counts, the named graphs."""
    resp = live_server.get("/sparql", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=resp.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    features = {str(o) for o in g.objects(None, g.namespace_manager.expand_curie("sd:feature"))}
    assert sd + "UnionDefaultGraph" in features and sd + "BasicFederatedQuery" not in features
    assert "https://w3id.org/gskg/graph" in resp.text and "void:triples" in resp.text
    assert FIXTURE_GRAPH in resp.text  # an --add graph
    html = live_server.get("/sparql", headers={"Accept": "text/html"}, allow_redirects=False)
    assert html.status_code == 303


@pytest.fixture(scope="module")
def tight_server(built_graph: Path, tmp_path_factory) -> Server:
    """`python server.py` with one query slot and a short wait: saturation is easy to reach."""
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "tight.log"
    cmd = [sys.executable, "server.py", "--port", str(port), "--max-concurrent", "1",
           "--queue-wait", "0.2", "--timeout", "4"]  # fmt: skip
    server = start_server(cmd, server_env(built_graph), port, log)
    yield server
    stop_server(server.proc)


def test_saturation_and_logs(tight_server: Server) -> None:
    """All slots busy → 503 + Retry-After; the JSON request log has a query hash, no query."""
    thread = threading.Thread(target=tight_server.get, args=("/sparql",),
                              kwargs={"params": {"query": SLOW}})  # fmt: skip
    # The catalog is built in a query worker from the first request on: with one slot, the
    # slow query would queue behind it (and be refused), and its CPU would look like the
    # slow query's.  A search answers once the catalog is there.
    wait_for(lambda: tight_server.get("/search.json", params={"q": "广州"}).ok, 60,
             "the catalog to be built")  # fmt: skip
    busy = descendant_busy(tight_server.proc.pid)
    thread.start()
    # The one slot is busy once its worker runs the slow query (killed at the 4 s limit);
    # a fixed sleep guessed when that would be, and lost on a loaded machine.
    wait_for(busy, 30, "the slow query to run")
    resp = tight_server.get("/sparql", params={"query": "ASK { ?secret ?p ?o }"})
    thread.join()
    assert resp.status_code == 503 and resp.headers["Retry-After"]
    assert "busy" in resp.json()["error"]
    assert tight_server.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    lines = [json.loads(x) for x in tight_server.log.read_text().splitlines() if x.startswith("{")]
    requests_logged = [x for x in lines if x.get("path") == "/sparql"]
    assert requests_logged and all({"method", "status", "ms"} <= set(x) for x in requests_logged)
    assert any("query_hash" in x for x in requests_logged)
    assert "secret" not in tight_server.log.read_text()
    assert "Server" not in resp.headers or "Werkzeug" not in resp.headers["Server"]


def test_void_linksets_at_well_known_and_in_service_description(live_server: Server) -> None:
    """VoID §7: /.well-known/void, and the service description carries the linksets."""
    void = live_server.get("/.well-known/void")
    assert void.status_code == 200 and void.headers["Content-Type"].startswith("text/turtle")
    linksets = Graph().parse(data=void.text, format="turtle")
    linkset = URIRef("http://rdfs.org/ns/void#Linkset")
    assert len(set(linksets.subjects(RDF.type, linkset))) == 3
    sd = Graph().parse(data=live_server.get("/sparql", params={"format": "ttl"}).text)
    assert len(set(sd.subjects(RDF.type, linkset))) == 3
    assert (None, RDFS.seeAlso, URIRef(live_server.url + "/.well-known/void")) in sd
    # The build's VoID names where it is served, not the build's placeholder.
    endpoint = URIRef("http://rdfs.org/ns/void#sparqlEndpoint")
    dump = URIRef("http://rdfs.org/ns/void#dataDump")
    dataset = URIRef("https://w3id.org/gskg/dataset")
    for g in (sd, linksets):
        assert set(g.objects(dataset, endpoint)) == {URIRef(live_server.url + "/sparql")}
        assert set(g.objects(dataset, dump)) == {URIRef(live_server.url + "/export.nt")}


def test_service_description_with_an_allowlist(built_graph: Path) -> None:
    """--allow-service: the description says federation is on, and to where."""
    result = subprocess.run(
        [str(GSKG_BIN), "serve", "--data", str(built_graph / "gskg.nt"), "--allow-service",
         "http://ok.example/sparql", "--get", "/sparql?format=ttl"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    g = Graph().parse(data=result.stdout, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert URIRef(sd + "BasicFederatedQuery") in set(g.objects(None, URIRef(sd + "feature")))
    assert "http://ok.example/sparql" in result.stdout


def test_add_names_the_graph_after_the_file(tmp_path: Path) -> None:
    """--add FILE loads into the graph named by the file's URI; FILE=GRAPH names it."""
    path = tmp_path / "extra.nt"
    assert parse_add(str(path)) == (path, path.resolve().as_uri())
    assert parse_add(f"{path}=http://e/g") == (path, "http://e/g")
