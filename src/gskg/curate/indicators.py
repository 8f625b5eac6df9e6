"""Existing indicators a figure's measured noun phrase names: a drafted figure reuses the
graph's indicator when its label or an alias matches what is measured, and when the
figures already recorded for it are in a unit of the same kind (人口 in 万人, not in %)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jieba.posseg

from ..pipeline.load import Record

# Words that end an indicator's label without saying what is counted (…企业数量 = …企业).
_COUNT_WORDS = re.compile(r"(?:的)?(?:数量|数目|个数|总数|总量|总额|规模|次数|家数|人数|数)$")


_BARE_SCALES = ("万", "亿", "万亿")


@dataclass(frozen=True)
class KnownIndicator:
    """An indicator of the graph: its names, and the unit kinds of its figures."""

    id: str
    names: tuple[str, ...]
    kinds: frozenset[str]


# Names statistics use for one measure (a label in data/ under one of them matches all).
SYNONYMS = [
    ("GDP", "地区生产总值", "生产总值", "经济总量", "地区GDP"),
    ("距离", "相距", "两地距离"),
]


def _forms(name: str) -> list[str]:
    for group in SYNONYMS:
        for word in group:
            if name.endswith(word):
                return [name[: len(name) - len(word)] + other for other in group]
    return [name]


# 省级实验室 = 省实验室, 国家级重大科技基础设施 = 国家重大科技基础设施: one level, two writings
_LEVEL = re.compile(r"(省|国家|市)级")
# 粤国家重大科技基础设施: a one-character place abbreviation before a long measure
_ABBREVIATED = re.compile(r"^[粤穗深港澳莞佛珠](?=[\u4e00-\u9fff]{4})")


def _core(name: str) -> str:
    core = _COUNT_WORDS.sub("", re.sub(r"[（(][^）)]*[）)]", "", name)).strip()
    core = _ABBREVIATED.sub("", _LEVEL.sub(r"\1", core))
    return core if len(core) >= 2 else name


@dataclass(frozen=True)
class Indicators:
    """The graph's indicators and the kind of each written unit."""

    items: tuple[KnownIndicator, ...] = ()
    unit_kinds: tuple[tuple[str, str], ...] = ()


def known_indicators(records: list[Record]) -> Indicators:
    """The indicators of `records`, with the unit kinds their observations use."""
    kind_of = {
        written: str(r.data.get("kind"))
        for r in records
        if r.type == "Unit"
        for written in [r.id, *(r.data.get("written") or [])]
    }
    kinds: dict[str, set[str]] = {}
    for r in records:
        if r.type == "Observation":
            unit = str(r.data.get("unit"))
            kinds.setdefault(str(r.data.get("indicator")), set()).add(kind_of.get(unit, unit))
    out = []
    for r in sorted(records, key=lambda r: r.id):
        if r.type != "Indicator":
            continue
        label = (r.data.get("label") or {}).get("zh")
        aliases = (r.data.get("aliases") or {}).get("zh") or []
        names = tuple(n for n in [label, *aliases] if isinstance(n, str) and len(n) >= 2)
        out.append(KnownIndicator(r.id, names, frozenset(kinds.get(r.id, ()))))
    return Indicators(tuple(out), tuple(sorted(kind_of.items())))


def said(words: str, sentence: str) -> bool:
    """Does the sentence say what a label adds before the measured noun (not 人工智能应用场景
    示范 of …示范项目数量 for any 项目, 研究开发资助 of …企业数量 for any 企业)? At least half
    of its two-character pieces (its character, if it has one) are in the sentence; no
    sentence: yes."""
    if not sentence:
        return True
    pieces = {words[i : i + 2] for i in range(len(words) - 1)} or set(words)
    return sum(p in sentence for p in pieces) * 2 >= len(pieces)


def fits(indicators: Indicators, indicator: str, unit: str) -> bool:
    """Can a figure in `unit` be of `indicator`: its figures so far are in a unit of that kind
    (or it has none, or the unit is a bare scale)?"""
    kinds = next((i.kinds for i in indicators.items if i.id == indicator), frozenset())
    kind = dict(indicators.unit_kinds).get(unit, unit)
    return not kinds or kind in kinds or unit in _BARE_SCALES


def match_indicator(indicators: Indicators, measures: str, unit: str, sentence: str = "") -> str:
    """The id of the known indicator `measures` names (its label's core equals the
    measured phrase's, or one holds the other at a word's end, the words a longer label adds
    being said in `sentence`), if its unit kind fits."""
    if len(measures) < 2 or _BARE_GROWTH.fullmatch(measures):
        return ""  # 同比增长 alone: the growth of what the text does not say here
    kind = dict(indicators.unit_kinds).get(unit, unit)
    mine = {_core(form) for form in _forms(measures)}
    if len(mine) > 1:
        sentence = ""  # a measure statistics name one way (相距, 距离): no more words needed
    best: tuple[int, str] | None = None
    for ind in indicators.items:
        # a bare scale (GDP突破3万亿: 万亿 without 元) fits an amount of any kind
        if ind.kinds and kind not in ind.kinds and unit not in _BARE_SCALES:
            continue
        for name in ind.names:
            core = _core(name)
            # the same measure (常住人口 ends with 人口); or the measured noun is the end of
            # the label (距离 of 广深两地距离) when figures of that indicator are in this kind
            # of unit already
            same = any(
                core == m or (len(core) >= 2 and m.endswith(core))
                or (core.endswith(m) and (len(m) >= 3 or bool(ind.kinds))
                    and said(core[: len(core) - len(m)], sentence))
                for m in mine
            )  # fmt: skip
            score = 1000 if core in mine else len(core)  # the same measure first
            if same and (best is None or score > best[0]):
                best = (score, ind.id)
    return best[1] if best else ""


_RANK_LABEL = re.compile(r"(?:排名|排行|位次|名次)$")


def match_rank(indicators: Indicators, sentence: str) -> str:
    """The known rank indicator (…排名) a rank (第2位) is of: the one whose label's words
    before 排名 the sentence shares most (全球创新集群排名 ↔ 全球创新指数…集群…第2位), with
    at least half of its two-character pieces written in the sentence; else ""."""
    best: tuple[float, str] | None = None
    for ind in indicators.items:
        for name in ind.names:
            stem = _RANK_LABEL.sub("", name)
            if stem == name or len(stem) < 2:
                continue
            pieces = {stem[i : i + 2] for i in range(len(stem) - 1)}
            share = sum(p in sentence for p in pieces) / len(pieces)
            if share >= 0.5 and (best is None or share > best[0]):
                best = (share, ind.id)
    return best[1] if best else ""


# what follows an amount a ranking is on (X以N亿元位居第一, 以N亿元排名第三)
_RANKED = re.compile(r"(?:位居|居于?|排名|排在|排|名列|领跑|领先)")


def ranked_on(sentence: str, start: int, end: int) -> bool:
    """Is the amount at start:end what its subject is ranked on (以N亿元位居第六位)?"""
    return sentence[:start].endswith("以") and _RANKED.match(sentence, end) is not None


def base_unit(unit: str) -> str:
    """亿元, 万亿元 → 元: the unit without its order of magnitude."""
    return re.sub(r"^[十百千万亿]+", "", unit or "")


# a rate named by its verb alone (…8646亿元，同比增长12.7%): the growth of the amount before
_BARE_GROWTH = re.compile(
    r"(?:同比|比上年|较上年|比\d{4}年(?:同期)?|两年平均|年均|平均)?(?:增长|增速|下降|增幅)"
)


def growth_of(indicators: Indicators, before: str, measures: str, unit: str) -> str:
    """The known indicator of the growth of indicator `before` when `measures` is a bare
    growth phrase (同比增长 after GDP's amount: 地区生产总值同比增长), else ""."""
    if not before or not _BARE_GROWTH.fullmatch(measures):
        return ""
    names = next((i.names for i in indicators.items if i.id == before), ())
    for form in (form for name in names for form in _forms(name)):  # GDP = 地区生产总值
        if (found := match_indicator(indicators, form + measures, unit)) and found != before:
            return found
    return ""


_GROWTH_NOUNS = {"增幅", "增速", "增长率", "增量"}


def _only_when(measures: str, name: str) -> bool:
    """Is the indicator named the measure itself (GDP在一季度, 前三季度GDP增幅), not a share of
    it (占GDP比重) or what it qualifies (万元GDP能耗: the noun after it is the measure)?"""
    if re.search(r"占|比重|比例", measures):
        return False
    after = measures[measures.find(name) + len(name) :].lstrip("的")
    first = next((p for p in jieba.posseg.lcut(after) if p.flag != "x"), None)
    return first is None or first.flag[:1] != "n" or first.word in _GROWTH_NOUNS


def known_for(
    known: Indicators, measured: dict[Any, str], s: Any, f: Any, mentions: list[Any]
) -> tuple[str, str] | None:
    """(id, how) of the known Indicator an amount `f` of sentence `s` measures: named before
    the amount, the growth of the amount before it, the indicator a ranking is on (what the
    text `measured` last in that unit), a rank indicator, or one whose label matches."""
    named = [
        m for m in mentions
        if m.type == "Indicator" and m.end <= f.amount.start and m.text in f.measures
    ]  # fmt: skip
    if named and fits(known, named[-1].id, f.amount.unit):
        return named[-1].id, "named"
    if (
        named
        and _only_when(f.measures, named[-1].text)
        and (grown := growth_of(known, named[-1].id, "同比增长", f.amount.unit))
    ):
        return grown, "the growth of the indicator named (its figures are amounts, this a rate)"
    before = measured.get(s.start, "")
    if grown := growth_of(known, before, f.measures, f.amount.unit):
        return grown, "the growth of the amount before it in the sentence"
    carried = measured.get(base_unit(f.amount.unit))
    if carried and ranked_on(s.text, f.amount.start, f.amount.end):
        # 南京以7622.77亿元位居第六位: ranked on what the text measured last in that unit
        return carried, "a ranking on an amount: the indicator measured last in its unit"
    rank = f.amount.unit in ("位", "名") and s.text[f.amount.start - 1 : f.amount.start] == "第"
    if rank and (found := match_rank(known, s.text)):
        return found, "a rank (第N位) of the rank indicator the sentence names"
    if found := match_indicator(known, f.measures, f.amount.unit, s.text):
        return found, "label matches"
    return None
