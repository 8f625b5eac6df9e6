"""The link report, the VoID linksets and the identifier table check."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from linkfixtures import DATA, IDENTIFIERS_CSV, build

from gskg.cli import main
from gskg.linking.links import check_identifiers, link_report, render_report

VOID = "http://rdfs.org/ns/void#"


@pytest.fixture(scope="module")
def links_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data of tests/fixtures/links, built (once per module)."""
    return build(DATA, tmp_path_factory.mktemp("links-dist")).parent


@pytest.mark.parametrize(
    ("cls", "counts", "without"),
    [
        ("City", {"wikidata": 1, "geonames": 2, "ror": 0}, ["foshan", "shenzhen"]),
        ("Province", {"wikidata": 1, "geonames": 1, "ror": 0}, []),
        ("District", {"wikidata": 0, "geonames": 0, "ror": 0}, ["nansha"]),
        ("Firm", {"wikidata": 1, "geonames": 0, "ror": 1}, ["alibaba"]),
    ],
)
def test_link_report_counts_per_class(links_build, cls, counts, without):
    report = {c.cls: c for c in link_report(links_build / "gskg.nt")}
    assert {kind: report[cls].count(kind) for kind in counts} == counts
    assert [e.slug for e in report[cls].without("wikidata")] == without
    assert "SourceDocument" not in report


def test_rendered_report_lists_who_lacks_an_id(links_build):
    text = render_report(link_report(links_build / "gskg.nt"))
    assert "  City                              3         1         2     0" in text
    assert "    nansha                               南沙 / Nansha" in text
    assert "foshan                               佛山 / Foshan  [has geonames]" in text


@pytest.mark.parametrize(
    ("kind", "header", "line"),
    [
        ("wikidata", "without a Wikidata id (candidates for `gskg reconcile`):", "    shenzhen"),
        ("geonames", "without a GeoNames id:", "    shenzhen"),
        ("ror", "without a ROR id:", "    guangzhou"),
    ],
)
def test_report_lists_who_lacks_each_kind(links_build, kind, header, line):
    text = render_report(link_report(links_build / "gskg.nt"), kind=kind)
    lacking = text.split("\n\n", 1)[1].splitlines()
    assert lacking[0] == header
    assert any(x.startswith(line + " ") for x in lacking)
    city = "    guangzhou                            广州 / Guangzhou  [has wikidata, geonames]"
    assert (city in lacking) == (kind == "ror")


@pytest.mark.parametrize(
    ("name", "predicate", "target", "triples"),
    [
        ("wikidata", "http://www.w3.org/2002/07/owl#sameAs", "https://www.wikidata.org/", 3),
        ("geonames", "http://www.w3.org/2004/02/skos/core#closeMatch",
         "https://www.geonames.org/", 3),
        ("ror", "http://www.w3.org/2000/01/rdf-schema#seeAlso", "https://ror.org/", 1),
    ],
)  # fmt: skip
def test_void_has_a_linkset_per_target(links_build, name, predicate, target, triples):
    store = ox.Store()
    store.bulk_load(path=str(links_build / "void.ttl"), format=ox.RdfFormat.TURTLE)
    rows = list(
        store.query(f"""PREFIX void: <{VOID}>
        SELECT ?pred ?target ?n ?space WHERE {{
          <https://w3id.org/gskg/dataset> void:subset ?ls .
          ?ls a void:Linkset ; void:linkPredicate ?pred ; void:objectsTarget ?target ;
              void:triples ?n ; void:subjectsTarget <https://w3id.org/gskg/dataset> .
          ?target a void:Dataset ; void:uriSpace ?space .
          FILTER(STRENDS(STR(?ls), "/linkset/{name}"))
        }}""")
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row["pred"].value, row["target"].value) == (predicate, target)
    # the VoID count is the number of link statements in the build
    nt = (links_build / "gskg.nt").read_text().splitlines()
    links = [s for s in nt if f"<{predicate}> <{row['space'].value}" in s]
    assert int(row["n"].value) == len(links) == triples


def test_conflicting_rows_never_become_same_as(links_build):
    applied, problems = check_identifiers(links_build / "gskg.nt", IDENTIFIERS_CSV)
    assert applied == 6  # 广州 深圳 佛山 广东省 华为 阿里巴巴
    assert problems == [
        "shenzhen (深圳): wikidata Q15174 from the table is missing",
        "foshan (佛山): wikidata Q34412 from the table is missing",
    ]


def test_a_row_applies_by_english_name_and_by_identifier(tmp_path):
    """An entity named by its full legal name is still checked, through its English label or
    an identifier of the row it already carries."""
    res, label = "https://w3id.org/gskg/resource/", "http://www.w3.org/2000/01/rdf-schema#label"
    firm = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/gskg/ontology#Firm>"
    nt = tmp_path / "gskg.nt"
    nt.write_text(
        f"<{res}hisi> {firm} .\n"
        f'<{res}hisi> <{label}> "深圳市海思科技有限公司"@zh .\n'
        f'<{res}hisi> <{label}> "HiSilicon"@en .\n'
        f"<{res}camb> {firm} .\n"
        f'<{res}camb> <{label}> "深圳市寒武纪智能科技有限公司"@zh .\n'
        f'<{res}camb> <https://w3id.org/gskg/ontology#rorId> "https://ror.org/0"'
        "^^<http://www.w3.org/2001/XMLSchema#anyURI> .\n"
    )
    table = tmp_path / "identifiers.csv"
    table.write_text(
        "label_zh,label_en,wikidata,geonames,ror,status,note\n"
        "海思,HiSilicon,Q3135124,,,verified,\n"
        "寒武纪,Cambricon,,,https://ror.org/0,ror-only,\n"
        "无关,Unrelated,Q1,,,verified,\n"
    )
    applied, problems = check_identifiers(nt, table)
    assert applied == 2
    assert problems == ["hisi (海思): wikidata Q3135124 from the table is missing"]


def test_links_and_stats_commands(links_build):
    runner = CliRunner()
    result = runner.invoke(main, ["links", "--dist", str(links_build)])
    assert result.exit_code == 0 and "without a Wikidata id" in result.output
    result = runner.invoke(main, ["links", "--dist", str(links_build), "--csv",
                                  str(IDENTIFIERS_CSV)])  # fmt: skip
    assert result.exit_code == 1 and "6 rows match entities of the graph, 2 problem(s)" in (
        result.output
    )
    result = runner.invoke(main, ["stats", "--dist", str(links_build)])
    assert result.exit_code == 0 and "external identifiers per class:" in result.output


def test_every_checked_identifier_of_the_shipped_data_is_in_the_graph(built_graph):
    """identifiers.csv rows whose entity is in data/ are in the build; conflicting never sameAs."""
    applied, problems = check_identifiers(built_graph / "gskg.nt", IDENTIFIERS_CSV)
    assert problems == []
