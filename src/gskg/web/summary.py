"""A one-sentence summary of an entity, generated from the graph (as Reasonator does for
Wikidata items), in Chinese and in English:

    Shenzhen is a city in Guangdong; 38 platforms, firms and other entities are located
    here; it is a party to 3 agreements, 3 of them with Guangzhou.

Runs in a query worker, as part of the resource page's view (resource.py).  Every part comes
from a small query that starts from the entity; a part the graph has nothing for is left out.
"""

from __future__ import annotations

from typing import Any

from pyoxigraph import NamedNode, Store

from ..ontology import GSKG

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CAP = 500  # things counted at most; beyond, the sentence says "more than 500"
LOCATED = {
    True: "platform, organisation or area is",
    False: "platforms, organisations and areas are",
}
GENERIC = {f"{GSKG}{c}" for c in ("Agent", "Place", "Zone", "AdministrativeArea")}

_PARTS = {
    "class": f"""SELECT ?v WHERE {{ %(x)s a ?v . ?v <{RDFS}subClassOf>* ?top
        FILTER(STRSTARTS(STR(?v), "{GSKG}")) }} GROUP BY ?v ORDER BY DESC(COUNT(?top)) ?v""",
    # The nearest place first: the one with the most places above it.
    "where": f"""SELECT ?v (COUNT(DISTINCT ?up) AS ?n) WHERE {{
        %(x)s <{GSKG}locatedIn>|<{GSKG}partOf> ?v .
        OPTIONAL {{ ?v (<{GSKG}locatedIn>|<{GSKG}partOf>)+ ?up }} }}
        GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1""",
    # Counted up to a cap (a city of a large graph has thousands): "more than N" beyond.
    "located": f"""SELECT (COUNT(*) AS ?v) WHERE {{ SELECT DISTINCT ?m WHERE {{
        ?p <{GSKG}partOf>* %(x)s . ?m <{GSKG}locatedIn> ?p }} LIMIT {CAP + 1} }}""",
    "agreements": f"""SELECT (COUNT(*) AS ?v) WHERE {{ SELECT DISTINCT ?a WHERE {{
        ?a <{GSKG}hasParty> %(x)s }} LIMIT {CAP + 1} }}""",
    "partner": f"""SELECT ?v (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a <{GSKG}hasParty> %(x)s, ?v
        FILTER(?v != %(x)s) }} GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1""",
    "roles": f"""SELECT ?v ?zh ?en WHERE {{ ?m <{GSKG}member> %(x)s ; <{GSKG}organization> ?v .
        OPTIONAL {{ ?m <{GSKG}roleTitle> ?zh FILTER(LANGMATCHES(LANG(?zh), "zh")) }}
        OPTIONAL {{ ?m <{GSKG}roleTitle> ?en FILTER(LANGMATCHES(LANG(?en), "en")) }} }}
        ORDER BY ?v LIMIT 3""",
    "parties": f"SELECT ?v WHERE {{ %(x)s <{GSKG}hasParty> ?v }} ORDER BY ?v LIMIT 4",
    "date": f"""SELECT ?v ?p WHERE {{ %(x)s <{GSKG}signedOn>|<{GSKG}issuedOn>|<{GSKG}heldOn>|
        <{GSKG}foundedOn> ?v OPTIONAL {{ %(x)s <{GSKG}datePrecision> ?p }} }} LIMIT 1""",
}


def _facts(store: Store, node: NamedNode) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for name, text in _PARTS.items():
        if name == "partner" and out["agreements"] and int(out["agreements"][0][0].value) > CAP:
            out[name] = []  # counting every partner of thousands of agreements: not here
            continue
        rows = store.query(text % {"x": node}, use_default_graph_as_union=True)
        out[name] = [tuple(row) for row in rows]
    return out


def _count(n: int, lang: str) -> str:
    """`n`, or "more than CAP" (超过 CAP) when the count stopped at its cap."""
    if n <= CAP:
        return str(n)
    return f"超过 {CAP}" if lang == "zh" else f"more than {CAP}"


def _labels(store: Store, iris: set[str]) -> dict[tuple[str, str], str]:
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(iris))
    out: dict[tuple[str, str], str] = {}
    for row in store.query(f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x <{RDFS}label> ?l }}",
                           use_default_graph_as_union=True):  # fmt: skip
        out.setdefault((row["x"].value, (row["l"].language or "")[:2]), row["l"].value)
    return out


def _day(value: str, precision: str) -> str:
    return {"year": value[:4], "month": value[:7]}.get(precision.rsplit("#", 1)[-1], value[:10])


def _role_zh(org: str, title: Any) -> str:
    """全国人大代表, not 全国人大全国人大代表: a title that names its organisation stands alone."""
    text = title.value if title is not None else ""
    return text if text.startswith(org) else org + text


def _role_en(org: str, title: Any) -> str:
    text = title.value if title is not None else ""
    return text if org in text else f"{text}, {org}" if text else org


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def summary(store: Store, node: NamedNode) -> dict[str, str]:
    """`{"zh": …, "en": …}`: one sentence about `node`, or empty strings."""
    f = _facts(store, node)
    iris = {t.value for rows in f.values() for row in rows for t in row[:1]
            if isinstance(t, NamedNode)} | {node.value}  # fmt: skip
    names = _labels(store, iris)

    def name(iri: str, lang: str) -> str:
        other = "en" if lang == "zh" else "zh"
        return names.get((iri, lang)) or names.get((iri, other)) or iri.rsplit("/", 1)[-1]

    classes = [r[0].value for r in f["class"] if r[0].value not in GENERIC]
    if not classes:
        return {"zh": "", "en": ""}
    me, cls = node.value, classes[0]
    zh = [f"{name(me, 'zh')}是" + "".join(f"{name(w[0].value, 'zh')}的" for w in f["where"][:1])
          + f"一个{name(cls, 'zh')}"]  # fmt: skip
    en_class = name(cls, "en")
    en = [f"{name(me, 'en')} is {_article(en_class)} {en_class}"
          + "".join(f" in {name(w[0].value, 'en')}" for w in f["where"][:1])]  # fmt: skip
    if f["date"]:
        day = _day(f["date"][0][0].value, f["date"][0][1].value if f["date"][0][1] else "")
        zh[0] += f"({day})"
        en[0] += f" ({day})"
    if f["parties"]:
        zh.append("参与方:" + "、".join(name(p[0].value, "zh") for p in f["parties"]))
        en.append("its parties are " + ", ".join(name(p[0].value, "en") for p in f["parties"]))
    if f["roles"]:
        zh.append("职务:" + ",".join(_role_zh(name(r[0].value, "zh"), r[1]) for r in f["roles"]))
        en.append("roles: " + "; ".join(_role_en(name(r[0].value, "en"), r[2]) for r in f["roles"]))
    located = int(f["located"][0][0].value) if f["located"] else 0
    if located:
        zh.append(f"{_count(located, 'zh')} 个平台、机构或区域位于此地")
        en.append(f"{_count(located, 'en')} {LOCATED[located == 1]} located here")
    agreements = int(f["agreements"][0][0].value) if f["agreements"] else 0
    if agreements:
        zh.append(f"它是 {_count(agreements, 'zh')} 项协议的一方")
        en.append(f"it is a party to {_count(agreements, 'en')} agreement"
                  + ("s" if agreements > 1 else ""))  # fmt: skip
        if f["partner"]:
            partner, n = f["partner"][0][0].value, int(f["partner"][0][1].value)
            zh[-1] += (
                f",其中 {n} 项与{name(partner, 'zh')}共同签署"
                if agreements > 1
                else (f",与{name(partner, 'zh')}共同签署")
            )
            en[-1] += f", {n} of them" if agreements > 1 else ""
            en[-1] += f" with {name(partner, 'en')}"
    return {"zh": ";".join(zh) + "。", "en": "; ".join(en) + "."}
