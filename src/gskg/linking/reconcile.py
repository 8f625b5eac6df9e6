"""Find Wikidata candidates for entities that lack one, for a curator to review.

`find_candidates` asks a SPARQL endpoint (Wikidata's query service in real use, a loopback
fixture in the tests) for items whose `rdfs:label` is the entity's Chinese or English name
(label or alias), and checks two constraints on each: its type (`wdt:P31/wdt:P279*` to one
of the class QIDs configured for the gskg class in `CLASS_TYPES`) and its location
(`wdt:P131*` to the item of the nearest `located_in` ancestor that has a Wikidata id, else
`wdt:P17` China — so an entity outside China with no linked parent gets no location
points).  Candidates are scored and written, ranked, into a review file with
`accept: false`; `reconcile_apply.apply_review` writes the accepted ones.

The class QIDs below are configuration for ranking, not identity claims: a wrong or missing
one lowers a candidate's score, it never links anything.  They were chosen as the Wikidata
classes of the corresponding kind of thing (labels as given by Wikidata):

| gskg class | Wikidata classes |
|---|---|
| Country | Q6256 country |
| Province | Q10864048 first-level administrative country subdivision |
| City | Q515 city, Q1637706 city with millions of inhabitants, Q748149 prefecture-level city |
| District | Q1065118 district of China, Q13221722 third-level administrative country subdivision |
| Region, BayArea, Zone … | Q82794 geographic region |
| University | Q3918 university |
| Laboratory | Q483242 laboratory |
| ResearchInstitute | Q31855 research institute |
| Firm | Q4830453 business, Q783794 company |
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from ..errors import GskgError, ValidationFailed
from ..namespaces import RDFS, SCHEMA, WD
from ..ontology import Ontology
from ..pipeline.load import Record, load_data

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
USER_AGENT = "gskg-reconcile/0.1 (https://w3id.org/gskg; Guangzhou-Shenzhen knowledge graph)"
CHINA = "Q148"
ZH_TAGS = ("zh", "zh-hans", "zh-cn")  # Wikidata keeps Chinese labels under several tags

CLASS_TYPES: dict[str, tuple[str, ...]] = {
    "Country": ("Q6256",),
    "Province": ("Q10864048",),
    "City": ("Q515", "Q1637706", "Q748149"),
    "District": ("Q1065118", "Q13221722"),
    "Region": ("Q82794",),
    "BayArea": ("Q82794",),
    "Zone": ("Q82794",),
    "University": ("Q3918",),
    "Laboratory": ("Q483242",),
    "ResearchInstitute": ("Q31855",),
    "Firm": ("Q4830453", "Q783794"),
}

# Weights of the four checks; a candidate matching all of them scores 1.0.
# The type and location constraints weigh more than the exact form of the name: a homonym
# in the wrong place or of the wrong kind must rank below the right item named by an alias.
WEIGHTS = {"zh": 0.2, "zh_alias": 0.15, "en": 0.1, "en_alias": 0.05, "type": 0.3, "location": 0.4}


class ReconcileError(GskgError):
    """The endpoint failed, or a review file cannot be applied."""

    status = 502


@dataclass
class Target:
    """An entity to reconcile: its names, and the location constraint that applies."""

    record: Record
    zh: list[str]
    en: list[str]
    parent: str | None  # the slug of the located_in parent with a Wikidata id
    location_qid: str  # the parent's QID, or China's

    @property
    def location_pattern(self) -> str:
        """The location constraint, as the SPARQL pattern that checks it."""
        if self.parent:
            return f"wdt:P131* wd:{self.location_qid}"
        return f"wdt:P17 wd:{CHINA}"


@dataclass
class Candidate:
    """One Wikidata item found for a target, with what was checked."""

    qid: str
    names: set[tuple[str, str]] = field(default_factory=set)  # (language tag, name) matched
    zh: set[str] = field(default_factory=set)
    en: set[str] = field(default_factory=set)
    description: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    located: bool = False
    country: set[str] = field(default_factory=set)
    parents: set[str] = field(default_factory=set)
    inception: set[str] = field(default_factory=set)


def sparql_select(endpoint: str, query: str, timeout: float = 60.0) -> list[dict[str, Any]]:
    """POST a SELECT query; return its JSON result bindings.  Raises `ReconcileError`."""
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": USER_AGENT,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)["results"]["bindings"]
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace")
        raise ReconcileError(f"{endpoint}: HTTP {exc.code}: {detail}") from None
    except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
        raise ReconcileError(f"{endpoint}: no usable answer: {exc}") from None


def targets(records: list[Record], cls: str, onto: Ontology | None = None) -> list[Target]:
    """The records of class `cls` (or a subclass) that have no Wikidata id."""
    by_id = {r.id: r for r in records}
    out = []
    for rec in records:
        is_cls = onto.is_a(rec.type, cls) if onto else rec.type == cls
        if not is_cls or (rec.data.get("ids") or {}).get("wikidata"):
            continue
        label, aliases = rec.data.get("label") or {}, rec.data.get("aliases") or {}
        parent, qid = _linked_ancestor(rec, by_id)
        zh = [label["zh"], *aliases.get("zh", [])] if label.get("zh") else []
        en = [label["en"], *aliases.get("en", [])] if label.get("en") else []
        out.append(Target(rec, _unique(zh), _unique(en), parent, qid))
    return out


def _linked_ancestor(rec: Record, by_id: dict[str, Record]) -> tuple[str | None, str]:
    """The nearest `located_in` ancestor with a Wikidata id and its QID, else China's."""
    todo, seen = [rec], {rec.id}
    while todo:
        ups = [by_id.get(r.get("located_in", "")) for r in todo.pop(0).data.get("relations") or []]
        for up in (u for u in ups if u is not None and u.id not in seen):
            if qid := (up.data.get("ids") or {}).get("wikidata"):
                return up.id, str(qid)
            seen.add(up.id)
            todo.append(up)
    return None, CHINA


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def candidate_query(target: Target, types: tuple[str, ...]) -> str:
    """The SPARQL query that finds and checks the candidates of one target."""
    names = [str(ox.Literal(n, language=tag)) for n in target.zh for tag in ZH_TAGS]
    names += [str(ox.Literal(n, language="en")) for n in target.en]
    type_values = " ".join(f"wd:{q}" for q in types) or "<urn:gskg:no-type>"
    return f"""PREFIX wd: <{WD}>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <{RDFS}>
PREFIX schema: <{SCHEMA}>
SELECT ?item ?name ?zh ?en ?description ?type ?located ?country ?parent ?inception WHERE {{
  {{ SELECT DISTINCT ?item ?name WHERE {{
      VALUES ?name {{ {" ".join(names)} }}
      ?item rdfs:label ?name .
      FILTER(STRSTARTS(STR(?item), "{WD}Q"))
  }} LIMIT 100 }}
  OPTIONAL {{ ?item rdfs:label ?zh FILTER(LANG(?zh) = "zh") }}
  OPTIONAL {{ ?item rdfs:label ?en FILTER(LANG(?en) = "en") }}
  OPTIONAL {{ ?item schema:description ?description FILTER(LANG(?description) IN ("zh", "en")) }}
  OPTIONAL {{ VALUES ?type {{ {type_values} }} ?item wdt:P31/wdt:P279* ?type }}
  OPTIONAL {{ ?item {target.location_pattern} BIND(true AS ?located) }}
  OPTIONAL {{ ?item wdt:P17 ?country }}
  OPTIONAL {{ ?item wdt:P131 ?parent }}
  OPTIONAL {{ ?item wdt:P571 ?inception }}
}}"""


def _collect(rows: list[dict[str, Any]]) -> dict[str, Candidate]:
    found: dict[str, Candidate] = {}

    def val(row: dict[str, Any], key: str) -> str | None:
        term = row.get(key)
        if not term:
            return None
        return term["value"][len(WD) :] if term["value"].startswith(WD) else term["value"]

    for row in rows:
        qid = val(row, "item")
        if not qid:
            continue
        c = found.setdefault(qid, Candidate(qid))
        c.names.add((row["name"].get("xml:lang", ""), row["name"]["value"]))
        for key, bucket in (
            ("zh", c.zh),
            ("en", c.en),
            ("description", c.description),
            ("type", c.types),
            ("country", c.country),
            ("parent", c.parents),
            ("inception", c.inception),
        ):
            if (v := val(row, key)) is not None:
                bucket.add(v)
        c.located = c.located or val(row, "located") in ("true", "1")
    return found


def score(target: Target, c: Candidate) -> tuple[float, dict[str, Any]]:
    """A score in [0, 1] and the evidence behind it."""
    matched_zh = {n for tag, n in c.names if tag.lower().startswith("zh")}
    matched_en = {n for tag, n in c.names if tag.lower() == "en"}
    points = 0.0
    if target.zh and target.zh[0] in matched_zh:
        points += WEIGHTS["zh"]
    elif matched_zh:
        points += WEIGHTS["zh_alias"]
    if target.en and target.en[0] in matched_en:
        points += WEIGHTS["en"]
    elif matched_en:
        points += WEIGHTS["en_alias"]
    points += WEIGHTS["type"] if c.types else 0.0
    points += WEIGHTS["location"] if c.located else 0.0
    evidence: dict[str, Any] = {
        "label_matched": sorted(f"{n}@{tag}" for tag, n in c.names),
        "type_match": sorted(c.types),
        "location_match": c.located,
        "country": sorted(c.country),
        "parent_region": sorted(c.parents),
        "inception": sorted(v[:10] for v in c.inception),
    }
    return round(points, 2), evidence


def find_candidates(
    endpoint: str, data_dir: Path, cls: str, onto: Ontology | None = None, limit: int = 5
) -> dict[str, Any]:
    """Ask `endpoint` for candidates of every `cls` entity lacking a Wikidata id.

    Returns the review document (see `write_review`); nothing in `data_dir` changes.
    """
    records, problems = load_data(data_dir)
    if problems:
        raise ValidationFailed(problems)
    types = CLASS_TYPES.get(cls, ())
    entities = []
    for target in targets(records, cls, onto):
        found = _collect(sparql_select(endpoint, candidate_query(target, types)))
        ranked = []
        for c in found.values():
            points, evidence = score(target, c)
            ranked.append(
                {
                    "qid": c.qid,
                    "score": points,
                    "accept": False,
                    "label": {
                        "zh": sorted(c.zh)[0] if c.zh else "",
                        "en": sorted(c.en)[0] if c.en else "",
                    },
                    "description": " / ".join(sorted(c.description)),
                    "url": f"https://www.wikidata.org/wiki/{c.qid}",
                    "evidence": evidence,
                }
            )
        ranked.sort(key=lambda r: (-r["score"], int(r["qid"][1:])))
        rec = target.record
        entities.append(
            {
                "id": rec.id,
                "type": rec.type,
                "label": {"zh": rec.data["label"].get("zh"), "en": rec.data["label"].get("en")},
                "file": rec.file,
                "location_constraint": target.location_pattern
                + (f" (located_in {target.parent})" if target.parent else " (China)"),
                "candidates": ranked[:limit],
            }
        )
    return {
        "endpoint": endpoint,
        "class": cls,
        "class_types": list(types),
        "created": dt.date.today().isoformat(),
        "entities": entities,
    }


REVIEW_HEADER = """\
# gskg reconcile review file.  Nothing here is linked yet.
# For each entity, check the candidates (open `url`, compare label, type, parent region,
# inception) and set `accept: true` on the one that is the same real-world thing — at most
# one per entity; leave all `false` when none is.  Then run
#   gskg reconcile --apply THIS_FILE --curator "Your Name"
# which adds `ids: {wikidata: Q…}` and `ids_provenance` to the record in data/.
"""


def write_review(review: dict[str, Any], path: Path) -> int:
    """Write the review document as commented YAML; return the number of candidates."""
    body = yaml.safe_dump(review, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(REVIEW_HEADER + body, encoding="utf-8")
    return sum(len(e["candidates"]) for e in review["entities"])
