"""`gskg curate`: draft sourced records from a new document for a curator to accept.

text → sentences (text.py) and tables (tables.py) → names (entities.py by suffix and title,
context.py by context, proper.py by form, ner.py from the NER model, all built on names.py),
amounts (numbers.py), times (periods.py) → figures (figures.py, indicators from
indicators.py), dated records (dated.py), relations (relations.py), gathered by draft.py →
a review file (review.py) → a review page (html.py; served by serve.py for keyboard
accept/reject) → accepted proposals written into data/ (apply.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..documents import folders
from ..errors import ValidationFailed
from ..ontology import load_ontology
from ..pipeline.load import load_data
from ..values import parse_date
from .draft import draft
from .evidence import check_document
from .review import write_review
from .text import CurateError, read_document

__all__ = ["CurateError", "Drafted", "curate_document"]


@dataclass(frozen=True)
class Drafted:
    """What `curate_document` wrote."""

    out: Path
    proposals: dict[str, int]  # kind → count
    sentences: int


def published_on(value: object) -> dt.date | None:
    """A publication date to resolve relative dates against (its first day)."""
    if value is None:
        return None
    date = parse_date(value)
    return dt.date.fromisoformat(date.datetime[:10])


def curate_document(path: Path, doc: str, data_dir: Path, ontology_dir: Path, out: Path,
                    *, seeds_dir: Path | None = None) -> Drafted:  # fmt: skip
    """Draft the proposals for document `doc` (described in sources.yaml) read from `path`,
    which must be that document's file (in `seeds_dir` or corpus/)."""
    from .text import sentences

    text = read_document(path)
    records, problems = load_data(data_dir)
    if problems:
        raise ValidationFailed(problems)
    source = next((r for r in records if r.id == doc), None)
    if source is None or source.type != "SourceDocument":
        raise CurateError(
            f"{doc!r} is not a document of {data_dir / 'sources.yaml'}: describe it there first "
            "(id, type: SourceDocument, file, date, label, doc, quote)"
        )
    check_document(path, doc, records, folders(seeds_dir, data_dir))
    published = published_on(source.data.get("date"))
    proposals = draft(text, doc, published, records, load_ontology(ontology_dir))
    write_review(out, doc, path, text, proposals)
    counts: dict[str, int] = {}
    for p in proposals:
        counts[p["kind"]] = counts.get(p["kind"], 0) + 1
    return Drafted(out, counts, len(sentences(text)))
