"""Dates and periods read from a sentence, relative ones resolved against publication.

Absolute: `2020年10月22日`, `2019年8月`, `2019年`, `2019年度`, `2016-2020年`,
`2020年1-9月`, `截至2020年底`, `截至2019年11月底`, `2019年以来`.  Relative (need the
document's publication date): `去年9月`, `今年`, `上月`, `今天`, `9月20日` (no year),
`目前`; each resolved one carries a note saying how.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .numbers import parse_numeral

_Y = r"(?P<y>(?:19|20)\d{2})"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9])"
_DASH = r"\s*[-–—~～至到]\s*"
_REL_YEAR = r"(?P<ry>今年|去年|前年|明年|上年|本年|当年)"
_REL_MONTH = r"(?P<rm>上月|本月|当月|上个月|这个月|下月)"
_REL_DAY = r"(?P<rd>今天|今日|昨天|昨日)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("until", re.compile(rf"(?:截至|截止到?|到){_Y}年(?:{_M}月)?(?P<edge>底|末|初)?")),
    ("until-now", re.compile(r"(?:截至|截止)(?:目前|当前|现在)")),
    ("years", re.compile(rf"{_Y}年?{_DASH}(?P<y2>(?:19|20)\d{{2}})年")),
    ("months", re.compile(rf"{_Y}年(?P<m1>1[0-2]|0?[1-9]){_DASH}(?P<m2>1[0-2]|0?[1-9])月")),
    ("since", re.compile(rf"{_Y}年(?:{_M}月)?以来")),
    ("day", re.compile(rf"{_Y}年{_M}月{_D}日")),
    ("month", re.compile(rf"{_Y}年{_M}月(?!\d|份?以来)")),
    ("year", re.compile(rf"{_Y}年(?P<fy>度)?(?![\d-])")),
    ("rel-month", re.compile(rf"{_REL_YEAR}{_M}月(?:{_D}日)?")),
    ("rel-year", re.compile(rf"{_REL_YEAR}(?:以来|上半年|下半年)?")),
    ("rel-mon", re.compile(_REL_MONTH)),
    ("rel-day", re.compile(_REL_DAY)),
    ("noyear-day", re.compile(rf"(?<![\d年]){_M}月{_D}日")),
    (
        "noyear-months",
        re.compile(rf"(?<![\d年])(?P<m1>1[0-2]|0?[1-9]){_DASH}(?P<m2>1[0-2]|0?[1-9])月"),
    ),
    # 11月，广东发布…: a month without its year, of the publication's year (or the last)
    ("noyear-month", re.compile(r"(?<![\d年.\-－/~～至到—–])(?P<m>1[0-2]|[1-9])月(?!\d)")),
    ("now", re.compile(r"目前|当前|现阶段")),
    # 近日, 日前, 前不久: a past the text does not date, the month of publication (a
    # curator's convention); a point, not a period (figures are not dated by it)
    ("recent", re.compile(r"近日|(?<![\d节假])日前|前不久|不久前")),
    # 过去的一年 in a text of January to March: the calendar year that has just ended
    ("past-year", re.compile(r"过去的?一年")),
]
# Relative to the date the text gave last (its anchor): 同日, 次年, 一个月后 …
_AFTER = re.compile(
    r"(?P<same>同日|当日|当天|同月|同年)|(?P<next>次日|翌日|次月|次年|翌年|第二年|第二天)"
    r"|(?P<n>[一二两三四五六七八九十半\d]+)个?(?P<u>年|月|天|日|周|星期)(?:后|之后|以后)"
)
_NEXT = {"次日": "day", "翌日": "day", "第二天": "day", "次月": "month", "次年": "year",
         "翌年": "year", "第二年": "year"}  # fmt: skip
_SAME = {"同日": "day", "当日": "day", "当天": "day", "同月": "month", "同年": "year"}
_YEAR_SHIFT = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
_MONTH_SHIFT = {"上月": -1, "上个月": -1, "本月": 0, "当月": 0, "这个月": 0, "下月": 1}


@dataclass(frozen=True)
class When:
    """A time expression of a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    text: str
    kind: str  # which pattern found it
    date: str | None  # "2020", "2020-10" or "2020-10-22" when it names one point in time
    period: Any  # the fact format's `period` value: "2020" or {label, start, end}
    note: str | None = None  # how a relative expression was resolved

    @property
    def relative(self) -> bool:
        return self.note is not None


def _month(text: str) -> int:
    return int(text) if text.isdigit() else int(parse_numeral(text))


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + by
    return n // 12, n % 12 + 1


def _absolute(kind: str, g: dict[str, str | None], text: str) -> tuple[str | None, Any]:
    """(date, period) of an absolute expression."""
    y = g.get("y")
    if kind == "until":
        end = f"{y}-{_month(g['m']):02d}" if g.get("m") else (f"{y}-12" if g.get("edge") else y)
        return None, {"label": text, "end": end}
    if kind == "years":
        return None, {"label": text, "start": y, "end": g["y2"]}
    if kind == "months":
        start, end = f"{y}-{int(g['m1']):02d}", f"{y}-{int(g['m2']):02d}"
        return None, {"label": text, "start": start, "end": end}
    if kind == "since":
        start = f"{y}-{_month(g['m']):02d}" if g.get("m") else y
        return None, {"label": text, "start": start}
    if kind == "day":
        date = f"{y}-{_month(g['m']):02d}-{int(g['d']):02d}"
        return date, date
    if kind == "month":
        date = f"{y}-{_month(g['m']):02d}"
        return date, date
    if kind == "year":
        return y, y
    return None, None


def _relative(
    kind: str, g: dict[str, str | None], text: str, published: dt.date
) -> tuple[str | None, Any, str]:
    """(date, period, note) of a relative expression, resolved against `published`."""
    pub = published.isoformat()
    if kind in ("rel-month", "rel-year"):
        year = published.year + _YEAR_SHIFT[g["ry"]]
        if g.get("m"):
            date = f"{year}-{_month(g['m']):02d}" + (f"-{int(g['d']):02d}" if g.get("d") else "")
        else:
            date = str(year)
    elif kind == "rel-mon":
        y, m = _shift_month(published.year, published.month, _MONTH_SHIFT[g["rm"]])
        date = f"{y}-{m:02d}"
    elif kind == "rel-day":
        shift = 0 if g["rd"] in ("今天", "今日") else -1
        date = (published + dt.timedelta(days=shift)).isoformat()
    elif kind == "noyear-months":  # 1-9月: of the publication year (or the last, if later)
        m1, m2 = int(g["m1"]), int(g["m2"])
        year = published.year - (m2 > published.month)
        start, end = f"{year}-{m1:02d}", f"{year}-{m2:02d}"
        period = {"label": f"{year}年{text}", "start": start, "end": end}
        return None, period, _note(text, f"{start}/{end}", pub)
    elif kind in ("noyear-month", "recent"):
        month = _month(g["m"]) if kind == "noyear-month" else published.month
        year = published.year - (month > published.month)
        date = f"{year}-{month:02d}"
        return date, (date if kind == "noyear-month" else None), _note(text, date, pub)
    elif kind == "past-year":
        if published.month > 3:
            raise ValueError("the past twelve months, not a calendar year")
        date = str(published.year - 1)
    elif kind == "noyear-day":
        month, day = _month(g["m"]), int(g["d"])
        # A report tells what has happened: a day later than publication is last year's.
        year = published.year - (dt.date(published.year, month, day) > published)
        date = f"{year}-{month:02d}-{day:02d}"
    else:  # now / until-now: the month of publication
        date = f"{published.year}-{published.month:02d}"
        return None, {"label": text, "end": date}, _note(text, date, pub)
    period = date if kind != "rel-year" or text[2:] == "" else {"label": text, "start": date}
    return date, period, _note(text, date, pub)


def _note(text: str, date: str, pub: str) -> str:
    return f"“{text}” resolved against the publication date {pub}: {date}."


def find_times(sentence: str, published: dt.date | None, anchor: str | None = None,
               last_day: str | None = None) -> list[When]:  # fmt: skip
    """Every time expression of `sentence`, leftmost-longest, without overlaps.

    Relative expressions are kept only when `published` is known (else they cannot be
    resolved, and a record must not carry a guessed date); those relative to the text's
    previous date (同日, 次年, 一个月后) only when that date (`anchor`, or one earlier in the
    sentence) is known; 同日, 次日 … count from the last full date (`last_day`) when the
    anchor is coarser (4月11日…2022年…同日: 4月11日).
    """
    found = _find_times(sentence, published)
    for m in _AFTER.finditer(sentence):
        if any(m.start() < t.end and t.start < m.end() for t in found):
            continue
        before = [t.date for t in found if t.date and t.end <= m.start()]
        base = before[-1] if before else anchor
        if _SAME.get(m.group(), _NEXT.get(m.group())) == "day" and len(base or "") < 10:
            base = last_day or base
        date = _after(m, base) if base else None
        if date is not None:
            note = f"“{m.group()}” resolved against the date given before it ({base}): {date}."
            found.append(When(m.start(), m.end(), m.group(), "after", date, date, note))
    for m in _BARE_DAY.finditer(sentence):
        if any(m.start() < t.end and t.start < m.end() for t in found):
            continue
        before = [t.date for t in found if t.date and len(t.date) >= 7 and t.end <= m.start()]
        if day := _bare_day(int(m.group(1)), before[-1] if before else anchor, published):
            date, base = day
            note = f"“{m.group()}” (a day of the month) resolved against {base}: {date}."
            found.append(When(m.start(), m.end(), m.group(), "after", date, date, note))
    return sorted(found, key=lambda w: w.start)


# 27日 alone (世界知识产权组织27日公布…): a day of the month the text is in
_BARE_DAY = re.compile(r"(?<![\d月年号日])(3[01]|[12]\d|[1-9])日(?![内前后电以])")


def _bare_day(day: int, anchor: str | None, published: dt.date | None) -> tuple[str, str] | None:
    """(date, what it was resolved against) of a bare day: in the month of the date given
    before it, else of the publication date when that day is not after it."""
    if anchor and len(anchor) >= 7:
        y, mo = (int(x) for x in anchor.split("-")[:2])
        base = anchor
    elif published is not None and day <= published.day:
        y, mo, base = published.year, published.month, published.isoformat()
    else:
        return None
    try:
        return dt.date(y, mo, day).isoformat(), base
    except ValueError:
        return None


def _after(m: re.Match[str], base: str) -> str | None:
    """The date `m` (同日, 次年, 三个月后) says, from the date `base` ("2020", "2020-10", …)."""
    parts = [int(x) for x in base.split("-")]
    if m.group("same") or m.group("next"):
        unit = _SAME.get(m.group(), _NEXT.get(m.group(), ""))
        step = 1 if m.group("next") else 0
    else:
        unit = {"年": "year", "月": "month"}.get(m.group("u"), "day")
        n = m.group("n")
        if n == "半":
            return None
        step = int(n) if n.isdigit() else int(parse_numeral(n))
        if m.group("u") in ("周", "星期"):
            step *= 7
    need = {"year": 1, "month": 2, "day": 3}[unit]
    if len(parts) < need:
        return None  # 同日 after a year only: no day to be the same as
    if unit == "year":
        return str(parts[0] + step)
    if unit == "month":
        y, mo = _shift_month(parts[0], parts[1], step)
        return f"{y}-{mo:02d}"
    day = dt.date(*parts[:3]) + dt.timedelta(days=step)
    return day.isoformat()


def _find_times(sentence: str, published: dt.date | None) -> list[When]:
    found: list[When] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            g, text = m.groupdict(), m.group()
            try:
                if kind.startswith(("rel-", "noyear", "now", "until-now", "recent", "past-")):
                    if published is None:
                        continue
                    date, period, note = _relative(kind, g, text, published)
                else:
                    (date, period), note = _absolute(kind, g, text), None
                _check(date, period)
            except ValueError:
                continue  # 2月30日 and the like: not a date
            found.append(When(m.start(), m.end(), text, kind, date, period, note))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda w: w.start)


def _check(date: str | None, period: Any) -> None:
    from ..values import parse_date, parse_period

    if date is not None:
        parse_date(date)
    if period is not None:
        parse_period(period)
