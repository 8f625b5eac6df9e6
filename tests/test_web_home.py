"""The home page `/`, the query page's move to `/query`, and what issue 20 asked of profiles:
a generated one-sentence summary, panels CSV (formula cells neutralised), no duplicate rows,
roles on person pages, no class listed as an external identifier, a page much shorter than
before and a mini-graph whose labels do not overlap.

Every expected figure, name and count comes from the graph (SPARQL on the same server).
"""

from __future__ import annotations

import csv
import html as htmllib
import io
import re
from urllib.parse import quote

import pytest
from browsing import new_page, shot
from conftest import Server
from test_web_timeline import sparql

from gskg.web.panelcsv import panel_csv_text
from gskg.web.tabular import neutralise

P = """PREFIX gskg: <https://w3id.org/gskg/ontology#>
PREFIX res: <https://w3id.org/gskg/resource/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
RES = "https://w3id.org/gskg/resource/"


def test_old_query_links_redirect_to_query(live_server: Server):
    q = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    r = live_server.get(f"/?query={quote(q)}&lang=en", allow_redirects=False)
    assert r.status_code == 301
    assert r.headers["Location"].endswith(f"/query?query={quote(q)}&lang=en")
    page = live_server.get(r.headers["Location"])
    assert (
        page.status_code == 200
        and "yasgui" in page.text
        and "LIMIT 1" in htmllib.unescape(page.text)
    )
    assert live_server.get("/sparql", params={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_shows_what_the_graph_holds(live_server: Server, lang):
    text = live_server.get(f"/?lang={lang}").text
    for cls in ("City", "Agreement", "Person"):
        n = sparql(
            live_server,
            P
            + f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{
            ?x a/rdfs:subClassOf* gskg:{cls} FILTER(STRSTARTS(STR(?x), STR(res:))) }}""",
        )[0]["n"]
        assert re.search(rf'href="/browse/{cls}">.*?</a> <span class="count">{n}</span>', text), cls
    for slug in ("guangzhou", "shenzhen"):
        assert f'href="/resource/{slug}"' in text
    assert 'action="/search"' in text and 'href="/query"' in text
    for view in ("/compare", "/timeline", "/network"):
        assert f'href="{view}' in text


def test_home_key_figures_are_the_graphs_with_their_quotes(live_server: Server):
    """Each key figure as the text says it (its qualifier: ">2 万亿元"), with its sentence."""
    from gskg.qualifiers import display

    text = htmllib.unescape(live_server.get("/?lang=zh").text)
    table = text.split('<table class="city-figures">', 1)[1].split("</table>", 1)[0]
    rows = sparql(
        live_server,
        P
        + """PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?v ?u ?q ?quote WHERE { VALUES ?a { res:guangzhou res:shenzhen }
        VALUES ?i { res:gdp res:high-tech-enterprise-count }
        ?o gskg:refArea ?a ; gskg:indicator ?i ; gskg:value ?v ; gskg:unit ?u .
        OPTIONAL { ?o gskg:valueQualifier ?q }
        ?ax owl:annotatedSource ?o ; owl:annotatedProperty gskg:value ; gskg:quote ?quote }""",
    )
    assert len(rows) >= 4 and any(r.get("q") for r in rows)  # GDP: 过两万亿
    for r in rows:
        shown = display(r["v"], r["u"], r.get("q"), lang="zh")
        assert f'<span class="num">{shown}</span>' in table and r["quote"] in table
    assert '<span class="num">&gt;2 万亿元</span>' in live_server.get("/?lang=zh").text


def test_home_latest_agreements_by_date(live_server: Server):
    text = live_server.get("/?lang=en").text
    listed = re.findall(
        r'<li><time datetime="([^"]+)">[^<]*</time>\s*<a href="/resource/([^"]+)"', text
    )
    rows = sparql(
        live_server,
        P
        + """SELECT ?x ?d WHERE { ?x a/rdfs:subClassOf* gskg:Agreement ;
        gskg:signedOn ?d } ORDER BY DESC(?d) ?x LIMIT 6""",
    )
    assert [slug for _, slug in listed] == [r["x"][len(RES) :] for r in rows]
    assert [d for d, _ in listed] == sorted((d for d, _ in listed), reverse=True)


@pytest.mark.parametrize(
    ("slug", "zh", "en"),
    [
        ("shenzhen", "深圳是广东省的一个城市", "Shenzhen is a city in Guangdong"),
        ("liu-ruopeng", "职务:全国人大代表,", "Liu Ruopeng is a person; roles: Deputy to"),
        ("nansha-district", "南沙区是广州的一个区", "Nansha District is a district in Guangzhou"),
    ],
)  # fmt: skip
def test_profile_has_a_generated_summary(live_server: Server, slug, zh, en):
    for lang, start in (("zh", zh), ("en", en)):
        text = htmllib.unescape(live_server.get(f"/resource/{slug}?lang={lang}").text)
        sentence = re.search(r'<p class="summary">([^<]*)</p>', text).group(1)
        assert start in sentence
    if slug == "shenzhen":  # the counts are the graph's
        n = sparql(
            live_server,
            P
            + """SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
            ?a gskg:hasParty res:shenzhen }""",
        )[0]["n"]
        assert f"party to {n} agreements" in sentence


def test_a_membership_label_does_not_double_its_organisation(live_server: Server):
    rows = sparql(
        live_server,
        P
        + """SELECT ?l WHERE { ?m gskg:member res:liu-ruopeng ;
        rdfs:label ?l FILTER(LANG(?l) = "zh") }""",
    )
    labels = {r["l"] for r in rows}
    assert "刘若鹏(全国人大代表)" in labels and not [x for x in labels if "全国人大全国人大" in x]


def test_panels_have_no_duplicate_rows(live_server: Server):
    for slug, panel in (("shenzhen", "city_members"), ("guangzhou", "city_members"),
                        ("shenzhen-kuang-chi-institute", "org_people")):  # fmt: skip
        r = live_server.get(f"/panel/{panel}.csv", params={"iri": RES + slug})
        assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(r.text)))[1:]
        assert rows and len(rows) == len({tuple(x) for x in rows}), (slug, panel)
        if panel == "city_members":
            iris = [x[-3] for x in rows]  # member_iri
            assert len(iris) == len(set(iris))


def test_panel_csv_neutralises_formulas():
    cells = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "-12.5", "42", "广州"]
    assert [neutralise(c) for c in cells] == [
        "'=1+1",
        "'+cmd",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "-12.5",
        "42",
        "广州",
    ]
    panel = {"columns": ["x", "v"], "rows": [
        {"x": {"kind": "iri", "value": RES + "a", "zh": "甲", "en": "=HYPERLINK()"},
         "v": {"kind": "literal", "value": "=cmd|' /C calc'!A0", "lang": ""}}]}  # fmt: skip
    out = list(csv.reader(io.StringIO(panel_csv_text(panel, "en"))))
    assert out == [["x", "v", "x_iri"], ["'=HYPERLINK()", "'=cmd|' /C calc'!A0", RES + "a"]]
    assert list(csv.reader(io.StringIO(panel_csv_text(panel, "zh"))))[1][0] == "甲"


def test_panel_csv_refuses_what_names_no_panel(live_server: Server):
    assert live_server.get("/panel/city_members.csv").status_code == 404
    assert (
        live_server.get("/panel/nope_nope.csv", params={"iri": RES + "shenzhen"}).status_code == 404
    )
    r = live_server.get("/panel/city_members.csv", params={"iri": RES + "pazhou-laboratory"})
    assert r.status_code == 404 and "Traceback" not in r.text
    for iri in (RES + "shenzhen\n", RES + "shen zhen", "javascript:alert(1)"):
        r = live_server.get("/panel/city_members.csv", params={"iri": iri})
        assert r.status_code == 404, iri


def test_observation_lists_no_class_as_external_identifier(live_server: Server):
    obs = sparql(live_server, P + "SELECT ?o WHERE { ?o gskg:refArea res:shenzhen } LIMIT 1")[0][
        "o"
    ]
    text = live_server.get(f"/resource/{obs[len(RES) :]}").text
    external = (
        text.split('<section class="external">', 1)[1].split("</section>", 1)[0]
        if 'class="external"' in text
        else ""
    )
    assert "rdf:type" not in external and "Observation" not in external


# ---------------------------------------------------------------- in the browser


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_shenzhen_profile_is_short_and_its_mini_graph_readable(chromium, live_server: Server, lang):
    page = new_page(chromium, width=1280, height=900)
    page.goto(f"{live_server.url}/resource/shenzhen?lang={lang}")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 7000, height  # 15 700 px before
    svg = page.locator("svg.neighbourhood").bounding_box()
    assert svg["height"] < 300 and svg["y"] + svg["height"] < 900  # not the first screen
    boxes = page.locator("svg.neighbourhood text").evaluate_all(
        "els => els.map(e => { const b = e.getBBox(); return [b.x, b.y, b.width, b.height]; })"
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = (
                a[0] < b[0] + b[2]
                and b[0] < a[0] + a[2]
                and a[1] < b[1] + b[3]
                and b[1] < a[1] + a[3]
            )
            assert not overlap, (a, b)
    if lang == "en":  # the neighbours' names in English where they have one
        assert "Guangdong" in page.locator("svg.neighbourhood").inner_html()
    # A long panel shows 10 rows and a button; the button shows them all.
    members = page.locator("#panel-city_members tbody tr")
    total = members.count()
    assert total > 10 and sum(members.nth(i).is_visible() for i in range(total)) == 10
    page.locator("#panel-city_members button.show-all").click()
    assert all(members.nth(i).is_visible() for i in range(total))
    shot(page, f"profile-shenzhen-{lang}", full_page=False)
    assert not page.errors, page.errors
    page.context.close()


def test_home_by_keyboard_and_at_375(chromium, live_server: Server):
    page = new_page(chromium, width=375, height=800)
    page.goto(f"{live_server.url}/?lang=en")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("#home-q").focus()
    page.keyboard.type("Canton")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=Canton*")
    assert page.locator("ol.hits li a").first.get_attribute("href") == "/resource/guangzhou"
    assert not page.errors, page.errors
    page.context.close()
