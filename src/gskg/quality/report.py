"""A quality report as text (for a person), JSON or CSV (for machines): the same items."""

from __future__ import annotations

import csv
import io
import json

from . import CHECKS, SEVERITIES, Item, Report

FORMATS = ("text", "json", "csv")
FIELDS = ("severity", "check", "file", "line", "record", "message", "hint")


def render(report: Report, fmt: str) -> str:
    """The report in `fmt` (text, json or csv)."""
    return {"text": _text, "json": _json, "csv": _csv}[fmt](report)


def ordered(items: list[Item]) -> list[Item]:
    """By severity, then check (in CHECKS order), then file and line."""
    order = list(CHECKS)
    return sorted(items, key=lambda i: (SEVERITIES.index(i.severity), order.index(i.check), i))


def by_class(items: list[Item]) -> list[tuple[str, int]]:
    """How many items per class (the class is the first word of an identifiers message)."""
    counts: dict[str, int] = {}
    for item in items:
        cls = item.message.split(" ", 1)[0]
        counts[cls] = counts.get(cls, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _text(report: Report) -> str:
    out = []
    for severity in SEVERITIES:
        for check in CHECKS:
            items = [i for i in ordered(report.items) if (i.severity, i.check) == (severity, check)]
            if not items:
                continue
            out.append(f"{severity.upper()} — {CHECKS[check][1]} ({len(items)})")
            if check == "identifiers":
                out.append("  by class: " + ", ".join(f"{c} {n}" for c, n in by_class(items)))
            hints = {i.hint for i in items}
            if len(hints) == 1 and (hint := hints.pop()):  # one hint for the whole group
                out.append(f"  → {hint}")
            for item in items:
                where = f"{item.where()}: " if item.where() else ""
                record = f"{item.record}: " if item.record else ""
                out.append(f"  {where}{record}{item.message}")
                if item.hint and len({i.hint for i in items}) > 1:
                    out.append(f"      → {item.hint}")
    out.append(f"gskg check: {report.summary()}")
    return "\n".join(out) + "\n"


def _json(report: Report) -> str:
    body = {
        "summary": {s: report.count(s) for s in SEVERITIES} | {"records": report.records},
        "items": [i.as_dict() for i in ordered(report.items)],
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def _csv(report: Report) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FIELDS)
    for item in ordered(report.items):
        writer.writerow(getattr(item, f) for f in FIELDS)
    return buf.getvalue()
