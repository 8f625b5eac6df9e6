"""Entities a sentence mentions: known ones (the graph's labels and aliases, longest first)
and new ones that look like names of organisations, platforms, places, policies,
agreements, events or people, each with a proposed class and slug.

jieba segments the sentence, with every known name added to its dictionary so that a
known name is one word; a new name is grown leftwards from its suffix (…实验室, …研究院,
…大学, …公司, …科学城, …园, …区) over name-like words. Names found by their context are in
context.py, names found by their form (acronyms, issuers of a title, sources cited) in proper.py.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import jieba
import jieba.posseg

from ..pipeline.load import Record
from .context import _before_title, _listed, _paired, _people, _tagged
from .names import _GENERIC, Known, Mention, _balanced, _grow_left, slug
from .proper import _cited, _issuers, _latin

__all__ = ["SUFFIXES", "TITLES", "Gazetteer", "Known", "Mention", "slug"]

jieba.setLogLevel(logging.WARNING)

# Records that are not named in running text.
_UNNAMED = {"Observation", "SourceDocument", "Membership"}

# (rule name, suffix regex, class, English words for the slug); first match wins.
SUFFIXES: list[tuple[str, str, str, str]] = [
    ("laboratory", r"实验室(?:[\u4e00-\u9fff]{2,3}分部)?", "Laboratory", "laboratory"),
    ("research institute", r"研究院|研究所|研究中心", "ResearchInstitute", "research-institute"),
    ("university", r"大学|学院|分校", "University", "university"),
    ("firm", r"股份有限公司|有限公司|公司|集团", "Firm", "company"),
    ("science city", r"科学城|知识城|科教城", "ScienceCity", "science-city"),
    ("supercomputing centre", r"超算中心|超级计算\S{0,4}中心", "SupercomputingCentre", "centre"),
    ("innovation centre", r"创新中心|分中心", "InnovationCentre", "innovation-centre"),
    ("cooperation zone", r"合作区|合作园", "CooperationZone", "cooperation-zone"),
    ("pilot zone", r"试验区|示范区|先导区|先行区|自贸区|片区", "PilotZone", "pilot-zone"),
    ("park", r"产业园|科技园|生态园|软件园|园区|集聚区|牧场", "IndustrialPark", "park"),
    ("facility", r"装置|设施|中子源|基因库", "LargeScienceFacility", "facility"),
    ("association", r"协会|联盟|研究会|商会|学会", "Association", "association"),
    (
        "government body",
        r"管委会|管理局|[^\s]局|委员会|人民政府|政府|厅|部门|领导小组",
        "GovernmentBody",
        "government",
    ),
    ("media", r"日报|晚报|特区报|杂志|电视台|客户端", "MediaOrganization", "media"),
    ("platform", r"平台|基地|集群|数据中心|科学中心|智库|生产线|频道|栏目", "Platform", "platform"),
    ("event", r"论坛|峰会|大会|博览会|会议|全会|云桌会|交易会", "Event", "event"),
    ("bay area", r"湾区", "BayArea", "bay-area"),  # after a place name only (see _suffixed)
    ("region", r"城市群|都市圈|经济圈", "Region", "region"),
    ("district", r"新区|(?<![地城园片])区|县", "District", "district"),
    ("city", r"市", "City", "city"),
    ("website", r"网", "Platform", "website"),  # a word of its own: 南方创投|网, not 互联网
]
_SUFFIX = re.compile("|".join(f"(?:{s})" for _, s, _, _ in SUFFIXES))
# Titles in 《…》: the kind of document from its last words.
TITLES: list[tuple[str, str, str]] = [
    (r"框架协议$", "FrameworkAgreement", "framework-agreement"),
    (r"战略合作协议$", "StrategicCooperationAgreement", "strategic-cooperation-agreement"),
    (r"(?:协议|协定|备忘录)$", "CooperationAgreement", "agreement"),
    (r"意见$", "Opinion", "opinions"),
    (r"通知$", "Notice", "notice"),
    (r"(?:行动方案|行动计划|实施方案|方案|计划)$", "ActionPlan", "action-plan"),
    (r"(?:规划|纲要|规划纲要)$", "Plan", "plan"),
    (r"(?:办法|条例|政策|措施|规定|决定)$", "Policy", "policy"),
]
_TITLE = re.compile(r"《([^《》]{2,80})》")
_COUNTED = re.compile(r"^[\d一二两三四五六七八九十几多数百千]+[家个所座项批大位名]")


def _segmenter() -> jieba.posseg.POSTokenizer:
    """A fresh jieba segmenter (own user words) sharing jieba's one load of its dictionary
    (`jieba.posseg.dt`, whose tokenizer `slug` uses too)."""
    base = jieba.posseg.dt
    base.tokenizer.check_initialized()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = dict(base.tokenizer.FREQ), base.tokenizer.total
    tokenizer.initialized = True
    pos = object.__new__(jieba.posseg.POSTokenizer)  # not __init__: it rereads the file
    pos.__dict__.update(tokenizer=tokenizer, word_tag_tab=dict(base.word_tag_tab))
    return pos


class Gazetteer:
    """The names of the known records, and a segmenter that knows them."""

    def __init__(self, names: dict[str, Known]) -> None:
        self.names = names
        self.ids = {k.id for k in names.values()}
        longest = sorted(names, key=lambda n: (-len(n), n))
        self.pattern = re.compile("|".join(map(re.escape, longest))) if longest else None
        self.pos = _segmenter()
        for name in longest:
            self.pos.tokenizer.add_word(name, freq=100000, tag="nz")

    @classmethod
    def from_records(cls, records: Iterable[Record]) -> Gazetteer:
        """zh labels and aliases of every named record (two characters or more)."""
        names: dict[str, Known] = {}
        for rec in sorted(records, key=lambda r: r.id):
            if rec.type in _UNNAMED:
                continue
            label = rec.data.get("label") or {}
            aliases = (rec.data.get("aliases") or {}).get("zh") or []
            for name in [label.get("zh"), *aliases]:
                if isinstance(name, str) and len(name.strip()) >= 2:
                    names.setdefault(name.strip(), Known(rec.id, rec.type))
        return cls(names)

    def known(self, sentence: str) -> list[Mention]:
        """Known names in `sentence`, longest first, without overlaps."""
        if self.pattern is None:
            return []
        out = []
        for m in self.pattern.finditer(sentence):
            k = self.names[m.group()]
            out.append(Mention(m.start(), m.end(), m.group(), k.id, k.type, True, "known name"))
        return out

    def words(self, sentence: str) -> list[tuple[int, int, str, str]]:
        """(start, end, word, tag) of `sentence`'s words."""
        out, pos = [], 0
        for pair in self.pos.cut(sentence, HMM=True):
            out.append((pos, pos + len(pair.word), pair.word, pair.flag))
            pos += len(pair.word)
        return out

    def mentions(self, sentence: str) -> list[Mention]:
        """Known and new names of `sentence`; where two overlap, the longer is kept."""
        words = self.words(sentence)
        found = self.known(sentence) + _titles(sentence) + self._suffixed(sentence, words)
        found += _people(sentence, words, self.names)
        found += _tagged(words, self.pos.word_tag_tab, self.names)
        found += _listed(sentence, words, self.names) + _paired(sentence, words, self.names)
        found += _before_title(sentence, words, self.names)
        found += _latin(words, self.names) + _issuers(sentence, words, self.names)
        found += _cited(sentence, words, self.names)
        kept: list[Mention] = []
        for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start, not m.known)):
            # a name inside a longer one is kept (海洋实验室 in 海洋实验室深圳分部); a name
            # that crosses another's boundary, or repeats its span, is not
            if not any(
                (m.start < k.end and k.start < m.end and not k.start <= m.start < m.end <= k.end)
                or (m.start, m.end) == (k.start, k.end)
                for k in kept
            ):
                kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    def _suffixed(self, sentence: str, words: list[tuple[int, int, str, str]]) -> list[Mention]:
        starts = {w[0] for w in words}
        out = []
        for m in _SUFFIX.finditer(sentence):
            rule = next(r for r in SUFFIXES if re.fullmatch(r[1], m.group()))
            end = m.end()
            if end < len(sentence) and end not in starts:
                continue  # the suffix is inside a word (区域, 市场, 网络 …)
            # a suffix that starts inside a word (技术创新|中心) takes the whole word, unless
            # that word is a known name (大湾区 is not a new …区)
            holder = next((w for w in words if w[0] < m.start() < w[1]), None)
            if holder is not None and holder[2] in self.names and m.end() <= holder[1]:
                continue  # …but 国际科技创新|中心 is a new name over the known 科技创新
            if rule[0] == "website" and holder is not None:
                continue
            inner = holder[0] if holder else m.start()
            place = holder or next((w for w in words if w[1] == inner), None)
            if rule[0] == "bay area" and (place is None or place[3] != "ns"):
                continue  # 旧金山湾区, not 科技湾区
            grow = _grow_task if m.group() == "领导小组" else _grow_left
            start = grow(words, inner)
            if sentence[start - 1 : start] == "”" and (open_ := sentence.rfind("“", 0, start)) >= 0:
                start = _grow_left(words, open_)  # 广州“鲲鹏+昇腾”生态创新中心
            name = _balanced(sentence[start:end].lstrip(")）与和及"))
            start = end - len(name)
            prefix = name[: len(name) - len(m.group())]
            if len(prefix) < 2 or _GENERIC.match(prefix) or _COUNTED.match(prefix):
                continue
            after = re.match(r"[(（][\u4e00-\u9fff]{2,4}[)）]", sentence[end:])
            if after and end + after.end() in starts | {len(sentence)}:
                end += after.end()  # 人工智能与数字经济广东省实验室(广州)
                name = sentence[start:end]
            if name in self.names:
                continue
            why = f"suffix {rule[0]}"
            out.append(Mention(start, end, name, slug(prefix, rule[3]), rule[2], False, why))
            head = re.match(r".+?(?:实验室|研究院)(?=[\u4e00-\u9fff]{2,3}(?:分部|分院)$)", name)
            if head and head.group() not in self.names:  # 海洋实验室 of 海洋实验室深圳分部
                text = head.group()
                out.append(Mention(start, start + len(text), text, slug(text, ""), rule[2],
                                   False, f"{why}, head of a branch"))  # fmt: skip
        return out


def _grow_task(words: list[tuple[int, int, str, str]], at: int) -> int:
    """The start of a leading group's name, which is its task (推进…建设领导小组): verbs
    too, back to 的, a preposition or punctuation."""
    start = at
    for w_start, w_end, word, tag in reversed([w for w in words if w[1] <= at]):
        if w_end != start or tag[:1] not in "nvj" or word in "的和与及" or at - w_start > 24:
            break
        start = w_start
    return start


def _titles(sentence: str) -> list[Mention]:
    """Policies and agreements named in 《…》 (reports and books are left alone)."""
    out = []
    for m in _TITLE.finditer(sentence):
        title = m.group(1)
        media = re.match(r"杂志|日报|晚报|周刊|报", sentence[m.end() :])
        if media:  # 《南方》杂志: a periodical named by its title
            name = sentence[m.start() : m.end() + media.end()]
            out.append(Mention(m.start(), m.end() + media.end(), name, slug(title, "media"),
                               "MediaOrganization", False, "title of a periodical"))  # fmt: skip
            continue
        bare = re.sub(r"[（(][^（）()]*[）)]$", "", title)  # …行动计划（2021-2023年）
        for pattern, cls, words in TITLES:
            if re.search(pattern, bare):
                start = m.start(1)
                out.append(
                    Mention(start, m.end(1), title, slug(title, words), cls, False, "title in 《》")
                )
                break
    return out
