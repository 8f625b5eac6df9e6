"""What the text says about a figure besides its number: 过两万亿 (more than), 80%以上 (at
least), 约40% (about), 不到 (less than), 以内 (at most), 前5位 (within the top N).

`data/figures.yaml` writes it as `qualifier: more-than` (codes: /work/notes/QUALIFIERS.md,
data/README.md); an interval as `value` + `value_max`.  In the graph the code becomes
`gskg:valueQualifier` → one concept of the SKOS scheme `gskg:ValueQualifiers`
(ontology/gskg.ttl, labels and definitions there), and `gskg:lowerBound` / `gskg:upperBound`
where a bound follows from it (`bounds`).  `display` writes a value as people read it
(">2 万亿元", "more than 2 万亿元") in every view, chart and download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Qualifier:
    """One code of the vocabulary: its ontology concept, symbol and the words of its label."""

    code: str
    local: str  # the concept's local name in the ontology (gskg:MoreThan)
    symbol: str  # ">" …: written before the number in Chinese
    zh: str  # the concept's rdfs:label@zh
    en: str  # the concept's rdfs:label@en, written before the number in English
    lower: bool  # the value is a lower bound
    upper: bool  # the value is an upper bound


QUALIFIERS: dict[str, Qualifier] = {
    q.code: q
    for q in (
        Qualifier("more-than", "MoreThan", ">", "超过", "more than", True, False),
        Qualifier("at-least", "AtLeast", "≥", "不少于", "at least", True, False),
        Qualifier("about", "About", "≈", "约", "about", False, False),
        Qualifier("less-than", "LessThan", "<", "不到", "less than", False, True),
        Qualifier("at-most", "AtMost", "≤", "不超过", "at most", False, True),
        Qualifier("top", "TopN", "top", "前N位", "within the top", False, True),
    )
}
BY_LOCAL = {q.local: q for q in QUALIFIERS.values()}
BY_SYMBOL = {q.symbol: q for q in QUALIFIERS.values()}  # as query 06 selects them (">")


def parse_qualifier(value: object) -> Qualifier:
    """The qualifier of a YAML code; ValueError naming the codes otherwise."""
    if isinstance(value, str) and value.strip() in QUALIFIERS:
        return QUALIFIERS[value.strip()]
    raise ValueError(f"unknown qualifier {value!r} (expected one of {', '.join(QUALIFIERS)})")


def of_iri(iri: str | None) -> Qualifier | None:
    """The qualifier whose concept is `iri` (None for none or an unknown IRI)."""
    return BY_LOCAL.get(iri.rsplit("#", 1)[-1]) if iri else None


def bounds(
    value: Decimal, qualifier: Qualifier | None, value_max: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """(lower, upper) bound of the figure that the text states (None where it states none).

    An interval gives both; "more than"/"at least" the value as lower bound, "less than"/
    "at most"/"top N" as upper bound (whether the bound itself is included is the
    qualifier's: strict for more-than and less-than); "about" gives none."""
    if value_max is not None:
        return value, value_max
    if qualifier is None:
        return None, None
    return (value if qualifier.lower else None), (value if qualifier.upper else None)


def _number(text: str) -> str:
    """A decimal as written without a trailing ".0" (2.0 → 2, 1.335 → 1.335)."""
    if "." in text and "e" not in text.lower():
        text = text.rstrip("0").rstrip(".")
    return text


def english_unit(label: str | None) -> str | None:
    """The English name of a unit as a reader writes it after a number: the unit table's
    label without its explanation ("enterprises (institutions)" → "enterprises")."""
    return re.sub(r"\s*\(.*?\)", "", label).strip() or None if label else None


# Chinese scales (万 = 10^4, 亿 = 10^8) as English writes them (million, billion …).
CHINESE_SCALES = (("ten thousand ", 10**4), ("hundred million ", 10**8))
WESTERN = (("trillion", 10**12), ("billion", 10**9), ("million", 10**6))


def chinese_scale(name: str) -> tuple[int, str]:
    """("ten thousand persons") → (10 000, "persons"); a name without 万/亿's scale → (1, name)."""
    for prefix, scale in CHINESE_SCALES:
        if name.startswith(prefix):
            return scale, name[len(prefix) :]
    return 1, name


def western(numbers: list[str], name: str) -> tuple[list[str], str]:
    """1000 "ten thousand persons" → 10 "million persons"; 137.51 "hundred million yuan" →
    13.751 "billion yuan" (English readers count in thousands, not in 万 and 亿)."""
    scale, rest = chinese_scale(name)
    if scale == 1:
        return numbers, name
    try:
        values = [Decimal(n) * scale for n in numbers]
    except ArithmeticError:
        return numbers, name
    for word, size in WESTERN:
        if min(values) >= size:
            return [format(v / size, "f") for v in values], f"{word} {rest}"
    return [format(v, "f") for v in values], rest


RANKS = ("位", "名")  # 第25位, 第3名: a place in a ranking


def ordinal(number: str) -> str:
    """25 → "25th", 1 → "1st", 12 → "12th", 22 → "22nd" (a non-integer stays as it is)."""
    if not number.isdigit():
        return number
    n = int(number)
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{number}{suffix}"


def grouped(text: str) -> str:
    """Thousands grouped from 10 000 on ("14945" → "14,945"; 7024 stays, like a year)."""
    whole, dot, frac = text.partition(".")
    digits = whole.lstrip("-")
    if not digits.isdigit() or int(digits) < 10_000:
        return text
    return f"{int(whole):,}{dot}{frac}"


# English unit names agree with their number: "1 enterprise", "47 minutes".
SINGULAR = {"enterprises": "enterprise", "items": "item", "persons": "person",
            "copies": "copy", "times": "time"}  # fmt: skip
PLURAL = {"metre": "metres", "kilometre": "kilometres", "square metre": "square metres",
          "square kilometre": "square kilometres", "minute": "minutes",
          "hour": "hours"}  # fmt: skip


def _agree(number: str, name: str) -> str:
    if number == "1":
        return SINGULAR.get(name, name)
    return PLURAL.get(name, name)


def display(
    value: object, unit: str | None, qualifier: str | None, value_max: object = None,
    lang: str = "zh", unit_en: str | None = None,
) -> str:  # fmt: skip
    """A value as the reader's text: ">2 万亿元" / "more than 2 trillion yuan", "10–20 家",
    "前5位" / "top 5", "第25位" / "25th".  `qualifier` is a code, a symbol or a concept IRI
    (or None); `unit_en` the English label of the unit (the written unit otherwise)."""
    q = QUALIFIERS.get(qualifier or "") or BY_SYMBOL.get(qualifier or "") or of_iri(qualifier)
    numbers = [str(value)] + ([str(value_max)] if value_max not in (None, "") else [])
    unit = "" if not unit or unit == "前N位" else unit
    rank = unit in RANKS or (lang == "en" and english_unit(unit_en) == "rank")
    name = english_unit(unit_en) if lang == "en" and unit not in ("", "%") and not rank else None
    if name:
        numbers, name = western(numbers, name)
    written = [_number(n) for n in numbers]
    number = "–".join(grouped(n) for n in written)
    if q is not None and q.code == "top":
        return f"前{number}位" if lang == "zh" else f"top {number}"
    if rank:
        text = f"第{number}{unit or '位'}" if lang == "zh" else "–".join(map(ordinal, written))
        if q is None:
            return text
        return f"{q.symbol}{text}" if lang == "zh" else f"{q.en} {text}"
    unit = _agree(number, name) if name else unit
    text = f"{number} {unit}".strip() if unit != "%" else f"{number}%"
    if q is None:
        return text
    return f"{q.symbol}{text}" if lang == "zh" else f"{q.en} {text}"


# How the texts write a qualifier beside a number (data/README.md): before or after it.
WRITTEN_BEFORE = {"超过": "more-than", "过": "more-than", "超": "more-than", "逾": "more-than",
                  "大约": "about", "约": "about", "近": "about", "不到": "less-than",
                  "不足": "less-than", "低于": "less-than", "不少于": "at-least",
                  "至少": "at-least", "不超过": "at-most", "最多": "at-most"}  # fmt: skip
WRITTEN_AFTER = {"多": "more-than", "余": "more-than", "以上": "at-least", "左右": "about",
                 "上下": "about", "以内": "at-most", "以下": "at-most"}  # fmt: skip
NUMERALS = {1: "一", 2: "两二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九",
            10: "十", 100: "百", 1000: "千"}  # fmt: skip


def written_qualifiers(quote: str, value: object) -> set[str]:
    """The qualifier codes the quote writes beside the number `value` (过两万亿 → more-than,
    80%以上 → at-least); empty when the number stands alone or is not found."""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return set()
    digits = _number(format(number, "f"))
    forms = [r"\s?".join(re.escape(ch) for ch in digits)]
    if number == number.to_integral_value() and int(number) in NUMERALS:
        forms.append(f"[{NUMERALS[int(number)]}]")
    before = "|".join(sorted(WRITTEN_BEFORE, key=len, reverse=True))
    # 多/余 follow the number (10多家); 以上/左右 … may follow its unit (100公里左右)
    after = r"(?P<a>多|余)|[^\d\s,，。;；、]{0,2}?(?P<a2>以上|左右|上下|以内|以下)"
    found = set()
    for form in forms:
        pattern = rf"(?<![0-9.])(?P<b>{before})?{form}(?![0-9.])%?(?:{after})?"
        for m in re.finditer(pattern, quote):
            if m["a2"]:
                found.add(WRITTEN_AFTER[m["a2"]])
            if m["b"]:
                found.add(WRITTEN_BEFORE[m["b"]])
            if m["a"]:
                found.add(WRITTEN_AFTER[m["a"]])
    return found
