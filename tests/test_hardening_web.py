"""Issue 18, the web half: one regression test per numbered item, over real HTTP (the
embedded server and the gunicorn production command) unless the item is about a module.

test_itemNN_… is named after the issue's item NN; each failed on the code before the fix.
"""

from __future__ import annotations

import contextlib
import csv
import http.client
import io
import json
import logging
import socket
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from conftest import Server, free_port, server_env, start_server, stop_server

XSD = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
ONE = XSD + "SELECT ?x WHERE { VALUES ?x { %s } }"
#: 43 columns × 5 000 rows (the test servers' row cap): over the download cap.
WIDE = XSD + (
    "SELECT * WHERE { ?s ?p ?o "
    + " ".join(f"BIND(CONCAT(STR(?o), '{i}') AS ?c{i})" for i in range(40))
    + " } LIMIT 5000"
)
HOSTILE_CELLS = ['=HYPERLINK("http://evil.example/","x")', "+1+2", "-2+3", "@SUM(A1)",
                 "\tx", "\rx", "=1+1"]  # fmt: skip


def close_app(app) -> None:
    """Stop an in-process app's query workers, after its catalog warm-up (which uses one)."""
    from gskg.errors import GskgError
    from gskg.web.catalog import current

    backend = app.extensions["gskg"]
    with contextlib.suppress(GskgError):
        current(app.extensions, backend, wait=None)
    backend.executor.close()


def _timed_get(url: str, **kw) -> tuple[float, requests.Response]:
    start = time.monotonic()
    resp = requests.get(url, timeout=60, **kw)
    return time.monotonic() - start, resp


def _bounded_downloads(server: Server) -> None:
    """Oversized /results.xlsx requests in flight; /health keeps answering under 1 s and
    each download answers within 5 s with a 4xx or a file.  On this shared 2-core machine
    a poll is sometimes descheduled for a second whatever the server does: a second try
    is allowed (a stall of the serving process, as before the fix, fails both)."""
    try:
        _bounded_downloads_once(server)
    except AssertionError:
        _bounded_downloads_once(server)


def _bounded_downloads_once(server: Server) -> None:
    queries = [ONE % '"1E400000"^^xsd:integer', WIDE]
    results: list[tuple[float, int]] = []
    # A serving server: its query workers started (a pool forks them on first use).
    with ThreadPoolExecutor(16) as pool:
        for _ in range(3):
            list(pool.map(lambda _: requests.get(server.url + "/health", timeout=60), range(16)))

    def download(q: str) -> None:
        took, r = _timed_get(server.url + "/results.xlsx", params={"query": q})
        results.append((took, r.status_code))

    threads = [threading.Thread(target=download, args=(q,)) for q in queries]
    for t in threads:
        t.start()
    health = []
    while any(t.is_alive() for t in threads):
        took, r = _timed_get(server.url + "/health")
        assert r.status_code == 200
        health.append(took)
    for t in threads:
        t.join()
    assert health and max(health) < 1.0, health
    assert len(results) == len(queries)
    for took, status in results:
        assert took < 5.0 and (status == 200 or 400 <= status < 500), results


def test_item01_xlsx_huge_integer_bounded_embedded(embedded_server: Server) -> None:
    _bounded_downloads(embedded_server)


def test_item01_xlsx_huge_integer_bounded_gunicorn(live_server: Server) -> None:
    _bounded_downloads(live_server)


def test_item01_download_cap_is_a_clear_400(live_server: Server) -> None:
    r = live_server.get("/results.xlsx", params={"query": WIDE})
    assert r.status_code == 400
    assert "43 columns" in r.text and "capped at 50000 cells" in r.text


def test_item01_numbers_numeric_or_text_never_a_crash(live_server: Server) -> None:
    from openpyxl import load_workbook

    values = ['"1E300000"^^xsd:integer', '"1E309"^^xsd:integer', '"INF"^^xsd:double',
              '"-INF"^^xsd:double', '"NaN"^^xsd:double', '"1e400"^^xsd:double',
              '"12345678901234567890"^^xsd:integer', '"42"^^xsd:integer', '"-2.5"^^xsd:decimal',
              '"3.5E2"^^xsd:double', '"007"^^xsd:int']  # fmt: skip
    r = live_server.get("/results.xlsx", params={"query": ONE % " ".join(values)})
    assert r.status_code == 200, r.text[:300]
    cells = [row[0] for row in load_workbook(io.BytesIO(r.content)).active.iter_rows(
        min_row=2, values_only=True)]  # fmt: skip
    assert cells == ["1E300000", "1E309", "INF", "'-INF", "NaN", "INF",
                     "12345678901234567890", 42, -2.5, 350.0, 7]  # fmt: skip


# ---------------------------------------------------------------- 2: formula injection


def _literal(text: str) -> str:
    return json.dumps(text)  # a SPARQL string literal (JSON escapes are SPARQL's)


def test_item02_xlsx_cells_are_text_never_formulas(live_server: Server) -> None:
    from openpyxl import load_workbook

    q = ONE % " ".join(_literal(c) for c in HOSTILE_CELLS)
    q = q.replace("VALUES ?x {", "VALUES ?x { -7 ")
    r = live_server.get("/results.xlsx", params={"query": q})
    assert r.status_code == 200, r.text[:300]
    sheet = load_workbook(io.BytesIO(r.content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert cells[0].value == -7 and cells[0].data_type == "n"  # a real number stays one
    for c, text in zip(cells[1:], HOSTILE_CELLS, strict=True):
        assert c.data_type == "s", (c.value, c.data_type)
        assert c.value == "'" + text.replace("\r", "\n")  # (XML reads CR as LF)


def test_item02_results_csv_neutralised(live_server: Server) -> None:
    q = ONE % " ".join([*map(_literal, HOSTILE_CELLS), "-7", '"plain"'])
    r = live_server.get("/results.csv", params={"query": q})
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8"), newline="")))
    got = [row[0] for row in rows[1:]]
    assert got == ["'" + t for t in HOSTILE_CELLS] + ["-7", "plain"]


def test_item02_browse_csv_neutralised(tmp_path) -> None:
    """/browse/<Class>.csv from a graph whose labels start formulas."""
    nt = tmp_path / "evil.nt"
    res, onto = "https://w3id.org/gskg/resource/", "https://w3id.org/gskg/ontology#"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    nt.write_text(
        f"<{onto}City> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<http://www.w3.org/2002/07/owl#Class> .\n"
        f"<{res}evil-city> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{onto}City> .\n"
        f'<{res}evil-city> <{label}> "=HYPERLINK(\\"http://evil.example/\\")"@zh .\n'
        f'<{res}evil-city> <{label}> "@cmd|calc"@en .\n',
        encoding="utf-8",
    )
    from gskg.web import create_app

    app = create_app({"data": str(nt)})
    try:
        r = app.test_client().get("/browse/City.csv")
        assert r.status_code == 200, r.get_data(as_text=True)[:300]
        rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
        row = next(x for x in rows if x[0].endswith("evil-city"))
        assert row[1] == '\'=HYPERLINK("http://evil.example/")' and row[2] == "'@cmd|calc"
    finally:
        close_app(app)


# ---------------------------------------------------------------- 3: the language link


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "a" and "lang-switch" in (a.get("class") or ""):
            self.lang.append(a["href"])


def _raw_get(server: Server, target: str, headers: dict | None = None) -> http.client.HTTPResponse:
    """A GET of `target` exactly as written (no client-side normalisation)."""
    host, port = urlsplit(server.url).hostname, urlsplit(server.url).port
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", target, headers=headers or {})
    resp = conn.getresponse()
    resp.body = resp.read()  # type: ignore[attr-defined]
    conn.close()
    return resp


LEAVING = ["/%5Cevil.example/x", "//evil.example/x", "/%5C%5Cevil/x", "/\\evil.example/x",
           "/resource/guangzhou%0A", "/%09/evil"]  # fmt: skip


@pytest.mark.parametrize("target", LEAVING)
def test_item03_language_link_stays_on_the_site(embedded_server: Server, target: str) -> None:
    resp = _raw_get(embedded_server, target)
    assert resp.status == 404
    parser = _Links()
    parser.feed(resp.body.decode("utf-8"))
    assert parser.lang, "the page has a language link"
    for href in parser.lang:
        assert href.startswith("/") and not href.startswith("//"), href
        assert "\\" not in href and not any(ord(ch) < 0x21 for ch in href), href
        # A browser reads `\` as `/` in http(s) URLs: resolved that way, still this host.
        resolved = urljoin(embedded_server.url + "/", href.replace("\\", "/"))
        assert urlsplit(resolved).netloc == urlsplit(embedded_server.url).netloc, href


# ---------------------------------------------------------------- 8: no unhandled 500

ITEM08 = [
    "/browse/City?page=%C2%B2", "/browse/City.csv?page=%C2%B2", "/resource/guangzhou?page=%C2%B2",
    "/compare?page=%C2%B2", "/page?iri=x:y&page=%C2%B2", "/timeline.json?limit=%C2%B2",
    "/browse/City?page=%D9%A3", "/timeline.json?limit=%EF%BC%91", "/timeline.json?limit=+1",
    "/page?iri=x:y%0A", "/page?iri=x:%01", "/page?iri=http://a/%25%25%25", "/page?iri=x:%00",
    "/resource/guangzhou%0A", "/ontology/City%0A", "/resource/guangzhou%0A.ttl",
]  # fmt: skip


@pytest.mark.parametrize("target", ITEM08)
def test_item08_no_unhandled_500(live_server: Server, target: str) -> None:
    resp = _raw_get(live_server, target)
    assert 400 <= resp.status < 500, (target, resp.status, resp.body[:200])
    assert b"Traceback" not in resp.body


@pytest.mark.parametrize("value, cell", [
    ('"a\\u0001b\\u001fc"', "a\ufffdb\ufffdc"), ('"1E309"^^xsd:integer', "1E309"),
    ('"INF"^^xsd:double', "INF"), ('"1' + "0" * 400 + '"^^xsd:integer', "1" + "0" * 400),
])  # fmt: skip
def test_item08_xlsx_odd_values(live_server: Server, value: str, cell: str) -> None:
    from openpyxl import load_workbook

    r = live_server.get("/results.xlsx", params={"query": ONE % value})
    assert r.status_code == 200, r.text[:300]
    assert load_workbook(io.BytesIO(r.content)).active["A2"].value == cell


def test_item08_page_parser_is_strict_ascii() -> None:
    from flask import Flask

    from gskg.errors import BadQuery
    from gskg.web.context import whole_number

    app = Flask(__name__)
    for text in ("²", "٣", "１", "+1", " 1", "1_0", "0", "1e3", "-1", "9" * 30):
        with app.test_request_context("/", query_string={"page": text}), pytest.raises(BadQuery):
            whole_number("page", 1, 1, 1000)
    with app.test_request_context("/", query_string={"page": "12"}):
        assert whole_number("page", 1, 1, 1000) == 12


# ---------------------------------------------------------------- 10: caching headers


@pytest.mark.parametrize("path", ["/browse", "/search?q=%E5%B9%BF%E5%B7%9E", "/compare",
                                  "/resource/guangzhou", "/browse/City"])  # fmt: skip
def test_item10_304_varies_like_its_200(embedded_server: Server, path: str) -> None:
    headers = {"Accept-Language": "en", "Accept-Encoding": "gzip"}
    first = _raw_get(embedded_server, path, headers)
    assert first.status == 200
    again = _raw_get(embedded_server, path, {**headers, "If-None-Match": first.getheader("ETag")})
    assert again.status == 304
    for resp in (first, again):
        names = [k.lower() for k, _ in resp.getheaders()]
        assert names.count("vary") == 1 and names.count("date") == 1, resp.getheaders()

    def vary(resp: http.client.HTTPResponse) -> set[str]:
        return {v.strip().lower() for v in resp.getheader("Vary").split(",")}

    assert vary(again) == vary(first)
    assert {"accept", "cookie", "accept-language"} <= vary(first)


def test_item10_static_file_has_one_date(embedded_server: Server) -> None:
    resp = _raw_get(embedded_server, "/static/gskg.css")
    assert resp.status == 200
    assert [k.lower() for k, _ in resp.getheaders()].count("date") == 1


# ---------------------------------------------------------------- 12: logs


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        from gskg.web.http import _JsonLines

        self.lines.append(_JsonLines().format(record))


@pytest.fixture
def web_log() -> Iterator[_Capture]:
    handler = _Capture()
    logger = logging.getLogger("gskg.web")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


MARKER = "zq-parameter-fragment-7391"


def fails_in_worker(store, value: str) -> None:  # noqa: ARG001
    """A query-worker operation with a bug whose message quotes its argument."""
    raise ValueError(f"bad value {value!r}")


def test_item12_error_log_has_no_parameter_fragments(built_graph, web_log) -> None:
    """An unexpected error (in the serving process and in a query worker) is logged with its
    type and place, never with its message, which quotes the parameter."""
    from flask import request

    from gskg.web import create_app

    app = create_app({"data": str(built_graph / "gskg.nt")})
    backend = app.extensions["gskg"]

    def fails_here() -> str:
        return str(int(request.args["n"]))  # ValueError quoting the value

    app.add_url_rule("/fails-here", view_func=fails_here)
    app.add_url_rule("/fails-in-worker", view_func=lambda: backend.call(
        fails_in_worker, request.args["n"], timeout=5))  # fmt: skip
    try:
        client = app.test_client()
        for path in ("/fails-here", "/fails-in-worker"):
            r = client.get(path, query_string={"n": MARKER})
            assert r.status_code == 500 and "Traceback" not in r.get_data(as_text=True)
    finally:
        close_app(app)
    logged = "\n".join(web_log.lines)
    assert "ValueError" in logged and "/fails-here" in logged  # the type and the place
    assert MARKER not in logged, logged


def test_item12_http_layer_refusals_log_no_request_text(tmp_path, built_graph) -> None:
    """A request the embedded server's HTTP layer refuses: its log line quotes no part of
    the request line."""
    port = free_port()
    log = tmp_path / "server.log"
    server = start_server([sys.executable, "server.py", "--port", str(port)],
                          server_env(built_graph), port, log)  # fmt: skip
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            # Four words: http.server answers "Bad request syntax ('<the request line>')".
            s.sendall(f"GET /sparql?query={MARKER} extra HTTP/1.1\r\n\r\n".encode())
            s.recv(4096)
        time.sleep(0.3)
    finally:
        stop_server(server.proc)
    text = log.read_text(errors="replace")
    assert '"status": 400' in text
    assert MARKER not in text, text[-500:]


# ---------------------------------------------------------------- 13: a failed catalog


@pytest.fixture(scope="module")
def catalog_fails(built_graph, tmp_path_factory) -> Iterator[Server]:
    """An embedded server whose catalog build is killed at its (tiny) time limit: a real
    build, really stopped."""
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "catalog.log"
    env = server_env(built_graph, GSKG_CATALOG_TIMEOUT="0.001", GSKG_CATALOG_RETRY="600")
    server = start_server([sys.executable, "server.py", "--port", str(port)], env, port, log)
    yield server
    stop_server(server.proc)


def test_item13_failed_catalog_fails_fast_and_the_rest_answers(catalog_fails: Server) -> None:
    first = catalog_fails.get("/search.json", params={"q": "广州"})  # starts the build
    assert first.status_code == 503 and first.headers.get("Retry-After")
    for path in ["/search.json?q=%E5%B9%BF", "/search?q=x", "/browse", "/browse/City",
                 "/browse/City.csv", "/compare", "/"] * 3:  # fmt: skip
        took, r = _timed_get(catalog_fails.url + path)
        assert r.status_code == 503 and took < 1.0, (path, r.status_code, took)
        assert int(r.headers["Retry-After"]) > 60  # the next try is far off: no storm
        assert "catalog" in r.text
    for path in ["/sparql?query=ASK%7B%7D", "/resource/guangzhou", "/health", "/timeline",
                 "/network.json", "/query"]:  # fmt: skip
        took, r = _timed_get(catalog_fails.url + path)
        # within their limits: the test servers' query time limit is 3 s
        assert r.status_code == 200 and took < 4.0, (path, r.status_code, took)
    time.sleep(0.2)
    log = catalog_fails.log.read_text(errors="replace")
    failures = [ln for ln in log.splitlines() if "catalog of this graph could not be built" in ln]
    assert len(failures) == 1, failures  # one build, one line saying why
    assert "time limit" in failures[0]


# ---------------------------------------------------------------- 11: timeline labels


def test_item11_timeline_view_renders_labels_as_text(chromium, live_server: Server) -> None:
    from browsing import new_page

    evil = '<a id="pwn" href="http://evil.example/">evil</a><img id="pwn2" src="x">'
    query = (XSD + "#defaultView:Timeline\nSELECT ?item ?itemLabel ?date WHERE { VALUES "
             "(?item ?itemLabel ?date) { (<https://w3id.org/gskg/resource/guangzhou> "
             + _literal(evil) + ' "2020-05-01T00:00:00"^^xsd:dateTime) } }')  # fmt: skip
    page = new_page(chromium)
    page.goto(live_server.url + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("q => { const t = window.gskgYasgui.getTab(); t.setQuery(q); t.query(); }", query)
    page.wait_for_selector(".yasr .vis-timeline .vis-item", timeout=15000)
    assert page.locator(".yasr #pwn, .yasr #pwn2, .yasr .vis-item a").count() == 0
    assert evil in page.locator(".yasr .vis-item").first.inner_text()
    page.close()
