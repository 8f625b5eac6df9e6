"""The `quality` blueprint: /quality, the graph's health in plain words (`gskg check`).

The page checks the curated data of ./data (with ./ontology and, when present,
../shared/seeds for the quotes), the same checks as `gskg check --no-shapes`: the SHACL
shapes take seconds and run in `gskg check` and `make test`.  The report is computed once
per state of the data files and kept.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from ..quality import CHECKS, SEVERITIES, Report, run_checks
from ..quality.report import by_class, ordered
from . import quality_i18n
from .context import GSKG, catalog

bp = Blueprint("quality", __name__)

DATA, ONTOLOGY, SEEDS = Path("data"), Path("ontology"), Path("../shared/seeds")
_LOCK = threading.Lock()


def _stamp() -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(DATA.glob("*.yaml")))


def current_report() -> Report | None:
    """The report for ./data as it is now (None when there is no ./data here)."""
    if not DATA.is_dir():
        return None
    cache = current_app.extensions.setdefault("gskg-quality", {})
    stamp = _stamp()
    with _LOCK:
        if cache.get("stamp") != stamp:
            cache["report"] = run_checks(DATA, ONTOLOGY, SEEDS, shapes=False)
            cache["stamp"] = stamp
        return cache["report"]


@bp.route("/quality")
def page() -> str | Response:
    """The report as a page (or JSON with ?format=json), by severity and check."""
    report = current_report()
    if request.args.get("format") == "json":
        if report is None:
            return jsonify({"ok": False, "error": "no data/ folder here", "status": 404}), 404
        body = {s: report.count(s) for s in SEVERITIES}
        return jsonify(summary=body, items=[i.as_dict() for i in ordered(report.items)])
    groups = []
    if report is not None:
        for severity in SEVERITIES:
            for check, (zh, en, _default) in CHECKS.items():
                items = [
                    i for i in ordered(report.items) if (i.severity, i.check) == (severity, check)
                ]
                if items:
                    classes = by_class(items) if check == "identifiers" else []
                    group = {"severity": severity, "check": check, "zh": zh, "en": en}
                    groups.append(group | {"items": items, "classes": classes})
    classes = {c.name: c.zh for c in catalog().classes.values() if c.iri.startswith(GSKG)}
    return render_template("quality.html", report=report, groups=groups, severities=SEVERITIES,
                           say=lambda item: quality_i18n.say(item, classes),
                           hint_zh=quality_i18n.hint, class_zh=classes)  # fmt: skip
