"""The review file: YAML a curator edits (`accept: true`), read back with lines kept."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..pipeline.load import Mapping, parse_yaml
from .text import CurateError, read_document

HEADER = (
    "# gskg curate: proposals for {doc}. Set `accept: true` on those to keep, edit any field\n"
    "# (the quote must stay text[start:end] of the document), fill the empty `en` labels,\n"
    "# then: gskg curate --apply THIS_FILE --curator NAME\n"
)


@dataclass
class Review:
    """A review file read back: the document it is about and its proposals (with lines)."""

    path: Path
    doc: str
    file: Path
    text: str
    proposals: list[Mapping]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_review(path: Path, doc: str, file: Path, text: str, proposals: list[dict]) -> None:
    """Write the review file (deterministic: same text and data, same bytes)."""
    for p in proposals:  # the guarantee a curator relies on, checked once more
        if text[p["start"] : p["end"]] != p["quote"]:
            raise CurateError(f"{p.get('id')}: quote is not the text at {p['start']}-{p['end']}")
    body = {"doc": doc, "file": str(file), "sha256": digest(text), "proposals": proposals}
    dumped = yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(HEADER.format(doc=doc) + dumped, encoding="utf-8")


def read_review(path: Path) -> Review:
    """Read a review file and its document; CurateError on anything unusable."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CurateError(f"{path}: cannot read the review file: {exc}") from None
    value, problems = parse_yaml(raw, str(path))
    if problems:
        raise CurateError("\n".join(str(p) for p in problems))
    if not isinstance(value, dict) or not isinstance(value.get("proposals"), list):
        raise CurateError(f"{path}:1: not a review file (expected doc, file and proposals)")
    for key in ("doc", "file", "sha256"):
        if not isinstance(value.get(key), str):
            raise CurateError(f"{path}:1: {key}: missing (written by `gskg curate`)")
    file = Path(value["file"])
    if not file.is_absolute() and not file.exists():
        file = path.parent / file
    text = read_document(file)
    if digest(text) != value["sha256"]:
        raise CurateError(f"{path}:1: {file} has changed since the review was drafted")
    bad = [p for p in value["proposals"] if not isinstance(p, Mapping)]
    if bad:
        raise CurateError(f"{path}: every proposal must be a mapping")
    return Review(path, value["doc"], file, text, value["proposals"])


def span_problems(review: Review, proposals: list[Mapping]) -> list[str]:
    """`file:line: id.quote: …` for each proposal whose quote is not text[start:end]."""
    out = []
    for p in proposals:
        start, end, quote = p.get("start"), p.get("end"), p.get("quote")
        line = p.key_lines.get("quote", p.line)
        where = f"{review.path}:{line}: {p.get('id') or p.get('subject') or '?'}.quote"
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
            out.append(f"{where}: expected integer offsets start and end")
        elif review.text[start:end] != quote:
            out.append(
                f"{where}: no longer matches the document at {start}-{end} "
                f"({review.text[start:end][:30]!r}…); a quote must be copied verbatim"
            )
    return out
