"""Reports and ranks (issue 21, items 3 and 5): a report in 《》 or a government work report
is a dated Report record, a bare day (27日) is a day of the month the text is in, a coarser
date does not replace the finer one 同日 refers to; a rank (第2位) reuses the rank indicator
its sentence names; 总投资 is the measure of its amount."""

from __future__ import annotations

import datetime as dt

from test_curate_rules import drafted, known, of  # noqa: F401 - the module's fixture

from gskg.curate.periods import find_times


def reports(proposals: list[dict]) -> dict[str, str]:
    return {p["label"]["zh"]: p["date"] for p in proposals if p.get("type") == "Report"}


def test_a_report_released_is_a_dated_report(known: tuple) -> None:  # noqa: F811
    text = "世界知识产权组织27日公布《2024年全球创新指数》百强科技集群。"
    text += "2017年中国科学院发布的《中国区域创新能力评价报告》显示，广东排名第一。"
    assert reports(drafted(known, text)) == {
        "2024年全球创新指数": "2021-06-27",  # the test's publication date is 2021-06-30
        "中国区域创新能力评价报告": "2017",
    }


def test_a_work_report_is_dated_by_its_year_or_the_opening_date(known: tuple) -> None:  # noqa: F811
    text = (
        "2017年3月，总理在政府工作报告中提出建设大湾区。2018年政府工作报告进一步提升其定位。"
        "在近日公布的《中国外贸竞争力百强城市榜单》中，佛山较2019年上升了2位。"
    )
    # the rules' reading of the dates (which of them are records is the date model's call,
    # measured by its cross-validation: bench/README.md)
    got = reports(drafted(known, text, dates=False))
    # 近日 is the month of publication (the test's: 2021-06), not 较2019年's year
    assert got == {
        "政府工作报告": "2017-03",
        "2018年政府工作报告": "2018",
        "中国外贸竞争力百强城市榜单": "2021-06",
    }


def test_a_bare_day_is_of_the_month_before() -> None:
    [day] = find_times("世界知识产权组织27日公布报告", dt.date(2024, 8, 27))
    assert day.date == "2024-08-27"
    assert find_times("28日公布", dt.date(2024, 8, 27)) == []  # after the publication: unknown
    [month, day] = find_times("2020年10月，双方于22日签约", None)
    assert day.date == "2020-10-22"


def test_same_day_after_a_year_keeps_the_day(known: tuple) -> None:  # noqa: F811
    text = "4月11日，深圳市七届人大二次会议开幕。\n2021年，深圳力争增长6%。\n"
    text += "同日，深圳市发改委发布《深圳市2022年政府投资项目计划》。"
    [plan] = [p for p in drafted(known, text) if p.get("label", {}).get("zh", "").endswith("计划")]
    assert plan["date"] == "2021-04-11"


def test_a_rank_reuses_the_rank_indicator(known: tuple) -> None:  # noqa: F811
    text = "“深圳—香港—广州”科技集群连续五年位列全球创新指数科技集群第2位。"
    [rank] = [p for p in of(drafted(known, text), "figure") if p["value"] == 2]
    assert rank["indicator"] == "global-innovation-cluster-rank"


def test_total_investment_is_a_measure(known: tuple) -> None:  # noqa: F811
    text = "深圳重大项目计划共安排项目883个，总投资35674.8亿元。"
    [total] = [p for p in of(drafted(known, text), "figure") if p["value"] == 35674.8]
    assert total["indicator"] == "total-investment"


def test_a_statistics_release_is_a_dated_report(known: tuple) -> None:  # noqa: F811
    # the test's publication date is 2021-06-30: 去年12月 is 2020-12
    text = "从深圳市统计局去年12月底发布的《2020年1-11月深圳经济运行情况》,依然可以一窥端倪。"
    assert reports(drafted(known, text)) == {"2020年1-11月深圳经济运行情况": "2020-12"}


def test_a_lists_notice_opening_a_news_line_is_dated(known: tuple) -> None:  # noqa: F811
    # 【X讯】 and a (首席记者 …) byline open the line: the prose after them is kept
    text = (
        "【深圳商报讯】（首席记者 王海荣）6月17日，深圳市科创委对2020年度企业研究开发资助计划"
        "第二批拟资助企业名单进行公示，1180家企业拟获资助。"
    )
    proposals = drafted(known, text)
    dated = {p["label"]["zh"]: p["date"] for p in of(proposals, "dated")}
    assert dated == {"2020年度企业研究开发资助计划第二批拟资助企业名单公示": "2021-06-17"}
    assert 1180 in {p["value"] for p in of(proposals, "figure")}
