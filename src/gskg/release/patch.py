"""RDF Patch (https://afs.github.io/rdf-delta/rdf-patch.html): the change as D and A lines.

`patch_text(diff)` writes one transaction: every statement of OLD not in NEW as a `D` line,
then every statement of NEW not in OLD as an `A` line, sorted (so the same two builds give
the same patch).  Terms are written as in N-Triples, blank nodes with the labels of the
files: the build names them from their content (`_:ax<hash>`) or position (`_:o<n>b<k>`),
so the labels mean the same node in OLD, NEW and the patch.  Apply a patch to a store that
keeps blank-node labels (Oxigraph, Jena with labels kept), or with `apply_patch`.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import GskgError
from .diff import Diff
from .graph import TERM_LIMIT, BadInput, read_snapshot
from .limits import check_size


class BadPatch(GskgError):
    """A patch that cannot be read, or does not apply to the graph it is given."""


def patch_text(d: Diff) -> str:
    """The RDF Patch that turns OLD into NEW."""
    out = ["TX .\n"]
    out += [f"D {line}" for line in d.removed_lines]
    out += [f"A {line}" for line in d.added_lines]
    out.append("TC .\n")
    return "".join(out)


def _statement(body: str, where: str) -> str:
    """One `s p o .` of a patch line, as the N-Triples line pyoxigraph writes for it."""
    try:
        quads = list(ox.parse(body.encode(), format=ox.RdfFormat.N_TRIPLES))
    except MemoryError:  # pyoxigraph's buffer for one term
        raise BadPatch(f"{where}: a term (literal or IRI) longer than {TERM_LIMIT}") from None
    except SyntaxError as exc:
        raise BadPatch(f"{where}: not a triple in N-Triples syntax: {exc}") from None
    if len(quads) != 1:
        raise BadPatch(f"{where}: expected one triple, found {len(quads)}")
    q = quads[0]
    return f"{q.subject} {q.predicate} {q.object} .\n"


def read_patch(path: Path) -> tuple[list[str], list[str]]:
    """The statements a patch deletes and adds (`BadPatch` on anything else)."""
    check_size(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadPatch(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadPatch(f"{path}: cannot read: {exc}") from None
    deletes: list[str] = []
    adds: list[str] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        code, _, body = line.partition(" ")
        if not line or line.startswith("#") or code in ("TX", "TC", "H"):
            continue
        where = f"{path}:{n}"
        if code not in ("A", "D"):
            raise BadPatch(f"{where}: expected an A, D, H, TX or TC line, found {code!r}")
        (adds if code == "A" else deletes).append(_statement(body, where))
    return deletes, adds


def apply_patch(old: Path, patch: Path) -> list[str]:
    """The statements (sorted N-Triples lines) of OLD with the patch applied.

    Strict: a patch that deletes a statement OLD does not have, or adds one it already
    has, was made for another graph, and is refused (`BadPatch`) rather than half applied.
    """
    lines = read_snapshot(old).lines
    deletes, adds = read_patch(patch)
    for stmt in deletes:
        if stmt not in lines:
            raise BadPatch(f"{patch}: deletes a statement {old} does not have: {stmt.strip()}")
        lines.discard(stmt)
    for stmt in adds:
        if stmt in lines:
            raise BadPatch(f"{patch}: adds a statement {old} already has: {stmt.strip()}")
        lines.add(stmt)
    return sorted(lines)


def write_patched(old: Path, patch: Path, out: Path) -> int:
    """Apply `patch` to `old` and write the result as N-Triples to `out`; its size."""
    if out.suffix.lower() != ".nt":
        raise BadInput(f"{out}: write the patched graph to a .nt file")
    lines = apply_patch(old, patch)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text("".join(lines), encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadInput(f"{out}: cannot write: {exc.strerror or exc}") from None
    return len(lines)
