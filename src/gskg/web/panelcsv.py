"""The `panelcsv` blueprint: one profile panel as CSV, `/panel/<panel>.csv?iri=<entity>`.

The rows are those the page shows (the panel of the resource view); an IRI cell gives its
label in the reader's language and, in a column of its own, the IRI.  Every text cell that
a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
return) is prefixed with `'` (OWASP, "CSV Injection"; `tabular.neutralise`, as every
download of the site); plain numbers are left as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from flask import Blueprint, Response, g, request

from ..errors import NotFound
from ..qualifiers import display
from .context import backend
from .resource import resource_view
from .tabular import neutralise

bp = Blueprint("panelcsv", __name__)
PANEL = re.compile(r"[a-z]+_[a-z]+")
IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


def _text(cell: dict[str, Any] | None, lang: str) -> str:
    if not cell:
        return ""
    if cell["kind"] == "iri":
        first, second = (
            (cell.get("en"), cell.get("zh")) if lang == "en" else (cell.get("zh"), cell.get("en"))
        )
        return first or second or cell["value"]
    if cell.get("display"):
        return cell["display"]  # a date at its precision (panels._dates): 2021-05
    value = cell["value"]
    return value[:10] if len(value) == 19 and value[10] == "T" else value  # a dateTime's day


def _shown(row: dict[str, Any], lang: str) -> str:
    """A value as the page shows it, with its qualifier and unit (">2 万亿元")."""

    def v(name: str) -> Any:
        return (row.get(name) or {}).get("value")

    qualifier = v("qualifier")
    unit_en = (row.get("uom") or {}).get("en")
    return display(v("value"), v("unit"), qualifier, None if qualifier else v("upper"), lang,
                   unit_en)  # fmt: skip


def panel_csv_text(panel: dict[str, Any], lang: str) -> str:
    """The panel's rows as CSV: one column per variable, plus `<variable>_iri` for IRIs,
    and for a panel of values `value_shown`, each value as the page writes it."""
    columns = panel["columns"]
    iris = [c for c in columns if any(r.get(c) and r[c]["kind"] == "iri" for r in panel["rows"])]
    shown = "value" in columns and "unit" in columns  # a panel of figures
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow([*columns, *(f"{c}_iri" for c in iris), *(["value_shown"] if shown else [])])
    for row in panel["rows"]:
        cells = [_text(row.get(c), lang) for c in columns]
        cells += [row[c]["value"] if row.get(c) and row[c]["kind"] == "iri" else "" for c in iris]
        if shown:
            cells.append(_shown(row, lang) if row.get("value") else "")
        out.writerow([neutralise(c) for c in cells])
    return buf.getvalue()


@bp.route("/panel/<name>.csv")
def panel_csv(name: str) -> Response:
    """One panel of one resource's profile as CSV (`?iri=` the resource)."""
    iri = request.args.get("iri", "")
    if not PANEL.fullmatch(name) or not IRI.fullmatch(iri):
        raise NotFound("give a panel name (e.g. city_members) and the resource as ?iri=")
    view = backend().call(resource_view, iri, 1, fast=True)
    panel = next((p for p in view["panels"] if p["name"] == name), None)
    if panel is None:
        raise NotFound(f"the page of <{iri}> has no panel {name}")
    g.cacheable = True
    body = panel_csv_text(panel, g.get("lang", "zh")).encode("utf-8")
    resp = Response(body, mimetype="text/csv")
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return resp
