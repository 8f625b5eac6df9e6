"""Figures: an Observation proposal for every amount of a sentence, with its area,
indicator, period and what it counts, as the fact format writes them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .entities import Mention
from .numbers import Amount, find_amounts
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


def is_area(mention: Mention, is_a) -> bool:  # noqa: ANN001 - Ontology.is_a
    """Can this mention be the area (refArea) of a figure?"""
    return any(is_a(mention.type, cls) for cls in AREA_CLASSES)


def figures(
    sentence: str, mentions: list[Mention], published: dt.date | None, is_a
) -> list[Figure]:  # noqa: ANN001
    """The figures of one sentence: amount, area, period and measured thing for each."""
    # an amount inside a name (广东省委十二届八次全会) is part of the name, not a figure
    amounts = [
        a for a in find_amounts(sentence)
        if not any(m.start <= a.start and a.end <= m.end for m in mentions)
    ]  # fmt: skip
    if not amounts:
        return []
    times = find_times(sentence, published)
    times = [t for t in times if not any(a.start < t.end and t.start < a.end for a in amounts)]
    areas = [m for m in mentions if is_area(m, is_a)]
    paired = _respectively(sentence, amounts, areas)
    out = []
    for i, amount in enumerate(amounts):
        area = paired[i] if paired else _nearest_before(areas, amount.start)
        since = amounts[i - 1].end if i else 0
        measures = _measures(sentence, amount, since, areas, times)
        out.append(Figure(amount, area, _period(times, amount.start), measures))
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


def _nearest_before(areas: list[Mention], at: int) -> Mention | None:
    before = [m for m in areas if m.end <= at]
    if before:
        return before[-1]
    return areas[0] if areas else None


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
    text = _TRAIL.sub("", _LEAD.sub("", text.strip(" 、")))
    if len(text) < 2:  # "…占全省的58.55%": the words after the amount say what it is
        after = _CLAUSE.split(sentence[amount.end :], maxsplit=1)[0]
        text = _LEAD.sub("", after.strip(" 、的"))
    return text[:40]
