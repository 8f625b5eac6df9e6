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
from collections.abc import Callable, Iterable
from typing import Any

import jieba
import jieba.posseg

from ..pipeline.load import Record
from .campus import campuses
from .context import _before_title, _listed, _paired, _people, _tagged
from .names import (
    _GENERIC,
    SUFFIXES,
    Known,
    Mention,
    _balanced,
    _grow_left,
    name_key,
    slug,
    without_cities,
)
from .ner import model_mentions
from .ner import tag as model_tags
from .notnames import PROPER_ONLY, generic_name, kind_only, not_names
from .proper import _cited, _congresses, _issuers, _latin

__all__ = ["SUFFIXES", "TITLES", "Gazetteer", "Known", "Mention", "slug"]

jieba.setLogLevel(logging.WARNING)

# Records that are not named in running text.
_UNNAMED = {"Observation", "SourceDocument", "Membership"}

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
    (r"(?:办法|条例|政策|措施|规定|决定|细则|指引|指南|清单|目录)$", "Policy", "policy"),
    (r"(?:通告|公告|函|复函|批复)$", "Notice", "notice"),
]
# A title outside 《》: what is issued or signed (印发重点合作项目(事项)清单), or an official
# document's full title (X关于Y的通知).
_TITLE_WORD = (
    r"(?:规划纲要|规划|纲要|方案|计划|意见|办法|指引|指南|通知|通告|清单|协议|备忘录|函|决定|细则)"
)
_END = r")(?![\u4e00-\u9fff])"
_BARE_TITLE = re.compile(
    r"(?:印发|出台|颁布|公布|制定|编制|发布|签署|签订)了?(?P<t>[^，,。；;：:“”《》\s、]{2,40}?"
    + _TITLE_WORD
    + _END
    + r"|(?P<u>[^，,。；;：:《\s]{2,20}关于[^，,。；;]{2,80}?的"
    + _TITLE_WORD
    + r")(?!书|稿|件|精神|要求|的)"
)
# A province or a city right before a title: its own plan, not the national one of that name.
_LOCAL = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{2,3}?[省市]|[省市]|全省|全市)(?:人民政府|政府|办公厅|委员会)?"
    r"(?:正式)?(?:印发|发布|出台|制定|公布|编制)?(?:了)?$"
)
_TITLE = re.compile(r"《([^《》]{2,80})》")
_COUNTED = re.compile(r"^[\d一二两三四五六七八九十几多数百千]+[家个所座项批大位名]")


_CJK = re.compile(r"[\u4e00-\u9fff]")
# A name's prefix that describes rather than names (宜居…, 创新型…, 特大…).
_ADJECTIVE = re.compile(r"(?:型|性|化|级|类|式)$|^(?:特大|超大|宜居)")


# A postal address (寄至:深圳市福田区市民中心C区4130): the places in it are not the text's.
_ADDRESS = re.compile(r"(?:地址|通讯地址|通信地址|寄至|寄往|邮寄至|送至)[:：]?[^，,。；;]*")


# A place's name followed by these names a station or an airport, not the place.
_FACILITY = re.compile(r"[东南西北]?站|机场")


def _bracketed_alias(sentence: str, m: Mention, found: list[Mention]) -> Mention:
    """世界知识产权组织(WIPO): a new name in brackets right after a known one is its alias."""
    opens, closes = sentence[m.start - 1 : m.start], sentence[m.end : m.end + 1]
    if m.known or opens not in ("(", "（") or closes not in (")", "）"):
        return m
    before = next((k for k in found if k.known and k.end == m.start - 1), None)
    if before is None:
        return m
    return Mention(m.start, m.end, m.text, before.id, before.type, True, f"alias of {before.text}")


# names found only because a tagger called a word a name (not by a suffix, title or context)
_TAGGED_ONLY = re.compile(r"^place (?:\(model\)|name)$")


# what an event's name starts with before its words: its place(s) and its date
_EVENT_HEAD = re.compile(
    r"(?:\d{4}年?|[\u4e00-\u9fff]{2}市|[\u4e00-\u9fff]{2}·|\d{1,2}月|第[一二三四]季度)+$"
)


def _bare_suffix(name: str) -> bool:
    """Is a known alias only a suffix word (合作区, 实验室), the tail of other names too?"""
    return bool(_SUFFIX.fullmatch(name)) or name in ("合作区", "科学城", "实验室")


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

    def __init__(self, names: dict[str, Known], model: Any = None) -> None:
        self.names = names
        self.model = model  # the NER model (ner.py), or None: rules only
        self.tags: dict[str, list[tuple[int, int, str, str]]] = {}
        self.segmented: dict[str, list[tuple[int, int, str, str]]] = {}  # sentence → words
        self.ids = {k.id for k in names.values()}
        self.keys: dict[str, Known] = {}  # name_key of each name → its record
        for name in sorted(names, key=lambda n: (len(n), n)):
            self.keys.setdefault(name_key(name), names[name])
        for name, rest in without_cities(names):  # 中新知识城 = 中新广州知识城
            self.keys.setdefault(name_key(rest), names[name])
        longest = sorted(names, key=lambda n: (-len(n), n))
        self.pattern = re.compile("|".join(map(re.escape, longest))) if longest else None
        self.pos = _segmenter()
        for name in longest:
            self.pos.tokenizer.add_word(name, freq=100000, tag="nz")

    def prepare(self, sentences: list[str]) -> None:
        """Run the model over all the sentences at once (faster than one by one)."""
        if self.model is not None:
            todo = sorted({s for s in sentences if s not in self.tags})
            self.tags.update(zip(todo, model_tags(self.model, todo), strict=True))

    @classmethod
    def from_records(cls, records: Iterable[Record], model: Any = None) -> Gazetteer:
        """zh labels and aliases of every named record (two characters or more)."""
        names: dict[str, Known] = {}
        for rec in sorted(records, key=lambda r: r.id):
            if rec.type in _UNNAMED:
                continue
            label = rec.data.get("label") or {}
            aliases = (rec.data.get("aliases") or {}).get("zh") or []
            for name in [label.get("zh"), *aliases]:
                if isinstance(name, str) and len(name.strip()) >= 2:
                    for form in _bracket_forms(name.strip()):  # 中国(深圳)… and 中国（深圳）…
                        names.setdefault(form, Known(rec.id, rec.type))
        return cls(names, model)

    def known(self, sentence: str) -> list[Mention]:
        """Known names in `sentence`, longest first, without overlaps."""
        if self.pattern is None:
            return []
        out = []
        for m in self.pattern.finditer(sentence):
            if _bare_suffix(m.group()) and _CJK.match(sentence[m.start() - 1 : m.start()]):
                continue  # 深汕特别|合作区: the tail of another name, not the alias 合作区
            k = self.names[m.group()]
            local = _LOCAL.search(sentence[: max(0, m.start() - 1)])
            if (
                sentence[m.start() - 1 : m.start()] == "《"
                and local
                and (local.group("place").rstrip("省市") not in m.group())
            ):  # 广东省印发《…规划》: the province's own plan, named like the national one
                continue
            out.append(Mention(m.start(), m.end(), m.group(), k.id, k.type, True, "known name"))
        return out

    def placed(self, key: str, is_place: Callable[[str], bool]) -> Known | None:
        """The known record whose name is `key`'s after the places it is of (广州深圳 +
        “双城联动”论坛; 两市 + 深化战略合作框架协议 = 广州市深圳市深化战略合作框架协议)."""
        key = re.sub(r"^(?:两市|两地|双方)", "", key)
        if len(key) < 4:
            return None
        for k, known in self.keys.items():
            if k.endswith(key) and len(k) > len(key) and self._places(k[: -len(key)], is_place):
                return known
        return None

    def unplaced(self, key: str, is_place: Callable[[str], bool]) -> Known | None:
        """The known record whose name is `key` after a known place it is written with
        (广州 + 南沙科学城); not a government body (广州市科技局 is not 深圳市科技局)."""
        for i in (4, 3, 2):
            head, rest = key[:i], re.sub(r"^[省市]", "", key[i:])
            if head in self.names and is_place(self.names[head].type) and len(rest) >= 3:
                known = self.keys.get(name_key(rest))
                if known is not None and known.type != "GovernmentBody":
                    return known
        return None

    def _places(self, rest: str, is_place: Callable[[str], bool]) -> bool:
        """Is `rest` one or more known places' names run together (广州深圳, 广州市深圳市)?"""
        while rest:
            head = next((rest[:i] for i in (4, 3, 2)
                         if rest[:i] in self.names and is_place(self.names[rest[:i]].type)),
                        None)  # fmt: skip
            if head is None:
                return False
            rest = rest[len(head) :]
        return True

    def words(self, sentence: str) -> list[tuple[int, int, str, str]]:
        """(start, end, word, tag) of `sentence`'s words (segmented once: the mentions and
        the new-name filter both read them)."""
        if sentence not in self.segmented:
            out, pos = [], 0
            for pair in self.pos.cut(sentence, HMM=True):
                out.append((pos, pos + len(pair.word), pair.word, pair.flag))
                pos += len(pair.word)
            self.segmented[sentence] = out
        return self.segmented[sentence]

    def mentions(self, sentence: str) -> list[Mention]:
        """Known and new names of `sentence`; where two overlap, the longer is kept."""
        words = self.words(sentence)
        found = self.known(sentence) + _titles(sentence) + self._suffixed(sentence, words)
        found += _bare_titles(sentence)
        found += _people(sentence, words, self.names)
        if self.model is not None:
            self.prepare([sentence])
            found += model_mentions(sentence, self.tags[sentence], words,
                                    self.pos.word_tag_tab, self.names)  # fmt: skip
        else:
            found += _tagged(words, self.pos.word_tag_tab, self.names)
        found += _listed(sentence, words, self.names) + _paired(sentence, words, self.names)
        found += _before_title(sentence, words, self.names)
        found += _latin(words, self.names) + _issuers(sentence, words, self.names)
        found += _cited(sentence, words, self.names) + _congresses(sentence)
        addresses = [a.span() for a in _ADDRESS.finditer(sentence)]
        found = [
            m for m in found
            if not any(a <= m.start < b for a, b in addresses)
            and not (m.known and _FACILITY.match(sentence, m.end))  # 深圳坪山|站
            and (m.known or not generic_name(m.text, self.names))
            and (m.known or not sentence.startswith("工作报告", m.end))  # 广东省政府|工作报告
        ]  # fmt: skip
        found = not_names(sentence, [_bracketed_alias(sentence, m, found) for m in found],
                          self.names)  # fmt: skip
        found = campuses(sentence, found, self.known, self.names)
        kept: list[Mention] = []
        for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start, not m.known)):
            # a name inside a longer one is kept (海洋实验室 in 海洋实验室深圳分部); a name
            # that crosses another's boundary, or repeats its span, is not; nor a word the
            # model or jieba tags inside a new name (燕罗 of 宝安燕罗, 香蜜湖 of 香蜜湖新金融中心)
            if not any(
                (m.start < k.end and k.start < m.end and not k.start <= m.start < m.end <= k.end)
                or (m.start, m.end) == (k.start, k.end)
                or (_TAGGED_ONLY.search(m.why) and not k.known and k.start <= m.start < k.end)
                or (m.type == k.type == "Person" and k.start <= m.start < k.end)  # 覃伟 of 覃伟中
                for k in kept
            ):
                kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    def _suffixed(self, sentence: str, words: list[tuple[int, int, str, str]]) -> list[Mention]:
        starts = {w[0] for w in words}
        out = []
        for m in _SUFFIX.finditer(sentence):
            rule = next(r for r in SUFFIXES if re.compile(r[1]).fullmatch(sentence, *m.span()))
            end = m.end()
            if end < len(sentence) and end not in starts:
                continue  # the suffix is inside a word (区域, 市场, 网络 …)
            # a suffix that starts inside a word (技术创新|中心) takes the whole word, unless
            # that word is a known name (大湾区 is not a new …区)
            holder = next((w for w in words if w[0] < m.start() < w[1]), None)
            if (holder is not None and holder[2] in self.names and m.end() <= holder[1]
                    and not _bare_suffix(holder[2])):  # fmt: skip
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
            if rule[0] == "event" and (head := _EVENT_HEAD.search(sentence, 0, start)):
                start = head.start()  # 2023深圳·中山联合招商大会, 深圳市2022年12月…启动活动
                name = sentence[start:end]
            if sentence.startswith("工作报告", end):
                continue  # 阳江市政府工作报告: the report, not the body
            if name.endswith(("城市", "都市", "上市")) or (
                rule[0] == "city" and _ADJECTIVE.search(prefix)
            ):
                continue  # 特大城市, 核心城市, 创新型城市: kinds of city, not a city's name
            if rule[0] in ("city", "district") and prefix[-1] in "全本我该":
                continue  # 深圳全市, 本区: the place named before, not a new one
            after = re.match(r"[(（][\u4e00-\u9fff]{2,4}[)）]", sentence[end:])
            if after and end + after.end() in starts | {len(sentence)}:
                end += after.end()  # 人工智能与数字经济广东省实验室(广州)
                name = sentence[start:end]
            flags = (
                rule[0] in PROPER_ONLY,
                m.group() in ("政府", "市政府"),
                m.group() == "领导小组",
            )
            if name in self.names or kind_only(prefix, start, words, self.names, *flags):
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


def _bare_titles(sentence: str) -> list[Mention]:
    """Titles written without 《》: 印发X清单, 签署X协议, X关于Y的通知 (class from the last
    word)."""
    out = []
    for m in _BARE_TITLE.finditer(sentence):
        group = "t" if m.group("t") else "u"
        title, start = m.group(group), m.start(group)
        if group == "t" and len(title.rsplit("的", 1)[-1]) >= 4:  # …等7个领域的专项合作协议
            start += len(title) - len(title.rsplit("的", 1)[-1])
            title = title.rsplit("的", 1)[-1]
        for pattern, cls, words in TITLES:
            if re.search(pattern, title):
                out.append(Mention(start, start + len(title), title, slug(title, words), cls,
                                   False, "title (ends in a title word)"))  # fmt: skip
                break
    return out


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
        local = _LOCAL.search(sentence[: m.start()])
        local = local if local and local.group("place").rstrip("省市") not in title else None
        for pattern, cls, words in TITLES:
            if re.search(pattern, bare):
                start = m.start(1)
                where = local.group("place") if local else ""
                why = "title in 《》" + (f", of {where} (local)" if local else "")
                name = slug(where + title, words)
                out.append(Mention(start, m.end(1), title, name, cls, False, why))
                break
    return out


def _bracket_forms(name: str) -> list[str]:
    """A name as written, and with its brackets in the other width."""
    half = name.replace("（", "(").replace("）", ")")
    full = name.replace("(", "（").replace(")", "）")
    return list(dict.fromkeys([name, half, full]))
