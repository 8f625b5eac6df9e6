"""Build once, serve many: the catalog and the search index of a build, as one file of dist/.

`gskg build` writes `dist/catalog.bin` (`write_catalog`): the catalog's rows are read from
an on-disk store made from `gskg.nt` in a temporary folder (RocksDB: memory stays flat at
10M triples), then the catalog and the search index (names, pinyin, bigram postings) are
built once and stored as plain values (`marshal`: lists, tuples, strings, numbers, bytes —
reading it runs no code, unlike a pickle).  A server opens it (`read_catalog`) instead of
querying its store and building them again in every process; the file names the size and
digest of the `gskg.nt` it describes, and one that does not match the served
graph (another build, `--add`ed graphs, a remote store) is ignored: the catalog is then
built from the store as before (catalog.py).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from array import array
from dataclasses import fields
from pathlib import Path
from typing import Any

from pyoxigraph import RdfFormat, Store

from .catalog import Catalog, ClassInfo, Entry, build_catalog, catalog_rows
from .fuzzy import Vocabulary
from .searchindex import SearchIndex

log = logging.getLogger("gskg.web")

FILE = "catalog.bin"
#: Bumped whenever the layout below changes; marshal's format follows the Python version.
FORMAT = 2


def _key(nt: Path, size_only: bool = False) -> list:
    """What the file must match: format, Python version, and the N-Triples' size and digest
    (content, not modification time: a copied dist/ still fits, the file is deterministic)."""
    key = [FORMAT, list(sys.version_info[:2]), list(_ENTRY + _CLASS), nt.stat().st_size]
    if not size_only:
        digest = hashlib.sha256()
        with open(nt, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        key.append(digest.hexdigest())
    return key


def write_catalog(dist: Path, nt_name: str = "gskg.nt") -> Path:
    """Build the catalog and search index of `dist/gskg.nt` into `dist/catalog.bin`."""
    nt = dist / nt_name
    with tempfile.TemporaryDirectory(prefix="gskg-catalog-") as tmp:
        store = Store(str(Path(tmp) / "store"))
        store.bulk_load(path=str(nt), format=RdfFormat.N_TRIPLES)
        rows = catalog_rows(store)
        del store
    index = SearchIndex(build_catalog(rows, "build"))
    target = dist / FILE
    part = dist / f".{FILE}.part"
    with open(part, "wb") as fh:
        marshal.dump({"key": _key(nt), **to_plain(index)}, fh)
    os.replace(part, target)
    return target


def read_catalog(nt: Path, version: str) -> SearchIndex | None:
    """The search index (and its catalog) stored beside `nt`, when it describes `nt`."""
    path = nt.parent / FILE
    try:
        with open(path, "rb") as fh:
            data = marshal.load(fh)
        key = data.get("key")
        if not isinstance(key, list) or key[:4] != _key(nt, size_only=True) or key != _key(nt):
            log.info("%s describes another build of %s: building the catalog here", path, nt)
            return None
        return from_plain(data, version)
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError, KeyError) as exc:
        log.warning("%s not read (%s): building the catalog here", path, exc)
        return None


def stored_catalog(backend: Any) -> Catalog | None:
    """The catalog `gskg build` stored beside the served build, if it describes exactly the
    served graph (one local file: no --add, no remote store); None otherwise."""
    if len(backend.files) != 1:
        return None
    found = read_catalog(backend.files[0][0], backend.version)
    return found.catalog if found is not None else None


# ─── plain values ─────────────────────────────────────────────────────────────────────────

#: Every field, in order: a field added to `Entry` or `ClassInfo` is stored too, and makes
#: the files written before it not fit (the fields are part of the key).
_ENTRY = tuple(f.name for f in fields(Entry))
_CLASS = tuple(f.name for f in fields(ClassInfo))


def to_plain(index: SearchIndex) -> dict[str, Any]:
    """The index and its catalog as marshal-able values (entries by position)."""
    cat = index.catalog
    entries = list(cat.entries.values())
    at = {id(e): i for i, e in enumerate(entries)}
    return {
        "entries": [tuple(getattr(e, f) for f in _ENTRY) for e in entries],
        "classes": [tuple(getattr(c, f) for f in _CLASS) for c in cat.classes.values()],
        "members": {c: [at[id(e)] for e in es] for c, es in cat.members.items()},
        "names": [(n, tier, at[id(e)]) for n, tier, e in index.names],
        "postings": {k: v.tobytes() for k, v in index.postings.items()},
        "exact": {k: v.tobytes() for k, v in index.exact.items()},
    }


def _ints(raw: bytes) -> array:
    out = array("i")
    out.frombytes(raw)
    return out


def from_plain(data: dict[str, Any], version: str) -> SearchIndex:
    """The index (and catalog, of graph `version`) that `to_plain` stored."""
    entries = [Entry(*row) for row in data["entries"]]
    classes = {row[0]: ClassInfo(*row) for row in data["classes"]}
    members = {c: [entries[i] for i in ids] for c, ids in data["members"].items()}
    cat = Catalog(version, {e.iri: e for e in entries}, classes, members)
    index = SearchIndex.__new__(SearchIndex)
    index.catalog = cat
    index.names = [(n, tier, entries[i]) for n, tier, i in data["names"]]
    index.postings = {k: _ints(v) for k, v in data["postings"].items()}
    index.exact = {k: _ints(v) for k, v in data["exact"].items()}
    # The typo vocabulary is rebuilt from the names (cheap beside the pinyin and postings).
    index.words = Vocabulary(w for name, tier, _ in index.names if tier < 2 for w in name.split())
    cat.extras["search"] = index
    return index
