"""Build once, serve many (issue 19, item 6): `gskg build` stores the catalog and the search
index in dist/catalog.bin; a server opens it instead of building them from its store, and
only when it describes the graph served."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store

from gskg.web.catalog import build_catalog, catalog_rows
from gskg.web.catalogfile import FILE, from_plain, read_catalog, to_plain, write_catalog
from gskg.web.searchindex import SearchIndex

QUERIES = ["广州", "深圳", "pazhou", "Pa Zhou", "实验室", "guangzhou", "大学", "ai", "琶", "x"]


@pytest.fixture(scope="module")
def rebuilt(built_graph: Path) -> SearchIndex:
    """The index built from a store of the build, as a server without the file does."""
    store = Store()
    store.bulk_load(path=str(built_graph / "gskg.nt"), format=RdfFormat.N_TRIPLES)
    return SearchIndex(build_catalog(catalog_rows(store), "v1"))


def _same(a: SearchIndex, b: SearchIndex) -> None:
    assert a.catalog.entries == b.catalog.entries
    assert a.catalog.classes == b.catalog.classes
    assert {c: sorted(e.iri for e in es) for c, es in a.catalog.members.items()} == {
        c: sorted(e.iri for e in es) for c, es in b.catalog.members.items()
    }  # (in the order the store answered: another store, another order)
    for q in QUERIES:
        assert [(h.entry.iri, h.tier, h.how) for h in a.search(q, 20)] == [
            (h.entry.iri, h.tier, h.how) for h in b.search(q, 20)
        ], q


def test_the_build_stores_the_index_the_server_would_build(built_graph: Path, rebuilt) -> None:
    stored = read_catalog(built_graph / "gskg.nt", "v1")
    assert stored is not None and stored.catalog.version == "v1"
    assert stored.catalog.extras["search"] is stored
    _same(stored, rebuilt)
    assert rebuilt.search("广州", 1)[0].entry.iri.endswith("/guangzhou")


def test_plain_values_round_trip(rebuilt) -> None:
    _same(from_plain(to_plain(rebuilt), "v1"), rebuilt)


def test_a_file_of_another_build_is_not_used(built_graph: Path, tmp_path: Path) -> None:
    shutil.copy(built_graph / "gskg.nt", tmp_path / "gskg.nt")
    write_catalog(tmp_path)
    assert read_catalog(tmp_path / "gskg.nt", "v") is not None
    st = (tmp_path / "gskg.nt").stat()
    os.utime(tmp_path / "gskg.nt", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched
    assert read_catalog(tmp_path / "gskg.nt", "v") is not None  # same content: still fits
    text = (tmp_path / "gskg.nt").read_text(encoding="utf-8")
    (tmp_path / "gskg.nt").write_text(text.replace("广州", "廣州", 1), encoding="utf-8")
    assert read_catalog(tmp_path / "gskg.nt", "v") is None  # another build (same size)
    (tmp_path / FILE).write_bytes(b"not a catalog")
    assert read_catalog(tmp_path / "gskg.nt", "v") is None  # unreadable: built here instead


def test_the_app_opens_the_stored_catalog_at_start(built_graph: Path) -> None:
    from gskg.web import create_app

    app = create_app({"data": built_graph / "gskg.nt", "reload": False})
    try:
        holder = app.extensions["gskg-catalog"]
        assert holder.catalog is not None  # before any request, and no query run for it
        assert not app.extensions["gskg"].executor.started
        assert holder.catalog.version == app.extensions["gskg"].version
        hits = app.test_client().get("/search.json?q=深圳").get_json()["hits"]
        assert hits[0]["iri"].endswith("/shenzhen")
    finally:
        app.extensions["gskg"].executor.close()


def test_with_added_graphs_the_catalog_is_built_from_the_store(built_graph: Path) -> None:
    from gskg.web import create_app

    fixture = Path(__file__).parent / "fixtures" / "web"
    added = sorted(fixture.glob("*.nt"))[:1]
    assert added
    settings = {"data": built_graph / "gskg.nt", "reload": False, "add": [str(added[0])]}
    app = create_app(settings)
    try:
        assert app.extensions["gskg-catalog"].catalog is None
    finally:
        app.extensions["gskg"].executor.close()
