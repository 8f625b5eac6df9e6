"""Names found by their context rather than their suffix: people (after a post, before
说/认为), words jieba's dictionary tags as places or organisations, list items beside a
known name, publishers (A和B联合发布), organisations named before a post."""

from __future__ import annotations

import re

from .names import (
    _CJK_ONLY,
    _GENERIC,
    _TITLE_WORDS,
    SURNAMES,
    Known,
    Mention,
    _balanced,
    _grow_left,
    _name_like,
    slug,
)
from .proper import bodies, is_acronym

# Posts held in an organisation, which is named right before them (佳都科技董事长).
_POSTS = (
    r"(?:院长|主任|书记|会长|理事长|董事长|总经理|总裁|校长|局长|市长|所长|部长|主席|委员|代表|"
    r"秘书长|社长|总编辑|主委|记者)"
)

_BEFORE_NAME = re.compile(_TITLE_WORDS + r"[\s/:：]*$")
_NAME = r"(?P<name>[\u4e00-\u9fff]{2,3}?)"
_SPEECH_WORDS = r"看来|说|表示|认为|介绍|指出|告诉|坦言|透露|建议|举例|摄|强调"
# (rule, pattern, must the name start with a common surname?)
_PERSON_RULES = [
    (
        "name before 说/认为/…",
        re.compile(rf"(?:^|在|[\s/:：”。，,、]){_NAME}(?:{_SPEECH_WORDS})"),
        False,
    ),
    (
        "name after a title",
        re.compile(rf"{_TITLE_WORDS}[\s/]*{_NAME}(?=$|[\s,，。:：、(（]|{_SPEECH_WORDS})"),
        True,
    ),
    ("speaker's name before a colon", re.compile(rf"^{_NAME}[:：]"), True),
]


def _people(
    sentence: str, words: list[tuple[int, int, str, str]], names: dict[str, Known]
) -> list[Mention]:
    """Person names: after a title (…院长郭万达, 记者 夏燕), before 说/认为/看来 …, a
    speaker before a colon, or a word jieba tags as a person's name in such a place."""
    found = [
        (m.start("name"), m.end("name"), rule)
        for rule, pattern, surname in _PERSON_RULES
        for m in pattern.finditer(sentence)
        if not surname or m.group("name")[0] in SURNAMES
    ]
    for start, end, word, tag in words:
        if tag in ("nr", "nrfg") and 2 <= len(word) <= 3 and _CJK_ONLY.match(word):
            before = _BEFORE_NAME.search(sentence[max(0, start - 10) : start])
            after = re.match(_SPEECH_WORDS + "|总书记|主席|总理", sentence[end : end + 3])
            if (before or after) and (word[0] in SURNAMES or tag == "nrfg"):
                found.append((start, end, "person name (jieba)"))
    common = {(w[0], w[1]) for w in words if w[3][:2] != "nr"}  # 时间/n is no name
    out = {}
    for start, end, rule in found:
        name = sentence[start:end]
        plain = (start, end) in common and rule != "name after a title"  # 记者/温柔 is one
        function = re.search(r"[了的是在和与及为把被从对]", name)  # 是为了: not a name
        if name not in names and start not in out and not plain and not function:
            out[start] = Mention(start, end, name, slug(name, ""), "Person", False, rule)
    return list(out.values())


# jieba's tags for proper names → the class proposed for a name it tags so.
_TAGGED = {"ns": ("Place", "place"), "nt": ("Organization", "organisation")}
_LIST = re.compile(
    r"((?:[^、，,。；;：:“”《》()（）\s]{2,12}、)+[^、，,。；;：:“”《》()（）\s]{2,12}?)"
    r"(?<![高平同对])等(?![级同])"  # not the 等 of 高等院校
)
_HEADS = [
    (r"^(?:[^，,]{0,8})?(?:企业|公司|巨头|独角兽)", "Firm", "company"),
    (r"^(?:[^，,]{0,8})?(?:高校|大学)", "University", "university"),
    (r"^(?:[^，,]{0,8})?(?:城市|地区)", "Place", "place"),
    (r"^(?:[^，,]{0,8})?(?:机构|单位|组织)", "Organization", "organisation"),
    (r"^(?:[^，,]{0,8})?(?:园区|产业园)", "IndustrialPark", "park"),  # 等20个先进制造业园区
    (r"^(?:[^，,]{0,8})?(?:片区|商务区|新城)", "Place", "place"),
]


# Words jieba tags as places that name no particular place.
_GENERIC_PLACES = set(
    re.findall(
        r"\S+",
        "深度 关联 城市 地区 全国 国内 国外 国际 全省 全市 全球 海外 沿海 内地 湾区 城中城 "
        "两地 两市 双城 各地 当地 本地 异地 外地 省内 市内 区域 周边 中西部 东部 西部 "
        "南部 北部 中部 宜居 都市 商都 古都 首都 省会 特大城市 超大城市 中心城市 核心城市 "
        "都市区 市区 城区 郊区 中心区 上市",
    )
)


def _tagged(words: list[tuple[int, int, str, str]], dictionary: dict[str, str],
            names: dict[str, Known]) -> list[Mention]:  # fmt: skip
    """Words jieba's dictionary tags as place or organisation names (ns, nt)."""
    out = []
    for start, end, word, tag in words:
        if dictionary.get(word) != tag or word in _GENERIC_PLACES:
            continue
        if tag == "nt" and len(bodies(word)) > 1:
            continue  # 中共中央国务院: its bodies are proposed instead (proper.py)
        if tag in _TAGGED and len(word) >= 2 and word not in names:
            cls, english = _TAGGED[tag]
            out.append(Mention(start, end, word, slug(word, ""), cls, False, f"{english} name"))
    return out


def _listed(sentence: str, words: list[tuple[int, int, str, str]],
            names: dict[str, Known]) -> list[Mention]:  # fmt: skip
    """The items of a list `A、B、C等企业` (class from the noun after 等)."""
    out = []
    for m in _LIST.finditer(sentence):
        head = sentence[m.end() : m.end() + 12]
        rule = next((r for r in _HEADS if re.match(r[0], head)), None)
        items = m.group(1).split("、")
        known = next((names[i] for i in items if i in names), None)
        if rule is None and known is not None:  # 华为、OPPO、VIVO等: siblings of a known name
            rule = ("", known.type, "")
        if rule is None:
            continue
        first_end = m.start(1) + len(items[0])
        first = _grow_left(words, first_end)  # 其中不乏云从科技、… → 云从科技
        if first_end - first >= 2:
            items[0] = sentence[first:first_end]
        pos = first_end - len(items[0])
        if not rule[0] and any(re.search(r"[的了在是和与将]", i) for i in items):
            continue  # 深圳、中山将在港航、航空…等方面: not a list of names beside 深圳
        for item in items:
            if item not in names and not re.search(r"[的了在是和与]", item):
                why = f"listed before 等{head[:4]}" if rule[0] else f"listed with {known.id}"
                out.append(Mention(pos, pos + len(item), item, slug(item, ""), rule[1], False, why))
            pos += len(item) + 1
    return out


_PAIR = re.compile(
    r"([A-Za-z]{2,8}|[\u4e00-\u9fff]{2,6})(和|与|及)([A-Za-z]{2,8}|[\u4e00-\u9fff]{2,6})"
)
_PUBLISHERS = re.compile(
    r"((?:[^、，,。；;：:“”《》\s]{2,14}、)*[^、，,。；;：:“”《》\s]{2,14})(?:和|与)"
    r"([^、，,。；;：:“”《》\s]{2,14}?)(?:联合|共同)?(?:发布|推出|编制|开展)"
)


# jieba's tags of proper names (and of the graph's names, added as nz).
_PROPER = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng"}


def _side(sentence: str, words: list[tuple[int, int, str, str]], names: dict[str, Known],
          m: re.Match, group: int) -> tuple[int, int]:  # fmt: skip
    """The name on one side of `A和B`: the name-like words touching 和 (比如哈佛 → 哈佛;
    华工等等 → 华工), or a known name if it spans them (腾讯云和华为云: 华为 does not)."""
    a, b = m.start(group), m.end(group)
    if group == 1:
        start = max(a, _grow_left(words, b))
        known = [(i, b) for i in range(a, start + 1) if sentence[i:b] in names]
        return known[-1] if known else (start, b)
    end = a
    for w in words:
        if w[0] == end and w[1] <= b and _name_like(w):
            end = w[1]
    known = [(a, j) for j in range(b, end - 1, -1) if j > a + 1 and sentence[a:j] in names]
    return known[0] if known else (a, end)


def _paired(sentence: str, words: list[tuple[int, int, str, str]],
            names: dict[str, Known]) -> list[Mention]:  # fmt: skip
    """`X和Known`, `Known与X`: a short name beside a known one is of its class; beside an
    acronym (哈佛和MIT), an organisation; `A和B联合发布`: A and B are organisations."""
    starts = {w[0] for w in words} | {len(sentence)}
    ends = {w[1] for w in words} | {0}
    out = []
    for m in _PAIR.finditer(sentence):
        left, right = _side(sentence, words, names, m, 1), _side(sentence, words, names, m, 3)
        for (at, end), (o_at, o_end) in ((left, right), (right, left)):
            name, other = sentence[at:end], sentence[o_at:o_end]
            if end - at < 2 or name in names or end not in starts or at not in starts | {0}:
                continue
            if any(w[3] not in _PROPER for w in words if at <= w[0] < end):
                continue  # 哈佛/nrt, 武大/j; not 医疗设备 or 深圳主动
            if other in names:
                known = names[other]
                out.append(Mention(at, end, name, slug(name, ""), known.type, False,
                                   f"paired with {known.id}"))  # fmt: skip
            elif is_acronym(other):  # 哈佛和MIT: beside an institution's acronym
                out.append(Mention(at, end, name, slug(name, ""), "Organization", False,
                                   f"paired with {other}"))  # fmt: skip
    for m in _PUBLISHERS.finditer(sentence):
        for group in (1, 2):
            start = _grow_left(words, m.end(group)) if group == 1 else m.start(group)
            name = sentence[start : m.end(group)]
            if len(name) >= 2 and name not in names and start in ends:
                out.append(Mention(start, m.end(group), name, slug(name, ""), "Organization",
                                   False, "publisher (…和…发布)"))  # fmt: skip
    return out


_DEICTIC = re.compile(r"^[该本其这那各每某]")


def _before_title(sentence: str, words: list[tuple[int, int, str, str]],
                  names: dict[str, Known]) -> list[Mention]:  # fmt: skip
    """The organisation named right before a post: 佳都科技董事长, 省人大代表, 台盟…主委."""
    out = []
    starts = {w[0] for w in words}
    # (a post followed by 会/团/处 is a body's name: 管理委员会, 代表团)
    for m in re.finditer(r"(?:原|前)?(?:副|常务副|执行)?" + _POSTS + r"(?![会团处])", sentence):
        # a post inside a word (全国|人大代表) starts its name with that word
        holder = next((w for w in words if w[0] < m.start() < w[1]), None)
        if holder is not None and m.start() - holder[0] < 2:
            continue  # 总书记 is one post
        start = _grow_left(words, holder[0] if holder else m.start())
        grown = sentence[start : m.start()]
        if len(grown) < 2 or _GENERIC.match(grown):  # 、佳都科技董事长: 佳/a 都/d 科技
            chunk = re.search(r"(?<=[、，,：:\s])[\u4e00-\u9fff]{2,6}$", sentence[: m.start()])
            start = chunk.start() if chunk and not _DEICTIC.match(chunk.group()) else start
        name = _balanced(sentence[start : m.start()])
        if re.search(r"..(?:党委|党组)$", name) and m.group().endswith("书记"):
            name = name[:-2]  # 广汽集团党委书记: the firm, 党委书记 its post
        start = m.start() - len(name)
        plain = not re.search(r"[的了是兼等]|" + _TITLE_WORDS, name) and start in starts
        if len(name) >= 2 and name not in names and not _GENERIC.match(name) and plain:
            why = f"organisation before the post {m.group()}"
            out.append(Mention(start, m.start(), name, slug(name, ""), "Organization", False, why))
    return out
