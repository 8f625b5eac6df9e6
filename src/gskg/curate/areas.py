"""The area of a figure: the entity the clause is about (its subject, the name the amount
describes, the list it distributes over), the places a plural subject stands for, the area
of the sentence before, the place the whole text is about; else none, with the reason."""

from __future__ import annotations

import re

from .names import Mention
from .numbers import Amount

# Classes whose mentions can be the area a figure is about.
AREA_CLASSES = ("Place", "Organization", "Platform")
CLAUSE = re.compile(r"[，,；;：:。（(]")
HOME_WHY = "named in its opening and most often"
_HOME_TYPES = ("City", "Province", "District")
# reasons after which an amount takes no area from further away (the sentence before, the text)
_NO_AREA = ("a route", "a group")
Choice = tuple[Mention | None, str]


def is_area(mention: Mention, is_a) -> bool:  # noqa: ANN001 - Ontology.is_a
    """Can this mention be the area (refArea) of a figure? A new name only when its suffix
    says what it is (not a word jieba happens to tag as a place: 宜居, 都市), and only a
    place: a new organisation in a figure's clause is mostly what it counts (深交所上市公司
    家数达到3000家); a known one may be the area (a university's rank)."""
    if not mention.known and not mention.why.startswith(("suffix", "place (model)")):
        return False
    if not mention.known and not is_place(mention):
        return False
    return any(is_a(mention.type, cls) for cls in AREA_CLASSES)


def home_area(found: list[list[Mention]], is_a) -> Mention | None:  # noqa: ANN001
    """The city or province a text is about (a city's statistics report, a province's work
    report): a known one (or a new district) named in its first two sentences and at least
    three times, and at least twice as often as any other city or province; else None (two
    cities compared)."""
    counts: dict[str, int] = {}
    first: dict[str, Mention] = {}
    for m in (m for named in found for m in named):
        # a new district named by its suffix may be it too (番禺区's statistics report)
        home = m.known or (is_a(m.type, "District") and m.why.startswith("suffix"))
        if home and any(is_a(m.type, cls) for cls in _HOME_TYPES):
            counts[m.id] = counts.get(m.id, 0) + 1
            first.setdefault(m.id, m)
    ranked = sorted(counts, key=lambda k: -counts[k])
    opening = {m.id for named in found[:2] for m in named}
    if not ranked or ranked[0] not in opening or counts[ranked[0]] < 3:
        return None
    # a district's text names its city, a city's its districts: each is compared with its
    # own level only (光明区 12 times, 深圳 7: Guangming's statistics report)
    district = is_a(first[ranked[0]].type, "District")
    peers = [k for k in ranked[1:] if is_a(first[k].type, "District") == district]
    if peers and counts[peers[0]] * 2 > counts[ranked[0]]:
        return None
    return first[ranked[0]]


_PLACE_TYPES = re.compile(
    r"^Place$|City|District|Province|Country|Region|BayArea|Zone|Area|Park|Town"
)


def is_place(m: Mention) -> bool:
    """Is the mention a place (it may be a sentence's subject for a later clause)?"""
    return bool(_PLACE_TYPES.search(m.type))


# --- which names of a sentence may be an area --------------------------------------------

_DEICTIC = re.compile(r"(?:我|本|全|该)(省|市|区)|全国")
_LEVELS = {"省": "Province", "市": "City", "区": "District"}
# 包括广州、佛山在内的14个地级市: members of what is counted, not its area
# (A、B、C等20个园区: the same)
_MEMBERS = re.compile(
    r"包括([^，,。；;]*?)在内|([^，,。；;]*、[^，,。；;]*?)等(?=[\d一二三四五六七八九十两]+[个家座所项])"
)
# 占全省的58%, 占整个大湾区的45%: the whole a share is taken of; 位居全省第一: a rank's frame
_BASE_BEFORE = re.compile(r"(?:占|居|位居|位列|位于|排名|排在)(?:整个|同期)?$")
_FRAME_AFTER = re.compile(r"(?:的)?(?:第|前|排名|最|首位)")
# 以全国不到1%的国土面积, 全国12%的经济总量, 不足全国总人口的5%: the whole a share is of
# (not 高于全国9.8%的水平, 全国的2.5%: the whole's own rate, a yardstick)
_SHARE_AFTER = re.compile(
    r"[\u4e00-\u9fff]{1,6}的(?:约|近|超过|超|逾|不到|不足)?\d+(?:\.\d+)?[%％]|"
    r"(?:约|近|超过|超|逾|不到|不足)?\d+(?:\.\d+)?[%％]的(?!水平|增速|增幅|速度|增长)"
)
_WHOLES = ("全省", "全国", "全市", "全球", "世界")


def candidates(sentence: str, mentions: list[Mention], is_a,  # noqa: ANN001
               recent: dict[str, Mention]) -> list[Mention]:  # fmt: skip
    """The names of a sentence that may be a figure's area, with 我省/全市/全国 resolved;
    not the members listed in 包括…在内, nor the whole of a share (占全省) or of a rank."""
    found = [m for m in mentions if is_area(m, is_a)] + _deictic(sentence, mentions, recent)
    members = [m.span(1) if m.group(1) else m.span(2) for m in _MEMBERS.finditer(sentence)]
    compared = _compared(sentence, found)
    out = []
    for m in found:
        if any(a <= m.start and m.end <= b for a, b in members) or m in compared:
            continue
        if _BASE_BEFORE.search(sentence[max(0, m.start - 4) : m.start]):
            continue
        if m.text in _WHOLES and (
            _FRAME_AFTER.match(sentence, m.end) or _SHARE_AFTER.match(sentence, m.end)
        ):
            continue
        out.append(m)
    return sorted(out, key=lambda m: m.start)


def _compared(sentence: str, found: list[Mention]) -> list[Mention]:
    """The places a comparison is made with (比全国和全省分别高1.5个和0.7个百分点, 比深圳仅高出
    118亿元): yardsticks, not the area of the difference, which is the subject's."""
    out: list[Mention] = []
    for at in (i + 1 for i, c in enumerate(sentence) if c in "比较"):
        while nxt := next((m for m in found if m.start == at), None):
            out.append(nxt)
            if sentence[nxt.end : nxt.end + 1] not in ("和", "与", "、", "及"):
                break
            at = nxt.end + 1
    return out


def _deictic(sentence: str, mentions: list[Mention], recent: dict[str, Mention]) -> list[Mention]:
    """我省, 本市, 全市, 该区, 全国: the province, city, district or country the text named
    last (全市 after a city of the same sentence: that city)."""
    out = []
    for m in _DEICTIC.finditer(sentence):
        kind = "Country" if m.group() == "全国" else _LEVELS[m.group(1)]
        last = recent.get(kind)
        if kind == "City":
            before = [c for c in mentions if c.end <= m.start() and is_place(c)
                      and not re.search("Province|Country|Region|BayArea", c.type)]  # fmt: skip
            last = before[-1] if before else last
        if last is not None:
            out.append(Mention(m.start(), m.end(), m.group(), last.id, last.type, last.known,
                               f"{m.group()}: {last.text}, named before"))  # fmt: skip
    return out


# --- the area of each amount ---------------------------------------------------------------


def choose(sentence: str, amounts: list[Amount], areas: list[Mention],
           recent: dict[str, Mention], home: Mention | None,
           carry: Mention | None) -> list[list[Choice]]:  # fmt: skip
    """For each amount of the sentence, its area(s) and why: several when it is said of
    each of several places (两市均…, 广州和深圳均…)."""
    spread = _distributed(sentence, amounts, areas)
    out: list[list[Choice]] = []
    for i, amount in enumerate(amounts):
        if i in spread:
            out.append([(spread[i], "distributed over the areas listed before, in order")])
            continue
        area, why = _area(sentence, areas, amount)
        each = (
            _each(sentence, amount.start, areas, recent) if not area or why[:5] == "named" else []
        )
        if each:
            why = "said of each of the places named before"
            out.append([(m, f"{why} ({m.text})") for m in each])
            continue
        previous = _as_before(sentence, amounts[i - 1], amount, areas, out[-1]) if i else None
        if area is None and not why.startswith(_NO_AREA) and previous:
            area, why = previous
        if area is None and not why.startswith(_NO_AREA):
            named = any(m.start < amount.start for m in areas)
            if carry is not None and not named:
                area, why = carry, f"the area of the sentence before, same paragraph ({carry.text})"
            elif home is not None and _at_home(areas, amount.start, home):
                area, why = home, f"the place the text is about ({home.text}: {HOME_WHY})"
        out.append([(area, why)])
    return out


def _as_before(sentence: str, before: Amount, amount: Amount, areas: list[Mention],
               chosen: list[Choice]) -> Choice | None:  # fmt: skip
    """An amount that names no area of its own after another of the same sentence takes its
    area (同比增长7.1%), unless a place is named between them; across 。 or ；only when
    the new clause names none."""
    if len(chosen) != 1:
        return None
    area, why = chosen[0]
    if any(before.end <= m.start < amount.start for m in areas):
        return None
    if (
        area is not None
        and area.text == "全国"
        and CLAUSE.search(sentence, before.end, amount.start)
    ):
        return None  # 超过全国9.8%的水平，…12个地级市: the country was a yardstick
    if area is None and not why.startswith(_NO_AREA):
        return None
    return area, (why if area is None else "as the amount before it in the sentence")


def _at_home(areas: list[Mention], at: int, home: Mention) -> bool:
    """May an amount with no area of its own take the text's place? Only when the sentence
    names no other area before it."""
    return all(m.id == home.id for m in areas if m.end <= at and is_place(m))


# 两地, 两市, 两座特大城市, 二者: the two places the text named last; with 均/都/各 an
# amount after it is said of each.
_EACH = r"(?=[\u4e00-\u9fff\d]{0,10}[均都各])"
_PAIR = re.compile(r"(?:两地|两市|两城|双城|二者|两者|两座[\u4e00-\u9fff]{0,4}城市)" + _EACH)
# 五大都市圈, 这两个城市, 21个地级市: a group of places, of which no single one is the area
_GROUP = re.compile(
    r"(?:[两二三四五六七八九十]|\d+)(?:大|个|座)[\u4e00-\u9fff]{0,4}?"
    r"(?:都市圈|城市群|城市|地区|区域|片区|地级市)|[两三四五六七八九]地|[两三]者"
)
_LINK = re.compile(r"[、和与及]")


def _each(sentence: str, at: int, areas: list[Mention],
          recent: dict[str, Mention]) -> list[Mention]:  # fmt: skip
    """The places a subject before `at` in its clause stands for when 均/都/各 says the
    amount of each: 两市 (the two cities the text named last), 深圳都市圈和广州都市圈."""
    clause = max((m.end() for m in CLAUSE.finditer(sentence, 0, at)), default=0)
    m = next((m for m in _PAIR.finditer(sentence, clause, at)), None)
    if m is not None:
        first, second = recent.get("City2"), recent.get("City")
        return [first, second] if first is not None and second is not None else []
    listed = _run([a for a in areas if clause <= a.start and a.end <= at], sentence)
    if len(listed) >= 2 and re.search("[均都各]", sentence[listed[-1].end : at]):
        return listed
    return []


def _run(areas: list[Mention], sentence: str) -> list[Mention]:
    """The last list of distinct areas (A、B和C: nothing but 、和与及 between them)."""
    run: list[Mention] = []
    for m in areas:
        if run and (m.id == run[-1].id or m.start < run[-1].end):
            continue
        if run and not _LINK.fullmatch(sentence[run[-1].end : m.start]):
            run = []
        run.append(m)
    return run


_CUE = re.compile(r"分别|依次|各自")


def _distributed(sentence: str, amounts: list[Amount], areas: list[Mention]) -> dict[int, Mention]:
    """分别/依次, or amounts joined by 、/和 after as many places listed: the n amounts go,
    in order, to the n areas (广州、深圳分别为…; 深圳、广州…达到68.61%和65.4%)."""
    out: dict[int, Mention] = {}
    for group in _coordinated(sentence, amounts):
        first = amounts[group[0]]
        cue = ([None] + list(_CUE.finditer(sentence, 0, first.start)))[-1]
        before = [a for a in areas if a.end <= (cue.start() if cue else first.start)]
        distinct = []
        for a in before:
            if a.id not in {d.id for d in distinct}:
                distinct.append(a)
        listed = _run(before, sentence)
        if cue is not None and len(distinct) == len(group):
            targets = distinct
        elif len(listed) == len(group) and len(group) >= 2:
            targets = listed
        else:
            continue
        out.update(zip(group, targets, strict=True))
    return out


def _coordinated(sentence: str, amounts: list[Amount]) -> list[list[int]]:
    """Indices of amounts joined by 、/和/及 only (8000亿元、7000亿元; 44695.58亿元和…)."""
    groups: list[list[int]] = []
    for i, a in enumerate(amounts):
        if i and _LINK.fullmatch(sentence[amounts[i - 1].end : a.start].strip()):
            groups[-1].append(i)
        else:
            groups.append([i])
    return [g for g in groups if len(g) >= 2 or _CUE.search(sentence, 0, amounts[g[0]].start)]


_OPENING = re.compile(
    r"(?:[在据截至到从自对于其中同时此外而且另外]|\d{4}年|[上下]半年|今年|去年|目前|前三季度|"
    r"作为|位于)*"
)
# 广州东站至深圳站: from one place to another; 深圳站, 深圳机场: a place named after a city.
_ROUTE = re.compile(r"[\u4e00-\u9fff]{2}(?:至|到|前往|直达)[\u4e00-\u9fff]{2}|之间")
# (广州开发区, 深圳高新区: a zone named after its city, not the city)
_MODIFIER = re.compile(
    r"[东南西北]?站|机场|港|铁路|高铁|城际|地铁|(?:经济技术|高新技术产业)?开发区|高新区|经开区|保税区"
)


def _area(sentence: str, areas: list[Mention], amount: Amount) -> Choice:
    """The area an amount is about: the place it describes (3万亿元的深圳, 深圳（3247.99万）),
    the nearest area named before it in its clause, else the subject of the sentence (the
    last place opening a clause before it), else none, with the reason."""
    at = amount.start
    described = [m for m in areas
                 if sentence[amount.end : m.start] == "的" and _ends_name(sentence, m)]  # fmt: skip
    if described:
        return described[0], "the place the amount describes (…的X)"
    if at and sentence[at - 1] in "（(" and (near := [m for m in areas if m.end == at - 1]):
        return near[-1], "the place the bracketed amount follows"
    clause = max((m.end() for m in CLAUSE.finditer(sentence, 0, at)), default=0)
    inside = [m for m in areas if clause <= m.start and m.end <= at]
    if _ROUTE.search(sentence, clause, at):
        return None, "a route between places (…至…, …之间): no single area; fill in `area`"
    inside = [m for m in inside if not _MODIFIER.match(sentence, m.end)]
    group = [g for g in _GROUP.finditer(sentence, clause, at)
             if not _PAIR.match(sentence, g.start())]  # fmt: skip
    if group and not any(m.start >= group[-1].end() for m in inside):
        return None, f"a group of places ({group[-1].group()}): no single area; fill in `area`"
    if inside:
        return _outermost(inside), "named before the amount in its clause"
    before = [m for m in areas if m.end <= at and is_place(m)]
    subjects = [m for m in before if _opens_clause(sentence, m)]
    if subjects:
        last = [m for m in subjects if m.start == subjects[-1].start]
        subject = max(last, key=lambda m: m.end)
        listed = _run([m for m in areas if m.start >= subject.start and m.end <= at], sentence)
        if len(listed) > 1 and listed[0] is subject:  # 广州、深圳签署…，包括…27个合作事项
            names = "、".join(m.text for m in listed)
            return (
                None,
                f"a group of places ({names}) is the subject: no single area; fill in `area`",
            )
        return subject, "subject of the sentence"
    if before:
        return None, (
            f"areas named earlier in the sentence ({', '.join(m.text for m in before[-3:])}) "
            "are not the subject of this clause: fill in `area`"
        )
    return None, "no area named before the amount in the sentence: fill in `area`"


def _ends_name(sentence: str, m: Mention) -> bool:
    """Is the name whole there (not the start of a longer word: 深圳市场)?"""
    return not _MODIFIER.match(sentence, m.end)


def subject(sentence: str, areas: list[Mention]) -> Mention | None:
    """The one place a sentence without figures is about, as its subject (the area its
    paragraph's next sentences carry: …东莞规模以上工业…放缓。规模以上工业增加值…4.7%…),
    else None (it names none, or several)."""
    places = [m for m in areas if is_place(m)]
    if len({m.id for m in places}) != 1:
        # 作为粤港澳大湾区建设的重大平台，广州南沙…: what the subject is described as is no
        # second subject; else two places (深圳与广州互通), no one subject
        places = [m for m in places if not _described_as(sentence, m)]
        if len({m.id for m in places}) != 1:
            return None
    return places[0] if _opens_clause(sentence, places[0]) else None


def _described_as(sentence: str, m: Mention) -> bool:
    """Is the place inside a clause that opens with 作为 (作为X的重大平台，Y…)?"""
    clause = max((c.end() for c in CLAUSE.finditer(sentence, 0, m.start)), default=0)
    return sentence[clause : m.start].lstrip().startswith("作为") and bool(
        CLAUSE.search(sentence, m.end)
    )


def _opens_clause(sentence: str, m: Mention) -> bool:
    """Does the place open its clause (after opening words: 前三季度，深圳…) or stand
    as the topic of one of its own (被称“世界工厂”的东莞，…)?"""
    if _MODIFIER.match(sentence, m.end) or re.match(r"至|到|前往", sentence[m.end : m.end + 2]):
        return False
    clause = max((c.end() for c in CLAUSE.finditer(sentence, 0, m.start)), default=0)
    head = re.sub(r"[\s“”\"'‘’]", "", sentence[clause : m.start])
    return _OPENING.fullmatch(head) is not None or sentence[m.end : m.end + 1] in ("，", ",")


def _outermost(inside: list[Mention]) -> Mention:
    """The last area of a clause, or the one holding it (广州都市圈, not 广州)."""
    last = inside[-1]
    holders = [m for m in inside if m.start <= last.start and last.end <= m.end]
    return max(holders, key=lambda m: m.end - m.start)
