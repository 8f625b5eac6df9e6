"""The link report: which entities of the built graph carry which external identifiers.

Three kinds of identifier are counted, each by the statement the builder makes from `ids:`:
Wikidata (`owl:sameAs` to `http://www.wikidata.org/entity/Q…`), GeoNames (`skos:closeMatch`
to `https://sws.geonames.org/…/`) and ROR (`gskg:rorId`).  For every class the report gives
how many entities have each kind and lists those without a Wikidata id (the ones
`gskg reconcile` can look for).  `check_identifiers` compares the graph with the checked
identifier table (`../shared/links/identifiers.csv`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import GskgError
from ..namespaces import OWL, SKOS, WD, prologue
from ..ontology import GSKG, RES

OWL_SAME_AS = f"{OWL}sameAs"
SKOS_CLOSE = f"{SKOS}closeMatch"
WIKIDATA = str(WD)
GEONAMES = "https://sws.geonames.org/"
ROR = "https://ror.org/"
KINDS = ("wikidata", "geonames", "ror")

# Records that are statements about other things, not things another graph would name.
NOT_LINKABLE = {"Observation", "Membership", "SourceDocument"}

_ENTITIES = (
    prologue("rdfs")
    + f"""
SELECT ?s ?class ?zh ?en WHERE {{
  ?s a ?class . FILTER(STRSTARTS(STR(?s), "{RES}") && STRSTARTS(STR(?class), "{GSKG}"))
  OPTIONAL {{ ?s rdfs:label ?zh FILTER(LANG(?zh) = "zh") }}
  OPTIONAL {{ ?s rdfs:label ?en FILTER(LANG(?en) = "en") }}
}}
"""
)
_IDS = f"""
SELECT ?s ?kind ?id WHERE {{
  {{ ?s <{OWL_SAME_AS}> ?o FILTER(STRSTARTS(STR(?o), "{WIKIDATA}"))
     BIND("wikidata" AS ?kind) BIND(STRAFTER(STR(?o), "{WIKIDATA}") AS ?id) }}
  UNION
  {{ ?s <{SKOS_CLOSE}> ?o FILTER(STRSTARTS(STR(?o), "{GEONAMES}"))
     BIND("geonames" AS ?kind) BIND(REPLACE(STRAFTER(STR(?o), "{GEONAMES}"), "/$", "") AS ?id) }}
  UNION
  {{ ?s <{GSKG}rorId> ?o BIND("ror" AS ?kind) BIND(STR(?o) AS ?id) }}
  FILTER(STRSTARTS(STR(?s), "{RES}"))
}}
"""
_NAMES = (
    prologue("rdfs", "skos")
    + """
SELECT ?s ?name WHERE { { ?s rdfs:label ?name } UNION { ?s skos:altLabel ?name } }
"""
)


@dataclass(frozen=True)
class Entity:
    """One entity of the graph with its labels and the external identifiers it has."""

    slug: str
    label_zh: str
    label_en: str
    ids: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class ClassLinks:
    """The entities of one class and how many have each kind of identifier."""

    cls: str
    entities: list[Entity] = field(default_factory=list)

    def count(self, kind: str) -> int:
        """How many entities of the class have an identifier of `kind`."""
        return sum(1 for e in self.entities if e.ids.get(kind))

    def without(self, kind: str) -> list[Entity]:
        """The entities of the class lacking an identifier of `kind`."""
        return [e for e in self.entities if not e.ids.get(kind)]


def _load(nt_path: Path) -> ox.Store:
    if not nt_path.is_file():
        raise GskgError(f"{nt_path} not found: run `gskg build` first")
    store = ox.Store()
    store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
    return store


def link_report(nt_path: Path) -> list[ClassLinks]:
    """Per class (by the entities' asserted, most specific gskg type), their identifiers."""
    store = _load(nt_path)
    ids: dict[str, dict[str, list[str]]] = {}
    for row in store.query(_IDS):
        slug = row["s"].value[len(RES) :]
        ids.setdefault(slug, {}).setdefault(row["kind"].value, []).append(row["id"].value)
    by_class: dict[str, ClassLinks] = {}
    seen: set[tuple[str, str]] = set()
    for row in store.query(_ENTITIES):
        slug, cls = row["s"].value[len(RES) :], row["class"].value[len(GSKG) :]
        if cls in NOT_LINKABLE or (slug, cls) in seen:
            continue
        seen.add((slug, cls))
        zh = row["zh"].value if row["zh"] else ""
        en = row["en"].value if row["en"] else ""
        entity = Entity(slug, zh, en, {k: sorted(v) for k, v in ids.get(slug, {}).items()})
        by_class.setdefault(cls, ClassLinks(cls)).entities.append(entity)
    for links in by_class.values():
        links.entities.sort(key=lambda e: e.slug)
    return sorted(by_class.values(), key=lambda c: c.cls)


KIND_NAMES = {"wikidata": "a Wikidata id", "geonames": "a GeoNames id", "ror": "a ROR id"}


def render_report(report: list[ClassLinks], missing: bool = True, kind: str = "wikidata") -> str:
    """The link report as text: a table of counts, then the entities lacking a `kind` id."""
    w = max([26, *(len(c.cls) for c in report)])
    lines = [
        "external identifiers per class:",
        f"  {'class':<{w}} {'entities':>8} {'wikidata':>9} {'geonames':>9} {'ror':>5}",
    ]
    totals = dict.fromkeys(("all", *KINDS), 0)
    for links in report:
        counts = [links.count(k) for k in KINDS]
        totals["all"] += len(links.entities)
        for k, n in zip(KINDS, counts, strict=True):
            totals[k] += n
        lines.append(
            f"  {links.cls:<{w}} {len(links.entities):>8} {counts[0]:>9} {counts[1]:>9} "
            f"{counts[2]:>5}"
        )
    lines.append(
        f"  {'(all)':<{w}} {totals['all']:>8} {totals['wikidata']:>9} {totals['geonames']:>9} "
        f"{totals['ror']:>5}"
    )
    if missing:
        lines += ["", *_lacking(report, kind)]
    return "\n".join(lines) + "\n"


def _lacking(report: list[ClassLinks], kind: str) -> list[str]:
    """Per class, the entities without an identifier of `kind` (and which others they have)."""
    hint = " (candidates for `gskg reconcile`)" if kind == "wikidata" else ""
    lines = [f"without {KIND_NAMES[kind]}{hint}:"]
    for links in report:
        lacking = links.without(kind)
        if not lacking:
            continue
        lines.append(f"  {links.cls} ({len(lacking)}):")
        for e in lacking:
            other = ", ".join(k for k in KINDS if e.ids.get(k))
            extra = f"  [has {other}]" if other else ""
            lines.append(f"    {e.slug:<36} {e.label_zh} / {e.label_en}{extra}")
    return lines


def check_identifiers(nt_path: Path, csv_path: Path) -> tuple[int, list[str]]:
    """Compare the graph with the checked identifier table.

    A row applies to an entity of the graph that has the row's `label_zh` or `label_en` as a
    label or alias, or that already carries one of the row's identifiers (an entity named by
    its full legal name, say, is still checked).  Each such row's identifiers must be in the
    graph, except that a `conflicting` row's Wikidata id must never be an `owl:sameAs`.
    Returns (rows that apply, problems).
    """
    store = _load(nt_path)
    by_name: dict[str, set[str]] = {}
    for row in store.query(_NAMES):
        if row["s"].value.startswith(RES):
            by_name.setdefault(row["name"].value, set()).add(row["s"].value[len(RES) :])
    have: dict[str, dict[str, set[str]]] = {}
    by_id: dict[tuple[str, str], set[str]] = {}
    for row in store.query(_IDS):
        slug, kind, value = row["s"].value[len(RES) :], row["kind"].value, row["id"].value
        have.setdefault(slug, {}).setdefault(kind, set()).add(value)
        by_id.setdefault((kind, value), set()).add(slug)
    try:
        rows = list(csv.DictReader(csv_path.read_text(encoding="utf-8").splitlines()))
    except OSError as exc:
        raise GskgError(f"{csv_path}: cannot read: {exc}") from None
    applied, problems = 0, []
    for row in rows:
        slugs = sorted(_row_entities(row, by_name, by_id))
        if not slugs:
            continue
        applied += 1
        for slug in slugs:
            problems += _row_problems(row, slug, have.get(slug, {}))
    return applied, problems


def _row_entities(
    row: dict[str, str],
    by_name: dict[str, set[str]],
    by_id: dict[tuple[str, str], set[str]],
) -> set[str]:
    """The entities a row of the table applies to: by its names, or by its identifiers."""
    found: set[str] = set()
    for key in ("label_zh", "label_en"):
        if name := (row.get(key) or "").strip():
            found |= by_name.get(name, set())
    for kind in KINDS:
        if value := (row.get(kind) or "").strip():
            found |= by_id.get((kind, value), set())
    return found


def _row_problems(row: dict[str, str], slug: str, have: dict[str, set[str]]) -> list[str]:
    problems = []
    name = f"{slug} ({row['label_zh']})"
    for kind in KINDS:
        wanted = (row.get(kind) or "").strip()
        present = have.get(kind, set())
        if row["status"] == "conflicting":  # nothing required; never an owl:sameAs
            if kind == "wikidata" and present:
                problems.append(f"{name}: conflicting row, but owl:sameAs {sorted(present)}")
            continue
        if wanted and wanted not in present:
            problems.append(f"{name}: {kind} {wanted} from the table is missing")
        for other in sorted(present - {wanted}) if wanted else ():
            problems.append(f"{name}: {kind} {other} is not the table's ({wanted})")
    return problems
