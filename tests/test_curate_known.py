"""Known names as unseen texts write them (issue 21, round 4): the other width of brackets,
a known name after the place it is in, and a country that only qualifies a longer name."""

from __future__ import annotations

from test_curate_rules import PUBLISHED, drafted, known, of  # noqa: F401 - the module's fixture

from gskg.curate.draft import draft


def _ids(proposals: list[dict]) -> set[str]:
    return {p["id"] for p in of(proposals, "mention")}


def _new(proposals: list[dict]) -> set[str]:
    return {p["label"]["zh"] for p in proposals if p["kind"] in ("entity", "dated")}


def test_full_width_brackets_meet_the_known_name(known: tuple) -> None:  # noqa: F811
    proposals = drafted(known, "中国（深圳）综合开发研究院副所长王振表示。")
    assert "china-development-institute" in _ids(proposals)
    assert not any("综合开发研究院" in n for n in _new(proposals))


def test_a_known_name_after_its_place_is_that_name(known: tuple) -> None:  # noqa: F811
    proposals = drafted(known, "广州市人民政府印发广州南沙科学城总体发展规划。")
    assert "nansha-science-city" in _ids(proposals)
    assert "广州南沙科学城" not in _new(proposals)


def test_a_country_qualifying_a_longer_name_is_no_mention(known: tuple) -> None:  # noqa: F811
    proposals = drafted(known, "全力建设中国特色社会主义先行示范区,来源:中国新闻网。")
    assert "china" not in _ids(proposals)
    named = drafted(known, "中国的创新集群数量居世界第一,与美国加州湾区相比。")
    assert {"china", "united-states"} <= _ids(named)


def test_a_places_government_is_one_body(known: tuple) -> None:  # noqa: F811
    # the seeds' graph lacks Shenzhen's government: a body of its own, not a kind (政府)
    proposals = drafted(known, "为了促进消费,深圳市政府也投入真金白银。")
    assert "深圳市政府" in _new(proposals)


def test_a_government_before_its_work_report_is_no_name(known: tuple) -> None:  # noqa: F811
    proposals = drafted(known, "今年的广东省政府工作报告提出,深圳要稳住制造业。")
    assert "广东省政府" not in _new(proposals)


def test_a_firms_registered_name_meets_its_short_name() -> None:
    from gskg.curate.names import name_key

    assert name_key("腾讯科技（深圳）有限公司") == name_key("腾讯公司") == "腾讯"
    assert name_key("华为技术有限公司") == "华为"


def test_traditional_characters_meet_the_known_name(known: tuple) -> None:  # noqa: F811
    proposals = drafted(known, "粵港澳大湾区的发展战略。")
    assert "greater-bay-area" in _ids(proposals)
    assert not _new(proposals)


def test_a_cooperation_zones_park_is_the_zone(known: tuple) -> None:  # noqa: F811
    records, onto = known  # the rules alone (the filter of new names would hide the rule)
    text = "河套深港科技创新合作区深圳园区提出79项改革任务。"
    proposals = draft(text, "test-doc", PUBLISHED, records, onto, accept=False)
    assert "hetao-cooperation-zone" in _ids(proposals)
    assert not any("合作区" in n for n in _new(proposals))


def test_a_zone_written_without_the_city_inside_its_name(known: tuple) -> None:  # noqa: F811
    proposals = drafted(known, "广州科学城与中新知识城集聚了一批生物医药企业。")
    assert "sino-singapore-guangzhou-knowledge-city" in _ids(proposals)
    assert "中新知识城" not in _new(proposals)


def test_a_name_and_its_campus_in_brackets_are_one_name(known: tuple) -> None:  # noqa: F811
    """港科大（广州）, 港中大（深圳）: one name each (not 港科大, nor 中大 = Sun Yat-sen
    University inside 港中大); 香港科技大学(广州) is the known campus, not the university;
    a firm's registered name (腾讯科技（深圳）有限公司) is no campus."""
    text = "大湾区已有港科大（广州）、澳科大（珠海）、港中大（深圳）等合作办学高校。"
    proposals = drafted(known, text)
    names = {p["label"]["zh"] for p in of(proposals, "entity")}
    assert {"港科大（广州）", "澳科大（珠海）", "港中大（深圳）"} <= names
    assert not names & {"港科大", "澳科大", "港中大", "中大（深圳）"}
    assert "sun-yat-sen-university" not in {p["id"] for p in proposals}
    ids = {p["id"] for p in drafted(known, "香港科技大学(广州)已建设41个跨学科主题实验室。")}
    assert "hkust-guangzhou" in ids and "hkust" not in ids
    firm = drafted(known, "腾讯科技（深圳）有限公司获得资助。")
    assert not any("campus" in p["why"] for p in firm)


def test_a_name_the_model_cuts_before_zhong_is_one_name(known: tuple) -> None:  # noqa: F811
    """覃伟|中 在会上…: the model and jieba read 中 as "in"; before a verb, a preposition or
    a mark it ends the name 覃伟中, and no shorter person 覃伟 is proposed beside it."""
    text = (
        "深圳召开人大会议。\n深圳市委副书记、市长覃伟中在会上作政府工作报告。"
        "覃伟中表示，深圳将加快建设。"
    )
    people = [p["label"]["zh"] for p in of(drafted(known, text), "entity") if p["type"] == "Person"]
    assert people == ["覃伟中"]


def test_an_author_is_no_part_of_the_affiliation_after_it(known: tuple) -> None:  # noqa: F811
    """A research paper's byline (杨泽森华南理工大学公共政策研究院): a person's name before a
    known or tagged organisation does not start the organisation's name."""
    text = "粤港澳大湾区协同创新网络研究\n曾志敏　杨泽森华南理工大学公共政策研究院 广州 510640"
    names = {p["label"]["zh"] for p in of(drafted(known, text), "entity")}
    assert not any(n.startswith("杨泽森") and len(n) > 3 for n in names), names


def test_a_party_congress_and_its_report_are_names(known: tuple) -> None:  # noqa: F811
    """党的十八大, 中共三大, 十九大 are congresses (events), 十九大报告 a report, each proposed
    once (党的十八大 and 十八大 are one); 五大都市圈, 十大行动计划, 第一大省 are counts."""
    text = (
        "广东召开会议。\n党的十八大以来，广东改革不断深化。我十八大以后第一次来广东。"
        "在这里，中共三大开启了建党新篇章。对照十九大报告提出的要求，十九大以来广东扎实推进。"
        "广东五大都市圈实施十大行动计划，是全国第一大省。"
    )
    entities = {p["label"]["zh"]: p["type"] for p in of(drafted(known, text), "entity")}
    congresses = {n: t for n, t in entities.items() if "大" in n and t in ("Event", "Report")}
    assert congresses == {"党的十八大": "Event", "中共三大": "Event", "十九大报告": "Report",
                          "十九大": "Event"}  # fmt: skip
