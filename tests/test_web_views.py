"""The query page's result views and downloads, in the real Chromium and over real HTTP.

A query picks its view with `#defaultView:Table|BarChart|LineChart|Timeline|Graph` (the
Wikidata Query Service's names); each of the ten analyst queries names one; the user can
switch views; results download as CSV and XLSX.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import browser, foreign, have_chromium, new_page, shot
from conftest import ROOT, Server
from test_web_timeline import sparql

QUERIES = sorted((ROOT / "queries").glob("[0-9][0-9]-*.rq"))
PACKAGED = ROOT / "src" / "gskg" / "queries"
VIEWS = {"Table": "table", "BarChart": "barchart", "LineChart": "linechart",
         "Timeline": "timeline", "Graph": "graph"}  # fmt: skip
PREFIXES = """PREFIX gskg: <https://w3id.org/gskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# Queries for the views no analyst query uses, on the real graph.
BAR = (
    PREFIXES
    + """#defaultView:BarChart
SELECT ?kind ?kindLabel (COUNT(?x) AS ?members) WHERE {
  ?x a ?kind . ?kind rdfs:subClassOf* gskg:Platform .
  ?kind rdfs:label ?kindLabel FILTER(LANG(?kindLabel) = "zh")
} GROUP BY ?kind ?kindLabel ORDER BY DESC(?members)"""
)
LINE = (
    PREFIXES
    + """#defaultView:LineChart
SELECT ?year (COUNT(?x) AS ?dated) WHERE {
  VALUES ?p { gskg:signedOn gskg:issuedOn gskg:heldOn gskg:foundedOn } ?x ?p ?d .
  BIND(STR(YEAR(?d)) AS ?year)
} GROUP BY ?year ORDER BY ?year"""
)


def view_of(path: Path) -> str:
    """The `#defaultView:` a query file names (exactly one line)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.startswith("#defaultView:")]  # fmt: skip
    assert len(lines) == 1, f"{path.name}: one #defaultView: line expected"
    return lines[0].split(":", 1)[1].strip()


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_each_analyst_query_names_its_view(path):
    assert view_of(path) in VIEWS
    assert view_of(PACKAGED / path.name) == view_of(path)  # the copy in the package too
    assert path.read_text(encoding="utf-8").splitlines()[2].startswith("#defaultView:")


def test_the_analyst_queries_use_the_pictures():
    used = {view_of(p) for p in QUERIES}
    assert {"Table", "Timeline", "Graph"} <= used


# ---------------------------------------------------------------- downloads


def test_xlsx_download_holds_the_results(live_server):
    from openpyxl import load_workbook

    query = (ROOT / "queries" / "06-side-by-side-statistics.rq").read_text(encoding="utf-8")
    rows = sparql(live_server, query)
    r = live_server.post("/results.xlsx", data={"query": query})
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(r.content)).active
    table = list(sheet.iter_rows(values_only=True))
    header = table[0]
    assert "gzValue" in header and "szValue" in header
    assert len(table) - 1 == len(rows)
    col = header.index("gzValue")
    got = sorted(float(t[col]) for t in table[1:])
    assert got == sorted(float(r["gzValue"]) for r in rows)
    assert all(isinstance(t[col], int | float) for t in table[1:])  # numbers, not text


def test_csv_download_is_the_endpoints_csv(live_server):
    query = (ROOT / "queries" / "02-agreements-both-cities.rq").read_text(encoding="utf-8")
    r = live_server.get("/results.csv", params={"query": query})
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    direct = live_server.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert r.content == direct.content
    assert r.content.decode("utf-8").startswith("agreement,agreementLabel,")


@pytest.mark.parametrize("data, status", [
    ({}, 400), ({"query": ""}, 400), ({"query": "ASK {}"}, 400),
    ({"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, 400), ({"query": "SELECT * {"}, 400),
    ({"query": "SELECT * { SERVICE <http://example.org/s> { ?s ?p ?o } }"}, 403),
    ({"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}, 400),
    ({"query": ["SELECT * {}", "SELECT * {}"]}, 400),
])  # fmt: skip
@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_downloads_refuse_what_is_not_one_select(live_server, data, status, ext):
    r = live_server.post(f"/results.{ext}", data=data)
    assert 400 <= r.status_code < 500, r.text[:300]
    assert "Traceback" not in r.text


# ---------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def query_page(live_server: Server) -> Iterator:
    """The query page in headless Chromium, loaded once."""
    if not have_chromium():
        pytest.fail("Debian's chromium is not installed: run `make system-deps`", pytrace=False)
    with browser() as b:
        page = new_page(b)
        page.goto(live_server.url + "/query")
        page.wait_for_selector(".yasqe .CodeMirror")
        yield page


def run(page, query: str) -> None:
    """Put `query` in the editor and run it; wait for the response."""
    page.evaluate("q => { const t = window.gskgYasgui.getTab(); t.setQuery(q); t.query(); }", query)
    page.wait_for_function("() => !document.querySelector('.yasgui .tab.active.querying')")
    page.wait_for_selector(".yasr_results > *")


def drawn(page) -> str:
    return page.evaluate("() => window.gskgYasgui.getTab().getYasr().drawnPlugin")


CASES = [
    ("BarChart", lambda: BAR, ".yasr .gskg-chart canvas"),
    ("LineChart", lambda: LINE, ".yasr .gskg-chart canvas"),
    ("Timeline", lambda: (ROOT / "queries" / "02-agreements-both-cities.rq").read_text("utf-8"),
     ".yasr .gskg-chart .vis-timeline"),
    ("Graph", lambda: (ROOT / "queries" / "04-cross-city-branches.rq").read_text("utf-8"),
     ".yasr .gskg-chart canvas"),
    ("Table", lambda: (ROOT / "queries" / "06-side-by-side-statistics.rq").read_text("utf-8"),
     ".yasr table.dataTable tbody tr"),
]  # fmt: skip


@pytest.mark.parametrize("name, query, selector", CASES, ids=[c[0] for c in CASES])
def test_the_query_picks_its_view(query_page, live_server, name, query, selector):
    run(query_page, query())
    query_page.wait_for_selector(selector, timeout=15000)
    assert drawn(query_page) == VIEWS[name]
    shot(query_page, f"view-{name.lower()}")
    assert not foreign(query_page.requests, live_server.url)
    assert not query_page.errors, query_page.errors


def test_timeline_view_honours_the_date_precision(query_page):
    """Query 02: the 2017 agreement is known to the year: a bar over 2017, not a point."""
    run(query_page, (ROOT / "queries" / "02-agreements-both-cities.rq").read_text("utf-8"))
    query_page.wait_for_selector(".yasr .vis-timeline .vis-item")
    item = query_page.locator(".yasr .vis-item", has_text="云计算产业战略合作协议")
    assert "vis-range" in item.get_attribute("class")
    day = query_page.locator(".yasr .vis-item", has_text="深化合作框架协议").first
    assert "vis-point" in day.get_attribute("class")


def test_the_user_switches_views(query_page):
    run(query_page, BAR)
    query_page.wait_for_selector(".yasr .gskg-chart canvas")
    query_page.click(".yasr .select_table")
    query_page.wait_for_selector(".yasr table.dataTable tbody tr")
    assert drawn(query_page) == "table"
    query_page.click(".yasr .select_linechart")
    query_page.wait_for_selector(".yasr .gskg-chart canvas")
    assert drawn(query_page) == "linechart"


def test_a_query_without_a_view_comment_is_a_table(query_page):
    run(query_page, PREFIXES + "SELECT ?c WHERE { ?c a gskg:City } LIMIT 3")
    query_page.wait_for_selector(".yasr table.dataTable tbody tr")
    assert drawn(query_page) == "table"


def test_download_buttons_send_the_editors_query(query_page):
    from openpyxl import load_workbook

    run(query_page, BAR)
    with query_page.expect_download() as info:
        query_page.click("#download button[formaction$='results.xlsx']")
    assert info.value.suggested_filename == "results.xlsx"
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert next(sheet.iter_rows(values_only=True)) == ("kind", "kindLabel", "members")
    with query_page.expect_download() as info:
        query_page.click("#download button:not([formaction])")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("kind,kindLabel,members")


def test_typing_in_the_editor_asks_no_other_host(query_page, live_server):
    """Yasqe's completers for prefixes and terms would ask prefix.cc and LOV: they are off."""
    enabled = query_page.evaluate(
        "() => window.gskgYasgui.getTab().getYasqe().config.autocompleters"
    )
    assert enabled == ["variables"]
    query_page.evaluate("() => window.gskgYasgui.getTab().getYasqe().setValue('')")
    query_page.click(".yasqe .CodeMirror")
    query_page.keyboard.type("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nSELECT * { ?s a foaf:Pe")
    query_page.keyboard.press("Control+Space")
    query_page.keyboard.type("\n?s foaf:na")
    query_page.keyboard.press("Control+Space")
    query_page.wait_for_timeout(1500)
    assert not foreign(query_page.requests, live_server.url), foreign(
        query_page.requests, live_server.url
    )
    assert not query_page.errors, query_page.errors


def test_charts_never_mix_indicators_or_scales(query_page):
    """Query 06 as a bar and as a line chart: one chart per unit (no 2.5×10¹² base value
    beside 25 %), and a line never runs from one indicator to another."""
    run(query_page, (ROOT / "queries" / "06-side-by-side-statistics.rq").read_text("utf-8"))
    query_page.wait_for_selector(".yasr table.dataTable tbody tr")
    plan = "t => window.gskgViews.chartPlan(window.gskgViews.columns(window.gskgYasgui.getTab().getYasr()), t)"  # noqa: E501
    for kind in ("bar", "line"):
        charts = query_page.evaluate(plan, kind)
        units = [c["unit"] for c in charts]
        assert len(units) == len(set(units)) >= 5 and "%" in units
        symbols = {s for c in charts for d in c["datasets"] for s in d["symbols"]}
        assert {">", "≥", "top"} <= symbols  # 过两万亿, 80%以上, 前两位: in the tooltips
        # the values as written, not base values (元), except in the base unit's own chart:
        # a row whose two values have different units (GDP 万亿元 beside 亿元) goes there
        big = {c["unit"] for c in charts for d in c["datasets"] for x in d["data"]
               if x is not None and x >= 1e6}  # fmt: skip
        assert big <= {"元"}, big
        for c in charts:
            labels = [d["label"] for d in c["datasets"]]
            if kind == "bar":
                assert set(labels) <= {"gz", "sz"}  # one series per city (and unit)
            else:  # one line per indicator and city
                assert len(labels) == len(set(labels)) and all(" · " in x for x in labels)
    query_page.click(".yasr .select_barchart")
    query_page.wait_for_selector(".yasr .gskg-charts figure canvas")
    assert query_page.locator(".yasr .gskg-charts figure").count() == len(charts)
    assert not query_page.errors, query_page.errors


def test_chart_categories_show_dates_at_their_precision(query_page):
    """A date known to the month is "2021-05" on an axis, never 2021-05-01 (columns.js)."""
    xsd = "http://www.w3.org/2001/XMLSchema#dateTime"
    row = {"d": {"type": "literal", "datatype": xsd, "value": "2021-05-01T00:00:00"}}
    texts = [query_page.evaluate("([r, p]) => window.gskgViews.text(p ? Object.assign({"
                                 "datePrecision: {type: 'literal', value: p}}, r) : r, 'd')",
                                 [row, p]) for p in ("year", "month", "day", None)]  # fmt: skip
    assert texts == ["2021", "2021-05", "2021-05-01", "2021-05-01"]
