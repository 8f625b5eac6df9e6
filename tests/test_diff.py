"""`gskg diff` and `gskg patch`: changes per record with their quotes; the RDF Patch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic
from releasefixtures import EXPECTED, NEW_QUOTE, Releases, make_releases

from gskg.cli import main
from gskg.release import BadPatch, apply_patch, diff, read_snapshot

GDP_QUOTE = "GDP过两万亿元"
FIXTURES = Path(__file__).parent / "fixtures" / "valid"


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Releases:
    return make_releases(tmp_path_factory.mktemp("diff"))


@pytest.fixture(scope="module")
def changes(releases):
    return diff(
        read_snapshot(releases.root / "2026.12.0"), read_snapshot(releases.root / "2026.12.1")
    )


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_diff_names_exactly_the_changed_records(changes):
    assert {r.id: r.status for r in changes.records} == EXPECTED


def by_id(changes, rid):
    return next(r for r in changes.records if r.id == rid)


def test_a_changed_figure_has_old_and_new_value_and_its_quote(changes):
    found = {c.property: c for c in by_id(changes, "obs-gdp-guangzhou").changes}
    # the value in base units follows, and so does the lower bound of 过两万亿 (more than)
    assert set(found) <= {"gskg:value", "gskg:baseValue", "gskg:lowerBound"}
    c = found["gskg:value"]
    assert (c.kind, c.property, c.old_value, c.new_value) == ("changed", "gskg:value", "2.0", "3.0")
    assert GDP_QUOTE in c.new_evidence[0].quote and GDP_QUOTE in c.old_evidence[0].quote
    assert c.new_evidence[0].doc == "roundtable-2020-twin-cities"


def test_a_changed_label_is_a_label_change(changes):
    (c,) = by_id(changes, "zhaopin").changes
    assert (c.what, c.kind, c.old_value, c.new_value) == ("label", "changed", "Zhaopin@en",
                                                          "Zhaopin.com@en")  # fmt: skip


def test_a_role_change_is_reported_under_its_person(changes):
    """The Membership node res:chen-hongyu-role-1 is part of the person's record."""
    r = by_id(changes, "chen-hongyu")
    nodes = {c.node for c in r.changes}
    assert nodes == {"chen-hongyu-role-1"}
    title = next(c for c in r.changes if c.property == "gskg:roleTitle")
    assert title.new_value == "former Vice-President and Professor@en"
    assert title.new_evidence[0].quote == "广东省委党校原副校长、教授陈鸿宇"


def test_added_and_removed_records_carry_their_evidence(changes):
    added, removed = (
        by_id(changes, "test-new-firm"),
        by_id(changes, "zhanxin-ai-industry-think-tank"),
    )
    assert added.evidence[0].quote == NEW_QUOTE and added.types == ["gskg:Firm"]
    assert removed.evidence[0].quote == "据战新AI产业智库统计"
    assert removed.label == {"zh": "战新AI产业智库", "en": "Zhanxin AI Industry Think Tank"}


def test_identical_builds_have_no_changes(releases):
    same = releases.root / "2026.12.1"
    d = diff(read_snapshot(same), read_snapshot(same / "gskg.ttl"))
    assert d.records == [] and d.added_lines == [] and d.removed_lines == []


@pytest.mark.parametrize("ext", ["", "gskg.nt", "gskg.ttl", "gskg.owl", "gskg.jsonld"])
def test_folders_and_every_export_give_the_same_records(releases, ext):
    old, new = releases.root / "2026.12.0" / ext, releases.root / "2026.12.1" / ext
    d = diff(read_snapshot(old), read_snapshot(new))
    assert {r.id: r.status for r in d.records} == EXPECTED


def test_markdown_notes_name_the_records_and_quotes(releases):
    result = run("diff", "2026.12.0", "2026.12.1", "--releases", str(releases.root))
    assert result.exit_code == 0, result.output
    for rid in EXPECTED:
        assert f"`res:{rid}`" in result.output
    assert "gskg:value: 2.0 → 3.0" in result.output and GDP_QUOTE in result.output


def test_json_output(releases):
    result = run("diff", str(releases.root / "2026.12.0"), str(releases.root / "2026.12.1"),
                 "--format", "json")  # fmt: skip
    data = json.loads(result.output)
    assert {r["id"]: r["status"] for r in data["records"]} == EXPECTED
    assert data["counts"]["records_changed"] == 3


@pytest.fixture(scope="module")
def small_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Builds of the small valid fixture and of a changed copy (rdflib's isomorphism test
    is exponential-ish in blank nodes: the shipped graph's 5 000 axioms take minutes)."""
    tmp = tmp_path_factory.mktemp("small")
    old_data, new_data = tmp / "old-data", tmp / "new-data"
    shutil.copytree(FIXTURES, old_data)
    shutil.copytree(FIXTURES, new_data)
    path = new_data / "entities.yaml"
    records = yaml.safe_load(path.read_text("utf-8"))
    for r in records:
        if r["id"] == "guangzhou":
            r["label"]["en"] = "Canton"
            r["relations"][0]["quote"] = "广州与深圳在广州举办"
    records.append({"id": "test-added", "type": "Firm", "label": {"zh": "新", "en": "New"},
                    "doc": "test-doc", "quote": "深圳的示例科技公司"})  # fmt: skip
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), "utf-8")
    for data, out in ((old_data, tmp / "old"), (new_data, tmp / "new")):
        result = run("build", "--data", str(data), "--out", str(out))
        assert result.exit_code == 0, result.output
    return tmp / "old", tmp / "new"


def test_small_diff_records(small_builds):
    d = diff(read_snapshot(small_builds[0]), read_snapshot(small_builds[1]))
    # the observation's generated label names its area: it changes with guangzhou's
    assert {r.id: r.status for r in d.records} == {
        "guangzhou": "changed",
        "gz-tech-contracts-2020": "changed",
        "test-added": "added",
    }
    kinds = {(c.what, c.kind) for c in by_id(d, "guangzhou").changes}
    assert kinds == {("label", "changed"), ("fact", "evidence")}
    (label,) = by_id(d, "gz-tech-contracts-2020").changes
    assert label.what == "label" and "Canton" in label.new_value


@pytest.mark.parametrize("ext", ["gskg.nt", "gskg.ttl", "gskg.owl"])
def test_rdf_patch_turns_old_into_new(small_builds, tmp_path, ext):
    """Applied to OLD, the patch gives a graph isomorphic to NEW (rdflib's isomorphism)."""
    old, new = small_builds[0] / ext, small_builds[1] / ext
    patch, out = tmp_path / "changes.patch", tmp_path / "patched.nt"
    result = run("diff", str(old), str(new), "--format", "patch", "-o", str(patch))
    assert result.exit_code == 0, result.output
    lines = patch.read_text("utf-8").splitlines()
    assert lines[0] == "TX ." and lines[-1] == "TC ."
    assert {ln[0] for ln in lines[1:-1]} == {"A", "D"}
    result = run("patch", str(old), str(patch), "-o", str(out))
    assert result.exit_code == 0, result.output
    fmt = {"gskg.nt": "nt", "gskg.ttl": "turtle", "gskg.owl": "xml"}[ext]
    assert isomorphic(Graph().parse(out, format="nt"), Graph().parse(new, format=fmt))
    assert read_snapshot(out).lines != read_snapshot(old).lines


def test_the_release_patch_applies_to_the_previous_release(releases):
    """On the shipped data: the patched statements are exactly the new release's."""
    old, new = releases.root / "2026.12.0", releases.root / "2026.12.1"
    assert apply_patch(old, new / "changes.patch") == sorted(read_snapshot(new).lines)


def test_a_patch_for_another_graph_is_refused(releases):
    new = releases.root / "2026.12.1"
    with pytest.raises(BadPatch, match="deletes a statement"):
        apply_patch(new, new / "changes.patch")  # already applied


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: tmp / "missing.nt", "no such file"),
        (lambda tmp: write(tmp / "notes.ttl", "this is not turtle {"), "not valid"),
        (lambda tmp: write(tmp / "bad.nt", "<a> <b> .\n"), "not valid"),
        (lambda tmp: write(tmp / "table.csv", "a,b\n"), "not an RDF file"),
        (lambda tmp: (tmp / "empty-folder").mkdir() or tmp / "empty-folder", "no gskg.nt"),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_written(releases, tmp_path, make, expected):
    bad, out = make(tmp_path), tmp_path / "out.md"
    good = str(releases.root / "2026.12.1")
    for args in ([str(bad), good], [good, str(bad)]):
        result = run("diff", *args, "-o", str(out))
        assert result.exit_code == 1
        assert expected in result.output and str(bad.name) in result.output
        assert not out.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("X <a> <b> <c> .\n", "expected an A, D"), ("A <a> <b> .\n", "not a triple")],
)
def test_bad_patches_are_refused(releases, tmp_path, text, expected):
    patch, out = write(tmp_path / "p.patch", text), tmp_path / "out.nt"
    result = run("patch", str(releases.root / "2026.12.0"), str(patch), "-o", str(out))
    assert result.exit_code == 1 and expected in result.output and "p.patch:1" in result.output
    assert not out.exists()


def test_an_unwritable_output_is_a_clear_error(releases, tmp_path):
    old, new = str(releases.root / "2026.12.0"), str(releases.root / "2026.12.1")
    out = tmp_path / "no-such-folder" / "notes.md"
    result = run("diff", old, new, "-o", str(out))
    assert result.exit_code == 1 and "cannot write" in result.output
    patch = releases.root / "2026.12.1" / "changes.patch"
    result = run("patch", old, str(patch), "-o", str(tmp_path / "no-such-folder" / "x.nt"))
    assert result.exit_code == 1 and "cannot write" in result.output
