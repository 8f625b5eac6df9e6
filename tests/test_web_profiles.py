"""Profile panels on resource pages, and resource pages of very connected entities (paged).

Each kind (city, platform/organization, agreement/policy) gets its panels; each panel shows
the rows of its packaged SPARQL query (run here on the endpoint) and links to the query page
with that query; statements come 100 at a time in each direction, with their provenance;
in Chromium, a statistic's quote opens by keyboard and the "query" link fills the editor.
"""

from __future__ import annotations

import html as htmllib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browsing import new_page, shot
from conftest import Server
from test_web_timeline import sparql

from gskg.web.panels import ORDER, panel_files, panel_query

RES = "https://w3id.org/gskg/resource/"
OWL = "http://www.w3.org/2002/07/owl#"
KIND_OF = {
    "guangzhou": "city",
    "shenzhen": "city",
    "pazhou-laboratory": "org",
    "guangzhou-xiongtao-qingheng": "org",
    "qianhai-nansha-deepening-cooperation-framework-agreement-2019": "agreement",
    "gba-development-plan-outline": "agreement",
    "liu-ruopeng": "person",
    "nansha-district": "place",
}


def panels(text: str) -> dict[str, str]:
    """panel name → its HTML."""
    return dict(re.findall(r'<section class="panel" id="panel-(\w+)"(.*?)</section>', text, re.S))


@pytest.fixture(scope="module")
def pages(live_server: Server) -> dict[str, str]:
    out = {}
    for slug in KIND_OF:
        r = live_server.get(f"/resource/{slug}")
        assert r.status_code == 200, r.text[:300]
        out[slug] = r.text
    return out


@pytest.mark.parametrize("slug", list(KIND_OF))
def test_each_kind_gets_its_panels(pages, slug):
    kind = KIND_OF[slug]
    assert list(panels(pages[slug])) == [f"{kind}_{name}" for name in ORDER[kind]]


@pytest.mark.parametrize("slug", list(KIND_OF))
def test_panel_rows_equal_their_query_and_link_to_it(live_server, pages, slug):
    for name, body in panels(pages[slug]).items():
        query = panel_query(panel_files()[name][2], RES + slug)
        rows = sparql(live_server, query)
        shown = len(re.findall(r"<tr>", body.split("<tbody>", 1)[-1])) if "<tbody>" in body else 0
        assert shown == len(rows), name
        link = htmllib.unescape(re.search(r'class="panel-query"><a href="([^"]+)"', body).group(1))
        assert parse_qs(urlsplit(link).query)["query"] == [query]
        editor = live_server.get(link).text
        assert f"res:{slug}" in htmllib.unescape(editor)


def test_city_statistics_carry_their_quotes(live_server, pages):
    body = panels(pages["guangzhou"])["city_statistics"]
    cells = re.findall(r'<details class="value">(.*?)</details>', body, re.S)
    assert cells and all("<blockquote" in c for c in cells)


def incoming(text: str) -> list[tuple[str, str]]:
    section = text.split('<section class="statements in">', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<tr><td><a href="([^"]+)".*?</td><th><a href="([^"]+)"', section, re.S)


@pytest.fixture(scope="module")
def busiest(live_server: Server) -> tuple[str, int]:
    """The resource with the most incoming statements, and how many it has."""
    row = sparql(
        live_server,
        f"""SELECT ?x (COUNT(*) AS ?n) WHERE {{ ?s ?p ?x
        FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{RES}"))
        FILTER NOT EXISTS {{ ?s a <{OWL}Axiom> }} }}
        GROUP BY ?x ORDER BY DESC(?n) LIMIT 1""",
    )[0]
    return row["x"][len(RES) :], int(row["n"])


def test_statements_are_paged_with_their_provenance(live_server, busiest):
    slug, n = busiest
    assert n > 100
    pages_, seen = -(-n // 100), []
    for page in range(1, pages_ + 1):
        r = live_server.get(f"/resource/{slug}?page={page}")
        assert r.status_code == 200
        rows = incoming(r.text)
        assert len(rows) == (100 if page < pages_ else n - 100 * (pages_ - 1))
        assert ('rel="next"' in r.text) == (page < pages_)
        assert '<sup class="fn">' in r.text.split('<section class="statements in">', 1)[1]
        seen += rows
    assert len(set(seen)) == n
    assert live_server.get(f"/resource/{slug}?page={pages_ + 1}").status_code == 404


def test_footnotes_equal_the_provenance_query(live_server):
    text = live_server.get("/resource/pazhou-laboratory").text
    notes = text.split('class="footnotes"')[1]
    quotes = {htmllib.unescape(q) for q in re.findall(r'<blockquote lang="zh">(.*?)</blockquote>',
                                                       notes, re.S)}  # fmt: skip
    rows = sparql(
        live_server,
        f"""SELECT DISTINCT ?quote WHERE {{
        {{ ?ax <{OWL}annotatedSource> <{RES}pazhou-laboratory> }}
        UNION {{ ?ax <{OWL}annotatedTarget> <{RES}pazhou-laboratory> }}
        ?ax <https://w3id.org/gskg/ontology#quote> ?quote }}""",
    )
    assert quotes == {r["quote"] for r in rows}


@pytest.mark.parametrize("query", ["page=0", "page=x", "page=%00", "page=100001"])
def test_bad_page_is_a_400(live_server, query):
    r = live_server.get(f"/resource/guangzhou?{query}")
    assert r.status_code == 400 and "page" in r.text


# ---------------------------------------------------------------- in the browser


def test_quote_by_keyboard_and_query_link_opens_the_editor(chromium, live_server):
    page = new_page(chromium)
    page.goto(live_server.url + "/resource/guangzhou")
    cell = page.locator("#panel-city_statistics details.value").first
    cell.locator("summary").focus()
    page.keyboard.press("Enter")
    assert cell.locator("blockquote").is_visible()
    shot(page, "profile-guangzhou", full_page=False)
    page.locator("#panel-city_partners .panel-query a").click()
    page.wait_for_function("() => window.gskgYasgui && window.gskgYasgui.getTab().getQuery()"
                           ".includes('VALUES ?this { res:guangzhou }')")  # fmt: skip
    assert not page.errors, page.errors


@pytest.mark.parametrize("slug", ["pazhou-laboratory", list(KIND_OF)[4]])
def test_profile_at_375_px(chromium, live_server, slug):
    page = new_page(chromium, width=375, height=800)
    page.goto(f"{live_server.url}/resource/{slug}?lang=en")
    assert page.locator("section.panel").count() >= 3
    shot(page, f"profile-{slug[:40]}-375", full_page=False)
