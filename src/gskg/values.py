"""Normalise YAML scalar values: dates with their precision, periods, numbers.

Both the validator (to report a bad value) and the builder (to write it) use these, so
the two can never disagree about what a value means.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Date:
    """A calendar date known to year, month or day precision."""

    text: str  # as curated: "2020", "2020-10", "2020-10-22"
    precision: str  # "year" | "month" | "day"

    @property
    def datetime(self) -> str:
        """The first instant of the date, as an xsd:dateTime lexical form."""
        year, month, day = (self.text.split("-") + ["01", "01"])[:3]
        return f"{year}-{month}-{day}T00:00:00"

    @property
    def end_datetime(self) -> str:
        """The last second of the date at its precision, as an xsd:dateTime lexical form.

        A period's end is the end of its interval, included: "2018" ends
        2018-12-31T23:59:59, "2021-06" ends 2021-06-30T23:59:59 (one convention, used by
        every gskg:periodEnd; a query asks `?start <= ?t && ?t <= ?end`)."""
        parts = [int(n) for n in self.text.split("-")]
        year, month = parts[0], parts[1] if len(parts) > 1 else 12
        day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-{day:02d}T23:59:59"


@dataclass(frozen=True)
class Period:
    """A reference period: a label as the text says it, and optional start/end dates."""

    label: str
    start: Date | None
    end: Date | None


def parse_date(value: Any) -> Date:
    """Read "2020", "2020-10", "2020-10-22", an int year or a YAML date; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date without a time")
    if isinstance(value, dt.date):
        return Date(value.isoformat(), "day")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not (match := _DATE.match(value.strip())):
        raise ValueError('expected a date "YYYY", "YYYY-MM" or "YYYY-MM-DD"')
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"impossible date {value!r}: {exc}") from None
    precision = "day" if day else "month" if month else "year"
    return Date(value.strip(), precision)


def parse_period(value: Any) -> Period:
    """Read a period: a date-like scalar, or {label, start, end} (label or start required)."""
    if isinstance(value, dict):
        unknown = set(value) - {"label", "start", "end"}
        if unknown:
            raise ValueError(f"unknown period key(s) {sorted(unknown)}; expected label, start, end")
        start = parse_date(value["start"]) if value.get("start") is not None else None
        end = parse_date(value["end"]) if value.get("end") is not None else None
        label = value.get("label")
        if label is not None and not isinstance(label, (str, int)):
            raise ValueError("period label must be text")
        if label is None and start is None:
            raise ValueError("a period needs a label or a start date")
        if start and end and end.datetime < start.datetime:
            raise ValueError("period ends before it starts")
        if label is None:
            label = start.text if end is None or end == start else f"{start.text}/{end.text}"
        return Period(str(label), start, end)
    date = parse_date(value)
    return Period(date.text, date, date)


def parse_number(value: Any) -> Decimal:
    """Read a number as written (int or decimal); ValueError for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError("expected a number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"expected a number, got {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    return number


def decimal_lexical(number: Decimal) -> str:
    """The canonical-ish xsd:decimal form: no exponent, at least one digit after the point."""
    text = format(number, "f")
    return text if "." in text else text + ".0"


PRECISION_CHARS = {"year": 4, "month": 7, "day": 10}


def at_precision(lexical: str, precision: str | None) -> str:
    """An xsd:dateTime as it is known: "2021-05-01T00:00:00" at month precision → "2021-05"
    (and a period's end "2021-05-31T23:59:59" → "2021-05"); unknown precision → the day."""
    if len(lexical) < 10 or lexical[4] != "-":
        return lexical
    return lexical[: PRECISION_CHARS.get(precision or "day", 10)]


def interval_precision(start: str | None, end: str | None) -> str:
    """The precision an interval's two ends are known to, read from the ends themselves
    (for a subject without gskg:datePrecision): 2019-01-01T00:00:00 … 2019-12-31T23:59:59
    is "year", 2021-06-01T00:00:00 … 2021-06-30T23:59:59 "month", anything else "day"."""
    if not start or not end or len(start) < 19 or len(end) < 19:
        return "day"
    if not (start[7:] == "-01T00:00:00" and end[10:] == "T23:59:59"):
        return "day"
    year, month, day = int(end[:4]), int(end[5:7]), int(end[8:10])
    if day != calendar.monthrange(year, month)[1]:
        return "day"
    return "year" if start[5:7] == "01" and end[5:10] == "12-31" else "month"
