"""The learned filter of new names (gskg.curate.accept, issue 21): it turns down typical
junk the rules propose, keeps typical names (examples of the corpus' gold), and its
weights are what `python -m bench.train_names` makes of its table, byte for byte."""

from __future__ import annotations

import json
import sys

import pytest
from conftest import ROOT
from test_curate_rules import PUBLISHED, known  # noqa: F401 - the module's fixture

from gskg.curate.accept import WEIGHTS, Context, NameFilter, features, load_filter, source
from gskg.curate.draft import draft
from gskg.curate.names import Mention

sys.path.insert(0, str(ROOT))
from bench import train_names  # noqa: E402


def new_names(known: tuple, text: str, accept: object = None) -> set[str]:  # noqa: F811
    records, onto = known
    proposals = draft(text, "test-doc", PUBLISHED, records, onto, accept=accept)
    return {p["label"]["zh"] for p in proposals if p["kind"] in ("entity", "dated")}


@pytest.mark.parametrize(
    ("text", "junk"),
    [
        ("南沙将建设跨学科主题实验室和中央实验室。", {"跨学科主题实验室", "中央实验室"}),
        ("广东将指导市县做好规划。", {"指导市县"}),
        ("推进粤港澳联合实验室建设。", {"粤港澳联合实验室"}),
        ("要利用城市群的优势。", {"利用城市群"}),
        ("深圳前海深港现代服务业合作区和横琴服务业合作区。", {"服务业合作区"}),
    ],
)
def test_junk_the_rules_propose_is_turned_down(known: tuple, text: str, junk: set) -> None:  # noqa: F811
    assert junk <= new_names(known, text, accept=False)  # the rules alone propose it
    assert not junk & new_names(known, text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("香港城市大学与广州国际健康产业城签约。", {"香港城市大学", "广州国际健康产业城"}),
        ("李克强考察了武汉和成都。", {"李克强", "武汉", "成都"}),
    ],
)
def test_names_stay(known: tuple, text: str, names: set) -> None:  # noqa: F811
    assert names <= new_names(known, text)


def test_the_filter_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_filter() is not None
    monkeypatch.setenv("GSKG_CURATE_FILTER", "off")
    assert load_filter() is None


def test_features_name_the_rule_and_the_neighbours() -> None:
    sentence = "支持香港城市大学、澳门大学建设。"
    m = Mention(2, 8, "香港城市大学", "x", "University", False, "suffix university")
    feats = features(m, Context(sentence, [], {}, count=2))
    assert source(m.why) == "suffix"
    assert {"src:suffix", "cls:university", "list_sep", "repeated", "len6_8"} <= set(feats)
    assert NameFilter({"bias": 0.0}, 0.5).probability(feats) == 0.5


def test_weights_are_the_table_refitted_byte_for_byte() -> None:
    table = json.loads(train_names.TABLE.read_text(encoding="utf-8"))
    assert train_names.weights_file(table) == WEIGHTS.read_text(encoding="utf-8")


def test_table_rows_are_the_drafts_of_today() -> None:
    """One text drafted again gives its rows of the table (else: rerun bench.train_names
    after changing the rules or data/, and commit the table and the weights)."""
    table = json.loads(train_names.TABLE.read_text(encoding="utf-8"))
    doc = "yicai-2021-sub-provincial-h1-gdp"
    again = train_names.collect([doc])
    assert again["docs"][doc] == table["docs"][doc]
    assert again["rows"] == [r for r in table["rows"] if r["doc"] == doc]
