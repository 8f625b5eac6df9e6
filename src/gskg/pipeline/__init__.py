"""The whole build, stage after stage: load → validate → build → export.

`compile_graph` stops at the statements (used by `validate` and the tests);
`build_dist` goes on to write dist/.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .. import DEFAULT_ENDPOINT
from ..errors import ValidationFailed
from ..ontology import ONTOLOGY_FILES, Ontology, load_ontology
from .build import GraphBuilder, build_records
from .export import EXPORTS, ntriples, read_rdf, serialize_file, staged
from .load import Record, load_data
from .validate import validate_records
from .void import void_triples

T = TypeVar("T")
Track = Callable[[Iterable[T], str], Iterable[T]]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects are made.

    The records and statements hold no reference cycles worth collecting, but every
    collection walks all live objects: at 100k records the collector alone took 3/4 of
    the load time and made it grow faster than linearly (measured: 35 s → 10 s).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _no_progress(items: Iterable[T], _label: str) -> Iterable[T]:
    return items


@dataclass
class Compiled:
    """The validated records, the ontology, and the statements (N-Triples lines) they make.

    `facts` is produced lazily, record by record, so that `build_dist` can stream it to
    disk; `builder.watched` fills with the typing and linking statements as it is read.
    """

    records: list[Record]
    ontology: Ontology
    ontology_lines: list[str]
    facts: Iterator[str]
    builder: GraphBuilder

    def all_lines(self) -> list[str]:
        """Ontology and facts, materialised (for the checks and small graphs)."""
        return self.ontology_lines + list(self.facts)


@dataclass
class BuildResult:
    """What `build_dist` wrote."""

    records: int
    triples: int
    seconds: float
    files: dict[str, int] = field(default_factory=dict)


def compile_graph(data_dir: Path, ontology_dir: Path, track: Track = _no_progress) -> Compiled:
    """Load and validate the data, then prepare its statements.

    Raises `ValidationFailed` with every problem when the data does not validate.
    """
    with paused_gc():
        return _compile(data_dir, ontology_dir, track)


def _compile(data_dir: Path, ontology_dir: Path, track: Track) -> Compiled:
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
    ordered = sorted(records, key=lambda r: r.id)  # file layout does not change the output
    builder = GraphBuilder()
    facts = build_records(track(ordered, "building"), by_id, onto, builder)
    return Compiled(records, onto, sorted(onto_lines), facts, builder)


def _serialize_all(nt_path: Path, jobs: list[tuple[str, Path]]) -> None:
    """Run pyoxigraph's serialisers, in parallel processes for large graphs.

    pyoxigraph holds the GIL while it serialises, so threads would not help; below
    ~20 MB a process pool costs more than it saves.
    """
    if nt_path.stat().st_size < 20_000_000 or (os.cpu_count() or 1) < 2:
        for fmt, out in jobs:
            serialize_file(nt_path, fmt, out)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=min(len(jobs), os.cpu_count() or 1), mp_context=context
    ) as pool:
        for future in [pool.submit(serialize_file, nt_path, fmt, out) for fmt, out in jobs]:
            future.result()


def build_dist(
    data_dir: Path,
    ontology_dir: Path,
    out_dir: Path,
    track: Track = _no_progress,
    endpoint: str = DEFAULT_ENDPOINT,
    also: Callable[[Path], object] | None = None,
) -> BuildResult:
    """Build the graph and write every export into `out_dir` (atomically); `endpoint` is
    the public SPARQL endpoint that void.ttl names; `also(folder)` writes more files from
    the exports, into the same staged folder (`gskg build`: the serving index)."""
    with paused_gc():
        return _build_dist(data_dir, ontology_dir, out_dir, track, endpoint, also)


def _build_dist(
    data_dir: Path,
    ontology_dir: Path,
    out_dir: Path,
    track: Track,
    endpoint: str,
    also: Callable[[Path], object] | None,
) -> BuildResult:
    start = time.perf_counter()
    compiled = compile_graph(data_dir, ontology_dir, track)
    with staged(out_dir) as tmp:
        nt_path = tmp / "gskg.nt"
        total = len(compiled.ontology_lines)
        with open(nt_path, "w", encoding="utf-8") as fh:
            fh.writelines(compiled.ontology_lines)
            for stmt in compiled.facts:
                fh.write(stmt)
                total += 1
        (tmp / "ontology.nt").write_bytes(ntriples(compiled.ontology_lines))
        void = void_triples(compiled.builder.watched, total=total, endpoint=endpoint)
        (tmp / "void.nt").write_bytes(ntriples(" ".join(t) + " .\n" for t in void))
        _serialize_all(
            nt_path,
            [(fmt, tmp / f"gskg.{ext}") for ext, fmt in EXPORTS.items() if ext != "nt"],
        )
        serialize_file(tmp / "ontology.nt", "ttl", tmp / "ontology.ttl")
        serialize_file(tmp / "void.nt", "ttl", tmp / "void.ttl")
        (tmp / "ontology.nt").unlink()
        (tmp / "void.nt").unlink()
        if also is not None:
            also(tmp)
        files = {p.name: p.stat().st_size for p in tmp.iterdir()}
    return BuildResult(
        records=len(compiled.records),
        triples=total,
        seconds=time.perf_counter() - start,
        files=files,
    )
