"""Issue 18, the command line and the data: one test (or a few) per numbered item, named
after it.  Each failed before its fix; errors are gskg's own words on stderr, exit 1 (2
when the data does not validate), never a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import ROOT
from test_curate import EXCERPT, accept, curate, drafted, found, snapshot
from test_curate import workspace as workspace  # the fixture: a copy of data/ + the excerpt

from gskg.cli import main

FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def refused(result: Result, code: int, words: str) -> None:
    """Exit `code`, `words` on stderr, and no traceback anywhere."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert words in result.stderr, result.stderr
    assert "Traceback" not in result.output


# ─── item 4: records of one class with the same (or no) English name ───────────────────

TWINS = """
- id: twin-firm-one
  type: Firm
  label: {zh: 双胞胎公司甲, en: Twin Firm}
  doc: test-doc
  quote: 示例科技公司
- id: twin-firm-two
  type: Firm
  label: {zh: 双胞胎公司乙, en: Twin Firm}
  doc: test-doc
  quote: 示例科技公司
- id: nameless-firm-one
  type: Firm
  label: {zh: 无英文名公司甲}
  doc: test-doc
  quote: 示例科技公司
- id: nameless-firm-two
  type: Firm
  label: {zh: 无英文名公司乙, en: ""}
  doc: test-doc
  quote: 示例科技公司
"""


@pytest.fixture
def twins(tmp_path: Path) -> Path:
    """A project folder (data/, ontology/) whose Firms share an en label or lack one,
    as `gskg curate` drafts new entities."""
    shutil.copytree(FIXTURES / "valid", tmp_path / "data")
    (tmp_path / "data" / "twins.yaml").write_text(TWINS, encoding="utf-8")
    (tmp_path / "ontology").symlink_to(ROOT / "ontology")
    return tmp_path


def test_item04_check_equal_labels(twins: Path) -> None:
    seeds = str(FIXTURES / "seeds")
    result = run("check", "--no-shapes", "--format", "json", "--data", str(twins / "data"),
                 "--ontology", str(twins / "ontology"), "--seeds", seeds)  # fmt: skip
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    dupes = {i["record"]: i["message"] for i in items if i["check"] == "duplicates"}
    assert "the same en name" in dupes["twin-firm-two"]
    assert any(i["record"].startswith("nameless-firm") for i in items)  # the missing en


def test_item04_quality_json_equal_labels(twins: Path, built_graph: Path, monkeypatch) -> None:
    from gskg.web import create_app

    monkeypatch.chdir(twins)
    client = create_app({"data": built_graph / "gskg.nt", "reload": False}).test_client()
    resp = client.get("/quality?format=json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    assert "twin-firm-two" in {i["record"] for i in resp.get_json()["items"]}


def test_item04_quality_json_errors_are_json(built_graph: Path, monkeypatch) -> None:
    """Whatever goes wrong while /quality?format=json is answered, the answer is JSON."""
    from gskg.web import create_app, quality

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in a check")

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(quality, "run_checks", broken)
    client = create_app({"data": built_graph / "gskg.nt", "reload": False}).test_client()
    resp = client.get("/quality?format=json")
    assert resp.status_code == 500 and resp.mimetype == "application/json"
    assert resp.get_json()["ok"] is False and "a bug" not in resp.get_data(as_text=True)


# ─── item 5: quotes come from the document they cite ─────────────────────────────────


def test_item05_curate_refuses_another_file(workspace: Path) -> None:
    other = workspace / "other.txt"
    other.write_text(EXCERPT.replace("1456份", "1457份"), encoding="utf-8")
    before = snapshot(workspace)
    result = curate(workspace, "curate", str(other), "--doc", "test-excerpt",
                    "-o", str(workspace / "review.yaml"))  # fmt: skip
    refused(result, 1, f"{other} is not the file of document 'test-excerpt'")
    assert not (workspace / "review.yaml").exists() and snapshot(workspace) == before


def test_item05_curate_reads_the_seeds_copy(workspace: Path) -> None:
    """The seeds copy of a document is its file (a copy elsewhere, byte-identical, too)."""
    if not SEEDS.is_dir():
        pytest.skip(f"the seed documents are not at {SEEDS}")
    copy = workspace / "cnr.txt"
    shutil.copy(SEEDS / "003_fc3af1410bc2c826.txt", copy)
    for path in (SEEDS / "003_fc3af1410bc2c826.txt", copy):
        result = curate(workspace, "curate", str(path), "--doc", "cnr-2021-twin-cities",
                        "--seeds", str(SEEDS), "-o", str(workspace / "r.yaml"))  # fmt: skip
        assert result.exit_code == 0, result.output
    result = curate(workspace, "curate", str(copy), "--doc", "nanfang-2020-dual-core",
                    "--seeds", str(SEEDS), "-o", str(workspace / "r.yaml"))  # fmt: skip
    refused(result, 1, "is not the file of document 'nanfang-2020-dual-core'")


def test_item05_apply_rechecks_every_quote(workspace: Path) -> None:
    """A proposal (valid otherwise) whose `doc:` was edited to another source: the review
    is refused, the proposal named by line, and data/ stays byte-identical."""
    drafted(workspace)
    path = accept(workspace, found("1456份", "figure"), doc="nanfang-2020-dual-core")
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                if "nanfang-2020-dual-core" in text)  # fmt: skip
    before = snapshot(workspace)
    result = curate(workspace, "curate", "--apply", str(path), "--curator", "Wu Mei",
                    "--seeds", str(SEEDS if SEEDS.is_dir() else FIXTURES / "seeds"))  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "nothing was written" in result.stderr
    assert f"{path}:" in result.stderr and "nanfang-2020-dual-core" in result.stderr
    if SEEDS.is_dir():  # the document is found, the quote is not in it: the quote's line
        quote_line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                          if text.startswith("  quote:") and n > line)  # fmt: skip
        assert f"{path}:{quote_line}: " in result.stderr
        assert "not found in document 'nanfang-2020-dual-core'" in result.stderr
    assert snapshot(workspace) == before


def test_item05_apply_refuses_a_review_of_another_file(workspace: Path) -> None:
    """A review whose `file:` (and sha256) were edited to another text is refused."""
    drafted(workspace)
    path = accept(workspace, found("1456份", "figure"))
    other = workspace / "other.txt"
    other.write_text(EXCERPT + "另一段文字,不在文档里。\n", encoding="utf-8")
    review = yaml.safe_load(path.read_text(encoding="utf-8"))
    review["file"] = str(other)
    review["sha256"] = hashlib.sha256(other.read_text("utf-8").encode()).hexdigest()
    path.write_text(yaml.safe_dump(review, allow_unicode=True, sort_keys=False), "utf-8")
    before = snapshot(workspace)
    result = curate(workspace, "curate", "--apply", str(path), "--curator", "W")
    refused(result, 1, "is not the file of document 'test-excerpt'")
    assert snapshot(workspace) == before


# ─── item 6: billion laughs, and the size of what diff and patch read ─────────────────

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "laughlaughlaugh">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
 <rdf:Description rdf:about="http://example.org/x"><ex:p>&d;</ex:p></rdf:Description>
</rdf:RDF>
"""  # three levels only: the same shape as a billion, harmless if it were expanded
PROTEGE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY ex "http://example.org/" >
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
 <rdf:Description rdf:about="&ex;x"><ex:p>one</ex:p></rdf:Description>
</rdf:RDF>
"""


def test_item06_diff_refuses_nested_entities(tmp_path: Path) -> None:
    (tmp_path / "laughs.rdf").write_text(LAUGHS, encoding="utf-8")
    (tmp_path / "protege.rdf").write_text(PROTEGE, encoding="utf-8")
    result = run("diff", str(tmp_path / "protege.rdf"), str(tmp_path / "laughs.rdf"))
    refused(result, 1, "gskg reads RDF/XML whose entities are plain text")
    assert "laughs.rdf" in result.stderr


@pytest.mark.parametrize(
    "declaration",
    ['<!ENTITY % p "x">', '<!ENTITY e SYSTEM "file:///etc/passwd">', "<!ENTITY e '<a/>'>"],
)
def test_item06_diff_refuses_other_entities(tmp_path: Path, declaration: str) -> None:
    path = tmp_path / "odd.owl"
    path.write_text(PROTEGE.replace('<!ENTITY ex "http://example.org/" >', declaration), "utf-8")
    refused(run("diff", str(path), str(path)), 1, "gskg reads RDF/XML whose entities are plain")


def test_item06_protege_entities_still_read(tmp_path: Path) -> None:
    (tmp_path / "a.rdf").write_text(PROTEGE, encoding="utf-8")
    (tmp_path / "b.nt").write_text('<http://example.org/x> <http://example.org/p> "two" .\n')
    result = run("diff", str(tmp_path / "a.rdf"), str(tmp_path / "b.nt"), "--format", "patch")
    assert result.exit_code == 0, result.output
    assert 'D <http://example.org/x> <http://example.org/p> "one" .' in result.stdout


def test_item06_diff_and_patch_cap_what_they_read(tmp_path: Path, monkeypatch) -> None:
    from gskg.release import limits

    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 2 * limits.MIB)
    small = tmp_path / "small.nt"
    small.write_text('<http://example.org/x> <http://example.org/p> "one" .\n')
    big = tmp_path / "big.nt"
    with big.open("w") as fh:  # 4 MiB of N-Triples
        for n in range(40_000):
            fh.write(f'<http://example.org/s{n}> <http://example.org/p> "{n:060d}" .\n')
    refused(run("diff", str(small), str(big)), 1, f"{big}: 4 MiB is over the limit of 2 MiB")
    patch = tmp_path / "big.patch"
    patch.write_text("TX .\n" + "".join(f"A {line}" for line in big.open()) + "TC .\n")
    out = tmp_path / "out.nt"
    refused(run("patch", str(small), str(patch), "-o", str(out)), 1, "over the limit of 2 MiB")
    # plain entities count with what they expand to
    grown = tmp_path / "grown.rdf"
    long_ns = PROTEGE.replace("http://example.org/", "http://example.org/" + "x" * 200)
    grown.write_text(long_ns.replace("<ex:p>one</ex:p>", "<ex:p>" + "&ex;" * 12_000 + "</ex:p>"))
    refused(run("diff", str(small), str(grown)), 1, "entities expand to 3 MiB, over the limit of 2")
    assert not out.exists()


# ─── item 7: a stated input size for curate; a linear review page ─────────────────────


def test_item07_curate_size_limit(workspace: Path) -> None:
    from gskg.curate.text import MAX_DOCUMENT_BYTES

    big = workspace / "big.txt"
    big.write_text(EXCERPT * (MAX_DOCUMENT_BYTES // len(EXCERPT.encode()) + 1), "utf-8")
    result = curate(workspace, "curate", str(big), "--doc", "test-excerpt",
                    "-o", str(workspace / "review.yaml"))  # fmt: skip
    refused(result, 1, f"larger than gskg curate's limit of {MAX_DOCUMENT_BYTES // 1024} KB")
    assert not (workspace / "review.yaml").exists()


def test_item07_html_is_linear() -> None:
    """30 000 highlighted spans: the old page tested every span at each of 60 000 cuts
    (1.8·10⁹ steps: 17 s of CPU for 20 000 spans here, growing as the square); a sweep
    takes under half a second.  The bound is on CPU time (a busy machine does not make it
    fail); bench/curate_limits.py measures the figures."""
    from gskg.curate.html import _segments

    text = "字" * 300_000
    spans = [{"kind": "f", "found": {"start": 10 * n, "end": 10 * n + 5}} for n in range(30_000)]
    start = time.process_time()
    segments = _segments(text, spans)
    assert time.process_time() - start < 5
    assert len(segments) == 60_000 and segments[0]["ids"] == [0] and segments[1]["ids"] == []


def test_item07_html_segments_as_before() -> None:
    """Overlapping, nested, empty and touching spans: each piece lists the spans over it."""
    from gskg.curate.html import _segments

    spans = [(0, 4), (2, 6), (3, 3), (6, 8), (1, 7)]
    props = [{"kind": k, "found": {"start": s, "end": e}} for k, (s, e) in zip("abcde", spans)]  # noqa: B905
    got = [(seg["text"], seg["ids"], seg["anchors"]) for seg in _segments("0123456789", props)]
    assert got == [("0", [0], [0]), ("1", [0, 4], [4]), ("2", [0, 1, 4], [1]),
                   ("3", [0, 1, 4], []), ("45", [1, 4], []), ("6", [3, 4], [3]), ("7", [3], []),
                   ("89", [], [])]  # fmt: skip


# ─── item 9: no traceback from the command line ──────────────────────────────────────


def test_item09_release_version_with_newline(tmp_path: Path) -> None:
    result = run("release", "2026.12.1\n", "--releases", str(tmp_path / "releases"),
                 "--changelog", str(tmp_path / "CHANGELOG.md"), "--no-check")  # fmt: skip
    refused(result, 1, "'2026.12.1\\n' is not a release version")
    assert not (tmp_path / "releases").exists()


def test_item09_diff_and_patch_literal_over_16_mib(tmp_path: Path) -> None:
    small = tmp_path / "small.nt"
    small.write_text('<http://example.org/x> <http://example.org/p> "one" .\n')
    huge = '<http://example.org/x> <http://example.org/p> "' + "a" * (17 << 20) + '" .\n'
    (tmp_path / "huge.nt").write_text(huge)
    refused(run("diff", str(small), str(tmp_path / "huge.nt")), 1, "longer than 16 MiB")
    (tmp_path / "huge.patch").write_text(f"TX .\nA {huge}TC .\n")
    result = run("patch", str(small), str(tmp_path / "huge.patch"), "-o", str(tmp_path / "o.nt"))
    refused(result, 1, "huge.patch:2: a term (literal or IRI) longer than 16 MiB")


# ─── item 12: a document's file stays inside the documents folder ──────────────────────


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("../../../../etc/passwd", "'..' leaves the documents folder"),
        ("/etc/passwd", "an absolute path"),
        ("sub/../../doc.txt", "'..' leaves the documents folder"),
        ("C:/Windows/win.ini", "an absolute path"),
        ("..\\\\doc.txt", "no backslash"),
    ],
)
def test_item12_source_file_outside_the_folder(tmp_path: Path, value: str, words: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    sources = data / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("file: doc.txt", f'file: "{value}"'), encoding="utf-8")
    line = text.splitlines().index("  file: doc.txt") + 1
    result = run("validate", "--data", str(data), "--no-reason", "--no-shapes")
    refused(result, 2, f"{sources}:{line}: test-doc.file: ")
    assert words in result.stderr


def test_item12_quotes_never_read_outside_the_documents_folder(tmp_path: Path) -> None:
    """A symlink in the seeds folder that leads out of it is not followed."""
    from gskg.checks.sources import verify_quotes
    from gskg.pipeline.load import load_data

    records, _ = load_data(FIXTURES / "valid")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text((FIXTURES / "seeds" / "doc.txt").read_text("utf-8"), "utf-8")
    (seeds / "doc.txt").symlink_to(outside)
    _checked, problems = verify_quotes(records, seeds)
    assert problems and all("not found" in p.message for p in problems)
    assert verify_quotes(records, FIXTURES / "seeds")[1] == []


def test_item12_quotes_are_checked_in_corpus_too(tmp_path: Path) -> None:
    """A document added in corpus/ (beside data/) is where `gskg verify-sources` (and
    `gskg check`) look for its quotes after the seeds, as `gskg curate` does."""
    shutil.copytree(FIXTURES / "valid", tmp_path / "data")
    (tmp_path / "seeds").mkdir()
    result = run(
        "verify-sources", "--data", str(tmp_path / "data"), "--seeds", str(tmp_path / "seeds")
    )
    refused(result, 1, "quotes not found in their documents")
    (tmp_path / "corpus").mkdir()
    shutil.copy(FIXTURES / "seeds" / "doc.txt", tmp_path / "corpus" / "doc.txt")
    result = run(
        "verify-sources", "--data", str(tmp_path / "data"), "--seeds", str(tmp_path / "seeds")
    )
    assert result.exit_code == 0 and "quotes found in their documents" in result.stdout


# ─── item 14: the system packages owlcheck needs come with `make test`'s first step ──


def test_item14_system_deps_installs_owlcheck_needs(tmp_path: Path) -> None:
    """scripts/system-deps.sh with libowlapi-java missing: it installs it, waiting for the
    dpkg lock instead of failing (apt-get is replaced by a recorder; nothing is installed)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    fakes = {
        "apt-get": f'echo "$*" >> {calls}',
        "dpkg-query": "exit 1",  # nothing is installed
        "id": "echo 0",
        "fc-list": "echo font",
    }
    for name, body in fakes.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    done = subprocess.run(["bash", str(ROOT / "scripts" / "system-deps.sh")], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    install = [c for c in calls.read_text().splitlines() if " install " in f" {c} "]
    assert install and "libowlapi-java" in install[0].split()
    assert all("DPkg::Lock::Timeout=300" in c for c in calls.read_text().splitlines())
