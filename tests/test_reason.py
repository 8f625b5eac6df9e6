"""HermiT through owlready2 (`check_consistency`), and owlcheck — the OWL API + HermiT
checks Protégé users would hit — on the ontology, on an export-shaped file and on the
built export."""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from rdflib import Graph

from gskg.checks.reason import ONTOLOGY_PATHS, check_consistency, load_graph

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "ontology"
OWLCHECK_DIR = ROOT.parent / "shared" / "tools" / "owlcheck"
PREFIXES = """
@prefix gskg: <https://w3id.org/gskg/ontology#> .
@prefix res:  <https://w3id.org/gskg/resource/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix wd:   <http://www.wikidata.org/entity/> .
"""


def test_curated_individuals_are_consistent():
    assert check_consistency(FIXTURES / "individuals.ttl", extra=ONTOLOGY_PATHS) == []


def test_city_and_firm_is_reported_by_name():
    problems = check_consistency(FIXTURES / "city_and_firm.ttl", extra=ONTOLOGY_PATHS)
    assert problems == ["res:foo is typed City and Firm, which are disjoint"]


@pytest.mark.parametrize(
    ("turtle", "expected"),
    [
        (  # a firm used as a place: the range of locatedIn makes it one
            "res:acme a gskg:Firm . res:lab a gskg:Laboratory ; gskg:locatedIn res:acme .",
            "res:acme is both Firm (typed) and Place (object of gskg:locatedIn (range Place)), "
            "which are disjoint",
        ),
        (  # an agreement signed by a policy
            "res:deal a gskg:Agreement ; gskg:hasParty res:plan . res:plan a gskg:Plan .",
            "res:plan is both Agent (object of gskg:hasParty (range Agent)) and Plan (typed), "
            "which are disjoint",
        ),
        (  # a district and a zone given the same Wikidata item
            "res:nansha-district a gskg:District ; owl:sameAs wd:Q1 ."
            " res:nansha-zone a gskg:PilotZone ; owl:sameAs wd:Q1 .",
            "res:nansha-district (District) and res:nansha-zone (PilotZone) are one individual"
            " by owl:sameAs, but District and PilotZone are disjoint",
        ),
        (  # a class below two disjoint classes
            "gskg:Bogus a owl:Class ; rdfs:subClassOf gskg:City , gskg:Firm .",
            "class Bogus is unsatisfiable (it can have no members)",
        ),
        (  # xsd:date crashes HermiT: reported before it runs
            'res:deal a gskg:Agreement ; gskg:signedOn "2020-10-01"^^xsd:date .',
            "res:deal gskg:signedOn 2020-10-01 is typed xsd:date, which OWL 2 reasoners reject; "
            "use xsd:dateTime plus gskg:datePrecision",
        ),
    ],
)
def test_contradictions_are_explained(tmp_path, turtle, expected):
    path = tmp_path / "case.ttl"
    path.write_text(PREFIXES + turtle, encoding="utf-8")
    assert check_consistency(path, extra=ONTOLOGY_PATHS) == [expected]


# ─── owlcheck (../shared/tools/owlcheck): zero unparsed triples, DL profile, labels, HermiT


def owlcheck_missing() -> list[str]:
    """The system packages owlcheck needs that are not installed (scripts/system-deps.sh
    installs them as `make test` starts)."""
    missing = [] if shutil.which("javac") else ["javac (default-jdk-headless)"]
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "libowlapi-java"],
                            capture_output=True, text=True)  # fmt: skip
    return missing + ([] if "install ok installed" in status.stdout else ["libowlapi-java"])


@pytest.fixture(scope="session")
def owlcheck() -> Path:
    """The owlcheck command, set up (idempotent: apt/pip only on the first run)."""
    if not (OWLCHECK_DIR / "owlcheck").exists():
        pytest.skip(f"owlcheck not found at {OWLCHECK_DIR}")
    missing = owlcheck_missing()
    assert not missing, f"{', '.join(missing)} missing: run `make system-deps` (as root)"
    # with the packages present setup.sh never calls apt (so no wait on its lock): it only
    # makes its venv and compiles its Java class. One test process at a time: two xdist
    # workers making the same venv at once on a new machine broke each other's pip.
    with open(Path(tempfile.gettempdir()) / "gskg-owlcheck-setup.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        setup = subprocess.run(
            ["bash", str(OWLCHECK_DIR / "setup.sh")], capture_output=True, text=True, timeout=900
        )
    assert setup.returncode == 0, setup.stdout + setup.stderr
    return OWLCHECK_DIR / "owlcheck"


def owlcheck_problems(owlcheck: Path, *files: Path) -> list[str]:
    """Every problem owlcheck reports on `files` (merged), [] when clean."""
    run = subprocess.run(
        [str(owlcheck), "--compact", "-q", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)["summary"]["problems"]


@pytest.mark.xdist_group("owlcheck")
def test_owlcheck_ontology(owlcheck):
    assert owlcheck_problems(owlcheck, *ONTOLOGY_PATHS) == []


@pytest.mark.xdist_group("owlcheck")
@pytest.mark.parametrize("fmt", ["turtle", "xml"])
def test_owlcheck_export_shaped_file(owlcheck, tmp_path, fmt):
    """Ontology + facts with axiom annotations in one file, as `gskg build` writes them."""
    graph: Graph = load_graph([*ONTOLOGY_PATHS, FIXTURES / "individuals.ttl"])
    path = tmp_path / ("gskg.ttl" if fmt == "turtle" else "gskg.owl")
    graph.serialize(path, format=fmt, encoding="utf-8")
    assert owlcheck_problems(owlcheck, path) == []


@pytest.mark.xdist_group("owlcheck")
@pytest.mark.parametrize("name", ["gskg.ttl", "gskg.owl"])
def test_owlcheck_built_export(owlcheck, built_graph, name):
    """What Protégé's OWL API makes of the export of the shipped data: nothing to report."""
    assert owlcheck_problems(owlcheck, built_graph / name) == []


@pytest.mark.xdist_group("owlcheck")
def test_owlcheck_catches_the_contradictory_fixture(owlcheck):
    problems = owlcheck_problems(owlcheck, *ONTOLOGY_PATHS, FIXTURES / "city_and_firm.ttl")
    assert any(p.startswith("[consistency]") for p in problems)
