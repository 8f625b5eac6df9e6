"""A small crawler over our own pages (real HTTP): start pages of every page type, in both
languages, and every internal link on them (href and src, `<link>` alternates included)
followed one level.  Bounded: links are grouped by their *shape* (the path with names
replaced by `*`, plus the names of the query parameters) and only a few of each shape are
followed per start page, with a cap on the total, so the crawl covers every kind of link
in well under a minute.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import requests

#: The attributes that name a URL the browser fetches or follows.
URL_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src",
             "form": "action", "source": "src"}  # fmt: skip


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = URL_ATTRS.get(tag)
        if tag == "form":  # a form is followed only when it is a plain GET without fields
            return
        for key, value in attrs:
            if key == name and value:
                self.urls.append(value)


def links(html: str, page_url: str) -> list[str]:
    """The internal URLs a page links to or loads (absolute, fragment dropped, in order)."""
    parser = _Links()
    parser.feed(html)
    host = urlsplit(page_url).netloc
    out = []
    for raw in parser.urls:
        if raw.startswith(("#", "mailto:", "javascript:", "data:")):
            continue
        url = urljoin(page_url, raw).split("#", 1)[0]
        if urlsplit(url).netloc == host and url not in out:
            out.append(url)
    return out


def shape(url: str) -> str:
    """What kind of link `url` is: `/resource/*`, `/page?iri` …(names and values blurred)."""
    parts = urlsplit(url)
    path = re.sub(r"/(resource|ontology|browse|changes|releases|static)/[^?]*", r"/\1/*",
                  parts.path)  # fmt: skip
    ext = re.search(r"\.(ttl|nt|jsonld|rdf|owl|csv|json|xlsx|js|css)$", parts.path)
    args = parse_qsl(parts.query, keep_blank_values=True)
    keys = sorted({k for k, _ in args} - {"lang"})
    # /page?iri=…: the kind of IRI matters (a vocabulary term, a fixture's, a format link)
    keys += [re.sub(r"^(\w+://[^/]+).*?(\.\w+)?$", r"<\1\2>", v) for k, v in args if k == "iri"]
    return (
        path
        + (f".{ext.group(1)}" if ext and not path.endswith(ext.group(0)) else "")
        + ("?" + "&".join(keys) if keys else "")
    )


@dataclass
class Crawl:
    """The outcome: every start page and link checked, and the failures."""

    starts: dict[str, int] = field(default_factory=dict)  # start URL → status
    checked: dict[str, int] = field(default_factory=dict)  # link → status
    found_on: dict[str, str] = field(default_factory=dict)  # link → first page linking it
    skipped: int = 0  # links left out by the per-shape sample or the cap

    def dead(self) -> list[str]:
        """'status url (on page)' for every link answering neither 2xx nor 3xx."""
        return [f"{s} {u} (on {self.found_on.get(u, 'start')})"
                for u, s in sorted(self.checked.items()) if not 200 <= s < 400]  # fmt: skip


def status(session: requests.Session, url: str) -> int:
    """The status `url` answers a GET with (redirects not followed: 3xx counts as alive)."""
    with session.get(url, allow_redirects=False, stream=True, timeout=30) as resp:
        return resp.status_code


def crawl(starts: Iterable[str], *, per_shape: int = 6, cap: int = 3000,
          expect_error: Iterable[str] = (), workers: int = 4) -> Crawl:  # fmt: skip
    """Fetch each start page (those in `expect_error` may answer 4xx: their links are still
    followed), then follow the sampled links one level."""
    out = Crawl()
    allowed = set(expect_error)
    todo: list[str] = []
    starts = list(starts)
    with requests.Session() as session:
        for start in starts:
            resp = session.get(start, timeout=30)
            out.starts[start] = resp.status_code
            if not resp.ok and start not in allowed:
                continue
            seen_shapes: dict[str, int] = {}
            for url in links(resp.text, start):
                if url in out.found_on or url in starts:  # a start page is checked as one
                    continue
                kind = shape(url)
                if seen_shapes.get(kind, 0) >= per_shape or len(todo) >= cap:
                    out.skipped += 1
                    continue
                seen_shapes[kind] = seen_shapes.get(kind, 0) + 1
                out.found_on[url] = start
                todo.append(url)
        with ThreadPoolExecutor(workers) as pool:
            for url, code in zip(todo, pool.map(lambda u: status(session, u), todo), strict=True):
                out.checked[url] = code
    return out
