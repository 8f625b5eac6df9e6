"""Federation and local joins, end to end over HTTP on loopback.

Two real gskg servers: one serves the Wikidata-shaped fixture (standing in for Wikidata's
query service), the other serves the built link fixture data.  With `--allow-service` the
second one joins its cities (`owl:sameAs`) to the first one's populations; without it the
SERVICE is refused.  `--add FILE=GRAPH` joins a GeoNames-shaped extract locally.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest
from linkfixtures import (
    DATA,
    GEONAMES_GRAPH,
    GEONAMES_TTL,
    ROOT,
    build,
    gskg_server,
    wikidata_endpoint,
)

JSON = {"Accept": "application/sparql-results+json"}
POPULATION = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX gskg: <https://w3id.org/gskg/ontology#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT ?name ?item ?population WHERE {
  ?city a gskg:City ; rdfs:label ?name ; owl:sameAs ?item .
  FILTER(LANG(?name) = "en")
  SERVICE <ENDPOINT> { ?item wdt:P1082 ?population . }
} ORDER BY ?name"""


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("federation-logs")


@pytest.fixture(scope="module")
def fixture_nt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(DATA, tmp_path_factory.mktemp("federation-dist"))


@pytest.fixture(scope="module")
def endpoint(logs: Path):
    with wikidata_endpoint(logs) as url:
        yield url


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    bindings = response.json()["results"]["bindings"]
    return [{k: v["value"] for k, v in b.items()} for b in bindings]


def test_service_to_an_allowlisted_endpoint_joins_population(logs, fixture_nt, endpoint):
    with gskg_server(logs, fixture_nt, "--allow-service", endpoint) as server:
        query = POPULATION.replace("ENDPOINT", endpoint)
        rows = _rows(server.post("/sparql", data={"query": query}, headers=JSON))
    assert rows == [
        {"name": "Guangzhou", "item": "http://www.wikidata.org/entity/Q16572",
         "population": "18000000"},
    ]  # fmt: skip


def test_service_is_refused_without_the_allowlist(logs, fixture_nt, endpoint):
    with gskg_server(logs, fixture_nt) as server:
        query = POPULATION.replace("ENDPOINT", endpoint)
        response = server.post("/sparql", data={"query": query}, headers=JSON)
    assert response.status_code == 403
    assert "SERVICE" in response.json()["error"]


def test_add_joins_a_geonames_extract_locally(logs, fixture_nt):
    add = f"{GEONAMES_TTL}={GEONAMES_GRAPH}"
    query = (ROOT / "queries" / "federated" / "geonames-local-join.rq").read_text()
    with gskg_server(logs, fixture_nt, "--add", add) as server:
        rows = _rows(server.post("/sparql", data={"query": query}, headers=JSON))
    assert [(r["name"], r["featureCode"].rsplit("#", 1)[1], r.get("population")) for r in rows] == [
        ("Guangdong", "A.ADM1", None),
        ("Guangzhou", "P.PPLA", "11000000"),
    ]


def test_the_shipped_wikidata_query_runs_against_the_fixture_in_its_place(
    logs, fixture_nt, endpoint
):
    text = (ROOT / "queries" / "federated" / "wikidata-population.rq").read_text()
    assert "SERVICE <https://query.wikidata.org/sparql>" in text
    query = text.replace("https://query.wikidata.org/sparql", endpoint)
    with gskg_server(logs, fixture_nt, "--allow-service", endpoint) as server:
        rows = _rows(server.post("/sparql", data={"query": query}, headers=JSON))
    by_name = {r["name"]: r for r in rows}
    assert by_name["广州"]["population"] == "18000000"
    assert by_name["广州"]["coordinates"] == "Point(113.25 23.125)"
    assert set(by_name) == {"广州"}  # the only linked City of the fixture data


SHIPPED = ROOT / "queries" / "federated" / "wikidata-population.rq"
QID = re.compile(r"\bwd:(Q\d+)\b")


@pytest.fixture
def recording_endpoint() -> Iterator[tuple[str, list[str]]]:
    """A SPARQL endpoint on loopback that records each query it receives, answers nothing."""
    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, query: str) -> None:
            received.append(query)
            body = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self._answer(parse_qs(urlsplit(self.path).query).get("query", [""])[0])

        def do_POST(self) -> None:  # noqa: N802
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            form = self.headers.get("Content-Type", "").startswith("application/x-www-form")
            self._answer(parse_qs(raw).get("query", [""])[0] if form else raw)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/sparql", received
    server.shutdown()


def test_the_shipped_wikidata_query_asks_only_for_the_linked_cities(
    logs, fixture_nt, recording_endpoint
):
    """Oxigraph sends the SERVICE block without the local bindings: the block must name
    its items, or Wikidata would be asked about every item it has."""
    url, received = recording_endpoint
    query = SHIPPED.read_text().replace("https://query.wikidata.org/sparql", url)
    with gskg_server(logs, fixture_nt, "--allow-service", url) as server:
        response = server.post("/sparql", data={"query": query}, headers=JSON)
    assert response.status_code == 200, response.text
    assert received, "the SERVICE request never arrived"
    assert all("VALUES" in q and "Q16572" in q for q in received), received


def test_the_shipped_wikidata_query_names_every_linked_city(built_graph: Path) -> None:
    """The items listed in the SERVICE block are exactly the cities the graph links."""
    store = ox.Store()
    store.bulk_load(path=str(built_graph / "gskg.nt"), format=ox.RdfFormat.N_TRIPLES)
    linked = {
        row["item"].value.rsplit("/", 1)[1]
        for row in store.query(
            "SELECT ?item WHERE { ?c a <https://w3id.org/gskg/ontology#City> ; "
            "<http://www.w3.org/2002/07/owl#sameAs> ?item }"
        )
    }
    assert set(QID.findall(SHIPPED.read_text())) == linked
