"""`gskg release`: the release folder, its version stamps, checksums and refusals."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from releasefixtures import ROOT, Releases, make_releases, release
from test_reason import owlcheck as owlcheck  # the session fixture that sets owlcheck up
from test_reason import owlcheck_problems

from gskg.cli import main
from gskg.release import ReleaseError, list_releases, parse_version

OWL = Namespace("http://www.w3.org/2002/07/owl#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VOID = Namespace("http://rdfs.org/ns/void#")
ONTOLOGY = URIRef("https://w3id.org/gskg/ontology")
REL = "https://w3id.org/gskg/releases/"


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Releases:
    return make_releases(tmp_path_factory.mktemp("rel"))


def test_release_folder_has_every_export_and_its_metadata(releases):
    folder = releases.root / "2026.12.1"
    names = {p.name for p in folder.iterdir()}
    assert {"gskg.nt", "gskg.ttl", "gskg.owl", "gskg.jsonld", "ontology.ttl", "ontology.owl",
            "void.ttl", "release.json", "NOTES.md", "changes.json", "changes.patch",
            "SHA256SUMS"} == names  # fmt: skip
    meta = json.loads((folder / "release.json").read_text("utf-8"))
    assert (meta["version"], meta["previous"], meta["issued"]) == ("2026.12.1", "2026.12.0",
                                                                   "2026-12-02")  # fmt: skip
    assert list_releases(releases.root) == ["2026.12.0", "2026.12.1"]


@pytest.mark.parametrize("version", ["2026.12.0", "2026.12.1"])
def test_sha256sums_cover_every_other_file(releases, version):
    folder = releases.root / version
    sums = dict(reversed(ln.split("  ")) for ln in (folder / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == {p.name for p in folder.iterdir()} - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    ("version", "fmt", "prior"),
    [
        ("2026.12.0", "turtle", None),
        ("2026.12.0", "xml", None),
        ("2026.12.1", "turtle", "2026.12.0"),
        ("2026.12.1", "xml", "2026.12.0"),
    ],
)
def test_ontology_version_iri_and_prior_version(releases, version, fmt, prior):
    """In the Turtle and in the RDF/XML that Protégé opens: the release's stamps only."""
    ext = "ttl" if fmt == "turtle" else "owl"
    for name in (f"gskg.{ext}", f"ontology.{ext}"):
        g = Graph().parse(releases.root / version / name, format=fmt)
        assert list(g.objects(ONTOLOGY, OWL.versionIRI)) == [URIRef(f"{REL}{version}/ontology")]
        assert list(g.objects(ONTOLOGY, OWL.versionInfo)) == [Literal(version)]
        expected = [URIRef(f"{REL}{prior}/ontology")] if prior else []
        assert list(g.objects(ONTOLOGY, OWL.priorVersion)) == expected


def test_void_describes_the_release_with_dcat(releases):
    folder = releases.root / "2026.12.1"
    g = Graph().parse(folder / "void.ttl")
    ds = URIRef(f"{REL}2026.12.1/dataset")
    assert g.value(ds, DCAT.version) == Literal("2026.12.1")
    assert str(g.value(ds, DCT.issued)) == "2026-12-02T00:00:00"
    assert g.value(ds, DCAT.previousVersion) == URIRef(f"{REL}2026.12.0/dataset")
    notes = {n.language: str(n) for n in g.objects(ds, ADMS.versionNotes)}
    meta = json.loads((folder / "release.json").read_text("utf-8"))
    assert notes == meta["notes"] and "1 added, 1 removed, 3 changed" in notes["en"]
    dump = g.value(ds, VOID.dataDump)
    assert dump == URIRef(f"{REL}2026.12.1/gskg.nt")
    checksum = g.value(dump, SPDX.checksum)
    assert g.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    sha = hashlib.sha256((folder / "gskg.nt").read_bytes()).hexdigest()
    assert str(g.value(checksum, SPDX.checksumValue)) == sha
    first = Graph().parse(releases.root / "2026.12.0" / "void.ttl")
    assert first.value(URIRef(f"{REL}2026.12.0/dataset"), DCAT.previousVersion) is None


def test_changelog_gains_a_section_per_release_newest_first(releases):
    text = releases.changelog.read_text("utf-8")
    assert text.startswith("# Changelog")
    assert text.index("## 2026.12.1 — 2026-12-02") < text.index("## 2026.12.0 — 2026-12-01")
    assert "`res:zhaopin`" in text and "Zhaopin → Zhaopin.com" not in text  # labels keep @en
    assert (releases.root / "2026.12.1" / "NOTES.md").read_text("utf-8") in text


def test_same_data_same_date_same_bytes(releases, tmp_path):
    """Re-releasing the same data with the same date elsewhere gives identical files."""
    root = tmp_path / "again"
    shutil.copytree(releases.root / "2026.12.0", root / "2026.12.0")
    result = release("2026.12.1", releases.data_new, root, tmp_path / "CL.md", "2026-12-02")
    assert result.exit_code == 0, result.output
    for p in (releases.root / "2026.12.1").iterdir():
        assert (root / "2026.12.1" / p.name).read_bytes() == p.read_bytes(), p.name


def test_an_existing_release_is_never_overwritten(releases):
    before = {p.name: p.read_bytes() for p in (releases.root / "2026.12.1").iterdir()}
    changelog = releases.changelog.read_bytes()
    result = release("2026.12.1", releases.data_old, releases.root, releases.changelog,
                     "2026-12-09")  # fmt: skip
    assert result.exit_code == 1
    assert "2026.12.1 exists already" in result.output
    assert {p.name: p.read_bytes() for p in (releases.root / "2026.12.1").iterdir()} == before
    assert releases.changelog.read_bytes() == changelog


def test_versions_only_go_up(releases):
    result = release("2026.11.5", releases.data_old, releases.root, releases.changelog,
                     "2026-12-09")  # fmt: skip
    assert result.exit_code == 1 and "before 2026.12.1" in result.output
    assert not (releases.root / "2026.11.5").exists()


@pytest.mark.parametrize(
    "version", ["2026.12", "v2026.12.0", "2026.13.0", "2026.012.0", "2026.12.01", "1.0.0",
                "2026.12.0-rc1", "../2026.12.0", ""],
)  # fmt: skip
def test_invalid_version_strings_are_refused(tmp_path, version):
    result = release(version, ROOT / "data", tmp_path / "rel", tmp_path / "CL.md", "2026-12-01")
    assert result.exit_code == 1
    assert "not a release version" in result.output
    assert not (tmp_path / "rel").exists() and not (tmp_path / "CL.md").exists()
    with pytest.raises(ReleaseError):
        parse_version(version)


@pytest.mark.parametrize("date", ["2026-13-01", "1 Dec 2026", "2026-12-1"])
def test_bad_dates_are_refused(tmp_path, date):
    result = release("2026.12.0", ROOT / "data", tmp_path / "rel", tmp_path / "CL.md", date)
    assert result.exit_code == 1 and "--date" in result.output
    assert not (tmp_path / "rel").exists()


def test_data_that_does_not_validate_is_not_released(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    with (data / "organisations.yaml").open("a", encoding="utf-8") as fh:
        fh.write("- id: broken-firm\n  type: Firm\n  label: {zh: 坏, en: Broken}\n"
                 "  doc: no-such-document\n  quote: 无\n")  # fmt: skip
    result = release("2026.12.0", data, tmp_path / "rel", tmp_path / "CL.md", "2026-12-01")
    assert result.exit_code == 2
    assert "broken-firm.doc" in result.output and "nothing was written" in result.output
    assert not (tmp_path / "rel").exists() and not (tmp_path / "CL.md").exists()


@pytest.mark.xdist_group("owlcheck")
def test_owlcheck_is_clean_on_the_release(releases, owlcheck):  # noqa: F811
    """The second release's RDF/XML (what Protégé opens) through OWL API + HermiT."""
    assert owlcheck_problems(owlcheck, releases.root / "2026.12.1" / "gskg.owl") == []


def test_the_issue_date_may_come_from_the_environment(tmp_path):
    args = ["release", "2026.12.0", "--data", str(ROOT / "data"), "--ontology",
            str(ROOT / "ontology"), "--releases", str(tmp_path / "rel"), "--changelog",
            str(tmp_path / "CL.md"), "--no-check"]  # fmt: skip
    result = CliRunner().invoke(main, args, env={"GSKG_RELEASE_DATE": "2026-12-24"})
    assert result.exit_code == 0, result.output
    meta = json.loads((tmp_path / "rel" / "2026.12.0" / "release.json").read_text("utf-8"))
    assert meta["issued"] == "2026-12-24"
    assert "## 2026.12.0 — 2026-12-24" in (tmp_path / "CL.md").read_text("utf-8")


def test_the_release_checks_the_shapes_too(tmp_path):
    """Data that builds but breaks a SHACL shape (an agreement without a date) is not
    released unless --no-check: the release runs the checks of `gskg validate`."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "agreements.yaml"
    records = yaml.safe_load(path.read_text("utf-8"))
    dated = next(r for r in records if r.get("date") and r["type"].endswith("Agreement"))
    del dated["date"]
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), "utf-8")
    result = release("2026.12.0", data, tmp_path / "rel", tmp_path / "CL.md", "2026-12-01",
                     "--check")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert f"res:{dated['id']}" in result.output and "gskg:signedOn" in result.output
    assert not (tmp_path / "rel").exists() and not (tmp_path / "CL.md").exists()
