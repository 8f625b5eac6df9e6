"""The learned chooser of dated records (gskg.curate.date_model, issue 21): it dates
clauses of kinds the rules' verb lists do not know, turns down a year inside a document's
name and statistics' years, and its weights are what `python -m bench.train_dates` makes
of its table, byte for byte."""

from __future__ import annotations

import json
import sys

import pytest
from conftest import ROOT
from test_curate_rules import PUBLISHED, known  # noqa: F401 - the module's fixture

from gskg.curate.date_model import WEIGHTS, DateModel, RulesOnly, features, load_model, unnamed
from gskg.curate.draft import draft
from gskg.curate.periods import find_times

sys.path.insert(0, str(ROOT))
from bench import train_dates  # noqa: E402


def dates(known: tuple, text: str, model: object = None) -> set[str]:  # noqa: F811
    records, onto = known
    proposals = draft(text, "test-doc", PUBLISHED, records, onto, dates=model)
    return {str(p["date"]) for p in proposals if p.get("date")}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2018年9月16日，深港两地首批跨境科研项目实现经费直接拨付。", "2018-09-16"),
        ("去年11月，南沙首个国际人才社区正式迎来首批住户。", "2020-11"),
    ],
)
def test_a_dated_clause_the_rules_miss_is_a_record(known: tuple, text: str, date: str) -> None:  # noqa: F811
    assert dates(known, text, model=False) == set()  # no verb of the rules' lists
    assert dates(known, text) == {date}


def test_a_year_inside_a_documents_name_dates_nothing(known: tuple) -> None:  # noqa: F811
    text = "广州市人民政府关于印发2021年重点建设项目计划的通知已经发布。"
    assert dates(known, text, model=False) == {"2021"}  # the rules date it by its name
    assert dates(known, text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "2019年，全市新增高新技术企业2000家，同比增长12%。",
        "预计2025年，广州将建成国际科技创新中心。",
    ],
)
def test_statistics_and_plans_are_no_records(known: tuple, text: str) -> None:  # noqa: F811
    assert dates(known, text) == set()


def test_the_model_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(load_model(), DateModel)
    monkeypatch.setenv("GSKG_CURATE_DATES", "off")
    assert isinstance(load_model(), RulesOnly)


def test_features_read_the_date_and_its_clause() -> None:
    sentence = "2018年9月16日，深港两地首批跨境科研项目实现经费直接拨付。"
    t = find_times(sentence, PUBLISHED)[0]
    feats = features(sentence, t, None, [t], [], lambda a, b: False)
    assert {"rule:none", "when:day", "prec:10", "opens_sentence", "comma_after"} <= set(feats)
    assert "growth" not in feats
    assert unnamed(sentence, t).label == "深港两地首批跨境科研项目实现经费直接拨付"


def test_weights_are_the_table_refitted_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chosen L2 strength's CV lines recomputed (the others are only read: the whole
    grid takes minutes on a busy machine), and the fit on every text."""
    table = json.loads(train_dates.TABLE.read_text(encoding="utf-8"))
    weights = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    monkeypatch.setattr(train_dates, "LAMBDAS", [weights["lambda"]])
    lam, threshold, lines = train_dates.choose(table)
    assert (lam, threshold) == (weights["lambda"], weights["threshold"])
    assert lines == [x for x in table["cv"] if x["lambda"] == lam]
    written = train_dates.weights_file(table, table["cv"], lam, threshold)
    assert written == WEIGHTS.read_text(encoding="utf-8")


def test_table_rows_are_the_drafts_of_today() -> None:
    """One text drafted again gives its rows of the table (else: rerun bench.train_dates
    after changing the rules or data/, and commit the table and the weights)."""
    table = json.loads(train_dates.TABLE.read_text(encoding="utf-8"))
    doc = "nfplus-2020-gz-big-science-zone"
    again = train_dates.collect([doc])
    assert again["docs"][doc] == table["docs"][doc]
    assert again["rows"] == [r for r in table["rows"] if r["doc"] == doc]


def test_features_mark_a_span_end_and_a_byline() -> None:
    sentence = "4月23日至25日，论坛在广州举行。"
    times = find_times(sentence, PUBLISHED)
    first, last = (features(sentence, t, None, times, [], lambda a, b: False) for t in times)
    assert "range_end" in last and "range_end" not in first
    line = "2020年10月26日 22:00 来源：人民日报"
    t = find_times(line, PUBLISHED)[0]
    assert "byline" in features(line, t, None, [t], [], lambda a, b: False)
