"""The compare page's values as a download: `/compare.csv` and `/compare.json`.

One row per value and side, in the page's order (topic, indicator, side), with the value as
the text says it in both languages (">2 万亿元" / "more than 2 万亿元"), the qualifier code and
bounds, the period, what it measures and the source sentence.  CSV cells that a spreadsheet
would read as a formula (starting with = + - @, a tab or a carriage return) are neutralised
with a leading apostrophe (tabular.neutralise, OWASP's advice); numbers stay numbers.
"""

from __future__ import annotations

import json
from typing import Any

from ..qualifiers import display, of_iri
from .catalog import Entry
from .tabular import neutralise as safe_cell
from .tabular import write_csv

COLUMNS = (
    "topic_zh", "topic_en", "indicator", "indicator_zh", "indicator_en", "side", "area",
    "area_zh", "area_en", "value", "qualifier", "lower_bound", "upper_bound", "unit",
    "value_zh", "value_en", "period", "period_en", "measures", "source", "quote", "observation",
)  # fmt: skip


def download_rows(groups: list[dict[str, Any]], a: Entry, b: Entry) -> list[dict[str, str]]:
    """The rows of the download, from the page's groups (compare.side_by_side)."""
    return [
        _row(grp, row, side, entry, o)
        for grp in groups
        for row in grp["rows"]
        for side, entry in (("a", a), ("b", b))
        for first in row[side]
        for o in (first, *first["also"])  # every observation, also those saying the same
    ]


def _row(grp: dict, row: dict, side: str, entry: Entry, o: dict) -> dict[str, str]:
    q = of_iri(o.get("qualifier"))
    code, upper = (q.code if q else None), (None if q else o.get("upper"))
    return {
        "topic_zh": grp["zh"], "topic_en": grp["en"], "indicator": row["iri"],
        "indicator_zh": row["zh"], "indicator_en": row["en"], "side": side,
        "area": entry.iri, "area_zh": entry.zh, "area_en": entry.en,
        "value": o["value"], "qualifier": code or "",
        "lower_bound": o.get("lower") or "", "upper_bound": o.get("upper") or "",
        "unit": o["unit"] or "",
        "value_zh": display(o["value"], o["unit"], code, upper, "zh"),
        "value_en": display(o["value"], o["unit"], code, upper, "en", o.get("unit_en")),
        "period": o["period"] or o["start"] or "", "period_en": o.get("period_en") or "",
        "measures": o["measures"] or "",
        "source": o["doc"] or "", "quote": o["quote"] or "", "observation": o["obs"],
    }  # fmt: skip


def to_csv(rows: list[dict[str, str]]) -> bytes:
    """The rows as CSV (a UTF-8 byte-order mark first, so spreadsheets read the Chinese);
    every cell through `tabular.neutralise`, as every tabular download of the site."""
    cells = ([safe_cell(str(row[c])) for c in COLUMNS] for row in rows)
    return "\ufeff".encode() + write_csv(COLUMNS, cells)


def to_json(rows: list[dict[str, str]], a: Entry, b: Entry) -> bytes:
    """The rows as JSON: `{"a": {...}, "b": {...}, "columns": [...], "values": [...]}`."""
    sides = {k: {"iri": e.iri, "zh": e.zh, "en": e.en} for k, e in (("a", a), ("b", b))}
    body = {**sides, "columns": list(COLUMNS), "values": rows}
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")
