"""The timeline (/timeline, /timeline.json) over real HTTP and in the real Chromium.

Its items are the graph's dated agreements, policies, events and foundings (compared with a
SPARQL query that finds them by class, not by the view's own query); a date is shown at its
precision; filters narrow; bad input is a 400 with a message, never a 500.
"""

from __future__ import annotations

import contextlib
import csv
import io

import pytest
from browsing import new_page, shot
from conftest import Server
from playwright.sync_api import TimeoutError as PlaywrightTimeout

RES = "https://w3id.org/gskg/resource/"
PREFIXES = """PREFIX gskg: <https://w3id.org/gskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# Dated things found by their class (the view finds them by their date property).
DATED = (
    PREFIXES
    + """SELECT DISTINCT ?x ?kind ?date ?precision WHERE {
  { ?x a/rdfs:subClassOf* gskg:Agreement ; gskg:signedOn ?date . BIND("agreement" AS ?kind) }
  UNION { ?x a/rdfs:subClassOf* gskg:Policy ; gskg:issuedOn ?date . BIND("policy" AS ?kind) }
  UNION { ?x a/rdfs:subClassOf* gskg:Event ; gskg:heldOn ?date . BIND("event" AS ?kind) }
  UNION { ?x gskg:foundedOn ?date ; a/rdfs:subClassOf* ?founded . BIND("founding" AS ?kind)
          VALUES ?founded { gskg:Organization gskg:Platform } }
  OPTIONAL { ?x gskg:datePrecision ?precision }
}"""
)


def sparql(server: Server, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT on the server's endpoint: {variable: value}."""
    r = server.post("/sparql", data={"query": query},
                    headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in row.items()} for row in r.json()["results"]["bindings"]]


@pytest.fixture(scope="module")
def dated(live_server: Server) -> list[dict[str, str]]:
    """The graph's dated things, by SPARQL."""
    return sparql(live_server, DATED)


def timeline(server: Server, query: str = "") -> dict:
    r = server.get("/timeline.json" + query)
    assert r.status_code == 200, r.text
    return r.json()


def test_items_equal_the_dated_agreements_policies_events_and_foundings(live_server, dated):
    data = timeline(live_server)
    counted = PREFIXES + f"SELECT (COUNT(*) AS ?n) {{ {{ {DATED[len(PREFIXES) :]} }} }}"
    (count,) = sparql(live_server, counted)  # the SPARQL count of the dated things
    assert data["total"] == int(count["n"])
    got = {(i["iri"], i["kind"]) for i in data["items"]}
    assert got == {(row["x"], row["kind"]) for row in dated}
    assert data["total"] == len(data["items"]) == len(dated)
    kinds = {row["kind"] for row in dated}
    assert kinds == {"agreement", "policy", "event", "founding"}  # every kind is present
    starts = [i["start"] for i in data["items"]]
    assert starts == sorted(starts)


@pytest.mark.parametrize("precision, length", [("year", 4), ("month", 7), ("day", 10)])
def test_a_date_is_shown_at_its_precision(live_server, dated, precision, length):
    """A year-only date is "2017" spanning 2017, never 2017-01-01 (likewise a month)."""
    items = {(i["iri"], i["kind"]): i for i in timeline(live_server)["items"]}
    rows = [r for r in dated if r.get("precision", "day") == precision]
    assert rows, f"the graph has no {precision}-precision date"
    for row in rows:
        item = items[(row["x"], row["kind"])]
        assert item["precision"] == precision
        assert item["date"] == row["date"][:length]
        year, month = int(row["date"][:4]), int(row["date"][5:7])
        expected_end = {
            "year": f"{year + 1}-01-01",
            "month": f"{year + month // 12}-{month % 12 + 1:02d}-01",
            "day": row["date"][:10],
        }[precision]
        assert item["start"] == row["date"][:length] + "-01-01"[: 10 - length]
        assert item["end"] == expected_end


@pytest.mark.parametrize("facet, slug", [("city", "shenzhen"), ("city", "guangzhou"),
                                         ("topic", "artificial-intelligence")])  # fmt: skip
def test_filters_by_city_and_topic(live_server, facet, slug):
    every = timeline(live_server)["items"]
    some = timeline(live_server, f"?{facet}={slug}")["items"]
    key = "cities" if facet == "city" else "topics"
    assert some and len(some) < len(every)
    assert some == [i for i in every if RES + slug in i[key]]


def test_city_filter_matches_sparql(live_server, dated):
    """An item is in Shenzhen when it, a party, issuer, venue, founder… is (or lies in)
    Shenzhen: the one definition of a resource's city (web/cities.py)."""
    rows = sparql(
        live_server,
        PREFIXES
        + """SELECT DISTINCT ?x WHERE {
      VALUES ?p { gskg:signedOn gskg:issuedOn gskg:heldOn gskg:foundedOn } ?x ?p ?d .
      ?x (gskg:locatedIn|gskg:partOf|gskg:refArea|gskg:signedAt|gskg:heldAt|gskg:hasParty
          |gskg:issuedBy|gskg:foundedBy)* <https://w3id.org/gskg/resource/shenzhen> . }""",
    )
    got = {i["iri"] for i in timeline(live_server, "?city=shenzhen")["items"]}
    assert got == {r["x"] for r in rows}


@pytest.mark.parametrize("kind", ["agreement", "policy", "event", "founding"])
def test_filter_by_kind(live_server, dated, kind):
    items = timeline(live_server, f"?kind={kind}")["items"]
    assert {i["iri"] for i in items} == {r["x"] for r in dated if r["kind"] == kind}


@pytest.mark.parametrize("query", ["?kind=treaty", "?city=atlantis", "?topic=%3Cscript%3E",
                                   "?city=%00", "?limit=0", "?limit=abc", "?limit=99999999",
                                   "?city=" + "x" * 5000, "?city=%ED%A0%80"])  # fmt: skip
@pytest.mark.parametrize("path", ["/timeline.json", "/timeline"])
def test_bad_input_is_a_400_with_a_message(live_server, path, query):
    r = live_server.get(path + query)
    if path == "/timeline" and query.startswith("?limit"):
        assert r.status_code == 200  # the page does not take a limit
        return
    assert r.status_code == 400, r.text[:300]
    assert "Traceback" not in r.text
    if path.endswith(".json"):
        assert r.json()["error"]


# ---------------------------------------------------------------- in the browser


def test_timeline_page_draws_every_item_and_opens_its_page(chromium, live_server):
    data = timeline(live_server)
    page = new_page(chromium)
    page.goto(live_server.url + "/timeline")
    page.wait_for_selector("#timeline-chart .vis-item")
    assert page.locator(".timeline-list li").count() == data["total"]
    # the chart opens on the busy years; zoomed out, it draws every item
    page.evaluate("window.gskgTimeline.fit({animation: false})")
    page.wait_for_timeout(300)
    assert page.locator("#timeline-chart .vis-item:not(.vis-dot)").count() == data["total"]
    # a bar for dates known to the year, a short bar (a marked point) for a month, a point
    # for a day
    ranged = sum(1 for i in data["items"] if i["precision"] == "year")
    months = sum(1 for i in data["items"] if i["precision"] == "month")
    assert page.locator("#timeline-chart .vis-item.vis-range").count() == ranged
    assert page.locator("#timeline-chart .vis-item.vis-point").count() == data["total"] - ranged
    assert page.locator("#timeline-chart .vis-item.vis-point.precision-month").count() == months
    shot(page, "timeline")
    first = data["items"][0]
    page.locator("#timeline-chart .vis-item", has_text=first["zh"]).first.click()
    page.wait_for_url("**" + first["url"])
    assert not page.errors, page.errors


# Items whose name is cut inside their own box (a month bar), or that cover each other.
CUT_OR_COVERED = """() => {
  const items = [...document.querySelectorAll('#timeline-chart .vis-item.vis-point,'
                                              + ' #timeline-chart .vis-item.vis-range')];
  const cut = items.filter(e => e.classList.contains('vis-point'))
    .filter(e => { const c = e.querySelector('.vis-item-content');
                   return c.getBoundingClientRect().right > e.getBoundingClientRect().right + 1
                     || c.scrollWidth > c.clientWidth + 1; })
    .map(e => e.innerText);
  const view = document.querySelector('#timeline-chart .vis-panel.vis-center')
    .getBoundingClientRect();
  const box = items.map(e => { const r = e.getBoundingClientRect();  // the part one can see
    return [e.innerText, {left: Math.max(r.left, view.left), right: Math.min(r.right, view.right),
                          top: r.top, bottom: r.bottom}]; });
  const covered = [];
  box.forEach(([a, r], i) => box.slice(i + 1).forEach(([b, s]) => {
    if (r.left < s.right - 4 && s.left < r.right - 4
        && r.top < s.bottom - 4 && s.top < r.bottom - 4)
      covered.push([a, b]);
  }));
  return {cut, covered, width: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_month_items_keep_their_whole_name(chromium, live_server, lang):
    """A month is a few pixels wide: its item shows its whole name (not "Gu" in a bar), and
    no item covers another, at 1280 and 375 px, without sideways scrolling."""
    months = [i for i in timeline(live_server)["items"] if i["precision"] == "month"]
    assert months
    page = new_page(chromium, width=1280)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/timeline?lang={lang}")
        page.wait_for_selector("#timeline-chart .vis-item")
        with contextlib.suppress(PlaywrightTimeout):  # vis-timeline lays out in a few frames
            page.wait_for_function(
                f"() => {{ const f = ({CUT_OR_COVERED})();"
                " return !f.cut.length && !f.covered.length; }",
                timeout=5000,
            )
        found = page.evaluate(CUT_OR_COVERED)
        assert page.locator(".vis-item.precision-month").count() > 0
        assert not found["cut"], (width, found["cut"])
        assert not found["covered"], (width, found["covered"])
        assert found["width"] <= width, (width, found["width"])
        shot(page, f"timeline-months-{lang}-{width}", full_page=False)
    assert not page.errors, page.errors
    page.context.close()


def test_timeline_filters_by_keyboard(chromium, live_server):
    page = new_page(chromium, lang="en-GB")
    page.goto(live_server.url + "/timeline")
    assert page.locator("h1").inner_text().startswith("Timeline")
    page.focus("select[name=city]")
    page.keyboard.press("ArrowDown")  # the most frequent city
    for _ in range(5):  # topic, kind, from year, to year, the button
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**city=*")
    slug = page.url.split("city=")[1].split("&")[0]
    expected = timeline(live_server, f"?city={slug}")["total"]
    assert page.locator(".timeline-list li").count() == expected


def test_year_range_filters_the_items(live_server):
    everything = timeline(live_server)["items"]
    some = timeline(live_server, "?from=2019&to=2020")
    expected = [i for i in everything if 2019 <= int(i["date"][:4]) <= 2020]
    assert some["total"] == len(expected) > 0
    assert all(2019 <= int(i["date"][:4]) <= 2020 for i in some["items"])
    html = live_server.get("/timeline?from=2019&to=2020&lang=en").text
    assert html.count('<li class="kind-') == len(expected)
    for bad in ("from=19", "from=2021&to=2019", "to=abcd"):
        r = live_server.get(f"/timeline?{bad}")
        assert r.status_code == 400 and "year" in r.text


def test_the_chart_opens_on_the_busy_years(chromium, live_server):
    """A lone early item (2011) must not squeeze 2018–2021 into a corner: the chart opens
    on the shortest run of years holding most items."""
    items = timeline(live_server)["items"]
    years = sorted(int(i["date"][:4]) for i in items)
    page = new_page(chromium, width=1280)
    page.goto(live_server.url + "/timeline?lang=en")
    page.wait_for_selector("#timeline-chart .vis-item")
    start, end = page.evaluate("[window.gskgTimeline.getWindow().start.getFullYear(), "
                               "window.gskgTimeline.getWindow().end.getFullYear()]")  # fmt: skip
    assert years[0] < start <= 2019 and end >= 2021, (years, start, end)
    inside = [y for y in years if start <= y < end]
    assert len(inside) >= 0.8 * len(years)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_timeline_csv_is_the_filtered_list_and_safe_in_a_spreadsheet(live_server):
    r = live_server.get("/timeline.csv?from=2019&to=2020")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:3] == ["date", "precision", "kind"]
    assert len(rows) - 1 == timeline(live_server, "?from=2019&to=2020")["total"]
    from gskg.web.timeline import safe_cell

    for cell in ("=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(cell) == "'" + cell
    assert safe_cell("2019-07") == "2019-07" and safe_cell("广州") == "广州"
    for row in rows[1:]:
        assert not any(c.startswith(("=", "+", "-", "@")) for c in row), row
