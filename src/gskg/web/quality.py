"""The `quality` blueprint: /quality, the graph's health in plain words (`gskg check`).

The page checks the curated data of the `curated` setting (`--curated`, default ./data) with
the `ontology` and `seeds` settings (`--ontology`, `--seeds`), the same checks as `gskg check
--no-shapes`: the SHACL shapes take seconds and run in `gskg check` and `make test`.  The
report is computed once per state of the data files and per process, in a background thread
started by the first request, and kept: a request reads it (waiting only for the first).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request

from ..quality import CHECKS, SEVERITIES, Report, run_checks
from ..quality.report import by_class, ordered
from ..resources import ontology_or_packaged
from . import quality_i18n
from .context import GSKG, catalog

bp = Blueprint("quality", __name__)

#: How long a request waits for a report being computed (the first one after a start).
WAIT = 120.0


class _Reports:
    """The report per (data folder, state of its files), computed off the request threads."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.lock = threading.Lock()
        self.key: tuple | None = None
        self.pid = os.getpid()
        self.done = threading.Event()
        self.report: Report | None = None
        self.error: BaseException | None = None

    def folders(self) -> tuple[Path, Path, Path]:
        s = self.settings
        return Path(s.curated).absolute(), ontology_or_packaged(s.ontology), Path(s.seeds)

    def key_now(self) -> tuple | None:
        data = self.folders()[0]
        if not data.is_dir():
            return None
        files = sorted(data.glob("*.yaml"))
        return (str(data), tuple((p.name, p.stat().st_mtime_ns) for p in files))

    def refresh(self) -> threading.Event | None:
        """Start computing when the data changed since the last report; the event to wait on."""
        key = self.key_now()
        if key is None:
            return None
        with self.lock:
            # A forked gunicorn worker inherits the state but not the thread: it computes anew.
            if key != self.key or self.pid != os.getpid():
                self.key, self.done, self.pid = key, threading.Event(), os.getpid()
                threading.Thread(target=self._compute, args=(self.done,), daemon=True).start()
            return self.done

    def _compute(self, done: threading.Event) -> None:
        data, ontology, seeds = self.folders()
        try:
            report, error = (
                run_checks(data, ontology.absolute(), seeds.absolute(), shapes=False),
                None,
            )
        except Exception as exc:  # noqa: BLE001 (re-raised in the request that reads it)
            report, error = None, exc
        with self.lock:
            if done is self.done:
                self.report, self.error = report, error
        done.set()


def start(app: Flask, settings: Any) -> None:
    """Keep the app's reports, computed from the first request on (not before: a thread
    running when gunicorn forks could leave a lock held in the workers)."""
    app.extensions["gskg-quality"] = _Reports(settings)


def current_report() -> Report | None:
    """The report for the curated data as it is now (None when there is no such folder)."""
    reports: _Reports = current_app.extensions["gskg-quality"]
    done = reports.refresh()
    if done is None:
        return None
    done.wait(WAIT)
    with reports.lock:
        if reports.error is not None:
            raise reports.error
        return reports.report


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
