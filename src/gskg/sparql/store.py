"""The query store: the built N-Triples (plus `--add` files) loaded into pyoxigraph.

The build goes into the named graph `GSKG_GRAPH`; every extra file goes into its own named
graph.  Loading goes straight from the files into Oxigraph's bulk loader (no rdflib).
With `store_path` the store lives on disk and is reloaded only when an input file changed
(a stamp file beside the store records what was loaded), so a restart reopens it in
milliseconds.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store

from ..errors import GskgError
from ..ontology import GRAPH as GSKG_GRAPH

__all__ = ["GSKG_GRAPH", "StoreError", "open_store", "parse_add", "stamp_of", "open_read_only"]


class StoreError(GskgError):
    """A data file could not be loaded (missing, unreadable or not valid RDF)."""

    status = 500


def parse_add(spec: str) -> tuple[Path, str]:
    """Turn `FILE[=GRAPH_IRI]` into `(path, graph IRI)`; the graph defaults to the file's URI."""
    path_text, sep, graph = spec.partition("=")
    path = Path(path_text)
    if not sep or not graph:
        graph = path.resolve().as_uri()
    return path, graph


def _format_of(path: Path) -> RdfFormat:
    fmt = RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF file extension (use .nt, .ttl, .nq, .trig, .rdf …)")
    return fmt


def stamp_of(files: Iterable[tuple[Path, str]]) -> list[list[str | int]]:
    """What identifies a load: each file's path, graph, size and modification time."""
    out: list[list[str | int]] = []
    for path, graph in files:
        st = path.stat()
        out.append([str(path.resolve()), graph, st.st_size, st.st_mtime_ns])
    return out


def _stamp_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".gskg-stamp.json")


def _load(store: Store, files: Sequence[tuple[Path, str]]) -> None:
    for path, graph in files:
        fmt = _format_of(path)
        try:
            store.bulk_load(path=str(path), format=fmt, to_graph=NamedNode(graph))
        except SyntaxError as exc:
            raise StoreError(f"{path}: not valid {fmt.name}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot load: {exc}") from None


def open_store(
    nt_path: Path,
    *,
    store_path: Path | None = None,
    add: Sequence[tuple[Path, str]] = (),
) -> Store:
    """Load the build (and each `(file, graph IRI)` of `add`) into a pyoxigraph Store.

    In memory by default; with `store_path`, on disk, reusing the store when nothing changed.
    Raises `StoreError` with a plain message when a file is missing or invalid.
    """
    files = [(Path(nt_path), GSKG_GRAPH), *((Path(p), g) for p, g in add)]
    for path, _graph in files:
        if not path.is_file():
            hint = " (run `gskg build` first)" if path == Path(nt_path) else ""
            raise StoreError(f"{path}: no such file{hint}")
        if path.stat().st_size == 0:
            raise StoreError(f"{path}: empty file (an interrupted build? run `gskg build`)")
    stamp = stamp_of(files)
    if store_path is None:
        store = Store()
        _load(store, files)
        return store
    store_path = Path(store_path)
    stamp_file = _stamp_path(store_path)
    if store_path.exists() and stamp_file.is_file():
        try:
            if json.loads(stamp_file.read_text()) == stamp:
                return Store(str(store_path))
        except (OSError, ValueError):
            pass
    # (Re)build the on-disk store from scratch so readers never see a mix.
    stamp_file.unlink(missing_ok=True)
    if store_path.exists():
        shutil.rmtree(store_path)
    store = Store(str(store_path))
    _load(store, files)
    store.flush()
    store.optimize()
    stamp_file.write_text(json.dumps(stamp))
    return store


def open_read_only(store_path: Path) -> Store:
    """Open an on-disk store for reading (a worker process opens its own handle)."""
    return Store.read_only(str(store_path))
