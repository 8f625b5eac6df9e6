"""The sixth tuning round (issue 21): the event of a dated clause without a known name
(clauses.py), the dates it needs (11月 without a year, 近日, 过去的一年), and relations only
with their construction (a department's member belongs to its organisation; one proposal
per relation in a review).

The sentences are written for these tests in the constructions of news texts, not copied
from the corpus: a rule must read a construction, not one text."""

from __future__ import annotations

import datetime as dt

import pytest
from test_curate_rules import drafted, known, of  # noqa: F401 - the module's fixture

from gskg.curate.dated import dated
from gskg.curate.entities import Mention
from gskg.curate.periods import find_times
from gskg.curate.relations import _posts

PUBLISHED = dt.date(2021, 6, 30)


def _events(sentence: str, published: dt.date = PUBLISHED, anchor: str | None = None) -> dict:
    """{label: (date, type, rule)} of the clause reader's events in `sentence` (no name
    tagged: every record comes from the clause)."""
    found = dated(sentence, [], published, lambda a, b: a == b, anchor)
    return {d.label: (d.when.date, d.type, d.kind) for d in found}


@pytest.mark.parametrize(
    ("sentence", "label", "date", "type_", "rule"),
    [
        # a launch: the subject, then its verb
        ("今年3月，南沙国际人才港正式启用，已有40多家机构入驻。", "南沙国际人才港正式启用",
         "2021-03", "Event", "launch"),
        # a construction start: the project after 开工的
        ("去年底开工的黄埔医疗器械产业园项目已完成主体结构。", "黄埔医疗器械产业园项目开工",
         "2020", "Event", "start"),
        # a programme set up, its subject before the date (广州市从2015年起设立了…)
        ("为支持青年人才，佛山市从2015年起设立了青年科技人才专项。",
         "佛山市设立了青年科技人才专项", "2015", "Plan", "found"),
        # a document issued, named by its kind only (印发办法)
        ("2019年6月，工信部、商务部印发办法，支持企业开拓市场。", "工信部、商务部印发办法",
         "2019-06", "Policy", "issue"),
        # a letter written, and one named in 《》
        ("2018年5月，12名教授联名给总理写了一封信，反映科研经费问题。",
         "12名教授联名给总理写了一封信", "2018-05", "Event", "letter"),
        ("2月1日，市委书记在《致全市企业家的一封信》中感谢企业。",
         "市委书记《致全市企业家的一封信》", "2021-02-01", "Event", "letter"),
        # a city becoming something
        ("2010年，东莞成为国家创新型城市试点，产业基础扎实。", "东莞成为国家创新型城市试点",
         "2010", "Event", "become"),
        # a visit without a visitor named before it: the clause ends with its verb
        ("2015年，上任后首次离京考察，总理就来到广东。", "上任后首次离京考察", "2015", "Event",
         "visit"),
        # the verb, then 于 and its date
        ("该研究中心(简称“中心”)成立于2006年，由三方共建。", "该研究中心成立", "2006", "Event",
         "found"),
        ("港珠澳大桥开通于2018年10月。", "港珠澳大桥开通", "2018-10", "Event", "launch"),
        # a firm's listing (not 上市公司, a listed firm)
        ("自佛山第一家上市公司佛山照明在1993年登陆深交所以来，佛山每年新增上市公司。",
         "佛山第一家上市公司佛山照明登陆深交所", "1993", "Event", "list"),
        # a meeting held, named by the verb's object
        ("3月9日，南沙区举行重点项目签约及集中开工动员活动。", "重点项目签约及集中开工动员活动",
         "2021-03-09", "Event", "meet"),
        # a meeting the tagger did not name, its verb ending the clause
        ("5月20日，第三届湾区科技合作交流会在东莞开幕。", "第三届湾区科技合作交流会在东莞开幕",
         "2021-05-20", "Event", "meet"),
    ],
)  # fmt: skip
def test_a_dated_clause_names_its_event(sentence: str, label: str, date: str, type_: str,
                                        rule: str) -> None:  # fmt: skip
    assert _events(sentence) == {label: (date, type_, f"event ({rule})")}


@pytest.mark.parametrize(
    "sentence",
    [
        "近日，宝安区集中发布了500多个应用场景。",  # issued, but no document named
        "2020年，该区提出，要加快建设创新平台。",  # 提出 a saying, not a document
        "2021年，他们观看了纪录片《大桥开通》。",  # a verb inside a title is part of a name
        "该中心预计2025年建成并投入使用。",  # what is to come is not yet an event
        "深惠城际力争2021年开工建设。",  # the same, the marker before the date
        "2021年，新开工项目共200个。",  # 新开工: an adjective
        "2019年，考察城市的创新能力有三方面指标。",  # 考察 with an object: a survey
        "2022年，深圳的经济总量突破3万亿元。",  # no event verb
        "2020年，该区举办了多场招商活动。",  # 举办 with an object: no one meeting
        "今年，广东省实验室设立5周年。",  # an anniversary is not the founding
        "今年成为湾区合作新平台的河套地区将吸引资源。",  # 成为…的X: a description
        "2021年，该区举办了3场招商推介会。",  # meetings counted, not one held
        "2021年佛山再度发力，新增上市公司达7家。",  # listed firms counted, not a listing
    ],
)
def test_a_dated_clause_without_an_event_proposes_nothing(sentence: str) -> None:
    assert _events(sentence) == {}


def test_a_date_inside_a_name_is_left_to_the_named_record() -> None:
    """12月10日上午，…2022年12月新开工项目启动活动…举行: the second date is part of the
    event's name; the chunk is the named record's, not a second event's."""
    sentence = "12月10日上午，深圳市2021年12月重大项目集中开工启动活动在罗湖举行。"
    event = Mention(9, 32, "深圳市2021年12月重大项目集中开工启动活动", "e", "Event", False, "")
    found = dated(sentence, [event], PUBLISHED, lambda a, b: a == b)
    assert [(d.kind, d.when.date) for d in found] == [("event", "2020-12-10")]


@pytest.mark.parametrize(
    ("text", "published", "date"),
    [
        ("11月，广东发布改革任务", dt.date(2024, 12, 21), "2024-11"),
        ("12月，广东发布改革任务", dt.date(2025, 1, 10), "2024-12"),  # later: last year's
        ("近日发布的《规划》", dt.date(2022, 1, 25), "2022-01"),
        ("前不久，合作区全面启动", dt.date(2018, 5, 22), "2018-05"),
        ("过去的一年，中央成立了领导小组", dt.date(2019, 2, 18), "2018"),
    ],
)
def test_a_date_the_text_implies_is_resolved(text: str, published: dt.date, date: str) -> None:
    [when] = find_times(text, published)
    assert when.date == date and when.note


def test_past_year_mid_year_and_recent_past_are_no_period() -> None:
    # 过去一年 in July: the twelve months before, not a calendar year
    assert find_times("过去一年，深圳GDP增长6%", dt.date(2021, 7, 1)) == []
    # 近日 dates a record, not a figure: it has no period
    [recent] = find_times("近日，深圳GDP增长6%", dt.date(2021, 7, 1))
    assert recent.period is None
    # 1-11月 stays a period of months; 2021年11月 a month of its year
    assert [t.kind for t in find_times("1-11月，2021年11月", dt.date(2021, 12, 30))] == [
        "noyear-months",
        "month",
    ]


def _m(start: int, text: str, id_: str, type_: str) -> Mention:
    return Mention(start, start + len(text), text, id_, type_, id_ != "new", "")


def test_a_member_of_a_department_is_a_member_of_its_organisation() -> None:
    s = "华南理工大学公共政策研究院副院长张三表示"
    body = _m(0, "华南理工大学公共政策研究院", "new", "ResearchInstitute")
    school = _m(0, "华南理工大学", "scut", "University")
    person = _m(16, "张三", "new", "Person")
    [rel] = _posts(s, [body, school, person])
    assert (rel.subject.text, rel.key, rel.target.id) == ("张三", "member_of", "scut")
    s = "中山大学岭南学院系主任李四认为"  # a department named after its organisation
    uni = _m(0, "中山大学", "sysu", "University")
    dept = _m(4, "岭南学院", "new", "University")
    person = _m(11, "李四", "new", "Person")
    [rel] = _posts(s, [uni, dept, person])
    assert (rel.key, rel.target.id) == ("member_of", "sysu")
    # a head's post leads the body it is the head of: not climbed
    s = "广汽集团党委书记王五"
    party = _m(0, "广汽集团党委", "new", "GovernmentBody")
    gac = _m(0, "广汽集团", "gac", "Firm")
    [rel] = _posts(s, [party, gac, _m(8, "王五", "new", "Person")])
    assert (rel.subject.text, rel.key) == ("广汽集团党委", "led_by")


def test_a_relation_is_proposed_once_per_review(known: tuple) -> None:  # noqa: F811
    text = "深圳市委书记王伟中表示，要稳增长。深圳市委书记王伟中强调，要抓创新。"
    rels = [(p["subject"], p.get("led_by")) for p in of(drafted(known, text), "relation")]
    assert len(rels) == len(set(rels)) == 1


def test_a_district_written_after_its_city_is_located_in_it() -> None:
    from gskg.curate.relations import _nested_places

    s = "佛山市的顺德区和佛山南海区政务中心"
    city, district = _m(0, "佛山市", "foshan", "City"), _m(4, "顺德区", "new", "District")
    [rel] = _nested_places(s, [city, district])
    assert (rel.subject.text, rel.key, rel.target.id) == ("顺德区", "located_in", "foshan")
    # inside a longer name too; but not a place after another word (佛山的经济与南海区)
    inner = [_m(8, "佛山", "foshan", "City"), _m(10, "南海区", "new", "District")]
    assert [r.subject.text for r in _nested_places(s, inner)] == ["南海区"]
    assert (
        _nested_places(
            "佛山的经济与南海区",
            [_m(0, "佛山", "foshan", "City"), _m(6, "南海区", "new", "District")],
        )
        == []
    )


def test_an_event_named_in_a_title_is_not_dated_by_the_sentence() -> None:
    s = "省发改委近日发布了《关于省十三届人大四次会议第12号代表建议答复的函》。"
    meeting = Mention(12, 22, "省十三届人大四次会议", "m", "Event", False, "")
    found = dated(s, [meeting], PUBLISHED, lambda a, b: a == b)
    assert [d.label for d in found if d.kind == "event"] == []


def test_a_known_record_gets_no_guessed_date(known: tuple) -> None:  # noqa: F811
    text = (
        "不久前公布的“十四五”规划纲要明确要建设大湾区。2021年3月公布的“十四五”规划纲要提出了目标。"
    )
    dates = [p["date"] for p in of(drafted(known, text), "dated") if "note" in p]
    assert dates == ["2021-03"]  # not 2021-06 from 不久前 (the test's publication month)


def test_an_anniversary_dates_no_record(known: tuple) -> None:  # noqa: F811
    text = "今年是《粤港澳大湾区发展规划纲要》发布5周年。"
    assert not [p for p in drafted(known, text) if p.get("date")]


def test_a_short_form_in_brackets_does_not_part_a_name_from_its_founding() -> None:
    s = "中国科学院深圳先进技术研究院(简称“深圳先进院”)成立于2006年，由三方共建。"
    siat = Mention(0, 14, "中国科学院深圳先进技术研究院", "siat", "ResearchInstitute", False, "")
    is_a = lambda a, b: a == b or (a, b) == ("ResearchInstitute", "Platform")  # noqa: E731
    found = dated(s, [siat], PUBLISHED, is_a)
    assert [(d.kind, d.label, d.when.date) for d in found] == [
        ("founding", "中国科学院深圳先进技术研究院", "2006")
    ]
