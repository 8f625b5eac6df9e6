"""Entities a sentence mentions: known ones (the graph's labels and aliases, longest first)
and new ones that look like names of organisations, platforms, places, policies,
agreements, events or people, each with a proposed class and slug.

jieba segments the sentence, with every known name added to its dictionary so that a
known name is one word; a new name is grown leftwards from its suffix (…实验室, …研究院,
…大学, …公司, …科学城, …园, …区) over name-like words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

import jieba
import jieba.posseg
from pypinyin import lazy_pinyin

from ..load import Record

jieba.setLogLevel(logging.WARNING)

# Records that are not named in running text.
_UNNAMED = {"Observation", "SourceDocument", "Membership"}


@dataclass(frozen=True)
class Mention:
    """A name in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    text: str
    id: str  # the known record's id, or the proposed slug of a new entity
    type: str
    known: bool
    why: str


@dataclass(frozen=True)
class Known:
    id: str
    type: str


# (rule name, suffix regex, class, English words for the slug); first match wins.
SUFFIXES: list[tuple[str, str, str, str]] = [
    ("laboratory", r"实验室", "Laboratory", "laboratory"),
    ("research institute", r"研究院|研究所|研究中心", "ResearchInstitute", "research-institute"),
    ("university", r"大学|学院|分校", "University", "university"),
    ("firm", r"股份有限公司|有限公司|公司|集团", "Firm", "company"),
    ("science city", r"科学城|知识城|科教城", "ScienceCity", "science-city"),
    ("supercomputing centre", r"超算中心|超级计算\S{0,4}中心", "SupercomputingCentre", "centre"),
    ("innovation centre", r"创新中心|分中心", "InnovationCentre", "innovation-centre"),
    ("cooperation zone", r"合作区|合作园", "CooperationZone", "cooperation-zone"),
    ("pilot zone", r"试验区|示范区|先导区|先行区|自贸区|片区", "PilotZone", "pilot-zone"),
    ("park", r"产业园|科技园|生态园|软件园|园区|集聚区|牧场", "IndustrialPark", "park"),
    ("facility", r"装置|设施|中子源", "LargeScienceFacility", "facility"),
    ("association", r"协会|联盟|研究会|商会|学会", "Association", "association"),
    ("government body", r"管委会|管理局|[^\s]局|委员会|人民政府|政府|厅|部门|领导小组", "GovernmentBody", "government"),
    ("media", r"日报|晚报|特区报|杂志|电视台|客户端|网", "MediaOrganization", "media"),
    ("platform", r"平台|基地|集群|数据中心|智库|生产线", "Platform", "platform"),
    ("event", r"论坛|峰会|大会|博览会|会议|全会|云桌会|交易会", "Event", "event"),
    ("district", r"新区|区|县", "District", "district"),
    ("city", r"市", "City", "city"),
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
# Word classes a name may be made of (jieba's tags), and words that end a name.
_NAMEISH = {"ns", "nt", "nz", "n", "nr", "nrt", "j", "eng", "b", "vn", "an", "l", "a", "x", "c"}
_STOP = set("的在和及或是由将为了对从向以被把等、，,。；;：:“”\"《》 ")
_COUNTED = re.compile(r"^[\d一二两三四五六七八九十几多数百千]+[家个所座项批大位名]")
_GENERIC = re.compile(
    r"^(?:省|市|区|国家|国家级|省级|市级|重点|高水平|新型|联合|大|该|本|其|各|多|一批|这些|两|首个)+$"
)
_TITLE_WORDS = (
    r"(?:院长|主任|教授|书记|会长|理事长|董事长|总经理|总裁|校长|局长|市长|所长|"
    r"研究员|部长|主席|委员|代表|副秘书长|秘书长|创始人|负责人|记者|专家|博士)"
)
_SPEECH = re.compile(r"^(?:说|表示|认为|看来|介绍|指出|称|建议|提出|坦言|透露|举例)")
_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
_ASCII = re.compile(r"[A-Za-z0-9]+")


class Gazetteer:
    """The names of the known records, and a segmenter that knows them."""

    def __init__(self, names: dict[str, Known]) -> None:
        self.names = names
        self.ids = {k.id for k in names.values()}
        longest = sorted(names, key=lambda n: (-len(n), n))
        self.pattern = re.compile("|".join(map(re.escape, longest))) if longest else None
        self.tokenizer = jieba.Tokenizer()
        for name in longest:
            self.tokenizer.add_word(name, freq=100000, tag="nz")
        self.pos = jieba.posseg.POSTokenizer(self.tokenizer)

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
        found += _people(sentence, words, self.names) + _tagged(words, self.names)
        found += _listed(sentence, self.names)
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
            start = _grow_left(words, m.start())
            name = _balanced(sentence[start:end].lstrip(")）与和及"))
            start = end - len(name)
            prefix = name[: len(name) - len(m.group())]
            if len(prefix) < 2 or _GENERIC.match(prefix) or _COUNTED.match(prefix):
                continue
            if name in self.names:
                continue
            out.append(
                Mention(start, end, name, slug(prefix, rule[3]), rule[2], False, f"suffix {rule[0]}")
            )
        return out


def _grow_left(words: list[tuple[int, int, str, str]], at: int) -> int:
    """The start of the name whose suffix starts at `at`: name-like words to its left."""
    start = at
    for w_start, w_end, word, tag in reversed(words):
        if w_end > at:
            continue
        if w_end != start or at - w_start > 24:
            break
        if (tag not in _NAMEISH and tag[:1] != "n") or word in _STOP or word[-1] in _STOP:
            break
        if (tag == "x" and word not in "()（）“”") or (tag == "c" and word != "与"):
            break
        start = w_start
    return start


def _balanced(name: str) -> str:
    """Drop a leading opening quote or bracket that is not closed inside the name."""
    for left, right in (("“", "”"), ("(", ")"), ("（", "）")):
        if name.count(left) > name.count(right):
            name = name[name.rindex(left) + 1 :]
        if name.count(right) > name.count(left):
            name = name[name.rindex(right) + 1 :]
    return name


def _titles(sentence: str) -> list[Mention]:
    """Policies and agreements named in 《…》 (reports and books are left alone)."""
    out = []
    for m in _TITLE.finditer(sentence):
        title = m.group(1)
        bare = re.sub(r"[（(][^（）()]*[）)]$", "", title)  # …行动计划（2021-2023年）
        for pattern, cls, words in TITLES:
            if re.search(pattern, bare):
                start = m.start(1)
                out.append(
                    Mention(start, m.end(1), title, slug(title, words), cls, False, "title in 《》")
                )
                break
    return out


_PERSON = re.compile(
    rf"(?:{_TITLE_WORDS}|在)(?P<name>[\u4e00-\u9fff]{{2,3}}?)"
    r"(?=看来|说|表示|认为|介绍|指出|称|告诉|坦言|透露|建议|举例)"
)


def _people(
    sentence: str, words: list[tuple[int, int, str, str]], names: dict[str, Known]
) -> list[Mention]:
    """Person names (jieba `nr`) right after a title (…院长郭万达) or before 说/认为 …"""
    out = [
        Mention(m.start("name"), m.end(), m.group("name"), slug(m.group("name"), ""), "Person",
                False, "person name")
        for m in _PERSON.finditer(sentence)
        if m.group("name") not in names
    ]  # fmt: skip
    for start, end, word, tag in words:
        if tag != "nr" or not 2 <= len(word) <= 3 or word in names or not _CJK_ONLY.match(word):
            continue
        if True:
            out.append(Mention(start, end, word, slug(word, ""), "Person", False, "person name"))
    return out


# jieba's tags for proper names → the class proposed for a name it tags so.
_TAGGED = {"ns": ("Place", "place"), "nt": ("Organization", "organisation")}
_LIST = re.compile(r"((?:[^、，,。；;：:“”《》\s]{2,12}、)+[^、，,。；;：:“”《》\s]{2,12})等")
_HEADS = [
    (r"^(?:[^，,]{0,8})?(?:企业|公司|巨头|独角兽)", "Firm", "company"),
    (r"^(?:[^，,]{0,8})?(?:高校|大学)", "University", "university"),
    (r"^(?:[^，,]{0,8})?(?:城市|地区)", "Place", "place"),
    (r"^(?:[^，,]{0,8})?(?:机构|单位|组织)", "Organization", "organisation"),
]


def _tagged(words: list[tuple[int, int, str, str]], names: dict[str, Known]) -> list[Mention]:
    """Words jieba tags as place or organisation names (ns, nt)."""
    out = []
    for start, end, word, tag in words:
        if tag in _TAGGED and len(word) >= 2 and word not in names:
            cls, english = _TAGGED[tag]
            out.append(Mention(start, end, word, slug(word, ""), cls, False, f"{english} name"))
    return out


def _listed(sentence: str, names: dict[str, Known]) -> list[Mention]:
    """The items of a list `A、B、C等企业` (class from the noun after 等)."""
    out = []
    for m in _LIST.finditer(sentence):
        head = sentence[m.end() : m.end() + 12]
        rule = next((r for r in _HEADS if re.match(r[0], head)), None)
        if rule is None:
            continue
        pos = m.start(1)
        for item in m.group(1).split("、"):
            if item not in names and not re.search(r"[的了在是和与]", item):
                out.append(Mention(pos, pos + len(item), item, slug(item, ""), rule[1], False,
                                   f"listed before 等{head[:4]}"))  # fmt: skip
            pos += len(item) + 1
    return out


def slug(zh: str, english: str) -> str:
    """`广州` + `laboratory` → `guangzhou-laboratory` (pinyin of the words, then English)."""
    parts = []
    for word in jieba.lcut(zh):
        ascii_ = "".join(_ASCII.findall(word)).lower()
        sound = "".join(p for p in lazy_pinyin(word) if p.isascii() and p.isalnum())
        if piece := (ascii_ if ascii_ and not sound else sound.lower()):
            parts.append(piece)
    text = "-".join(parts[:5] + ([english] if english else []))
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "", text)).strip("-") or "entity"
