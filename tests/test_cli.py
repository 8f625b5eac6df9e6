"""Every `gskg` command, in-process with click's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gskg.cli import main

ROOT = Path(__file__).parent.parent
VALID = ROOT / "tests" / "fixtures" / "valid"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli-dist")
    result = CliRunner().invoke(main, ["build", "--data", str(VALID), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("built ") and "records in" in result.output
    return out


@pytest.mark.parametrize(
    "command",
    ["build", "validate", "export", "stats", "query", "verify-sources", "serve"],
)
def test_help_on_each_command(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert command in result.output and "--help" in result.output


def test_invalid_data_exits_2_with_every_problem_on_stderr(runner, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    shutil.copy(ROOT / "tests/fixtures/invalid/unknown_class.yaml", data / "zz.yaml")
    shutil.copy(ROOT / "tests/fixtures/invalid/duplicate_key.yaml", data / "zy.yaml")
    result = runner.invoke(main, ["build", "--data", str(data), "--out", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert "zz.yaml:2: foshan.type: 'Metropolis' is not a class of the ontology" in result.stderr
    assert "zy.yaml:6: foshan.label: duplicate key" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (tmp_path / "d").exists()


def test_build_names_the_public_endpoint_in_void(runner, tmp_path):
    """`--endpoint` (or GSKG_ENDPOINT) is the address void.ttl gives for queries and dumps."""
    out = tmp_path / "d"
    args = ["build", "--data", str(VALID), "--out", str(out)]
    result = runner.invoke(main, [*args, "--endpoint", "https://gskg.example.org/sparql"])
    assert result.exit_code == 0, result.output
    void = (out / "void.ttl").read_text()
    assert "<https://gskg.example.org/sparql>" in void
    assert "<https://gskg.example.org/export.nt>" in void
    assert "127.0.0.1" not in void


def test_validate_without_reasoner_passes_on_valid_data(runner):
    result = runner.invoke(main, ["validate", "--data", str(VALID), "--no-reason", "--no-shapes"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("valid: 18 records")  # 16 + the 2 units


@pytest.mark.parametrize("fmt", ["ttl", "owl", "jsonld", "nt"])
def test_export_writes_the_built_file(runner, dist, fmt, tmp_path):
    out = tmp_path / f"x.{fmt}"
    result = runner.invoke(main, ["export", "--format", fmt, "-o", str(out), "--dist", str(dist)])
    assert result.exit_code == 0
    assert out.read_bytes() == (dist / f"gskg.{fmt}").read_bytes()


def test_export_without_build_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["export", "--dist", str(tmp_path)])
    assert result.exit_code == 1
    assert "run `gskg build` first" in result.stderr


def test_stats_counts_classes_and_documents(runner, dist):
    result = runner.invoke(main, ["stats", "--dist", str(dist)])
    assert result.exit_code == 0
    assert "City                                  2" in result.output
    assert "test-doc" in result.output and "facts about" in result.output


LABELS = (
    "SELECT ?l WHERE { <https://w3id.org/gskg/resource/guangzhou> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
)


@pytest.mark.parametrize(
    "fmt, expected",
    [
        ("table", "Guangzhou@en"),
        ("csv", "l\r\nGuangzhou\r\n广州\r\n"),
        ("tsv", '?l\n"Guangzhou"@en\n"广州"@zh\n'),
    ],
)
def test_query_prints_table_csv_tsv(runner, dist, fmt, expected):
    result = runner.invoke(main, ["query", LABELS, "--format", fmt, "--dist", str(dist)])
    assert result.exit_code == 0, result.output
    assert expected in result.stdout_bytes.decode()


def test_query_json_and_query_file(runner, dist, tmp_path):
    rq = tmp_path / "labels.rq"
    rq.write_text(LABELS)
    result = runner.invoke(main, ["query", str(rq), "--format", "json", "--dist", str(dist)])
    assert result.exit_code == 0
    values = [b["l"]["value"] for b in json.loads(result.output)["results"]["bindings"]]
    assert values == ["Guangzhou", "广州"]


def test_query_syntax_error_and_service_are_refused(runner, dist):
    bad = runner.invoke(main, ["query", "SELECT WHERE {", "--dist", str(dist)])
    assert bad.exit_code == 1 and "syntax error" in bad.stderr
    ssrf = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"
    refused = runner.invoke(main, ["query", ssrf, "--dist", str(dist)])
    assert refused.exit_code == 1
    assert "SERVICE <http://127.0.0.1:1/> refused" in refused.stderr
    # the check reads the query, not its text: "service" in a literal is no SERVICE call
    literal = 'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:1/>" }'
    assert runner.invoke(main, ["query", literal, "--dist", str(dist)]).exit_code == 0


def test_verify_sources_finds_every_quote(runner):
    result = runner.invoke(main, ["verify-sources", "--data", str(VALID), "--seeds", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert result.output == "all 20 quotes found in their documents\n"


def test_verify_sources_lists_missing_quotes(runner, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    text = (
        (data / "entities.yaml").read_text().replace("quote: 广州与深圳\n", "quote: 广州和深圳\n")
    )
    (data / "entities.yaml").write_text(text)
    result = runner.invoke(main, ["verify-sources", "--data", str(data), "--seeds", str(SEEDS)])
    assert result.exit_code == 1
    assert "quote not found in doc.txt: 广州和深圳" in result.stderr
    assert "2 of 20 quotes not found" in result.stderr


def test_verify_sources_on_the_shipped_data_and_seeds(runner):
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not present beside this checkout")
    result = runner.invoke(
        main, ["verify-sources", "--data", str(ROOT / "data"), "--seeds", str(seeds)]
    )
    assert result.exit_code == 0, result.stderr


def test_validate_the_shipped_data_with_shapes_and_hermit(runner):
    """The whole check as curators run it: fact format, SHACL shapes, HermiT consistency."""
    result = runner.invoke(main, ["validate", "--data", str(ROOT / "data")])
    assert result.exit_code == 0, result.stderr
    assert "(format, shapes, HermiT)" in result.output


def test_validate_reports_a_shape_violation(runner, tmp_path):
    """An agreement without a date passes the fact format but not the shapes: exit 2."""
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    text = (data / "entities.yaml").read_text()
    (data / "entities.yaml").write_text(
        text.replace(
            '  date: "2020-10-22"\n  place: guangzhou\n  occasion', "  place: guangzhou\n  occasion"
        )
    )
    result = runner.invoke(main, ["validate", "--data", str(data), "--no-reason"])
    assert result.exit_code == 2
    assert "res:gz-sz-agreement" in result.stderr and "date" in result.stderr


def test_validate_reports_a_contradiction_found_by_hermit(runner, tmp_path):
    """The contradictory fixture (one entity typed City and Firm) fails `gskg validate`:
    exit 2 and the entity named, as a curator would see it."""
    ontology = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", ontology)
    contradiction = (ROOT / "tests/fixtures/ontology/city_and_firm.ttl").read_text()
    with (ontology / "alignment.ttl").open("a", encoding="utf-8") as out:
        out.write("\n" + contradiction)  # Turtle allows @prefix anywhere
    result = runner.invoke(
        main, ["validate", "--data", str(VALID), "--ontology", str(ontology), "--no-shapes"]
    )
    assert result.exit_code == 2, result.output
    assert "res:foo is typed City and Firm, which are disjoint" in result.stderr
