"""Profile panels (Scholia style): one SPARQL query per aspect of an entity, shipped in the
package as `gskg/queries/panels/<kind>_<panel>.rq`, each drawn by one macro of
`templates/_panels.html` and linked to the query page (the query, ready to run).

Each file names an example entity on its line `VALUES ?this { res:… }`, so it runs as it is;
`panel_query(text, iri)` puts the entity of the page there.  Runs in a query worker, as part
of the resource page's view (resource.py).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from pyoxigraph import Literal, NamedNode, Store

from ..namespaces import RDFS, XSD
from ..ontology import GSKG, RES
from ..resources import packaged_queries
from ..values import at_precision
from .labels import first_labels

FOLDER = packaged_queries() / "panels"
DATETIME = f"{XSD}dateTime"
THIS = re.compile(r"VALUES \?this \{ [^}]* \}")
#: The kinds with panels, and the classes (with their subclasses) that make an entity one.
KINDS = {
    "city": ("City",),
    "place": ("Place",),  # a place other than a city: district, zone, region …
    "org": ("Platform", "Organization"),
    "agreement": ("Agreement", "Policy"),
    "person": ("Person",),
}
ORDER = {
    "city": ("statistics", "members", "agreements", "policies", "partners"),
    "place": ("located", "parts", "agreements"),
    "org": ("location", "founders", "branches", "agreements", "people"),
    "agreement": ("parties", "details", "topics"),
    "person": ("roles",),
}


@functools.cache
def panel_files() -> dict[str, tuple[str, str, str]]:
    """`{kind_panel: (zh title, en title, query text)}` from the packaged .rq files."""
    out = {}
    for path in sorted(FOLDER.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        titles = dict(re.findall(r"^# (zh|en): (.*)$", text, flags=re.M))
        out[path.stem] = (titles.get("zh", path.stem), titles.get("en", path.stem), text)
    return out


def panel_query(text: str, iri: str) -> str:
    """The panel's query about `iri` (a `res:` name when it has one)."""
    slug = iri[len(RES) :] if iri.startswith(RES) else ""
    term = f"res:{slug}" if slug and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) else f"<{iri}>"
    return THIS.sub(lambda _: f"VALUES ?this {{ {term} }}", text, count=1)


def kinds_of(store: Store, node: NamedNode) -> list[str]:
    """The panel kinds `node` belongs to, from its classes and their superclasses."""
    classes = {f"{GSKG}{c}": kind for kind, names in KINDS.items() for c in names}
    values = " ".join(f"<{c}>" for c in classes)
    rows = store.query(
        f"""SELECT DISTINCT ?k WHERE {{ {node} a ?c . ?c <{RDFS}subClassOf>* ?k
            VALUES ?k {{ {values} }} }}""",
        use_default_graph_as_union=True,
    )
    found = {classes[row["k"].value] for row in rows}
    if "city" in found:  # a city's own panels say what is in it
        found.discard("place")
    return [k for k in KINDS if k in found]


def _cell(term: Any) -> dict[str, Any] | None:
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return {"kind": "iri", "value": term.value, "zh": "", "en": ""}
    if isinstance(term, Literal):
        return {"kind": "literal", "value": term.value, "lang": term.language or "",
                "datatype": term.datatype.value}  # fmt: skip
    return {"kind": "other", "value": str(term)}


def run_panels(store: Store, node: NamedNode) -> list[dict[str, Any]]:
    """Every panel of `node`'s kinds: name, titles, query, columns and rows (cells labelled)."""
    files = panel_files()
    panels = []
    for kind in kinds_of(store, node):
        for name in ORDER[kind]:
            zh, en, text = files[f"{kind}_{name}"]
            query = panel_query(text, node.value)
            rows = store.query(query, use_default_graph_as_union=True)
            columns = [v.value for v in rows.variables]
            data = [{c: _cell(row[c]) for c in columns} for row in rows]
            panels.append({"name": f"{kind}_{name}", "zh": zh, "en": en, "query": query,
                           "columns": columns, "rows": data})  # fmt: skip
    _label(store, panels)
    for p in panels:
        _dates(p["rows"])
    return panels


def _dates(rows: list[dict[str, Any]]) -> None:
    """Each date cell as it is known ("2021-05", never 2021-05-01): at the precision its row
    gives (`?datePrecision`), or that a property/value panel lists as gskg:datePrecision."""
    listed = next((r["value"]["value"] for r in rows if r.get("value") and r.get("property")
                   and r["property"]["value"] == f"{GSKG}datePrecision"), None)  # fmt: skip
    for row in rows:
        precision = (row.get("datePrecision") or {}).get("value") or listed
        for cell in row.values():
            if cell and cell["kind"] == "literal" and cell.get("datatype") == DATETIME:
                cell["display"] = at_precision(cell["value"], precision)


def _label(store: Store, panels: list[dict[str, Any]]) -> None:
    cells = [c for p in panels for r in p["rows"] for c in r.values() if c and c["kind"] == "iri"]
    iris = sorted({c["value"] for c in cells})
    if not iris:
        return
    labels = first_labels(store, [NamedNode(i) for i in iris])
    for c in cells:
        zh, en = labels[NamedNode(c["value"])]
        c["zh"], c["en"] = (zh.value if zh else ""), (en.value if en else "")
