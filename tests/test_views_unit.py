"""The fast tier's unit tests of the site's parts, in-process on hand-made data (no store, no
server, no browser): the catalog, the search index, the compare charts, the timeline's date
spans, the XLSX download."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gskg.namespaces import GSKG, RDFS, RES, SKOS, XSD
from gskg.web.catalog import build_catalog
from gskg.web.compare import chart_key, charts
from gskg.web.searchindex import SearchIndex, grams, normalise, pinyin_key, rank, to_pinyin
from gskg.web.tabular import MAX_CELL, results_table
from gskg.web.timeline import span

LABEL, ALT = f"{RDFS}label", f"{SKOS}altLabel"


def _rows() -> dict[str, list[tuple]]:
    """A small graph's catalog rows: two cities, a district in one, a lab in the district, a
    firm founded by the lab, a figure about Guangzhou, and the class tree above them."""
    labels = [
        ("guangzhou", LABEL, ("广州", "zh")),
        ("guangzhou", LABEL, ("Guangzhou", "en")),
        ("guangzhou", ALT, ("广州市", "zh")),
        ("guangzhou", ALT, ("Canton", "en")),
        ("shenzhen", LABEL, ("深圳", "zh")),
        ("shenzhen", LABEL, ("Shenzhen", "en")),
        ("haizhu", LABEL, ("海珠区", "zh")),
        ("haizhu", LABEL, ("Haizhu District", "en")),
        ("pazhou-lab", LABEL, ("琶洲实验室", "zh")),
        ("pazhou-lab", LABEL, ("Pazhou Lab", "en")),
        ("lab-firm", LABEL, ("琶洲科技公司", "zh")),
        ("lab-firm", LABEL, ("Pazhou Tech", "en")),
        ("obs-1", LABEL, ("琶洲实验室 项目经费", "zh")),
        ("obs-1", LABEL, ("Pazhou Lab funds", "en")),
    ]
    types = [
        ("guangzhou", "City"),
        ("shenzhen", "City"),
        ("haizhu", "District"),
        ("pazhou-lab", "Laboratory"),
        ("lab-firm", "Firm"),
        ("obs-1", "Observation"),
    ]
    classes = [
        ("Place", None),
        ("City", "Place"),
        ("District", "Place"),
        ("Agent", None),
        ("Laboratory", "Agent"),
        ("Firm", "Agent"),
        ("Observation", None),
    ]
    return {
        "labels": [(RES + s, p, lv) for s, p, lv in labels],
        "types": [(RES + s, GSKG + c) for s, c in types],
        "classes": [
            (GSKG + c, GSKG + s if s else None, (c + "zh", "zh"), (c, "en")) for c, s in classes
        ],
        "paths": [
            (RES + "haizhu", RES + "guangzhou"),
            (RES + "pazhou-lab", RES + "haizhu"),
            (RES + "lab-firm", RES + "pazhou-lab"),
            (RES + "obs-1", RES + "guangzhou"),
        ],
        "topics": [(RES + "pazhou-lab", RES + "ai"), (RES + "pazhou-lab", RES + "ai")],
        "docs": [(RES + "pazhou-lab", RES + "doc-b"), (RES + "pazhou-lab", RES + "doc-a")],
        "out": [(RES + "guangzhou", 5), (RES + "pazhou-lab", 3), (RES + "obs-1", 9)],
        "in": [(RES + "guangzhou", 4)],
    }


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(build_catalog(_rows(), "v1"))


def test_catalog_labels_aliases_classes_counts(index: SearchIndex) -> None:
    gz = index.catalog.entries[RES + "guangzhou"]
    assert (gz.zh, gz.en, gz.statements) == ("广州", "Guangzhou", 9)
    assert gz.aliases == [("Canton", "en"), ("广州市", "zh")]  # sorted, whatever the store's order
    lab = index.catalog.entries[RES + "pazhou-lab"]
    assert (lab.topics, lab.docs) == ([RES + "ai"], [RES + "doc-a", RES + "doc-b"])
    assert index.catalog.label(RES + "shenzhen", "en") == "Shenzhen"
    assert index.catalog.label(RES + "nowhere") == "nowhere"


def test_catalog_cities_follow_the_paths_any_number_of_steps(index: SearchIndex) -> None:
    cities = {e.slug: e.cities for e in index.catalog.entries.values()}
    assert cities["lab-firm"] == cities["pazhou-lab"] == cities["haizhu"] == [RES + "guangzhou"]
    assert cities["guangzhou"] == [RES + "guangzhou"] and cities["shenzhen"] == [RES + "shenzhen"]


def test_catalog_members_include_subclasses(index: SearchIndex) -> None:
    members = index.catalog.members
    assert {e.slug for e in members[GSKG + "Place"]} == {"guangzhou", "shenzhen", "haizhu"}
    assert {e.slug for e in members[GSKG + "Agent"]} == {"pazhou-lab", "lab-firm"}
    assert index.catalog.subclasses(GSKG + "Place")[0] == GSKG + "Place"
    assert set(index.catalog.subclasses(GSKG + "Place")) == {
        GSKG + c for c in ("Place", "City", "District")
    }


def test_normalising_and_pinyin() -> None:
    assert normalise("  ＧＵＡＮＧ\u200bzhou\n ") == "guangzhou"
    assert pinyin_key("Pà Zhōu") == "pazhou" and pinyin_key("2020") == ""
    assert to_pinyin("琶洲实验室") == "pazhoushiyanshi"
    assert grams("广州") == {"广州"} and grams("a") == {"a"} and grams("") == set()


@pytest.mark.parametrize(
    ("query", "first", "rank_"),
    [
        ("广州", "guangzhou", 0),  # exact label
        ("Guang", "guangzhou", 1),  # label prefix
        ("实验室", "pazhou-lab", 2),  # label contains; the lab before its figure
        ("canton", "guangzhou", 3),  # exact alias
        ("pazhou", "pazhou-lab", 7),  # pinyin prefix (the label "Pazhou Lab" is tier 0 prefix)
        ("shenzhen", "shenzhen", 0),
        ("圳", "shenzhen", 2),  # one character
    ],
)
def test_search_ranks_by_kind_of_match(index, query, first, rank_) -> None:
    hits = index.search(query, 5)
    assert hits[0].entry.slug == first and rank(hits[0]) >= 0


def test_search_puts_things_before_their_figures_and_finds_nothing_for_noise(index) -> None:
    slugs = [h.entry.slug for h in index.search("琶洲实验室", 5)]
    assert slugs.index("pazhou-lab") < slugs.index("obs-1")
    assert index.search("   ") == [] and index.search("SELECT * WHERE") == []
    assert len(index.search("琶洲", 1)) == 1


def _obs(value: str, unit: str = "亿元", period: str = "2020") -> dict:
    return {
        "value": value,
        "number": Decimal(value),
        "unit": unit,
        "period": period,
        "start": None,
        "key": chart_key({"unit": unit, "period": period, "start": None}),
    }


def test_compare_charts_never_mix_units_or_periods() -> None:
    rows = [
        {"zh": "GDP", "en": "GDP", "a": [_obs("100"), _obs("5", "%")], "b": [_obs("50")]},
        {"zh": "R&D", "en": "R&D", "a": [_obs("10", period="2021")], "b": []},
    ]
    drawn = charts(rows)
    assert [(c["unit"], c["period"]) for c in drawn] == [
        ("%", "2020"),
        ("亿元", "2020"),
        ("亿元", "2021"),
    ]
    gdp = drawn[1]["bars"][0]
    assert gdp["a"]["w"] > 0 and gdp["a"]["w"] == 2 * gdp["b"]["w"]  # widths in proportion
    assert drawn[0]["bars"][0]["b"] is None  # Shenzhen has no % value: no bar, no zero bar


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2020-01-01T00:00:00", "year", ("2020", "2020-01-01", "2021-01-01")),
        ("2020-12-01T00:00:00", "month", ("2020-12", "2020-12-01", "2021-01-01")),
        ("2020-10-22T00:00:00", "day", ("2020-10-22", "2020-10-22", "2020-10-22")),
    ],
)
def test_timeline_spans_follow_the_precision(value, precision, expected) -> None:
    assert span(value, precision) == expected


RESULTS = {
    "head": {"vars": ["city", "value", "note"]},
    "results": {
        "bindings": [
            {
                "city": {"type": "uri", "value": RES + "guangzhou"},
                "value": {"type": "literal", "value": "28231.97", "datatype": f"{XSD}decimal"},
                "note": {"type": "literal", "value": "x" * (MAX_CELL + 10)},
            },
            {
                "city": {"type": "literal", "value": "深圳", "xml:lang": "zh"},
                "value": {"type": "literal", "value": "12", "datatype": f"{XSD}integer"},
                "note": {"type": "literal", "value": "=1+1"},
            },
        ]
    },
}


def test_xlsx_holds_numbers_as_numbers_and_text_as_text() -> None:
    sheet = load_workbook(io.BytesIO(results_table(RESULTS, "xlsx", 1000))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("city", "value", "note")
    assert rows[1][:2] == (RES + "guangzhou", 28231.97) and len(rows[1][2]) == MAX_CELL
    assert rows[2] == ("深圳", 12, "'=1+1")  # never a formula


def test_csv_keeps_the_lexical_forms() -> None:
    lines = results_table(RESULTS, "csv", 1000).decode().split("\r\n")
    assert lines[0] == "city,value,note" and lines[2] == "深圳,12,'=1+1"
    assert lines[1].startswith(RES + "guangzhou,28231.97,xxx")


def test_incoming_statements_sorted_here_as_the_engine_sorts(monkeypatch):
    """A resource page's incoming statements, listed whole and sorted in Python, page for
    page as the engine's `ORDER BY ?p ?x` (blank nodes first) with the same labels; axioms
    pointing at the resource are left out either way."""
    from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store

    from gskg.namespaces import OWL, RDF
    from gskg.web import resource

    store, me = Store(), NamedNode(RES + "me")
    label = NamedNode(f"{RDFS}label")
    for i, p in enumerate(["locatedIn", "hasParty", "partOf"] * 4):
        s = BlankNode(f"b{i}") if i % 5 == 0 else NamedNode(f"{RES}thing-{(i * 7) % 11}")
        store.add(Quad(s, NamedNode(GSKG + p), me))
        store.add(Quad(s, label, Literal(f"东西{i}", language="zh-Hans" if i % 2 else "zh")))
        store.add(Quad(s, label, Literal(f"thing {i}", language="en")))
    axiom = NamedNode(RES + "axiom-1")
    store.add(Quad(axiom, NamedNode(f"{RDF}type"), NamedNode(f"{OWL}Axiom")))
    store.add(Quad(axiom, NamedNode(f"{OWL}annotatedTarget"), me))
    store.add(Quad(axiom, NamedNode(GSKG + "about"), me))
    monkeypatch.setattr(resource, "PAGE", 5)
    for page in (1, 2, 3, 4):
        listed = resource._statements(store, me, outgoing=False, page=page)
        monkeypatch.setattr(resource, "LISTED", -1)  # the engine's count and ordered page
        ordered = resource._statements(store, me, outgoing=False, page=page)
        monkeypatch.setattr(resource, "LISTED", 5000)
        assert listed == ordered and listed[1] == 12
        assert len(listed[0]) == (5 if page < 3 else 2 if page == 3 else 0)
    first = resource._statements(store, me, outgoing=False, page=1)[0]
    assert first[0]["x"]["kind"] == "bnode" and first[0]["x"]["zh"].startswith("东西")
