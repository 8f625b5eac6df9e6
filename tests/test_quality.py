"""`gskg check` (gskg.quality): shipped data has no error; each kind of problem is found
with its record, file and line; the three formats carry the same items; --fail-on."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gskg.cli import main
from gskg.quality import run_checks
from gskg.quality.report import render

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"


def _line(path: Path, record: str, field: str | None = None) -> int:
    """The line of `- id: record` in `path` (or of its `field:` after it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"- id: {record}")
    if field is None:
        return start + 1
    return next(n for n in range(start, len(lines)) if lines[n].strip().startswith(field)) + 1


@pytest.fixture(scope="module")
def problems_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("quality") / "data"
    shutil.copytree(FIXTURES / "valid", data)
    shutil.copy(FIXTURES / "quality" / "problems.yaml", data / "problems.yaml")
    return data


@pytest.fixture(scope="module")
def problems_report(problems_dir: Path):
    return run_checks(problems_dir, ROOT / "ontology", FIXTURES / "seeds", shapes=True)


def test_shipped_data_has_no_error() -> None:
    seeds = SEEDS if SEEDS.is_dir() else None
    report = run_checks(ROOT / "data", ROOT / "ontology", seeds, shapes=True)
    errors = [i for i in report.items if i.severity == "error"]
    assert errors == []
    assert report.records > 500 and report.count("warning") > 0  # the checks did run


# (check, severity, record, field whose line is reported or None for the record's line)
EXPECTED = [
    ("shapes", "error", "dateless-agreement", None),
    ("bare", "warning", "lonely-firm", None),
    ("duplicates", "warning", "example-tech-again", None),
    ("periods", "warning", "sz-tech-contracts-now", "period:"),
    ("quotes", "error", "misquoted-institute", "quote:"),
    ("identifiers", "info", "lonely-firm", None),
]


@pytest.mark.parametrize(("check", "severity", "record", "field"), EXPECTED)
def test_each_kind_of_problem_names_record_file_and_line(
    problems_report, problems_dir, check, severity, record, field
) -> None:
    path = problems_dir / "problems.yaml"
    found = [i for i in problems_report.items if i.check == check and i.record == record]
    assert found, f"no {check} item for {record}: {problems_report.items}"
    item = found[0]
    assert item.severity == severity
    assert item.file == str(path)
    assert item.line == _line(path, record, field)
    assert item.message and item.hint


def test_shape_problems_speak_the_yaml(problems_report) -> None:
    (item,) = [i for i in problems_report.items if i.check == "shapes"]
    assert item.message == "an agreement needs exactly one date"
    assert "`date`" in item.hint


def test_the_clean_records_of_the_fixture_are_not_reported(problems_report) -> None:
    flagged = {i.record for i in problems_report.items if i.severity != "info"}
    assert flagged == {r for _c, s, r, _f in EXPECTED if s != "info"}


@pytest.mark.parametrize(
    ("check", "record", "field"),
    [
        ("units", "sz-machines", "unit:"),
        ("labels", "nameless-in-english", "label:"),
        ("periods", "sz-timeless", None),
    ],
)
def test_validator_problems_are_reported_by_kind(tmp_path, check, record, field) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    shutil.copy(FIXTURES / "quality" / "invalid.yaml", data / "invalid.yaml")
    report = run_checks(data, ROOT / "ontology", None, shapes=True)
    (item,) = [i for i in report.items if i.record == record and i.check == check]
    assert item.severity == "error"
    assert item.line == _line(data / "invalid.yaml", record, field)
    assert any(i.check == "sources" for i in report.items)  # quotes unchecked: said so


def test_formats_carry_the_same_items(problems_report) -> None:
    body = json.loads(render(problems_report, "json"))
    rows = list(csv.DictReader(io.StringIO(render(problems_report, "csv"))))
    text = render(problems_report, "text")
    assert len(body["items"]) == len(rows) == len(problems_report.items)
    assert body["summary"]["error"] == problems_report.count("error") == 2
    assert {r["record"] for r in rows} == {i["record"] for i in body["items"]}
    assert text.rstrip().endswith(problems_report.summary())
    assert "misquoted-institute" in text and "ERROR" in text
    # entities without identifiers, counted by class (4 firms of the fixture have none)
    assert "by class: " in text and "Firm 4" in text


@pytest.mark.parametrize(("fail_on", "code"), [(None, 0), ("error", 2), ("warning", 2)])
def test_fail_on(problems_dir, fail_on, code) -> None:
    args = ["check", "--data", str(problems_dir), "--seeds", str(FIXTURES / "seeds")]
    args += ["--no-shapes", "--format", "json"] + (["--fail-on", fail_on] if fail_on else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code, result.output
    assert json.loads(result.stdout)["summary"]["error"] == 1  # the quote (shapes are off)
    if code:  # what fails is said on stderr, with its file and line
        assert "problems.yaml" in result.stderr and "misquoted-institute" in result.stderr


def test_fail_on_error_passes_with_only_warnings(tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    args = ["check", "--data", str(data), "--seeds", str(FIXTURES / "seeds"), "--no-shapes"]
    assert CliRunner().invoke(main, [*args, "--fail-on", "error"]).exit_code == 0
