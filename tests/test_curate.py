"""gskg curate: the parsers (numerals, units, periods, relative dates), the verbatim-quote
guarantee, the review file, --apply's validation and atomicity, and bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT

from gskg.cli import main
from gskg.curate.entities import Gazetteer, Known, slug
from gskg.curate.numbers import find_amounts
from gskg.curate.periods import find_times
from gskg.curate.proper import bodies
from gskg.curate.tables import table_rows
from gskg.curate.text import CurateError, decode, sentences
from gskg.pipeline import compile_graph
from gskg.pipeline.load import load_data

PUBLISHED = dt.date(2020, 1, 13)

# An excerpt of cnr-2021-twin-cities (../shared/seeds/003_…), with page debris around it.
EXCERPT = """<b id='x'><dir></dir></b>首页 研究院概况 科技研发 企业孵化
2021-10-15 15:27
来源: 央广网
在2020年10月22日举办的广州深圳“双城联动”论坛上,两地签署七项深化合作专项协议,其中第一条便是科技创新合作。

在广深“双城联动”效应的带动下,两地的技术攻关和成果开发及转移转化等工作进一步提升。数据显示,2020年广州地区登记的广深技术合同登记份数1456份、成交额137.51亿元、技术交易额118.77亿元。

在南沙香江独角兽牧场,已吸引100多家科创企业入驻。

在广州,香港科技大学(广州)分校落地南沙区,穗港科技合作园落地黄埔区……穗港合作正释放出新动能。
[编辑:马静欣]
"""
SOURCE = """
- id: test-excerpt
  type: SourceDocument
  file: excerpt.txt
  label: {zh: 摘录, en: Excerpt}
  date: "2021-10-15"
  doc: test-excerpt
  quote: 摘录
"""


def add_excerpt(ws: Path) -> None:
    """The excerpt as a source of `ws/data/`: its SourceDocument appended to sources.yaml, the
    text where a curator has it (`ws/excerpt.txt`) and where `file:` names it (`ws/corpus/`)."""
    with open(ws / "data" / "sources.yaml", "a", encoding="utf-8") as fh:
        fh.write(SOURCE)
    (ws / "excerpt.txt").write_text(EXCERPT, encoding="utf-8")
    (ws / "corpus").mkdir()
    (ws / "corpus" / "excerpt.txt").write_text(EXCERPT, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "value", "unit", "hedge"),
    [
        ("两地签署七项深化合作专项协议", "7", "项", None),
        ("总投资达212亿元", "212", "亿元", None),
        ("规模达5.8万", "5.8", "万", None),
        ("流向深圳的人才占18.6%", "18.6", "%", None),
        ("近七成企业", "7", "成", "近"),
        ("入库登记累积数量超974家", "974", "家", "超"),
        ("区域竞争力高居前两位", "2", "前N位", None),
        ("企业数量达到1 318家", "1318", "家", None),
        ("相距仅100多公里", "100", "公里", "多"),
        ("合作动意十余次", "10", "次", "余"),
        ("人口过千万", "1000", "万人", "过"),
        ("位居全国第二", "2", "位", None),
        ("GDP过两万亿元", "2", "万亿元", "过"),
    ],
)
def test_amounts(text: str, value: str, unit: str, hedge: str | None) -> None:
    [amount] = find_amounts(text)
    assert (amount.value, amount.unit, amount.hedge) == (Decimal(value), unit, hedge)
    assert text[amount.start : amount.end] == amount.text


@pytest.mark.parametrize(
    "text", ["第一条便是科技创新合作", "2019年9月", "文献[21]显示", "一个是科教重地"]
)
def test_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("text", "date", "period", "relative"),
    [
        ("2019年", "2019", "2019", False),
        ("2019年度", "2019", "2019", False),
        ("2020年10月22日", "2020-10-22", "2020-10-22", False),
        ("2016-2020年", None, {"label": "2016-2020年", "start": "2016", "end": "2020"}, False),
        ("截至2020年底", None, {"label": "截至2020年底", "end": "2020-12"}, False),
        ("截至2019年11月底", None, {"label": "截至2019年11月底", "end": "2019-11"}, False),
        (
            "2020年1-9月",
            None,
            {"label": "2020年1-9月", "start": "2020-01", "end": "2020-09"},
            False,
        ),
        ("2019年以来", None, {"label": "2019年以来", "start": "2019"}, False),
        ("去年9月", "2019-09", "2019-09", True),
        ("今年", "2020", "2020", True),
        ("上月", "2019-12", "2019-12", True),
        ("今天", "2020-01-13", "2020-01-13", True),
        ("去年8月29日", "2019-08-29", "2019-08-29", True),
        ("9月20日", "2019-09-20", "2019-09-20", True),  # after publication: last year's
        ("1月5日", "2020-01-05", "2020-01-05", True),
        ("1-9月", None, {"label": "2019年1-9月", "start": "2019-01", "end": "2019-09"}, True),
    ],
)
def test_times(text: str, date: str | None, period: object, relative: bool) -> None:
    [when] = find_times(text, PUBLISHED)
    assert (when.date, when.period, when.relative) == (date, period, relative)
    if relative:
        assert "2020-01-13" in when.note  # the note says against what it was resolved


def test_relative_dates_need_a_publication_date() -> None:
    assert find_times("去年9月", None) == []
    assert find_times("1-9月", None) == []
    assert [w.date for w in find_times("2019年8月,去年9月", None)] == ["2019-08"]


def test_sentences_skip_debris_and_keep_offsets() -> None:
    found = sentences(EXCERPT)
    assert found and all(EXCERPT[s.start : s.end] == s.text for s in found)
    joined = "".join(s.text for s in found)
    for debris in ("首页", "来源", "编辑", "15:27", "<b"):
        assert debris not in joined
    assert found[0].text.startswith("在2020年10月22日举办的")


def test_table_cells() -> None:
    text = (
        "表1 专利分布\n\n\t分类\n\t广州\n\t深圳\n\n\t\n\t专利数量（件）\n\t占全市比重"
        "\n\t本市排名(名）\n\t专利数量（件）\n\t占全市比重\n\t本市排名(名）\n\n\t数据识别"
        "\n\t1 653\n\t18.20%\n\t1\n\t3 468\n\t18.00%\n\t2\n\n正文继续。"
    )
    [row] = table_rows(text, lambda cell: cell in ("广州", "深圳"))
    got = [(str(c.value), c.unit, c.area) for c in row.cells]
    assert got == [("1653", "件", "广州"), ("18.20", "%", "广州"), ("1", "位", "广州"),
                   ("3468", "件", "深圳"), ("18.00", "%", "深圳"), ("2", "位", "深圳")]  # fmt: skip
    assert text[row.sentence.start : row.sentence.end] == row.sentence.text


def test_known_names_longest_first_and_new_names() -> None:
    records, _ = load_data(ROOT / "data")
    gaz = Gazetteer.from_records(records)
    found = gaz.mentions("在广州,广深共同推进鹏城实验室广州基地——琶洲实验室建设。")
    known = [(m.text, m.id) for m in found if m.known]
    # the longest name wins: an alias of 琶洲实验室, not 鹏城实验室 + 广州
    assert known == [("广州", "guangzhou"), ("鹏城实验室广州基地", "pazhou-laboratory"),
                     ("琶洲实验室", "pazhou-laboratory")]  # fmt: skip
    new = Gazetteer.from_records([]).mentions("目前,广深科研单位正在共建粤港澳联合实验室。")
    assert [(m.text, m.type, m.known) for m in new if m.type == "Laboratory"] == [
        ("粤港澳联合实验室", "Laboratory", False)
    ]
    assert slug("南沙", "science-city") == "nansha-science-city"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        (b"only ascii words here", "no CJK"),
    ],
)
def test_bad_documents(data: bytes, message: str) -> None:
    with pytest.raises(CurateError, match=message):
        decode(data, "x.txt")


def test_gb18030_is_read() -> None:
    assert decode("广州和深圳".encode("gb18030"), "x.txt") == "广州和深圳"


# -- the command, on a copy of data/ ---------------------------------------------------
HKUST_IN_NANSHA = """  - located_in: nansha-district
    doc: cnr-2021-twin-cities
    quote: 香港科技大学(广州)分校落地南沙区
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of data/ with the excerpt described in sources.yaml, and without one relation
    of hkust-guangzhou (so that the excerpt proposes it anew)."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    platforms = tmp_path / "data" / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    assert text.count(HKUST_IN_NANSHA) == 1
    platforms.write_text(text.replace(HKUST_IN_NANSHA, ""), encoding="utf-8")
    add_excerpt(tmp_path)
    return tmp_path


def curate(ws: Path, *args: str) -> object:
    return CliRunner().invoke(
        main, [*args, "--data", str(ws / "data"), "--ontology", str(ROOT / "ontology")]
    )


def drafted(ws: Path) -> dict:
    result = curate(ws, "curate", str(ws / "excerpt.txt"), "--doc", "test-excerpt", "-o",
                    str(ws / "review.yaml"))  # fmt: skip
    assert result.exit_code == 0, result.output
    return yaml.safe_load((ws / "review.yaml").read_text(encoding="utf-8"))


def snapshot(ws: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ws / "data").iterdir()}


def test_every_quote_is_the_text_at_its_offsets(workspace: Path) -> None:
    review = drafted(workspace)
    kinds = {p["kind"] for p in review["proposals"]}
    assert {"mention", "figure", "dated", "indicator"} <= kinds
    for p in review["proposals"]:
        assert p["accept"] is False and p["doc"] == "test-excerpt" and p["why"]
        assert EXCERPT[p["start"] : p["end"]] == p["quote"]
        assert EXCERPT[p["found"]["start"] : p["found"]["end"]] == p["found"]["text"]
        assert p["start"] <= p["found"]["start"] <= p["found"]["end"] <= p["end"]
    figures = {
        (p["value"], p["unit"], str(p["period"]))
        for p in review["proposals"]
        if p["kind"] == "figure"
    }
    assert {
        (1456, "份", "2020"),
        (137.51, "亿元", "2020"),
        (100, "家", "{'label': '未注明'}"),
    } <= figures
    [forum] = [p for p in review["proposals"] if p["kind"] == "dated" and p["type"] == "Event"]
    assert (forum["id"], forum["date"]) == ("gz-sz-twin-city-linkage-forum-2020", "2020-10-22")
    assert "by hand" in forum["note"]  # a known record: dated, but not written by --apply


def accept(ws: Path, choose, review: Path | None = None, **changes: object) -> Path:  # noqa: ANN001
    """Accept (and edit) the proposals `choose` picks, as a curator would."""
    review = yaml.safe_load((review or ws / "review.yaml").read_text(encoding="utf-8"))
    for p in review["proposals"]:
        if choose(p):
            p["accept"] = True
            p.update(changes)
    path = ws / "accepted.yaml"
    path.write_text(yaml.safe_dump(review, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def found(text: str, kind: str):  # noqa: ANN201
    return lambda p: p["kind"] == kind and p["found"]["text"] == text


def test_apply_writes_validated_records_with_the_curator(workspace: Path) -> None:
    drafted(workspace)
    review = yaml.safe_load((workspace / "review.yaml").read_text(encoding="utf-8"))
    [indicator] = [p for p in review["proposals"] if found("100多家", "indicator")(p)]
    label = {"zh": indicator["label"]["zh"], "en": "Enterprises attracted"}  # filled in
    path = accept(workspace, found("100多家", "indicator"), label=label)
    accept(workspace, found("100多家", "figure"), review=path)
    accept(workspace, lambda p: p["kind"] == "relation" and p["subject"] == "hkust-guangzhou"
           and p.get("located_in") == "nansha-district", review=path)  # fmt: skip
    platforms = (workspace / "data" / "platforms.yaml").read_text(encoding="utf-8")
    before = (workspace / "data" / "figures.yaml").read_text(encoding="utf-8")
    result = curate(workspace, "curate", "--apply", str(path), "--curator", "Wu Mei")
    assert result.exit_code == 0, result.output
    assert "wrote 2 records (2 → figures.yaml) and 1 relations of existing records" in result.output
    after = (workspace / "data" / "figures.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # appended; nothing else touched
    records, problems = load_data(workspace / "data")
    assert problems == []
    written = [r for r in records if r.data.get("doc") == "test-excerpt" and "curated" in r.data]
    assert {r.type for r in written} == {"Indicator", "Observation"}
    for rec in written:
        assert rec.data["curated"] == {"by": "Wu Mei", "date": dt.date.today().isoformat(),
                                       "via": "curate"}  # fmt: skip
        assert not {"accept", "why", "start", "end", "found", "kind"} & set(rec.data)
        assert rec.data["quote"] in EXCERPT
    [obs] = [r for r in written if r.type == "Observation"]
    assert (obs.data["indicator"], obs.data["value"], obs.data["unit"]) == (
        indicator["id"],
        100,
        "家",
    )
    [hkust] = [r for r in records if r.id == "hkust-guangzhou"]
    relation = hkust.data["relations"][-1]
    assert (relation["located_in"], relation["doc"]) == ("nansha-district", "test-excerpt")
    assert "Accepted by Wu Mei" in relation["note"]
    edited = (workspace / "data" / "platforms.yaml").read_text(encoding="utf-8")
    assert len(edited.splitlines()) == len(platforms.splitlines()) + 4  # 4 lines inserted
    # in the graph: the curator on the evidence of the record's typing statement
    lines = compile_graph(workspace / "data", ROOT / "ontology").all_lines()
    creators = [ln for ln in lines if "/dc/terms/creator>" in ln and '"Wu Mei"' in ln]
    assert len(creators) == 2


@pytest.mark.parametrize(
    ("choose", "changes", "expected"),
    [
        (found("100多家", "indicator"), {}, ".label: missing 'en' text"),
        (
            found("1456份", "figure"),
            {"quote": "改过的引文"},
            ".quote: no longer matches the document",
        ),
        (found("1456份", "figure"), {"area": "no-such-place"}, ".area: unknown id 'no-such-place'"),
        (found("1456份", "figure"), {"unit": 5}, ".unit: expected"),
        (lambda p: p["kind"] == "dated" and p["type"] == "Event", {}, ".id: already in data/"),
    ],
)
def test_apply_reports_problems_and_writes_nothing(
    workspace: Path,
    choose,
    changes: dict,
    expected: str,  # noqa: ANN001
) -> None:
    drafted(workspace)
    path = accept(workspace, choose, **changes)
    before = snapshot(workspace)
    result = curate(workspace, "curate", "--apply", str(path), "--curator", "Wu Mei")
    assert result.exit_code == 2
    assert f"{path}:" in result.output and expected in result.output
    assert "nothing was written" in result.output
    assert snapshot(workspace) == before


def test_apply_is_all_or_nothing(workspace: Path) -> None:
    """A good proposal (1456份) and a bad one (an indicator without en label): neither is
    written, and the bad one is reported."""
    drafted(workspace)
    path = accept(
        workspace, lambda p: found("1456份", "figure")(p) or found("100多家", "indicator")(p)
    )
    before = snapshot(workspace)
    result = curate(workspace, "curate", "--apply", str(path), "--curator", "Wu Mei")
    assert result.exit_code == 2 and "missing 'en' text" in result.output
    assert snapshot(workspace) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["curate", "{ws}/excerpt.txt", "--doc", "no-such-doc"], "not a document of"),
        (["curate", "{ws}/empty.txt", "--doc", "test-excerpt"], "empty"),
        (["curate", "{ws}/missing.txt", "--doc", "test-excerpt"], "cannot read"),
        (["curate", "--apply", "{ws}/broken.yaml", "--curator", "W"], "malformed YAML"),
        (["curate", "--apply", "{ws}/other.yaml", "--curator", "W"], "not a review file"),
        (["curate", "--html", "{ws}/broken.yaml"], "malformed YAML"),
        (["curate", "--apply", "{ws}/review.yaml"], "--curator"),
        (["curate", "--apply", "{ws}/review.yaml", "--curator", "W"], "nothing to write"),
    ],
)
def test_bad_input(workspace: Path, args: list[str], message: str) -> None:
    drafted(workspace)
    (workspace / "empty.txt").write_bytes(b"")
    (workspace / "broken.yaml").write_text("doc: x\nproposals: [\n", encoding="utf-8")
    (workspace / "other.yaml").write_text("- id: x\n", encoding="utf-8")
    before = snapshot(workspace)
    result = curate(workspace, *[a.format(ws=workspace) for a in args])
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert snapshot(workspace) == before


def test_changed_document_is_refused(workspace: Path) -> None:
    drafted(workspace)
    path = accept(workspace, found("1456份", "figure"))
    (workspace / "excerpt.txt").write_text(EXCERPT.replace("七项", "八项"), encoding="utf-8")
    result = curate(workspace, "curate", "--apply", str(path), "--curator", "W")
    assert result.exit_code == 1 and "has changed since the review was drafted" in result.output


@pytest.mark.parametrize(
    ("key", "subject", "target", "ok"),
    [
        ("located_in", "Laboratory", "City", True),
        ("located_in", "Laboratory", "Topic", False),
        ("co_built_by", "Laboratory", "City", True),
        ("co_built_by", "Laboratory", "Topic", False),
        ("supports", "Opinion", "City", True),
        ("supports", "City", "City", False),
        ("member_of", "Firm", "Association", True),
        ("has_topic", "Event", "Topic", True),
    ],
)
def test_relations_follow_domain_and_range(key: str, subject: str, target: str, ok: bool) -> None:
    from gskg.curate.relations import admits
    from gskg.ontology import load_ontology

    assert admits(load_ontology(ROOT / "ontology"), key, subject, target) is ok


@pytest.mark.parametrize(
    "existing", ["", "  relations:\n  - part_of: b\n    doc: d\n    quote: q\n"]
)
def test_relations_added_to_an_existing_record(existing: str) -> None:
    from gskg.curate.apply import add_relations

    text = f"# kept\n- id: a\n  type: City\n{existing}- id: b\n  type: City\n"
    item = {"located_in": "b", "doc": "d", "quote": "在b"}
    out = add_relations(text, "a", [item])
    value = yaml.safe_load(out)
    assert value[0]["relations"][-1] == item and value[1] == {"id": "b", "type": "City"}
    assert out.startswith("# kept\n") and len(value[0]["relations"]) == (2 if existing else 1)


def test_relations_already_in_data_are_not_proposed() -> None:
    from gskg.curate.draft import draft
    from gskg.ontology import load_ontology

    records, _ = load_data(ROOT / "data")
    proposals = draft(
        EXCERPT, "cnr-2021-twin-cities", None, records, load_ontology(ROOT / "ontology")
    )
    pairs = {(p["subject"], p.get("located_in")) for p in proposals if p["kind"] == "relation"}
    assert ("hkust-guangzhou", "nansha-district") not in pairs


@pytest.mark.parametrize(
    ("sentence", "name", "cls"),
    [
        ("在深圳,广深共同推进海洋实验室深圳分部的建设。", "海洋实验室深圳分部", "Laboratory"),
        ("在深圳,广深共同推进海洋实验室深圳分部的建设。", "海洋实验室", "Laboratory"),
        ("《南方》杂志记者/温柔 发自广州、深圳", "《南方》杂志", "MediaOrganization"),
        ("《南方》杂志记者/温柔 发自广州、深圳", "温柔", "Person"),
        ("在郭万达看来,广深的区域创新体系首先要对港澳开放。", "郭万达", "Person"),
        ("全国政协委员、佳都科技董事长兼CEO刘伟", "刘伟", "Person"),
        ("目前,广深科研单位正在共建粤港澳联合实验室。", "粤港澳联合实验室", "Laboratory"),
        ("隔珠江相望,同样规划面积99平方公里的南沙科学城", "南沙科学城", "ScienceCity"),
        ("《粤港澳大湾区发展规划纲要》之后", "粤港澳大湾区发展规划纲要", "Plan"),
        ("在2020年10月22日举办的广州深圳“双城联动”论坛上", "广州深圳“双城联动”论坛", "Event"),
        # names without a telling suffix (proper.py, context.py) and the newer suffixes
        ("将服务包括华为、OPPO、VIVO等知名手机厂商", "OPPO", "Organization"),
        ("并在2018年获IEEE系统人机控制论的最高学术奖", "IEEE", "Organization"),
        ("《中共中央国务院关于支持深圳建设示范区的意见》印发", "中共中央", "GovernmentBody"),
        ("《中共中央国务院关于支持深圳建设示范区的意见》印发", "国务院", "GovernmentBody"),
        ("《国务院办公厅关于加快发展的通知》印发", "国务院办公厅", "GovernmentBody"),
        ("据战新AI产业智库统计，2021年深圳有14家企业入榜", "战新AI产业智库", "Organization"),
        ("广州雄韬氢恒科技有限公司总经理助理党岱告诉记者。", "党岱", "Person"),
        ("全国人大代表、深圳大学校长 李清泉", "全国人大", "Organization"),
        ("全国政协委员、佳都科技董事长兼CEO刘伟", "佳都科技", "Organization"),
        ("比如哈佛和MIT(麻省理工)", "哈佛", "Organization"),
        ("比如旧金山湾区就是科技湾区", "旧金山湾区", "BayArea"),
        ("对京津冀城市群产业协同发展的动力机制开展了研究", "京津冀城市群", "Region"),
        ("深圳国家基因库等为代表的科技力量", "深圳国家基因库", "LargeScienceFacility"),
        ("两报联手推出“广深联动”频道", "“广深联动”频道", "Platform"),
        ("两市共建综合性国家科学中心", "综合性国家科学中心", "Platform"),
        ("依托南方创投网及其投资联盟", "南方创投网", "Platform"),
        ("智联招聘和恒大研究院推出的报告显示", "恒大研究院", "ResearchInstitute"),
        (
            "召开的推进粤港澳大湾区建设领导小组专题会议指出",
            "推进粤港澳大湾区建设领导小组",
            "GovernmentBody",
        ),
    ],
)
def test_new_names(sentence: str, name: str, cls: str) -> None:
    found = {(m.text, m.type) for m in Gazetteer.from_records([]).mentions(sentence)}
    assert (name, cls) in found


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("广州GDP过两万亿元", "GDP"),  # an acronym of a measure
        ("比如旧金山湾区就是科技湾区", "科技湾区"),  # 湾区 after a place name only
        ("推动工业互联网发展", "工业互联网"),  # 网 inside a word
        ("据不完全统计，两地有100家企业", "不完全"),
        ("习近平总书记视察前海", "习近平总"),  # 总书记 is one post
        ("《中共中央国务院关于支持深圳建设先行示范区的意见》", "中共中央国务院"),
    ],
)
def test_not_new_names(sentence: str, name: str) -> None:
    assert name not in {m.text for m in Gazetteer.from_records([]).mentions(sentence)}


@pytest.mark.parametrize(
    ("known", "sentence", "name", "cls"),
    [
        # a suffix over a known word is a new name (the known 科技创新 is a Topic)
        (("科技创新", "Topic"), "打造国际科技创新中心", "国际科技创新中心", "InnovationCentre"),
        # a short name paired with a known one, whatever follows (华工等等)
        (("华工", "University"), "北大和清华、武大和华工等等", "武大", "University"),
    ],
)
def test_new_names_beside_known_ones(
    known: tuple[str, str], sentence: str, name: str, cls: str
) -> None:
    gaz = Gazetteer({known[0]: Known("k", known[1])})
    assert (name, cls, False) in {(m.text, m.type, m.known) for m in gaz.mentions(sentence)}


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("中共中央国务院", ["中共中央", "国务院"]),
        ("国务院办公厅", ["国务院办公厅"]),
        ("国家发展和改革委员会", ["国家发展和改革委员会"]),
        ("广东省人民政府、深圳市人民政府", ["广东省人民政府", "深圳市人民政府"]),
        ("支持深圳建设", []),
    ],
)
def test_government_bodies(text: str, parts: list[str]) -> None:
    assert [text[a:b] for a, b in bodies(text)] == parts
