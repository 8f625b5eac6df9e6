"""Docs that cannot drift: every field of the fact format and every command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from gskg.cli import main
from gskg.schema import BY_CLASS, COMMON, RELATIONS, ROLE_FIELDS

ROOT = Path(__file__).parent.parent
FIELDS = sorted({*COMMON, *RELATIONS, *ROLE_FIELDS, *(f for t in BY_CLASS.values() for f in t)})


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_is_documented_in_data_readme(field):
    assert f"`{field}`" in (ROOT / "data" / "README.md").read_text()


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_in_the_readme(command):
    assert f"gskg {command}" in (ROOT / "README.md").read_text()
