"""The whole build, stage after stage: load → validate → build → export.

`compile_graph` stops at the statements (used by `validate` and the tests);
`build_dist` goes on to write dist/.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .build import build_records
from .errors import ValidationFailed
from .export import FORMATS, ntriples, read_rdf, serialize_file, staged
from .load import Record, load_data
from .ontology import ONTOLOGY_FILES, Ontology, load_ontology
from .validate import validate_records
from .void import LINK_TARGETS, void_triples

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

T = TypeVar("T")
Track = Callable[[Iterable[T], str], Iterable[T]]


def _no_progress(items: Iterable[T], _label: str) -> Iterable[T]:
    return items


@dataclass
class Compiled:
    """The validated records, the ontology and the statements (N-Triples lines) they make."""

    records: list[Record]
    ontology: Ontology
    ontology_lines: set[str]
    fact_lines: set[str]

    @property
    def lines(self) -> set[str]:
        return self.ontology_lines | self.fact_lines


@dataclass
class BuildResult:
    """What `build_dist` wrote."""

    records: int
    triples: int
    seconds: float
    files: dict[str, int] = field(default_factory=dict)


def compile_graph(data_dir: Path, ontology_dir: Path, track: Track = _no_progress) -> Compiled:
    """Load and validate the data, then build its statements.

    Raises `ValidationFailed` with every problem when the data does not validate.
    """
    records, problems = load_data(data_dir)
    onto = load_ontology(ontology_dir)
    if not onto.classes:
        raise ValidationFailed([f"{ontology_dir}: no ontology classes found in {ONTOLOGY_FILES}"])
    problems += validate_records(records, onto)
    if problems:
        raise ValidationFailed(sorted(set(problems)))
    onto_lines: set[str] = set()
    for n, name in enumerate(ONTOLOGY_FILES):
        path = ontology_dir / name
        if path.exists():
            onto_lines |= read_rdf(path, prefix=f"o{n}b")
    by_id = {r.id: r for r in records}
    facts = build_records(track(records, "building"), by_id, onto)
    return Compiled(records, onto, onto_lines, facts)


# Only these statements matter to the VoID description (see void.py).
_VOID_PREDICATES = (f" <{RDF_TYPE}> ", *(f" <{pred}> " for pred, _ in LINK_TARGETS.values()))


def _void_input(lines: list[str]) -> list[tuple[str, str, str]]:
    return [
        tuple(stmt[:-3].split(" ", 2))
        for stmt in lines
        if any(p in stmt for p in _VOID_PREDICATES)
    ]


def build_dist(
    data_dir: Path, ontology_dir: Path, out_dir: Path, track: Track = _no_progress
) -> BuildResult:
    """Build the graph and write every export into `out_dir` (atomically)."""
    start = time.perf_counter()
    compiled = compile_graph(data_dir, ontology_dir, track)
    lines = sorted(compiled.lines)
    void = void_triples(_void_input(lines), total=len(lines))
    with staged(out_dir) as tmp:
        nt_path = tmp / "gskg.nt"
        with open(nt_path, "w", encoding="utf-8") as fh:
            fh.writelines(lines)
        for fmt in FORMATS.values():
            if fmt.ext != "nt":
                serialize_file(nt_path, fmt, tmp / f"gskg.{fmt.ext}")
        (tmp / "ontology.nt").write_bytes(ntriples(compiled.ontology_lines))
        serialize_file(tmp / "ontology.nt", FORMATS["ttl"], tmp / "ontology.ttl")
        (tmp / "void.nt").write_bytes(ntriples(" ".join(t) + " .\n" for t in void))
        serialize_file(tmp / "void.nt", FORMATS["ttl"], tmp / "void.ttl")
        (tmp / "ontology.nt").unlink()
        (tmp / "void.nt").unlink()
        files = {p.name: p.stat().st_size for p in tmp.iterdir()}
    return BuildResult(
        records=len(compiled.records),
        triples=len(lines),
        seconds=time.perf_counter() - start,
        files=files,
    )
