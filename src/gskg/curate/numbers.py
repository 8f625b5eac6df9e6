"""Amounts written in Chinese texts: Arabic or Chinese numerals, a unit, a hedge.

`七项` → 7 项, `212亿元` → 212 亿元, `5.8万` → 5.8 万, `18.6%` → 18.6 %, `近七成` → 7 成
(approximate), `超974家` → 974 家 (lower bound), `前两位` → 2 前N位 (a top-N bracket),
`1 318家` → 1318 家.  The value and unit are kept as written (`万`, `亿元` are units, not
multipliers), as the fact format asks; a hedge (近, 超, 约, 多, 余 …) goes into a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import cn2an

_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_BASE_UNITS = re.findall(
    r"\S+",
    "个百分点 百分点 元 家 个 项 件 名 位 人 人次 户 所 台 套 平方公里 平方米 公里 千米 米 % "
    "成 倍 份 次 条 辆 吨 批 期 届 栋 款 种 篇 类 座 分钟 小时 美元 港元 元人民币",
)
# What a scale (万, 亿, 万亿) may be written before: 5.6万平方公里, 400万人次, 1.92万亿美元.
# (万人 only: 12万亿人民币 is an amount of 万亿; 人民币 after 万亿元 is no part of the unit)
_SCALED = re.findall(
    r"\S+", "元 人次 户 家 个 项 件 名 所 台 套 平方公里 平方米 公里 倍 次 条 辆 吨 美元 港元"
)
# Units as curators write them, longest first so that 亿元 wins over 亿, 平方公里 over 公里
# and 万平方公里 over 万.
UNITS = sorted(
    {
        *_BASE_UNITS,
        "万",
        "亿",
        "万亿",
        "万人",
        *(s + u for s in ("万", "亿", "万亿") for u in _SCALED),
    },  # fmt: skip
    key=lambda u: (-len(u), u),
)
# 千 and 百 as the whole amount (人口过千万) are numerals too.
_NUMBER = (
    r"(?P<num>\d{1,3}(?:[ \u2009\u00a0]\d{3})+(?:\.\d+)?|\d+(?:,\d{3})*(?:\.\d+)?"
    rf"|[{_CN_DIGITS}]+)"
)
_HEDGE_BEFORE = (
    r"(?P<pre>将近|接近|近|超过|超|逾|约|大约|达到|达|仅|过|共计|共|上|不少于|至少|不到|不足|"
    r"低于|不超过|最多|高达)?"
)
_HEDGE_AFTER = r"(?P<post>多|余|左右)?"
_AMOUNT = re.compile(
    rf"(?P<rank>前)?{_HEDGE_BEFORE}{_NUMBER}{_HEDGE_AFTER}"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})(?P<post2>多|余|左右|以上|以内|以下|上下)?"
)
# Words that look like numeral + unit but are not amounts.
_NOT_AMOUNTS = ("一个", "一批", "一项", "一次", "一条", "一种", "一位", "一名", "一家", "一场")
HEDGES = {
    "近": "nearly",
    "将近": "nearly",
    "接近": "nearly",
    "超": "more than",
    "超过": "more than",
    "逾": "more than",
    "过": "more than",
    "约": "about",
    "大约": "about",
    "多": "more than",
    "余": "more than",
    "左右": "about",
    "上下": "about",
    "上": "about",
    "以上": "at least",
    "不少于": "at least",
    "至少": "at least",
    "不到": "less than",
    "不足": "less than",
    "低于": "less than",
    "以内": "at most",
    "不超过": "at most",
    "最多": "at most",
    "以下": "at most",
}
# The data format's `qualifier` codes (notes/QUALIFIERS.md) for the hedges.
QUALIFIERS = {
    "nearly": "about",
    "about": "about",
    "more than": "more-than",
    "at least": "at-least",
    "less than": "less-than",
    "at most": "at-most",
}


@dataclass(frozen=True)
class Amount:
    """One amount found in a sentence (offsets relative to that sentence)."""

    value: Decimal
    unit: str
    start: int
    end: int
    text: str
    hedge: str | None = None  # the hedge word as written (近, 超, 多 …), if any

    @property
    def qualifier(self) -> str | None:
        """The `qualifier` code of the figure (absent = exact as written)."""
        if self.unit == "前N位":
            return "top"
        return QUALIFIERS.get(HEDGES.get(self.hedge or "", ""))

    @property
    def note(self) -> str | None:
        """What the hedge means for the value, for the record's note."""
        if self.unit == "前N位":
            return f"Text: {self.text} (a top-{self.value} bracket, not an exact rank)."
        if not self.hedge:
            return None
        meaning = HEDGES.get(self.hedge, self.hedge)
        bound = (
            "stated lower bound" if meaning in ("more than", "at least")
            else "stated upper bound" if meaning in ("less than", "at most")
            else "value as stated"
        )  # fmt: skip
        return f"Text: {self.text} ({meaning} {self.value}); {bound}."


def parse_numeral(text: str) -> Decimal:
    """`7`, `1,456`, `1 318`, `5.8`, `七`, `两`, `十`, `一百二十`, `千` as a Decimal."""
    plain = re.sub(r"[ ,\u2009\u00a0]", "", text)
    if re.fullmatch(r"\d+(?:\.\d+)?", plain):
        return Decimal(plain)
    if plain in ("千", "百"):  # 过千万: "a thousand 万"
        return Decimal(1000 if plain == "千" else 100)
    if plain.startswith(("千", "百")):
        plain = "一" + plain
    try:
        value = cn2an.cn2an(plain, "smart")
    except ValueError as exc:
        raise ValueError(f"not a numeral: {text!r}") from exc
    return Decimal(str(value))


# A rank without a unit: 位居全国第二, 排名全省第1, 位居全国之首.
_RANK = re.compile(
    r"(?:位居|位列|排名|排在|居|列)(?:全国|全省|全市|全球|世界|国内)?"
    rf"(?:第(?P<num>\d+|[{_CN_DIGITS}]+)(?![\d{_CN_DIGITS}位名])|(?P<first>之首|首位))"
)


# A count of years, not a date: after a verb of taking or lasting (深圳用了31年, 连续8年,
# 扎根30多年, 工期5年) or before 蝉联 (32年蝉联全国第一); never 两年平均, 三年来, 过去40年.
_YEARS = re.compile(
    r"(?:用了|花了|历时|耗时|工期|扎根|连续第?)(?P<num>\d{1,2}|[一二两三四五六七八九十]{1,3})"
    r"(?P<post>多)?年(?![来后前内间底初代级])|(?P<num2>\d{1,2})年(?=蝉联)"
)


def find_amounts(sentence: str) -> list[Amount]:
    """Every amount of `sentence`, in order (value, unit, offsets, hedge)."""
    out = []
    for m in _RANK.finditer(sentence):
        value = Decimal(1) if m.group("first") else parse_numeral(m.group("num"))
        start = m.start("first") if m.group("first") else m.start("num") - 1
        out.append(Amount(value, "位", start, m.end(), sentence[start : m.end()]))
    for m in _YEARS.finditer(sentence):
        group = "num" if m.group("num") else "num2"
        start = m.start(group)
        out.append(Amount(parse_numeral(m.group(group)), "年", start, m.end(),
                          sentence[start : m.end()], m.group("post")))  # fmt: skip
    for m in _AMOUNT.finditer(sentence):
        num, unit = m.group("num"), m.group("unit")
        if _skip(sentence, m, num, unit):
            continue
        try:
            value = parse_numeral(num)
        except ValueError:
            continue
        words = (m.group("pre"), m.group("post"), m.group("post2"))
        hedge = next((w for w in words if w in HEDGES), None)  # 达, 仅, 共: emphasis
        start = (
            m.start("rank")
            if m.group("rank")
            else m.start("pre")
            if m.group("pre")
            else m.start("num")
        )
        if m.group("rank") and unit in ("位", "名"):
            unit = "前N位"
        elif sentence[m.start("num") - 1 : m.start("num")] == "第":
            unit = "位"  # 第1位, 第二名: a rank
        end = m.end()
        if unit in ("万", "亿") and sentence[max(0, start - 4) : start].rstrip(
            "超过近约逾"
        ).endswith("人口"):
            unit += "人"  # 人口过千万: a count of people
        out.append(Amount(value, unit, start, end, sentence[start:end], hedge))
    return sorted(out, key=lambda a: a.start)


def _skip(sentence: str, m: re.Match[str], num: str, unit: str) -> bool:
    """Matches that are not statistics: years, dates, ordinals, 一个 …, reference marks."""
    after = sentence[m.end() : m.end() + 1]
    before = sentence[max(0, m.start("num") - 1) : m.start("num")]
    if before == "第" and unit not in ("位", "名"):
        return True
    if before == "[" or (after and after in "月日号"):
        return True
    if num + unit in _NOT_AMOUNTS and not m.group("pre"):
        return True
    # Chinese numerals before 年 / 个 + 月 (三个月) are durations, not statistics.
    return unit == "个" and after == "月"


# 三个都市圈, 五大板块, 千万级别: a small count written in words that numbers the parts of a
# spatial or planning structure, or a magnitude class, not a quantity the text measures.
_STRUCTURE_AFTER = re.compile(r"^(?:级别|量级|级|梯队|方面|维度|层次|环节|步|轮|阶段)")
_PARTS = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,4}?)(?:都市圈|城市群|经济圈|经济带|板块|组团|城市|极|核|轴|带|圈|"
    r"走廊|廊道|支点|定位|重点|任务|目标|原则|体系|机制)"
)
_COUNTING = re.compile(r"(?:有|拥有|建成|建有|新增|共|共计|累计|已|达|聚集|集聚|引进|吸引|获批)$")


def is_structural(sentence: str, amount: Amount) -> bool:
    """Is this amount a structural count (三个都市圈, 千万级别) rather than a measured quantity?"""
    after = sentence[amount.end : amount.end + 2]
    if _STRUCTURE_AFTER.match(after):  # 千万级别, 千万级; not 2.5万亿级 (an amount reached)
        bare = re.fullmatch(r"[十百千万亿]+", amount.text)
        return after[:1] != "级" or after == "级别" or bool(bare)
    if amount.hedge or not re.fullmatch(r"[一二两三四五六七八九十]+[个大座]", amount.text):
        return False
    if _COUNTING.search(sentence[max(0, amount.start - 4) : amount.start]):
        return False
    return bool(_PARTS.match(sentence[amount.end : amount.end + 8]))
