"""The W3C SPARQL 1.1 Protocol and Service Description tests, against the real server.

One pytest case per test of tests/w3c/protocol-manifest.ttl (34) and of the service
description manifest (3).  Query tests and `bad_*` tests must pass as written; gskg is
read-only, so an update test passes when its update is refused cleanly (403/405 with a
message saying edits go into data/).  The score is printed at the end of the run
(`W3C protocol: 34/34`), see `pytest_terminal_summary` in conftest.py.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pytest
import requests
from conftest import W3C, Server
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

pytestmark = pytest.mark.xdist_group("w3c")

BOOLEAN = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR = (*BOOLEAN, "text/csv", "text/tab-separated-values")
RDF = ("application/rdf+xml", "text/turtle", "application/n-triples", "text/html")


@dataclass
class Req:
    """One HTTP request of a protocol test and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    boolean: bool | None = None
    fmt: str | None = None


@dataclass
class ProtocolTest:
    """A manifest entry: name and its requests, in order."""

    id: str
    name: str
    requests: list[Req] = field(default_factory=list)


def _load_protocol_tests() -> list[ProtocolTest]:
    g = Graph().parse(W3C / "protocol-manifest.ttl", format="turtle")
    manifest = next(g.subjects(RDF_TYPE, MF.Manifest))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        test = ProtocolTest(str(entry).rsplit("#", 1)[-1], str(g.value(entry, MF.name)))
        action = g.value(entry, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            headers = {}
            if (hlist := g.value(req, HT.headers)) is not None:
                for h in Collection(g, hlist):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body = None
            if (b := g.value(req, HT.body)) is not None:
                encoding = str(g.value(b, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(b, CNT.chars)).encode(encoding)
            resp = g.value(req, HT.resp)
            statuses = {str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus)}
            boolean = g.value(resp, MF.expectedBoolean)
            fmt = g.value(resp, MF.expectedFormat)
            test.requests.append(Req(
                str(g.value(req, HT.methodName)), str(g.value(req, HT.absolutePath)), headers,
                body, statuses, None if boolean is None else bool(boolean.toPython()),
                None if fmt is None else str(fmt),
            ))  # fmt: skip
        tests.append(test)
    return tests


PROTOCOL_TESTS = _load_protocol_tests()


def _status_ok(status: int, expected: set[str]) -> bool:
    return f"StatusCode{status // 100}xx" in expected


def _boolean_of(resp: requests.Response) -> bool:
    media = resp.headers["Content-Type"].split(";")[0]
    if media == "application/sparql-results+json":
        return json.loads(resp.content)["boolean"]
    root = ET.fromstring(resp.content)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None
    return node.text == "true"


def _check(req: Req, resp: requests.Response) -> None:
    assert _status_ok(resp.status_code, req.statuses), (resp.status_code, resp.text[:300])
    media = resp.headers.get("Content-Type", "").split(";")[0]
    if req.fmt == "boolean":
        assert media in BOOLEAN
    elif req.fmt == "tabular":
        assert media in TABULAR
    elif req.fmt == "RDF":
        assert media in RDF
    if req.boolean is not None:
        assert _boolean_of(resp) is req.boolean
    if resp.status_code >= 400:
        assert "Traceback" not in resp.text
        assert json.loads(resp.content)["error"]


def _send(server: Server, req: Req) -> requests.Response:
    return requests.request(req.method, server.url + req.path, headers=req.headers,
                            data=req.body, timeout=30)  # fmt: skip


@pytest.mark.parametrize("test", PROTOCOL_TESTS, ids=[t.id for t in PROTOCOL_TESTS])
def test_protocol(test: ProtocolTest, live_server: Server, record_property) -> None:
    """One W3C protocol test; update tests must be refused cleanly (read-only endpoint)."""
    record_property("w3c", "protocol")
    first = test.requests[0]
    is_update = test.id.startswith("update_")
    if is_update:
        resp = _send(live_server, first)
        assert resp.status_code in (403, 405), resp.text
        assert "data/" in resp.json()["error"]
        return
    for req in test.requests:
        _check(req, _send(live_server, req))


SD_TESTS = ["has-endpoint-triple", "returns-rdf", "conforms-to-schema"]
SD_FORMATS = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt"}


def _service_description(server: Server, accept: str) -> tuple[requests.Response, Graph]:
    resp = server.get("/sparql", headers={"Accept": accept})
    media = resp.headers["Content-Type"].split(";")[0]
    assert resp.status_code == 200 and media in SD_FORMATS, resp.text[:200]
    return resp, Graph().parse(data=resp.content, format=SD_FORMATS[media])


def test_service_description_manifest_lists_three() -> None:
    """The copied manifest names exactly the three tests run below."""
    g = Graph().parse(W3C / "service-description-manifest.ttl", format="turtle")
    manifest = next(g.subjects(RDF_TYPE, MF.Manifest))
    names = {str(e).rsplit("#", 1)[-1] for e in Collection(g, g.value(manifest, MF.entries))}
    assert names == set(SD_TESTS)
    assert len(PROTOCOL_TESTS) == 34


@pytest.mark.parametrize("name", SD_TESTS)
def test_service_description(name: str, live_server: Server, record_property) -> None:
    """The three W3C service-description tests."""
    record_property("w3c", "service-description")
    for accept in ("text/turtle", "application/rdf+xml", "*/*"):
        resp, g = _service_description(live_server, accept)
        services = set(g.subjects(RDF_TYPE, SD.Service))
        if name == "returns-rdf":
            assert len(g) > 0
        elif name == "has-endpoint-triple":
            assert any((s, SD.endpoint, URIRef(live_server.url + "/sparql")) in g
                       for s in services)  # fmt: skip
        else:
            assert len(services) == 1
            (service,) = services
            langs = set(g.objects(service, SD.supportedLanguage))
            assert langs and langs <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
            for prop in (SD.resultFormat, SD.feature, SD.endpoint):
                assert all(isinstance(o, URIRef) for o in g.objects(service, prop))
            dataset = g.value(service, SD.defaultDataset)
            assert (dataset, RDF_TYPE, SD.Dataset) in g
            assert (g.value(dataset, SD.defaultGraph), RDF_TYPE, SD.Graph) in g
            for named in g.objects(dataset, SD.namedGraph):
                assert isinstance(g.value(named, SD.name), URIRef)
