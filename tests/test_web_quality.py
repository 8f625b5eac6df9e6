"""The /quality page (gskg.web.quality): the report in zh and en, as JSON, and in a real
browser at 375 px, keyboard-usable and clean under axe-core."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import axe, new_page
from conftest import ROOT, Server, free_port, start_server, stop_server

from gskg.web import create_app


@pytest.fixture(scope="module")
def client(built_graph: Path):
    app = create_app({"data": built_graph / "gskg.nt", "reload": False})
    return app.test_client()


@pytest.mark.parametrize(
    ("lang", "title", "words"),
    [("zh", "数据质量", "警告"), ("en", "Data quality", "Warning")],
)
def test_the_page_speaks_both_languages(client, monkeypatch, lang, title, words) -> None:
    monkeypatch.chdir(ROOT)
    resp = client.get(f"/quality?lang={lang}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert f"<h1>{title}</h1>" in html and words in html
    assert "data/figures.yaml:" in html  # items name their file and line
    assert 'href="/resource/obs-' in html  # … and link their record


def test_json_has_the_same_items_as_gskg_check(client, monkeypatch) -> None:
    from gskg.quality import run_checks

    monkeypatch.chdir(ROOT)
    body = client.get("/quality?format=json").get_json()
    seeds = ROOT.parent / "shared" / "seeds"
    report = run_checks(Path("data"), Path("ontology"), seeds, shapes=False)
    assert body["summary"] == {s: report.count(s) for s in ("error", "warning", "info")}
    assert len(body["items"]) == len(report.items) and body["summary"]["error"] == 0


def test_without_a_data_folder_the_page_says_so(client, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    assert "data/" in client.get("/quality?lang=en").get_data(as_text=True)
    resp = client.get("/quality?format=json")
    assert resp.status_code == 404 and resp.get_json()["ok"] is False


@pytest.fixture(scope="module")
def server(built_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "quality.log"
    env = {"GSKG_DATA": str(built_graph / "gskg.nt"), "GSKG_RELOAD": "false"}
    srv = start_server([sys.executable, "server.py", "--port", str(port)], env, port, log)
    yield srv
    stop_server(srv.proc)


@pytest.mark.xdist_group("browser")
def test_in_a_browser_at_375px(chromium, server: Server) -> None:
    page = new_page(chromium, width=375, height=800)
    page.goto(server.url + "/quality?lang=en")
    assert page.locator("h1").inner_text() == "Data quality"
    # no horizontal scrolling at 375 px
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # keyboard: Tab reaches the report's links
    for _ in range(12):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "A"
    bad = [(v["id"], v["impact"]) for v in axe(page) if v["impact"] in ("serious", "critical")]
    assert bad == []
