"""Values as the documents say them: every qualifier of the four seeds (过, 超, 多, 余, 以上, 约,
近, 左右, 前N位 …) is in data/, in the graph (gskg:valueQualifier + bounds), and on the
resource page, the city profile, compare and its CSV in zh and en; dates show at their
precision.  The seeds are scanned, not a hand list: a new marker beside a number fails here
until it is curated (or listed as not a figure, with the reason).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Server
from pyoxigraph import Store

from gskg.qualifiers import QUALIFIERS, display
from gskg.sparql.store import open_store

SEEDS = ROOT.parent / "shared" / "seeds"
NUM = r"[0-9][0-9 ,.]*[0-9]|[0-9]|[一二两三四五六七八九十百千万]+"
# A marker beside a number, and the qualifier it calls for (data/README.md, QUALIFIERS.md).
BEFORE = {"过": "more-than", "超": "more-than", "超过": "more-than", "逾": "more-than",
          "约": "about", "近": "about", "不到": "less-than", "不足": "less-than",
          "至少": "at-least", "不少于": "at-least",
          "不超过": "at-most", "最多": "at-most"}  # fmt: skip
AFTER = {"多": "more-than", "余": "more-than", "%以上": "at-least", "以上": "at-least",
         "左右": "about", "以内": "at-most", "万亿级": "at-least"}  # fmt: skip
# Markers beside a number that is not a figure of the graph (spans of years, no count).
# (制约两地: "constrains both places"; 前三名企业 are not counted in the text.)
NOT_FIGURES = {"2000多年", "40多年", "20多年", "前三名", "约两地"}
DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
          "九": 9, "十": 10, "百": 100, "千": 1000}  # fmt: skip
SCAN = re.compile(
    rf"(?P<before>{'|'.join(sorted(BEFORE, key=len, reverse=True))})?(?P<num>{NUM})"
    rf"(?P<after>{'|'.join(sorted(AFTER, key=len, reverse=True))})?"
)


def number(text: str) -> Decimal:
    """The number a snippet starts with: 1 318 → 1318, 千万 → 1000 (万人), 两万亿 → 2."""
    text = text.replace(" ", "").replace(",", "")
    return Decimal(text) if text[0].isdigit() else Decimal(DIGITS[text[0]])


def seed_markers() -> list[tuple[str, Decimal, str]]:
    """(snippet, number, qualifier code) for every marked number in the seeds."""
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for m in SCAN.finditer(text):
            code = BEFORE.get(m["before"] or "") or AFTER.get(m["after"] or "")
            if m["before"] == "近" and text[m.end("num") : m.end("num") + 1] == "年":
                code = None  # 近两年来: "in the last two years", not a figure
            if code:
                found.append((text[m.start() : m.end() + 1], number(m["num"]), code))
        for m in re.finditer(r"前([0-9一二两三四五六七八九十]+)[位名]", text):
            found.append((m[0], number(m[1]), "top"))
    return found


def observations() -> list[dict]:
    data = yaml.safe_load((ROOT / "data" / "figures.yaml").read_text(encoding="utf-8"))
    return [r for r in data if r["type"] == "Observation"]


def test_every_qualifier_in_the_seeds_is_in_the_data():
    obs = observations()
    markers = seed_markers()
    assert len(markers) >= 20  # the scan itself works
    missing = []
    for snippet, value, code in markers:
        core = snippet.rstrip("。,，、;；的家个件项次公里年位名")
        if any(word in snippet for word in NOT_FIGURES):
            continue
        stated = [o for o in obs if Decimal(str(o["value"])) == value
                  and (core in o["quote"] or core in o["quote"].replace(" ", ""))]  # fmt: skip
        if not stated or any(o.get("qualifier") != code and not o.get("value_max")
                             for o in stated):  # fmt: skip
            missing.append((snippet, code, [(o["id"], o.get("qualifier")) for o in stated]))
    assert not missing


@pytest.fixture(scope="module")
def store(built_graph: Path) -> Store:
    return open_store(built_graph / "gskg.nt")


def test_the_graph_carries_qualifier_and_bounds(store):
    q = """PREFIX gskg: <https://w3id.org/gskg/ontology#>
    PREFIX res: <https://w3id.org/gskg/resource/>
    SELECT ?o ?q ?low ?high ?sym WHERE { VALUES ?o { res:obs-gdp-guangzhou
      res:obs-ai-invention-patent-share-guangzhou res:obs-china-ai-city-rank-beijing
      res:obs-high-tech-enterprise-count-guangzhou }
      OPTIONAL { ?o gskg:valueQualifier ?q . ?q gskg:symbol ?sym }
      OPTIONAL { ?o gskg:lowerBound ?low } OPTIONAL { ?o gskg:upperBound ?high } }"""
    got = {r["o"].value.rsplit("/", 1)[1]: tuple(r[v].value if r[v] else None
                                                 for v in ("q", "low", "high", "sym"))
           for r in store.query(q, use_default_graph_as_union=True)}  # fmt: skip
    g = "https://w3id.org/gskg/ontology#"
    assert got == {
        "obs-gdp-guangzhou": (g + "MoreThan", "2", None, ">"),  # 过两万亿
        "obs-ai-invention-patent-share-guangzhou": (g + "AtLeast", "80", None, "≥"),  # 80%以上
        "obs-china-ai-city-rank-beijing": (g + "TopN", None, "5", "top"),  # 前5位
        "obs-high-tech-enterprise-count-guangzhou": (None, None, None, None),  # exact
    }


def test_every_qualifier_has_its_concept_with_both_labels(store):
    q = """PREFIX gskg: <https://w3id.org/gskg/ontology#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?c ?code ?sym ?zh ?en WHERE { ?c a gskg:ValueQualifier ;
      skos:inScheme gskg:ValueQualifiers ; skos:notation ?code ; gskg:symbol ?sym ;
      rdfs:label ?zh , ?en FILTER(LANG(?zh) = "zh" && LANG(?en) = "en") }"""
    rows = {r["code"].value: (r["c"].value.rsplit("#", 1)[1], r["sym"].value, r["zh"].value,
                              r["en"].value)
            for r in store.query(q, use_default_graph_as_union=True)}  # fmt: skip
    assert rows == {q.code: (q.local, q.symbol, q.zh, q.en) for q in QUALIFIERS.values()}


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (("2.0", "万亿元", "more-than", None, "trillion yuan"), ">2 万亿元",
         "more than 2 trillion yuan"),
        (("80.0", "%", "at-least", None, "percent"), "≥80%", "at least 80%"),
        (("40", "%", "about", None, None), "≈40%", "about 40%"),
        (("2", "前N位", "top", None, None), "前2位", "top 2"),
        (("10", "家", None, "20", "enterprises (institutions)"), "10–20 家", "10–20 enterprises"),
        (("25", "位", None, None, "rank"), "第25位", "25th"),
        (("1", "名", None, None, None), "第1名", "1st"),  # a rank read from the written unit
        (("22", "位", "about", None, "rank"), "≈第22位", "about 22nd"),
        (("14945", "件", None, None, "items"), "14,945 件", "14,945 items"),
        (("1", "家", None, None, "enterprises"), "1 家", "1 enterprise"),
        (("47", "分钟", None, None, "minute"), "47 分钟", "47 minutes"),
        (("137.51", "亿元", None, None, "hundred million yuan"), "137.51 亿元",
         "13.751 billion yuan"),  # English counts in thousands, not in 万 and 亿
    ],
)  # fmt: skip
def test_display_in_both_languages(args, zh, en):
    value, unit, code, high, unit_en = args
    assert display(value, unit, code, high, "zh", unit_en) == zh
    assert display(value, unit, code, high, "en", unit_en) == en


# ---------------------------------------------------------------- over real HTTP


@pytest.mark.parametrize(
    ("path", "zh", "en"),
    [
        ("/resource/obs-gdp-guangzhou", ">2 万亿元", "more than 2 trillion yuan"),
        ("/resource/obs-ai-invention-patent-share-shenzhen", "≥80%", "at least 80%"),
        ("/resource/guangzhou", "&gt;974 家", "more than 974 enterprises"),  # profile panel
        ("/compare", "&gt;1000 万人", "more than 10 million persons"),
    ],
)
def test_pages_show_the_qualifier_in_both_languages(live_server: Server, path, zh, en):
    for lang, text in (("zh", zh), ("en", en)):
        r = live_server.get(f"{path}?lang={lang}")
        assert r.status_code == 200
        assert text.replace(">", "&gt;") in r.text, (path, lang, text)


@pytest.mark.parametrize(
    ("path", "shown", "not_shown"),
    [
        # signed 2021年5月: month precision, on the agreement's page and on its party's panel
        ("/resource/gz-sz-hr-social-security-framework-agreement-2021", ">2021-05<", ">2021-05-01"),
        ("/resource/guangzhou", ">2021-05<", ">2021-05-01<"),
        ("/resource/period-2018", ">2018<", ">2018-12-31"),  # a period's end, at its precision
    ],
)
def test_dates_show_at_their_precision(live_server: Server, path, shown, not_shown):
    text = live_server.get(path).text
    assert shown in text and not_shown not in text


def test_gskg_check_warns_when_the_text_qualifies_an_exact_value(tmp_path):
    import shutil

    from gskg.quality import run_checks

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    figures = data / "figures.yaml"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("  value: 974\n  qualifier: more-than\n", "  value: 974\n"),
                       encoding="utf-8")  # fmt: skip
    found = [i for i in run_checks(data, ROOT / "ontology", shapes=False).items
             if i.check == "qualifiers"]  # fmt: skip
    assert [(i.record, i.severity) for i in found] == [
        ("obs-ai-enterprise-count-guangzhou", "warning")]  # fmt: skip
    assert "qualifier: more-than" in found[0].hint
    clean = run_checks(ROOT / "data", ROOT / "ontology", shapes=False).items
    assert not [i for i in clean if i.check == "qualifiers"]


def test_every_indicator_has_a_topic():
    """Compare groups indicators by topic: no "No topic given" group."""
    data = yaml.safe_load((ROOT / "data" / "figures.yaml").read_text(encoding="utf-8"))
    lacking = [r["id"] for r in data if r["type"] == "Indicator"
               and not any("has_topic" in rel for rel in r.get("relations") or [])]  # fmt: skip
    assert not lacking
