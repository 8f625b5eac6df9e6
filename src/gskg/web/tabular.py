"""Tables for spreadsheets: SPARQL results → CSV or XLSX, safe to open and bounded in cost.

Every tabular download of the site goes through here (`/results.csv`, `/results.xlsx`,
`/browse/<Class>.csv`), so that:

- **No cell is a formula.** A text cell beginning with `=`, `+`, `-`, `@`, tab or carriage
  return gets a leading `'` (OWASP's advice against CSV injection), unless it is a plain
  number; XLSX stores text as text (`data_type 's'`), never as a formula.
- **Numbers stay numbers, in bounded time.** A numeric literal becomes a spreadsheet number
  only when its lexical form is one of its datatype's (an `xsd:integer` is digits, never
  `1E300000`) and the number fits (integers of up to 15 digits, Excel's precision; finite
  doubles); anything else is kept as its text. No `Decimal` of an unbounded exponent.
- **The work is capped.** `/results.*` builds the file in a query worker (`table`, an
  executor operation) under the query's time limit, and a table of more than
  `max_download_cells` cells (rows × columns) is refused with a 400 before it is written.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from ..errors import BadQuery
from ..namespaces import XSD
from ..sparql.engine import Plan, TooManyResults, execute

INTEGERS = {f"{XSD}{t}" for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}  # fmt: skip
DECIMALS = {f"{XSD}decimal"}
DOUBLES = {f"{XSD}double", f"{XSD}float"}
MAX_CELL = 32_767  # Excel's limit on the characters of one cell
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_INTEGER = re.compile(r"[+-]?[0-9]{1,15}")  # longer: Excel would round it (stays text)
_MANTISSA = r"[+-]?(?:[0-9]{1,40}(?:\.[0-9]{0,40})?|\.[0-9]{1,40})"
_DECIMAL = re.compile(_MANTISSA)
_DOUBLE = re.compile(_MANTISSA + r"(?:[eE][+-]?[0-9]{1,5})?")
# XML 1.0 cannot hold these (openpyxl refuses them): shown as U+FFFD in XLSX (CSV keeps them).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class TooLarge(BadQuery):
    """The table is larger than this server's download cap."""


def neutralise(text: str) -> str:
    """`text` safe for a spreadsheet cell: a leading `'` when it would start a formula."""
    if text.startswith(TRIGGERS) and not _DOUBLE.fullmatch(text):
        return "'" + text
    return text


def number(value: str, datatype: str | None) -> int | float | None:
    """The spreadsheet number of a numeric literal, or None (then the cell is its text)."""
    if datatype in INTEGERS:
        return int(value) if _INTEGER.fullmatch(value) else None
    if datatype in DECIMALS and _DECIMAL.fullmatch(value):
        return float(value)
    if datatype in DOUBLES and _DOUBLE.fullmatch(value):
        f = float(value)
        return f if math.isfinite(f) else None
    return None


def cell(binding: dict | None, text: bool = False) -> int | float | str | None:
    """One cell from a SPARQL JSON binding: a number (its lexical form if `text`), safe
    text, or None (unbound; "" if `text`)."""
    if binding is None:
        return "" if text else None
    value = binding["value"]
    if binding.get("type") == "bnode":
        return "_:" + value
    n = number(value, binding.get("datatype"))
    if n is None:
        return neutralise(value)
    return value if text else n


def check_size(rows: int, columns: int, max_cells: int, more: bool = False) -> None:
    """Refuse a table over the cap (400 with the figures; `more`: at least `rows` rows)."""
    if rows * columns > max_cells:
        at_least = "at least " if more else ""
        raise TooLarge(
            f"the table has {at_least}{rows} rows × {columns} columns = "
            f"{at_least}{rows * columns} cells; "
            f"downloads are capped at {max_cells} cells: add a LIMIT or select fewer variables"
        )


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV (RFC 4180, CRLF) of already-safe cells."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(header)
    out.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet, header row then the rows; text stored as text (never a formula)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("results")

    def row_of(values: Sequence[Any]) -> list:
        # openpyxl stores a string starting with "=" as a formula, any other as text
        # (data_type "s"); neutralised cells never start with "=" (plain values: 2x faster
        # than a WriteOnlyCell each).
        return [_text(v) if isinstance(v, str) else v for v in values]

    ws.append(row_of([neutralise(h) for h in header]))
    for r in rows:
        ws.append(row_of(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value: str) -> str:
    value = _NOT_XML.sub("\ufffd", value[:MAX_CELL])
    return "'" + value if value.startswith("=") else value  # (never, once neutralised)


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}


def results_table(results: dict, fmt: str, max_cells: int) -> bytes:
    """SPARQL JSON results → a CSV or XLSX file (refused over `max_cells`)."""
    names = results["head"]["vars"]
    bindings = results["results"]["bindings"]
    check_size(len(bindings), len(names), max_cells)
    text = fmt == "csv"  # SPARQL 1.1 CSV: every value as its text (numbers unchanged)
    rows = ([cell(b.get(n), text) for n in names] for b in bindings)
    return WRITERS[fmt](names, rows)


def table(store: Any, plan: Plan, fmt: str, max_cells: int) -> bytes:
    """Run a SELECT plan (JSON results) and make the file: an executor operation, so that
    the conversion runs in a killable worker under the query's time limit.  The query is
    read only up to the rows the cell cap allows (its columns are known before it runs)."""
    try:  # the projection, without evaluating the query (solutions come lazily)
        columns = len(store.query(plan.query, base_iri=plan.base_iri).variables)
    except (SyntaxError, ValueError):
        columns = 1  # execute() reports the error
    rows = max(1, max_cells // max(1, columns))
    capped = replace(plan, max_rows=min(plan.max_rows, rows))
    try:
        body, _ = execute(store, capped)
    except TooManyResults:
        if capped.max_rows == plan.max_rows:
            raise
        check_size(rows + 1, columns, max_cells, more=True)  # raises TooLarge
        raise
    return results_table(json.loads(body), fmt, max_cells)
