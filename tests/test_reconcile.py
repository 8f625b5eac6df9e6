"""Reconciliation against a real SPARQL endpoint on loopback (the Wikidata-shaped fixture).

Candidates come back ranked with their evidence, a homonym ranks below the right item, the
review file links nothing, and `--apply` writes only the accepted candidates, minimally.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from linkfixtures import DATA, build, wikidata_endpoint

from gskg.cli import main
from gskg.linking.reconcile import ReconcileError, find_candidates, targets, write_review
from gskg.linking.reconcile_apply import apply_review, insert_link
from gskg.pipeline.load import parse_yaml, records_from

SAME_AS = "<http://www.w3.org/2002/07/owl#sameAs>"
TODAY = dt.date(2024, 5, 6)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory):
    with wikidata_endpoint(tmp_path_factory.mktemp("logs")) as url:
        yield url


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the fixture data (apply edits it)."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


def _entity(review: dict, rid: str) -> dict:
    return next(e for e in review["entities"] if e["id"] == rid)


def test_the_right_candidate_comes_first_and_the_homonyms_below(endpoint, data):
    review = find_candidates(endpoint, data, "District")
    nansha = _entity(review, "nansha")
    ranked = [c["qid"] for c in nansha["candidates"]]
    assert ranked[0] == "Q90000001"  # 南沙区 of Guangzhou
    assert set(ranked[1:]) == {"Q90000002", "Q90000003"}  # Hainan's 南沙区, a ship
    scores = [c["score"] for c in nansha["candidates"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1]
    best, homonym = nansha["candidates"][0], nansha["candidates"][ranked.index("Q90000002")]
    assert best["evidence"]["location_match"] is True
    assert best["evidence"]["parent_region"] == ["Q16572"]
    assert best["evidence"]["country"] == ["Q148"]
    assert best["evidence"]["inception"] == ["2005-04-28"]
    assert best["evidence"]["label_matched"] == ["南沙区@zh"]
    assert homonym["evidence"]["type_match"] and not homonym["evidence"]["location_match"]
    assert nansha["location_constraint"].startswith("wdt:P131* wd:Q16572")
    assert all(c["accept"] is False for c in nansha["candidates"])


@pytest.mark.parametrize(
    ("cls", "rid", "expected"),
    [
        ("City", "shenzhen", ["Q15174"]),  # by 深圳@zh-hans and Shenzhen@en, in Guangdong
        ("City", "foshan", []),  # nothing of that name in the fixture
        ("Country", "china", []),  # 中国 ≠ 中华人民共和国: exact labels only
    ],
)
def test_candidates_per_class(endpoint, data, cls, rid, expected):
    review = find_candidates(endpoint, data, cls)
    assert [c["qid"] for c in _entity(review, rid)["candidates"]] == expected


def test_entities_already_linked_are_not_reconciled(endpoint, data):
    review = find_candidates(endpoint, data, "City")
    assert {e["id"] for e in review["entities"]} == {"shenzhen", "foshan"}  # not guangzhou


def test_a_failing_endpoint_is_an_error(data):
    with pytest.raises(ReconcileError, match="no usable answer"):
        find_candidates("http://127.0.0.1:1/sparql", data, "City")


def test_review_then_apply_writes_only_the_accepted_candidate(endpoint, data, tmp_path):
    review_file = tmp_path / "review.yaml"
    runner = CliRunner()
    args = ["reconcile", "--data", str(data), "--endpoint", endpoint, "--out", str(review_file)]
    result = runner.invoke(main, [*args, "--class", "District"])
    assert result.exit_code == 0, result.output
    before = (data / "places.yaml").read_text()
    # Nothing is linked by writing the review file, nor by applying it unchanged.
    assert runner.invoke(main, ["reconcile", "--data", str(data), "--apply", str(review_file),
                                "--curator", "Wu"]).exit_code == 0  # fmt: skip
    assert (data / "places.yaml").read_text() == before
    review = yaml.safe_load(review_file.read_text())
    _entity(review, "nansha")["candidates"][0]["accept"] = True
    review_file.write_text(yaml.safe_dump(review, allow_unicode=True, sort_keys=False))
    result = runner.invoke(main, ["reconcile", "--data", str(data), "--apply", str(review_file),
                                  "--curator", "Wu Mei"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "nansha: ids: {wikidata: Q90000001}" in result.output
    after = (data / "places.yaml").read_text()
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added[0] == "  ids: {wikidata: Q90000001}"
    assert added[1].startswith('  ids_provenance: {wikidata: {by: "Wu Mei", date: "')
    assert len(added) == 2 and after.startswith("# Places of the link tests.")
    nt = build(data, tmp_path / "dist").read_text()
    nansha = "<https://w3id.org/gskg/resource/nansha>"
    assert f"{nansha} {SAME_AS} <http://www.wikidata.org/entity/Q90000001> ." in nt
    assert "Q90000002" not in nt and "Q90000003" not in nt
    assert "link accepted by Wu Mei on " in nt


@pytest.mark.parametrize(
    ("rid", "expected"),
    [
        # no ids: inserted after the (block) label, before the next key
        ("nansha", "    en: Nansha\n  ids: {wikidata: Q1}\n  ids_provenance: {wikidata: "),
        # flow-style ids: the QID goes first inside the braces
        ("foshan", '  ids: {wikidata: Q1, geonames: "1811103"}\n  ids_provenance: {wikidata: '),
        # flow label on one line, then a comment line that must stay where it is
        ("shenzhen", "Shenzhen}\n  ids: {wikidata: Q1}\n  ids_provenance: {wikidata: {by: "),
    ],
)
def test_insert_link_edits_the_yaml_text_minimally(rid, expected):
    text = (DATA / "places.yaml").read_text()
    out = insert_link(text, rid, "Q1", {"by": "Wu", "date": "2024-05-06", "via": "reconcile"})
    assert expected in out
    assert len(out.splitlines()) == len(text.splitlines()) + (2 if rid != "foshan" else 1)
    assert "  # no ids yet: a reconciliation target\n" in out


def test_insert_link_into_block_ids():
    text = '- id: a\n  type: City\n  label: {zh: 甲, en: A}\n  ids:\n    geonames: "1"\n'
    out = insert_link(text, "a", "Q7", {"by": "Wu", "date": "2024-05-06"})
    assert yaml.safe_load(out)[0]["ids"] == {"wikidata": "Q7", "geonames": "1"}
    assert out.splitlines()[3:6] == ["  ids:", "    wikidata: Q7", '    geonames: "1"']


def _review(*candidates: dict) -> dict:
    return {
        "endpoint": "http://x",
        "entities": [{"id": "shenzhen", "candidates": list(candidates)}],
    }


@pytest.mark.parametrize(
    ("review", "message"),
    [
        (_review({"qid": "Q15174", "accept": True}, {"qid": "Q2", "accept": True}), "keep one"),
        (_review({"qid": "Q16572", "accept": True}), "already the Wikidata id of guangzhou"),
        (_review({"qid": "Guangzhou", "accept": True}), "not a Wikidata QID"),
        ({"candidates": []}, "not a review file"),
    ],
)
def test_apply_refuses_what_it_cannot_do_safely(data, tmp_path, review, message):
    path = tmp_path / "review.yaml"
    path.write_text(yaml.safe_dump(review))
    before = (data / "places.yaml").read_text()
    with pytest.raises(ReconcileError, match=message):
        apply_review(path, data, "Wu", TODAY)
    assert (data / "places.yaml").read_text() == before


def test_accept_must_be_a_boolean_true(data, tmp_path):
    path = tmp_path / "review.yaml"
    path.write_text(yaml.safe_dump(_review({"qid": "Q15174", "accept": "true"})))
    assert apply_review(path, data, "Wu", TODAY) == []


def test_write_review_is_commented_yaml(endpoint, data, tmp_path):
    review = find_candidates(endpoint, data, "City")
    path = tmp_path / "r.yaml"
    assert write_review(review, path) == 1
    assert path.read_text().startswith("# gskg reconcile review file.")
    assert yaml.safe_load(path.read_text())["class"] == "City"


def test_the_location_constraint_uses_the_nearest_linked_ancestor():
    text = """
- {id: gd, type: Province, label: {zh: 广东省, en: Guangdong}, ids: {wikidata: Q15175}}
- id: park
  type: City
  label: {zh: 园, en: Park}
  relations: [{located_in: zone}]
- {id: zone, type: District, label: {zh: 区, en: Zone}, relations: [{located_in: gd}]}
- {id: far, type: City, label: {zh: 远, en: Far}}
"""
    records, problems = records_from(parse_yaml(text, "x.yaml")[0], "x.yaml")
    assert not problems
    found = {t.record.id: t.location_pattern for t in targets(records, "City")}
    assert found == {"park": "wdt:P131* wd:Q15175", "far": "wdt:P17 wd:Q148"}
