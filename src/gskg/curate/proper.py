"""Names found by their form rather than their suffix: Latin-script acronyms (OPPO, IEEE),
the government bodies that issue a title (《中共中央国务院关于…》) or that jieba runs
together in one word, and the source an amount is cited from (据…统计)."""

from __future__ import annotations

import re

from .names import _GENERIC, Known, Mention, Word, slug

# All-capital Latin words that name a measure, a technology or a post, not an organisation.
_NOT_ORGANISATIONS = set(
    re.findall(
        r"[A-Z]+",
        "AI GDP CEO CTO CFO COO IT ICT IPO IPC ICP PCT APP TOP ASIC AMOLED OLED LED LCD CPU "
        "GPU AR VR IOT IP ID PPP PM NO OK ROI RD SCI EI VC PE CBD",
    )
)
_ACRONYM = re.compile(r"[A-Z]{2,8}")


def is_acronym(word: str) -> bool:
    """An all-capital Latin word that may name an organisation (not GDP, CEO, AI …)."""
    return bool(_ACRONYM.fullmatch(word)) and word not in _NOT_ORGANISATIONS


def _latin(words: list[Word], names: dict[str, Known]) -> list[Mention]:
    """All-capital Latin words (OPPO, IEEE, IDC) as organisations: in Chinese text they are
    brands and institutions far more often than anything else."""
    return [
        Mention(start, end, word, slug(word, ""), "Organization", False, "Latin-script acronym")
        for start, end, word, tag in words
        if tag == "eng" and is_acronym(word) and word not in names
    ]


# A government body ends in one of these; 办公厅/办公室 belong to the body before them.
_BODY = re.compile(
    r"[\u4e00-\u9fff]*?(?:中央|国务院|人民政府|常委会|委员会|办公厅|办公室|政府|部|委|局|厅|署|院)"
)
_OFFICE = re.compile(r"^(?:办公厅|办公室)$")


def bodies(text: str) -> list[tuple[int, int]]:
    """`text` cut into the government bodies it lists (中共中央国务院 → 中共中央, 国务院;
    国务院办公厅 → itself); [] unless the bodies cover the whole text. 和 joins two bodies
    only if it is not inside one (国家发展和改革委员会)."""
    return _cut(text, "、，,") or _cut(text, "、，,和及与")


def _cut(text: str, separators: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    at = 0
    for part in re.split(f"([{separators}])", text):
        if len(part) == 1 and part in separators:
            at += 1
            continue
        pos = 0
        for m in _BODY.finditer(part):
            if m.start() != pos:
                return []
            if _OFFICE.match(m.group()) and out and out[-1][1] == at + m.start():
                out[-1] = (out[-1][0], at + m.end())
            else:
                out.append((at + m.start(), at + m.end()))
            pos = m.end()
        if pos != len(part) or not part:
            return []
        at += len(part)
    return [(a, b) for a, b in out if b - a >= 2 and not _GENERIC.match(text[a:b])]


_ISSUED = re.compile(r"《([^《》]{2,40}?)关于")


def _issuers(sentence: str, words: list[Word], names: dict[str, Known]) -> list[Mention]:
    """The bodies issuing a title 《X关于…》, and the bodies of one word jieba tags as an
    organisation (中共中央国务院/nt), each a GovernmentBody."""
    title, joined = "issuer of a title (…关于…)", "government bodies run together"
    spans = [(m.start(1), m.group(1), title) for m in _ISSUED.finditer(sentence)]
    spans += [(w[0], w[2], joined) for w in words if w[3] == "nt"]
    out = []
    for at, text, why in spans:
        parts = bodies(text)
        if why == joined and len(parts) < 2:
            continue  # one nt word that is one body: the organisation-name rule has it
        for a, b in parts:
            name = text[a:b]
            if name not in names:
                out.append(Mention(at + a, at + b, name, slug(name, "government"),
                                   "GovernmentBody", False, why))  # fmt: skip
    return out


# 据战新AI产业智库统计: the source of an amount, named between 据 and the verb of counting.
_CITED = re.compile(r"据([^\s，,。；;：:“”《》()（）]{2,16}?)(?:统计|显示|测算|调查|监测|报道)")
_NOT_SOURCE = re.compile(r"^(?:不完全|初步|粗略|有关|相关|最新|官方|公开|媒体|业内|数据|报告|网络)")


def _cited(sentence: str, words: list[Word], names: dict[str, Known]) -> list[Mention]:
    """The organisation an amount is cited from: 据X统计, 据X显示 (X ending in a noun)."""
    ends = {w[1]: w for w in words}
    out = []
    for m in _CITED.finditer(sentence):
        name, last = m.group(1), ends.get(m.end(1))
        noun = last is not None and (last[3][:1] == "n" or last[3] in ("eng", "j"))
        if noun and name not in names and not _NOT_SOURCE.match(name):
            out.append(Mention(m.start(1), m.end(1), name, slug(name, ""), "Organization",
                               False, "source cited (据…统计)"))  # fmt: skip
    return out


# 党的十八大, 中共三大, 十九大以来, 十九大报告: a party congress (an event) or its report. Never
# 五大都市圈, 十大行动计划, 第一大省: a count or a rank (the party named before it, or a
# number from 十一 to 二十 followed by what follows a congress, tells them apart).
_AFTER_CONGRESS = r"(?=以来|以后|后|前|上|精神|召开|胜利|代表|开启|[，。、；”的])"
_CONGRESS = re.compile(
    r"(?:党的|中共)(?:十[一二三四五六七八九]|二十|[一二三四五六七八九])大(?:报告)?"
    r"|(?<![一二三四五六七八九十百千第])(?:十[一二三四五六七八九]|二十)大"
    r"(?:报告|" + _AFTER_CONGRESS + ")"
)


def _congresses(sentence: str) -> list[Mention]:
    """Party congresses (十九大, 党的十八大) as events, their reports (十九大报告) as reports."""
    out = []
    for m in _CONGRESS.finditer(sentence):
        name = m.group()
        report = name.endswith("报告")
        cls, english = ("Report", "report") if report else ("Event", "congress")
        out.append(Mention(m.start(), m.end(), name, slug(name, english), cls, False,
                           "a party congress" + ("'s report" if report else "")))  # fmt: skip
    return out
