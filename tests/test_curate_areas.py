"""The area of a figure in texts comparing several places (issue 21, item 3): lists an
amount distributes over, the place an amount describes, members and yardsticks that are not
the area, groups of places, the subject of a clause, the paragraph's area."""

from __future__ import annotations

import pytest
from test_curate_rules import drafted, known, of  # noqa: F401 - the module's fixture

pytestmark = pytest.mark.usefixtures("known")


def areas(known: tuple, text: str) -> dict[float, list[str]]:  # noqa: F811
    """value → the areas of its figure proposals, in order."""
    out: dict[float, list[str]] = {}
    for p in of(drafted(known, text), "figure"):
        out.setdefault(p["value"], []).append(p["area"])
    return out


def test_each_then_respectively(known: tuple) -> None:  # noqa: F811
    text = "其中，广州和深圳2021年的GDP均超过2万亿元，分别是28232亿元和30664亿元。"
    figures = of(drafted(known, text), "figure")
    got = [(p["value"], p["area"], p["indicator"]) for p in figures]
    assert got == [
        (2, "guangzhou", "gdp"),
        (2, "shenzhen", "gdp"),
        (28232, "guangzhou", "gdp"),
        (30664, "shenzhen", "gdp"),
    ]


def test_amounts_joined_go_to_the_places_listed(known: tuple) -> None:  # noqa: F811
    text = "核心城市深圳、广州GDP占都市圈的比重达到68.61%和65.4%。"
    assert areas(known, text) == {68.61: ["shenzhen"], 65.4: ["guangzhou"]}


def test_the_place_an_amount_describes(known: tuple) -> None:  # noqa: F811
    text = "GDP突破3万亿元的深圳、2.8万亿元的广州、1.2万亿元的佛山，共同组成一个经济圈。"
    figures = of(drafted(known, text), "figure")
    assert [(p["area"], p["indicator"]) for p in figures] == [
        ("shenzhen", "gdp"),
        ("guangzhou", "gdp"),
        ("foshan", "gdp"),
    ]


def test_members_and_yardsticks_are_not_the_area(known: tuple) -> None:  # noqa: F811
    text = (
        "广东省21个地级市公布了经济运行情况。其中，包括广州、佛山、汕头在内的14个地级市"
        "增速超过全国9.8%的水平。深圳进出口总额达到25107.51亿元，位居全省第一，同比增长15.2%。"
    )
    got = areas(known, text)
    assert got[14] == ["guangdong"] and got[9.8] == ["china"]
    assert got[25107.51] == got[15.2] == ["shenzhen"]


def test_a_group_of_places_has_no_single_area(known: tuple) -> None:  # noqa: F811
    text = "据统计，五大都市圈占广东省45%以上的土地面积，80%以上的人口。"
    figures = of(drafted(known, text), "figure")
    assert [p["area"] for p in figures] == ["", ""]
    assert all("group" in p["todo"]["area"] for p in figures)


def test_the_subject_of_a_later_clause(known: tuple) -> None:  # noqa: F811
    text = (
        "被称“世界工厂”的东莞，前三季度的GDP为7694.62亿元。"
        "在近日公布的榜单中，佛山排名超越成都、南京等城市，居全国第13位。"
    )
    got = areas(known, text)
    assert got[7694.62] == ["dongguan"] and got[13] == ["foshan"]


def test_a_paragraph_keeps_its_area_until_it_ends(known: tuple) -> None:  # noqa: F811
    text = (
        "值得注意的是，东莞工业增速有所放缓。工业增加值的两年平均增速从4.7%下跌至3.8%。"
        "前三季度，广州民间投资同比增长37.7%。其中，高技术制造业投资增长11.3%。\n"
        "其中，基础设施投资增长39.7%。"
    )
    got = areas(known, text)
    assert got[4.7] == got[3.8] == ["dongguan"]
    assert got[37.7] == got[11.3] == ["guangzhou"]
    assert got[39.7] == [""]  # a new paragraph: nothing carries


def test_two_places_as_the_subject_leave_the_area_empty(known: tuple) -> None:  # noqa: F811
    text = "2019年9月,广州、深圳签署深化战略合作框架协议,包括广深第二高铁等27个合作事项。"
    [figure] = [p for p in of(drafted(known, text), "figure") if p["value"] == 27]
    assert figure["area"] == "" and "group" in figure["todo"]["area"]


def test_a_districts_report_puts_figures_on_the_district(known: tuple) -> None:  # noqa: F811
    text = (
        "深圳光明区上半年GDP增速达6.3%\n\n近日,深圳市光明区发布上半年经济成绩单。"
        "根据深圳市核算结果,上半年光明区GDP为614.71亿元。"
        "在工业方面,光明区规模以上工业增加值同比增长7.5%。"
        "\n\n上半年,社会消费品零售总额同比增长4.5%。"
    )
    found = areas(known, text)
    assert found[614.71] == ["guangming-district"]
    assert found[4.5] == ["guangming-district"]  # no place in its sentence: the text's own


def test_the_whole_a_share_is_of_is_not_the_area(known: tuple) -> None:  # noqa: F811
    """全国 before a share of it (全国12%的经济总量, 全国总人口的5%) is the whole, not the
    area; 全国 with its own rate (高于全国9.8%的水平) stays the area of that rate."""
    text = (
        "粤港澳大湾区以全国不到1%的国土面积创造出全国12%的经济总量。"
        "粤港澳大湾区人口数量不足全国总人口的5%。"
        "深圳GDP同比增长3%，高于全国9.8%的水平。"
    )
    got = areas(known, text)
    assert got[1] == got[12] == got[5] == ["greater-bay-area"]
    assert got[9.8] == ["china"]


def test_a_new_organisation_is_not_an_area(known: tuple) -> None:  # noqa: F811
    """What a figure counts (深交所上市公司家数达到3000家) is no area: a new name is an area
    only when it is a place; the figure takes the text's place, or is left for the curator."""
    text = "深圳将建设国际金融中心。到2025年，深交所上市公司家数达到3000家。"
    got = areas(known, text)
    assert got[3000] in (["shenzhen"], [""])
    assert all("company" not in a for a in got[3000])


def test_what_the_subject_is_described_as_is_no_second_subject(known: tuple) -> None:  # noqa: F811
    """作为粤港澳大湾区建设的重大平台，广州南沙…: the paragraph is about 南沙, and an amount
    of the next sentence that names no place is 南沙's."""
    text = (
        "作为粤港澳大湾区建设的重大平台，广州南沙着力把科技产业合作做深做实。"
        "一方面加快发展高新技术产业，力争到2025年形成总规模达2万亿的产业集群。"
    )
    assert areas(known, text)[2] == ["nansha-district"]


def test_what_a_difference_is_taken_against_is_not_its_area(known: tuple) -> None:  # noqa: F811
    """比全国和全省分别高1.5个和0.7个百分点, 比深圳仅高出118亿元: the places after 比 are
    yardsticks; the difference is the subject's (广州's)."""
    text = (
        "全年广州地区生产总值达到19610.94亿元，增长8.2%，比全国和全省分别高1.5个和0.7个百分点。"
        "广州GDP比深圳仅高出118亿元。"
    )
    got = areas(known, text)
    assert got[1.5] == got[0.7] == got[118] == ["guangzhou"]


def test_a_new_districts_report_puts_figures_on_the_district(known: tuple) -> None:  # noqa: F811
    """A district the graph does not know yet, named by its suffix in the opening and most
    often (番禺区's statistics report), is the text's place as a known one would be."""
    text = (
        "2016年番禺区规模以上工业经济运行情况\n"
        "2016年，番禺区规模以上工业完成总产值2123.5亿元，同比增长7.2%。\n"
        "番禺区汽车制造业产值367.05亿元。\n"
        "先进制造业增加值占规模以上工业的比重为58.2%。\n"
        "番禺区民营工业企业实现利润136.97亿元。"
    )
    got = areas(known, text)
    [district] = {a for values in got.values() for a in values}
    assert district and "panyu" in district and got[58.2] == [district]


def test_this_district_and_a_zone_named_after_its_city(known: tuple) -> None:  # noqa: F811
    """该区 is the district named last; 广州开发区 is a zone named after its city, not the
    city: the figures of "广州市黄埔区、广州开发区" are the district's."""
    text = (
        "记者20日从广州市黄埔区、广州开发区获悉，该区当天有23个重大项目集中签约落户。"
        "广州市黄埔区、广州开发区目前拥有科技企业超2万家。"
    )
    got = areas(known, text)
    assert got[23] == got[2] == ["huangpu-district"]
