"""The ontology itself: the terms the data uses, bilingual documentation, one kind per term,
named domains and ranges, alignment without imports, and the generated docs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from gskg.checks.reason import (
    ONTOLOGY_DIR,
    ONTOLOGY_PATHS,
    disjoint_pairs,
    load_graph,
    superclasses,
)
from gskg.docs import (
    END,
    START,
    mermaid_diagram,
    readme_diagram_problems,
    update_readme,
    write_html,
)

G = Namespace("https://w3id.org/gskg/ontology#")
VANN = Namespace("http://purl.org/vocab/vann/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a closed namespace warns under pytest
ROOT = Path(__file__).parent.parent
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

CLASSES = [
    "Place",
    "Country",
    "Province",
    "City",
    "District",
    "BayArea",
    "Region",
    "AdministrativeArea",
    "Platform",
    "Laboratory",
    "ScienceCity",
    "InnovationZone",
    "PilotZone",
    "CooperationZone",
    "IndustrialPark",
    "ResearchInstitute",
    "University",
    "SupercomputingCentre",
    "LargeScienceFacility",
    "InnovationCentre",
    "Organization",
    "Firm",
    "GovernmentBody",
    "Association",
    "MediaOrganization",
    "Person",
    "Agent",
    "Event",
    "Topic",
    "Agreement",
    "FrameworkAgreement",
    "StrategicCooperationAgreement",
    "JointVentureFounding",
    "CoConstructionAgreement",
    "CooperationAgreement",
    "Policy",
    "Opinion",
    "ActionPlan",
    "Plan",
    "Notice",
    "Indicator",
    "Observation",
    "SourceDocument",
    "Membership",
]

OBJECT = [
    "locatedIn",
    "partOf",
    "branchOf",
    "hasBranch",
    "coBuiltBy",
    "coBuilds",
    "foundedBy",
    "founded",
    "memberOf",
    "cooperatesWith",
    "supports",
    "ledBy",
    "hasTopic",
    "hasParty",
    "partyTo",
    "signedAt",
    "occasion",
    "issuedBy",
    "heldAt",
    "refArea",
    "indicator",
    "member",
    "organization",
]
DATES = ["signedOn", "issuedOn", "foundedOn", "heldOn", "publishedOn", "periodStart", "periodEnd"]
DATATYPE = [
    *DATES,
    *[
        "datePrecision",
        "periodLabel",
        "value",
        "unit",
        "measures",
        "fileName",
        "roleTitle",
        "rorId",
    ],
]
ANNOTATION = ["source", "quote", "curatorNote", "about"]

# (property, domain, range) as the brief and ARCHITECTURE.md give them.
SIGNATURES = [
    ("locatedIn", OWL.Thing, G.Place),
    ("coBuiltBy", OWL.Thing, G.Agent),
    ("foundedBy", OWL.Thing, G.Agent),
    ("cooperatesWith", G.Agent, G.Agent),
    ("supports", G.Policy, OWL.Thing),
    ("hasParty", G.Agreement, G.Agent),
    ("signedAt", G.Agreement, G.Place),
    ("occasion", G.Agreement, G.Event),
    ("issuedBy", G.Policy, G.Agent),
    ("heldAt", G.Event, G.Place),
    ("refArea", G.Observation, OWL.Thing),
    ("indicator", G.Observation, G.Indicator),
    ("member", G.Membership, G.Person),
    ("value", G.Observation, XSD.decimal),
    ("rorId", G.Organization, XSD.anyURI),
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_graph(ONTOLOGY_PATHS)


def gskg_terms(graph: Graph) -> list[URIRef]:
    return sorted(
        {s for kind in KINDS for s in graph.subjects(RDF.type, kind) if str(s).startswith(G)}
    )


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        (CLASSES, OWL.Class),
        (OBJECT, OWL.ObjectProperty),
        (DATATYPE, OWL.DatatypeProperty),
        (ANNOTATION, OWL.AnnotationProperty),
    ],
)
def test_every_term_the_data_uses_is_declared_with_its_kind(onto, names, kind):
    missing = [n for n in names if (G[n], RDF.type, kind) not in onto]
    assert not missing


def test_every_iri_has_exactly_one_kind(onto):
    subjects = {s for kind in KINDS for s in onto.subjects(RDF.type, kind)}
    punned = [s for s in subjects if sum((s, RDF.type, k) in onto for k in KINDS) != 1]
    assert not punned


def test_every_predicate_used_is_declared_or_built_in(onto):
    built_in = (str(RDF), str(RDFS), str(OWL))
    declared = {s for kind in KINDS for s in onto.subjects(RDF.type, kind)}
    used = {p for p in onto.predicates() if not str(p).startswith(built_in)}
    assert used - declared == set()


@pytest.mark.parametrize("prop", [RDFS.label, SKOS.definition])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_gskg_term_is_labelled_and_defined_in_both_languages(onto, prop, lang):
    lacking = [
        t for t in gskg_terms(onto) if not any(o.language == lang for o in onto.objects(t, prop))
    ]
    assert not lacking


def test_domains_and_ranges_are_named_classes_or_datatypes(onto):
    classes = set(onto.subjects(RDF.type, OWL.Class)) | {OWL.Thing}
    for prop, pred in ((p, x) for p in gskg_terms(onto) for x in (RDFS.domain, RDFS.range)):
        for target in onto.objects(prop, pred):
            assert isinstance(target, URIRef), f"{prop} {pred} is not a named class"
            is_datatype = (prop, RDF.type, OWL.DatatypeProperty) in onto and pred == RDFS.range
            assert is_datatype or target in classes, f"{prop} {pred} {target} is no class"


@pytest.mark.parametrize(("prop", "domain", "range_"), SIGNATURES)
def test_property_signatures(onto, prop, domain, range_):
    assert list(onto.objects(G[prop], RDFS.domain)) == [domain]
    assert list(onto.objects(G[prop], RDFS.range)) == [range_]


@pytest.mark.parametrize("prop", DATES)
def test_dates_are_datetimes(onto, prop):
    assert list(onto.objects(G[prop], RDFS.range)) == [XSD.dateTime]


def test_no_datatype_outside_owl2(onto):
    bad = {XSD.date, XSD.gYear, XSD.gYearMonth}
    used = {o for o in onto.objects() if o in bad} | {
        o.datatype for o in onto.objects() if isinstance(o, Literal) and o.datatype in bad
    }
    assert not used


def test_inverses_and_symmetry(onto):
    assert (G.branchOf, OWL.inverseOf, G.hasBranch) in onto
    assert (G.coBuiltBy, OWL.inverseOf, G.coBuilds) in onto
    assert (G.foundedBy, OWL.inverseOf, G.founded) in onto
    assert (G.hasParty, OWL.inverseOf, G.partyTo) in onto
    assert (G.cooperatesWith, RDF.type, OWL.SymmetricProperty) in onto


def test_header(onto):
    header = URIRef("https://w3id.org/gskg/ontology")
    assert list(onto.subjects(RDF.type, OWL.Ontology)) == [header]
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator):
        assert {o.language for o in onto.objects(header, prop)} == {"zh", "en"}
    assert onto.value(header, OWL.versionInfo) is not None
    assert onto.value(header, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert onto.value(header, OWL.versionIRI) is not None
    for prop in (DCTERMS.created, DCTERMS.modified):
        assert onto.value(header, prop).datatype == XSD.dateTime
    assert str(onto.value(header, VANN.preferredNamespacePrefix)) == "gskg"
    assert str(onto.value(header, VANN.preferredNamespaceUri)) == str(G)


def test_alignment_imports_nothing_and_maps_classes_by_annotation(onto):
    assert not list(onto.objects(None, OWL.imports))
    wikidata = "http://www.wikidata.org/entity/"
    for pred in (OWL.sameAs, OWL.equivalentClass, RDFS.subClassOf):
        assert not [o for o in onto.objects(None, pred) if str(o).startswith(wikidata)]
    assert (G.City, SKOS.closeMatch, URIRef(wikidata + "Q515")) in onto
    alignment = Graph().parse(ONTOLOGY_DIR / "alignment.ttl")
    assert not list(alignment.subjects(RDF.type, OWL.Ontology))  # one header in the export


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        ("City", "AdministrativeArea"),
        ("AdministrativeArea", "Agent"),
        ("AdministrativeArea", "Place"),
        ("Organization", "Agent"),
        ("Person", "Agent"),
        ("ScienceCity", "Place"),
        ("ScienceCity", "Platform"),
        ("IndustrialPark", "Place"),
        ("Laboratory", "Organization"),
        ("Laboratory", "Platform"),
        ("University", "Organization"),
        ("StrategicCooperationAgreement", "Agreement"),
        ("JointVentureFounding", "Agreement"),
        ("ActionPlan", "Policy"),
    ],
)
def test_hierarchy(onto, sub, sup):
    assert G[sup] in superclasses(onto)[G[sub]]


def _disjoint(onto: Graph, a: str, b: str) -> bool:
    up = superclasses(onto)
    pairs = disjoint_pairs(onto)
    return any(
        frozenset((x, y)) in pairs for x in up.get(G[a], {G[a]}) for y in up.get(G[b], {G[b]})
    )


@pytest.mark.parametrize(
    ("a", "b", "disjoint"),
    [
        ("City", "Firm", True),
        ("City", "District", True),
        ("Firm", "Place", True),
        ("GovernmentBody", "Place", True),
        ("District", "Platform", True),
        ("Agreement", "Policy", True),
        ("Observation", "SourceDocument", True),
        ("Agreement", "Agent", True),
        ("Person", "Organization", True),
        ("Opinion", "Notice", True),
        ("Place", "Organization", False),  # zones are places, labs organisations: both platforms
        ("Laboratory", "Organization", False),
        ("ScienceCity", "Place", False),
        ("Firm", "MediaOrganization", False),
        ("FrameworkAgreement", "StrategicCooperationAgreement", False),
    ],
)
def test_disjointness(onto, a, b, disjoint):
    assert _disjoint(onto, a, b) is disjoint


def test_diagram_shows_classes_hierarchy_and_properties(onto):
    diagram = mermaid_diagram(onto)
    assert diagram.startswith("```mermaid\nclassDiagram")
    assert "AdministrativeArea <|-- City" in diagram
    assert "Agreement --> Agent : hasParty" in diagram
    assert "partyTo" not in diagram  # inverses are not drawn twice
    assert "+decimal value" in diagram


def test_update_readme_replaces_only_the_diagram(onto, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# gskg\n\n{START}\nold\n{END}\n\nrest\n", encoding="utf-8")
    assert readme_diagram_problems(readme, onto)
    assert update_readme(readme, onto) is True
    assert readme_diagram_problems(readme, onto) == []
    assert update_readme(readme, onto) is False
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# gskg\n\n") and text.endswith("\n\nrest\n")


def test_readme_without_markers_is_reported(onto, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# gskg\n", encoding="utf-8")
    assert "markers" in readme_diagram_problems(readme, onto)[0]


def test_the_repository_readme_diagram_is_current(onto):
    assert readme_diagram_problems(ROOT / "README.md", onto) == []


def test_pylode_html(onto, tmp_path):
    out = write_html(onto, tmp_path / "ontology.html")
    html = out.read_text(encoding="utf-8")
    assert "Guangzhou–Shenzhen Knowledge Graph ontology" in html
    assert "SupercomputingCentre" in html and "hasParty" in html
