"""Every word in the reader's language (issue 20, item 3), in the real Chromium: one load of
each page type in each language, and on it

- English: every visible text (and accessible name: aria-label, placeholder, alt, title)
  holding CJK characters sits inside an element marked `lang="zh…"` (names, quotes);
- Chinese: no interface string of the translation table (every `tr("中文", "English")` pair
  of the templates, scripts and modules) shows outside an element marked `lang="en"`;
- axe-core finds nothing serious or critical, and the page does not scroll sideways at
  375 px.
"""

from __future__ import annotations

import functools
import json
import re

import pytest
import requests
from browsing import axe, new_page, shot
from conftest import ROOT

WEB = ROOT / "src" / "gskg" / "web"
AGREEMENT = "qianhai-nansha-deepening-cooperation-framework-agreement-2019"
PAGES = {
    "home": "/",
    "search": "/search?q=%E6%B7%B1%E5%9C%B3",  # 深圳
    "browse": "/browse",
    "browse-observations": "/browse/Observation",
    "city": "/resource/guangzhou",
    "laboratory": "/resource/pazhou-laboratory",
    "agreement": f"/resource/{AGREEMENT}",
    "person": "/resource/ding-ke",
    "observation": "/resource/obs-high-tech-enterprise-count-guangzhou",
    "policy": "/resource/national-14th-five-year-plan",
    "district": "/resource/qianhai",
    "document": "/resource/ai-synergy-paper",
    "term": "/ontology/City",
    "iri-page": "/page?iri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf",
    "compare": "/compare",
    "timeline": "/timeline",
    "network": "/network",
    "quality": "/quality",
    "changes": "/changes",
    "release": "/changes/",  # + the newest release's version (found on /changes)
    "not-found": "/resource/no-such-thing",
    "bad-request": "/browse/City?page=x",
}
READY = {"timeline": "#timeline-chart .vis-item", "network": "#network-chart[data-stable]"}
ERRORS = {"not-found": 404, "bad-request": 400}

#: The text of the page that is in the wrong language (run in the page).
WRONG_LANGUAGE = r"""([lang, enStrings]) => {
  const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]/;
  const inLang = (el, code) => {
    const tagged = el.closest('[lang]');
    return !!tagged && tagged.getAttribute('lang').toLowerCase().startsWith(code);
  };
  const visible = el => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const words = enStrings.map(s => [s, new RegExp('(^|[^A-Za-z])' +
    s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '($|[^A-Za-z])')]);
  const bad = [];
  // names of things, not words: IRIs, CURIEs, slugs, file names
  const NAME = /^[\w.:\/#?=&%+@~-]+$/;
  const check = (el, text, where) => {
    // a result column's sort button names its variable (the query's own word), then the hint
    if (text && el.closest('.yasr thead')) text = text.replace(/^[^:]*:/, '');
    if (!text || !text.trim() || NAME.test(text.trim()) || el.closest('code')) return;
    if (lang === 'en' && CJK.test(text) && !inLang(el, 'zh')) {
      bad.push(where + ': ' + text.trim().slice(0, 80));
    }
    if (lang === 'zh' && !inLang(el, 'en')) {
      for (const [s, re] of words) {
        if (re.test(text)) {
          bad.push(where + ': "' + s + '" in ' + text.trim().slice(0, 80));
          break;
        }
      }
    }
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || el.closest('script, style, noscript, template, textarea, .CodeMirror')) continue;
    if (!visible(el)) continue;
    check(el, walker.currentNode.nodeValue, el.tagName.toLowerCase());
  }
  for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [alt], [title]')) {
    for (const attr of ['aria-label', 'placeholder', 'alt', 'title']) {
      if (el.hasAttribute(attr)) {
        check(el, el.getAttribute(attr), el.tagName.toLowerCase() + '@' + attr);
      }
    }
  }
  return [...new Set(bad)];
}"""

#: `("中文", "English")`: a pair of string literals, the first with CJK, the second without.
PAIR = re.compile(r"""(["'])([^"'\n]*[\u4e00-\u9fff][^"'\n]*)\1\s*,\s*(["'])([^"'\n]*)\3""")
#: English strings that are also Chinese interface text (names of formats, brands…).
SHARED = {"CSV", "JSON", "SPARQL", "gskg", "Turtle", "HTML", "XLSX", "RDF", "IRI"}


@functools.cache
def english_strings() -> list[str]:
    """The English side of every translation pair in the web package (the i18n table)."""
    found: set[str] = set()
    files = [*WEB.glob("*.py"), *WEB.glob("templates/*.html"), *WEB.glob("static/*.js"),
             *WEB.glob("static/views/*.js")]  # fmt: skip
    for path in files:
        for _, _zh, _, en in PAIR.findall(path.read_text(encoding="utf-8")):
            en = en.strip(" :·.,;()%d")
            if (len(re.findall(r"[A-Za-z]", en)) >= 3 and not re.search(r"[\u4e00-\u9fff]", en)
                    and "{" not in en and en not in SHARED):  # fmt: skip
                found.add(en)
    return sorted(found, key=len, reverse=True)


def _url(server, name: str, lang: str) -> str:
    path = PAGES[name]
    if name == "home" and requests.get(server.url + "/query", timeout=30).status_code != 200:
        path = "/"  # before the front door moves the query page to /query: / is the query page
    if name == "release":
        found = re.search(r'href="/changes/([^"?]+)"', server.get("/changes").text)
        assert found, "a release is listed on /changes"
        path += found.group(1)
    return f"{server.url}{path}{'&' if '?' in path else '?'}lang={lang}"


#: Pages known to fail, with the reason (strict xfail, so a fix must drop its entry): none now.
PENDING: dict[tuple[str, str], str] = {}
RUNS = [
    pytest.param(name, lang, id=f"{name}-{lang}", marks=pytest.mark.xfail(
        strict=True, reason=PENDING[(name, lang)]) if (name, lang) in PENDING else ())
    for lang in ("en", "zh") for name in PAGES
]  # fmt: skip
#: Pages test_accessibility.py already checks with axe in Chinese (at 1280 px).
AXE_ELSEWHERE = {(n, "zh") for n in ("search", "browse", "city", "laboratory", "agreement",
                                     "compare", "timeline", "network")} | {
    ("release", "zh")}  # and test_web_changes.py a release in Chinese  # fmt: skip


def test_the_table_is_read() -> None:
    strings = english_strings()
    assert "Timeline" in strings and "Download CSV" in strings, strings[:20]


@pytest.mark.parametrize(("name", "lang"), RUNS)
def test_every_word_in_the_readers_language(chromium, live_server, name, lang) -> None:
    page = new_page(chromium, width=375, height=800, lang="en-GB" if lang == "en" else "zh-CN")
    resp = page.goto(_url(live_server, name, lang))
    assert resp is not None and resp.status == ERRORS.get(name, 200), (name, resp and resp.status)
    if name in READY:
        page.wait_for_selector(READY[name], timeout=20000)
    wrong = page.evaluate(WRONG_LANGUAGE, [lang, english_strings() if lang == "zh" else []])
    shot(page, f"language-{name}-{lang}", full_page=False)
    assert not wrong, f"{name} ({lang}): {len(wrong)} texts in the wrong language:\n" + "\n".join(
        wrong[:40]
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{name} ({lang}) is {width} px wide at 375 px"
    if (name, lang) not in AXE_ELSEWHERE:
        bad = [v for v in axe(page) if v["impact"] in ("serious", "critical")]
        assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)
    page.context.close()


RESULTS_QUERY = """PREFIX res: <https://w3id.org/gskg/resource/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?city ?name ?n ?type WHERE {
  BIND(res:guangzhou AS ?city) res:guangzhou rdfs:label ?name FILTER(LANG(?name) = "zh")
  BIND("6"^^xsd:decimal AS ?n) BIND(<http://www.w3.org/2002/07/owl#Class> AS ?type)
}"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_query_results_read_as_people_read_them(chromium, live_server, lang) -> None:
    """A result table at 375 px: numbers plain, a text marked with its language (no tag), a gskg
    resource by its label linking to its page here, a vocabulary term to its definition."""
    page = new_page(chromium, width=375, height=800)
    query_path = "/query" if requests.get(live_server.url + "/query", timeout=30).ok else "/"
    page.goto(f"{live_server.url}{query_path}?lang={lang}")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("q => { const t = window.gskgYasgui.getTab(); t.setQuery(q); t.query(); }",
                  RESULTS_QUERY)  # fmt: skip
    page.wait_for_selector(".yasr table.dataTable tbody tr a[href='/resource/guangzhou'] span",
                           timeout=15000)  # fmt: skip
    link = page.locator(".yasr tbody a[href='/resource/guangzhou']")
    assert link.inner_text() == ("Guangzhou" if lang == "en" else "广州")
    text = page.locator(".yasr tbody").inner_text()
    assert "^^" not in text and '"' not in text and "w3id.org" not in text, text
    assert "6" in text.split()
    assert page.locator(".yasr tbody .nonIri span[lang='zh']", has_text="广州").count() == 1
    assert page.locator(".yasr tbody small.lang-tag").count() == 0  # no "zh" tag shown
    assert page.locator(".yasr tbody span[lang='zh'][title$=': zh']").count() == 1
    assert page.locator(".yasr tbody a[href='http://www.w3.org/2002/07/owl#Class']").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the query page with results is {width} px wide at 375 px"
    wrong = page.evaluate(WRONG_LANGUAGE, [lang, english_strings() if lang == "zh" else []])
    assert not wrong, wrong
    if lang == "zh":  # the vendored widget's own words too
        shown = page.locator(".yasr").inner_text()
        for word in ("Showing", "entries", "results in", "Simple view", "Ellipse", "Page size"):
            assert word not in shown, word
    shot(page, f"query-results-375-{lang}", full_page=False)
    bad = [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)
    page.context.close()
