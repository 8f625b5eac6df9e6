"""Check that every quote occurs, verbatim, in the document it cites."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..documents import locate, squash
from ..pipeline.load import Problem, Record


def _quotes(rec: Record) -> Iterator[tuple[str, str, str, int]]:
    """(field, doc, quote, line) for the record and each of its relations and roles."""
    data = rec.data
    if isinstance(data.get("doc"), str) and isinstance(data.get("quote"), str):
        yield "quote", data["doc"], data["quote"], rec.line_of("quote")
    for key in ("relations", "roles"):
        for item in data.get(key) or []:
            if isinstance(item, dict) and isinstance(item.get("quote"), str):
                line = item.key_lines.get("quote", item.line)
                yield f"{key}.quote", item.get("doc"), item["quote"], line


def verify_quotes(
    records: list[Record], seeds_dir: Path, corpus: Path | None = None
) -> tuple[int, list[Problem]]:
    """Return (quotes checked, problems) — a problem for each quote not found in its document.

    Documents are looked up in `seeds_dir`, then in `corpus` (corpus/ beside data/).
    Whitespace is ignored on both sides (the captured pages wrap lines arbitrarily).
    """
    files = {r.id: r.data.get("file") for r in records if r.type == "SourceDocument"}
    texts: dict[str, str | None] = {}
    for doc, name in files.items():
        path = locate(name, [f for f in (seeds_dir, corpus) if f])  # never outside them
        texts[doc] = squash(path.read_text(encoding="utf-8")) if path is not None else None
    checked, problems = 0, []
    for rec in records:
        for field, doc, quote, line in _quotes(rec):
            checked += 1
            body = texts.get(doc)
            if body is None:
                where = f"{seeds_dir}/{files.get(doc)}" if doc in files else f"document {doc!r}"
                problems.append(Problem(rec.file, line, rec.id, field, f"{where} not found"))
            elif squash(quote) not in body:
                problems.append(
                    Problem(
                        rec.file,
                        line,
                        rec.id,
                        field,
                        f"quote not found in {files[doc]}: {quote[:60]}",
                    )
                )
    return checked, problems
