"""The build: deterministic, atomic, round-trips through every export, provenance queryable."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from gskg import export
from gskg.errors import BuildError, ValidationFailed
from gskg.formats import FORMATS
from gskg.pipeline import build_dist

ROOT = Path(__file__).parent.parent
VALID = ROOT / "tests" / "fixtures" / "valid"
ONTOLOGY = ROOT / "ontology"
FILES = ["gskg.ttl", "gskg.owl", "gskg.jsonld", "gskg.nt", "ontology.ttl", "void.ttl"]
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


def test_no_xsd_date_or_gyear_in_the_export(fixture_build):
    text = (fixture_build / "gskg.nt").read_text()
    assert "XMLSchema#date>" not in text and "XMLSchema#gYear" not in text
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
