"""Figures: an Observation proposal for every amount of a sentence, with its area,
indicator, period and what it counts, as the fact format writes them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import jieba.posseg

from .areas import CLAUSE, HOME_WHY, candidates, choose, home_area, is_area, is_place
from .entities import Mention
from .numbers import Amount, find_amounts, is_structural
from .periods import When, find_times

_CLAUSE = CLAUSE
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


def figures(
    sentence: str,
    mentions: list[Mention],
    published: dt.date | None,
    is_a,  # noqa: ANN001
    recent: dict[str, Mention] | None = None,
    anchor: str | None = None,
    home: Mention | None = None,
    carry: Mention | None = None,
) -> list[Figure]:
    """The figures of one sentence: amount, area, period and measured thing for each.
    `recent`: the country, province and city the text named last (for 我省, 全市 …);
    `home`: the place the whole text is about (`home_area`), for amounts whose sentence
    names no other; `carry`: the area of the paragraph's sentence before (`areas.choose`)."""
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
    areas = candidates(sentence, mentions, is_a, recent or {})
    chosen = choose(sentence, amounts, areas, recent or {}, home, carry)
    names = [m.text for m in mentions if is_area(m, is_a)] + [m.text for m in areas]
    out: list[Figure] = []
    measured: list[str] = []
    for i, amount in enumerate(amounts):
        since = amounts[i - 1].end if i else 0
        measures = _measures(sentence, amount, since, names, times)
        if i and (len(measures) < 2 or _joined(sentence[since : amount.start], names)):
            measures = measured[-1] or measures  # 3万亿元的深圳、2.8万亿元的广州: one measure
        measured.append(measures)
        when = _period(times, amount.start)
        for area, why in chosen[i]:
            out.append(Figure(amount, area, when, measures, why))
    return out


def fields_to_fill(f: Figure, indicator: str, units: dict[str, str]) -> dict[str, str]:
    """`todo` of a drafted figure: each field the curator must fill before it applies, and
    why (no area, no indicator, a unit the unit table lacks)."""
    todo = {}
    if not f.area:
        todo["area"] = f"{f.area_why or 'no area named'} (the id of the area measured)"
    if not indicator:
        todo["indicator"] = (
            "what the amount measures is not a noun phrase of the sentence: the id of an "
            "existing indicator, or accept a new Indicator proposal and give its id"
        )
    if units and f.amount.unit not in units:
        todo["unit"] = (
            f"{f.amount.unit} is not in the unit table (data/units.yaml): add a Unit written "
            f"{f.amount.unit}, or write the amount in a unit there"
        )
    return todo


def _joined(gap: str, names: list[str]) -> bool:
    """Is the text between two amounts only names and links (的深圳、; 和)?"""
    for name in sorted(names, key=len, reverse=True):
        gap = gap.replace(name, "")
    return re.fullmatch(r"[\s的、和与及分别]*", gap) is not None


def _period(times: list[When], at: int) -> When | None:
    """The time expression that dates an amount: the last one before it, else the first."""
    usable = [t for t in times if t.period is not None]
    before = [t for t in usable if t.end <= at]
    return before[-1] if before else (usable[0] if usable else None)


_COUNTERS = set("家个项座条所名件批台套份次位")


def _measures(
    sentence: str, amount: Amount, since: int, names: list[str], times: list[When]
) -> str:
    """What the amount counts: for a count followed by its noun (10家粤港澳联合实验室), that
    noun; else the clause before it (after the previous amount), without its time and area
    words; else the words after it (…占全省的58.55%); else an earlier clause of the
    sentence (广州都市圈的人口最多，达到3257.56万)."""
    after = _CLAUSE.split(sentence[amount.end :], maxsplit=1)[0]
    counted = leading_nouns(after) if amount.unit in _COUNTERS else ""
    if len(counted) >= 2:
        return counted[:40]
    cuts = [since] + [m.end() for m in _CLAUSE.finditer(sentence, since, amount.start)]
    text = _phrase(sentence[cuts[-1] : amount.start], names, times)
    if len(text) < 2:
        text = noun_phrase(_LEAD.sub("", after.strip(" 、的")))
    for start, end in zip(reversed(cuts[:-1]), reversed(cuts[1:]), strict=True):
        if len(text) >= 2:
            break
        text = _phrase(sentence[start : end - 1], names, times)
    return text[:40]


def _phrase(text: str, names: list[str], times: list[When]) -> str:
    """The noun phrase of a clause without its time, area and 全省/全国 words."""
    for t in times:
        text = text.replace(t.text, "")
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    text = re.sub(r"[我本全](?:省|市)|全国|最[多大小少高低快]", "", text)
    return noun_phrase(_TRAIL.sub("", _LEAD.sub("", text.strip(" 、"))))


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
    while words and (words[0][1] in _NOT_NOUN or words[0][1][:1] == "u" or _verb(words[0][1])):
        words.pop(0)
    while words and (words[-1][1] in _NOT_NOUN or _verb(words[-1][1]) or _vn_after_verb(words)
                     or words[-1][0] in _REACH_VERBS):  # fmt: skip
        if not measure and words[-1][0] in _MEASURE_VERBS:  # 两地相距 → 两地距离
            measure = _MEASURE_VERBS[words[-1][0]]
        words.pop()
    if len(words) > 1 and words[-1][0] == "基础":  # 在9650.2亿元的GDP基础上
        words.pop()
    phrase = "".join(w for w, _ in words)
    if phrase in _CURRENCIES:  # 折合人民币2.88万亿元: what is converted is measured before
        return ""
    nouns = any(f[:1] in "n" or f in ("vn", "eng", "j") for _, f in words)
    if not nouns or len(phrase) < 2 or _GENERIC_MEASURE.match(phrase):
        return measure if len(measure) >= 2 else ""  # 相距仅约100公里: 距离
    return phrase + (measure if not phrase.endswith(measure) else "")


def _vn_after_verb(words: list[tuple[str, str]]) -> bool:
    """A verbal noun ending the phrase after a verb or alone (…完成投资; not 总投资)."""
    if words[-1][1] != "vn":
        return False
    return len(words) == 1 or words[-2][1][:1] in "vdp"


def _verb(tag: str) -> bool:
    return tag[:1] == "v" and tag != "vn"


# Verbs that say what is measured (the noun phrase keeps them as a noun).
_MEASURE_VERBS = {"相距": "距离", "距离": "距离", "增长": "增长", "增加": "增长", "下降": "下降",
                  "投资": "投资", "成交": "成交额", "占": "占比"}  # fmt: skip
# Verbs jieba may tag as verbal nouns (vn) that only say an amount is reached (经济总量突破,
# 经济总量预计): never the end of what is measured, unlike 投资 or 投入.
_REACH_VERBS = {"突破", "预计", "达到", "超过", "实现", "跃升", "迈上", "站上", "首破", "跨越",
                "逼近", "接近", "攀升", "升至", "增至", "超越"}  # fmt: skip
_CURRENCIES = {"人民币", "美元", "港元", "港币", "澳门元", "欧元", "日元"}
_GENERIC_MEASURE = re.compile(
    r"^(?:指标|数据|数字|数量|规模|总量|水平|方面|其中|总计|合计|共计|以上|大关|关口|台阶|门槛|量级)$"
)


__all__ = [
    "HOME_WHY",
    "Figure",
    "fields_to_fill",
    "figures",
    "home_area",
    "is_area",
    "is_place",
    "noun_phrase",
]
