"""Helpers for the tests that drive the real Chromium (Debian's, via Playwright): one browser
per module, every request a page makes recorded, axe-core injected through the DevTools
protocol (the strict Content-Security-Policy forbids a script tag), screenshots kept."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "tests" / "vendor" / "axe-core-4.14.1" / "axe.min.js"


def have_chromium() -> bool:
    """Is Debian's chromium installed?"""
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@contextmanager
def browser() -> Iterator:
    """A headless Chromium (closed at the end)."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def new_page(b, width: int = 1280, height: int = 900, lang: str = "zh-CN"):
    """A page in a fresh context; `page.requests` lists every URL it asked for and
    `page.errors` its console errors and uncaught exceptions."""
    context = b.new_context(viewport={"width": width, "height": height}, locale=lang)
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))
    # A request the CSP blocks never reaches `request` events: the page reports it instead.
    page.add_init_script(BLOCKED_LISTENER)
    page.on("console", lambda m: _console(page, m))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


BLOCKED_LISTENER = """document.addEventListener('securitypolicyviolation',
  e => console.error('CSP-BLOCKED ' + e.blockedURI));"""


def _console(page, message) -> None:
    if message.type != "error":
        return
    if message.text.startswith("CSP-BLOCKED "):
        page.requests.append(message.text.split(" ", 1)[1])  # an attempted request
    page.errors.append(message.text)


def foreign(requests: list[str], base: str) -> list[str]:
    """The requested URLs that go to a host other than `base`'s (data: and blob: are local)."""
    host = urlsplit(base).netloc
    return [u for u in requests if urlsplit(u).scheme not in ("data", "blob", "about")
            and urlsplit(u).netloc != host]  # fmt: skip


def axe(page) -> list[dict]:
    """axe-core's violations on the page as it is now (impact, id, the nodes' targets)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Runtime.evaluate", {"expression": AXE.read_text(encoding="utf-8")})
    result = cdp.send("Runtime.evaluate", {
        "expression": "axe.run(document).then(r => JSON.stringify(r.violations))",
        "awaitPromise": True, "returnByValue": True,
    })  # fmt: skip
    cdp.detach()
    violations = json.loads(result["result"]["value"])
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations]  # fmt: skip


def shot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot as a test artefact (tests/artifacts/<name>.png)."""
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
