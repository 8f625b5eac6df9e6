"""New names a curator would accept (issue 21, item 2): a suffix after a kind, a count or a
verb makes no name; list items before 等N个园区 are names, and a tagged word inside one is
not a name of its own."""

from __future__ import annotations

import pytest
from test_curate_rules import drafted, known, of  # noqa: F401 - the module's fixture


def new_names(known: tuple, text: str) -> set[str]:  # noqa: F811
    proposals = drafted(known, text, model=False)
    return {p["label"]["zh"] for p in proposals if p["kind"] in ("entity", "dated")}


@pytest.mark.parametrize(
    "text",
    [
        "深圳有30家以上上市公司。",
        "扎实推进先进制造业园区建设。",
        "力争重点片区投资超过2000亿元。",
        "粤港澳大湾区的广东九市。",
        "没必要把所有城市群纳入。",
        "建设现代化都市圈。",
        "不含这些城市的都市区部分。",
    ],
)
def test_kinds_counts_and_acts_are_not_names(known: tuple, text: str) -> None:  # noqa: F811
    assert new_names(known, text) == set()


def test_suffixed_names_with_a_proper_word_stay(known: tuple) -> None:  # noqa: F811
    names = new_names(known, "粤港澳国家科学中心与推进大湾区建设领导小组。")
    assert {"粤港澳国家科学中心", "推进大湾区建设领导小组"} <= names


def test_listed_cities_and_bodies_named_by_their_short_forms(known: tuple) -> None:  # noqa: F811
    # 湛江 is two region abbreviations (湛, 江) but a place the dictionary knows, in a list
    # (the model finds it: drafted with the model); 广深 and 深港 stay abbreviations run
    # together; 卫生健康委 is the usual short form of a health commission
    def found(text: str) -> set[str]:
        return {p["label"]["zh"] for p in drafted(known, text) if p["kind"] == "entity"}

    assert "湛江" in found("湛茂都市圈聚焦湛江、茂名两市全域。")
    assert not {"广深", "深港"} & found("推进广深、深港两地合作。")
    assert "市卫生健康委" in new_names(known, "市政府办公厅、市卫生健康委负责。")


def test_items_listed_before_a_count_of_parks(known: tuple) -> None:  # noqa: F811
    text = "推动宝安燕罗、龙岗宝龙、龙华九龙山等20个先进制造业园区建设提速。"
    proposals = drafted(known, text)
    assert {p["label"]["zh"] for p in of(proposals, "entity")} == {
        "宝安燕罗",
        "龙岗宝龙",
        "龙华九龙山",
    }
    [figure] = of(proposals, "figure")
    assert figure["value"] == 20 and figure["area"] == ""  # the members are not the area


@pytest.mark.parametrize(
    "text",
    [
        "人民网香港8月27日电 (严小晶) 世界知识产权组织公布排名。",
        "广东初步形成设施集群(记者 程景伟 郭军)。",
        "(责编:苏缨翔、刘慧)",
        "程景伟 摄 据介绍,广东打造实验室体系。",
        "粤港澳大湾区的知识创新网络（KIN）日益密集。",
        "广州中心区和广东省开发区都在扩容。",
        "不包含深圳的河源都市区部分。",
        "建设大型文体设施和科技基础设施。",
        "是为了指出需要协调的空间范围。",
        "没必要把广东省都市圈全部纳入。",
        "促进广东九市与港澳协同发展，改造高速公路。",
        "政府要指导市县做好规划，不影响市区交通。",
        "广东南部的城市带正在浮现。",
    ],
)
def test_bylines_concepts_and_kinds_of_place_are_not_names(known: tuple, text: str) -> None:  # noqa: F811
    assert new_names(known, text) == set()


def test_a_region_named_by_the_known_bay_area_is_the_bay_area(known: tuple) -> None:  # noqa: F811
    proposals = drafted(known, "建设“粤港澳大湾区城市群”。")
    assert not of(proposals, "entity")
    assert {p["id"] for p in of(proposals, "mention")} == {"greater-bay-area"}


def test_a_short_form_and_an_acronym_name_the_same_record(known: tuple) -> None:  # noqa: F811
    text = (
        "8月3日，广东省自然资源厅发布了《广东省都市圈国土空间规划协调指引》（以下简称《指引》）。"
        "根据《指引》，范围更加明晰。深港创新研究会(SHIRA)在香港发布报告，SHIRA表示欢迎。"
    )
    proposals = drafted(known, text)
    labels = [p["label"]["zh"] for p in proposals if p["kind"] in ("entity", "dated")]
    assert "指引" not in labels and labels.count("广东省都市圈国土空间规划协调指引") == 1
    assert "SHIRA" not in labels and "深港创新研究会" in labels


def test_a_title_named_again_by_its_last_words_is_the_same_record(known: tuple) -> None:  # noqa: F811
    text = (
        "深圳市发改委发布《深圳市总部经济集聚区布局规划》。《规划》布局了40个集聚区。"
        "《深圳光明科学城总体发展规划(2020-2035)》印发，《发展规划》提出九项任务。"
    )
    labels = [p["label"]["zh"] for p in drafted(known, text) if p["kind"] in ("entity", "dated")]
    assert "规划" not in labels and "发展规划" not in labels
    assert labels.count("深圳市总部经济集聚区布局规划") == 1


def test_an_abbreviation_after_the_full_name_is_the_same_record(known: tuple) -> None:  # noqa: F811
    text = "哈尔滨工业大学(深圳)成立未来技术学院。哈工大(深圳)与深圳大学合作，深大表示欢迎。"
    labels = [p["label"]["zh"] for p in drafted(known, text) if p["kind"] == "entity"]
    assert "哈工大(深圳)" not in labels and "深大" not in labels
    assert "哈尔滨工业大学(深圳)" in labels


def test_a_known_name_without_the_places_it_is_of(known: tuple) -> None:  # noqa: F811
    records, onto = known
    forum = next(
        r for r in records if (r.data.get("label") or {}).get("zh") == "广州深圳“双城联动”论坛"
    )
    proposals = drafted(known, "两地在“双城联动”论坛上签署协议。")
    assert forum.id in {p["id"] for p in of(proposals, "mention")}
    assert "“双城联动”论坛" not in {p["label"]["zh"] for p in of(proposals, "entity")}


def test_an_event_name_keeps_its_places_and_date(known: tuple) -> None:  # noqa: F811
    text = "12月10日上午,深圳市2022年12月新开工项目启动活动举行。2023深圳·中山联合招商大会召开。"
    names = new_names(known, text)
    assert {"深圳市2022年12月新开工项目启动活动", "2023深圳·中山联合招商大会"} <= names


def test_listing_and_a_report_of_a_city_government_are_not_places(known: tuple) -> None:  # noqa: F811
    names = new_names(known, "新药获药监局批准上市。据东莞市政府工作报告透露，投资增长。")
    assert not {n for n in names if n.endswith(("上市", "市政府"))}


def test_a_body_its_post_and_a_person_make_a_relation(known: tuple) -> None:  # noqa: F811
    text = (
        "中国发展研究基金会副秘书长俞建拖表示欢迎。广汽集团党委书记、董事长曾庆洪说，"
        "合作正在推进。深圳市委副书记、市长陈如桂出席。"
    )
    proposals = drafted(known, text)
    labels = {p["id"]: p["label"]["zh"] for p in proposals if p.get("label")}
    got = set()
    for p in of(proposals, "relation"):
        key = next(k for k in ("member_of", "led_by") if k in p)
        got.add((labels.get(p["subject"], p["subject"]), key, labels.get(p[key], p[key])))
    assert got == {("俞建拖", "member_of", "中国发展研究基金会"), ("广汽集团", "led_by", "曾庆洪")}


def test_a_county_after_its_city_is_proposed_by_its_own_name(known: tuple) -> None:  # noqa: F811
    names = new_names(known, "单在深圳海丰县，今年已有项目签约；中山大学深圳校区落户光明。")
    assert "海丰县" in names and "深圳海丰县" not in names
    assert not {n for n in names if n.startswith("大学")}


@pytest.mark.parametrize(
    "text",
    [
        "粤东、粤西、粤北地区加快发展。",  # a part of a province by its direction
    ],
)
def test_common_words_and_parts_of_a_province_are_not_names(known: tuple, text: str) -> None:  # noqa: F811
    assert new_names(known, text) == set()


def test_the_models_organisation_of_common_words_is_no_name(known: tuple) -> None:  # noqa: F811
    proposals = drafted(known, "深圳要当好新时代的先锋队,增强核心竞争力。")
    assert {p["label"]["zh"] for p in of(proposals, "entity")} == set()


@pytest.mark.parametrize(
    "text",
    [
        "鼓励本地汽车、消费电子、家用电器等领域的企业和产品参与。",  # fields listed, no names
    ],
)
def test_fields_listed_are_not_names(known: tuple, text: str) -> None:  # noqa: F811
    assert new_names(known, text) == set()


def test_the_models_hub_and_abbreviations_are_no_places(known: tuple) -> None:  # noqa: F811
    from gskg.curate.entities import Gazetteer
    from gskg.curate.names import Mention
    from gskg.curate.ner import _classify
    from gskg.curate.notnames import not_names

    assert _classify("汕潮", "LOC", {}, listed=True) is None  # 汕头 + 潮州 run together
    assert _classify("阳江", "LOC", {"阳江": "ns"}, listed=False) is not None
    names = Gazetteer.from_records(known[0]).names
    hub = Mention(0, 4, "深圳枢纽", "shenzhen-hub", "Place", False, "place (model)")
    assert not_names("深圳枢纽西丽站工程", [hub], names) == []


def test_the_models_organisation_headed_by_a_known_place_stays(known: tuple) -> None:  # noqa: F811
    # jieba has 香港浸会大学 as one common word (n): its head 香港 is a known place, so the
    # model's ORG holds a proper word; a topic's name (新能源) heads no name
    from gskg.curate.entities import Gazetteer
    from gskg.curate.ner import _headed

    names = Gazetteer.from_records(known[0]).names
    assert _headed("香港浸会大学", names)
    assert not _headed("新能源汽车", names) and not _headed("核心竞争力", names)
