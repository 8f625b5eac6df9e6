"""No dead link (issue 20, item 2): a crawl over the real server (gunicorn, real HTTP) from
every page type in both languages, following every internal link one level (href and
src, the `<link rel=alternate>` and format links .ttl/.nt/.jsonld/.rdf included).  Every
link must answer 2xx or 3xx.  Bounded by sampling per kind of link (crawling.py)."""

from __future__ import annotations

import re
import time
from urllib.parse import quote, urlsplit

import pytest
import requests
from crawling import crawl, links, shape

KASEI_ITEM = "http://kasei.us/2009/09/sparql/data/data1.rdf"


def _first(html: str, base: str, prefix: str) -> str | None:
    """The first link on a page whose path starts with `prefix`."""
    for url in links(html, base):
        path = urlsplit(url).path
        if path.startswith(prefix) and not re.search(r"\.(ttl|nt|jsonld|rdf|csv|json)$", path):
            return url
    return None


def start_pages(base: str) -> tuple[list[str], list[str]]:
    """Every page type (one or a few of each), without the language: (pages, error pages).

    Resource pages: the first member of every class listed on /browse.  The query page is
    at /query when the front door has one (else at /)."""
    pages = ["/", "/search?q=%E5%B9%BF%E5%B7%9E", "/search?q=Shenzhen", "/browse",
             "/compare", "/timeline", "/network", "/network?focus=guangzhou", "/quality",
             "/changes", "/ontology/City", "/ontology/locatedIn", "/ontology/value",
             "/page?iri=" + quote(KASEI_ITEM, safe=""),
             "/page?iri=" + quote("https://w3id.org/gskg/resource/guangzhou", safe=""),
             "/resource/guangzhou", "/resource/shenzhen"]  # fmt: skip
    if requests.get(base + "/query", timeout=30, allow_redirects=False).status_code == 200:
        pages.append("/query")
    browse = requests.get(base + "/browse", timeout=30).text
    classes = [
        u for u in links(browse, base + "/browse") if urlsplit(u).path.startswith("/browse/")
    ]
    for url in classes:
        path = urlsplit(url).path
        pages.append(path)
        member = _first(requests.get(url, timeout=30).text, url, "/resource/")
        if member:
            pages.append(urlsplit(member).path)
    changes = requests.get(base + "/changes", timeout=30).text
    if release := _first(changes, base + "/changes", "/changes/"):
        pages.append(urlsplit(release).path)
    errors = ["/resource/no-such-thing", "/browse/City?page=x", "/ontology/NoSuchTerm"]
    return list(dict.fromkeys(pages)), errors


def _with_lang(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


@pytest.fixture(scope="module")
def crawled(live_server):
    pages, errors = start_pages(live_server.url)
    starts = [live_server.url + _with_lang(p, lang) for lang in ("zh", "en") for p in pages]
    wrong = [live_server.url + _with_lang(p, lang) for lang in ("zh", "en") for p in errors]
    began = time.monotonic()
    result = crawl(starts + wrong, expect_error=wrong)
    result.seconds = time.monotonic() - began  # type: ignore[attr-defined]
    return result, starts, wrong


def test_every_page_type_answers(crawled) -> None:
    result, starts, wrong = crawled
    failing = {u: s for u, s in result.starts.items() if u in starts and s != 200}
    assert not failing, failing
    assert all(400 <= result.starts[u] < 500 for u in wrong), {u: result.starts[u] for u in wrong}
    # every kind of page is there: a resource page per class, term pages, /page?iri=
    kinds = {shape(u) for u in starts}
    for kind in ("/resource/*", "/ontology/*", "/browse/*", "/page?iri&<http://kasei.us",
                 "/changes/*", "/search?q", "/network?focus"):  # fmt: skip
        assert any(k.startswith(kind) for k in kinds), kind


def test_no_dead_link(crawled) -> None:
    result, _, _ = crawled
    dead = result.dead()
    assert not dead, f"{len(dead)} dead of {len(result.checked)}:\n" + "\n".join(dead[:40])
    assert len(result.checked) >= 300  # the crawl really went somewhere
    seconds = result.seconds  # type: ignore[attr-defined]
    print(f"crawl: {len(result.starts)} start pages, {len(result.checked)} links checked, "
          f"{result.skipped} skipped by sampling, {seconds:.1f} s")  # fmt: skip


def test_the_formats_of_every_page_kind_are_linked(crawled) -> None:
    """The Turtle/N-Triples/JSON-LD/RDF-XML twins of resource, term and /page?iri= pages
    were among the links checked (so a format link that 404s fails the crawl)."""
    result, _, _ = crawled
    kinds = {shape(u) for u in result.checked}
    for ext in ("ttl", "nt", "jsonld", "rdf"):
        assert f"/resource/*.{ext}" in kinds, ext
        assert f"/ontology/*.{ext}" in kinds, ext
        assert any(k.startswith("/page") and ext in k for k in kinds), (ext, sorted(kinds))


def test_vocabulary_terms_link_out_and_gskg_terms_to_their_page(live_server) -> None:
    html = live_server.get("/resource/guangzhou?lang=en").text
    hrefs = set(links(html, live_server.url + "/resource/guangzhou"))
    raw = set(re.findall(r'href="([^"]+)"', html))
    assert "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" in raw  # rdf:type: its definition
    assert "http://www.w3.org/2002/07/owl#sameAs" in raw
    assert live_server.url + "/ontology/City" in hrefs
    assert not [u for u in hrefs if "/page?iri=http%3A%2F%2Fwww.w3.org" in u
                or "/page?iri=http://www.w3.org" in u]  # fmt: skip


def test_page_twins_old_and_new_urls(live_server) -> None:
    iri = quote("https://w3id.org/gskg/resource/guangzhou", safe="")
    html = live_server.get(f"/page?iri={iri}").text
    assert f'href="/page.ttl?iri={iri}"' in html
    for url in (f"/page.ttl?iri={iri}", f"/page?iri={iri}&format=ttl"):
        resp = live_server.get(url)
        assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/turtle")
        assert (
            "<https://w3id.org/gskg/resource/guangzhou>" in resp.text
            or "res:guangzhou" in resp.text
        )
    assert (
        live_server.get(f"/page.nt?iri={iri}").headers["Content-Location"] == f"/page.nt?iri={iri}"
    )
    # the twin links of earlier versions (the extension inside iri) lead to the twin
    old = live_server.get(f"/page?iri={iri}.ttl", allow_redirects=False)
    assert old.status_code == 301 and old.headers["Location"].endswith(f"/page.ttl?iri={iri}")
    assert live_server.get(f"/page?iri={quote('https://example.org/nothing.ttl', safe='')}"
                           ).status_code == 404  # fmt: skip


def test_statement_pages_keep_the_iri(live_server) -> None:
    iri = quote("https://w3id.org/gskg/resource/guangzhou", safe="")
    html = live_server.get(f"/page?iri={iri}&lang=en").text
    nxt = re.search(r'rel="next" href="([^"]+)"', html)
    assert nxt, "guangzhou has more than one page of statements"
    target = nxt.group(1).replace("&amp;", "&")
    assert f"iri={iri}" in target and "page=2" in target and "lang=en" in target
    assert live_server.get(target).status_code == 200
