"""The benchmark's data generator writes data that validates, builds and cites its sources."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from gskg.cli import main

ROOT = Path(__file__).resolve().parent.parent
# bench/ is not an installed package: load the generator from its file.
_spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
assert _spec and _spec.loader
bench_generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_generate)
MIX, generate = bench_generate.MIX, bench_generate.generate
UNIT_TABLE = bench_generate.UNIT_TABLE


@pytest.fixture(scope="module")
def generated_200(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 synthetic records (every kind present), written once for the module."""
    out = tmp_path_factory.mktemp("gen") / "data"
    counts = generate(200, out, seed=7)
    assert sum(counts.values()) == 200 and set(counts) == set(MIX)
    return out


def test_generated_data_builds(generated_200: Path, tmp_path: Path):
    args = [
        "build",
        "--data",
        str(generated_200),
        "--ontology",
        str(ROOT / "ontology"),
        "--out",
        str(tmp_path / "dist"),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    units = UNIT_TABLE.read_text(encoding="utf-8").count("\n- id: ")  # + the unit table
    assert f"from {200 + units} records" in result.output
    assert (tmp_path / "dist" / "gskg.nt").stat().st_size > 0


def test_every_quote_is_in_its_synthetic_document(generated_200: Path):
    args = [
        "verify-sources",
        "--data",
        str(generated_200),
        "--seeds",
        str(generated_200 / "sources"),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def test_same_seed_same_bytes(generated_200: Path, tmp_path: Path):
    generate(200, tmp_path, seed=7)
    for path in generated_200.rglob("*.*"):
        assert (tmp_path / path.relative_to(generated_200)).read_bytes() == path.read_bytes()
