"""The build: deterministic, atomic, round-trips through every export, provenance queryable."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic

from gskg.checks.reason import ONTOLOGY_PATHS, load_graph
from gskg.errors import BuildError, ValidationFailed
from gskg.pipeline import build_dist, export
from gskg.sparql.formats import FORMATS

ROOT = Path(__file__).parent.parent
VALID = ROOT / "tests" / "fixtures" / "valid"
ONTOLOGY = ROOT / "ontology"
FILES = ["gskg.ttl", "gskg.owl", "gskg.jsonld", "gskg.nt", "ontology.ttl", "void.ttl"]
VOID = Namespace("http://rdfs.org/ns/void#")
RDFLIB_FORMAT = {"ttl": "turtle", "owl": "xml", "jsonld": "json-ld", "nt": "nt"}


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fixture-build")
    build_dist(VALID, ONTOLOGY, out)
    return out


def _build_in_subprocess(data: Path, out: Path, seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    cmd = [sys.executable, "-m", "gskg.cli", "build", "--data", str(data), "--out", str(out)]
    subprocess.run(cmd, check=True, env=env, capture_output=True, cwd=ROOT)


@pytest.mark.parametrize("data", [VALID, ROOT / "data"], ids=["fixture", "shipped"])
def test_build_is_byte_identical_across_runs(tmp_path, data):
    _build_in_subprocess(data, tmp_path / "a", "1")
    _build_in_subprocess(data, tmp_path / "b", "2")
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.parametrize("ext", ["ttl", "owl", "jsonld", "nt"])
def test_every_export_round_trips_in_rdflib_and_pyoxigraph(fixture_build, ext):
    reference = Graph().parse(fixture_build / "gskg.nt", format="nt")
    path = fixture_build / f"gskg.{ext}"
    assert isomorphic(Graph().parse(path, format=RDFLIB_FORMAT[ext]), reference)
    fmt = FORMATS[export.EXPORTS[ext]].engine
    through_oxigraph = ox.serialize(ox.parse(path=path, format=fmt), format=ox.RdfFormat.N_TRIPLES)
    assert isomorphic(Graph().parse(data=through_oxigraph.decode(), format="nt"), reference)


def _both_parsers(path: Path) -> tuple[Graph, Graph]:
    """`path` (Turtle) as rdflib reads it and as pyoxigraph reads it."""
    nt = ox.serialize(
        ox.parse(path=path, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES
    )
    return Graph().parse(path, format="turtle"), Graph().parse(data=nt.decode(), format="nt")


def test_the_ontology_export_round_trips_to_the_ontology_sources(fixture_build):
    sources = load_graph(ONTOLOGY_PATHS)
    for graph in _both_parsers(fixture_build / "ontology.ttl"):
        assert isomorphic(graph, sources)


def test_the_void_export_round_trips_and_counts_the_graph(fixture_build):
    through_rdflib, through_oxigraph = _both_parsers(fixture_build / "void.ttl")
    assert isomorphic(through_rdflib, through_oxigraph)
    triples = through_rdflib.value(URIRef("https://w3id.org/gskg/dataset"), VOID.triples)
    lines = (fixture_build / "gskg.nt").read_text(encoding="utf-8").count("\n")
    assert triples is not None and int(triples) == lines


# xsd:date, xsd:gYear(Month), xsd:gDay… and xsd:time are not in the OWL 2 datatype map.
OUTSIDE_OWL2 = re.compile(r"(XMLSchema#|xsd:)(date(?!Time)|g[A-Z]|time\b)")


@pytest.mark.parametrize("name", FILES)
def test_no_xsd_date_or_gyear_in_the_export(fixture_build, name):
    text = (fixture_build / name).read_text(encoding="utf-8")
    assert not OUTSIDE_OWL2.findall(text)
    if name == "gskg.nt":
        assert '"2020-10-22T00:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in text


def test_provenance_answers_which_sentence_says_this(fixture_build):
    store = ox.Store()
    store.bulk_load(path=str(fixture_build / "gskg.nt"), format=ox.RdfFormat.N_TRIPLES)
    rows = list(
        store.query("""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX gskg: <https://w3id.org/gskg/ontology#>
        SELECT ?doc ?quote WHERE {
          ?ax owl:annotatedSource <https://w3id.org/gskg/resource/gz-sz-agreement> ;
              owl:annotatedProperty gskg:hasParty ;
              owl:annotatedTarget <https://w3id.org/gskg/resource/shenzhen> ;
              gskg:source ?doc ; gskg:quote ?quote }""")
    )
    assert [(r["doc"].value, r["quote"].value) for r in rows] == [
        (
            "https://w3id.org/gskg/resource/test-doc",
            "2020年10月22日,广州与深圳在广州举办的“双城联动”论坛上签署合作协议。",
        )
    ]


def test_a_source_document_is_a_resource_with_title_publisher_date_and_url(fixture_build):
    store = ox.Store()
    store.bulk_load(path=str(fixture_build / "gskg.nt"), format=ox.RdfFormat.N_TRIPLES)
    rows = list(
        store.query("""
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX gskg: <https://w3id.org/gskg/ontology#>
        SELECT ?title ?publisher ?date ?url WHERE {
          <https://w3id.org/gskg/resource/test-doc> a gskg:SourceDocument ;
              dcterms:title ?title ; dcterms:publisher ?publisher ;
              gskg:publishedOn ?date ; <http://schema.org/url> ?url .
          FILTER(lang(?title) = "en") }""")
    )
    assert [tuple(r[v].value for v in ("title", "publisher", "date", "url")) for r in rows] == [
        ("A test document", "测试出版社", "2020-11-01T00:00:00", "https://example.org/test-doc")
    ]


def test_a_build_that_fails_half_way_leaves_dist_untouched(tmp_path, monkeypatch):
    out = tmp_path / "dist"
    build_dist(VALID, ONTOLOGY, out)
    before = {name: (out / name).read_bytes() for name in FILES}
    data = tmp_path / "data"
    data.mkdir()
    for f in VALID.glob("*.yaml"):
        (data / f.name).write_text(f.read_text().replace("Example Tech", "Example Tech Ltd"))
    calls = {"n": 0}
    real_fsync = os.fsync

    def disk_full_on_third_file(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(export.os, "fsync", disk_full_on_third_file)
    with pytest.raises(BuildError, match="No space left.*left as they were"):
        build_dist(data, ONTOLOGY, out)
    assert {name: (out / name).read_bytes() for name in FILES} == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".build-")] == []


def test_invalid_data_writes_nothing(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for f in VALID.glob("*.yaml"):
        (data / f.name).write_text(f.read_text())
    (data / "bad.yaml").write_text("- id: x\n  type: Nonsense\n")
    with pytest.raises(ValidationFailed):
        build_dist(data, ONTOLOGY, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()
