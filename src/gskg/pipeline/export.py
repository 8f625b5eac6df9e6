"""Stage 4: statements → the files of dist/, deterministic and atomic.

N-Triples is written from the sorted statements; Turtle, RDF/XML and JSON-LD are written
by pyoxigraph's serialisers from that file, so every export holds the same set of triples
in the same order, and no export passes through Python objects (fast at 1M statements).
All files are first written into a temporary folder inside `out`, then each is moved
into place with `os.replace` (atomic per file): a failed build leaves the previous files
as they were.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ..errors import BuildError
from ..namespaces import PREFIXES
from ..sparql.formats import FORMATS

# The exports of a build: file extension → the format (in the one FORMATS table) it is in.
EXPORTS = {"ttl": "ttl", "nt": "nt", "owl": "rdf", "jsonld": "jsonld"}


def read_rdf(path: Path, prefix: str) -> set[str]:
    """Parse an RDF file into N-Triples lines, renaming its blank nodes stably.

    Blank nodes get labels `<prefix><n>` numbered in document order, so the same file
    always gives the same statements.
    """
    names: dict[str, str] = {}

    def term(t: object) -> str:
        if isinstance(t, ox.BlankNode):
            return names.setdefault(t.value, f"_:{prefix}{len(names) + 1}")
        return str(t)

    return {
        f"{term(q.subject)} {term(q.predicate)} {term(q.object)} .\n"
        for q in ox.parse(path=path, rename_blank_nodes=True)
    }


def ntriples(lines: Iterable[str]) -> bytes:
    """Sorted N-Triples of `lines` (the canonical form every export starts from)."""
    return "".join(sorted(lines)).encode()


def serialize_file(nt_path: Path, name: str, out_path: Path) -> None:
    """Re-serialise an N-Triples file in the RDF format `name` (ttl, rdf, jsonld, nt)."""
    engine = FORMATS[name].engine
    if engine == ox.RdfFormat.N_TRIPLES:
        shutil.copyfile(nt_path, out_path)
        return
    parsed = ox.parse(path=nt_path, format=ox.RdfFormat.N_TRIPLES)
    prefixes = PREFIXES if engine != ox.RdfFormat.JSON_LD else None
    ox.serialize(parsed, output=out_path, format=engine, prefixes=prefixes)


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A temporary folder inside `out`; its files replace those of `out` only on success.

    Files are fsynced before anything is moved, then each is moved with `os.replace`
    (atomic per file).  Any failure before that point (disk full, a serialiser error)
    leaves `out` untouched and the temporary folder removed; an `OSError` there becomes a
    `BuildError` with a plain message.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    except OSError as exc:
        raise BuildError(f"cannot write to {out}/: {exc.strerror or exc}") from exc
    try:
        try:
            yield tmp
            names = sorted(p.name for p in tmp.iterdir())
            for name in names:
                fd = os.open(tmp / name, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        except OSError as exc:  # disk full, quota, permissions: nothing was replaced yet
            raise BuildError(
                f"cannot write the build to {out}/: {exc.strerror or exc}; "
                "the previous files there were left as they were"
            ) from exc
        for name in names:
            os.replace(tmp / name, out / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def digest(data: bytes) -> str:
    """Short content hash (used for ETags and the build manifest)."""
    return hashlib.sha256(data).hexdigest()[:16]
