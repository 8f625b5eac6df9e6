"""New names a curator rejects, found by where they stand rather than by what they say:
people in a byline's brackets, an acronym in brackets after a concept, a kind of place
after a known one (广州中心区, 广东省开发区), a region named by a known one and a kind
(粤港澳大湾区城市群 = the bay area; 广东省都市圈: the province's metropolitan areas)."""

from __future__ import annotations

import re

import jieba.posseg

from .names import _GENERIC, Known, Mention

# (记者 程景伟 郭军), 电 (严小晶), (责编:苏缨翔、刘慧): a byline in brackets
_BYLINE = re.compile(
    r"[（(]\s*(?:(?:记者|通讯员|责编|编辑|责任编辑|实习生|摄影|摄|作者)[:：\s]*)"
    r"[\u4e00-\u9fff、，,\s]{2,30}[)）]"
    r"|(?:(?<=电)|^)\s*[（(][\u4e00-\u9fff、\s]{2,12}[)）]"  # 电 (严小晶), or opening a line
    r"|[\u4e00-\u9fff]{2,4}\s*摄(?![\u4e00-\u9fff])"  # a photo's credit: 程景伟 摄
)
_ACRONYM_IN_BRACKETS = re.compile(r"[（(]([A-Z]{2,8})[)）]")
# what follows a place's name to make a kind of place of it, not a place of its own
_PLACE_KIND = re.compile(
    r"(?:中心区|都市区|开发区|市区|城区|郊区|老城区|市县|[东南西北中]部|枢纽)$"
)
# a count of places (九市, 广东九市), words for kinds of place the model calls places
_COUNTED = re.compile(r"[一二三四五六七八九十两\d][市县区省城地]$")
# A province's one-character name and a direction: a part of it (粤东, 粤西北, 苏北), no name.
_PROVINCE_PART = re.compile(
    r"[京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵黔滇陕甘陇青蒙桂藏][东西南北]{1,2}"
)
_KIND_WORDS = {"高速公路", "双子城", "城市群", "都市圈", "示范市", "特大城市", "超大城市"}
_PLACES = ("Place", "City", "District", "Region")
_GROUPED = re.compile(r"(?:城市群|都市圈)$")
_SAME_AS = ("BayArea", "Region")
_KIND_OF = ("Province", "Country")
# 基础设施, 文体设施: a kind of facility, not one facility
_FACILITY_KIND = re.compile(r"(?:基础|文体|公共|配套|服务|大型)设施$")


# a surname and a title, the way a text refers again to a person it named (陈院士)
_SURNAME_TITLE = re.compile(
    r"[\u4e00-\u9fff](?:院士|教授|博士|老师|先生|女士|书记|市长|省长|主任|总)"
)


def not_names(sentence: str, found: list[Mention], names: dict[str, Known]) -> list[Mention]:
    """`found` without the new names that are not names, and with a region named by a known
    one as that known one."""
    bylines = [m.span() for m in _BYLINE.finditer(sentence)]
    concepts = {m.start(1) for m in _ACRONYM_IN_BRACKETS.finditer(sentence)}
    out = []
    for m in found:
        if m.known:
            out.append(m)
            continue
        if m.type == "Person" and any(a <= m.start < b for a, b in bylines):
            continue
        if m.type == "Person" and _SURNAME_TITLE.fullmatch(m.text):
            continue  # 陈院士, 王教授: a person named before, by surname and title
        if m.start in concepts and not any(k.end == m.start - 1 for k in found if k is not m):
            continue  # 知识创新网络（KIN）: the acronym of a concept, not of a body
        if _PLACE_KIND.search(m.text) and (
            m.text.endswith("都市区") or _after_known(m.text, names)
        ):
            continue
        if _FACILITY_KIND.search(m.text) or m.text in _KIND_WORDS or m.text.endswith("示范市"):
            continue
        if m.type in _PLACES and _PROVINCE_PART.fullmatch(m.text):
            continue  # 粤东, 粤西北: a part of a province, named by its direction
        if m.type in _PLACES and (_COUNTED.search(m.text) or _has_verb(m.text)):
            continue  # 九市; 指导市县, 影响市区
        m = _without_city(m, names)
        grouped = _grouped(m, names)
        if grouped is not False:
            if grouped is not None:
                out.append(grouped)
            continue
        out.append(m)
    return out


_COUNTY = re.compile(r"[\u4e00-\u9fff]{1,3}(?:县|区|市)")  # 海丰县; not 大学深圳校区


def _has_verb(text: str) -> bool:
    """Does a place's name hold a verb (jieba's dictionary) other than those names use?"""
    return any(
        w.flag in ("v", "vn")
        and w.word not in _NAME_VERBS
        and (len(w.word) >= 2 or w.word in "要将应能把被")
        for w in jieba.posseg.dt.lcut(text)
    )


def _without_city(m: Mention, names: dict[str, Known]) -> Mention:
    """汕尾海丰县 → 海丰县: a county or district named after its known city is proposed by
    its own name (the city is named, and known, already)."""
    if m.type != "District" or not m.why.startswith(("suffix", "place")):
        return m
    city = max(_prefixes(m.text, names), key=len, default="")
    rest = m.text[len(city) :]
    if not city or not _COUNTY.fullmatch(rest) or names[city].type not in ("City", "Province"):
        return m
    start = m.start + len(city)
    return Mention(start, m.end, rest, m.id, m.type, False, m.why)


def _after_known(text: str, names: dict[str, Known]) -> bool:
    """Does `text` start with a known name (广州中心区, 广东省开发区)?"""
    return any(text.startswith(n) and len(text) > len(n) for n in _prefixes(text, names))


def _prefixes(text: str, names: dict[str, Known]) -> list[str]:
    return [text[:i] for i in range(2, len(text)) if text[:i] in names]


def _grouped(m: Mention, names: dict[str, Known]) -> Mention | None | bool:
    """粤港澳大湾区城市群 → the known bay area; 广东省都市圈 → None (a kind); else False."""
    if not _GROUPED.search(m.text):
        return False
    stem = _GROUPED.sub("", m.text)
    known = names.get(stem)
    if known is None:
        return False
    if known.type in _SAME_AS:
        return Mention(m.start, m.end, m.text, known.id, known.type, True,
                       f"known name (as {m.text})")  # fmt: skip
    return None if known.type in _KIND_OF else False


_PROPER_TAGS = ("ns", "nr", "nrt", "nrfg", "nt", "j", "eng")  # not nz: jieba tags 力争 so


def kind_only(prefix: str, start: int, words: list[tuple[int, int, str, str]],
               names: dict[str, Known], proper: bool, government: bool = False,
               task: bool = False) -> bool:  # fmt: skip
    """Does a suffix's prefix name a kind or an act rather than one body or place: a count
    (广东九市), a verb (力争重点片区, 代表市政府), or, for kinds in `PROPER_ONLY`, no proper
    word at all (上市公司, 先进制造业园区, 现代化都市圈)?"""
    if re.search(r"[\d一二三四五六七八九十两几多]$", prefix) or prefix.endswith("都市"):
        return True
    inside = [w for w in words if start <= w[0] < start + len(prefix)]
    verbs = [w for w in inside if _tag(w) == "v" and w[2] not in _NAME_VERBS]
    if verbs and "“" not in prefix and (verbs[0] is inside[0] or government) and not task:
        return True  # 力争重点片区, 影响市区; 深圳安排市政府 (not 国家新型显示技术创新中心)
    if re.match(r"所有|特殊|各类?|万亿|千亿|百强|全球百强", prefix) or re.search(r"化$", prefix):
        return True  # 所有城市群, 现代化都市圈: a kind
    end = start + len(prefix)
    # words of the prefix, or one word that is the whole name (复旦大学/nt)
    whole = [w for w in inside if w[1] <= end or w[0] == start]
    return proper and "国家" not in prefix and not any(_proper(w, names) for w in whole)


def _proper(word: tuple[int, int, str, str], names: dict[str, Known]) -> bool:
    """Is a word a proper name: jieba's own dictionary says so, or a known agent or place
    (not a topic or a unit the gazetteer added: 先进制造, 亿元)?"""
    text = word[2]
    if text in names:
        return names[text].type not in _NOT_PROPER
    return _tag(word) in _PROPER_TAGS or re.search(r"[A-Za-z“”\"]", text) is not None


_NOT_PROPER = {"Topic", "Indicator", "Unit", "Observation"}


def _tag(word: tuple[int, int, str, str]) -> str:
    """A word's tag in jieba's own dictionary (the gazetteer tags its names nz)."""
    return jieba.posseg.dt.word_tag_tab.get(word[2], word[3])


# kinds whose names need a proper word before the suffix (not 上市公司, 产业功能平台)
PROPER_ONLY = {"firm", "pilot zone", "park", "platform", "city", "university"}
# verbs that do occur inside names (联合实验室, 合作区, 共建…)
_NAME_VERBS = {
    "联合",
    "合作",
    "共建",
    "创新",
    "发展",
    "建设",
    "研究",
    "服务",
    "管理",
    "促进",
    "招商",
}


# After a country's name, what lets it stand as a name of its own (中国的, 中国、, 中国是 …);
# any other character makes it a modifier or the head of a longer name (中国特色, 中国科学院,
# 中国南方, 中国新闻网): a curator records no mention of the country there.
_STANDS_AFTER = set("的、，,。；;：:！？!?）)」”和与及同是在为也都已将对向从")


def modifier(sentence: str, m: Mention, places: list[Mention]) -> bool:
    """Is the known country `m` a modifier or part of a longer name in `sentence`? Not
    before a place of its own (美国加州湾区, 日本东京湾区: the country is named)."""
    after = sentence[m.end : m.end + 1]
    if m.type != "Country" or not _CJK_CHAR.match(after) or after in _STANDS_AFTER:
        return False
    return not any(p is not m and p.start <= m.end < p.end for p in places)


_CJK_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（(]")


def generic_name(text: str, names: dict[str, Known]) -> bool:
    """Is a new name only a kind (机构, 香港高校, 深圳相关部门), possibly after a place?"""
    if _GENERIC.match(text) or _NOT_A_NAME.search(text):
        return True
    rest, place = text, False
    for name in sorted(names, key=len, reverse=True):
        if rest.startswith(name) and len(rest) > len(name):
            rest, place = rest[len(name) :], names[name].type in _ADMIN_PLACES
            break
    rest = re.sub(r"^(?:省|市|区)", "", rest)
    if place and rest in ("政府", "人民政府"):
        return False  # 深圳市政府, 南沙区政府: the government of that place, one body
    return bool(re.fullmatch(r"(?:相关|有关|各类?|其他|重点|知名|国内外|龙头|骨干|科研|新型|"
                             r"上市|民营|国有|外资|中小|"
                             r"研发|创新|重大科技)?" + _KIND_TAIL, rest))  # fmt: skip


_ADMIN_PLACES = ("City", "District", "Province")

# A name does not start with a particle or a quantity word (了重点合作项目清单, 部分广东省实验室)
# nor with a grade (世界一流…, 世界级城市群: kinds), nor run past a post (省长王伟中作政府).
_NOT_A_NAME = re.compile(
    r"^(?:了|的|将|把|对|部分|一些|有关|世界一流|世界级|国际一流|一流|业|化|性|者|们|等)|(?:省长|市长|区长|书记|主任|部长)."
    r"|GDP|占|比重|增速|增长"  # 广州GDP占都市圈: a measure's words, not a name
)

_KIND_TAIL = (
    r"(?:高校|院校|机构|企业|单位|部门|机关|组织|团体|公司|基金|专家|代表|基础设施|政府|"
    r"城市|地区|行业|产业|集群|平台)"
)
