"""Every page of the interface, in the real Chromium: axe-core finds no serious or critical
violation, no request leaves the server, the page fits 375 px, the keyboard reaches
everything, and both languages are complete.

axe-core (npm, vendored in tests/vendor/) is evaluated through the DevTools protocol, since
the Content-Security-Policy (kept on) forbids injecting a script tag.  The violations found
are written to tests/artifacts/axe/<page>-<lang>.json, screenshots beside them.
"""

from __future__ import annotations

import json
import re

import pytest
from browsing import ARTIFACTS, axe, foreign, new_page, shot
from conftest import Server

AGREEMENT = "qianhai-nansha-deepening-cooperation-framework-agreement-2019"
PAGES = {
    "home": "/",
    "query": "/query",
    "search": "/search?q=%E7%90%B6%E6%B4%B2",  # 琶洲
    "browse": "/browse",
    "browse-city": "/browse/City",
    "compare": "/compare",
    "timeline": "/timeline",
    "network": "/network",
    "guangzhou": "/resource/guangzhou",
    "pazhou-laboratory": "/resource/pazhou-laboratory",
    "agreement": f"/resource/{AGREEMENT}",
    "person": "/resource/liu-ruopeng",
    "district": "/resource/nansha-district",
}
READY = {  # what shows that a page's scripts have drawn it
    "query": ".yasqe .CodeMirror",
    "timeline": "#timeline-chart .vis-item",
    "network": "#network-chart[data-stable]",
}
NAV = {
    "zh": ["查询", "时间线", "合作网络", "本体"],
    "en": ["Query", "Timeline", "Network", "Ontology"],
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def load(page, server: Server, name: str, lang: str) -> None:
    sep = "&" if "?" in PAGES[name] else "?"
    resp = page.goto(f"{server.url}{PAGES[name]}{sep}lang={lang}")
    assert resp is not None and resp.status == 200, f"{PAGES[name]}: {resp and resp.status}"
    if name in READY:
        page.wait_for_selector(READY[name], timeout=20000)
    page.wait_for_load_state("networkidle")


# Every page in Chinese; the pages with scripts of their own in English too.
AXE_RUNS = [(name, "zh") for name in PAGES] + [
    (name, "en") for name in ("home", "query", "timeline", "network", "guangzhou", "person")
]


@pytest.mark.parametrize("name, lang", AXE_RUNS, ids=[f"{n}-{lang}" for n, lang in AXE_RUNS])
def test_axe_finds_nothing_serious_and_no_request_leaves(chromium, live_server, name, lang):
    page = new_page(chromium)
    load(page, live_server, name, lang)
    violations = axe(page)
    report = ARTIFACTS / "axe" / f"{name}-{lang}.json"  # one file a run: safe under xdist
    report.parent.mkdir(exist_ok=True)
    report.write_text(json.dumps(violations, ensure_ascii=False, indent=1), encoding="utf-8")
    shot(page, f"page-{name}-{lang}")
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)
    assert not foreign(page.requests, live_server.url), foreign(page.requests, live_server.url)
    assert page.evaluate("document.documentElement.lang") == ("en" if lang == "en" else "zh-Hans")
    assert not page.errors, page.errors
    page.context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_usable_at_375_px(chromium, live_server, name):
    """Nothing wider than a phone: the document does not scroll sideways."""
    page = new_page(chromium, width=375, height=800)
    load(page, live_server, name, "zh")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{PAGES[name]} is {width} px wide at 375 px"
    shot(page, f"narrow-{name}", full_page=False)
    page.context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_keyboard_reaches_the_navigation_and_shows_focus(chromium, live_server, name):
    """Tab from the top reaches every header link and the language switch, each with a
    visible focus indicator."""
    page = new_page(chromium)
    load(page, live_server, name, "en")
    page.mouse.click(2, 2)  # start from the top of the page (the query page focuses its editor)
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return { text: e.innerText || e.value || e.getAttribute('aria-label') || '',
                     visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                              || s.boxShadow !== 'none' }; }""")
        )
    texts = [s["text"].strip() for s in seen]
    for word in [*NAV["en"], "中文"]:
        assert word in texts, f"Tab never reached {word!r}: {texts}"
    assert all(s["visible"] for s in seen), [s for s in seen if not s["visible"]]
    page.context.close()


def test_query_page_by_keyboard_alone(chromium, live_server):
    """Tab to an example query, press Enter: the results appear."""
    page = new_page(chromium)
    load(page, live_server, "query", "en")
    page.focus("button.example")
    page.keyboard.press("Enter")
    page.wait_for_selector(".yasr tbody tr", timeout=15000)
    page.context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_both_languages_are_complete(live_server, name):
    """?lang=en gives English navigation; ?lang=zh Chinese; the choice is a cookie."""
    sep = "&" if "?" in PAGES[name] else "?"
    for lang in ("zh", "en"):
        r = live_server.get(f"{PAGES[name]}{sep}lang={lang}")
        assert r.status_code == 200
        nav = re.search(r"<nav[^>]*>(.*?)</nav>", r.text, re.S).group(1)
        for word in NAV[lang]:
            assert f">{word}<" in nav
        if lang == "en":
            assert not CJK.search(re.sub(r"<[^>]+>", "", nav))
        assert f"gskg-lang={lang}" in r.headers["Set-Cookie"]
        assert "Accept-Language" in r.headers["Vary"]


def test_accept_language_and_cookie_choose_the_language(live_server):
    r = live_server.get("/timeline", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert "<h1>Timeline" in r.text
    r = live_server.get("/timeline", headers={"Accept-Language": "zh-CN"})
    assert "<h1>时间线" in r.text
    r = live_server.get("/timeline", headers={"Accept-Language": "zh-CN"},
                        cookies={"gskg-lang": "en"})  # fmt: skip
    assert "<h1>Timeline" in r.text


def test_resource_page_etag_varies_with_the_language(live_server):
    """A cached Chinese page is never served as the English one."""
    zh = live_server.get("/resource/guangzhou?lang=zh")
    en = live_server.get("/resource/guangzhou?lang=en")
    assert zh.headers["ETag"] != en.headers["ETag"]
    assert "Accept-Language" in zh.headers["Vary"]
    again = live_server.get("/resource/guangzhou?lang=en",
                            headers={"If-None-Match": zh.headers["ETag"]})  # fmt: skip
    assert again.status_code == 200 and ">Statements<" in again.text
    same = live_server.get("/resource/guangzhou?lang=en",
                           headers={"If-None-Match": en.headers["ETag"]})  # fmt: skip
    assert same.status_code == 304
