"""The layout keeps its promises, read from the code (the AST of every module of src/gskg):
no import runs up the layers, no import cycle, no module over 400 lines, and no blueprint
imports another (what blueprints share lives in web/context.py).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
MAX_LINES = 400
#: From the bottom up: a module may import only from a lower layer or its own package
#: (a top-level module is its own unit).
LAYERS = (
    ("gskg", "gskg.errors", "gskg.namespaces"),
    (
        "gskg.terms",
        "gskg.values",
        "gskg.qualifiers",
        "gskg.schema",
        "gskg.ontology",
        "gskg.documents",
        "gskg.resources",
    ),
    ("gskg.sparql",),
    ("gskg.pipeline",),
    ("gskg.checks",),
    ("gskg.linking", "gskg.docs"),
    ("gskg.quality", "gskg.curate", "gskg.release"),
    ("gskg.web",),
    ("gskg.cli",),
)
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}


def _name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package: dotted name → file."""
    return {_name(p): p for p in sorted((SRC / "gskg").rglob("*.py"))}


@cache
def imports(name: str) -> frozenset[str]:
    """The gskg modules `name` imports (anywhere in it, function bodies included)."""
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:  # relative: from the package, one level up per extra dot
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            found.add(target)
            found |= {f"{target}.{a.name}" for a in node.names}  # `from . import module`
    return frozenset(m for m in found if m in modules() and m != name)


def unit(name: str) -> str:
    """The package (or top-level module) `name` belongs to for layering."""
    parts = name.split(".")
    return ".".join(parts[:2])


def test_every_unit_has_a_layer() -> None:
    assert {unit(m) for m in modules()} <= set(RANK), "name the new package in LAYERS"


def test_no_import_runs_up_the_layers() -> None:
    upward = [
        f"{m} → {i}"
        for m in modules()
        for i in imports(m)
        if unit(i) != unit(m) and RANK[unit(i)] >= RANK[unit(m)]
    ]
    assert not upward


def test_no_import_cycle() -> None:
    """Between modules, a package's __init__ importing its own submodules aside (re-exports)."""

    def arrows(m: str) -> set[str]:
        own = modules()[m].name == "__init__.py"
        return {i for i in imports(m) if not (own and i.startswith(m + "."))}

    done: set[str] = set()

    def visit(m: str, path: list[str]) -> None:
        if m in path:
            pytest.fail("import cycle: " + " → ".join(path[path.index(m) :] + [m]))
        if m in done:
            return
        for i in sorted(arrows(m)):
            visit(i, [*path, m])
        done.add(m)

    for m in modules():
        visit(m, [])


def test_no_module_over_the_limit() -> None:
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in modules().items()}
    long = {m: n for m, n in sizes.items() if n > MAX_LINES}
    assert not long


def test_blueprints_import_no_other_blueprint() -> None:
    blueprints = {m for m, p in modules().items() if "Blueprint(" in p.read_text()}
    assert {"gskg.web.pages", "gskg.web.search", "gskg.web.sparql"} <= blueprints
    crossing = [f"{m} → {i}" for m in blueprints for i in imports(m) if i in blueprints]
    assert not crossing
