"""What a name is made of: the mention type, the words a name may grow over, slugs.

Shared by the rules that find names by their suffix (entities.py) and by their context
(context.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jieba
from pypinyin import lazy_pinyin

Word = tuple[int, int, str, str]  # start, end, word, jieba tag


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


# Word classes a name may be made of (jieba's tags), and words that end a name.
_NAMEISH = {"ns", "nt", "nz", "n", "nr", "nrt", "j", "eng", "b", "vn", "an", "l", "a", "x", "c"}
_STOP = set('的在和及或是由将为了对从向以被把等、，,。；;：:“”"《》 ')
_GENERIC = re.compile(
    r"^(?:省|市|区|国家|国家级|省级|市级|重点|高水平|新型|联合|大|该|本|其|各|多|一批|这些|两|首个|"
    r"重要|重大|主要|特色|中心|目标|战略|科技|创新|科技创新|全球|中国|节点|核心|一线|同属|首批|"
    r"相关|专业|综合|公共|高端|新|老|原|前|本市|全市|全省|全国|市辖)+$"
)
_TITLE_WORDS = (
    r"(?:院长|主任|教授|书记|会长|理事长|董事长|总经理|总裁|助理|校长|局长|市长|所长|"
    r"研究员|部长|主席|委员|代表|副秘书长|秘书长|创始人|负责人|记者|专家|博士|总书记|编辑|教授|主委|科学家|CEO|创业者|社长|总编辑)"
)
# One-character names of the region's places (粤 Guangdong, 穗 Guangzhou, 港 Hong Kong …),
# that also begin names run together (深港…, 广佛…).
ABBREVIATIONS = set("粤港澳广深穗莞珠佛惠中江汕潮揭韶梅清云肇湛茂琴京沪津渝")
# the bay area's own (深港, 广深港, 珠澳 are runs of these, never one place)
BAY_ABBREVIATIONS = set("粤港澳广深穗莞珠佛惠中江肇")
_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
_ASCII = re.compile(r"[A-Za-z0-9]+")


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
            if _glued(left[i]):  # 和恒大|研究院: the name starts after the function word
                start = w_start + 1
            break
        if (tag == "x" and word not in "()（）“”-") or (tag == "c" and word != "与"):
            break
        if tag[:2] == "nr" and i + 1 < len(left) and left[i + 1][3] in ("nt", "nz"):
            break  # 杨泽森|华南理工大学|…研究院: an author before an affiliation (a byline)
        start = w_start
    return start


_ORDINAL = re.compile(r"^第?[一二三四五六七八九十百\d]+[届次期]$")  # 十二届八次全会


def _name_like(w: tuple[int, int, str, str]) -> bool:
    word, tag = w[2], w[3]
    if tag == "m":
        return bool(_ORDINAL.match(word))
    if _CLAUSE_VERB.match(word):
        return False
    if tag == "f":  # 南方创投网: a compass word may begin a name, 之后/以来 may not
        return bool(_COMPASS.match(word))
    return (tag in _NAMEISH or tag[:1] == "n") and word not in _STOP and not _glued_to(word)


_COMPASS = re.compile(r"^[东南西北][方部]$")


def _glued_to(word: str) -> bool:
    """A function word glued to a name by the segmenter (和恒大)."""
    return len(word) > 1 and word[0] in "和及在的是"


def _glued(w: tuple[int, int, str, str]) -> bool:
    """A glued word whose rest is a name (和冷泉 → 冷泉)."""
    return _glued_to(w[2]) and len(w[2]) >= 3 and (w[3][:1] == "n" or w[3] in _NAMEISH)


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


# How one place is written in several ways: 惠州 / 惠州市, 深圳市宝安区 / 宝安区, 前述X / X,
# 香港特别行政区 / 香港, 广东省深圳市 / 深圳市.
_ADMIN_SUFFIX = re.compile(r"(?:特别行政区|自治区|省|市|区|县|镇)$")
_ADMIN_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}?[省市]")
_PLACE_NAME = re.compile(r"(?:特别行政区|自治区|新区|省|市|区|县|镇)$")


# A name made of places joined by dashes (广州-深圳-香港创新集群): the same whatever their order.
_DASHES = r"[—–－\-~～]+"
_LISTED = re.compile(rf"((?:[\u4e00-\u9fff]{{2,4}}{_DASHES})+[\u4e00-\u9fff]{{2}})(.*)")

_BODY_FORMS = [
    (r"发展和?改革委员会$|发展和?改革委$", "发改委"),
    (r"(?<=[\u4e00-\u9fff]{2})委员会$", "委"),
    (r"人民政府$", "政府"),
]


# Traditional characters of names and their simplified forms (粵港澳大湾区 = 粤港澳大湾区).
_TRADITIONAL = str.maketrans(
    "粵廣東灣區門華國際學會發業經濟開園機關務設產實驗協聯團環鐵電網車線場廳號軍醫藥術導體貿銀農"
    "書報貨運達來與為們個時長馬龍島嶺陽雲漢蘇滬臺鄉鎮縣廈爾濱寧連館總資訊統計劃規綜辦處質標準構"
    "創職員進專項題論壇獎綠紅藍風雙聖橋樓廠礦",
    "粤广东湾区门华国际学会发业经济开园机关务设产实验协联团环铁电网车线场厅号军医药术导体贸银农"
    "书报货运达来与为们个时长马龙岛岭阳云汉苏沪台乡镇县厦尔滨宁连馆总资讯统计划规综办处质标准构"
    "创职员进专项题论坛奖绿红蓝风双圣桥楼厂矿",
)


def name_key(name: str) -> str:
    """The form under which two writings of one name meet: in simplified characters,
    without 前述, without the province and city a place name is prefixed with, without its
    administrative suffix."""
    name = re.sub(r"^(?:前述|上述|该)", "", re.sub(r"[\s“”\"‘’「」]+", "", name))
    name = re.sub(r"^(?:党的|中共)(?=[一二三四五六七八九十]{1,3}大)", "", name)  # 党的十八大
    name = name.translate(_TRADITIONAL)
    # 河套深港科技创新合作区深圳园区: a cooperation zone's park on one side is the zone
    name = re.sub(r"(?<=合作区)[\u4e00-\u9fff]{2,3}园区$", "", name)
    name = name.replace("（", "(").replace("）", ")")  # 中国（深圳）… = 中国(深圳)…
    name = re.sub(r"^环(?=[\u4e00-\u9fff]{1,4}[口湾湖海江河])", "", name)  # 环珠江口 = 珠江口
    name = re.sub(r"^(?:两市|两地|双方)(?=[\u4e00-\u9fff]{4})", "", name)  # 两市…协议 = …协议
    for long, short in _BODY_FORMS:  # 发展和改革委员会 = 发展改革委 = 发改委
        name = re.sub(long, short, name)
    name = name.replace("科创", "科技创新")  # 科创委, 科创中心: the usual abbreviation
    # 广汽集团 = 广汽, 腾讯公司 = 腾讯
    firm = re.sub(r"(?<=[\u4e00-\u9fffA-Za-z)]{2})(?:集团|(?:股份)?有限公司|公司)$", "", name)
    if firm != name and "有限公司" in name:  # 腾讯科技(深圳)有限公司 = 腾讯: its registered name
        firm = re.sub(r"(?<=[\u4e00-\u9fffA-Za-z]{2})(?:科技|技术)?(?:\([\u4e00-\u9fff]{2,3}\))?$",
                      "", firm)  # fmt: skip
    name = firm
    if listed := _LISTED.fullmatch(name):  # “深圳—香港—广州”科技集群 = 广州-深圳-香港创新集群
        places = sorted(re.split(_DASHES, listed.group(1)))
        name = "-".join(places) + re.sub(r"^(?:科技创新|科技|创新)(?=集群$)", "", listed.group(2))
    if _PLACE_NAME.search(name):
        # 深圳市宝安区 → 宝安区, 广东省深圳市 → 深圳市; not 深圳市人民政府 → 人民政府
        while (prefix := _ADMIN_PREFIX.match(name)) and len(name) - prefix.end() >= 2:
            if not _PLACE_NAME.search(name[prefix.end() :]):
                break
            name = name[prefix.end() :]
        bare = _ADMIN_SUFFIX.sub("", name)
        if len(bare) >= 2:
            name = bare
    return name


_YEARS = re.compile(r"[(（]\d{4}\s*[-—–－~～至]\s*\d{4}(?:年)?[)）]$")
_BRACKET = re.compile(r"\(.*\)$")


def earlier_key(key: str, why: str, named: dict[str, str]) -> str:
    """The key of a new name proposed before that `key` names again, else `key`: 省发改委
    after 广东省发改委; a title's last words after the title (《规划》 after 《…布局规划》,
    《若干意见》 of a place after 《…的若干意见》); an abbreviation after the full name
    (哈工大(深圳) after 哈尔滨工业大学(深圳))."""
    if key in named:
        return key
    if re.match(r"[省市区]", key):
        return next((k for k in named if k.endswith(key) and len(k) > len(key)), key)
    if why.startswith("title"):
        bare = key.removesuffix(" (local)")
        longer = (k for k in named if len(_YEARS.sub("", k)) > len(bare) >= 2)
        short = next((k for k in longer if _YEARS.sub("", k).endswith(bare)), bare)
        return short if short in named else key
    return next((k for k in named if _abbreviates(key, k)), key)


def _abbreviates(short: str, full: str) -> bool:
    """Is `short` an abbreviation of `full`: the same first character and the same bracketed
    place, its characters in order in `full`, its last that of 大学 or full's last?"""
    s, f = _BRACKET.sub("", short), _BRACKET.sub("", full)
    if not (2 <= len(s) <= 4 and len(f) >= len(s) + 2 and s[0] == f[0]):
        return False
    if short[len(s) :] != full[len(f) :]:
        return False
    at = 0
    for ch in s:
        at = f.find(ch, at) + 1
        if not at:
            return False
    return f.endswith(s[-1] + "学") or s[-1] == f[-1]


# Common surnames: a word jieba tags as a person's name must start with one.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶"
    "解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储"
)

# The class a name's last word tells (…实验室, …合作区, …市): (rule name, suffix regex, class,
# English words for the slug); first match wins.
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
        r"管委会|管理局|(?<![\s布格结大全开当])局|委员会|(?<=[改创信教健康建商])委|人民政府|政府|厅"
        r"|部门|领导小组",
        "GovernmentBody",
        "government",
    ),
    ("media", r"日报|晚报|周报|特区报|杂志|电视台|客户端", "MediaOrganization", "media"),
    ("platform", r"平台|基地|集群|数据中心|科学中心|智库|生产线|频道|栏目", "Platform", "platform"),
    (
        "event",
        r"论坛|峰会|大会|博览会|会议|全会|云桌会|交易会|(?:启动|签约|揭牌|开工)(?:活动|仪式)",
        "Event",
        "event",
    ),
    ("bay area", r"湾区", "BayArea", "bay-area"),  # after a place name only (see _suffixed)
    ("region", r"城市群|都市圈|经济圈", "Region", "region"),
    ("district", r"新区|(?<![地城园片])区|县", "District", "district"),
    ("city", r"市", "City", "city"),
    ("website", r"网", "Platform", "website"),  # a word of its own: 南方创投|网, not 互联网
]

_ANY_SUFFIX = re.compile("|".join(f"(?:{s})$" for _, s, _, _ in SUFFIXES))
# the kinds of place named after a city and a word or two (中新广州知识城)
_ZONES = {"ScienceCity", "CooperationZone", "PilotZone", "IndustrialPark", "District"}


def without_cities(names: dict[str, Known]) -> list[tuple[str, str]]:
    """(name, the name without a known city inside it): the place 中新广州知识城 is also
    written 中新知识城. Places only (国家超算广州中心 is not 国家超算中心), not after a name
    of its own (北京大学深圳研究生院) or a generic word (国家), not at either end."""
    cities = [n for n, k in names.items() if k.type == "City" and _CJK_ONLY.match(n)]
    out = []
    for name in sorted(n for n, k in names.items() if k.type in _ZONES):
        for city in cities:
            at = name.find(city, 1)
            head, tail = name[:at], name[at + len(city) :]
            whole = at > 0 and tail and _CJK_ONLY.match(head + tail) and len(head + tail) >= 4
            if whole and not (_ANY_SUFFIX.search(head) or head in names or _GENERIC.match(head)):
                out.append((name, head + tail))
    return out
