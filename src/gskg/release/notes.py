"""Release notes: a `Diff` in Markdown, its one-line summary (zh, en), the CHANGELOG section."""

from __future__ import annotations

from pathlib import Path

from ..errors import GskgError
from .diff import Change, Diff, RecordDiff, show
from .graph import Evidence

CHANGELOG_HEAD = (
    "# Changelog\n\n"
    "Every release of the graph (`gskg release VERSION`), newest first: what changed, per "
    "record, with the sentence that justifies each change. The files of each release are in "
    "`releases/VERSION/`.\n"
)


def summary(d: Diff) -> dict[str, str]:
    """The changes in one sentence, in zh and en (adms:versionNotes, /changes)."""
    n = d.counts()
    records = sum(n.get(f"records_{k}", 0) for k in ("added", "removed", "changed"))
    if d.first:
        return {
            "zh": f"首次发布:{records} 条记录。",
            "en": f"First release: {records} records.",
        }
    facts = {k: n.get(f"facts_{k}", 0) for k in ("added", "removed", "changed", "evidence")}
    labels = sum(n.get(f"labels_{k}", 0) for k in ("added", "removed", "changed"))
    onto = n["ontology_added"] + n["ontology_removed"]
    en = (
        f"records: {n.get('records_added', 0)} added, {n.get('records_removed', 0)} removed, "
        f"{n.get('records_changed', 0)} changed; in the changed records, facts: "
        f"{facts['added']} added, {facts['removed']} removed, {facts['changed']} changed, "
        f"{facts['evidence']} with new evidence; labels: {labels} changed; ontology: {onto} "
        "statements changed."
    )
    zh = (
        f"新增记录 {n.get('records_added', 0)} 条,删除 {n.get('records_removed', 0)} 条,"
        f"修改 {n.get('records_changed', 0)} 条;修改的记录中事实:新增 {facts['added']},删除 "
        f"{facts['removed']},修改 {facts['changed']},依据更新 {facts['evidence']};"
        f"名称变更 {labels};本体陈述变更 {onto}。"
    )
    return {"zh": zh, "en": en}


def _evidence(ev: list[Evidence]) -> str:
    return "; ".join(
        f"[{e.doc}] «{e.quote}»" + (f" ({e.note})" if e.note else "") for e in ev if e.doc or e.note
    )


def _name(r: RecordDiff) -> str:
    label = " / ".join(v for v in (r.label.get("zh"), r.label.get("en")) if v)
    kinds = ", ".join(r.types)
    return f"`res:{r.id}` {label}" + (f" ({kinds})" if kinds else "")


def _change_line(r: RecordDiff, c: Change) -> str:
    where = "" if c.node == r.id else f"{c.node}: "
    prop = c.property
    if c.kind == "changed":
        text = f"{where}{prop}: {c.old_value} → {c.new_value}"
        ev = _evidence(c.new_evidence) or _evidence(c.old_evidence)
    elif c.kind == "evidence":
        text = f"{where}{prop} {c.new_value}: evidence now"
        ev = _evidence(c.new_evidence) + " (was " + (_evidence(c.old_evidence) or "none") + ")"
    elif c.kind == "added":
        text, ev = f"{where}+ {prop} {c.new_value}", _evidence(c.new_evidence)
    else:
        text, ev = f"{where}− {prop} {c.old_value}", _evidence(c.old_evidence)
    if not ev and c.what == "label":
        ev = _evidence(r.evidence)  # names have no axiom of their own: the record's evidence
    return f"- {text}" + (f" — {ev}" if ev else "")


def markdown(d: Diff, title: str | None = None) -> str:
    """The release notes: summary, then records added, removed and changed, then ontology."""
    s = summary(d)
    out = [f"## {title}\n\n" if title else f"## {d.old} → {d.new}\n\n", f"{s['en']}\n\n{s['zh']}\n"]
    if d.first:
        return "".join(out)
    for status, heading in (("added", "Records added"), ("removed", "Records removed")):
        rows = [r for r in d.records if r.status == status]
        if rows:
            out.append(f"\n### {heading} ({len(rows)})\n\n")
            out += [f"- {_name(r)} — {_evidence(r.evidence)}\n" for r in rows]
    changed = [r for r in d.records if r.status == "changed"]
    if changed:
        out.append(f"\n### Records changed ({len(changed)})\n")
        for r in changed:
            out.append(f"\n#### {_name(r)}\n\n")
            out += [_change_line(r, c) + "\n" for c in r.changes]
    if d.ontology_added or d.ontology_removed:
        out.append("\n### Ontology\n\n")
        out += [f"- + {' '.join(show(x) for x in t)}\n" for t in d.ontology_added]
        out += [f"- − {' '.join(show(x) for x in t)}\n" for t in d.ontology_removed]
    return "".join(out)


def add_to_changelog(path: Path, section: str) -> None:
    """Insert `section` (a release's notes) at the top of the changelog, newest first."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else CHANGELOG_HEAD
    except OSError as exc:
        raise GskgError(f"{path}: cannot read: {exc.strerror or exc}") from None
    head, sep, rest = text.partition("\n## ")
    body = (
        head.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n" + (f"\n## {rest}" if sep else "")
    )
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(path)
