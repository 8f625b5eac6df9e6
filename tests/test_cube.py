"""The statistics as a Data Cube (gskg.cube): period resources, one data set per
document, cited reports — on the built graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from pyoxigraph import Store

from gskg.pipeline.cube import period_labels, period_slug
from gskg.pipeline.load import load_data
from gskg.sparql.store import open_store
from gskg.values import parse_period

RES = "https://w3id.org/gskg/resource/"
PREFIXES = """PREFIX gskg: <https://w3id.org/gskg/ontology#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.mark.parametrize(
    ("period", "slug", "zh", "en"),
    [
        ("2020", "period-2020", "2020年", "2020"),
        ("2019-09", "period-2019-09", "2019年9月", "2019-09"),
        ({"label": "2020年1-9月", "start": "2020-01", "end": "2020-09"},
         "period-2020-01-2020-09", "2020年1月–2020年9月", "2020-01 – 2020-09"),
        ({"label": "截至2019年11月底", "end": "2019-11"}, "period-to-2019-11",
         "截至2019年11月", "up to 2019-11"),
        ({"label": "2019年以来", "start": 2019}, "period-from-2019", "2019年起", "from 2019"),
        ({"label": "未注明"}, "period-unstated", "未注明", "not stated"),
        ({"label": "近年"}, "period-", "近年", "“近年” (no dates)"),
    ],
)  # fmt: skip
def test_period_resources(period, slug, zh, en) -> None:
    parsed = parse_period(period)
    assert period_slug(parsed).startswith(slug)
    assert period_labels(parsed) == {"zh": zh, "en": en}


@pytest.fixture(scope="module")
def store(built_graph: Path) -> Store:
    return open_store(built_graph / "gskg.nt")


def rows(store: Store, query: str) -> list[dict[str, str]]:
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: r[n].value for n in names if r[n] is not None} for r in result]


def test_one_data_set_per_document_with_observations(store) -> None:
    found = rows(
        store,
        """SELECT ?ds (COUNT(?obs) AS ?n) WHERE {
        ?obs qb:dataSet ?ds . ?ds a qb:DataSet ; qb:structure ?dsd } GROUP BY ?ds""",
    )
    records, _ = load_data(ROOT / "data")
    assert len(found) == len({r.data["doc"] for r in records if r.type == "Observation"})
    total = rows(store, "SELECT (COUNT(*) AS ?n) WHERE { ?o a gskg:Observation }")
    assert sum(int(r["n"]) for r in found) == int(total[0]["n"])


def test_periods_have_dates_and_labels(store) -> None:
    (row,) = rows(
        store,
        f"""SELECT ?s ?e ?zh ?en WHERE {{ <{RES}period-2020> gskg:periodStart ?s ;
        gskg:periodEnd ?e ; rdfs:label ?zh , ?en .
        FILTER(lang(?zh) = "zh" && lang(?en) = "en") }}""",
    )
    assert row == {"s": "2020-01-01T00:00:00", "e": "2020-12-31T23:59:59", "zh": "2020年",
                   "en": "2020"}  # fmt: skip


@pytest.mark.parametrize(
    ("slug", "end"),
    [
        ("period-2018", "2018-12-31T23:59:59"),  # a year ends at its last second
        ("period-to-2019-11", "2019-11-30T23:59:59"),  # 截至2019年11月底: end of November
        ("period-2021-06", "2021-06-30T23:59:59"),  # 2021年6月: the end of June
        ("period-2016-2020", "2020-12-31T23:59:59"),  # 2016-2020年: the end of 2020
    ],
)
def test_periods_end_at_the_end_of_their_interval(store, slug, end) -> None:
    found = rows(store, f"SELECT ?e WHERE {{ <{RES}{slug}> gskg:periodEnd ?e }}")
    assert found == [{"e": end}]
    observed = rows(
        store,
        f"""SELECT ?e WHERE {{ ?o gskg:refPeriod <{RES}{slug}> ;
        gskg:periodEnd ?e }}""",
    )  # the observation's own periodEnd agrees
    assert observed and {r["e"] for r in observed} == {end}


REPORT_QUERY = """SELECT ?figure ?doc ?quote WHERE {
    ?figure gskg:fromReport ?report .
    ?ax owl:annotatedSource ?figure ; owl:annotatedProperty gskg:fromReport ;
        owl:annotatedTarget ?report ; gskg:source ?doc ; gskg:quote ?quote .
    VALUES ?report { <%s> } } ORDER BY ?figure"""


@pytest.mark.parametrize(
    ("report", "figures", "doc"),
    [
        ("china-ai-computing-power-report-2021-2022", 6, "ai-synergy-paper"),
        ("guangdong-regional-competitiveness-report-2019", 6, "nanfang-2020-dual-core"),
        ("china-city-talent-attraction-ranking", 6, "cnr-2021-twin-cities"),
    ],
)
def test_which_figures_come_from_a_report_and_which_documents_cite_it(
    store, report, figures, doc
) -> None:
    found = rows(store, REPORT_QUERY % (RES + report))
    assert len(found) == figures
    assert {r["doc"] for r in found} == {RES + doc}
    assert all(r["quote"] for r in found)  # the quote stays on the figure
