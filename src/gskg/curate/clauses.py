"""The event of a dated clause that names no record the tagger knows.

Most dated records of news are events without a name: a letter written (2017年6月，…给习近平
写了一封信), a construction started (去年底开工的…项目), a city that became something
(2007年，广州成为…基地城市), a launch (今年1月份，…正式启用), a programme set up (从2011年起
设立了…专项), a document issued (2018年5月，科技部、财政部印发办法). The reader takes the
clause a date opens (or the date inside it), finds its event verb and names the record by
the clause's words: the subject and the verb, with the verb's object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .entities import slug
from .periods import When

# a visit (韩正在广东调研); dated.py reads a named visitor's, this module an unnamed one's
VISIT = re.compile(r"考察|调研|视察")
# …发布5周年, 成立十周年: an anniversary, not the event itself
ANNIVERSARY = re.compile(r"[\d一二两三四五六七八九十百]+周年")
# (rule, verb): the event verbs, by the kind of event they tell
VERBS: list[tuple[str, re.Pattern[str]]] = [
    ("launch", re.compile(r"启用|揭牌|挂牌|开通|通车|投产|开业|开园|开馆|落地|投入使用|投入运营")),
    # not 新开工 (新开工项目: an adjective)
    ("start", re.compile(r"(?<!新)(?:开工|动工)|奠基|全面启动|正式启动")),
    ("found", re.compile(r"成立|设立|组建|创立|创设")),
    ("issue", re.compile(r"印发|发布|出台|颁布|公布|提出|写入")),
    # a letter named in 《》 (在《致广大网民朋友的拜年信》中…) is one written that day
    ("letter", re.compile(r"写了?一?封?信|致信|回信|《[^《》]{2,40}信》")),
    ("become", re.compile(r"成为|获批")),
    # a firm's listing (中旗新材的上市, 登陆深交所); not 上市公司, 上市企业 (listed firms)
    (
        "list",
        re.compile(
            r"(?<!新增)上市(?!公司|企业|家数)|登陆(?:深交所|上交所|港交所|北交所|创业板|科创板)"
        ),
    ),
    ("visit", VISIT),
    # a meeting the tagger did not name (23日，…论坛在广州开幕); a named one is _event's
    ("meet", re.compile(r"举行|召开|开幕|闭幕|举办")),
]
# what an issued document's name ends with: an issuing verb without one (发布了500多个应用
# 场景, 发布上半年经济成绩单, 提出，要…) issues no record
TITLE_END = (
    r"(?:办法|规划|方案|意见|条例|政策|策略|战略|纲要|计划|措施|通知|指引|规定|细则"
    r"|任务|清单|名单|报告)"
)
_TITLED = re.compile(rf"《[^《》]{{2,40}}》|{TITLE_END}")
_PLAN = re.compile(r"(?:规划|计划|纲要|方案|专项|工程)$")
# a clause that tells what is to come (将于今年底通车, 计划明年投产): no record yet
FUTURE = re.compile(r"将|拟|计划|预计|有望|力争|争取|(?<![主重需只])要|准备|正在")
# the words a clause opens with before its subject (就在前不久，; 以及2017年3月)
_LEAD = re.compile(r"^(?:[底末初份起]|以来|就在|就|在|于|自|从|以及|及|而|并|的|宣布|，|,)+")
CHUNK = re.compile(r"[，,：:]")


@dataclass(frozen=True)
class Event:
    """An event read from a dated clause (offsets relative to the sentence)."""

    rule: str
    type: str
    label: str
    id: str
    start: int
    end: int
    when: When


def clause_events(sentence: str, start: int, end: int, times: list[When]) -> list[Event]:
    """The events of clause `sentence[start:end]` that `times` (its dates no other record
    took) date: the first event verb after each date, in the date's comma-chunk or, when
    that chunk holds only the date (2017年6月，…), in the next two."""
    out: list[Event] = []
    cuts = [start] + [m.end() for m in CHUNK.finditer(sentence, start, end)] + [end]
    for t in times:
        i = max(k for k in range(len(cuts) - 1) if cuts[k] <= t.start)
        if (found := _verb_then_date(sentence, cuts[i], t)) is not None:
            out.append(found)
            continue
        only_date = not _LEAD.sub("", sentence[t.end : cuts[i + 1]].strip("，,：: "))
        last = i + 2 if only_date else i
        for k in range(i, min(last, len(cuts) - 2) + 1):
            found = _event(sentence, cuts[k], cuts[k + 1], t)
            if found is not None:
                out.append(found)
                break
    return out


def _event(sentence: str, a: int, b: int, when: When) -> Event | None:
    """The event of chunk `sentence[a:b]` (the date before its verb), or None."""
    chunk = sentence[a:b]
    after = max(when.end - a, 0)  # the verb follows the date
    quoted = [m.span() for m in re.finditer(r"[《“\"][^《》“”\"]*[》”\"]", chunk)]
    hits = [
        (m.start(), rule, m)
        for rule, verb in VERBS
        for m in verb.finditer(chunk, after)
        if not any(x < m.start() < y for x, y in quoted)  # not 活力中国调研行 in “”
    ]
    if not hits:
        return None
    at, rule, verb = min(hits, key=lambda h: h[0])
    if FUTURE.search(chunk, 0, at):
        return None
    rest = chunk[verb.end() :].rstrip("，,。；;：: ")
    if ANNIVERSARY.match(rest):
        return None  # 成立10周年: an anniversary, not the founding
    held = _HELD.match(re.sub(r"^了", "", rest)) if rule == "meet" else None
    if held is not None:  # 举行重点项目签约及集中开工动员活动: the meeting held
        label = held.group(1)
        return Event(rule, "Event", label, slug(label, "event"), a, b, when)
    if rule in ("visit", "meet") and rest:
        return None  # a visit ends its clause (离京考察，); 考察城市的创新能力 surveys; 举办了
        # 多场活动 holds no one meeting
    if rest.startswith("的"):  # 去年底开工的广州因湃电池工厂项目: the thing, then its verb
        obj = _object(rest[1:])
        label = obj + verb.group()
    elif verb.group().startswith("《"):  # 在《…拜年信》中: the letter itself
        obj, label = "", re.sub(r"(?:在|于)$", "", _LEAD.sub("", chunk[after:at])) + verb.group()
    else:
        obj = _object(re.sub(r"^了", "", rest))
        # the subject: before the date (广州市从2011年起设立了…) and after it
        before = re.sub(r"(?:从|自|于|在)$", "", _LEAD.sub("", chunk[: max(when.start - a, 0)]))
        subject = before + _LEAD.sub("", chunk[after:at])
        label = subject + verb.group() + (rest[: rest.find(obj) + len(obj)] if obj else "")
    if rule == "become" and "的" in obj:
        return None  # 成为港深合作新平台的落马洲河套地区: a description, not an event
    if rule == "issue" and not _TITLED.search(obj):
        return None  # 发布了500多个应用场景; 提出，要…: no document named
    label = label.strip("，,、 ")[:60]
    if len(label) < 4:
        return None
    kind = _type(rule, obj)
    return Event(rule, kind, label, slug(label, kind.lower()), a, b, when)


# what a meeting verb holds when it has an object: one meeting, named by it (举行…动员活动)
_HELD = re.compile(
    r"((?![\d一二两三四五六七八九十多数系]+[场次个项批列])[^，,。；;、]{2,40}?(?:活动|仪式|会议|大会|论坛|峰会|研讨会|发布会|"
    r"典礼|交流会|博览会|开幕式|推介会|座谈会))$"
)


# X成立于2006年, Y开通于2018年: the verb, then 于 and the date
_THEN_DATE = re.compile(r"(?P<v>成立|设立|创立|创建|组建|揭牌|挂牌|开通|通车|启用|投产|开工)于$")


def _verb_then_date(sentence: str, a: int, when: When) -> Event | None:
    """`X + verb + 于 + date` (成立于2006年): the event X + verb, dated by that date."""
    head = sentence[a : when.start]
    m = _THEN_DATE.search(head)
    if m is None:
        return None
    subject = _LEAD.sub("", re.sub(r"[（(][^（）()]{0,30}[)）]$", "", head[: m.start()]))
    label = (subject + m.group("v"))[-60:]
    if len(subject) < 2:
        return None
    rule = "found" if m.group("v") in ("成立", "设立", "创立", "创建", "组建") else "launch"
    return Event(rule, "Event", label, slug(label, "event"), a, when.end, when)


def _object(text: str) -> str:
    """The object a verb takes (up to the next verb-like break): the words before 已, 将, 在 …"""
    cut = re.search(r"已|将|正|在|是|为|并|以|，|,|。|；", text)
    return text[: cut.start()] if cut else text


def _type(rule: str, obj: str) -> str:
    """Plan or Policy when the event issues or sets up a titled document, else Event."""
    if rule in ("issue", "found") and _PLAN.search(obj.rstrip("》”")):
        return "Plan"
    if rule == "issue" and re.search(TITLE_END + r"[》”]?$", obj):
        return "Policy"
    return "Event"
