"""Write the candidates a curator accepted in a review file into data/, minimally.

Only candidates with `accept: true` (a YAML boolean, nothing else) are written, at most one
per entity.  The record's YAML text is edited in place, keeping every comment, key order and
line of the file: `ids: {wikidata: Q…}` goes right after the record's `label` block (or the
QID into its existing `ids`), followed by one line of provenance,
`ids_provenance: {wikidata: {by: NAME, date: "YYYY-MM-DD", via: reconcile, endpoint: URL}}`,
which the builder turns into an annotation of the `owl:sameAs` statement.
Each edited file is re-read to check the edit, then replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ValidationFailed
from ..pipeline.load import Record, load_data, parse_yaml
from ..schema import ID_PATTERNS
from .reconcile import ReconcileError


@dataclass(frozen=True)
class Applied:
    """One accepted link written into data/."""

    id: str
    qid: str
    file: str


def accepted_links(review: Any) -> list[tuple[str, str]]:
    """`(entity id, QID)` of every accepted candidate; raises on a malformed review."""
    if not isinstance(review, dict) or not isinstance(review.get("entities"), list):
        raise ReconcileError("not a review file: expected `entities:` (from `gskg reconcile`)")
    out = []
    for entity in review["entities"]:
        rid = entity.get("id") if isinstance(entity, dict) else None
        chosen = (
            [
                c
                for c in (entity.get("candidates") or [])
                if isinstance(c, dict) and c.get("accept") is True
            ]
            if rid
            else []
        )
        if len(chosen) > 1:
            qids = ", ".join(str(c.get("qid")) for c in chosen)
            raise ReconcileError(f"{rid}: {len(chosen)} candidates accepted ({qids}); keep one")
        if chosen:
            qid = str(chosen[0].get("qid"))
            if not re.fullmatch(ID_PATTERNS["wikidata"], qid):
                raise ReconcileError(f"{rid}: {qid!r} is not a Wikidata QID")
            out.append((rid, qid))
    return out


def apply_review(
    review_path: Path, data_dir: Path, curator: str, today: dt.date | None = None
) -> list[Applied]:
    """Write the accepted links of `review_path` into the YAML files of `data_dir`."""
    if not curator.strip():
        raise ReconcileError("--curator NAME is required: who accepted these links")
    try:
        review = yaml.safe_load(review_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReconcileError(f"{review_path}: cannot read: {exc}") from None
    links = accepted_links(review)
    records, problems = load_data(data_dir)
    if problems:
        raise ValidationFailed(problems)
    by_id = {r.id: r for r in records}
    used = {str(q): r.id for r in records if (q := (r.data.get("ids") or {}).get("wikidata"))}
    provenance = {
        "by": curator.strip(),
        "date": (today or dt.date.today()).isoformat(),
        "via": "reconcile",
        "endpoint": str(review.get("endpoint", "")),
    }
    todo: list[tuple[Record, str]] = []
    for rid, qid in links:
        rec = by_id.get(rid)
        if rec is None:
            raise ReconcileError(f"{rid}: no such record in {data_dir}")
        if used.get(qid, rid) != rid:
            raise ReconcileError(f"{rid}: {qid} is already the Wikidata id of {used[qid]}")
        current = (rec.data.get("ids") or {}).get("wikidata")
        if current and str(current) != qid:
            raise ReconcileError(f"{rid}: already linked to {current}, not {qid}")
        if not current:
            used[qid] = rid
            todo.append((rec, qid))
    texts: dict[str, str] = {}
    for rec, qid in todo:
        text = texts.get(rec.file) or Path(rec.file).read_text(encoding="utf-8")
        texts[rec.file] = insert_link(text, rec.id, qid, provenance)
    for file, text in texts.items():
        _check(text, file, [(r.id, q) for r, q in todo if r.file == file], provenance["by"])
        _write_atomically(Path(file), text)
    return [Applied(r.id, q, r.file) for r, q in todo]


def _flow(value: dict[str, str]) -> str:
    """A one-line YAML flow mapping; values as JSON strings (always valid YAML)."""
    parts = []
    for key, v in value.items():
        plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", v) and v not in ("true", "false", "null")
        parts.append(f"{key}: {v if plain else json.dumps(v, ensure_ascii=False)}")
    return "{" + ", ".join(parts) + "}"


def _find_record(root: yaml.Node, rid: str) -> yaml.MappingNode:
    if isinstance(root, yaml.SequenceNode):
        for item in root.value:
            if isinstance(item, yaml.MappingNode):
                for key, value in item.value:
                    if key.value == "id" and getattr(value, "value", None) == rid:
                        return item
    raise ReconcileError(f"record {rid} not found in its file")


def _last_line(node: yaml.Node) -> int:
    """The 0-based line on which `node`'s text ends."""
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        last = node.value[-1]
        return _last_line(last[1] if isinstance(last, tuple) else last)
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def insert_link(text: str, rid: str, qid: str, provenance: dict[str, str]) -> str:
    """`text` with `qid` added to record `rid`'s `ids` and one `ids_provenance` line."""
    record = _find_record(yaml.compose(text, Loader=yaml.SafeLoader), rid)
    if record.flow_style:
        raise ReconcileError(f"{rid}: written as a one-line mapping; add the id by hand")
    fields = {k.value: (k, v) for k, v in record.value}
    if "ids_provenance" in fields:
        raise ReconcileError(f"{rid}: already has ids_provenance; add the link by hand")
    lines = text.splitlines(keepends=True)
    indent = " " * record.value[0][0].start_mark.column
    prov = f"{indent}ids_provenance: {{wikidata: {_flow(provenance)}}}\n"
    if "ids" in fields:
        ids = fields["ids"][1]
        after = _last_line(ids)
        lines.insert(after + 1, prov)
        if ids.flow_style:
            line, col = ids.start_mark.line, ids.start_mark.column + 1
            sep = ", " if ids.value else ""
            lines[line] = lines[line][:col] + f"wikidata: {qid}{sep}" + lines[line][col:]
        else:
            first_key = ids.value[0][0].start_mark
            lines.insert(first_key.line, " " * first_key.column + f"wikidata: {qid}\n")
    else:
        after = _last_line(fields["label"][1]) if "label" in fields else record.start_mark.line
        lines[after + 1 : after + 1] = [f"{indent}ids: {{wikidata: {qid}}}\n", prov]
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return "".join(lines)


def _check(text: str, file: str, links: list[tuple[str, str]], curator: str) -> None:
    """Re-read the edited text: it must parse and hold exactly the links written."""
    value, problems = parse_yaml(text, file)
    if problems:
        raise ReconcileError(f"{file}: the edit would break the file: {problems[0]}")
    records = {item.get("id"): item for item in value or [] if isinstance(item, dict)}
    for rid, qid in links:
        item = records.get(rid) or {}
        written = (item.get("ids") or {}).get("wikidata")
        by = ((item.get("ids_provenance") or {}).get("wikidata") or {}).get("by")
        if written != qid or by != curator:
            raise ReconcileError(f"{file}: {rid}: the edit did not come out as intended")


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.reconcile-tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
