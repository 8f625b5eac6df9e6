"""Statement tables, values and units as a reader reads them (in-process Flask client).

On a resource page the statement tables show one name per term in the reader's language,
no `@zh` / `^^xsd:…` tags, numbers grouped, dates at their precision; units by their short
English name; ranks as 第25位 / 25th and top-N as 前10位 / top 10.
"""

from __future__ import annotations

import csv
import html as htmllib
import io
import re
from collections.abc import Iterator

import pytest
from test_hardening_web import close_app


@pytest.fixture(scope="module")
def client(built_graph) -> Iterator:
    from gskg.web import create_app

    app = create_app({"data": str(built_graph / "gskg.nt")})
    try:
        yield app.test_client()
    finally:
        close_app(app)


def get(client, path: str, lang: str) -> str:
    r = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
    assert r.status_code == 200, (path, r.status_code)
    return r.get_data(as_text=True)


def section(page: str, name: str) -> str:
    """The HTML of the first `<section class="…name…">` (or `<p class="name">`)."""
    m = re.search(rf'<(section|p) class="[^"]*\b{name}\b[^"]*">(.*?)</\1>', page, re.S)
    assert m, name
    return m.group(2)


def visible(fragment: str) -> str:
    """The text a reader sees: tags (and their title tooltips) removed."""
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment))


def rows(page: str) -> dict[str, list[str]]:
    """The outgoing statement table: property name → the values' visible texts."""
    out: dict[str, list[str]] = {}
    for th, td in re.findall(r"<tr><th>(.*?)</th><td>(.*?)</td></tr>", section(page, "out"), re.S):
        td = re.sub(r'<sup class="fn">.*?</sup>', "", td)
        out.setdefault(visible(th).strip(), []).append(visible(td).strip())
    return out


PAGES = ["/resource/guangzhou", "/resource/obs-gdp-guangzhou",
         "/resource/qianhai-nansha-deepening-cooperation-framework-agreement-2019",
         "/resource/chen-hongyu-role-1", "/resource/period-2019",
         "/resource/unit-jian"]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PAGES)
def test_statement_tables_show_no_language_or_datatype_tags(client, path, lang):
    page = get(client, path, lang)
    text = visible(section(page, "out"))
    for tag in ("@zh", "@en", "xsd:", "^^", "rdf:type", " · "):
        assert tag not in text, (path, lang, tag)


@pytest.mark.parametrize(("lang", "shown"), [("en", "city"), ("zh", "城市")])
def test_a_type_shows_one_label_in_the_readers_language(client, lang, shown):
    page = get(client, "/resource/guangzhou", lang)
    assert visible(section(page, "types")).strip() == shown
    assert rows(page)[{"en": "type", "zh": "类型"}[lang]] == [shown]


@pytest.mark.parametrize(("lang", "title"), [("en", "former Vice President and Professor"),
                                             ("zh", "原副校长、教授")])  # fmt: skip
def test_a_literal_in_both_languages_shows_the_readers_one(client, lang, title):
    page = get(client, "/resource/chen-hongyu-role-1", lang)
    name = {"en": "role title", "zh": "职务"}[lang]
    assert rows(page)[name] == [title]


def test_numbers_grouped_and_dates_at_their_precision(client):
    page = get(client, "/resource/obs-economic-scale-guangzhou", "en")
    table = rows(page)
    assert table["value in base unit"] == ["2,500,000,000,000"]
    period = get(client, "/resource/obs-regional-competitiveness-rank-guangzhou", "en")
    starts = rows(period)["period start"] + rows(period)["period end"]
    assert all(re.fullmatch(r"\d{4}", s) for s in starts), starts  # a year, not 2020-12-31
    # The exact value stays one hover away.
    assert re.search(r'title="\d{4}-01-01T00:00:00 \(xsd:dateTime\)"', section(period, "out"))


def test_units_show_their_short_english_name_and_keep_the_explanation(client):
    obs = get(client, "/resource/obs-ai-patent-count-guangzhou", "en")
    assert rows(obs)["unit of measure"] == ["items"]
    assert "(patents" not in visible(obs.split('class="statements out"')[1])
    unit = get(client, "/resource/unit-jian", "en")
    comment = re.search(r'<p class="comment" lang="en">(.*?)</p>', unit, re.S)
    assert comment and "Items counted with" in visible(comment.group(1))  # the explanation
    assert "items (patents" not in visible(get(client, "/resource/shenzhen", "en"))


@pytest.mark.parametrize(
    ("path", "zh", "en"),
    [
        ("/resource/obs-global-research-city-rank-guangzhou", "第25位", "25th"),
        ("/resource/obs-regional-competitiveness-rank-guangzhou", "前2位", "top 2"),
    ],
)
def test_ranks_read_as_places(client, path, zh, en):
    for lang, text in (("zh", zh), ("en", en)):
        value = visible(section(get(client, path, lang), "obs-value"))
        assert value.split(":", 1)[1].strip() == text, (lang, value)


# ---------------------------------------------------------------- tables and downloads

RES = "https://w3id.org/gskg/resource/"


@pytest.mark.parametrize(
    ("lang", "text"), [("zh", ">2 万亿元"), ("en", "more than 2 trillion yuan")]
)
def test_browse_shows_a_value_with_its_qualifier_and_unit(client, lang, text):
    page = get(client, "/browse/Observation?indicator=gdp", lang)
    row = re.search(r'obs-gdp-guangzhou".*?</tr>', page, re.S).group(0)
    cells = [visible(c).strip() for c in re.findall(r'<td class="num">(.*?)</td>', row, re.S)]
    assert cells[0] == text, cells


def csv_rows(client, path: str, lang: str = "zh") -> list[dict[str, str]]:
    r = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
    assert r.status_code == 200 and r.mimetype == "text/csv", path
    return list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))


def test_downloads_write_values_with_their_qualifier_and_dates_at_their_precision(client):
    obs = {r["iri"]: r for r in csv_rows(client, "/browse/Observation.csv")}
    gdp = obs[RES + "obs-gdp-guangzhou"]
    assert (gdp["value_zh"], gdp["value_en"]) == (">2 万亿元", "more than 2 trillion yuan")
    assert gdp["qualifier"] == "more-than"
    stats = csv_rows(client, f"/panel/city_statistics.csv?iri={RES}guangzhou", "en")
    shown = {r["value_shown"] for r in stats}
    assert "more than 2 trillion yuan" in shown, shown
    policies = csv_rows(client, f"/panel/city_policies.csv?iri={RES}shenzhen")
    dates = {r["policy_iri"].rsplit("/", 1)[1]: r["date"] for r in policies}
    assert dates["gz-sz-key-cooperation-projects-list-2019"] == "2019-09"  # not 2019-09-01
    timeline = csv_rows(client, "/timeline.csv")
    cut = {"year": 4, "month": 7, "day": 10}
    assert all(len(r["date"]) == cut[r["precision"]] for r in timeline)


@pytest.mark.parametrize(("lang", "name"), [("en", "subclass of"), ("zh", "上位类")])
def test_term_pages_in_the_readers_words(client, lang, name):
    """An ontology term's page: its definition in the reader's language only, the
    vocabulary's properties (rdfs:subClassOf) by their name, not their CURIE."""
    page = get(client, "/ontology/City", lang)
    comments = re.findall(r'<p class="comment" lang="(\w+)">', page)
    assert comments == [lang], comments
    assert name in rows(page) and "rdfs:subClassOf" not in visible(section(page, "out"))


def test_a_period_label_reads_in_english_on_english_pages(client):
    """The period as the text says it (未注明) reads as its period's English name."""
    assert rows(get(client, "/resource/obs-gdp-guangzhou", "en"))["period label"] == ["not stated"]
    assert rows(get(client, "/resource/obs-gdp-guangzhou", "zh"))["期间"] == ["未注明"]
