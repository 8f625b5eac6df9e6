"""The remote store: `push` through the Graph Store Protocol and queries, against a real Virtuoso.

The server is Debian's `virtuoso-opensource`, started on loopback ports by `tests/virtuoso.py`
(`make test` installs the package through scripts/system-deps.sh).  The tests skip only on a
machine where it is missing and cannot be installed (not root); in CI they run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import free_port, gunicorn_command, start_server, stop_server
from virtuoso import Virtuoso

from gskg.errors import BadQuery, GskgError
from gskg.sparql import remote
from gskg.sparql.store import open_store

GRAPH = "https://w3id.org/gskg/graph"
RES = "https://w3id.org/gskg/resource/"
G = "https://w3id.org/gskg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SERVICE_QUERY = "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"

# "Agreements with a party in each city, with the sentence that states each party" over the
# named graph: labels, a join, a decimal, dateTimes and axiom annotations on blank nodes.
ROWS_QUERY = f"""
PREFIX gskg: <{G}>  PREFIX owl: <{OWL}>  PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?agreement ?label ?party ?date ?quote ?value WHERE {{ GRAPH <{GRAPH}> {{
  ?agreement a gskg:Agreement ; rdfs:label ?label ; gskg:hasParty ?party ; gskg:signedOn ?date .
  FILTER(lang(?label) = "zh")
  ?ax owl:annotatedSource ?agreement ; owl:annotatedProperty gskg:hasParty ;
      owl:annotatedTarget ?party ; gskg:quote ?quote .
  OPTIONAL {{ ?obs gskg:refArea ?party ; gskg:value ?value }}
}} }}"""


QUERIES = Path(__file__).resolve().parent.parent / "queries"
# The analyst queries Virtuoso 7.2.5 answers as the embedded engine does.  The others trip
# over its property-path bugs: two joined `*`/`+` paths lose rows, a path returns one row per
# route instead of a set, an OPTIONAL after a BIND drops rows, a `*` path inside FILTER
# EXISTS with no bound end fails ("transitive start not given"), and GROUP_CONCAT drops the
# language tag and garbles a non-ASCII separator.  Rewrites that Virtuoso answers exist for
# all but 09, but they make the embedded engine 6 to 1 000 times slower (01: 20 ms → 19 s at
# 100k triples), so the queries stay as written; README, "A real triple store", says so.
PORTABLE = ("06", "07", "08")


def sample_nt(n: int, version: int = 1) -> str:
    """A gskg-shaped N-Triples document: n agreements between two cities, with provenance."""
    lines = []
    for city, zh in (("guangzhou", "广州"), ("shenzhen", "深圳")):
        lines += [
            f"<{RES}{city}> {RDF_TYPE} <{G}City> .",
            f'<{RES}{city}> {LABEL} "{zh}"@zh .',
            f'<{RES}{city}> {LABEL} "{city.title()}"@en .',
            f"<{RES}obs-{city}> <{G}refArea> <{RES}{city}> .",
            f'<{RES}obs-{city}> <{G}value> "{version}2345.6"^^<{XSD}decimal> .',
        ]
    for i in range(n):
        a = f"<{RES}agreement-{i}>"
        lines += [
            f"{a} {RDF_TYPE} <{G}Agreement> .",
            f'{a} {LABEL} "协议{i} v{version}"@zh .',
            f'{a} {LABEL} "Agreement {i} \\"v{version}\\""@en .',
            f'{a} <{G}signedOn> "2020-10-{1 + i % 28:02d}T00:00:00"^^<{XSD}dateTime> .',
        ]
        for city in ("guangzhou", "shenzhen"):
            ax = f"_:ax{i}{city}"
            lines += [
                f"{a} <{G}hasParty> <{RES}{city}> .",
                f"{ax} {RDF_TYPE} <{OWL}Axiom> .",
                f"{ax} <{OWL}annotatedSource> {a} .",
                f"{ax} <{OWL}annotatedProperty> <{G}hasParty> .",
                f"{ax} <{OWL}annotatedTarget> <{RES}{city}> .",
                f'{ax} <{G}quote> "两地签署第{i}项协议。"@zh .',
            ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """One Virtuoso server for the module (ports and database in a tmp directory)."""
    if not Virtuoso.available():
        if os.geteuid() != 0:
            pytest.skip("virtuoso-opensource is not installed (make system-deps, as root)")
        pytest.fail("virtuoso-opensource is missing: scripts/system-deps.sh installs it")
    with Virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def write(tmp_path: Path, text: str, name: str = "gskg.nt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(results: ox.QuerySolutions) -> set[tuple[str | None, ...]]:
    """Rows as tuples of N-Triples terms, comparable between backends."""
    names = [v.value for v in results.variables]
    return {tuple(None if s[n] is None else str(s[n]) for n in names) for s in results}


Cell = tuple[str, str | None] | None


def cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Cell:
    """One value as (lexical form, language or datatype)."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return (str(term), None)
    return (term.value, term.language or term.datatype.value)


def typed_rows(results: ox.QuerySolutions) -> set[tuple[Cell, ...]]:
    """Rows as tuples of (value, language or datatype), comparable between backends."""
    names = [v.value for v in results.variables]
    return {tuple(cell(s[n]) for n in names) for s in results}


def graphs(v: Virtuoso) -> dict[str, int]:
    """Triples per graph on the server, for graphs under the gskg graph IRI."""
    sparql = (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }} GROUP BY ?g'
    )
    found = remote.RemoteStore(v.sparql_url).query(sparql, form="SELECT")
    return {s["g"].value: int(s["n"].value) for s in found}


pytestmark = pytest.mark.xdist_group("virtuoso")


def test_push_then_same_rows_from_virtuoso_and_pyoxigraph(virtuoso: Virtuoso, tmp_path: Path):
    nt = write(tmp_path, sample_nt(40))
    sent: list[int] = []
    result = virtuoso.push(nt, GRAPH, progress=sent.append)
    assert (result.swap, result.triples) == ("MOVE", 10 + 40 * 16)
    assert sum(sent) == nt.stat().st_size
    assert graphs(virtuoso) == {GRAPH: result.triples}  # the temporary graph is gone

    local = ox.Store()
    local.load(path=nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    expected = rows(local.query(ROWS_QUERY))
    assert len(expected) == 40 * 2
    assert rows(remote.RemoteStore(virtuoso.sparql_url).query(ROWS_QUERY)) == expected


def test_push_without_update_endpoint_replaces_by_put(virtuoso: Virtuoso, tmp_path: Path):
    graph = GRAPH + "/put"
    for version, n in ((1, 5), (2, 3)):
        nt = write(tmp_path, sample_nt(n, version))
        result = remote.push(
            nt, virtuoso.graph_store_url, graph, virtuoso.auth, query_url=virtuoso.sparql_url
        )
        assert result.swap == "PUT"
        assert graphs(virtuoso)[graph] == 10 + n * 16
    assert not [g for g in graphs(virtuoso) if "/upload-" in g]
    ask = f'ASK {{ GRAPH <{graph}> {{ ?a <{LABEL[1:-1]}> "协议0 v2"@zh }} }}'
    assert bool(remote.RemoteStore(virtuoso.sparql_url).query(ask))


def test_failed_verification_leaves_the_live_graph(virtuoso, tmp_path, monkeypatch):
    graph = GRAPH + "/kept"
    virtuoso.push(write(tmp_path, sample_nt(2)), graph)
    monkeypatch.setattr(remote, "count_triples", lambda path: 10_000)  # "the store lost some"
    with pytest.raises(remote.RemoteError, match="upload incomplete: 90 of 10000"):
        virtuoso.push(write(tmp_path, sample_nt(5)), graph)
    after = graphs(virtuoso)
    assert after[graph] == 10 + 2 * 16
    assert not [g for g in after if "/upload-" in g]


def test_wrong_password_is_refused_before_the_upload(virtuoso: Virtuoso, tmp_path: Path):
    with pytest.raises(remote.RemoteError, match="refused the credentials") as info:
        remote.push(
            write(tmp_path, sample_nt(1)),
            virtuoso.graph_store_url,
            GRAPH + "/x",
            ("dba", "wrong"),
            query_url=virtuoso.sparql_url,
        )
    assert info.value.status == 502
    assert GRAPH + "/x" not in graphs(virtuoso)


@pytest.mark.parametrize(
    ("sparql", "accept", "media_type"),
    [
        (
            "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
            "application/sparql-results+json",
            "application/sparql-results+json",
        ),
        ("ASK { ?s ?p ?o }", "application/sparql-results+xml", "application/sparql-results+xml"),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "application/n-triples", "application/n-triples"),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/turtle", "text/turtle"),
    ],
)
def test_query_returns_raw_body_and_media_type(virtuoso, sparql, accept, media_type):
    body, media = remote.query(virtuoso.sparql_url, sparql, accept)
    assert media == media_type
    assert body


def test_remote_store_parses_each_query_form(virtuoso: Virtuoso):
    store = remote.RemoteStore(virtuoso.sparql_url)
    assert bool(store.query("ASK { ?s ?p ?o }")) is True
    triples = list(store.query("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3"))  # a 406, then RDF
    assert len(triples) == 3 and all(isinstance(t, ox.Triple) for t in triples)


def test_bad_query_and_unreachable_store(virtuoso: Virtuoso):
    with pytest.raises(BadQuery):
        remote.query(virtuoso.sparql_url, "SELEC nothing")
    with pytest.raises(GskgError) as info:
        remote.query("http://127.0.0.1:9/sparql", "ASK {}", timeout=2)
    assert info.value.status == 502


def test_digest_response_matches_rfc_2617(monkeypatch):
    """The worked example of RFC 2617 section 3.5."""
    monkeypatch.setattr(remote.secrets, "token_hex", lambda n: "0a4f113b")
    challenge = remote._parse_challenge(
        'Digest realm="testrealm@host.com", qop="auth,auth-int", '
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'
    )
    client = remote.Client(auth=("Mufasa", "Circle Of Life"))
    client.challenges["host/dir/index.html"] = challenge
    parts = remote.urllib.parse.urlsplit("http://host/dir/index.html")
    header = client._authorization("GET", parts, "host/dir/index.html")
    assert 'response="6629fae49393a05397450978507c4ef1"' in header
    assert "nc=00000001" in header


@pytest.mark.parametrize(
    ("store", "expected"),
    [
        ("http://h/sparql-graph-crud-auth", "http://h/sparql-graph-crud-auth?graph-uri=urn%3Ag"),
        ("http://h/ds/data", "http://h/ds/data?graph=urn%3Ag"),
        ("http://h/ds/data?x=1", "http://h/ds/data?x=1&graph=urn%3Ag"),
    ],
)
def test_graph_url(store: str, expected: str):
    assert remote.graph_url(store, "urn:g") == expected


def test_count_triples_rejects_bad_ntriples(tmp_path: Path):
    with pytest.raises(GskgError, match="not valid N-Triples"):
        remote.count_triples(write(tmp_path, "<a> <b> .\n"))


def test_cli_push(virtuoso: Virtuoso, tmp_path: Path):
    from click.testing import CliRunner

    from gskg.cli import main

    write(tmp_path, sample_nt(3))
    args = [
        "push",
        "--dist",
        str(tmp_path),
        "--graph-store",
        virtuoso.graph_store_url,
        "--graph",
        GRAPH + "/cli",
        "--update",
        virtuoso.update_url,
        "--query",
        virtuoso.sparql_url,
    ]
    env = {"GSKG_STORE_USER": "dba", "GSKG_STORE_PASSWORD": "dba"}
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert f"pushed 58 triples to <{GRAPH}/cli>" in result.output
    refused = CliRunner().invoke(main, args, env={"GSKG_STORE_USER": ""})
    assert refused.exit_code == 1
    assert "credentials" in refused.output


@pytest.mark.parametrize("command", ["embedded", "gunicorn"])
def test_serve_from_virtuoso_gives_the_same_rows_and_pages(virtuoso, tmp_path, command):
    """`gskg serve --sparql-endpoint`: same protocol, pages and rows as the embedded store."""
    nt = write(tmp_path, sample_nt(12))
    virtuoso.push(nt, GRAPH)
    servers = []
    for name, extra in (("local", {}), ("virtuoso", {"GSKG_SPARQL_ENDPOINT": virtuoso.sparql_url})):
        port = free_port()
        env = {"GSKG_DATA": str(nt), "GSKG_PORT": str(port), "GSKG_QUEUE_WAIT": "10", **extra}
        cmd = (gunicorn_command(port) if command == "gunicorn"
               else [sys.executable, "server.py", "--port", str(port)])  # fmt: skip
        servers.append(start_server(cmd, env, port, tmp_path / f"{name}.log"))
    try:
        answers = []
        for server in servers:
            resp = server.post("/sparql", data={"query": ROWS_QUERY},
                               headers={"Accept": "application/sparql-results+json"})  # fmt: skip
            assert resp.status_code == 200, resp.text
            bindings = resp.json()["results"]["bindings"]
            answers.append({tuple(sorted((k, v["value"]) for k, v in b.items())) for b in bindings})
            page = server.get("/resource/agreement-3")
            assert page.status_code == 200 and "agreement-3" in page.text
            # a city: panels and statements *to* it (the local store looks them up by index)
            city = server.get("/resource/guangzhou")
            assert city.status_code == 200 and "/resource/agreement-11" in city.text
            refused = server.post("/sparql", data={"query": SERVICE_QUERY})
            assert refused.status_code == 403
        assert answers[0] == answers[1] and len(answers[0]) == 12 * 2
    finally:
        for server in servers:
            stop_server(server.proc)


@pytest.fixture(scope="module")
def analyst_graph(virtuoso: Virtuoso, built_graph: Path) -> str:
    """The real build pushed to its own graph (queried alone, away from the test graphs)."""
    graph = GRAPH + "/analyst"
    virtuoso.push(built_graph / "gskg.nt", graph)
    return graph


@pytest.fixture(scope="module")
def embedded(built_graph: Path) -> ox.Store:
    """The same build in the embedded engine, opened as the endpoint opens it."""
    return open_store(built_graph / "gskg.nt")


@pytest.mark.parametrize(
    "path", [next(QUERIES.glob(f"{n}-*.rq")) for n in PORTABLE], ids=lambda p: p.stem
)
def test_analyst_query_gives_the_same_rows_on_virtuoso(
    virtuoso: Virtuoso, analyst_graph: str, embedded: ox.Store, path: Path
):
    """The portable analyst queries answer the same on Virtuoso as on the embedded engine."""
    sparql = path.read_text(encoding="utf-8")
    expected = typed_rows(embedded.query(sparql, use_default_graph_as_union=True))
    assert expected, f"{path.name} returned no rows on the embedded engine"
    store = remote.RemoteStore(virtuoso.sparql_url)
    got = store.query(sparql, form="SELECT", default_graph=[ox.NamedNode(analyst_graph)])
    assert typed_rows(got) == expected
