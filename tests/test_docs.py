"""Docs that cannot drift: every field of the fact format and every command is documented,
and the generated ontology documentation is what the endpoint serves at /ontology."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gskg.cli import main
from gskg.docs import write_html
from gskg.pipeline import build_dist
from gskg.reason import ONTOLOGY_PATHS, load_graph
from gskg.schema import BY_CLASS, COMMON, RELATIONS, ROLE_FIELDS

ROOT = Path(__file__).parent.parent
FIELDS = sorted({*COMMON, *RELATIONS, *ROLE_FIELDS, *(f for t in BY_CLASS.values() for f in t)})


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_is_documented_in_data_readme(field):
    assert f"`{field}`" in (ROOT / "data" / "README.md").read_text()


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_in_the_readme(command):
    assert f"gskg {command}" in (ROOT / "README.md").read_text()


def test_the_endpoint_serves_the_pylode_docs_at_ontology(tmp_path):
    """`gskg docs` writes dist/ontology.html; the endpoint's /ontology is that page."""
    build_dist(ROOT / "tests" / "fixtures" / "valid", ROOT / "ontology", tmp_path)
    html = write_html(load_graph(ONTOLOGY_PATHS), tmp_path / "ontology.html").read_text()
    result = CliRunner().invoke(
        main, ["serve", "--data", str(tmp_path / "gskg.nt"), "--get", "/ontology"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == html
    assert "Guangzhou–Shenzhen Knowledge Graph ontology" in html
