"""What the compare page shows, read from the store (an executor operation, run in a worker).

`compare_rows(store, a, b)` returns, for two resource IRIs, every observation of each
(indicator, value with its qualifier and bounds, unit, period, what it measures, source
document and quote) and their other
statements (property → values), as plain rows.  The queries start from the two resources
(`VALUES ?area { a b }`), so the engine looks them up instead of scanning every observation.
"""

from __future__ import annotations

from typing import Any

from pyoxigraph import Literal, NamedNode, Store

from ..namespaces import OWL, RDFS, SKOS
from ..ontology import GSKG

SKIP = {f"{RDFS}label", f"{RDFS}comment", f"{SKOS}altLabel"}


def _labels(v: str) -> str:
    return " ".join(
        f'OPTIONAL {{ ?{v} <{RDFS}label> ?{v}{t} FILTER(LANGMATCHES(LANG(?{v}{t}), "{x}")) }}'
        for t, x in (("Zh", "zh"), ("En", "en"))
    )


#: Labels of indicators and documents, and indicator topics, come from the catalog.
OBSERVATIONS = f"""SELECT ?area ?obs ?ind ?value ?qualifier ?lower ?upper ?unit ?uom
       ?period ?refPeriod ?start ?measures ?doc ?quote
WHERE {{
  VALUES ?area {{ %(a)s %(b)s }}
  ?obs <{GSKG}refArea> ?area ; <{GSKG}indicator> ?ind ; <{GSKG}value> ?value ;
       <{GSKG}unit> ?unit .
  OPTIONAL {{ ?obs <{GSKG}unitOfMeasure> ?uom }}
  OPTIONAL {{ ?obs <{GSKG}valueQualifier> ?qualifier }}
  OPTIONAL {{ ?obs <{GSKG}lowerBound> ?lower }}
  OPTIONAL {{ ?obs <{GSKG}upperBound> ?upper }}
  OPTIONAL {{ ?obs <{GSKG}periodLabel> ?period }}
  OPTIONAL {{ ?obs <{GSKG}refPeriod> ?refPeriod }}
  OPTIONAL {{ ?obs <{GSKG}periodStart> ?start }}
  OPTIONAL {{ ?obs <{GSKG}measures> ?measures }}
  OPTIONAL {{ ?ax <{OWL}annotatedSource> ?obs ; <{OWL}annotatedProperty> <{GSKG}value> ;
             <{GSKG}source> ?doc . OPTIONAL {{ ?ax <{GSKG}quote> ?quote }} }}
}}"""

FACTS = f"""SELECT ?x ?p ?pZh ?pEn ?o ?oZh ?oEn WHERE {{
  VALUES ?x {{ %(a)s %(b)s }}
  ?x ?p ?o . {_labels("p")} {_labels("o")}
}} LIMIT 4000"""


def _v(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.value
    return term.value


def compare_rows(store: Store, a: str, b: str) -> dict[str, list[dict[str, Any]]]:
    """Observations and other statements of the resources `a` and `b` (IRIs)."""
    args = {"a": NamedNode(a), "b": NamedNode(b)}
    out: dict[str, list[dict[str, Any]]] = {}
    for name, text in (("observations", OBSERVATIONS), ("facts", FACTS)):
        rows = store.query(text % args, use_default_graph_as_union=True)
        names = [v.value for v in rows.variables]
        out[name] = [{n: _v(row[n]) for n in names} for row in rows]
    out["facts"] = [r for r in out["facts"] if r["p"] not in SKIP]
    return out
