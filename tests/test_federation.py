"""Federation and local joins, end to end over HTTP on loopback.

Two real gskg servers: one serves the Wikidata-shaped fixture (standing in for Wikidata's
query service), the other serves the built link fixture data.  With `--allow-service` the
second one joins its cities (`owl:sameAs`) to the first one's populations; without it the
SERVICE is refused.  `--add FILE=GRAPH` joins a GeoNames-shaped extract locally.
"""

from __future__ import annotations

from pathlib import Path

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
