"""Quotes come from the document they cite: FILE is document D's file, and on --apply
every accepted quote is found again in the document its `doc:` names.

Documents are looked up as `gskg.documents` says (the seeds folder, then corpus/), by the
`file` of their SourceDocument record, so a review cannot cite a file we do not hold.
"""

from __future__ import annotations

from pathlib import Path

from ..documents import locate, same_bytes, squash
from ..pipeline.load import Mapping, Record
from .text import CurateError, read_document


def document_file(doc: str, records: list[Record], where: list[Path]) -> Path:
    """The file of SourceDocument `doc` in the documents folders (CurateError if none)."""
    source = next((r for r in records if r.id == doc and r.type == "SourceDocument"), None)
    if source is None:
        raise CurateError(f"{doc!r} is not a document of sources.yaml")
    found = locate(source.data.get("file"), where)
    if found is None:
        folders = " or ".join(str(f) for f in where)
        raise CurateError(
            f"document {doc!r}: its file {source.data.get('file')!r} ({source.file}:"
            f"{source.line_of('file')}) is not in {folders}; put the document in corpus/ "
            "(or pass --seeds DIR)"
        )
    return found


def check_document(path: Path, doc: str, records: list[Record], where: list[Path]) -> None:
    """CurateError unless `path` holds the same bytes as document `doc`'s file."""
    expected = document_file(doc, records, where)
    if not path.is_file() or not same_bytes(path, expected):
        raise CurateError(
            f"{path} is not the file of document {doc!r} ({expected}): its quotes would cite "
            "a text they are not from; give the document's own file"
        )


def quote_problems(
    review_path: Path, proposals: list[Mapping], records: list[Record], where: list[Path]
) -> list[str]:
    """`file:line: id.quote: …` for each proposal whose quote is not in the document its
    `doc:` cites (whitespace ignored, as `gskg verify-sources` compares)."""
    texts: dict[str, str | None] = {}
    out = []
    for p in proposals:
        doc, quote = p.get("doc"), p.get("quote")
        if not isinstance(doc, str) or not isinstance(quote, str):
            continue  # missing fields: the validator reports them
        if doc not in texts:
            try:
                texts[doc] = squash(read_document(document_file(doc, records, where)))
            except CurateError as exc:
                texts[doc], why = None, exc.message
                out.append(f"{review_path}:{p.key_lines.get('doc', p.line)}: {why}")
                continue
        body = texts[doc]
        if body is not None and squash(quote) not in body:
            line = p.key_lines.get("quote", p.line)
            name = p.get("id") or p.get("subject") or "?"
            out.append(
                f"{review_path}:{line}: {name}.quote: not found in document {doc!r} that "
                f"`doc:` cites ({quote[:40]!r}); a quote must come from its own document"
            )
    return out
