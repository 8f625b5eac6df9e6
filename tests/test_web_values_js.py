"""The query page's result table writes a value as the pages do (views/values.js): the same
answers as gskg.qualifiers.display for the same cases, and query 06's values with their
qualifier and unit (">2 万亿元" / "more than 2 trillion yuan"), in the real browser."""

from __future__ import annotations

import pytest
from browsing import new_page, shot
from conftest import ROOT

from gskg.qualifiers import display

CASES = [
    ("2.0", "万亿元", "more-than", None, "trillion yuan"),
    ("80.0", "%", "at-least", None, "percent"),
    ("40", "%", "https://w3id.org/gskg/ontology#About", None, None),
    ("2", "前N位", "top", None, "top N"),
    ("10", "家", None, "20", "enterprises"),
    ("25", "位", None, None, "rank"),
    ("1", "名", None, None, None),
    ("22", "位", "about", None, "rank"),
    ("137.51", "亿元", None, None, "hundred million yuan"),
    ("1000", "万人", ">", None, "ten thousand persons"),
    ("14945", "件", None, None, "items"),
    ("1", "家", None, None, "enterprises"),
    ("47", "分钟", None, None, "minute"),
    ("52.541", "公里", "≈", None, "kilometre"),
    ("7024.0", "件", None, None, None),
    ("0.7", "%", None, None, None),
    ("3500", "万元", None, None, "ten thousand yuan"),
]
QUERY_06 = (ROOT / "queries" / "06-side-by-side-statistics.rq").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages(chromium, live_server):
    """The query page in each language, with query 06's results drawn."""
    out = {}
    for lang in ("zh", "en"):
        page = new_page(chromium, width=1280, height=900)
        page.goto(f"{live_server.url}/query?lang={lang}")
        page.wait_for_selector(".yasqe .CodeMirror")
        page.evaluate("q => { const t = window.gskgYasgui.getTab(); t.setQuery(q); t.query(); }",
                      QUERY_06)  # fmt: skip
        page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=15000)
        out[lang] = page
    yield out
    for page in out.values():
        page.context.close()


def test_the_browser_writes_values_as_python_does(pages):
    page = pages["en"]
    for lang in ("zh", "en"):
        got = page.evaluate(
            "([cases, lang]) => cases.map(c => window.gskgValues.display(c[0], c[1], c[2], c[3],"
            " lang, c[4]))",
            [CASES, lang],
        )
        want = [display(v, u, q, up, lang, en) for v, u, q, up, en in CASES]
        assert got == want, lang


@pytest.mark.parametrize(
    ("lang", "text"), [("zh", ">2 万亿元"), ("en", "more than 2 trillion yuan")]
)
def test_result_table_shows_the_qualifier(pages, lang, text):
    page = pages[lang]
    page.wait_for_function(
        "t => [...document.querySelectorAll('.yasr tbody td')]"
        ".some(td => td.innerText.trim() === t)",
        arg=text,
        timeout=10000,
    )
    body = page.locator(".yasr tbody").inner_text()
    assert "No. " not in body and " 位" not in body  # ranks: 第25位 / 25th
    assert "2,000,000,000,000" in body and "2000000000000" not in body  # a base value
    shot(page, f"query-06-values-{lang}", full_page=False)
    assert not page.errors, page.errors
