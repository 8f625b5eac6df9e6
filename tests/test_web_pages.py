"""Resource pages, ontology pages, exports, the query page and health, over real HTTP."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import GSKG_BIN, ROOT, Server, free_port, server_env, start_server, stop_server
from rdflib import Graph, URIRef

from gskg.sparql.backend import load_examples

LAB = "https://w3id.org/gskg/resource/test-lab"
CITY = "https://w3id.org/gskg/resource/test-city"
RES = "https://w3id.org/gskg/resource/"


def test_resource_page_html(live_server: Server) -> None:
    """Labels side by side, statements in and out with source + quote footnotes, alternates."""
    resp = live_server.get("/resource/test-lab", headers={"Accept": "text/html"})
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/html")
    html = resp.text
    assert 'class="label-zh" lang="zh">测试实验室<' in html
    assert 'class="label-en" lang="en">Test Laboratory<' in html
    assert 'href="/resource/test-city"' in html and 'href="#fn1"' in html
    assert "测试实验室位于测试市。" in html and "fixture note" in html
    assert '<link rel="alternate" type="text/turtle" href="/resource/test-lab.ttl"' in html
    assert "<svg" in html and "neighbourhood" in html
    assert '</resource/test-lab.ttl>; rel="alternate"; type="text/turtle"' in resp.headers["Link"]
    city = live_server.get("/resource/test-city").text
    assert "被引用" in city and 'href="/resource/test-lab"' in city  # incoming statement
    assert "http://www.wikidata.org/entity/Q0" in city  # external identifier


@pytest.mark.parametrize(
    ("path", "accept", "media", "rdflib_format"),
    [
        ("/resource/test-lab.ttl", None, "text/turtle", "turtle"),
        ("/resource/test-lab.nt", None, "application/n-triples", "nt"),
        ("/resource/test-lab.jsonld", None, "application/ld+json", "json-ld"),
        ("/resource/test-lab.rdf", None, "application/rdf+xml", "xml"),
        ("/resource/test-lab", "text/turtle", "text/turtle", "turtle"),
        ("/resource/test-lab", "application/ld+json", "application/ld+json", "json-ld"),
        ("/resource/test-lab", "application/n-triples", "application/n-triples", "nt"),
        ("/resource/test-lab", "application/rdf+xml", "application/rdf+xml", "xml"),
        ("/ontology/City.ttl", None, "text/turtle", "turtle"),
    ],
)
def test_resource_rdf(live_server: Server, path, accept, media, rdflib_format) -> None:
    """RDF twins by extension or Accept, parseable, with the resource's statements."""
    headers = {"Accept": accept} if accept else {}
    resp = live_server.get(path, headers=headers)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].split(";")[0] == media
    g = Graph().parse(data=resp.content, format=rdflib_format)
    assert len(g) > 0
    if "test-lab" in path:
        assert (URIRef(LAB), None, URIRef(CITY)) in g


def test_resource_etag_names_version_iri_and_format(live_server: Server) -> None:
    """Resource pages carry an ETag of what they are made of, the same from every worker
    (not of their bytes, whose blank-node labels differ between workers after a reload),
    one per format, and a matching If-None-Match gets a 304 before any work is done."""
    tags = {live_server.get("/resource/guangzhou").headers["ETag"] for _ in range(6)}
    assert len(tags) == 1  # two workers, six requests: one tag
    ttl = live_server.get("/resource/guangzhou.ttl")
    assert ttl.headers["ETag"] not in tags
    again = live_server.get(
        "/resource/guangzhou.ttl", headers={"If-None-Match": ttl.headers["ETag"]}
    )
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == ttl.headers["ETag"]
    assert again.headers["Cache-Control"] == ttl.headers["Cache-Control"]


def test_resource_pages_are_kept_per_graph_version_and_language(built_graph, tmp_path):
    """A rendered resource page is kept (context.kept) by URL, language and graph version:
    the same URL in the other language (by Accept-Language, not in the URL) is the other
    page, and a new build shows at once after its reload, in both languages."""
    dist = tmp_path / "dist"
    shutil.copytree(built_graph, dist)
    port = free_port()
    srv = start_server([sys.executable, "server.py", "--port", str(port)], server_env(dist),
                       port, tmp_path / "server.log")  # fmt: skip

    def page(lang: str) -> str:
        resp = srv.get("/resource/guangzhou", headers={"Accept-Language": lang})
        assert resp.status_code == 200
        return resp.text

    try:
        zh, en = page("zh-CN"), page("en-GB")
        assert '<html lang="zh-Hans">' in zh and '<html lang="en">' in en
        assert page("zh-CN") == zh and page("en-GB") == en  # kept, and still apart
        assert "test-kept-lab" not in zh
        nt = dist / "gskg.nt"
        extra = (f"<{RES}test-kept-lab> <https://w3id.org/gskg/ontology#locatedIn> "
                 f"<{RES}guangzhou> .\n")  # fmt: skip
        nt.write_text(nt.read_text(encoding="utf-8") + extra, encoding="utf-8")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "test-kept-lab" not in page("zh-CN"):
            time.sleep(0.5)
        assert 'href="/resource/test-kept-lab"' in page("zh-CN")
        assert 'href="/resource/test-kept-lab"' in page("en-GB")
    finally:
        stop_server(srv.proc)


def test_xss_label_renders_as_text(live_server: Server) -> None:
    """Labels are data: markup in the graph is escaped, never executed."""
    html = live_server.get("/resource/test-xss").text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/resource/no-such-thing", 404),
        ("/resource/Bad_Slug", 404),
        ("/resource/test-lab.png", 404),
        ("/ontology/NoSuchTerm", 404),
        ("/export.zip", 404),
        ("/page?iri=javascript:alert(1)", 404),
        ("/nowhere", 404),
    ],
)
def test_not_found(live_server: Server, path: str, status: int) -> None:
    """Unknown things: an explicit 404 page, no traceback."""
    resp = live_server.get(path, headers={"Accept": "text/html"})
    assert resp.status_code == status
    assert "Traceback" not in resp.text


def test_ontology_term_page(live_server: Server) -> None:
    """Ontology terms dereference like resources."""
    resp = live_server.get("/ontology/City")
    assert resp.status_code == 200 and "text/html" in resp.headers["Content-Type"]
    assert "https://w3id.org/gskg/ontology#City" in resp.text


@pytest.mark.parametrize(
    ("ext", "media"),
    [("ttl", "text/turtle"), ("nt", "application/n-triples"),
     ("jsonld", "application/ld+json"), ("owl", "application/rdf+xml")],
)  # fmt: skip
def test_exports(live_server: Server, built_graph: Path, ext: str, media: str) -> None:
    """/export.* serve the build as written, with ETag/Cache-Control and 304 on revalidation."""
    resp = live_server.get(f"/export.{ext}", headers={"Accept-Encoding": "identity"})
    assert resp.status_code == 200 and resp.headers["Content-Type"].split(";")[0] == media
    name = "gskg.owl" if ext == "owl" else f"gskg.{ext}"
    assert resp.content == (built_graph / name).read_bytes()
    assert "max-age" in resp.headers["Cache-Control"]
    again = live_server.get(f"/export.{ext}", headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304


def test_query_page_and_health(live_server: Server) -> None:
    """/query has YASGUI (vendored), the prefixes and the bilingual examples; /health answers."""
    html = live_server.get("/query").text
    assert "/static/yasgui/yasgui.min.js" in html and "cdn" not in html.lower()
    assert "PREFIX gskg: \\u003chttps://w3id.org/gskg/ontology#\\u003e" in html
    assert "有哪些城市?" in html and "Which cities are there?" in html
    assert live_server.get("/static/yasgui/yasgui.min.js").status_code == 200
    health = live_server.get("/health")
    assert health.status_code == 200 and health.json()["ok"] is True


def test_repository_queries_have_both_titles() -> None:
    """Every example query of queries/ starts with `# zh:` and `# en:` titles."""
    for example in load_examples(ROOT / "queries"):
        assert example.zh != example.name and example.en != example.name, example.name


def test_serve_get_in_process(built_graph: Path) -> None:
    """`gskg serve --get PATH` fetches a page without a server."""
    result = subprocess.run(
        [str(GSKG_BIN), "serve", "--data", str(built_graph / "gskg.nt"), "--get",
         "/sparql?query=ASK%7B%7D"], cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == '{"head":{},"boolean":true}'


def test_server_help_lists_options() -> None:
    """`python server.py --help` lists every setting with its environment variable."""
    out = subprocess.run([sys.executable, "server.py", "--help"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    for flag in ("--host", "--port", "--data", "--timeout", "--max-rows", "--max-concurrent",
                 "--allow-service", "--add", "--store", "GSKG_TIMEOUT"):  # fmt: skip
        assert flag in out


def test_embedded_server(embedded_server: Server) -> None:
    """`python server.py` serves the same site; no version banner."""
    resp = embedded_server.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert resp.status_code == 200 and resp.json()["boolean"] is True
    assert "Werkzeug" not in resp.headers.get("Server", "")
    assert embedded_server.get("/resource/test-lab").status_code == 200


def test_on_disk_store(built_graph: Path, tmp_path: Path) -> None:
    """--store keeps the store on disk and reopens it without reloading."""
    from gskg.sparql.store import open_store

    store = open_store(built_graph / "gskg.nt", store_path=tmp_path / "db")
    n = len(store)
    del store
    again = open_store(built_graph / "gskg.nt", store_path=tmp_path / "db")
    assert len(again) == n > 0
