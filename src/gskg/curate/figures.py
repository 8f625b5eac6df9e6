"""Figures: an Observation proposal for every amount of a sentence, with its area,
indicator, period and what it counts, as the fact format writes them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import jieba.posseg

from .entities import Mention
from .numbers import Amount, find_amounts, is_structural
from .periods import When, find_times

# Classes whose mentions can be the area a figure is about.
AREA_CLASSES = ("Place", "Organization", "Platform")
_CLAUSE = re.compile(r"[，,；;：:。（(]")
_LEAD = re.compile(
    r"^(?:其中|此外|同时|而|并且|并|且|和|与|及|以及|共|合计|分别|均|约|达到|达|为|有|是|占)+"
)
_TRAIL = re.compile(r"(?:分别|共|合计|累计|约|达到|达|为|有|是|占|超过|超|近|仅|在|的|了|已|均)+$")


@dataclass(frozen=True)
class Figure:
    """One amount with what it is about (offsets relative to the sentence)."""

    amount: Amount
    area: Mention | None
    when: When | None
    measures: str
    area_why: str = ""  # how the area was chosen, or why none was


def is_area(mention: Mention, is_a) -> bool:  # noqa: ANN001 - Ontology.is_a
    """Can this mention be the area (refArea) of a figure? A new name only when its suffix
    says what it is (not a word jieba happens to tag as a place: 宜居, 都市)."""
    if not mention.known and not mention.why.startswith(("suffix", "place (model)")):
        return False
    return any(is_a(mention.type, cls) for cls in AREA_CLASSES)


def figures(
    sentence: str,
    mentions: list[Mention],
    published: dt.date | None,
    is_a,  # noqa: ANN001
    recent: dict[str, Mention] | None = None,
    anchor: str | None = None,
    home: Mention | None = None,
) -> list[Figure]:
    """The figures of one sentence: amount, area, period and measured thing for each.
    `recent`: the province and the city the text named last (for 我省, 全市 …); `home`: the
    place the whole text is about (`home_area`), for amounts whose sentence names no other."""
    # an amount inside a name (广东省委十二届八次全会) is part of the name, not a figure
    amounts = [
        a for a in find_amounts(sentence)
        if not any(m.start <= a.start and a.end <= m.end for m in mentions)
        and not is_structural(sentence, a)
    ]  # fmt: skip
    if not amounts:
        return []
    times = find_times(sentence, published, anchor)
    times = [t for t in times if not any(a.start < t.end and t.start < a.end for a in amounts)]
    areas = sorted(
        [m for m in mentions if is_area(m, is_a)] + _deictic(sentence, recent or {}),
        key=lambda m: m.start,
    )
    paired = _respectively(sentence, amounts, areas)
    out: list[Figure] = []
    for i, amount in enumerate(amounts):
        if paired:
            area, why = paired[i], "distributed by 分别 over the areas listed before"
        else:
            area, why = _area(sentence, areas, amount.start)
            pair = _pair(sentence, amount.start, recent or {}) if area is None else []
            if pair and not why.startswith("a route"):
                since = amounts[i - 1].end if i else 0
                measures = _measures(sentence, amount, since, areas, times)
                when = _period(times, amount.start)
                for city in pair:  # 两座特大城市经济总量均超过2万亿元: one figure each
                    why = f"each of the two cities named before ({city.text})"
                    out.append(Figure(amount, city, when, measures, why))
                continue
            gap = sentence[amounts[i - 1].end : amount.start] if i else "；"
            previous = [f for f in out if i and f.amount is amounts[i - 1]]
            if area is None and not why.startswith("a route") and previous and \
                    previous[0].area and not re.search(r"[；;。]", gap):  # fmt: skip
                area, why = previous[0].area, "as the amount before it in the sentence"
            if area is None and home is not None and _at_home(why, areas, amount.start, home):
                area, why = home, f"the place the text is about ({home.text}: {HOME_WHY})"
        since = amounts[i - 1].end if i else 0
        measures = _measures(sentence, amount, since, areas, times)
        out.append(Figure(amount, area, _period(times, amount.start), measures, why))
    return out


HOME_WHY = "named in its opening and most often"
_HOME_TYPES = ("City", "Province")


def home_area(found: list[list[Mention]], is_a) -> Mention | None:  # noqa: ANN001
    """The city or province a text is about (a city's statistics report, a province's work
    report): a known one named in its first two sentences and at least three times, and
    at least twice as often as any other city or province; else None (two cities compared)."""
    counts: dict[str, int] = {}
    first: dict[str, Mention] = {}
    for m in (m for named in found for m in named):
        if m.known and any(is_a(m.type, cls) for cls in _HOME_TYPES):
            counts[m.id] = counts.get(m.id, 0) + 1
            first.setdefault(m.id, m)
    ranked = sorted(counts, key=lambda k: -counts[k])
    opening = {m.id for named in found[:2] for m in named}
    if not ranked or ranked[0] not in opening or counts[ranked[0]] < 3:
        return None
    if len(ranked) > 1 and counts[ranked[1]] * 2 > counts[ranked[0]]:
        return None
    return first[ranked[0]]


def _at_home(why: str, areas: list[Mention], at: int, home: Mention) -> bool:
    """May an amount with no area of its own take the text's place? Not on a route, and
    only when the sentence names no other area before it."""
    if why.startswith("a route"):
        return False
    return all(m.id == home.id for m in areas if m.end <= at and is_place(m))


_DEICTIC = re.compile(r"(?:我|本|全)(省|市)")
# 两地, 两市, 两座特大城市, 二者: the two places the text named last; with 均/都/各 an
# amount after it is said of each.
_PAIR = re.compile(
    r"(?:两地|两市|两城|双城|二者|两者|两座[\u4e00-\u9fff]{0,4}城市)(?=[\u4e00-\u9fff]{0,8}[均都各])"
)


def _pair(sentence: str, at: int, recent: dict[str, Mention]) -> list[Mention]:
    """The two cities a plural subject before `at` in the sentence stands for (均: each)."""
    m = next((m for m in _PAIR.finditer(sentence, 0, at)
              if not _CLAUSE.search(sentence, m.end(), at)), None)  # fmt: skip
    first, second = recent.get("City2"), recent.get("City")
    if m is None or first is None or second is None:
        return []
    return [first, second]


def _deictic(sentence: str, recent: dict[str, Mention]) -> list[Mention]:
    """我省, 本市, 全市: the province or city the text named last."""
    out = []
    for m in _DEICTIC.finditer(sentence):
        last = recent.get("Province" if m.group(1) == "省" else "City")
        if last is not None:
            out.append(Mention(m.start(), m.end(), m.group(), last.id, last.type, True,
                               f"{m.group()}: {last.text}, named before"))  # fmt: skip
    return out


def _respectively(sentence: str, amounts: list[Amount], areas: list[Mention]) -> list[Mention]:
    """分别: the n amounts after it go, in order, to the n distinct areas named before it."""
    at = sentence.find("分别")
    if at < 0:
        return []
    before = []
    for m in areas:
        if m.end <= at and m.id not in {b.id for b in before}:
            before.append(m)
    after = [a for a in amounts if a.start > at]
    if len(before) < 2 or len(after) != len(before) or len(after) != len(amounts):
        return []
    return before


_OPENING = re.compile(
    r"^(?:[在据截至到从自对于其中同时此外而且另外]|\d{4}年|[上下]半年|今年|去年|目前)*"
)


def _area(sentence: str, areas: list[Mention], at: int) -> tuple[Mention | None, str]:
    """The area an amount is about: the nearest area named before it in its clause, else
    the subject of the sentence (an area opening it), else none, with the reason."""
    clause = max((m.end() for m in _CLAUSE.finditer(sentence, 0, at)), default=0)
    inside = [m for m in areas if clause <= m.start and m.end <= at]
    if _ROUTE.search(sentence, clause, at):
        return None, "a route between places (…至…, …之间): no single area; fill in `area`"
    inside = [m for m in inside if not _MODIFIER.match(sentence, m.end)]
    if inside:
        return _outermost(inside), "named before the amount in its clause"
    before = [m for m in areas if m.end <= at and is_place(m)]
    if before:
        opening = _OPENING.match(sentence).end()
        first = min(before, key=lambda m: m.start)
        if first.start <= opening + 1 and not _MODIFIER.match(sentence, first.end) and not \
                re.match(r"至|到|前往", sentence[first.end : first.end + 2]):  # fmt: skip
            return first, "subject of the sentence"
        return None, (
            f"areas named earlier in the sentence ({', '.join(m.text for m in before[-3:])}) "
            "are not the subject of this clause: fill in `area`"
        )
    return None, "no area named before the amount in the sentence: fill in `area`"


# 广州东站至深圳站: from one place to another; 深圳站, 深圳机场: a place named after a city.
_ROUTE = re.compile(r"[\u4e00-\u9fff]{2}(?:至|到|前往|直达)[\u4e00-\u9fff]{2}|之间")
_MODIFIER = re.compile(r"[东南西北]?站|机场|港|铁路|高铁|城际|地铁")
_PLACE_TYPES = re.compile(r"City|District|Province|Country|Region|BayArea|Zone|Area|Park|Town")


def is_place(m: Mention) -> bool:
    """Is the mention a place (it may be a sentence's subject for a later clause)?"""
    return bool(_PLACE_TYPES.search(m.type))


def _outermost(inside: list[Mention]) -> Mention:
    """The last area of a clause, or the one holding it (广州都市圈, not 广州)."""
    last = inside[-1]
    holders = [m for m in inside if m.start <= last.start and last.end <= m.end]
    return max(holders, key=lambda m: m.end - m.start)


def _period(times: list[When], at: int) -> When | None:
    """The time expression that dates an amount: the last one before it, else the first."""
    usable = [t for t in times if t.period is not None]
    before = [t for t in usable if t.end <= at]
    return before[-1] if before else (usable[0] if usable else None)


_COUNTERS = set("家个项座条所名件批台套份次位")


def _measures(
    sentence: str, amount: Amount, since: int, areas: list[Mention], times: list[When]
) -> str:
    """What the amount counts: for a count followed by its noun (10家粤港澳联合实验室), that
    noun; else the clause before it (after the previous amount), without its time and area
    words; else the words after it (…占全省的58.55%)."""
    after = _CLAUSE.split(sentence[amount.end :], maxsplit=1)[0]
    counted = leading_nouns(after) if amount.unit in _COUNTERS else ""
    if len(counted) >= 2:
        return counted[:40]
    start = since
    for m in _CLAUSE.finditer(sentence, since, amount.start):
        start = m.end()
    text = sentence[start : amount.start]
    for t in times:
        text = text.replace(t.text, "")
    for m in areas:
        text = text.replace(m.text, "")
    text = noun_phrase(_TRAIL.sub("", _LEAD.sub("", text.strip(" 、"))))
    if len(text) < 2:
        text = noun_phrase(_LEAD.sub("", after.strip(" 、的")))
    return text[:40]


def leading_nouns(text: str) -> str:
    """The noun phrase `text` starts with (粤港澳联合实验室中有… → 粤港澳联合实验室)."""
    words = jieba.posseg.lcut(re.sub(r"^[的之]", "", text))
    out = ""
    for i, w in enumerate(words):
        noun = w.flag[:1] in "nj" or w.flag in ("vn", "eng", "b")
        inside = w.flag[:1] == "v" and i + 1 < len(words) and words[i + 1].flag[:1] == "n"
        if w.word in ("中", "里", "内", "外", "之中") or not (noun or (inside and out)):
            break
        out += w.word
    return out


_NOT_NOUN = ("v", "d", "p", "c", "u", "m", "q", "r", "w", "x", "y", "e", "o", "f", "t", "a", "ad")
_DIGITS = re.compile(r"[\d.,%％]+")


def noun_phrase(text: str) -> str:
    """`text` trimmed to a noun phrase: no leading or trailing verb, adverb, particle,
    numeral or punctuation; "" when no noun is left (never a verb or a number)."""
    text = _DIGITS.sub("", re.sub(r"[^\w]", "", text))
    words = [(w.word, w.flag) for w in jieba.posseg.lcut(text)]
    measure = ""
    if words and words[-1][0] in _MEASURE_VERBS:  # 两地相距 → 两地距离; 相距 → 距离
        measure = _MEASURE_VERBS[words[-1][0]]
    while words and (words[0][1] in _NOT_NOUN or _verb(words[0][1])):
        words.pop(0)
    while words and (words[-1][1] in _NOT_NOUN or words[-1][1][:1] == "v"):
        if not measure and words[-1][0] in _MEASURE_VERBS:  # 两地相距 → 两地距离
            measure = _MEASURE_VERBS[words[-1][0]]
        words.pop()
    phrase = "".join(w for w, _ in words)
    nouns = any(f[:1] in "n" or f in ("vn", "eng", "j") for _, f in words)
    if not nouns or len(phrase) < 2 or _GENERIC_MEASURE.match(phrase):
        return measure if len(measure) >= 2 else ""  # 相距仅约100公里: 距离
    return phrase + (measure if not phrase.endswith(measure) else "")


def _verb(tag: str) -> bool:
    return tag[:1] == "v" and tag != "vn"


# Verbs that say what is measured (the noun phrase keeps them as a noun).
_MEASURE_VERBS = {"相距": "距离", "距离": "距离", "增长": "增长", "增加": "增长", "下降": "下降",
                  "投资": "投资", "成交": "成交额", "占": "占比"}  # fmt: skip
_GENERIC_MEASURE = re.compile(
    r"^(?:指标|数据|数字|数量|规模|总量|水平|方面|其中|总计|合计|共计|以上)$"
)
