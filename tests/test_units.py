"""The unit table (gskg.units, data/units.yaml): lookups, validation, base values."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from pyoxigraph import Store

from gskg.ontology import load_ontology
from gskg.pipeline.load import load_data
from gskg.pipeline.units import unit_table
from gskg.pipeline.validate import validate_records
from gskg.sparql.store import open_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
RES = "https://w3id.org/gskg/resource/"


@pytest.fixture(scope="module")
def table():
    records, problems = load_data(ROOT / "data")
    assert problems == []
    return unit_table(records)


@pytest.mark.parametrize(
    ("written", "unit"),
    [("名", "unit-rank"), ("位", "unit-rank"), ("亿元", "unit-yi-yuan"), ("万元", "unit-wan-yuan"),
     ("%", "unit-percent"), ("unit-person", "unit-person"), (" 件 ", "unit-jian"),
     ("台", None), (7, None)],
)  # fmt: skip
def test_resolve(table, written, unit) -> None:
    found = table.resolve(written)
    assert (found.id if found else None) == unit


def test_every_shipped_unit_is_in_the_table(table) -> None:
    records, _ = load_data(ROOT / "data")
    units = {r.data["unit"] for r in records if r.type == "Observation"}
    assert all(table.resolve(u) for u in units)


@pytest.mark.parametrize(
    ("yaml", "field", "message"),
    [
        ("  unit: 台\n", "unit", "unknown unit '台'"),
        ("  unit: 份\n", None, None),
    ],
)
def test_an_unknown_unit_is_a_problem_with_its_line(tmp_path, yaml, field, message) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    text = (data / "entities.yaml").read_text(encoding="utf-8").replace("  unit: 份\n", yaml)
    (data / "entities.yaml").write_text(text, encoding="utf-8")
    records, problems = load_data(data)
    problems += validate_records(records, load_ontology(ROOT / "ontology"))
    if message is None:
        assert problems == []
        return
    line = text.splitlines().index(yaml.rstrip("\n")) + 1
    assert [(p.line, p.field) for p in problems] == [(line, field)]
    assert message in problems[0].message


def test_a_written_form_two_units_claim_is_ambiguous(tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    with (data / "units.yaml").open("a", encoding="utf-8") as fh:
        fh.write("- id: unit-copies\n  type: Unit\n  label: {zh: 份数, en: copies}\n"
                 "  kind: count\n  written: [份]\n  base: unit-count\n  scale: 1\n")  # fmt: skip
    records, problems = load_data(data)
    problems += validate_records(records, load_ontology(ROOT / "ontology"))
    assert {(p.record, p.field) for p in problems} == {
        ("unit-copies", "written"),
        ("unit-fen", "written"),
        ("gz-tech-contracts-2020", "unit"),
    }


@pytest.fixture(scope="module")
def store(built_graph: Path) -> Store:
    return open_store(built_graph / "gskg.nt")


def _base(store: Store, obs: str) -> tuple[Decimal, str, str]:
    q = f"""PREFIX gskg: <https://w3id.org/gskg/ontology#>
    SELECT ?b ?bu ?u WHERE {{
      <{RES}{obs}> gskg:baseValue ?b ; gskg:baseUnit ?bu ; gskg:unit ?u }}"""
    (row,) = list(store.query(q, use_default_graph_as_union=True))
    return Decimal(row["b"].value), row["bu"].value[len(RES) :], row["u"].value


@pytest.mark.parametrize(
    ("obs", "base", "unit", "written"),
    [
        ("obs-total-investment-zengcheng", "21200000000", "unit-yuan", "亿元"),  # 212 亿元
        ("obs-gdp-guangzhou", "2000000000000", "unit-yuan", "万亿元"),  # 2 万亿元
        ("obs-population-guangzhou", "10000000", "unit-count", "万人"),  # 1000 万人
        ("obs-share-of-province-national-key-laboratories-guangzhou", "70", "unit-percent", "成"),
        ("obs-recommended-expert-count-guangzhou", "55", "unit-count", "人"),
    ],
)
def test_values_in_the_base_unit_compare(store, obs, base, unit, written) -> None:
    assert _base(store, obs) == (Decimal(base), unit, written)
