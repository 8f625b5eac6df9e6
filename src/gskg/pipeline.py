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

from .build import Triple, build_records
from .errors import ValidationFailed
from .export import FORMATS, ntriples, read_rdf, serialize, write_atomically
from .load import Record, load_data
from .ontology import ONTOLOGY_FILES, Ontology, load_ontology
from .validate import validate_records
from .void import void_triples

T = TypeVar("T")
Track = Callable[[Iterable[T], str], Iterable[T]]


def _no_progress(items: Iterable[T], _label: str) -> Iterable[T]:
    return items


@dataclass
class Compiled:
    """The validated records, the ontology and the statements they make."""

    records: list[Record]
    ontology: Ontology
    ontology_triples: set[Triple]
    fact_triples: set[Triple]

    @property
    def triples(self) -> set[Triple]:
        return self.ontology_triples | self.fact_triples


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
    onto_triples: set[Triple] = set()
    for n, name in enumerate(ONTOLOGY_FILES):
        path = ontology_dir / name
        if path.exists():
            onto_triples |= read_rdf(path, prefix=f"o{n}b")
    facts = build_records(track(records, "building"), onto)
    return Compiled(records, onto, onto_triples, facts)


def build_dist(
    data_dir: Path, ontology_dir: Path, out_dir: Path, track: Track = _no_progress
) -> BuildResult:
    """Build the graph and write every export into `out_dir` (atomically)."""
    start = time.perf_counter()
    compiled = compile_graph(data_dir, ontology_dir, track)
    everything = compiled.triples
    nt = ntriples(everything)
    files = {f"gskg.{fmt.ext}": serialize(nt, fmt) for fmt in FORMATS.values()}
    files["ontology.ttl"] = serialize(ntriples(compiled.ontology_triples), FORMATS["ttl"])
    files["void.ttl"] = serialize(ntriples(void_triples(everything)), FORMATS["ttl"])
    write_atomically(out_dir, files)
    return BuildResult(
        records=len(compiled.records),
        triples=len(everything),
        seconds=time.perf_counter() - start,
        files={name: len(data) for name, data in files.items()},
    )
