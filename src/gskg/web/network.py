"""The `network` blueprint: who cooperates with whom, as an interactive node-link view.

`/network` (HTML: a vis-network picture and the same edges as a table) and `/network.json`
(the data).  The edges are the graph's statements of six relations — `cooperatesWith`,
`coBuiltBy`, `hasParty`, `branchOf`, `foundedBy`, `memberOf` — between resources; nodes are
coloured by their class.  Filters: `?rel=` (repeatable), `?city=<slug>` (an edge with an end
in that city), `?focus=<slug>` (the edges around one resource; `depth=1|2`).  Without a
focus, a picture of over OVERVIEW_NODES nodes opens grouped: the best-connected cities
stay nodes, the others sit in one cluster per colour group, opened by a click or by
keyboard (`clusters`; drawn by static/network.js).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from flask import Blueprint, Response, g, render_template, request

from ..errors import BadQuery, NotFound
from ..sparql.engine import PREFIXES
from .cities import city_of
from .context import RES, SLUG, cached, json_response, local_url, select

bp = Blueprint("network", __name__)

GSKG = PREFIXES["gskg"]
RELATIONS: dict[str, tuple[str, str]] = {
    "cooperatesWith": ("合作", "cooperates with"),
    "coBuiltBy": ("共建方", "co-built by"),
    "hasParty": ("签署方", "has party"),
    "branchOf": ("分支", "branch of"),
    "foundedBy": ("创办方", "founded by"),
    "memberOf": ("成员", "member of"),
}
#: Colour groups: a node's group is the first of these its class falls under.
#: Colours far apart (after Okabe & Ito) and a shape each, so no group is told by hue alone.
GROUPS: dict[str, tuple[str, str, str, str]] = {
    "Agreement": ("协议", "Agreement", "#c2410c", "diamond"),
    "Policy": ("政策", "Policy", "#a21caf", "triangle"),
    "Event": ("活动", "Event", "#be185d", "star"),
    "Person": ("人物", "Person", "#047857", "dot"),
    "AdministrativeArea": ("行政区", "Administrative area", "#1d4ed8", "square"),
    "Platform": ("平台", "Platform", "#0891b2", "dot"),
    "Organization": ("机构", "Organization", "#6d28d9", "dot"),
    "Place": ("地点", "Place", "#65a30d", "triangleDown"),
}
OTHER = ("其他", "Other", "#57606a", "dot")
OVERVIEW_NODES = 40  # above this, a picture without a focus opens grouped (clusters)
KEPT_CITIES = 12  # cities left outside the clusters of the overview, best-connected first
PAGE_EDGES = 400  # edges listed in the HTML table
PAGE_DRAWN = 600  # edges the HTML page draws (a browser lays out more only slowly)
MAX_EDGES = 3000  # edges /network.json returns at most (the rest are counted)

_PROLOGUE = f"PREFIX gskg: <{GSKG}>\nPREFIX rdfs: <{PREFIXES['rdfs']}>\n"
_RELS = "VALUES ?p { " + " ".join(f"gskg:{r}" for r in RELATIONS) + " }"
# A person's roles are gskg:Membership nodes (member, organization, title): each is a
# "member of" tie from the person to the organisation, as org:memberOf reads them.
_ROLE = "?m gskg:member ?s ; gskg:organization ?o . BIND(gskg:memberOf AS ?p)"
EDGES = _PROLOGUE + (
    f"SELECT ?s ?p ?o WHERE {{ {{ {_RELS} ?s ?p ?o . FILTER(isIRI(?o)) }} UNION {{ {_ROLE} }} }}"
)
_NODE = (
    f"{{ SELECT DISTINCT ?n WHERE {{ {{ {_RELS} "
    "{ ?n ?p ?o FILTER(isIRI(?o)) } UNION { ?s ?p ?n } } "
    "UNION { ?m gskg:member ?n } UNION { ?m gskg:organization ?n } } }"
)
NODES = (
    _PROLOGUE + f"SELECT ?n ?zh ?en ?cls WHERE {{ {_NODE} OPTIONAL {{ ?n a ?cls }}"
    ' OPTIONAL { ?n rdfs:label ?zh FILTER(LANGMATCHES(LANG(?zh), "zh")) }'
    ' OPTIONAL { ?n rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) } }'
)
NODE_CITIES = _PROLOGUE + f"SELECT DISTINCT ?n ?city WHERE {{ {_NODE} {city_of('?n', '?city')} }}"
CLASS_GROUPS = (
    _PROLOGUE
    + "SELECT ?c ?top WHERE { VALUES ?top { "
    + " ".join(f"gskg:{t}" for t in GROUPS)
    + " } ?c rdfs:subClassOf* ?top }"
)


@dataclass
class Node:
    """One resource at an end of an edge."""

    iri: str
    zh: str
    en: str
    group: str
    url: str
    cities: list[str] = field(default_factory=list)


def _groups() -> dict[str, str]:
    """class IRI → colour group (the first group of GROUPS the class falls under)."""
    order = list(GROUPS)
    best: dict[str, str] = {}
    for row in select(CLASS_GROUPS):
        top = row["top"][len(GSKG) :]
        if row["c"] not in best or order.index(top) < order.index(best[row["c"]]):
            best[row["c"]] = top
    return best


def load() -> dict[str, Any]:
    """Every edge of the six relations, and every node with its labels, group and cities."""
    groups = _groups()
    order = [*GROUPS, "Other"]
    nodes: dict[str, Node] = {}
    for row in select(NODES):
        n = nodes.get(row["n"])
        if n is None:
            n = nodes[row["n"]] = Node(row["n"], row.get("zh", ""), row.get("en", ""), "Other",
                                       local_url(row["n"]))  # fmt: skip
        group = groups.get(row.get("cls", ""), "Other")
        if order.index(group) < order.index(n.group):
            n.group = group
    for row in select(NODE_CITIES):
        if row["n"] in nodes:
            nodes[row["n"]].cities.append(row["city"])
    edges = sorted({(r["s"], r["p"][len(GSKG) :], r["o"]) for r in select(EDGES)})
    cities = sorted({c for n in nodes.values() for c in n.cities})
    # plain dicts, made once: every response is a selection of these
    plain = {iri: asdict(n) for iri, n in nodes.items()}
    return {"nodes": plain, "edges": edges, "cities": [plain[c] for c in cities if c in plain]}


def _filters(data: dict[str, Any]) -> dict[str, Any]:
    rels = request.args.getlist("rel")
    for rel in rels:
        if rel not in RELATIONS:
            raise BadQuery(f"rel={rel[:80]!r}: the relations are {', '.join(RELATIONS)}")
    out: dict[str, Any] = {"rels": rels or list(RELATIONS), "city": None, "focus": None}
    city = request.args.get("city", "")
    if city:
        if RES + city not in {c["iri"] for c in data["cities"]}:
            raise NotFound(f"city={city[:80]!r}: no city of that name is in the network")
        out["city"] = RES + city
    focus = request.args.get("focus", "")
    if focus:  # a resource outside the network gets an empty picture, not an error
        if not SLUG.match(focus):
            raise BadQuery(f"focus={focus[:80]!r} is not a resource name (like guangzhou)")
        out["focus"] = RES + focus
    depth = request.args.get("depth", "1")
    if depth not in ("1", "2"):
        raise BadQuery("depth must be 1 or 2")
    out["depth"] = int(depth)
    return out


def select_edges(data: dict[str, Any], f: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The edges passing the filters, in a stable order."""
    nodes = data["nodes"]
    edges = [e for e in data["edges"] if e[1] in f["rels"]]
    if f["city"]:
        city = f["city"]
        edges = [e for e in edges if city in nodes[e[0]]["cities"] or city in nodes[e[2]]["cities"]]
    if f["focus"]:
        near = {f["focus"]}
        for _ in range(f["depth"]):
            near |= {x for s, _, o in edges if s in near or o in near for x in (s, o)}
        edges = [e for e in edges if e[0] in near and e[2] in near]
    return edges


def picture(data: dict[str, Any], f: dict[str, Any], most: int = MAX_EDGES) -> dict[str, Any]:
    """The nodes and edges to draw (at most `most` edges) and how many passed."""
    edges = select_edges(data, f)
    total = len(edges)
    edges = edges[:most]
    ends = {x for s, _, o in edges for x in (s, o)}
    if f["focus"] in data["nodes"]:
        ends.add(f["focus"])
    return {
        "total": total,
        "edges": [{"s": s, "p": p, "o": o} for s, p, o in edges],
        "nodes": [data["nodes"][n] for n in sorted(ends)],
    }


def clusters(data: dict[str, Any], pic: dict[str, Any]) -> dict[str, Any]:
    """How the overview opens: the best-connected cities drawn (KEPT_CITIES at most) stay
    as they are, every other node joins the cluster of its colour group (a group of one
    node stays a node).  Each cluster is `{id, group, count}`; `kept` lists the nodes left
    outside the clusters."""
    degree: dict[str, int] = {}
    for e in pic["edges"]:
        for end in (e["s"], e["o"]):
            degree[end] = degree.get(end, 0) + 1
    drawn = {n["iri"] for n in pic["nodes"]}
    cities = sorted((c["iri"] for c in data["cities"] if c["iri"] in drawn),
                    key=lambda iri: (-degree.get(iri, 0), iri))[:KEPT_CITIES]  # fmt: skip
    kept, members = list(cities), {}
    for n in pic["nodes"]:
        if n["iri"] not in cities:
            members.setdefault(n["group"], []).append(n["iri"])
    out = []
    for group in [*GROUPS, "Other"]:
        if len(members.get(group, ())) >= 2:
            out.append({"id": f"cluster-{group}", "group": group, "count": len(members[group])})
        else:
            kept += members.get(group, [])
    return {"clusters": out, "kept": kept}


@bp.route("/network.json")
def network_json() -> Response:
    """The edges passing the filters and their end nodes: `{total, edges, nodes}`."""
    data = cached("network", load)
    return json_response(picture(data, _filters(data)))


@bp.route("/network")
def network() -> str:
    """The node-link picture with its filters, and the edges as a table."""
    data = cached("network", load)
    f = _filters(data)
    pic = picture(data, f, PAGE_DRAWN)
    nodes = {n["iri"]: n for n in pic["nodes"]}
    overview = not f["focus"] and len(pic["nodes"]) > OVERVIEW_NODES
    grouped = clusters(data, pic) if overview else {"clusters": [], "kept": []}
    chart = {"lang": g.lang, "groups": {**GROUPS, "Other": OTHER}, "relations": RELATIONS,
             "focus": f["focus"], **pic, **grouped}  # fmt: skip
    focus = data["nodes"].get(f["focus"] or "")
    return render_template(
        "network.html", f=f, pic=pic, nodes=nodes, chart=chart, focus=focus,
        rows=pic["edges"][:PAGE_EDGES], relations=RELATIONS, groups=chart["groups"],
        cities=data["cities"], clusters=grouped["clusters"],
    )  # fmt: skip
