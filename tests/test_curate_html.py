"""The review page of `gskg curate --html` in a real browser (Debian's chromium, headless,
via Playwright): opened from a file, offline, every proposal highlighted in the text and
linked both ways, no request leaves the page, usable at 375 px."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browsing import axe
from click.testing import CliRunner
from conftest import ROOT
from test_curate import EXCERPT, add_excerpt

from gskg.cli import main

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
CSP_LISTENER = """document.addEventListener('securitypolicyviolation', e => console.error(
  'CSP-VIOLATION ' + e.effectiveDirective));"""


@pytest.fixture(scope="module")
def review_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A review file drafted from the excerpt, one proposal accepted, and its page."""
    ws = tmp_path_factory.mktemp("curate-html")
    shutil.copytree(ROOT / "data", ws / "data")
    add_excerpt(ws)
    common = ["--data", str(ws / "data"), "--ontology", str(ROOT / "ontology")]
    run = CliRunner().invoke
    result = run(main, ["curate", str(ws / "excerpt.txt"), "--doc", "test-excerpt",
                        "-o", str(ws / "review.yaml"), *common])  # fmt: skip
    assert result.exit_code == 0, result.output
    result = run(main, ["curate", "--html", str(ws / "review.yaml"), *common])
    assert result.exit_code == 0, result.output
    review = yaml.safe_load((ws / "review.yaml").read_text(encoding="utf-8"))
    return ws / "review.html", review


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def open_page(browser, path: Path, width: int) -> tuple:  # noqa: ANN001
    context = browser.new_context(viewport={"width": width, "height": 800}, offline=True)
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.add_init_script(CSP_LISTENER)
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    return context, page, errors, requests


def test_every_proposal_is_highlighted_and_linked(browser, review_page) -> None:  # noqa: ANN001
    path, review = review_page
    context, page, errors, requests = open_page(browser, path, 1280)
    proposals = review["proposals"]
    assert page.locator("#proposals li.proposal").count() == len(proposals)
    text = page.locator("#document .text").inner_text()
    assert text.replace("\r", "") == EXCERPT  # the whole document, nothing left out
    for n, p in enumerate(proposals):
        # its words are inside a highlight that links to a proposal, and an anchor marks them
        assert page.locator(f"#s{n}").count() == 1
        offset = page.evaluate(
            """n => { const t = document.querySelector('#document .text');
                      const r = document.createRange(); r.setStart(t, 0);
                      r.setEndBefore(document.getElementById('s' + n));
                      return r.toString().length; }""",
            n,
        )
        assert offset == p["found"]["start"]
    marks = page.locator("#document a.mark")
    assert marks.count() >= len({p["found"]["start"] for p in proposals})
    # a highlight leads to its proposal, and the proposal back to the text
    figure = next(n for n, p in enumerate(proposals) if p["kind"] == "figure")
    page.locator(f"#s{figure} ~ a.mark").first.click()
    assert page.evaluate("location.hash").startswith("#p")
    page.locator(f"#p{figure} a.kind").click()
    assert page.evaluate("location.hash") == f"#s{figure}"
    page.keyboard.press("Tab")  # keyboard: the highlights are links, reachable by Tab
    assert page.evaluate("document.activeElement.tagName") == "A"
    page.screenshot(path=str(ARTIFACTS / "curate-review.png"), full_page=False)
    assert [r for r in requests if not r.startswith("file://")] == []
    assert errors == []
    context.close()


def test_narrow_screen(browser, review_page) -> None:  # noqa: ANN001
    path, _ = review_page
    context, page, errors, _ = open_page(browser, path, 375)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.screenshot(path=str(ARTIFACTS / "curate-review-375.png"))
    assert errors == []
    serious = [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    context.close()
