"""The W3C RDF Data Cube integrity constraints (IC-1 … IC-21) on a graph.

The queries are the Recommendation's own (section 11.1 "Well-formed cubes"), shipped as
`queries/qb/ic-*.rq`; each ASK answers true when the constraint is violated.  As the
Recommendation prescribes, they run on the *normalized* graph: the two SPARQL Update
phases of its normalization algorithm (`normalize-phase-1.ru`, `-2.ru`) are applied first,
to a copy, so the caller's store is never changed.  IC-20 and IC-21 are templates: they run
once per parent-child property their instantiation query finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import GskgError
from ..resources import packaged_queries

QB_DIR = packaged_queries() / "qb"


@dataclass(frozen=True)
class Constraint:
    """One integrity constraint: its id (ic-12), title and ASK query (a template for 20, 21)."""

    id: str
    title: str
    query: str
    instances: str | None = None  # the SELECT ?p that instantiates a template


def constraints(directory: Path = QB_DIR) -> list[Constraint]:
    """The constraints shipped in `directory`, in order (ic-01 … ic-21)."""
    out = []
    for path in sorted(directory.glob("ic-*.rq")):
        if path.stem.endswith("-instances"):
            continue
        text = path.read_text(encoding="utf-8")
        title = text.splitlines()[0].lstrip("# ").strip()
        inst = path.with_name(f"{path.stem}-instances.rq")
        out.append(
            Constraint(
                path.stem,
                title,
                text,
                inst.read_text(encoding="utf-8") if inst.exists() else None,
            )
        )
    return out


def normalize(store: ox.Store, directory: Path = QB_DIR) -> None:
    """Apply the Recommendation's normalization algorithm (phases 1 and 2) to `store`."""
    for phase in ("normalize-phase-1.ru", "normalize-phase-2.ru"):
        store.update((directory / phase).read_text(encoding="utf-8"))


def _violated(store: ox.Store, ic: Constraint) -> bool:
    if ic.instances is None:
        return bool(store.query(ic.query))
    for row in store.query(ic.instances):
        if store.query(ic.query.replace("<$p>", str(row["p"]))):
            return True
    return False


def violations(store: ox.Store, directory: Path = QB_DIR) -> list[Constraint]:
    """The constraints the graph in `store` (default graph) violates after normalization.

    `store` is normalized in place: pass a scratch store (see `check_cube_file`).
    """
    found = constraints(directory)
    if len(found) < 21:  # never report a cube well formed because the queries are missing
        raise GskgError(f"{directory}: the Data Cube constraint queries are missing")
    normalize(store, directory)
    return [ic for ic in found if _violated(store, ic)]


def check_cube_file(path: Path, directory: Path = QB_DIR) -> list[Constraint]:
    """`violations` of an RDF file (N-Triples, Turtle … by extension), loaded into a copy."""
    if not path.is_file():
        raise GskgError(f"{path}: no such file (run `gskg build` first)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:]))
    except (SyntaxError, ValueError) as exc:
        raise GskgError(f"{path}: not RDF: {exc}") from None
    return violations(store, directory)
