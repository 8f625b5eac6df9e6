"""Browse (/browse, /browse/<Class>) over real HTTP and in the real Chromium.

Every class is listed with its number of members, and a class's list and facet counts equal
SPARQL counts on the same server (before and after narrowing by facets); paging, sorting,
the CSV download, state in the URL, and bad input (4xx with a message, never a 500).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from browsing import new_page, shot
from conftest import Server
from test_web_timeline import sparql

G = "https://w3id.org/gskg/ontology#"
RES = "https://w3id.org/gskg/resource/"
PREFIXES = f"""PREFIX gskg: <{G}> PREFIX res: <{RES}> PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
CITY_PATH = "(gskg:locatedIn|gskg:partOf|gskg:refArea|gskg:signedAt|gskg:heldAt|gskg:hasParty|gskg:issuedBy|gskg:foundedBy)*"  # noqa: E501
#: facet → the SPARQL pattern that says a member ?x has the value {v}
FACET_PATTERNS = {
    "city": f"?x {CITY_PATH} res:{{v}} .",
    "sub": "?x a gskg:{v} .",
    "topic": "?x gskg:hasTopic res:{v} .",
    "doc": "?ax owl:annotatedSource ?x ; owl:annotatedProperty rdf:type ; gskg:source res:{v} .",
    "indicator": "?x gskg:indicator res:{v} .",
    "period": "?x gskg:refPeriod res:{v} .",
}


def sparql_count(server: Server, cls: str, facets: dict[str, str], *more: tuple[str, str]) -> int:
    """Members of `cls` with every facet value (`more`: further ones, the same facet too)."""
    chosen = [*facets.items(), *more]
    patterns = " ".join(FACET_PATTERNS[k].format(v=v).replace("?ax", f"?ax{i}")
                        for i, (k, v) in enumerate(chosen))  # fmt: skip
    rows = sparql(
        server,
        PREFIXES
        + f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{
        ?x a/rdfs:subClassOf* gskg:{cls} . FILTER(STRSTARTS(STR(?x), STR(res:))) {patterns} }}""",
    )
    return int(rows[0]["n"])


def page(server: Server, path: str, **params: str) -> str:
    r = server.get(path, params=params)
    assert r.status_code == 200, r.text[:500]
    return r.text


def total(html: str) -> int:
    return int(re.search(r'role="status">(\d+)', html).group(1))


def facet_counts(html: str) -> dict[tuple[str, str], int]:
    found = re.findall(r'data-facet="(\w+)" data-value="([\w-]+)">(\d+)<', html)
    return {(k, v): int(n) for k, v, n in found}


def test_every_class_is_listed_with_its_member_count(live_server):
    html = page(live_server, "/browse")
    shown = dict(re.findall(r'href="/browse/(\w+)">.*?</a>\s*<span class="count">(\d+)<', html))
    classes = sparql(
        live_server,
        PREFIXES
        + """SELECT ?c WHERE { ?c a owl:Class
        FILTER(STRSTARTS(STR(?c), STR(gskg:))) }""",
    )
    names = {c["c"][len(G) :] for c in classes}
    # the graph's machinery (memberships, units, periods) and empty classes are left out
    internal = {"Membership", "Unit", "Period"}
    empty = {n for n in names - internal if sparql_count(live_server, n, {}) == 0}
    assert names - internal - empty == set(shown)
    assert not internal & set(shown) and not empty & set(shown)
    for name in ("City", "Organization", "Platform", "Agreement", "Observation", "Agent"):
        assert int(shown[name]) == sparql_count(live_server, name, {}), name


def test_the_hierarchy_nests_subclasses(live_server):
    html = page(live_server, "/browse")
    org = html.index('href="/browse/Organization"')
    assert org < html.index('href="/browse/Firm"') < html.index("</ul>", org + 1) + 1000


@pytest.mark.parametrize(
    ("cls", "facets"),
    [
        ("City", {}),
        ("Organization", {}),
        ("Organization", {"city": "guangzhou"}),
        ("Organization", {"city": "guangzhou", "sub": "Firm"}),
        ("Platform", {"city": "shenzhen"}),
        ("Agreement", {}),
        ("Observation", {"city": "guangzhou"}),
    ],
)
def test_list_and_facet_counts_equal_sparql_counts(live_server, cls, facets):
    html = page(live_server, f"/browse/{cls}", **facets)
    assert total(html) == sparql_count(live_server, cls, facets)
    counts = facet_counts(html)
    assert counts, "no facet shown"
    checked: dict[str, int] = {}
    for (key, value), n in counts.items():
        if checked.get(key, 0) >= 6:  # the first six values of each facet
            continue
        checked[key] = checked.get(key, 0) + 1
        assert n == sparql_count(live_server, cls, facets, (key, value)), (key, value)


def test_counts_narrow_as_facets_are_chosen(live_server):
    wide = facet_counts(page(live_server, "/browse/Organization"))
    narrow = facet_counts(page(live_server, "/browse/Organization", city="guangzhou"))
    assert narrow != wide
    assert all(n <= wide[key] for key, n in narrow.items())


def test_the_url_holds_the_state(live_server):
    html = page(live_server, "/browse/Organization", city="guangzhou", sort="statements")
    links = re.findall(r'href="(/browse/Organization\?[^"]+)"', html)
    facet_links = [u for u in links if "sub=" in u]
    assert facet_links and all("city=guangzhou" in u and "sort=statements" in u
                               for u in facet_links)  # fmt: skip
    shared = page(live_server, facet_links[0].replace("&amp;", "&"))
    assert total(shared) < total(html)


def test_paged_and_sortable(live_server):
    first = page(live_server, "/browse/Organization", sort="statements")
    second = page(live_server, "/browse/Organization", sort="statements", page="2")
    rows = [re.findall(r'href="/resource/([\w-]+)" lang="zh"', h) for h in (first, second)]
    assert len(rows[0]) == 50 and rows[1] and not set(rows[0]) & set(rows[1])
    assert len(rows[0]) + len(rows[1]) <= total(first)
    numbers = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', first + second)]
    assert numbers == sorted(numbers, reverse=True)
    by_en = page(live_server, "/browse/City", sort="en")
    names = re.findall(r'<td lang="en">([^<]*)</td>', by_en)
    assert names == sorted(names, key=str.casefold)


def test_csv_download_is_the_filtered_list(live_server):
    r = live_server.get("/browse/Organization.csv", params={"city": "guangzhou"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == sparql_count(live_server, "Organization", {"city": "guangzhou"})
    assert all(RES + "guangzhou" in row["cities"].split() for row in rows)
    html = page(live_server, "/browse/Organization", city="guangzhou")
    assert 'href="/browse/Organization.csv?city=guangzhou"' in html


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/browse/Nope", 404),
        ("/browse/%3Cscript%3E", 404),
        ("/browse/City?page=0", 400),
        ("/browse/City?page=abc", 400),
        ("/browse/City?page=99999999999999999999", 400),
        ("/browse/City?page=9", 404),
        ("/browse/City?city=nowhere", 400),
        ("/browse/City?sub=Firm", 400),
        ("/browse/City?topic=%00", 400),
        ("/browse/City?doc=%ED%A0%80", 400),
        ("/browse/City?sort=DROP", 400),
        ("/browse/Nope.csv", 404),
        ("/browse/City.csv?city=nowhere", 400),
    ],
)
def test_bad_input_is_a_4xx_with_a_message(live_server, path, status):
    r = live_server.get(path)
    assert r.status_code == status, r.text[:300]
    assert "error-message" in r.text and "Traceback" not in r.text
    assert "<script>" not in r.text.split("<main>", 1)[1]


# ---------------------------------------------------------------- in the browser


def test_browse_by_keyboard_and_narrow_by_a_facet(chromium, live_server):
    page_ = new_page(chromium)
    page_.goto(live_server.url + "/browse")
    shot(page_, "browse")
    page_.locator('a[href="/browse/Organization"]').focus()
    page_.keyboard.press("Enter")
    page_.wait_for_url("**/browse/Organization")
    before = int(page_.locator("p.count").inner_text().split()[0])
    page_.locator('aside.facets a[href*="city=guangzhou"]').first.click()
    page_.wait_for_url("**/browse/Organization?city=guangzhou")
    after = int(page_.locator("p.count").inner_text().split()[0])
    assert after == sparql_count(live_server, "Organization", {"city": "guangzhou"}) < before
    shot(page_, "browse-organization-guangzhou", full_page=False)
    assert not page_.errors, page_.errors


def test_browse_at_375_px(chromium, live_server):
    page_ = new_page(chromium, width=375, height=800)
    page_.goto(live_server.url + "/browse/City?lang=en")
    width = page_.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375 + 1
    shot(page_, "browse-city-375")


def test_observations_have_value_unit_period_and_their_facets(live_server):
    html = page(live_server, "/browse/Observation", lang="en")
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    for column in ("Value", "Period"):  # the value cell writes its unit: "7024 items"
        assert f">{column}<" in head, column
    counts = facet_counts(html)
    assert any(k == "indicator" for k, _ in counts) and any(k == "period" for k, _ in counts)
    rows = sparql(
        live_server,
        PREFIXES
        + """SELECT ?v ?u WHERE {
        res:obs-high-tech-enterprise-count-guangzhou gskg:value ?v ;
        gskg:unitOfMeasure/rdfs:label ?u FILTER(LANG(?u) = "en") }""",
    )
    one = page(
        live_server, "/browse/Observation", lang="en", indicator="high-tech-enterprise-count"
    )
    row = re.search(r'obs-high-tech-enterprise-count-guangzhou".*?</tr>', one, re.S).group(0)
    value = f"{Decimal(rows[0]['v']):,f}"  # as people read it: 11746.0 → 11,746
    value = value.rstrip("0").rstrip(".") if "." in value else value
    assert value in row and rows[0]["u"].split(" (")[0] in row
    assert total(one) == sparql_count(
        live_server, "Observation", {"indicator": "high-tech-enterprise-count"}
    )


def test_a_long_list_of_cities_says_how_many_more(live_server):
    """The city cell lists three cities, then says how many more there are."""
    rows = sparql(
        live_server,
        PREFIXES
        + f"""SELECT ?x (COUNT(DISTINCT ?c) AS ?n) WHERE {{
        ?x a/rdfs:subClassOf* gskg:Platform ; {CITY_PATH} ?c . ?c a gskg:City }}
        GROUP BY ?x HAVING(COUNT(DISTINCT ?c) > 3) ORDER BY DESC(?n) ?x""",
    )
    assert rows, "a platform in more than three cities"
    html = "".join(page(live_server, "/browse/Platform", lang="en", page=str(p))
                   for p in (1, 2))  # fmt: skip
    for row in rows:
        slug, n = row["x"][len(RES) :], int(row["n"])
        cell = re.search(rf'/resource/{slug}".*?</tr>', html, re.S)
        if cell:
            assert f"and {n - 3} more" in cell.group(0)
            cities = re.findall(r"<td>(.*?)</td>", cell.group(0), re.S)[-1]
            assert cities.count("<span lang=") == 3, cities  # three cities, one name each
            return
    raise AssertionError("none of them is listed")
