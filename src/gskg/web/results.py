"""The `results` blueprint: a SELECT query's results as a download for spreadsheets.

`/results.csv` and `/results.xlsx` take the query as `query=` (GET, or a form POST from the
query page) and run it exactly as `/sparql` does — the same checks (read-only, no SERVICE),
time limit and row cap — then send a file: CSV as the SPARQL 1.1 CSV format, XLSX as one
sheet with a header row of variable names and one row per solution (numbers as numbers).
The file is made in the query's worker process, under the same time limit (at most half
the query slots make downloads at once), and refused over `max_download_cells` cells;
cells that would start a formula are neutralised (tabular.py).
"""

from __future__ import annotations

import threading

from flask import Blueprint, Response, current_app, request
from flask.blueprints import BlueprintSetupState

from ..errors import BadQuery, GskgError
from ..sparql.engine import plan
from .context import backend
from .tabular import table

bp = Blueprint("results", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}


class DownloadsBusy(GskgError):
    """Every download slot stayed busy for the whole wait."""

    status = 503


@bp.record_once
def _register(state: BlueprintSetupState) -> None:
    # Downloads take at most half the query slots: the rest stay free for queries, pages
    # and /health however many large downloads are asked for.
    slots = max(1, state.app.extensions["gskg"].settings.max_concurrent // 2)
    state.app.extensions["gskg-downloads"] = threading.BoundedSemaphore(slots)


def _query() -> str:
    values = request.values.getlist("query")
    if len(values) != 1 or not values[0].strip():
        raise BadQuery("give exactly one SELECT query as query=")
    return values[0]


def _download(fmt: str) -> Response:
    b = backend()
    s = b.settings
    p = plan(_query(), format="json", allow_service=s.allow_service, max_rows=s.max_rows,
             max_bytes=s.max_result_bytes)  # fmt: skip
    if p.form != "SELECT":
        raise BadQuery(f"only a SELECT query's results download as a table (this is {p.form})")
    slots = current_app.extensions["gskg-downloads"]
    if not slots.acquire(timeout=s.queue_wait):
        raise DownloadsBusy("every download slot is busy; try again in a few seconds")
    try:  # in a query worker, under the query time limit
        body = b.call(table, p, fmt, s.max_download_cells)
    finally:
        slots.release()
    resp = Response(body, content_type=MEDIA[fmt])
    resp.headers["Content-Disposition"] = f'attachment; filename="results.{fmt}"'
    return resp


@bp.route("/results.csv", methods=["GET", "POST"])
def results_csv() -> Response:
    """The query's results as CSV (SPARQL 1.1 Query Results CSV, formulas neutralised)."""
    return _download("csv")


@bp.route("/results.xlsx", methods=["GET", "POST"])
def results_xlsx() -> Response:
    """The query's results as an XLSX workbook."""
    return _download("xlsx")
