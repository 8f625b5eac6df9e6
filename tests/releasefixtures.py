"""Two releases of a copy of the shipped data, with a change between them (for the release,
diff and /changes tests).

Between 2026.12.0 and 2026.12.1 a figure (obs-gdp-guangzhou: 2 → 3), an English label
(zhaopin), a role title (chen-hongyu's first role: a Membership node, reported under its
person) change; a record is added (test-new-firm) and one removed
(zhanxin-ai-industry-think-tank, referenced by nothing).  These are test edits, not data.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from click.testing import CliRunner

from gskg.cli import main

ROOT = Path(__file__).resolve().parent.parent
NEW_QUOTE = "智联招聘和恒大研究院推出的“中国城市人才吸引力排名”报告显示"

# record id → status in the diff from 2026.12.0 to 2026.12.1
EXPECTED = {
    "obs-gdp-guangzhou": "changed",
    "zhaopin": "changed",
    "chen-hongyu": "changed",
    "test-new-firm": "added",
    "zhanxin-ai-industry-think-tank": "removed",
}


@dataclass
class Releases:
    """Where the two releases are and what they were made from."""

    root: Path  # releases/
    changelog: Path
    data_old: Path
    data_new: Path
    ontology: Path


def _edit(path: Path, change) -> None:
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    records = change(records)
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), "utf-8")


def _figures(records: list[dict]) -> list[dict]:
    for r in records:
        if r["id"] == "obs-gdp-guangzhou":
            r["value"] = 3
    return records


def _organisations(records: list[dict]) -> list[dict]:
    out = [r for r in records if r["id"] != "zhanxin-ai-industry-think-tank"]
    for r in out:
        if r["id"] == "zhaopin":
            r["label"]["en"] = "Zhaopin.com"
    new = {"id": "test-new-firm", "type": "Firm", "label": {"zh": "新公司", "en": "New Firm"},
           "doc": "cnr-2021-twin-cities", "quote": NEW_QUOTE}  # fmt: skip
    return [*out, new]


def _people(records: list[dict]) -> list[dict]:
    for r in records:
        if r["id"] == "chen-hongyu":
            r["roles"][0]["title"]["en"] = "former Vice-President and Professor"
    return records


def changed_data(data: Path, out: Path) -> Path:
    """A copy of `data` with the changes listed in EXPECTED."""
    shutil.copytree(data, out)
    _edit(out / "figures.yaml", _figures)
    _edit(out / "organisations.yaml", _organisations)
    _edit(out / "people.yaml", _people)
    return out


def release(version: str, data: Path, root: Path, changelog: Path, date: str, *extra: str):
    """`gskg release` in-process; the click result."""
    args = ["release", version, "--data", str(data), "--ontology", str(ROOT / "ontology"),
            "--releases", str(root), "--changelog", str(changelog), "--date", date,
            "--no-check", *extra]  # fmt: skip
    return CliRunner().invoke(main, args)


def make_releases(tmp: Path) -> Releases:
    """2026.12.0 of the shipped data, then 2026.12.1 of the changed copy."""
    old = tmp / "data-old"
    shutil.copytree(ROOT / "data", old)
    new = changed_data(old, tmp / "data-new")
    r = Releases(tmp / "releases", tmp / "CHANGELOG.md", old, new, ROOT / "ontology")
    for version, data, date in (("2026.12.0", old, "2026-12-01"), ("2026.12.1", new, "2026-12-02")):
        result = release(version, data, r.root, r.changelog, date)
        assert result.exit_code == 0, result.output
    return r
