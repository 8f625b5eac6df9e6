"""The analyst's questions (queries/*.rq) on the built graph: each returns what the documents say.

The graph is built once per session (`built_graph` of conftest.py, i.e. `gskg build --out TMP`)
and loaded into a pyoxigraph store through `gskg.store.open_store`, exactly as the endpoint
does.  The expected rows come from the four source documents (see data/ for the quotes).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pyoxigraph import Store

from gskg.sparql.store import open_store

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
RES = "https://w3id.org/gskg/resource/"
ONT = "https://w3id.org/gskg/ontology#"
WD = "http://www.wikidata.org/entity/"

QUERY_FILES = sorted(QUERIES.glob("[0-9][0-9]-*.rq"))


@pytest.fixture(scope="session")
def built_store(built_graph: Path) -> Store:
    """The session's build (`gskg build` into a temporary dist/) loaded into a query store."""
    return open_store(built_graph / "gskg.nt")


def run(store: Store, name: str) -> list[dict[str, str | None]]:
    """Run queries/<name>*.rq; each row as {variable: lexical value or None}."""
    (path,) = [p for p in QUERY_FILES if p.name.startswith(name)]
    result = store.query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: (None if row[n] is None else row[n].value) for n in names} for row in result]


def slug(iri: str | None) -> str | None:
    """res:… IRI → slug (other values unchanged)."""
    return iri[len(RES) :] if iri and iri.startswith(RES) else iri


def local(iri: str | None) -> str | None:
    """gskg:… class or property IRI → local name."""
    return iri[len(ONT) :] if iri and iri.startswith(ONT) else iri


def num(value: str | None) -> Decimal:
    assert value is not None
    return Decimal(value)


# ---------------------------------------------------------------- every query file


def test_ten_queries_are_shipped() -> None:
    assert [p.name[:2] for p in QUERY_FILES] == [f"{i:02d}" for i in range(1, 11)]


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_says_what_it_asks_in_chinese_and_english(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# zh: ") and len(lines[0]) > 10
    assert lines[1].startswith("# en: ") and len(lines[1]) > 10
    text = "\n".join(lines)
    assert "PREFIX gskg: <https://w3id.org/gskg/ontology#>" in text
    assert "PREFIX res: <https://w3id.org/gskg/resource/>" in text


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_runs_and_answers(built_store: Store, path: Path) -> None:
    rows = run(built_store, path.name[:2])
    assert rows, f"{path.name} returned no rows"


# ---------------------------------------------------------------- 1 platforms by city


def test_01_platforms_by_city_and_kind(built_store: Store) -> None:
    rows = run(built_store, "01")
    got = {(slug(r["city"]), slug(r["platform"]), local(r["kind"])) for r in rows}
    expected = {
        ("guangzhou", "pazhou-laboratory", "Laboratory"),
        ("guangzhou", "guangzhou-laboratory", "Laboratory"),
        ("guangzhou", "nansha-science-city", "ScienceCity"),
        ("guangzhou", "national-supercomputer-center-guangzhou", "SupercomputingCentre"),
        ("guangzhou", "gba-national-technology-innovation-center", "InnovationCentre"),
        ("guangzhou", "tsinghua-pearl-river-delta-research-institute", "ResearchInstitute"),
        ("guangzhou", "hkust-guangzhou", "University"),
        ("guangzhou", "pazhou-ai-digital-economy-pilot-zone", "PilotZone"),
        ("guangzhou", "human-cell-lineage-facility", "LargeScienceFacility"),
        ("guangzhou", "guangzhou-hong-kong-sci-tech-cooperation-park", "IndustrialPark"),
        ("shenzhen", "peng-cheng-laboratory", "Laboratory"),
        ("shenzhen", "guangming-science-city", "ScienceCity"),
        ("shenzhen", "national-supercomputing-center-shenzhen", "SupercomputingCentre"),
        ("shenzhen", "nscc-guangzhou-qianhai-sub-center", "SupercomputingCentre"),
        ("shenzhen", "sysu-shenzhen-campus", "University"),
        ("shenzhen", "shenzhen-university", "University"),
        ("shenzhen", "qianhai-shekou-area", "PilotZone"),
        ("shenzhen", "hetao-shenzhen-park", "IndustrialPark"),
    }
    assert expected <= got
    # no platform is put in the wrong city
    assert ("guangzhou", "peng-cheng-laboratory", "Laboratory") not in got
    assert ("shenzhen", "pazhou-laboratory", "Laboratory") not in got
    # both cities hold the national AI pilot-zone designation
    assert {c for c, p, _ in got if p == "national-ai-innovation-pilot-zone"} == {
        "guangzhou",
        "shenzhen",
    }
    # only platform kinds, never organisations that are not platforms
    assert not {p for _, p, k in got if k in {"Firm", "GovernmentBody", "City", "District"}}


# ---------------------------------------------------------------- 2 agreements across cities


def test_02_agreements_with_parties_in_both_cities(built_store: Store) -> None:
    rows = run(built_store, "02")
    by_id = {slug(r["agreement"]): r for r in rows}
    assert set(by_id) == {
        "baiyun-huawei-cloud-computing-strategic-agreement-2017",
        "xiongtao-qingheng-joint-venture-2019",
        "qianhai-nansha-deepening-cooperation-framework-agreement-2019",
        "gz-sz-deepening-cooperation-special-agreements-2020",
        "gz-sz-sci-tech-innovation-cooperation-agreement-2020",
        "gz-sz-hr-social-security-framework-agreement-2021",
        "gz-sz-deepening-strategic-cooperation-framework-agreement-2019",  # from corpus/
    }
    # ordered by date
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    assert dates[0].startswith("2017") and dates[-1].startswith("2021-05")
    forum = by_id["gz-sz-sci-tech-innovation-cooperation-agreement-2020"]
    assert forum["date"].startswith("2020-10-22")
    assert forum["datePrecision"] == "day"
    assert slug(forum["occasion"]) == "gz-sz-twin-city-linkage-forum-2020"
    assert set(forum["parties"].split(" / ")) == {"广州", "深圳"}
    qn = by_id["qianhai-nansha-deepening-cooperation-framework-agreement-2019"]
    assert qn["date"].startswith("2019-10-24")
    assert set(qn["parties"].split(" / ")) == {"前海", "南沙区"}
    assert slug(qn["occasion"]) == "xi-jinping-qianhai-inspection"
    hr = by_id["gz-sz-hr-social-security-framework-agreement-2021"]
    assert hr["datePrecision"] == "month" and local(hr["kind"]) == "FrameworkAgreement"
    cloud = by_id["baiyun-huawei-cloud-computing-strategic-agreement-2017"]
    assert set(cloud["parties"].split(" / ")) == {"白云区", "华为"}
    assert cloud["datePrecision"] == "year"
    # an agreement between Guangzhou and Hong Kong is not a Guangzhou–Shenzhen agreement
    assert "tsinghua-prd-hkbu-iur-agreement-2019" not in by_id


# ---------------------------------------------------------------- 3 joint ventures


def test_03_joint_venture_of_a_guangzhou_and_a_shenzhen_firm(built_store: Store) -> None:
    rows = run(built_store, "03")
    assert len(rows) == 1
    (row,) = rows
    assert slug(row["firm"]) == "guangzhou-xiongtao-qingheng"
    assert row["firmLabel"] == "广州雄韬氢恒科技有限公司"
    assert row["foundedOn"].startswith("2019-07") and row["datePrecision"] == "month"
    assert slug(row["gzFounder"]) == "guangzhou-hengyun-group"
    assert slug(row["szFounder"]) == "shenzhen-qingxiong-fuel-cell"


# ---------------------------------------------------------------- 4 branches in the other city


def test_04_platforms_one_city_runs_in_the_other(built_store: Store) -> None:
    rows = run(built_store, "04")
    got = {
        (r["homeCityLabel"], slug(r["parent"]), r["hostCityLabel"], slug(r["branch"])) for r in rows
    }
    assert got == {
        ("深圳", "peng-cheng-laboratory", "广州", "pazhou-laboratory"),
        (
            "广州",
            "national-supercomputer-center-guangzhou",
            "深圳",
            "nscc-guangzhou-qianhai-sub-center",
        ),
        (
            "广州",
            "gba-national-technology-innovation-center",
            "深圳",
            "gba-national-technology-innovation-center-shenzhen",
        ),
        ("广州", "sun-yat-sen-university", "深圳", "sysu-shenzhen-campus"),
    }
    pazhou = next(r for r in rows if slug(r["branch"]) == "pazhou-laboratory")
    assert set(pazhou["coBuiltBy"].split(" / ")) == {"广州", "深圳"}


# ---------------------------------------------------------------- 5 policies


def test_05_policies_by_issuer_level_with_period_and_focus(built_store: Store) -> None:
    rows = run(built_store, "05")
    by = {(slug(r["policy"]), r["level"]): r for r in rows}
    gz_ai = by[("guangzhou-ai-industry-chain-action-plan-2021-2023", "广州")]
    assert slug(gz_ai["issuer"]) == "guangzhou-science-and-technology-bureau"
    assert gz_ai["issuedOn"].startswith("2021-10")
    assert gz_ai["periodStart"].startswith("2021") and gz_ai["periodEnd"].startswith("2023")
    assert {"人工智能", "先进制造", "医疗", "城市治理"} <= set(gz_ai["focus"].split("、"))
    sz_ai = by[("shenzhen-new-generation-ai-action-plan-2019-2023", "深圳")]
    assert sz_ai["periodStart"].startswith("2019") and sz_ai["periodEnd"].startswith("2023")
    assert {"人工智能", "计算机视觉", "智能芯片", "智能无人机"} <= set(sz_ai["focus"].split("、"))
    plan = by[("guangzhou-comprehensive-urban-functions-action-plan-2019", "广东省")]
    assert plan["issuedOn"].startswith("2019-09") and "双城联动" in plan["focus"]
    notice = by[("notice-guangzhou-four-new-highlights-action-plan-2019", "广东省")]
    assert local(notice["kind"]) == "Notice"
    assert ("guangzhou-opening-research-resources-to-shenzhen", "广州") in by
    # a policy about neither cooperation nor AI is not listed
    assert not any(p == "opinion-supporting-shenzhen-pilot-demonstration-zone-2019" for p, _ in by)
    # every listed policy is about the twin-city linkage or AI
    assert all("双城联动" in r["focus"] or "人工智能" in r["focus"] for r in rows)


# ---------------------------------------------------------------- 6 side-by-side statistics


def test_06_statistics_for_both_cities_side_by_side(built_store: Store) -> None:
    rows = run(built_store, "06")
    keys = [(slug(r["indicator"]), slug(r["gzSource"]), slug(r["szSource"]), r.get("gzPeriod"),
             r.get("szPeriod")) for r in rows]  # fmt: skip
    assert len(set(keys)) == len(rows), "one row per pair of values"
    # GDP: each city has values from several documents; every pairing is a row, each side
    # with its own source and period (the compare page shows the same values)
    gdp = {(gz, sz) for ind, gz, sz, _, _ in keys if ind == "gdp"}
    gz_docs = {"roundtable-2020-twin-cities", "xinhua-2020-twin-city-linkage"}
    sz_docs = gz_docs | {"nandu-2022-shenzhen-h1-economy"}
    assert gdp == {(a, b) for a in gz_docs for b in sz_docs}
    over = [r for r in rows if slug(r["indicator"]) == "gdp" and slug(r["szSource"]) in gz_docs]
    assert over and all(r["gzSymbol"] == r["szSymbol"] == ">" for r in over)
    by = {slug(r["indicator"]): r for r in rows if slug(r["indicator"]) != "gdp"}
    assert len(by) == len(rows) - len(gdp), "one row for every other indicator"
    expected = {
        # indicator: (Guangzhou, Shenzhen, unit, source)
        "high-tech-enterprise-count": ("11746", "14415", "家", "nanfang-2020-dual-core"),
        "top100-hospital-count": ("11", "1", "家", "roundtable-2020-twin-cities"),
        "ai-patent-count": ("7024", "14945", "件", "ai-synergy-paper"),
        "ai-patent-growth-multiple": ("10.74", "14.26", "倍", "ai-synergy-paper"),
        "ai-enterprise-count": ("974", "1318", "家", "ai-synergy-paper"),
        "ai-joint-patents-guangzhou-shenzhen": ("32", "54", "件", "ai-synergy-paper"),
        "ai-joint-patent-total": ("882", "779", "件", "ai-synergy-paper"),
        "ai-iur-joint-patent-share": ("4.81", "1.85", "%", "ai-synergy-paper"),
        "provincial-ai-park-count": ("4", "3", "家", "ai-synergy-paper"),
        "ai-patent-count-ipc-electric-digital-data-processing": (
            "1268",
            "4446",
            "件",
            "ai-synergy-paper",
        ),
        "ai-patent-share-ipc-data-recognition": ("18.20", "18.00", "%", "ai-synergy-paper"),
        "talent-outflow-share-to-partner-city": ("18.6", "15", "%", "cnr-2021-twin-cities"),
        "economic-scale": ("2.5", "2.5", "万亿", "cnr-2021-twin-cities"),
    }
    for ind, (gz, sz, unit, src) in expected.items():
        row = by[ind]
        assert num(row["gzValue"]) == Decimal(gz), ind
        assert num(row["szValue"]) == Decimal(sz), ind
        assert row["gzUnit"] == unit and row["szUnit"] == unit, ind
        assert slug(row["gzSource"]) == src and slug(row["szSource"]) == src, ind
    # the values in the base unit: 2.5 万亿 = 2.5 × 10^12 (unit-one), 家 counts as 1
    assert num(by["economic-scale"]["gzBase"]) == Decimal("2500000000000")
    assert slug(by["economic-scale"]["baseUnit"]) == "unit-one"
    assert num(by["high-tech-enterprise-count"]["szBase"]) == Decimal("14415")
    assert by["ai-patent-count"]["gzPeriod"] == by["ai-patent-count"]["szPeriod"] == "2016-2020年"
    assert by["high-tech-enterprise-count"]["gzPeriod"] == "2018"
    assert by["ai-enterprise-count"]["gzPeriod"] == "截至2020年底"
    # a statistic given for one city only is not listed
    assert "gz-sz-technology-contract-count" not in by
    assert "ai-chip-top100-enterprise-count" not in by


# ---------------------------------------------------------------- 7 statements with sentences


def test_07_every_statement_about_an_entity_with_its_sentence(built_store: Store) -> None:
    rows = run(built_store, "07")
    got = {(slug(r["subject"]), local(r["property"]), slug(r["object"])) for r in rows}
    assert ("pazhou-laboratory", "branchOf", "peng-cheng-laboratory") in got
    assert ("pazhou-laboratory", "locatedIn", "guangzhou") in got
    assert ("pazhou-laboratory", "coBuiltBy", "shenzhen") in got
    # statements where the entity is the object are included too
    assert ("obs-project-funding-pazhou-laboratory", "refArea", "pazhou-laboratory") in got
    branch = next(r for r in rows if local(r["property"]) == "branchOf")
    assert slug(branch["source"]) == "cnr-2021-twin-cities"
    assert "鹏城实验室广州基地——琶洲实验室" in branch["quote"]
    assert all(r["quote"] and r["source"].startswith(RES) for r in rows)


# ---------------------------------------------------------------- 8 entities in a zone


def test_08_entities_in_nansha_and_qianhai(built_store: Store) -> None:
    rows = run(built_store, "08")
    nansha = {slug(r["entity"]) for r in rows if slug(r["zone"]) == "nansha-district"}
    qianhai = {slug(r["entity"]) for r in rows if slug(r["zone"]) == "qianhai"}
    assert {
        "hkust-guangzhou",
        "nansha-science-city",
        "nansha-xiangjiang-unicorn-ranch",
        "pony-ai",
        "cloudwalk",
        "nansha-district-government",
    } <= nansha
    assert {"nscc-guangzhou-qianhai-sub-center", "qianhai-authority"} <= qianhai
    assert not nansha & qianhai
    # firms in the unicorn ranch are found through it
    pony = next(r for r in rows if slug(r["entity"]) == "pony-ai")
    assert slug(pony["via"]) == "nansha-xiangjiang-unicorn-ranch"


# ---------------------------------------------------------------- 9 cooperation with academia


def test_09_cross_city_cooperation_with_universities_and_institutes(built_store: Store) -> None:
    rows = run(built_store, "09")
    got = {(slug(r["org"]), slug(r["partner"]), slug(r["institution"])) for r in rows}
    # the Shenzhen supercomputing centre works with a SCUT professor's team in Guangzhou
    assert (
        "national-supercomputing-center-shenzhen",
        "chen-junlong",
        "south-china-university-of-technology",
    ) in got
    # Tsinghua's two institutes in Shenzhen and Guangzhou share innovation resources
    assert (
        "research-institute-of-tsinghua-university-in-shenzhen",
        "tsinghua-pearl-river-delta-research-institute",
        "tsinghua-pearl-river-delta-research-institute",
    ) in got
    for r in rows:
        assert r["orgCityLabel"] != r["institutionCityLabel"]
        assert slug(r["source"]) == "nanfang-2020-dual-core" and r["quote"]
    # cooperation with Hong Kong (not across Guangzhou–Shenzhen) is not listed
    assert not any(i == "hong-kong-baptist-university" for _, _, i in got)


# ---------------------------------------------------------------- 10 Wikidata coverage


VERIFIED_QIDS = {
    "guangzhou": "Q16572",
    "shenzhen": "Q15174",
    "hong-kong": "Q8646",
    "macau": "Q14773",
    "foshan": "Q34412",
    "dongguan": "Q59218",
    "zhuhai": "Q59095",
    "beijing": "Q956",
    "nanjing": "Q16666",
    "guangdong": "Q15175",
    "huawei": "Q160120",
    "tencent": "Q860580",
    "hisilicon": "Q3135124",
    "xiaomi": "Q1636958",
    "iflytek": "Q4764375",
    "tsinghua-university": "Q16955",
    "shenzhen-university": "Q1945756",
    "sun-yat-sen-university": "Q178972",
    "south-china-university-of-technology": "Q835366",
    "hong-kong-baptist-university": "Q603686",
    "national-supercomputing-center-shenzhen": "Q6978767",
    "national-supercomputer-center-guangzhou": "Q13518432",
}


def test_10_wikidata_coverage(built_store: Store) -> None:
    rows = run(built_store, "10")
    with_wd = {slug(r["entity"]): r["wikidata"] for r in rows if r["hasWikidata"] == "true"}
    without = {slug(r["entity"]) for r in rows if r["hasWikidata"] == "false"}
    # exactly the verified identifiers of shared/links/identifiers.csv
    assert with_wd == {k: WD + q for k, q in VERIFIED_QIDS.items()}
    # the conflicting row (Alibaba) and the ROR-only entities have no Wikidata link yet
    assert {
        "alibaba",
        "pony-ai",
        "cloudwalk",
        "peng-cheng-laboratory",
        "greater-bay-area",
    } <= without
    ror = {slug(r["entity"]): r["ror"] for r in rows}
    assert ror["alibaba"] == "https://ror.org/00k642b80"
    assert ror["peng-cheng-laboratory"] == "https://ror.org/03qdqbt06"
    # entities only: no observations, indicators, topics or documents
    kinds = {local(r["kind"]) for r in rows}
    assert not kinds & {"Observation", "Indicator", "Topic", "SourceDocument", "Membership"}
    assert {"City", "Firm", "Laboratory", "Person"} <= kinds
