"""Write the accepted proposals of a review file into data/, all or nothing.

The accepted records are checked as `gskg validate` checks data/: first field by field
against the existing records (problems located in the review file, `file:line:
record.field: …`), then the whole would-be data/ (a copy in a temporary folder) through
`compile_graph` and the SHACL and HermiT checks.  Only when nothing is wrong are the
files replaced.  Each record written carries `curated: {by, date, via: curate}`, as
`gskg reconcile --apply` records who accepted a link; the builder turns it into an
annotation of the record's typing statement.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..documents import folders
from ..errors import ValidationFailed
from ..ontology import Ontology, load_ontology
from ..pipeline.load import Mapping, Problem, Record, load_data
from ..pipeline.validate import validate_records
from ..schema import BY_CLASS, RELATIONS
from .evidence import check_document, quote_problems
from .review import read_review, span_problems
from .text import CurateError

# Keys of a proposal that are for the curator, not part of the record.
REVIEW_KEYS = ("kind", "accept", "why", "start", "end", "found", "subject", "todo")


def todo_problems(review_path: Path, proposals: list[Mapping]) -> list[Problem]:
    """A field the review file says the curator must fill (`todo: {field: why}`), still
    empty in an accepted proposal: `file:line: id.field: to fill: why`."""
    out = []
    for p in proposals:
        todo = p.get("todo")
        if not isinstance(todo, dict):
            continue
        for field, why in todo.items():
            if p.get(field) in (None, "", [], {}):
                line = p.key_lines.get(field, p.key_lines.get("todo", p.line))
                out.append(Problem(str(review_path), line, str(p.get("id") or "?"), str(field),
                                   f"to fill before it can be applied: {why}"))  # fmt: skip
    return out


@dataclass(frozen=True)
class Applied:
    """What `apply_review` wrote."""

    records: dict[str, int]  # file name → records added
    relations: int


def file_for(rtype: str, records: list[Record], onto: Ontology) -> str:
    """The data file records of class `rtype` go in: where most records of that class (or
    of its nearest superclass that has records) already are."""
    for ancestor in sorted(
        onto.ancestors.get(rtype, {rtype}), key=lambda c: -len(onto.ancestors.get(c, ()))
    ):
        files = Counter(Path(r.file).name for r in records if onto.is_a(r.type, ancestor))
        if files:
            return files.most_common(1)[0][0]
    raise CurateError(f"no data file holds records like a {rtype}")


def _record(p: Mapping, curated: dict[str, str]) -> Mapping:
    out = Mapping({k: v for k, v in p.items() if k not in REVIEW_KEYS})
    if "qualifier" in out and "qualifier" not in BY_CLASS["Observation"]:
        # the data format of this checkout predates `qualifier` (notes/QUALIFIERS.md): the
        # hedge is kept in the note, as it was before the field existed
        said = f"Qualifier: {out.pop('qualifier')}."
        out["note"] = f"{out['note']} {said}" if out.get("note") else said
    out.line, out.key_lines = p.line, {k: v for k, v in p.key_lines.items() if k in out}
    out["curated"] = dict(curated)
    return out


def apply_review(review_path: Path, data_dir: Path, ontology_dir: Path, curator: str,
                 today: dt.date | None = None, *, reason: bool = True,
                 seeds_dir: Path | None = None) -> Applied:  # fmt: skip
    """Write the accepted proposals of `review_path` into `data_dir` (all or nothing).

    The review's document must be its SourceDocument's file (in `seeds_dir` or corpus/),
    and every accepted quote must be in the document its `doc:` cites."""
    if not curator.strip():
        raise CurateError("--curator NAME is required: who accepted these proposals")
    review = read_review(review_path)
    accepted = [p for p in review.proposals if p.get("accept") is True]
    if not accepted:
        raise CurateError(f"{review_path}: no proposal has `accept: true`; nothing to write")
    if problems := span_problems(review, accepted):
        raise ValidationFailed(problems)
    records, problems = load_data(data_dir)
    if problems:
        raise ValidationFailed(problems)
    where = folders(seeds_dir, data_dir)
    check_document(review.file, review.doc, records, where)
    if problems := quote_problems(review_path, accepted, records, where):
        raise ValidationFailed(problems)  # the whole review is refused
    onto = load_ontology(ontology_dir)
    curated = {
        "by": curator.strip(),
        "date": (today or dt.date.today()).isoformat(),
        "via": "curate",
    }
    by_id = {r.id: r for r in records}
    drafted = [p for p in accepted if p.get("kind") not in ("relation", "mention")]
    if problems := todo_problems(review_path, drafted):
        raise ValidationFailed(problems)  # before the validator's "unknown id ''"
    early_problems = []
    for p in (p for p in drafted if p.get("id") in by_id):  # e.g. a date for a known record
        rec = by_id[p["id"]]
        early_problems.append(
            Problem(
                str(review_path),
                p.key_lines.get("id", p.line),
                p["id"],
                "id",
                f"already in data/ ({rec.file}:{rec.line}): add this by hand there, "
                "if this document is its evidence",
            )  # fmt: skip
        )
    new = [_record(p, curated) for p in drafted if p.get("id") not in by_id]
    rels = [p for p in accepted if p.get("kind") == "relation"]
    new_records = [
        Record(str(r.get("id", "")), str(r.get("type", "")), r, str(review_path), r.line)
        for r in new
    ]
    edits: dict[str, list[tuple[str, dict]]] = {}  # existing record id → relations to add
    accepted_by = f"Accepted by {curated['by']} on {curated['date']} via gskg curate."
    for p in rels:
        item = {k: v for k, v in p.items() if k in RELATIONS or k in ("doc", "quote", "note")}
        # a relation has no provenance field of its own: its note says who accepted it
        item["note"] = f"{item['note']} {accepted_by}" if item.get("note") else accepted_by
        subject = next((r for r in new_records if r.id == p.get("subject")), None)
        if subject is not None:
            subject.data.setdefault("relations", []).append(_mapping(item, p))
        elif p.get("subject") in by_id:
            edits.setdefault(p["subject"], []).append(item)
        else:
            early_problems.append(
                Problem(
                    str(review_path),
                    p.key_lines.get("subject", p.line),
                    str(p.get("subject")),
                    "subject",
                    "unknown id: accept the entity too, or correct the id",
                )  # fmt: skip
            )
    for rid, items in edits.items():
        rec = by_id[rid]
        data = Mapping(rec.data)
        data.line, data.key_lines = rec.data.line, rec.data.key_lines
        data["relations"] = list(rec.data.get("relations") or []) + [
            _mapping(i, None) for i in items
        ]
        by_id[rid] = Record(rec.id, rec.type, data, rec.file, rec.line)
    merged = [by_id.get(r.id, r) for r in records]
    problems = early_problems + validate_records(merged + new_records, onto)
    if problems:
        raise ValidationFailed(problems)
    return _write(data_dir, ontology_dir, records, new, edits, onto, reason=reason)


def _mapping(item: dict, where: Mapping | None) -> Mapping:
    m = Mapping(item)
    m.line = where.line if where is not None else 0
    m.key_lines = {
        k: v for k, v in (where.key_lines if where is not None else {}).items() if k in m
    }
    return m


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _dump(records: list[Any]) -> str:
    return yaml.safe_dump(_plain(records), allow_unicode=True, sort_keys=False, width=100)


def _write(data_dir: Path, ontology_dir: Path, records: list[Record], new: list[Mapping],
           edits: dict[str, list[dict]], onto: Ontology, *, reason: bool) -> Applied:  # fmt: skip
    """Stage the edited files in a copy of data/, check it whole, then replace them."""
    from ..checks import check_compiled
    from ..pipeline import compile_graph

    texts: dict[str, str] = {}
    counts: Counter[str] = Counter()
    by_id = {r.id: r for r in records}
    for rid, items in edits.items():
        path = Path(by_id[rid].file)
        text = texts.get(path.name) or path.read_text(encoding="utf-8")
        texts[path.name] = add_relations(text, rid, items)
    for rec in new:
        name = file_for(str(rec["type"]), records, onto)
        text = texts.get(name) or (data_dir / name).read_text(encoding="utf-8")
        texts[name] = text + ("" if text.endswith("\n") else "\n") + _dump([rec])
        counts[name] += 1
    with tempfile.TemporaryDirectory(prefix="gskg-curate-") as tmp:
        stage = Path(tmp) / "data"
        shutil.copytree(data_dir, stage)
        for name, text in texts.items():
            (stage / name).write_text(text, encoding="utf-8")
        try:
            compiled = compile_graph(stage, ontology_dir)
        except ValidationFailed as exc:
            raise ValidationFailed([_relocate(p, stage, data_dir) for p in exc.problems]) from None
        lines = compiled.all_lines()
        if problems := check_compiled(lines, ontology_dir=ontology_dir, reason=reason):
            raise ValidationFailed(problems)
        # everything checked: now replace each file atomically (a sibling in data/, then a
        # rename: the staged copy may be on another file system)
        for name, text in texts.items():
            _sibling(data_dir / name).write_text(text, encoding="utf-8")
        for name in texts:
            os.replace(_sibling(data_dir / name), data_dir / name)
    return Applied(dict(counts), sum(len(v) for v in edits.values()))


def _sibling(path: Path) -> Path:
    return path.with_name(f".{path.name}.curate-tmp")


def _relocate(problem: Any, stage: Path, data_dir: Path) -> Any:
    if isinstance(problem, Problem) and problem.file.startswith(str(stage)):
        return Problem(
            str(data_dir) + problem.file[len(str(stage)) :], *list(problem.__dict__.values())[1:]
        )
    return problem


def add_relations(text: str, rid: str, items: list[dict]) -> str:
    """`text` with `items` appended to record `rid`'s `relations` (other lines untouched)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    node = next(
        (i for i in getattr(root, "value", []) if isinstance(i, yaml.MappingNode)
         and any(k.value == "id" and getattr(v, "value", None) == rid for k, v in i.value)),
        None,
    )  # fmt: skip
    if node is None or node.flow_style:
        raise CurateError(
            f"{rid}: not found as a block mapping in its file; add the relation by hand"
        )
    indent = " " * node.value[0][0].start_mark.column
    lines = text.splitlines(keepends=True)
    fields = {k.value: v for k, v in node.value}
    body = _dump(items)
    if "relations" in fields and fields["relations"].flow_style:
        raise CurateError(f"{rid}: relations written on one line; add the relation by hand")
    if "relations" in fields:
        seq = fields["relations"]
        pad = " " * seq.start_mark.column  # where its dashes are
        head = ""
    else:
        seq, pad, head = node, indent, f"{indent}relations:\n"
    at = seq.end_mark.line if seq.end_mark.column == 0 else seq.end_mark.line + 1
    block = head + "".join(pad + ln for ln in body.splitlines(keepends=True))
    lines[at:at] = [block]
    return "".join(lines)
