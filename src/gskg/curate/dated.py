"""Dated records: agreements signed, policies issued, events held, organisations and
platforms founded, each with its date and the parties, issuer or place named in the
same sentence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .clauses import ANNIVERSARY, VISIT, clause_events
from .entities import TITLES, Mention, slug
from .periods import When, find_times

IsA = Callable[[str, str], bool]

# what a report's title ends with; a statistics office's release (…经济运行情况, 统计公报)
_REPORT_END = r"(?:报告|白皮书|蓝皮书|指数|排行榜|榜单|运行情况|统计公报|公报)"
# (kind, trigger words, the class the record is of, or of which the mention must be)
TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    ("agreement", re.compile(r"签署|签订|签约|签下|达成")),
    ("policy", re.compile(r"印发|发布|出台|颁布|公布|发文|通过")),
    # 对2020年度…拟资助企业名单进行公示: the notice of a list, named by what it lists
    ("notice", re.compile(r"对(?P<x>[^，,。；;：:对]{4,60}?)(?:进行|予以)公示")),
    ("event", re.compile(r"举办|举行|召开|开幕|闭幕|启动|开展|推出|强调|提出|")),
    (
        "report",
        re.compile(rf"《[^《》]{{2,60}}{_REPORT_END}》|政府工作报告"),
    ),
    # a person's visit, the commonest dated record of a news broadcast (韩正在广东调研)
    ("visit", VISIT),
    (
        "founding",
        re.compile(r"成立|创立|组建|设立|揭牌|挂牌|启动建设|开工|动工|诞生|合资建设|落户"),
    ),
]
_OBJECT = re.compile(
    r"(?:签署|签订|签约|签下|达成)(?:了)?(?P<obj>[^，,。；;、]{0,30}?(?:协议|协定|备忘录))"
)
AGENTS = ("Organization", "AdministrativeArea", "Person")
_REPORT = re.compile(rf"《([^《》]{{2,60}}{_REPORT_END})》")


@dataclass
class Dated:
    """A dated record found in one sentence (offsets relative to the sentence)."""

    kind: str  # agreement | policy | notice | event | report | founding | visit
    type: str
    label: str
    id: str
    start: int  # the words that name the record or its trigger
    end: int
    agents: list[Mention] = field(default_factory=list)
    place: Mention | None = None
    mention: Mention | None = None  # the named record it dates (a new entity), if any
    when: When | None = None


def dated(
    sentence: str,
    mentions: list[Mention],
    published: dt.date | None,
    is_a: IsA,
    anchor: str | None = None,
    day: When | None = None,
    last_day: str | None = None,
) -> list[Dated]:
    """The dated records of one sentence (at most one per kind in each clause: the
    clauses of a sentence are cut at semicolons, as each often tells its own event).
    `day`: the day the paragraph gave before; an agreement signed in a sentence that gives
    no date of its own was signed on it (昨日…来穗考察。两人签署…协议。)."""
    titles = [m.span() for m in re.finditer(r"《[^《》]*》", sentence)]
    times = [
        t
        for t in find_times(sentence, published, anchor, last_day)
        if t.date is not None and not any(a <= t.start < b for a, b in titles)
    ]  # fmt: skip (a year inside a title does not date the sentence's event)
    if not times and day is not None and (hit := TRIGGERS[0][1].search(sentence)):
        carried = When(hit.start(), hit.start(), day.text, "paragraph", day.date, day.period,
                       f"dated by {day.text} earlier in the paragraph ({day.date})")  # fmt: skip
        found = _FINDERS["agreement"](sentence, hit, mentions, is_a)
        if found is not None:
            found.when = carried
            return [found]
    out: list[Dated] = []
    start = 0
    for end in [m.end() for m in re.finditer(r"[；;]", sentence)] + [len(sentence)]:
        in_clause = [t for t in times if start <= t.start < end]
        if in_clause:
            clause = [m for m in mentions if start <= m.start and m.end <= end]
            found = _in_clause(sentence, start, end, in_clause, clause, is_a)
            out.extend(found)
            out.extend(_unnamed(sentence, start, end, in_clause, found, clause))
        start = end
    return out


def _in_clause(sentence: str, start: int, end: int, times: list[When],
               mentions: list[Mention], is_a: IsA) -> list[Dated]:  # fmt: skip
    out: list[Dated] = []
    for kind, trigger in TRIGGERS:
        hit = trigger.search(sentence, start, end)
        if hit is None or ANNIVERSARY.match(sentence, hit.end()):
            continue  # 今年是《纲要》发布5周年: the date is the anniversary's, not the issue's
        found = _FINDERS[kind](sentence, hit, mentions, is_a)
        if found is not None and kind == "report":  # 27日公布《…》; not 《…》中，…较2019年
            # the time before the title (去年12月底发布的《2021年1-11月…》), else one inside it
            before = [t for t in times if t.end <= found.start] or [
                t for t in times if t.end <= found.end
            ]
            if before and (found.label != "政府工作报告" or before[0].start == 0):
                found.when = before[-1]
                out.append(found)
        elif found is not None:
            # not a year inside the name (对2020年度…名单进行公示 in 2021)
            outside = [t for t in times if not found.start <= t.start < found.end] or times
            when = min(outside, key=lambda t: abs(t.start - hit.start()))
            # 4月23日至25日: what lasts from one day to another is dated by its first
            first = [t for t in times if re.fullmatch(r"[至到—–~-]", sentence[t.end : when.start])]
            found.when = first[0] if first else when
            out.append(found)
    return out


def _unnamed(sentence: str, start: int, end: int, times: list[When], found: list[Dated],
             mentions: list[Mention]) -> list[Dated]:  # fmt: skip
    """The events of a clause's dates that no named record took (clauses.clause_events);
    not of a date inside a name (深圳市2022年12月新开工项目启动活动: the name's own)."""
    taken = [d.when for d in found if d.when is not None]
    free = [
        t for t in times
        if all(u is not t for u in taken)
        and not any(m.start <= t.start < m.end for m in mentions)
    ]  # fmt: skip
    return [
        Dated(f"event ({e.rule})", e.type, e.label, e.id, e.start, e.end, when=e.when)
        for e in clause_events(sentence, start, end, free)
    ]


def _agents(mentions: list[Mention], before: int, is_a: IsA) -> list[Mention]:
    seen, out = set(), []
    for m in mentions:
        if m.start < before and any(is_a(m.type, c) for c in AGENTS) and m.id not in seen:
            seen.add(m.id)
            out.append(m)
    return out


def _agreement(
    sentence: str, hit: re.Match[str], mentions: list[Mention], is_a: IsA
) -> Dated | None:
    titled = [m for m in mentions if is_a(m.type, "Agreement")]
    if titled:
        m = titled[0]
        return Dated("agreement", m.type, m.text, m.id, m.start, m.end,
                     _agents(mentions, hit.start(), is_a), mention=m)  # fmt: skip
    obj = _OBJECT.search(sentence)
    if obj is None:
        return None
    label = re.sub(r"^[\d一二两三四五六七八九十]+[项份个]", "", obj.group("obj"))
    cls, words = next(
        ((c, w) for p, c, w in TITLES if re.search(p, label)), ("Agreement", "agreement")
    )
    agents = _agents(mentions, hit.start(), is_a)
    rid = slug(label[:-2] or label, words)
    return Dated("agreement", cls, label, rid, obj.start("obj"), obj.end("obj"), agents)


def _notice(sentence: str, hit: re.Match[str], mentions: list[Mention], is_a: IsA) -> Dated:
    label = hit.group("x") + "公示"
    issuers = [a for a in _agents(mentions, hit.start(), is_a) if not is_a(a.type, "Person")]
    return Dated("notice", "Notice", label, slug(label, "notice"), hit.start("x"), hit.end(),
                 issuers)  # fmt: skip


def _policy(sentence: str, hit: re.Match[str], mentions: list[Mention], is_a: IsA) -> Dated | None:
    titled = [m for m in mentions if is_a(m.type, "Policy") and m.start > hit.start() - 40]
    if not titled:
        return None
    m = titled[0]
    issuers = [a for a in _agents(mentions, m.start, is_a) if not is_a(a.type, "Person")]
    return Dated("policy", m.type, m.text, m.id, m.start, m.end, issuers, mention=m)


def _event(sentence: str, hit: re.Match[str], mentions: list[Mention], is_a: IsA) -> Dated | None:
    # not an event named inside a document's title (《…十三届人大四次会议第1264号代表建议
    # 答复的函》): the sentence's date is the document's, not the meeting's
    titles = [t.span() for t in re.finditer(r"《[^《》]*》", sentence)]
    events = [
        m for m in mentions
        if is_a(m.type, "Event") and not any(a < m.start < b for a, b in titles)
    ]  # fmt: skip
    if not events:
        return None
    m = events[0]
    places = [p for p in mentions if is_a(p.type, "Place") and p.end <= m.start]
    return Dated("event", m.type, m.text, m.id, m.start, m.end,
                 place=places[-1] if places else None, mention=m)  # fmt: skip


def _founding(
    sentence: str, hit: re.Match[str], mentions: list[Mention], is_a: IsA
) -> Dated | None:
    named = [
        m for m in mentions
        if is_a(m.type, "Organization") or is_a(m.type, "Platform")
    ]  # fmt: skip
    # what is founded touches its trigger (X成立, 成立X, X正式揭牌): not a name farther off
    # (a short form in brackets between them does not part them: X(简称“Y”)成立于2006年)
    named = [n for n in named if -4 <= _gap(sentence, n.end, hit.start()) <= 6
             or 0 <= n.start - hit.end() <= 4]  # fmt: skip
    if not named:
        return None
    m = min(named, key=lambda n: abs(n.start - hit.start()))
    founders = [a for a in _agents(mentions, len(sentence), is_a) if a.id != m.id]
    return Dated("founding", m.type, m.text, m.id, m.start, m.end, founders, mention=m)


def _gap(sentence: str, a: int, b: int) -> int:
    """The characters between `a` and `b`, a bracketed aside (（简称…）) left out."""
    if b <= a:
        return b - a
    return len(re.sub(r"[（(][^（）()]{0,30}[)）]", "", sentence[a:b]))


# a government's annual work report named without 《》 (2018年政府工作报告, 在政府工作报告中)
_WORK_REPORT = re.compile(
    r"(?:(?:19|20)\d{2}年(?:的)?)?(?:[\u4e00-\u9fff]{2,4}?[省市])?政府工作报告"
)


def _report(sentence: str, hit: re.Match[str], mentions: list[Mention], is_a: IsA) -> Dated | None:
    """A report (《…报告》, 《…指数》, 政府工作报告) dated by its sentence: a Report record
    (the year in 2018年政府工作报告 is its date)."""
    found = _REPORT.search(sentence, hit.start()) if hit.group() != "政府工作报告" else None
    if found is not None:
        label, start, end = found.group(1), found.start(1), found.end(1)
    else:
        bare = next(m for m in _WORK_REPORT.finditer(sentence) if m.end() >= hit.end())
        label, start, end = bare.group(), bare.start(), bare.end()
    named = next((m for m in mentions if m.start <= start and end <= m.end), None)
    if named is not None and named.known:
        return None  # a report data/ has: its date goes in by hand
    issuers = [a for a in _agents(mentions, start, is_a) if not is_a(a.type, "Person")]
    return Dated("report", "Report", label, slug(label, "report"), start, end, issuers)


# between a visitor and the verb: his title and where he went (习近平总书记在广东考察);
# no comma, no other verb's clause
_VISIT = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:在|到|赴|来到)[^，,。；;：:“”]{1,24}$")


# a visitor named after his post, the tagger having missed him (国务院副总理韩正在广东调研)
_POSTED = re.compile(
    r"(?:总理|书记|主席|部长|省长|市长|常委|委员)(?P<n>[\u4e00-\u9fff]{2,3}?)(?=在|到|赴)"
)


def _visit(sentence: str, hit: re.Match[str], mentions: list[Mention], is_a: IsA) -> Dated | None:
    """`Person (title) 在 place 调研/考察/视察`: an Event named by that clause, at the place
    named in it."""
    people = [m for m in mentions if is_a(m.type, "Person") and m.end <= hit.start()]
    if people and _VISIT.match(sentence[people[-1].end : hit.start()]):
        agents, begin, after = [people[-1]], people[-1].start, people[-1].end
    elif posted := _POSTED.search(sentence, 0, hit.start()):  # 副总理韩正在…: 正在 hid the name
        if not _VISIT.match(sentence[posted.end("n") : hit.start()]):
            return None
        agents, begin, after = [], posted.start("n"), posted.end("n")
    else:
        return None
    label = sentence[begin : hit.end()]
    places = [p for p in mentions if is_a(p.type, "Place") and after <= p.start < hit.start()]
    return Dated("visit", "Event", label, slug(label, "visit"), begin, hit.end(), agents,
                 place=places[0] if places else None)  # fmt: skip


_FINDERS = {"agreement": _agreement, "policy": _policy, "notice": _notice, "event": _event,
            "report": _report, "founding": _founding, "visit": _visit}  # fmt: skip


# An official document ends with its issuer and its date, each on a line of its own (落款):
# 深圳市科技创新委员会 / 2018年5月29日.
_SP = r"[ \t\u3000]*"
_SIGNED = re.compile(
    rf"(?m)^{_SP}(\S{{2,30}}(?:委员会|政府|委|局|厅|办公室|办公厅|中心|院)){_SP}\n(?:{_SP}\n)?{_SP}"
    rf"(?P<d>((?:19|20)\d{{2}})年(1[0-2]|0?[1-9])月(3[01]|[12]\d|0?[1-9])日){_SP}$"
)


def signature(text: str) -> tuple[int, int, str] | None:
    """(start, end, date) of the signature date closing an official document, if any."""
    found = list(_SIGNED.finditer(text))
    if not found:
        return None
    m = found[-1]
    y, mo, d = int(m.group(3)), int(m.group(4)), int(m.group(5))
    try:
        date = dt.date(y, mo, d).isoformat()
    except ValueError:
        return None
    return m.start("d"), m.end("d"), date


def signed(text: str, proposals: list[dict], is_a: Callable[[str, str], bool]) -> None:
    """The document's own title (a notice, a policy named on a line of its own before the
    text) dated by the signature date that closes it (issuer, then date, 落款)."""
    sign = signature(text)
    if sign is None:
        return
    start, end, date = sign
    for p in proposals:
        title = re.escape(p["found"]["text"])  # a line of its own, also after 标题:
        own = re.search(rf"(?m)^[ \t\u3000]*{title}[ \t\u3000]*$", text[:start])
        if p["kind"] != "entity" or not own or p["found"]["start"] > len(text) // 3:
            continue
        if is_a(p["type"], "Policy") and "date" not in p:
            p.update(kind="dated", date=date, quote=text[start:end], start=start, end=end)
            p["why"] += f"; the document's own title, dated by its signature {date}"
