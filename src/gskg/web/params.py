"""Whole-number query parameters (`?page=`, `?limit=`), parsed strictly: ASCII digits only.

`str.isdigit` accepts `²` and `٣` (digits to Unicode, not to `int`), and `int` accepts
`+1`, ` 1`, `1_0` and Arabic-Indic digits: every route parses its numbers here instead.
"""

from __future__ import annotations

import re

from flask import request

from ..errors import BadQuery

_DIGITS = re.compile(r"[0-9]{1,9}")


def whole_number(name: str, default: int, low: int, high: int) -> int:
    """`?name=` as a whole number from `low` to `high` (`default` when absent or empty);
    anything else is a 400 naming the parameter and the range."""
    text = request.args.get(name, "")
    if not text:
        return default
    if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
        raise BadQuery(f"{name}={text[:20]!r}: a whole number from {low} to {high} is expected")
    return int(text)
