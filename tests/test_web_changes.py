"""/changes and /changes/VERSION (gskg.web.changes) over real HTTP, with two releases made in
a temporary folder; the resource page's "last changed in release"; a real browser at 375 px,
keyboard and axe-core."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from browsing import axe, new_page
from conftest import Server, free_port, start_server, stop_server
from releasefixtures import EXPECTED, Releases, make_releases


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Releases:
    return make_releases(tmp_path_factory.mktemp("web-rel"))


@pytest.fixture(scope="module")
def server(releases: Releases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`python server.py` serving the second release, its releases folder beside it."""
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "changes.log"
    env = {"GSKG_DATA": str(releases.root / "2026.12.1" / "gskg.nt"),
           "GSKG_RELEASES": str(releases.root), "GSKG_RELOAD": "false"}  # fmt: skip
    srv = start_server([sys.executable, "server.py", "--port", str(port)], env, port, log)
    yield srv
    stop_server(srv.proc)


@pytest.mark.parametrize(
    ("lang", "title", "summary"),
    [("zh", "版本与变更", "新增记录 1 条,删除 1 条,修改 3 条"),
     ("en", "Releases and changes", "records: 1 added, 1 removed, 3 changed")],
)  # fmt: skip
def test_the_list_of_releases_newest_first(server, lang, title, summary):
    html = server.get(f"/changes?lang={lang}").text
    assert f"<h1>{title}</h1>" in html and summary in html
    assert html.index(">2026.12.1<") < html.index(">2026.12.0<")
    assert 'href="/changes/2026.12.1"' in html


def test_the_notes_of_a_release_per_record_with_quotes_and_links(server):
    resp = server.get("/changes/2026.12.1?lang=en")
    assert resp.status_code == 200
    html = resp.text
    for rid, status in EXPECTED.items():
        assert f"<code>{rid}</code>" in html
        linked = f'href="/resource/{rid}"' in html
        assert linked == (status != "removed")  # a removed record has no page any more
    assert "<del>2.0</del> → <ins>3.0</ins>" in html
    assert "GDP过两万亿元" in html and 'href="/resource/roundtable-2020-twin-cities"' in html
    assert "Zhaopin.com@en" in html and "chen-hongyu-role-1" in html


def test_the_first_release_lists_its_records(server):
    html = server.get("/changes/2026.12.0?lang=en").text
    assert "First release" in html and 'href="/resource/guangzhou"' in html


@pytest.mark.parametrize("version", ["2026.11.0", "latest", "2026.12.1.json", "..%2Frelease"])
def test_unknown_releases_are_404_without_traceback(server, version):
    resp = server.get(f"/changes/{version}")
    assert resp.status_code == 404 and "Traceback" not in resp.text


@pytest.mark.parametrize(
    ("slug", "version"),
    [("zhaopin", "2026.12.1"), ("obs-gdp-guangzhou", "2026.12.1"), ("test-new-firm", "2026.12.1"),
     ("chen-hongyu", "2026.12.1"), ("guangzhou", "2026.12.0")],
)  # fmt: skip
def test_a_resource_page_says_in_which_release_it_last_changed(server, slug, version):
    html = server.get(f"/resource/{slug}?lang=en").text
    assert f'Last changed in release <a href="/changes/{version}">{version}</a>' in html


@pytest.mark.parametrize(
    ("name", "accept", "media", "needle"),
    [
        ("ontology", "text/turtle", "text/turtle", "owl:priorVersion"),
        ("ontology", "application/rdf+xml", "application/rdf+xml", "owl:priorVersion"),
        ("dataset", None, "text/turtle", "dcat:previousVersion"),
        ("gskg.nt", None, "application/n-triples", "obs-gdp-guangzhou"),
        ("changes.patch", None, "application/rdf-patch", "TX ."),
        ("SHA256SUMS", None, "text/plain", "gskg.nt"),
    ],
)
def test_the_release_iris_resolve_to_its_files(server, releases, name, accept, media, needle):
    headers = {"Accept": accept} if accept else {}
    resp = server.get(f"/releases/2026.12.1/{name}", headers=headers)
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith(media)
    assert needle in resp.text
    if name == "gskg.nt":
        assert resp.content == (releases.root / "2026.12.1" / "gskg.nt").read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/releases/2026.12.1/release.py",
        "/releases/2026.12.1/..",
        "/releases/2026.11.0/gskg.nt",
        "/releases/x/ontology",
    ],
)
def test_other_release_paths_are_404(server, path):
    resp = server.get(path)
    assert resp.status_code == 404 and "Traceback" not in resp.text


def test_without_releases_the_page_says_so(tmp_path, built_graph):
    from gskg.web import create_app

    app = create_app({"data": built_graph / "gskg.nt", "reload": False,
                      "releases": tmp_path / "none"})  # fmt: skip
    client = app.test_client()
    assert "No release yet." in client.get("/changes?lang=en").get_data(as_text=True)
    assert "Last changed" not in client.get("/resource/guangzhou?lang=en").get_data(as_text=True)


@pytest.mark.xdist_group("browser")
def test_release_notes_in_a_browser_at_375px(chromium, server: Server) -> None:
    page = new_page(chromium, width=375, height=800)
    bad = {}
    for path in ("/changes?lang=en", "/changes/2026.12.1?lang=zh"):
        page.goto(server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        for _ in range(8):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "A"
        bad[path] = [(v["id"], v["impact"]) for v in axe(page)
                     if v["impact"] in ("serious", "critical")]  # fmt: skip
    assert bad == {"/changes?lang=en": [], "/changes/2026.12.1?lang=zh": []}
