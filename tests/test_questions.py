"""Twelve questions an analyst of the two cities asks, each answered in the real Chromium by
clicking from the home page `/`, and each answer checked against the graph (a SPARQL query
on the same server, never a hard-coded list).  The questions and their clicks are listed in
docs/questions.md.  One browser page serves them all (they run in order, < 90 s).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import new_page, shot
from conftest import Server
from test_web_timeline import DATED, sparql

P = """PREFIX gskg: <https://w3id.org/gskg/ontology#>
PREFIX res: <https://w3id.org/gskg/resource/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
RES = "https://w3id.org/gskg/resource/"


@pytest.fixture(scope="module")
def page(chromium, live_server: Server) -> Iterator:
    """One page for all questions; each starts from the home page."""
    p = new_page(chromium, lang="zh-CN")
    yield p
    assert not p.errors, p.errors
    p.context.close()


def home(page, server: Server, lang: str = "zh") -> None:
    # Waits for what the question reads, not for the page's "load" event (a stylesheet's
    # revalidation may take its time on a busy machine; the answer is in the HTML).
    page.goto(f"{server.url}/?lang={lang}", wait_until="commit")
    page.wait_for_selector("footer.site", state="attached")


def arrive(page, url: str) -> None:
    """Wait until the page at `url` is parsed to its end (its footer), not for its "load"
    event: the answer is in the HTML, and a busy machine may be slow with a stylesheet."""
    page.wait_for_url(url, wait_until="commit")
    page.wait_for_selector("footer.site", state="attached")


def slugs(locator) -> set[str]:
    """The resource slugs the links of `locator` lead to."""
    hrefs = locator.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return {h.rsplit("/", 1)[1] for h in hrefs if h and h.startswith("/resource/")}


def first_column(page, panel: str) -> set[str]:
    """Unfold a panel (its "show all" button, if folded) and read its first column's links."""
    section = page.wait_for_selector(f"#panel-{panel}")
    if int(section.get_attribute("data-rows")) > 10:  # folded by panels.js: unfold
        page.locator(f"#panel-{panel} button.show-all").click()
    rows = page.locator(f"#panel-{panel} tbody tr td:first-child a")
    assert rows.first.is_visible()
    return slugs(rows)


def names(server: Server, query: str) -> set[str]:
    return {r["x"][len(RES) :] for r in sparql(server, P + query)}


def search(page, text: str) -> None:
    page.fill("#home-q", text)
    page.press("#home-q", "Enter")
    arrive(page, "**/search?q=*")


def test_q01_which_platforms_are_in_shenzhen(page, live_server):
    home(page, live_server)
    page.click("table.city-figures thead a[href='/resource/shenzhen']")
    arrive(page, "**/resource/shenzhen")
    expected = names(
        live_server,
        """SELECT DISTINCT ?x WHERE { ?p gskg:partOf* res:shenzhen .
        ?x gskg:locatedIn ?p ; a/rdfs:subClassOf* ?k
        VALUES ?k { gskg:Platform gskg:Firm gskg:University } }""",
    )
    assert expected and first_column(page, "city_members") == expected
    assert "peng-cheng-laboratory" in expected
    shot(page, "question-01-shenzhen", full_page=False)


def test_q02_what_did_the_two_cities_sign_and_when(page, live_server):
    home(page, live_server)
    page.click("table.city-figures thead a[href='/resource/guangzhou']")
    arrive(page, "**/resource/guangzhou")
    rows = sparql(
        live_server,
        P
        + """SELECT ?x ?date WHERE {
        ?x gskg:hasParty res:guangzhou, res:shenzhen ; gskg:signedOn ?date }""",
    )
    assert len(rows) >= 2
    table = page.locator("#panel-city_agreements tbody")
    for r in rows:
        row = table.locator(f"tr:has(a[href='/resource/{r['x'][len(RES) :]}'])")
        assert row.count() == 1 and r["date"][:4] in row.inner_text()


def test_q03_how_do_they_compare_on_high_tech_firms_and_patents(page, live_server):
    home(page, live_server)
    for indicator in ("high-tech-enterprise-count", "ai-patent-count"):
        row = page.locator(f"table.city-figures tbody tr:has(th a[href='/resource/{indicator}'])")
        cells = row.locator("td")
        for i, city in enumerate(("guangzhou", "shenzhen")):
            values = {
                r["v"]
                for r in sparql(
                    live_server,
                    P
                    + f"""SELECT ?v WHERE {{
                ?o gskg:refArea res:{city} ; gskg:indicator res:{indicator} ; gskg:value ?v }}""",
                )
            }
            shown = set(
                re.findall(
                    r"\d+(?:\.\d+)?",  # 11,746 is 11746
                    " ".join(cells.nth(i).locator(".num").all_inner_texts()).replace(",", ""),
                )
            )
            assert values and values == shown, (indicator, city, values, shown)


def test_q04_which_firms_are_in_the_pazhou_pilot_zone(page, live_server):
    home(page, live_server)
    search(page, "琶洲人工智能")
    page.click("ol.hits a[href='/resource/pazhou-ai-digital-economy-pilot-zone']")
    arrive(page, "**/resource/pazhou-ai-digital-economy-pilot-zone")
    firms = names(
        live_server,
        """SELECT ?x WHERE { ?x gskg:locatedIn res:pazhou-ai-digital-economy-pilot-zone ;
        a/rdfs:subClassOf* gskg:Firm }""",
    )
    assert firms and firms <= first_column(page, "place_located")


def test_q05_what_happened_in_2020(page, live_server):
    home(page, live_server)
    page.click("nav.entry-points a[href^='/timeline']")
    page.wait_for_selector(".timeline-list li")
    items = page.locator(".timeline-list li:has(time[datetime^='2020'])")
    shown = slugs(items.locator("a"))
    expected = {
        r["x"][len(RES) :] for r in sparql(live_server, DATED) if r["date"].startswith("2020")
    }
    assert expected and shown == expected


def test_q06_where_does_a_figure_come_from(page, live_server):
    home(page, live_server)
    row = page.locator("table.city-figures tbody tr:has(th a[href='/resource/gdp'])")
    cell = row.locator("td").first.locator("details.value").first
    cell.locator("summary").click()
    quote = cell.locator("blockquote").inner_text()
    expected = sparql(
        live_server,
        P
        + """SELECT ?quote ?doc WHERE {
        ?o gskg:refArea res:guangzhou ; gskg:indicator res:gdp .
        ?ax owl:annotatedSource ?o ; owl:annotatedProperty gskg:value ;
            gskg:source ?doc ; gskg:quote ?quote }""",
    )
    assert quote in {r["quote"] for r in expected}
    doc = next(r["doc"] for r in expected if r["quote"] == quote)
    cell.locator(f"a[href='/resource/{doc[len(RES) :]}']").click()
    arrive(page, f"**/resource/{doc[len(RES) :]}")
    assert page.locator("h1.label-zh").inner_text()


def test_q07_who_is_a_person_and_what_roles_they_hold(page, live_server):
    home(page, live_server)
    search(page, "刘若鹏")
    page.click("ol.hits a[href='/resource/liu-ruopeng']")
    arrive(page, "**/resource/liu-ruopeng")
    rows = sparql(
        live_server,
        P
        + """SELECT ?org ?title WHERE { ?m gskg:member res:liu-ruopeng ;
        gskg:organization ?org ; gskg:roleTitle ?title FILTER(LANG(?title) = "zh") }""",
    )
    panel = page.locator("#panel-person_roles tbody tr")
    assert panel.count() == len(rows) >= 2  # one row per post, not one per title language
    text = page.locator("#panel-person_roles").inner_text()
    assert all(r["title"] in text for r in rows)
    assert slugs(page.locator("#panel-person_roles td:first-child a")) == {
        r["org"][len(RES) :] for r in rows
    }
    assert "全国人大代表" in page.locator("p.summary").inner_text()


def test_q08_which_agreement_is_the_latest_and_who_are_its_parties(page, live_server):
    home(page, live_server)
    latest = sparql(
        live_server,
        P
        + """SELECT ?x WHERE { ?x a/rdfs:subClassOf* gskg:Agreement ;
        gskg:signedOn ?d } ORDER BY DESC(?d) ?x LIMIT 1""",
    )[0]["x"][len(RES) :]
    page.locator("ol.agreements li a").first.click()
    arrive(page, f"**/resource/{latest}")
    parties = names(live_server, f"SELECT ?x WHERE {{ res:{latest} gskg:hasParty ?x }}")
    assert parties and slugs(page.locator("#panel-agreement_parties td:first-child a")) == parties


def test_q09_what_are_peng_cheng_laboratorys_branches_in_english(page, live_server):
    home(page, live_server, "en")
    search(page, "Pengcheng Lab")  # an English alias, not the label (Peng Cheng Laboratory)
    page.locator("ol.hits li a").first.click()
    arrive(page, "**/resource/peng-cheng-laboratory")
    branches = names(live_server, "SELECT ?x WHERE { ?x gskg:branchOf res:peng-cheng-laboratory }")
    shown = slugs(page.locator("#panel-org_branches td a"))
    assert branches and branches <= shown
    summary = page.locator("p.summary").inner_text()
    assert summary.startswith("Peng Cheng Laboratory is a laboratory in Shenzhen")


def test_q10_which_universities_are_in_guangzhou_by_keyboard(page, live_server):
    home(page, live_server)
    page.click("table.city-figures thead a[href='/resource/guangzhou']")
    arrive(page, "**/resource/guangzhou")
    page.locator("#panel-city_members button.show-all").click()
    sort = page.locator("#panel-city_members th button.sort").nth(1)  # the "class" column
    sort.focus()
    page.keyboard.press("Enter")
    assert page.locator("#panel-city_members th").nth(1).get_attribute("aria-sort") == "ascending"
    cells = "#panel-city_members tbody tr td:nth-child(2)"
    up = page.locator(cells).all_inner_texts()
    runs = [c for k, c in enumerate(up) if k == 0 or up[k - 1] != c]
    assert len(runs) == len(set(runs)) > 1  # each class in one run
    page.keyboard.press("Enter")  # again: descending
    assert page.locator("#panel-city_members th").nth(1).get_attribute("aria-sort") == "descending"
    down = page.locator(cells).all_inner_texts()
    assert down[0] == up[-1] and down[-1] == up[0]
    unis = names(
        live_server,
        """SELECT ?x WHERE { ?p gskg:partOf* res:guangzhou .
        ?x gskg:locatedIn ?p ; a gskg:University }""",
    )
    rows = page.locator("#panel-city_members tbody tr")
    shown = {r for r in slugs(rows.locator("td:first-child a"))}
    assert unis and unis <= shown


def test_q11_how_many_agreements_does_the_graph_hold(page, live_server):
    home(page, live_server)
    link = page.locator("ul.classes a[href='/browse/Agreement']")
    count = int(page.locator("ul.classes li:has(a[href='/browse/Agreement']) .count").inner_text())
    link.click()
    arrive(page, "**/browse/Agreement")
    expected = sparql(
        live_server,
        P
        + """SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
        ?x a/rdfs:subClassOf* gskg:Agreement FILTER(STRSTARTS(STR(?x), STR(res:))) }""",
    )[0]["n"]
    assert count == int(expected) and str(count) in page.locator("main").inner_text()


def test_q12_shenzhens_statistics_as_a_spreadsheet(page, live_server):
    home(page, live_server)
    page.click("table.city-figures thead a[href='/resource/shenzhen']")
    arrive(page, "**/resource/shenzhen")
    with page.expect_download() as info:
        page.click("#panel-city_statistics a.panel-csv")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = sparql(
        live_server,
        P
        + """SELECT ?o ?v WHERE { ?o gskg:refArea res:shenzhen ;
        gskg:value ?v ; gskg:unit ?u }""",
    )
    assert len(rows) == min(len(expected), 100)
    assert {r["observation_iri"] for r in rows} <= {r["o"] for r in expected}
    assert not [c for r in rows for c in r.values() if c and c[0] in "=+@"]
