"""The graph's health in plain words: `gskg check` and the /quality page.

`run_checks` loads and validates the curated data and runs every check of `checks.py`;
each finding is an `Item` naming the record, its file and line, what is wrong and what
to do, with a severity as ROBOT report has them (error, warning, info).  `report.py`
writes the items as text, JSON or CSV.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

SEVERITIES = ("error", "warning", "info")

# check id → (zh title, en title, severity): the order in which reports list them.
CHECKS: dict[str, tuple[str, str, str]] = {
    "format": ("数据格式", "Data format", "error"),
    "shapes": ("数据形状(SHACL)", "Shape of the data (SHACL)", "error"),
    "labels": ("缺少中文或英文名称", "Missing Chinese or English name", "error"),
    "units": ("单位不在单位表中", "Unit not in the unit table", "error"),
    "quotes": ("引文在原文中找不到", "Quote not found in its document", "error"),
    "periods": ("观测缺少期间或期间无日期", "Observation with no period, or no dates", "warning"),
    "qualifiers": (
        "原文有“过”“以上”“约”等而数值无限定",
        "Text qualifies the figure, the value does not",
        "warning",
    ),
    "bare": ("只有类型和名称的实体", "Entity with nothing but a type and names", "warning"),
    "duplicates": ("可能重复的实体", "Possible duplicates", "warning"),
    "identifiers": ("没有外部标识符的实体", "Entity without external identifiers", "info"),
    "sources": ("未核对引文", "Quotes not checked", "info"),
}


@dataclass(frozen=True, order=True)
class Item:
    """One finding: which record, where it is written, what is wrong, what to do."""

    severity: str
    check: str
    file: str
    line: int
    record: str
    message: str
    hint: str = ""

    def where(self) -> str:
        """`data/figures.yaml:12`, or "" when the item is not about a written record."""
        return f"{self.file}:{self.line}" if self.file else ""

    def as_dict(self) -> dict:
        """The item as a JSON-ready mapping."""
        return asdict(self)


@dataclass
class Report:
    """Every item found, and what was checked."""

    items: list[Item] = field(default_factory=list)
    records: int = 0

    def count(self, severity: str) -> int:
        """How many items of `severity`."""
        return sum(1 for i in self.items if i.severity == severity)

    def at_least(self, severity: str) -> list[Item]:
        """The items of `severity` or worse ("warning": warnings and errors)."""
        worst = SEVERITIES.index(severity)
        return sorted(i for i in self.items if SEVERITIES.index(i.severity) <= worst)

    def fails(self, fail_on: str | None) -> bool:
        """Does the report reach `fail_on` ("error": any error; "warning": any warning or error)?"""
        return fail_on is not None and bool(self.at_least(fail_on))

    def summary(self) -> str:
        """`3 errors, 2 warnings, 40 info in 510 records`."""
        e, w, i = (self.count(s) for s in SEVERITIES)
        return f"{e} error(s), {w} warning(s), {i} info in {self.records} records"


def run_checks(
    data_dir: Path, ontology_dir: Path, seeds_dir: Path | None = None, *, shapes: bool = True
) -> Report:
    """Check the data of `data_dir`; `seeds_dir` None or missing: quotes are not checked
    (an info item says so); `shapes`: run the SHACL shapes on the built graph (seconds)."""
    from .checks import collect

    return collect(data_dir, ontology_dir, seeds_dir, shapes=shapes)
