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
    ("facility", r"装置|设施|中子源", "LargeScienceFacility", "facility"),
    ("association", r"协会|联盟|研究会|商会|学会", "Association", "association"),
    (
        "government body",
        r"管委会|管理局|[^\s]局|委员会|人民政府|政府|厅|部门|领导小组",
        "GovernmentBody",
        "government",
    ),
    ("media", r"日报|晚报|特区报|杂志|电视台|客户端", "MediaOrganization", "media"),
    ("platform", r"平台|基地|集群|数据中心|智库|生产线", "Platform", "platform"),
    ("event", r"论坛|峰会|大会|博览会|会议|全会|云桌会|交易会", "Event", "event"),
    ("district", r"新区|(?<![地城园片])区|县", "District", "district"),
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
_STOP = set('的在和及或是由将为了对从向以被把等、，,。；;：:“”"《》 ')
_COUNTED = re.compile(r"^[\d一二两三四五六七八九十几多数百千]+[家个所座项批大位名]")
_GENERIC = re.compile(
    r"^(?:省|市|区|国家|国家级|省级|市级|重点|高水平|新型|联合|大|该|本|其|各|多|一批|这些|两|首个|"
    r"重要|重大|主要|特色|中心|目标|战略|科技|创新|科技创新|全球|中国|节点|核心|一线|同属|首批|"
    r"相关|专业|综合|公共|高端|新|老|原|前|本市|全市|全省|全国)+$"
)
_TITLE_WORDS = (
    r"(?:院长|主任|教授|书记|会长|理事长|董事长|总经理|总裁|校长|局长|市长|所长|"
    r"研究员|部长|主席|委员|代表|副秘书长|秘书长|创始人|负责人|记者|专家|博士|总书记|编辑|教授|主委|科学家|CEO|创业者|社长|总编辑)"
)
# Posts held in an organisation, which is named right before them (佳都科技董事长).
_POSTS = (
    r"(?:院长|主任|书记|会长|理事长|董事长|总经理|总裁|校长|局长|市长|所长|部长|主席|委员|代表|"
    r"秘书长|社长|总编辑|主委|记者)"
)
_SPEECH = re.compile(r"^(?:说|表示|认为|看来|介绍|指出|称|建议|提出|坦言|透露|举例)")
_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
_ASCII = re.compile(r"[A-Za-z0-9]+")


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
            if holder is not None and holder[2] in self.names:
                continue
            inner = holder[0] if holder else m.start()
            start = _grow_left(words, inner)
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
            out.append(
                Mention(
                    start, end, name, slug(prefix, rule[3]), rule[2], False, f"suffix {rule[0]}"
                )
            )
        return out


def _grow_left(words: list[tuple[int, int, str, str]], at: int) -> int:
    """The start of the name whose suffix starts at `at`: name-like words to its left (a
    verb only inside a name: between two name-like words, and not a clause verb)."""
    start = at
    left = [w for w in words if w[1] <= at]
    for i in range(len(left) - 1, -1, -1):
        w_start, w_end, word, tag = left[i]
        if w_end != start or at - w_start > 24:
            break
        inside_verb = (
            tag == "v" and i > 0 and _name_like(left[i - 1]) and not _CLAUSE_VERB.match(word)
        )
        if not (_name_like(left[i]) or inside_verb):
            break
        if (tag == "x" and word not in "()（）“”-") or (tag == "c" and word != "与"):
            break
        start = w_start
    return start


_ORDINAL = re.compile(r"^第?[一二三四五六七八九十百\d]+[届次期]$")  # 十二届八次全会


def _name_like(w: tuple[int, int, str, str]) -> bool:
    word, tag = w[2], w[3]
    if tag == "m":
        return bool(_ORDINAL.match(word))
    if _CLAUSE_VERB.match(word):
        return False
    # a function word glued to a name by the segmenter (和恒大) ends it
    glued = len(word) > 1 and word[0] in "和及在的是"
    return (tag in _NAMEISH or tag[:1] == "n") and word not in _STOP and not glued


_CLAUSE_VERB = re.compile(
    r"^(?:获批|推进|建设|成立|设立|引进|吸引|打造|支持|签署|签订|发布|印发|入驻|落户|共建|参与|牵头|"
    r"举办|启动|完成|形成|拥有|包括|成为|加快|推动|实现|发挥|构建|开展|合作|位于|落地|有|是|为|在|"
    r"依托|围绕|聚焦|推出|集聚|汇聚|建成|布局|对接|加强|深化|携手|发展|提升|达到|表示|认为)$"
)


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


# Common surnames: a word jieba tags as a person's name must start with one.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶"
    "解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储"
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
        if not surname or m.group("name")[0] in _SURNAMES
    ]
    for start, end, word, tag in words:
        if tag in ("nr", "nrfg") and 2 <= len(word) <= 3 and _CJK_ONLY.match(word):
            before = _BEFORE_NAME.search(sentence[max(0, start - 10) : start])
            after = re.match(_SPEECH_WORDS + "|总书记|主席|总理", sentence[end : end + 3])
            if (before or after) and (word[0] in _SURNAMES or tag == "nrfg"):
                found.append((start, end, "person name (jieba)"))
    out = {}
    for start, end, rule in found:
        name = sentence[start:end]
        if name not in names and start not in out:
            out[start] = Mention(start, end, name, slug(name, ""), "Person", False, rule)
    return list(out.values())


# jieba's tags for proper names → the class proposed for a name it tags so.
_TAGGED = {"ns": ("Place", "place"), "nt": ("Organization", "organisation")}
_LIST = re.compile(r"((?:[^、，,。；;：:“”《》\s]{2,12}、)+[^、，,。；;：:“”《》\s]{2,12})等")
_HEADS = [
    (r"^(?:[^，,]{0,8})?(?:企业|公司|巨头|独角兽)", "Firm", "company"),
    (r"^(?:[^，,]{0,8})?(?:高校|大学)", "University", "university"),
    (r"^(?:[^，,]{0,8})?(?:城市|地区)", "Place", "place"),
    (r"^(?:[^，,]{0,8})?(?:机构|单位|组织)", "Organization", "organisation"),
]


# Words jieba tags as places that name no particular place.
_GENERIC_PLACES = set(
    re.findall(
        r"\S+",
        "深度 关联 城市 地区 全国 国内 国外 国际 全省 全市 全球 海外 沿海 内地 湾区 城中城 "
        "两地 两市 双城 各地 当地 本地 异地 外地 省内 市内 区域 周边 中西部 东部 西部 "
        "南部 北部 中部",
    )
)


def _tagged(words: list[tuple[int, int, str, str]], dictionary: dict[str, str],
            names: dict[str, Known]) -> list[Mention]:  # fmt: skip
    """Words jieba's dictionary tags as place or organisation names (ns, nt)."""
    out = []
    for start, end, word, tag in words:
        if dictionary.get(word) != tag or word in _GENERIC_PLACES:
            continue
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


def _paired(sentence: str, words: list[tuple[int, int, str, str]],
            names: dict[str, Known]) -> list[Mention]:  # fmt: skip
    """`X和Known`, `Known与X`: a short name beside a known one is of its class (哈佛和MIT
    is not: neither is known); `A和B联合发布`: A and B are organisations."""
    starts = {w[0] for w in words} | {len(sentence)}
    ends = {w[1] for w in words} | {0}
    out = []
    for m in _PAIR.finditer(sentence):
        left, right = m.group(1), m.group(3)
        for name, other, at in ((left, right, m.start(1)), (right, left, m.start(3))):
            end = at + len(name)
            grown = _grow_left(words, end) == at  # the whole name is name-like words
            if other in names and name not in names and grown and end in starts:
                known = names[other]
                out.append(Mention(at, end, name, slug(name, ""), known.type, False,
                                   f"paired with {known.id}"))  # fmt: skip
    for m in _PUBLISHERS.finditer(sentence):
        for group in (1, 2):
            start = _grow_left(words, m.end(group)) if group == 1 else m.start(group)
            name = sentence[start : m.end(group)]
            if len(name) >= 2 and name not in names and start in ends:
                out.append(Mention(start, m.end(group), name, slug(name, ""), "Organization",
                                   False, "publisher (…和…发布)"))  # fmt: skip
    return out


def _before_title(sentence: str, words: list[tuple[int, int, str, str]],
                  names: dict[str, Known]) -> list[Mention]:  # fmt: skip
    """The organisation named right before a post: 佳都科技董事长, 省人大代表, 台盟…主委."""
    out = []
    starts = {w[0] for w in words}
    for m in re.finditer(r"(?:原|前)?(?:副|常务副|执行)?" + _POSTS, sentence):
        start = _grow_left(words, m.start())
        name = _balanced(sentence[start : m.start()])
        start = m.start() - len(name)
        plain = not re.search(r"[的了是兼]|" + _TITLE_WORDS, name) and start in starts
        if len(name) >= 2 and name not in names and not _GENERIC.match(name) and plain:
            why = f"organisation before the post {m.group()}"
            out.append(Mention(start, m.start(), name, slug(name, ""), "Organization", False, why))
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
