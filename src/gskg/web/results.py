"""The `results` blueprint: a SELECT query's results as a download for spreadsheets.

`/results.csv` and `/results.xlsx` take the query as `query=` (GET, or a form POST from the
query page) and run it exactly as `/sparql` does — the same checks (read-only, no SERVICE),
time limit and row cap — then send a file: CSV as the SPARQL 1.1 CSV format, XLSX as one
sheet with a header row of variable names and one row per solution (numbers as numbers).
"""

from __future__ import annotations

import io
import json
from decimal import Decimal, InvalidOperation

from flask import Blueprint, Response, request

from ..errors import BadQuery
from ..namespaces import XSD
from ..sparql.engine import plan
from .context import backend

bp = Blueprint("results", __name__)

NUMERIC = {f"{XSD}{t}" for t in ("integer", "decimal", "double", "float", "int", "long",
                                  "nonNegativeInteger", "positiveInteger")}  # fmt: skip
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_CELL = 32_767  # Excel's limit on the characters of one cell


def _query() -> str:
    values = request.values.getlist("query")
    if len(values) != 1 or not values[0].strip():
        raise BadQuery("give exactly one SELECT query as query=")
    return values[0]


def _run(query: str, fmt: str) -> bytes:
    s = backend().settings
    p = plan(query, format=fmt, allow_service=s.allow_service, max_rows=s.max_rows,
             max_bytes=s.max_result_bytes)  # fmt: skip
    if p.form != "SELECT":
        raise BadQuery(f"only a SELECT query's results download as a table (this is {p.form})")
    body, _ = backend().run(p, s.timeout)
    return body


def _cell(binding: dict | None) -> object:
    """A spreadsheet cell: numbers as numbers, everything else as its text."""
    if binding is None:
        return None
    value = binding["value"]
    if binding.get("datatype") in NUMERIC:
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return (
            int(number)
            if number == number.to_integral_value() and "." not in value
            else float(number)
        )
    return value[:MAX_CELL]


def to_xlsx(results: dict) -> bytes:
    """SPARQL JSON results → an XLSX workbook (one sheet, header row, one row per solution)."""
    from openpyxl import Workbook

    names = results["head"]["vars"]
    wb = Workbook()
    ws = wb.active
    ws.title = "results"
    ws.append(names)
    for row in results["results"]["bindings"]:
        ws.append([_cell(row.get(n)) for n in names])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _attachment(body: bytes, media: str, name: str) -> Response:
    resp = Response(body, content_type=media)
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@bp.route("/results.csv", methods=["GET", "POST"])
def results_csv() -> Response:
    """The query's results as CSV (SPARQL 1.1 Query Results CSV)."""
    return _attachment(_run(_query(), "csv"), "text/csv; charset=utf-8", "results.csv")


@bp.route("/results.xlsx", methods=["GET", "POST"])
def results_xlsx() -> Response:
    """The query's results as an XLSX workbook."""
    results = json.loads(_run(_query(), "json"))
    return _attachment(to_xlsx(results), XLSX, "results.xlsx")
