"""Checks that need the whole built graph: SHACL shapes (pyshacl) and OWL reasoning (HermiT)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from rdflib import Graph

from ..pipeline.export import ntriples


def check_compiled(
    lines: list[str],
    *,
    ontology_dir: Path | None = None,
    reason: bool = True,
    shapes: bool = True,
) -> list[str]:
    """Readable problems found by the shapes and the reasoner in the statements `lines`.

    The shapes are `ontology_dir/shapes.ttl` (the --ontology folder; None: the packaged one).
    """
    nt = ntriples(lines)
    problems: list[str] = []
    if shapes:
        from .shapes import check_shapes, shapes_of

        graph = Graph()
        graph.parse(data=nt.decode(), format="nt")
        problems += check_shapes(graph, **shapes_of(ontology_dir))
    if reason:
        from .reason import check_consistency

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "gskg.nt"
            path.write_bytes(nt)
            problems += check_consistency(path)
    return problems
