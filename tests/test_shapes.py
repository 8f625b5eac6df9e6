"""SHACL shapes (pyshacl): each rule the issue asks for, broken once on a good fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from gskg.checks.shapes import check_shapes

FIXTURES = Path(__file__).parent / "fixtures" / "ontology"
PREFIXES = """
PREFIX gskg: <https://w3id.org/gskg/ontology#>
PREFIX res:  <https://w3id.org/gskg/resource/>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
"""
AGREEMENT = "res:gz-sz-agreement (StrategicCooperationAgreement)"
OBSERVATION = "res:obs-gz-patents-2020 (Observation)"
TYPE_AXIOM = "?ax owl:annotatedSource res:obs-gz-patents-2020 ; owl:annotatedProperty rdf:type"

CASES = {
    "one party": (
        "DELETE DATA { res:gz-sz-agreement gskg:hasParty res:shenzhen }",
        f"{AGREEMENT}: an agreement needs at least two parties (gskg:hasParty)",
    ),
    "party not an agent": (
        "INSERT DATA { res:gz-sz-agreement gskg:hasParty res:ai }",
        f"{AGREEMENT}: each party (gskg:hasParty) must be a gskg:Agent (found res:ai)",
    ),
    "no date": (
        "DELETE WHERE { res:gz-sz-agreement gskg:signedOn ?d }",
        f"{AGREEMENT}: an agreement needs exactly one date (gskg:signedOn, xsd:dateTime)",
    ),
    "no area": (
        "DELETE WHERE { res:obs-gz-patents-2020 gskg:refArea ?a }",
        f"{OBSERVATION}: an observation needs exactly one area (gskg:refArea)",
    ),
    "no indicator": (
        "DELETE WHERE { res:obs-gz-patents-2020 gskg:indicator ?a }",
        f"{OBSERVATION}: an observation needs exactly one gskg:Indicator (gskg:indicator)",
    ),
    "value not decimal": (
        "DELETE WHERE { res:obs-gz-patents-2020 gskg:value ?v } ;"
        " DELETE WHERE { ?ax owl:annotatedProperty gskg:value ; ?p ?o } ;"
        ' INSERT DATA { res:obs-gz-patents-2020 gskg:value "many" }',
        f"{OBSERVATION}: an observation needs exactly one value (gskg:value, xsd:decimal)"
        " (found 'many')",
    ),
    "no unit": (
        "DELETE WHERE { res:obs-gz-patents-2020 gskg:unit ?u }",
        f"{OBSERVATION}: an observation needs exactly one unit (gskg:unit, a string)",
    ),
    "no period": (
        "DELETE WHERE { res:obs-gz-patents-2020 gskg:periodLabel ?u }",
        f"{OBSERVATION}: an observation needs exactly one period (gskg:periodLabel)",
    ),
    "no unit of the table": (
        "DELETE WHERE { res:obs-gz-patents-2020 gskg:unitOfMeasure ?u }",
        f"{OBSERVATION}: an observation needs exactly one unit of the unit table"
        " (gskg:unitOfMeasure, a gskg:Unit)",
    ),
    "no reference period": (
        "DELETE WHERE { res:obs-gz-patents-2020 gskg:refPeriod ?p }",
        f"{OBSERVATION}: an observation needs exactly one reference period"
        " (gskg:refPeriod, a gskg:Period)",
    ),
    "unit without scale": (
        "DELETE WHERE { res:unit-wan-jian gskg:conversionMultiplier ?m }",
        "res:unit-wan-jian (Unit): a unit needs exactly one scale to its base unit"
        " (gskg:conversionMultiplier, xsd:decimal)",
    ),
    "no source": (
        f"DELETE WHERE {{ {TYPE_AXIOM} ; ?p ?o }}",
        f"{OBSERVATION}: an observation needs a source: an owl:Axiom annotating its rdf:type"
        " with gskg:source",
    ),
    "two zh labels": (
        'INSERT DATA { res:ai rdfs:label "智能"@zh }',
        "res:ai (Topic): needs exactly one rdfs:label in zh",
    ),
    "no en label": (
        'DELETE DATA { res:ai rdfs:label "artificial intelligence"@en }',
        "res:ai (Topic): needs exactly one rdfs:label in en",
    ),
    "label in another language": (
        'INSERT DATA { res:ai rdfs:label "KI"@de }',
        "res:ai (Topic): rdfs:label must be tagged zh or en (found 'KI'@de)",
    ),
    "bad precision": (
        "DELETE WHERE { res:gz-sz-agreement gskg:datePrecision ?p } ;"
        ' INSERT DATA { res:gz-sz-agreement gskg:datePrecision "week" }',
        f'{AGREEMENT}: gskg:datePrecision is one of "year", "month", "day" (found \'week\')',
    ),
    "axiom without quote": (
        "DELETE { ?ax gskg:quote ?q } WHERE { ?ax owl:annotatedProperty gskg:cooperatesWith ;"
        " gskg:quote ?q }",
        "axiom on «res:guangzhou gskg:cooperatesWith res:shenzhen»: every fact needs a quote"
        " (gskg:quote, text)",
    ),
    "axiom without source": (
        "DELETE { ?ax gskg:source ?q } WHERE { ?ax owl:annotatedProperty gskg:cooperatesWith ;"
        " gskg:source ?q }",
        "axiom on «res:guangzhou gskg:cooperatesWith res:shenzhen»: every fact needs a source"
        " (gskg:source, a gskg:SourceDocument)",
    ),
    "axiom about a statement not made": (
        "DELETE DATA { res:guangzhou gskg:cooperatesWith res:shenzhen }",
        "axiom on «res:guangzhou gskg:cooperatesWith res:shenzhen»: the statement this axiom"
        " annotates is not in the graph",
    ),
}


@pytest.fixture
def graph() -> Graph:
    return Graph().parse(FIXTURES / "individuals.ttl")


def test_good_fixture_conforms(graph):
    assert check_shapes(graph) == []


@pytest.mark.parametrize(("update", "expected"), list(CASES.values()), ids=list(CASES))
def test_each_rule(graph, update, expected):
    graph.update(PREFIXES + update)
    assert check_shapes(graph) == [expected]


def test_input_graph_is_not_changed(graph):
    before = len(graph)
    check_shapes(graph)
    assert len(graph) == before
