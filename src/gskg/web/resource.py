"""What a resource page shows, read from the store (runs in a worker process).

`resource_view(store, iri)` returns plain data (dicts, strings) for the template: labels in
each language, every statement in and out with its provenance (the `owl:Axiom` annotations:
source document, quote, curator note), external identifiers and a small neighbourhood.
"""

from __future__ import annotations

import re
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Store

from ..errors import NotFound
from ..namespaces import OWL, RDF, RDFS, SCHEMA, SKOS, XSD
from ..ontology import GSKG, RES
from ..values import at_precision, interval_precision
from .labels import first_labels, is_local
from .panels import run_panels
from .summary import summary

PAGE = 100  # statements per page and direction
LISTED = 5000  # incoming statements listed whole and sorted in Python, at most

LABELS = {f"{RDFS}label"}
ALIASES = {f"{SKOS}altLabel"}
COMMENTS = {f"{RDFS}comment", f"{SKOS}definition"}
EXTERNAL = {
    f"{OWL}sameAs", f"{SKOS}closeMatch", f"{SKOS}exactMatch", f"{RDFS}seeAlso",
    f"{GSKG}rorId", f"{SCHEMA}url",
}  # fmt: skip

_LABEL_OPT = """
  OPTIONAL {{ {v} <{rdfs}label> ?{n}zh FILTER(LANGMATCHES(LANG(?{n}zh), "zh")) }}
  OPTIONAL {{ {v} <{rdfs}label> ?{n}en FILTER(LANGMATCHES(LANG(?{n}en), "en")) }}"""


def _labels(var: str, name: str) -> str:
    return _LABEL_OPT.format(v=var, n=name, rdfs=RDFS)


def _term(term: Any, zh: Any = None, en: Any = None) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        d: dict[str, Any] = {"kind": "iri", "value": term.value}
    elif isinstance(term, BlankNode):
        d = {"kind": "bnode", "value": term.value}
    elif isinstance(term, Literal):
        d = {"kind": "literal", "value": term.value, "lang": term.language or "",
             "datatype": "" if term.language else term.datatype.value}  # fmt: skip
    else:
        d = {"kind": "other", "value": str(term)}
    d["zh"] = zh.value if zh is not None else ""
    d["en"] = en.value if en is not None else ""
    return d


def _key(s: Any, p: Any, o: Any) -> tuple[str, str, str]:
    return (str(s), str(p), str(o))


def _annotations(store: Store, select: str, where: str) -> dict[tuple[str, str, str], list[dict]]:
    """Provenance of the axioms `where` selects (binding ?ax; `select` gives ?s ?p ?o).

    The document's labels are looked up inside the OPTIONAL that binds it: outside, the
    engine would first list every labelled thing (an unbound ?doc), then join."""
    rows = store.query(
        f"""SELECT {select} ?doc ?quote ?note ?dzh ?den WHERE {{ {where}
          OPTIONAL {{ ?ax <{GSKG}source> ?doc {_labels("?doc", "d")} }}
          OPTIONAL {{ ?ax <{GSKG}quote> ?quote }}
          OPTIONAL {{ ?ax <{GSKG}curatorNote> ?note }}
        }}""",
        use_default_graph_as_union=True,
    )
    out: dict[tuple[str, str, str], list[dict]] = {}
    for row in rows:
        entry = {
            "doc": _term(row["doc"], row["dzh"], row["den"]) if row["doc"] else None,
            "quote": row["quote"].value if row["quote"] else "",
            "note": row["note"].value if row["note"] else "",
        }
        bucket = out.setdefault(_key(row["s"], row["p"], row["o"]), [])
        if entry not in bucket:
            bucket.append(entry)
    return out


def _provenance(
    store: Store, node: NamedNode, incoming: list[dict[str, Any]]
) -> dict[tuple[str, str, str], list[dict]]:
    """Provenance of the statements about `node` shown on the page.

    Every query starts from a bound term: the entity as `owl:annotatedSource` (its own
    statements), or each (subject, property) of the page's incoming statements.  A pattern
    that leaves the axiom's source open (`{ ?ax annotatedSource <x> } UNION { ?ax
    annotatedTarget <x> }`) makes the engine scan every axiom: 11 s at 1M triples.
    """
    # No BIND between the patterns: it splits the group, and the engine then evaluates the
    # patterns after it on their own (a scan of every axiom).
    out = _annotations(
        store,
        f"({node} AS ?s) ?p ?o",
        f"""?ax <{OWL}annotatedSource> {node} ;
        <{OWL}annotatedProperty> ?p ; <{OWL}annotatedTarget> ?o .""",
    )
    pairs = " ".join(f"(<{st['x']['value']}> <{st['p']['value']}>)" for st in incoming
                     if st["x"]["kind"] == "iri")  # fmt: skip
    if pairs:
        out.update(
            _annotations(
                store,
                f"?s ?p ({node} AS ?o)",
                f"""VALUES (?s ?p) {{ {pairs} }}
            ?ax <{OWL}annotatedSource> ?s ; <{OWL}annotatedProperty> ?p ;
                <{OWL}annotatedTarget> {node} .""",
            )
        )
    return out


#: Statements of provenance records (axioms), not facts about the entity.  The cheap test
#: first: most axioms pointing at an entity do so by owl:annotatedSource/Target.
_NOT_FACTS = (f"FILTER(?p != <{OWL}annotatedSource> && ?p != <{OWL}annotatedTarget> "
              f"&& NOT EXISTS {{ ?x a <{OWL}Axiom> }})")  # fmt: skip


def _incoming_listed(
    store: Store, node: NamedNode, page: int
) -> tuple[list[dict[str, Any]], int] | None:
    """One page of the statements to `node` and how many there are, from one unordered
    query sorted here as `ORDER BY ?p ?x` sorts (blank nodes before IRIs), with labels by
    index lookups; None when there are over LISTED.  The count and the ordered page each
    test every statement against _NOT_FACTS: for the best-connected city of 1M triples
    (3 166 statements) they took 47 ms, this 12 ms."""
    rows = store.query(f"SELECT ?p ?x WHERE {{ ?x ?p {node} {_NOT_FACTS} }} LIMIT {LISTED + 1}",
                       use_default_graph_as_union=True)  # fmt: skip
    pairs = [(row["p"], row["x"]) for row in rows]
    if len(pairs) > LISTED:
        return None
    pairs.sort(key=lambda px: (px[0].value, not isinstance(px[1], BlankNode), px[1].value))
    shown = pairs[(page - 1) * PAGE : page * PAGE]
    labels = first_labels(store, [t for px in shown for t in px])
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for p, x in shown:
        if (str(p), str(x)) not in seen:
            seen[(str(p), str(x))] = {"p": _term(p, *labels[p]), "x": _term(x, *labels[x])}
    return list(seen.values()), len(pairs)


def _statements(
    store: Store, node: NamedNode, outgoing: bool, page: int = 1
) -> tuple[list[dict[str, Any]], int]:
    """One page of the statements from (or to) `node`, labelled, and how many there are."""
    # a remote store has no index to look up: it gets the queries below
    listed = _incoming_listed(store, node, page) if not outgoing and is_local(store) else None
    if listed is not None:
        return listed
    pattern = f"{node} ?p ?x" if outgoing else f"?x ?p {node} {_NOT_FACTS}"
    total = int(next(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}",
                                 use_default_graph_as_union=True))["n"].value)  # fmt: skip
    rows = store.query(
        f"""SELECT ?p ?x ?xzh ?xen ?pzh ?pen WHERE {{
          {{ SELECT ?p ?x WHERE {{ {pattern} }} ORDER BY ?p ?x
             LIMIT {PAGE} OFFSET {(page - 1) * PAGE} }}
          {_labels("?x", "x")} {_labels("?p", "p")} }}""",
        use_default_graph_as_union=True,
    )
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (str(row["p"]), str(row["x"]))
        if key not in seen:
            seen[key] = {
                "p": _term(row["p"], row["pzh"], row["pen"]),
                "x": _term(row["x"], row["xzh"], row["xen"]),
            }
    return list(seen.values()), total


def resource_view(store: Store, iri: str, page: int = 1) -> dict[str, Any]:
    """Everything the HTML page of `iri` shows; `NotFound` if the store says nothing of it.

    Statements come `PAGE` at a time in each direction (page `page`); the profile panels of
    the entity's kinds (panels.py) come with the first page."""
    node = NamedNode(iri)
    out, out_total = _statements(store, node, outgoing=True, page=page)
    incoming, in_total = _statements(store, node, outgoing=False, page=page)
    if not out_total and not in_total:
        raise NotFound(f"nothing is known about <{iri}>")
    pages = max(1, -(-max(out_total, in_total) // PAGE))
    if page > pages:
        raise NotFound(f"page {page} of the statements about <{iri}>: there are {pages}")
    prov = _provenance(store, node, incoming)
    labels: dict[str, list[str]] = {}
    aliases: dict[str, list[str]] = {}
    comments: dict[str, list[str]] = {}
    types, external, facts = [], [], []
    footnotes: list[dict] = []
    for st in out:
        p, x = st["p"]["value"], st["x"]
        bucket = labels if p in LABELS else aliases if p in ALIASES else comments
        if p in LABELS | ALIASES | COMMENTS and x["kind"] == "literal":
            bucket.setdefault(x["lang"] or "", []).append(x["value"])
            continue
        if p == f"{RDF}type":
            types.append(x)
        # A class (rdf:type qb:Observation) is not an identifier of the thing.
        if p in EXTERNAL or (x["kind"] == "iri" and p != f"{RDF}type"
                             and not x["value"].startswith("https://w3id.org/")):  # fmt: skip
            external.append({"p": st["p"], "x": x})
        facts.append(st)
    value = _readable(facts)
    for st in facts:
        st["notes"] = _footnotes(prov.get(_key(f"<{iri}>", _nt(st["p"]), _nt(st["x"])), []),
                                 footnotes)  # fmt: skip
    for st in incoming:
        st["notes"] = _footnotes(prov.get(_key(_nt(st["x"]), _nt(st["p"]), f"<{iri}>"), []),
                                 footnotes)  # fmt: skip
    return {
        "iri": iri,
        "labels": labels,
        "aliases": aliases,
        "comments": comments,
        "types": types,
        "out": facts,
        "in": incoming,
        "external": external,
        "footnotes": footnotes,
        "graph": neighbourhood(iri, labels, facts, incoming),
        "page": page,
        "pages": pages,
        "out_total": out_total,
        "in_total": in_total,
        "panels": run_panels(store, node) if page == 1 else [],
        "summary": summary(store, node) if page == 1 else {},
        "value": value,
    }


def _readable(facts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Dates cut to the subject's gskg:datePrecision (`display`: "2021-05", never
    2021-05-01), and an observation's value with what the text says about it (the template
    writes it with `qvalue`: ">2 万亿元"); None when the resource has no gskg:value."""
    by_p = {st["p"]["value"]: st["x"] for st in reversed(facts)}
    precision = by_p.get(f"{GSKG}datePrecision", {}).get("value") or interval_precision(
        by_p.get(f"{GSKG}periodStart", {}).get("value"),
        by_p.get(f"{GSKG}periodEnd", {}).get("value"),
    )
    for st in facts:
        x = st["x"]
        if x["kind"] == "literal" and x.get("datatype") == f"{XSD}dateTime":
            x["display"] = at_precision(x["value"], precision)
    if f"{GSKG}value" not in by_p:
        return None
    return {
        "value": by_p[f"{GSKG}value"]["value"],
        "unit": by_p.get(f"{GSKG}unit", {}).get("value", ""),
        "unit_en": by_p.get(f"{GSKG}unitOfMeasure", {}).get("en"),
        "qualifier": by_p.get(f"{GSKG}valueQualifier", {}).get("value"),
        "upper": by_p.get(f"{GSKG}upperBound", {}).get("value"),
    }


def _nt(term: dict[str, Any]) -> str:
    """The N-Triples spelling pyoxigraph's `str()` gives a term (to match provenance keys)."""
    if term["kind"] == "iri":
        return f"<{term['value']}>"
    if term["kind"] == "bnode":
        return f"_:{term['value']}"
    return str(_literal(term))


def _literal(term: dict[str, Any]) -> Literal:
    if term["lang"]:
        return Literal(term["value"], language=term["lang"])
    return Literal(term["value"], datatype=NamedNode(term["datatype"]))


def _footnotes(entries: list[dict], footnotes: list[dict]) -> list[int]:
    numbers = []
    for entry in entries:
        if entry not in footnotes:
            footnotes.append(entry)
        numbers.append(footnotes.index(entry) + 1)
    return numbers


#: How many characters of a name fit beside a node of the mini-graph (CJK are wider).
FITS = {"zh": 13, "en": 21, "edge": 13}


def _short(text: str, fits: int) -> str:
    if re.search(r"[\u3400-\u9fff]", text):  # CJK: about two Latin letters each
        fits = min(fits, FITS["zh"])
    return text if len(text) <= fits else text[: fits - 1] + "…"


def _names(term: dict[str, Any], fits: int = FITS["en"]) -> dict[str, str]:
    """A term's short label in each language (the other language's, else its local name)."""
    local = term["value"].rsplit("/", 1)[-1].rsplit("#")[-1]
    zh, en = term.get("zh") or "", term.get("en") or ""
    return {"zh": _short(zh or en or local, fits), "en": _short(en or zh or local, fits),
            "zh_lang": "zh" if zh else "en", "en_lang": "en" if en else "zh"}  # fmt: skip


def neighbourhood(
    iri: str, labels: dict[str, list[str]], out: list[dict], incoming: list[dict], size: int = 12
) -> dict[str, Any]:
    """A small picture of the resource and up to `size` neighbours: the resource in the
    middle, its neighbours in two columns, one row each (labels never overlap), each label
    pointing outwards, with the relation in front of (or behind) the name."""
    edges = []
    seen = set()
    for st, direction in [(s, "out") for s in out] + [(s, "in") for s in incoming]:
        x = st["x"]
        if (x["kind"] != "iri" or st["p"]["value"] == f"{RDF}type"
                or not x["value"].startswith(RES) or x["value"] in seen):  # fmt: skip
            continue
        seen.add(x["value"])
        edges.append((st, direction))
        if len(edges) >= size:
            break
    rows = max(1, -(-len(edges) // 2))
    row_h, top = 26, 16
    height = top * 2 + rows * row_h
    cx, cy, left, right = 340, height / 2, 250, 430
    nodes = []
    for i, (st, direction) in enumerate(edges):
        side = "right" if i % 2 == 0 else "left"
        y = top + (i // 2) * row_h + row_h / 2
        x = right if side == "right" else left
        nodes.append({
            "x": x, "y": round(y, 1), "iri": st["x"]["value"], "side": side,
            "tx": x + 8 if side == "right" else x - 8,
            "label": _names(st["x"]), "edge": _names(st["p"], FITS["edge"]), "direction": direction,
        })  # fmt: skip
    centre = {"x": cx, "y": round(cy, 1)}
    return {"centre": centre, "nodes": nodes, "width": 2 * cx, "height": round(height)}
