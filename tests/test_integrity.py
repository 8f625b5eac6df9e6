"""The W3C Data Cube integrity constraints (gskg.integrity) on the built graph: none is
violated, and each broken cube below violates exactly the constraint it should."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from gskg.checks.integrity import check_cube_file, constraints, violations
from gskg.errors import GskgError

PREFIXES = """PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX gskg: <https://w3id.org/gskg/ontology#>
PREFIX res: <https://w3id.org/gskg/resource/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
OBS = "res:obs-total-investment-zengcheng"


def test_all_twenty_one_constraints_are_shipped() -> None:
    ids = [c.id for c in constraints()]
    assert ids == [f"ic-{n:02d}" for n in range(1, 19)] + ["ic-19a", "ic-19b", "ic-20", "ic-21"]
    assert all(c.query.lstrip().startswith("# IC-") for c in constraints())
    assert [c.id for c in constraints() if c.instances] == ["ic-20", "ic-21"]


def test_the_built_graph_is_a_well_formed_cube(built_graph: Path) -> None:
    assert check_cube_file(built_graph / "gskg.nt") == []


# (what is broken, SPARQL Update applied to the built graph, the constraints it violates)
BROKEN = [
    ("observation without data set", f"DELETE WHERE {{ {OBS} qb:dataSet ?d }}", ["ic-01"]),
    (
        "observation in two data sets",
        f"INSERT DATA {{ {OBS} qb:dataSet res:dataset-ai-synergy-paper }}",
        ["ic-01"],
    ),
    ("data set without structure", "DELETE WHERE { ?d qb:structure ?s }", ["ic-02"]),
    ("dimension without range", "DELETE WHERE { gskg:refPeriod rdfs:range ?r }", ["ic-04"]),
    ("observation without period", f"DELETE WHERE {{ {OBS} gskg:refPeriod ?p }}", ["ic-11"]),
    ("observation without unit", f"DELETE WHERE {{ {OBS} gskg:unitOfMeasure ?u }}", ["ic-13"]),
    ("observation without value", f"DELETE WHERE {{ {OBS} gskg:value ?v }}", ["ic-14"]),
    (
        "duplicate observation",
        "INSERT { res:obs-copy ?p ?o } WHERE { " + OBS + " ?p ?o }",
        ["ic-12"],
    ),
]


@pytest.fixture(scope="module")
def nt(built_graph: Path) -> bytes:
    return (built_graph / "gskg.nt").read_bytes()


@pytest.mark.parametrize(("what", "update", "violated"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_cube_fails_its_constraint(nt, what, update, violated) -> None:
    store = ox.Store()
    store.load(nt, format=ox.RdfFormat.N_TRIPLES)
    store.update(PREFIXES + update)
    assert [c.id for c in violations(store)] == violated


@pytest.mark.parametrize("content", [None, b"not rdf at all <"])
def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path, content) -> None:
    path = tmp_path / "graph.nt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(GskgError, match="graph.nt"):
        check_cube_file(path)


def test_missing_constraint_queries_are_an_error_not_a_pass(tmp_path) -> None:
    with pytest.raises(GskgError, match="constraint queries are missing"):
        violations(ox.Store(), tmp_path)
