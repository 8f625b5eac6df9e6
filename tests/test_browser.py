"""A real browser (Debian's chromium, headless, via Playwright; no browser download).

Opens the query page, runs an example query and sees the results table; opens a resource
page and follows a link.  Screenshots go to tests/artifacts/.  The Content-Security-Policy
is in force throughout: a CSP violation fails the test.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, Server, free_port, start_server, stop_server

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
    pytest.fail("Debian's chromium is not installed: run `make system-deps` (as root)",
                pytrace=False)  # fmt: skip


# Reports CSP violations with their source.  DOMPurify (inside the vendored YASGUI) parses
# untrusted HTML into an inert document to sanitise it; Chrome reports the inline handlers
# it meets there (script-src-attr) although nothing runs: those are expected, not failures.
CSP_LISTENER = """document.addEventListener('securitypolicyviolation', e => console.error(
  'CSP-VIOLATION ' + e.effectiveDirective + ' ' + e.sourceFile));"""


def csp_violations(errors: list[str]) -> list[str]:
    """CSP violations other than DOMPurify's sanitising parse in the vendored bundle."""
    return [e for e in errors if e.startswith("CSP-VIOLATION")
            and not (" script-src-attr " in e and e.endswith("yasgui.min.js"))]  # fmt: skip


@pytest.fixture(scope="module")
def page(live_server: Server) -> Iterator:
    """A fresh page in headless chromium; console errors and CSP reports are collected."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.errors = []  # type: ignore[attr-defined]
        pg.add_init_script(CSP_LISTENER)
        pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        yield pg
        browser.close()


@pytest.fixture(scope="module")
def shipped_server(built_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`python server.py` as a newcomer runs it: the real build and the shipped queries/."""
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "shipped.log"
    env = {"GSKG_DATA": str(built_graph / "gskg.nt"), "GSKG_QUERIES": str(ROOT / "queries")}
    server = start_server([sys.executable, "server.py", "--port", str(port)], env, port, log)
    yield server
    stop_server(server.proc)


def test_analyst_question_on_the_real_graph(page, shipped_server: Server) -> None:
    """The ten analyst questions are offered; one click answers one from the documents."""
    page.goto(shipped_server.url + "/query?lang=zh")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.locator("button.example").count() == len(list((ROOT / "queries").glob("*.rq")))
    page.click("button.example[data-name='02-agreements-both-cities']")
    page.wait_for_selector(".yasr .vis-item", timeout=15000)  # query 02: #defaultView:Timeline
    page.wait_for_function("document.querySelector('.yasr').innerText.includes('科技创新合作专项协议')",
                           timeout=15000)  # fmt: skip
    page.screenshot(path=str(ARTIFACTS / "analyst-query.png"), full_page=True)
    page.goto(shipped_server.url + "/resource/guangzhou")
    assert page.locator("h1.label-zh").inner_text() == "广州"
    assert page.locator("h1.label-en").inner_text() == "Guangzhou"
    page.screenshot(path=str(ARTIFACTS / "guangzhou-page.png"))  # the top: a long page
    link = page.locator("section.statements a[href^='/resource/']").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_url("**" + target)
    assert page.locator("h1.label-zh").inner_text()
    assert not csp_violations(page.errors), page.errors


def test_query_page_runs_an_example(page, live_server: Server) -> None:
    """Click an example query: YASGUI sends it and shows a results table."""
    page.goto(live_server.url + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click("button.example[data-name='01-cities']")
    page.wait_for_selector(".yasr table.dataTable tbody tr, .yasr .dataTable tbody tr",
                           timeout=15000)  # fmt: skip
    rows = page.locator(".yasr tbody tr")
    assert rows.count() >= 1
    # a resource is named by its label and links to its page here
    assert page.locator(".yasr tbody a[href='/resource/test-city']").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "query-page.png"), full_page=True)
    assert not csp_violations(page.errors), page.errors


def test_resource_page_and_link(page, live_server: Server) -> None:
    """A resource page shows both labels and its statements; a link leads to the next one."""
    page.goto(live_server.url + "/resource/test-lab")
    assert page.locator("h1.label-zh").inner_text() == "测试实验室"
    assert page.locator("h1.label-en").inner_text() == "Test Laboratory"
    page.screenshot(path=str(ARTIFACTS / "resource-page.png"), full_page=True)
    page.click("section.statements.out a[href='/resource/test-city']")
    page.wait_for_url("**/resource/test-city")
    assert page.locator("h1.label-en").inner_text() == "Test City"
    page.goto(live_server.url + "/resource/test-xss")
    assert "<script>" in page.locator("h1.label-en").inner_text()  # shown as text
    page.screenshot(path=str(ARTIFACTS / "xss-page.png"), full_page=True)
    assert not [e for e in page.errors if "xss" in e.lower()]
    assert not csp_violations(page.errors), page.errors
