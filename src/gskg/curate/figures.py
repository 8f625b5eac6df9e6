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
AREA_CLASSES = ("AdministrativeArea", "Region", "Zone", "Organization", "Platform")
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
    if not mention.known and not mention.why.startswith("suffix"):
        return False
    return any(is_a(mention.type, cls) for cls in AREA_CLASSES)


def figures(
    sentence: str, mentions: list[Mention], published: dt.date | None, is_a
) -> list[Figure]:  # noqa: ANN001
    """The figures of one sentence: amount, area, period and measured thing for each."""
    # an amount inside a name (广东省委十二届八次全会) is part of the name, not a figure
    amounts = [
        a for a in find_amounts(sentence)
        if not any(m.start <= a.start and a.end <= m.end for m in mentions)
        and not is_structural(sentence, a)
    ]  # fmt: skip
    if not amounts:
        return []
    times = find_times(sentence, published)
    times = [t for t in times if not any(a.start < t.end and t.start < a.end for a in amounts)]
    areas = [m for m in mentions if is_area(m, is_a)]
    paired = _respectively(sentence, amounts, areas)
    out = []
    for i, amount in enumerate(amounts):
        if paired:
            area, why = paired[i], "distributed by 分别 over the areas listed before"
        else:
            area, why = _area(sentence, areas, amount.start)
        since = amounts[i - 1].end if i else 0
        measures = _measures(sentence, amount, since, areas, times)
        out.append(Figure(amount, area, _period(times, amount.start), measures, why))
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
    if inside:
        return _outermost(inside), "named before the amount in its clause"
    before = [m for m in areas if m.end <= at]
    if before:
        opening = _OPENING.match(sentence).end()
        first = min(before, key=lambda m: m.start)
        if first.start <= opening + 1:
            return first, "subject of the sentence"
        return None, (
            f"areas named earlier in the sentence ({', '.join(m.text for m in before[-3:])}) "
            "are not the subject of this clause: fill in `area`"
        )
    return None, "no area named before the amount in the sentence: fill in `area`"


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


def _measures(
    sentence: str, amount: Amount, since: int, areas: list[Mention], times: list[When]
) -> str:
    """What the amount counts: the clause before it (after the previous amount), without
    its time and area words."""
    start = since
    for m in _CLAUSE.finditer(sentence, since, amount.start):
        start = m.end()
    text = sentence[start : amount.start]
    for t in times:
        text = text.replace(t.text, "")
    for m in areas:
        text = text.replace(m.text, "")
    text = noun_phrase(_TRAIL.sub("", _LEAD.sub("", text.strip(" 、"))))
    if len(text) < 2:  # "…占全省的58.55%", "有3个国家实验室": the words after the amount
        after = _CLAUSE.split(sentence[amount.end :], maxsplit=1)[0]
        text = noun_phrase(_LEAD.sub("", after.strip(" 、的")))
    return text[:40]


_NOT_NOUN = ("v", "d", "p", "c", "u", "m", "q", "r", "w", "x", "y", "e", "o", "f", "t", "a", "ad")
_DIGITS = re.compile(r"[\d.,%％]+")


def noun_phrase(text: str) -> str:
    """`text` trimmed to a noun phrase: no leading or trailing verb, adverb, particle,
    numeral or punctuation; "" when no noun is left (never a verb or a number)."""
    text = _DIGITS.sub("", re.sub(r"[^\w]", "", text))
    words = [(w.word, w.flag) for w in jieba.posseg.lcut(text)]
    while words and (words[0][1] in _NOT_NOUN or _verb(words[0][1])):
        words.pop(0)
    measure = ""
    while words and (words[-1][1] in _NOT_NOUN or words[-1][1][:1] == "v"):
        if not measure and words[-1][0] in _MEASURE_VERBS:  # 两地相距 → 两地距离
            measure = _MEASURE_VERBS[words[-1][0]]
        words.pop()
    phrase = "".join(w for w, _ in words)
    nouns = any(f[:1] in "n" or f in ("vn", "eng", "j") for _, f in words)
    if not nouns or len(phrase) < 2 or _GENERIC_MEASURE.match(phrase):
        return ""
    return phrase + (measure if not phrase.endswith(measure) else "")


def _verb(tag: str) -> bool:
    return tag[:1] == "v" and tag != "vn"


# Verbs that say what is measured (the noun phrase keeps them as a noun).
_MEASURE_VERBS = {"相距": "距离", "距离": "距离", "增长": "增长", "增加": "增长", "下降": "下降",
                  "投资": "投资", "成交": "成交额", "占": "占比"}  # fmt: skip
_GENERIC_MEASURE = re.compile(
    r"^(?:指标|数据|数字|数量|规模|总量|水平|方面|其中|总计|合计|共计|以上)$"
)
