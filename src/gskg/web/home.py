"""The `home` blueprint: the analyst's front page at `/`.

What the graph holds (classes and their counts, from the catalog), the two cities side by
side in a few key figures (with qualifier, period and the sentence that states each), the
latest agreements, and the ways in (search, compare, timeline, network, query).  The two
queries are files of `gskg/queries/home/` (one per part, as the profile panels); their
answers are kept per graph version (in the graph's catalog), so the page costs no query
once made.

The SPARQL editor lives at `/query`; an old link `/?query=…` is redirected there.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..ontology import GSKG, RES
from ..qualifiers import display
from .catalog import Catalog
from .context import catalog, select

bp = Blueprint("home", __name__)
FOLDER = Path(__file__).resolve().parent.parent / "queries" / "home"
CITIES = (RES + "guangzhou", RES + "shenzhen")
#: The classes an analyst starts from, in this order (counts come from the catalog).
CLASSES = ("City", "District", "Zone", "Platform", "Organization", "Person", "Agreement",
           "Policy", "Event", "Report", "Observation", "Topic", "SourceDocument")  # fmt: skip


@functools.cache
def home_query(name: str) -> str:
    """The text of `queries/home/<name>.rq`."""
    return (FOLDER / f"{name}.rq").read_text(encoding="utf-8")


def show_date(value: str, precision: str = "") -> str:
    """A date at its precision: `2020`, `2020-10`, `2020-10-22`."""
    day = value[:10]
    return {"year": day[:4], "month": day[:7]}.get(precision.rsplit("#", 1)[-1], day)


def _pair(cat: Catalog, iri: str) -> dict[str, str]:
    return {"iri": iri, "zh": cat.label(iri, "zh"), "en": cat.label(iri, "en")}


def _figures(cat: Catalog) -> list[dict[str, Any]]:
    """One row per key indicator: each city's values (several periods possible)."""
    rows: dict[str, dict[str, Any]] = {}
    for r in select(home_query("key_figures")):
        ind = rows.setdefault(r["indicator"], {**_pair(cat, r["indicator"]),
                                               "cities": {c: [] for c in CITIES}})  # fmt: skip
        unit, period = r.get("unitOfMeasure"), r.get("period", "")
        value = {
            "observation": r["observation"],
            "value": r["value"],
            "unit_zh": cat.label(unit, "zh") if unit else r["unit"],
            "unit_en": cat.label(unit, "en") if unit else r["unit"],
            "period": _pair(cat, r["refPeriod"]) if "refPeriod" in r else {"zh": period},
            "quote": r.get("quote", ""),
            "source": _pair(cat, r["source"]) if r.get("source") else None,
        }
        # As people read it (">2 万亿元" / "more than 2 trillion yuan"): gskg.qualifiers.
        unit_en = cat.label(unit, "en") if unit else None
        for lang in ("zh", "en"):
            value[f"text_{lang}"] = display(r["value"], r["unit"], r.get("qualifier"),
                                            lang=lang, unit_en=unit_en)  # fmt: skip
        if value not in ind["cities"][r["city"]]:
            ind["cities"][r["city"]].append(value)
    return list(rows.values())


def _agreements(cat: Catalog) -> list[dict[str, Any]]:
    return [
        {**_pair(cat, r["agreement"]), "date": show_date(r["date"], r.get("precision", "")),
         "parties": [_pair(cat, p) for p in sorted(r.get("parties", "").split()) if p]}
        for r in select(home_query("latest_agreements"))
    ]  # fmt: skip


def _classes(cat: Catalog) -> list[dict[str, Any]]:
    out = []
    for name in CLASSES:
        iri = GSKG + name
        if iri in cat.classes and cat.members.get(iri):
            out.append({"name": name, **_pair(cat, iri), "count": len(cat.members[iri])})
    return out


def home_data(cat: Catalog) -> dict[str, Any]:
    """Everything the home page shows, made once per graph version."""
    if "home" not in cat.extras:
        cat.extras["home"] = {
            "classes": _classes(cat),
            "cities": [_pair(cat, c) for c in CITIES if c in cat.entries],
            "figures": _figures(cat),
            "agreements": _agreements(cat),
        }
    return cat.extras["home"]


@bp.route("/")
def index() -> Response | str:
    """The home page; `/?query=…` (the old address of the query page) redirects."""
    if "query" in request.args:
        qs = request.query_string.decode("utf-8", "replace")
        return redirect(f"{url_for('pages.index')}?{qs}", code=301)
    g.cacheable = True
    return render_template("home.html", d=home_data(catalog()))
