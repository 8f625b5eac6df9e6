"""Search (/search, /search.json) over real HTTP and in the real Chromium.

zh, en, alias and pinyin (with or without tones and spaces) find the right resource first;
hits are ranked exact > prefix > contains (label > alias > pinyin within each), then the
same after correcting a typo, ties by number of statements; every curated English alias
finds its entity; memberships are not hits; the page pages and says when nothing matches;
bad input is a 200 with no hits or a 400 with a message, never a 500; the index follows
the graph when the server reloads a new build; the header's autocomplete works by keyboard.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest
from browsing import new_page, shot
from conftest import Server, free_port, server_env, start_server, stop_server

RES = "https://w3id.org/gskg/resource/"


def search(server: Server, q: str) -> list[dict]:
    r = server.get("/search.json", params={"q": q})
    assert r.status_code == 200, r.text
    return r.json()["hits"]


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("琶洲实验室", "pazhou-laboratory"),  # zh label, exact
        ("Pazhou Laboratory", "pazhou-laboratory"),  # en label, any case
        ("pazhou laboratory", "pazhou-laboratory"),
        ("鹏城实验室广州基地", "pazhou-laboratory"),  # alias
        ("pazhoushiyanshi", "pazhou-laboratory"),  # pinyin
        ("Pa Zhou Shi Yan Shi", "pazhou-laboratory"),  # pinyin with spaces
        ("pàzhōu shíyànshì", "pazhou-laboratory"),  # pinyin with tones
        ("广州", "guangzhou"),  # two characters (FTS5's trigrams cannot)
        ("guangzhou", "guangzhou"),
        ("深圳", "shenzhen"),
        ("Shen Zhen", "shenzhen"),
        ("琶洲", "pazhou"),
        ("pazhou", "pazhou"),
        ("Pa Zhou", "pazhou"),
        ("pàzhōu", "pazhou"),
        ("Guangzhou City", "guangzhou"),  # 市 / City read off a city's name
        ("深圳市", "shenzhen"),
        ("广州市", "guangzhou"),
        ("Shenzen", "shenzhen"),  # typos (edit distance 1 and 2)
        ("Guangzou", "guangzhou"),
        ("Shenzen University", "shenzhen-university"),
        ("Pazhuo Laboratroy", "pazhou-laboratory"),
        ("Sun Yat sen", "sun-yat-sen-university"),  # punctuation is a space
        ("Kuang Chi", "kuang-chi"),
        ("Pengcheng Lab", "peng-cheng-laboratory"),  # a prefix of an alias
    ],
)
def test_finds_the_right_resource_first(live_server, q, first):
    hits = search(live_server, q)
    assert hits and hits[0]["iri"] == RES + first, [h["iri"] for h in hits]


@pytest.mark.parametrize(("q", "expected"), [("实验室", "pazhou-laboratory"),
                                             ("laboratory", "pazhou-laboratory")])  # fmt: skip
def test_parts_of_names_are_found(live_server, q, expected):
    assert RES + expected in [h["iri"] for h in search(live_server, q)]


@pytest.mark.parametrize("q", ["广州", "实验室", "pazhou", "深", "guang"])
def test_ranked_by_kind_of_match_then_statements(live_server, q):
    """Rank first; within a rank the things before the figures about them, then statements."""
    hits = search(live_server, q)
    figure = [any(c["iri"].endswith("#Observation") for c in h["classes"]) for h in hits]
    keys = [(h["rank"], f, -h["statements"]) for h, f in zip(hits, figure, strict=True)]
    assert keys == sorted(keys)


def english_aliases() -> list[tuple[str, str]]:
    """(alias, record id) for every English alias curated in data/*.yaml."""
    import yaml
    from conftest import ROOT

    out = []
    for path in sorted((ROOT / "data").glob("*.yaml")):
        for rec in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out += [(a, rec["id"]) for a in (rec.get("aliases") or {}).get("en", [])]
    return out


def test_every_english_alias_finds_its_entity_first(live_server):
    """Each alias of the data finds its own record first (or, for a name two records
    share, among the hits of the best rank)."""
    aliases = english_aliases()
    assert (
        len(aliases) >= 40
        and ("Canton", "guangzhou") in aliases
        and ("SCUT", "south-china-university-of-technology") in aliases
    )
    for alias, rid in aliases:
        hits = search(live_server, alias)
        best = [h["iri"] for h in hits if h["rank"] == hits[0]["rank"]]
        assert RES + rid in best, (alias, [h["iri"] for h in hits[:3]])


def test_memberships_are_not_hits(live_server):
    """A person's post (刘若鹏(全国人大代表)) is found through the person, not as a hit."""
    hits = search(live_server, "刘若鹏")
    assert [h["iri"] for h in hits] == [RES + "liu-ruopeng"]
    assert not [h for h in search(live_server, "Deputy") if "-role-" in h["iri"]]


def test_results_page_pages_and_says_when_nothing_matches(live_server):
    """50 a page with previous/next; the total is told; no hit → a message, not a blank."""
    import html as htmllib
    import re

    first = live_server.get("/search", params={"q": "a", "lang": "en"}).text
    total = int(re.search(r"(\d+) results", first).group(1))
    assert total > 50 and 'rel="next"' in first and 'rel="prev"' not in first
    pages, seen = -(-total // 50), []
    for page in range(1, pages + 1):
        text = live_server.get("/search", params={"q": "a", "page": page, "lang": "en"}).text
        hits = re.findall(r'<li class="hit">\s*<a href="([^"]+)"', text)
        assert len(hits) == (50 if page < pages else total - 50 * (pages - 1))
        assert ('rel="prev"' in text) == (page > 1) and ('rel="next"' in text) == (page < pages)
        seen += hits
    assert len(set(seen)) == total
    none = live_server.get("/search", params={"q": "zzqxj", "lang": "en"}).text
    assert "No results" in none and "Nothing matches “zzqxj”" in htmllib.unescape(none)
    for bad in ("0", "²", "+1", "1001"):
        assert live_server.get("/search", params={"q": "a", "page": bad}).status_code == 400


def test_a_hit_shows_both_labels_class_and_city(live_server):
    hit = search(live_server, "琶洲实验室")[0]
    assert (hit["zh"], hit["en"]) == ("琶洲实验室", "Pazhou Laboratory")
    assert [c["en"].lower() for c in hit["classes"]] == ["laboratory"]
    assert [c["iri"] for c in hit["cities"]] == [RES + "guangzhou"]
    html = live_server.get("/search", params={"q": "琶洲实验室"}).text
    assert "Pazhou Laboratory" in html and 'href="/resource/pazhou-laboratory"' in html


@pytest.mark.parametrize(
    "raw",
    ["", "%20%20", "x" * 10240, "SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D",
     "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%ED%A0%80", "%00", "%FF%FE", "a%00b",
     "%E5%B9%BF%ED%A0%80", "'%20OR%201%3D1%20--", "%25", "%5C%22"],
)  # fmt: skip
@pytest.mark.parametrize("path", ["/search.json", "/search"])
def test_bad_input_is_no_hit_or_a_400_never_a_500(live_server, raw, path):
    r = live_server.get(f"{path}?q={raw}")
    # 414: gunicorn refuses a request line over 8190 bytes before the app sees it.
    assert r.status_code in (200, 400, 414), r.text[:300]
    if r.status_code == 400:
        assert "characters" in (r.json()["error"] if path.endswith(".json") else r.text)
    elif path.endswith(".json") and raw in ("", "%20%20", "%00", "%ED%A0%80"):
        assert r.json()["hits"] == []
    if path == "/search":  # markup is escaped in the page (JSON carries it as text)
        assert "<script>alert" not in r.text
    assert "Traceback" not in r.text


def test_a_long_text_gets_a_400_with_a_message(live_server):
    r = live_server.get("/search.json", params={"q": "广" * 800})
    assert r.status_code == 400 and "at most 200" in r.json()["error"]


def test_the_index_follows_a_reloaded_graph(built_graph: Path, tmp_path: Path):
    """A new build (here: one more labelled resource) is searchable after the reload."""
    dist = tmp_path / "dist"
    shutil.copytree(built_graph, dist)
    port = free_port()
    cmd = [sys.executable, "server.py", "--port", str(port)]
    env = server_env(dist)
    srv = start_server(cmd, env, port, tmp_path / "server.log")
    try:
        assert search(srv, "测试新增的实验室") == []
        nt = dist / "gskg.nt"
        extra = (f'<{RES}test-new-lab> <http://www.w3.org/2000/01/rdf-schema#label> '
                 '"测试新增的实验室"@zh .\n')  # fmt: skip
        nt.write_text(nt.read_text(encoding="utf-8") + extra, encoding="utf-8")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not search(srv, "测试新增的实验室"):
            time.sleep(0.5)
        assert [h["iri"] for h in search(srv, "测试新增的实验室")] == [RES + "test-new-lab"]
    finally:
        stop_server(srv.proc)


# ---------------------------------------------------------------- in the browser


@pytest.mark.parametrize(("typed", "slug"), [("琶洲实验室", "pazhou-laboratory"),
                                             ("Pazhou Lab", "pazhou-laboratory"),
                                             ("pazhoushiyan", "pazhou-laboratory")])  # fmt: skip
def test_autocomplete_by_keyboard_opens_the_first_hit(chromium, live_server, typed, slug):
    page = new_page(chromium)
    page.goto(live_server.url + "/browse")
    box = page.locator("#site-q")
    box.focus()
    page.keyboard.type(typed, delay=30)
    page.wait_for_function(
        f"() => document.getElementById('site-q-list').dataset.for === {typed!r} "
    )  # the answer to the whole text has come
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.locator("#site-q-list li").first.get_attribute("aria-selected") == "true"
    shot(page, f"search-autocomplete-{slug}", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/resource/{slug}")
    assert not page.errors, page.errors


def test_escape_closes_and_enter_without_choice_opens_the_results_page(chromium, live_server):
    page = new_page(chromium, width=375, height=800)
    page.goto(live_server.url + "/")
    page.locator("#site-q").focus()
    page.keyboard.type("广州", delay=30)
    page.wait_for_function("() => document.getElementById('site-q-list').dataset.for === '广州'")
    page.keyboard.press("Escape")
    assert page.locator("#site-q-list").is_hidden()
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    first = page.locator("ol.hits li a").first
    assert first.get_attribute("href") == "/resource/guangzhou"
    shot(page, "search-results-375", full_page=False)
    assert not page.errors, page.errors
