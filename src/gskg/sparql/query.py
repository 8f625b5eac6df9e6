"""`gskg query`: run SPARQL on the built graph in-process and format the answer for a terminal."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import BadQuery, GskgError
from ..namespaces import PREFIXES
from .formats import FORMATS
from .scan import check


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return str(term)


def _table(solutions: ox.QuerySolutions) -> str:
    names = [v.value for v in solutions.variables]
    rows = [[_cell(row[n]) for n in names] for row in solutions]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def run_cli_query(nt_path: Path, query: str, fmt: str = "table") -> str:
    """Answer `query` on the graph built at `nt_path`; `fmt` is table, csv, tsv or json."""
    from .store import open_store

    if not nt_path.is_file():
        raise GskgError(f"{nt_path} not found: run `gskg build` first")
    # The same check as the endpoint's, with no SERVICE allowed: the engine would fetch the
    # URL itself, and the CLI has no allowlist.
    check(query)
    store = open_store(nt_path)
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise BadQuery(f"SPARQL syntax error: {exc}") from exc
    if isinstance(result, bool):
        return ("true" if result else "false") + "\n"
    if isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            return _table(result)
        return result.serialize(format=FORMATS[fmt].engine).decode()
    rdf = ox.RdfFormat.N_TRIPLES
    return ox.serialize(result, format=rdf).decode()
