"""Stage 4: statements → the files of dist/, deterministic and atomic.

N-Triples is written from the sorted statements; Turtle, RDF/XML and JSON-LD are written
by pyoxigraph's serialisers from those same sorted statements, so every export holds the
same set of triples in the same order.  All files are first written into a temporary
folder inside `out`, then each is moved into place with `os.replace` (atomic per file):
a failed build leaves the previous files as they were.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .build import Triple

PREFIXES = {
    "gskg": "https://w3id.org/gskg/ontology#",
    "res": "https://w3id.org/gskg/resource/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "qb": "http://purl.org/linked-data/cube#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "wd": "http://www.wikidata.org/entity/",
}


@dataclass(frozen=True)
class Format:
    """One export format: file extension, media type, pyoxigraph format."""

    ext: str
    media_type: str
    rdf_format: ox.RdfFormat


FORMATS: dict[str, Format] = {
    "ttl": Format("ttl", "text/turtle", ox.RdfFormat.TURTLE),
    "nt": Format("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    "owl": Format("owl", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    "jsonld": Format("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
}


def read_rdf(path: Path, prefix: str) -> set[Triple]:
    """Parse an RDF file into term-string triples, renaming its blank nodes stably.

    Blank nodes get labels `<prefix><n>` numbered in document order, so the same file
    always gives the same statements.
    """
    names: dict[str, str] = {}

    def term(t: object) -> str:
        if isinstance(t, ox.BlankNode):
            return names.setdefault(t.value, f"_:{prefix}{len(names) + 1}")
        return str(t)

    out: set[Triple] = set()
    for quad in ox.parse(path=path, rename_blank_nodes=True):
        out.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return out


def ntriples(triples: Iterable[Triple]) -> bytes:
    """Sorted N-Triples of `triples` (the canonical form every export starts from)."""
    return "".join(f"{s} {p} {o} .\n" for s, p, o in sorted(triples)).encode()


def serialize(nt: bytes, fmt: Format) -> bytes:
    """Re-serialise sorted N-Triples in another format with pyoxigraph."""
    if fmt.rdf_format == ox.RdfFormat.N_TRIPLES:
        return nt
    parsed = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    prefixes = PREFIXES if fmt.rdf_format != ox.RdfFormat.JSON_LD else None
    return ox.serialize(parsed, format=fmt.rdf_format, prefixes=prefixes)


def write_atomically(out: Path, files: dict[str, bytes]) -> None:
    """Write every file into `out` so that each appears whole or not at all.

    Everything is written (and fsynced) into a temporary folder first; only when all
    files are written are they moved into place.  A failure before that point (disk
    full, a serialiser error) leaves `out` untouched.
    """
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        for name, data in files.items():
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for name in files:
            os.replace(tmp / name, out / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def digest(data: bytes) -> str:
    """Short content hash (used for ETags and the build manifest)."""
    return hashlib.sha256(data).hexdigest()[:16]
