"""Docs that cannot drift: every field of the fact format and every command is documented,
and the generated ontology documentation is what the endpoint serves at /ontology."""

from __future__ import annotations

import builtins
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gskg.checks.reason import ONTOLOGY_PATHS, load_graph
from gskg.cli import main
from gskg.docs import write_html
from gskg.pipeline import build_dist
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


# --- The documents name only what exists (modules, functions, source paths) -----------------
DOCS = ["README.md", "ARCHITECTURE.md", "SECURITY.md", "data/README.md", "bench/README.md"]
# `gskg.store.open_store`, `gskg.web:create_app()`; not the export files `gskg.ttl` & co.
DOTTED = re.compile(r"(?<![\w/.-])gskg((?:\.[A-Za-z_]\w*)+)(?::([A-Za-z_]\w*))?")
FILE_SUFFIXES = {"ttl", "nt", "jsonld", "owl", "rdf", "html", "yaml", "json", "csv", "rq", "py"}
SOURCE_PATH = re.compile(r"\bsrc/gskg/[\w/.-]*\w|(?<![\w/])web/\w+\.py")
CLASS_NAME = re.compile(r"^([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)(?:\(.*\))?$")  # not FILE names
CALL = re.compile(r"`([A-Za-z_]\w*)\(")


def _gskg_modules() -> list:
    import gskg

    names = [m.name for m in pkgutil.walk_packages(gskg.__path__, "gskg.")]
    return [gskg, *(importlib.import_module(n) for n in names if not n.endswith("__main__"))]


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def _named(kind: str) -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        if kind == "dotted":
            for m in DOTTED.finditer(text):
                if m.group(1).rsplit(".", 1)[-1] in FILE_SUFFIXES:
                    continue
                name = "gskg" + m.group(1) + (f".{m.group(2)}" if m.group(2) else "")
                found.append((doc, name))
            # A line about one module (`gskg.errors`: `GskgError`, `BadQuery` …) names its
            # classes: each must be in that module.
            for line in re.sub(r"\n  +(?=[^\s-])", " ", text).splitlines():  # bullets, whole
                if (m := DOTTED.search(line)) and m.group(1).count(".") == 1 and not m.group(2):
                    spans = re.findall(r"`([^`]*)`", line)
                    found += [(doc, f"gskg{m.group(1)}.{c.group(1)}")
                              for c in map(CLASS_NAME.match, spans) if c]  # fmt: skip
        elif kind == "path":
            found += [(doc, re.sub(r"^web/", "src/gskg/web/", m.group(0)))
                      for m in SOURCE_PATH.finditer(text)]  # fmt: skip
        else:
            found += [(doc, m.group(1)) for m in CALL.finditer(text) if not m.group(1).isupper()]
    return sorted(set(found))


@pytest.mark.parametrize(("doc", "name"), _named("dotted"))
def test_every_module_and_function_named_in_the_docs_exists(doc: str, name: str) -> None:
    assert _resolves(name), f"{doc} names {name}, which does not exist"


@pytest.mark.parametrize(("doc", "path"), _named("path"))
def test_every_source_path_named_in_the_docs_exists(doc: str, path: str) -> None:
    assert (ROOT / path).exists(), f"{doc} names {path}, which does not exist"


def test_every_function_called_in_the_docs_exists() -> None:
    """`name(` in backticks: a public name of some gskg module (or a Python builtin)."""
    defined = {n for mod in _gskg_modules() for n in dir(mod)} | set(dir(builtins))
    missing = [(doc, name) for doc, name in _named("call") if name not in defined]
    assert not missing, missing


# --- ARCHITECTURE.md names every module (issue 19, item 7) ----------------------------------
MODULES = sorted(
    str(p.relative_to(ROOT / "src" / "gskg")) for p in (ROOT / "src" / "gskg").rglob("*.py")
)


@pytest.mark.parametrize("module", MODULES)
def test_architecture_names_every_module(module: str) -> None:
    """Each module of src/gskg/ has its line in ARCHITECTURE.md's list: `- `path`: its job`."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert re.search(rf"^- `{re.escape(module)}`: \S", text, re.M), (
        f"ARCHITECTURE.md does not name src/gskg/{module} (add it to 'Every module')"
    )
