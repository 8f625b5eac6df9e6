"""Stage 3: validated records → the set of statements of the graph, with provenance.

Statements are kept as N-Triples lines (`"<s> <p> <o> .\n"`): one string per statement is
the cheapest form at 100k records, sorts into a deterministic order, and is what every
serialiser (pyoxigraph's) reads back.
Each statement made from a record's fields is annotated with its evidence (source
document, verbatim quote, curator note) by an OWL 2 axiom annotation whose blank node has
a label derived from its content, so the same data always gives the same file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..namespaces import DCTERMS, OWL, RDFS, SCHEMA, SKOS
from ..ontology import Ontology
from ..qualifiers import bounds, parse_qualifier
from ..schema import BY_CLASS, RELATIONS
from ..terms import LABEL, A, Triple, g, iri, line, res, text, typed
from ..values import Date, Period, decimal_lexical, parse_date, parse_number, parse_period
from .cube import QB, CubeParts, cube_statements, period_labels, period_slug
from .load import Record
from .units import UnitTable, base_value, unit_table, written_form

DATE_PROPS_PRECISION = g("datePrecision")


@dataclass(frozen=True)
class Evidence:
    """Where a statement comes from: a source document and the sentence that states it."""

    doc: str
    quote: str
    note: str | None = None
    topics: tuple[str, ...] = ()

    @classmethod
    def of(cls, data: dict) -> Evidence:
        return cls(data["doc"], data["quote"], data.get("note"), tuple(data.get("topics") or ()))

    @classmethod
    def of_record(cls, data: dict) -> Evidence | None:
        """The record's evidence; None for reference data without a document (units)."""
        return cls.of(data) if "doc" in data else None


# Statements the VoID description counts (typings and links), collected while building.
WATCHED = {
    A,
    f"<{OWL}sameAs>",
    f"<{SKOS}closeMatch>",
    f"<{RDFS}seeAlso>",
}


def axiom_id(stmt: str, ev: Evidence) -> str:
    """The blank node of the axiom that annotates `stmt` with evidence `ev`."""
    key = "\x1f".join((stmt, ev.doc, ev.quote, ev.note or ""))
    return "_:ax" + hashlib.sha1(key.encode()).hexdigest()[:20]


@dataclass
class GraphBuilder:
    """Collects statements; `add` with evidence also writes the axiom annotation."""

    lines: set[str] = field(default_factory=set)
    watched: list[Triple] = field(default_factory=list)
    cube: CubeParts = field(default_factory=CubeParts)
    units: UnitTable = field(default_factory=UnitTable)

    def add(self, s: str, p: str, o: str, ev: Evidence | None = None) -> None:
        stmt = line(s, p, o)
        self.lines.add(stmt)
        if p in WATCHED:
            self.watched.append((s, p, o))
        if ev is None:
            return
        ax = axiom_id(stmt, ev)
        self.lines.update(
            (
                f"{ax} {A} <{OWL}Axiom> .\n",
                f"{ax} <{OWL}annotatedSource> {s} .\n",
                f"{ax} <{OWL}annotatedProperty> {p} .\n",
                f"{ax} <{OWL}annotatedTarget> {o} .\n",
                f"{ax} {g('source')} {res(ev.doc)} .\n",
                f"{ax} {g('quote')} {text(ev.quote, 'zh')} .\n",
            )
        )
        if ev.note:
            self.lines.add(line(ax, g("curatorNote"), text(ev.note)))
        for topic in ev.topics:
            self.lines.add(line(ax, g("about"), res(topic)))

    def date(self, s: str, prop: str, date: Date, ev: Evidence | None) -> None:
        self.add(s, g(prop), typed(date.datetime, "dateTime"), ev)
        self.add(s, DATE_PROPS_PRECISION, text(date.precision))

    def period(self, s: str, period: Period, ev: Evidence | None) -> None:
        self.add(s, g("periodLabel"), text(period.label), ev)
        if period.start:
            self.add(s, g("periodStart"), typed(period.start.datetime, "dateTime"), ev)
        if period.end:
            self.add(s, g("periodEnd"), typed(period.end.end_datetime, "dateTime"), ev)


def build_records(
    records: Iterable[Record], by_id: dict[str, Record], onto: Ontology, out: GraphBuilder
) -> Iterator[str]:
    """Yield the statements (N-Triples lines) of each validated record, in record order.

    Each record's statements come sorted; every statement's subject is the record itself,
    its role nodes, its axiom nodes or its Wikidata item (the validator makes sure no two
    records share one), so no two records make the same statement and no
    global sort or set is needed (which would cost seconds and gigabytes at 100k records).
    """
    out.units = unit_table(by_id.values())
    for rec in records:
        _record(out, rec, by_id, onto)
        yield from sorted(out.lines)
        out.lines.clear()
    yield from sorted(_cube_lines(out.cube, by_id))


def _cube_lines(parts: CubeParts, by_id: dict[str, Record]) -> set[str]:
    """The statements of the resources observations share: structure, data sets, periods."""
    labels = {doc: by_id[doc].data["label"] for doc in parts.datasets}
    objects = {
        "res": res,
        "term": lambda v: f"<{v}>",
        "zh": lambda v: text(v, "zh"),
        "en": lambda v: text(v, "en"),
        "text": text,
        "dateTime": lambda v: typed(v, "dateTime"),
        "int": lambda v: typed(v, "int"),
        "bool": lambda v: typed(v, "boolean"),
    }
    predicates = {"rdf:type": A, "label": LABEL}
    return {
        line(res(s), predicates.get(p) or f"<{p}>", objects[kind](o))
        for s, p, o, kind in cube_statements(parts, labels)
    }


def _record(out: GraphBuilder, rec: Record, by_id: dict[str, Record], onto: Ontology) -> None:
    s, data, ev = res(rec.id), rec.data, Evidence.of_record(rec.data)
    out.add(s, A, g(rec.type), ev)
    if curated := data.get("curated"):  # who accepted the drafted record: on its evidence
        ax, date = axiom_id(line(s, A, g(rec.type)), ev), parse_date(curated["date"])
        note = (
            f"record accepted by {curated['by']} on {date.text} via {curated.get('via', 'curate')}"
        )
        out.lines.update(
            (
                line(ax, f"<{DCTERMS}creator>", text(str(curated["by"]))),
                line(ax, f"<{DCTERMS}created>", typed(date.datetime, "dateTime")),
                line(ax, g("curatorNote"), text(note)),
            )
        )
    label = data.get("label") or _generated_label(rec, by_id)
    is_document = onto.is_a(rec.type, "SourceDocument")
    for lang in ("zh", "en"):
        out.add(s, LABEL, text(label[lang], lang))
        if is_document:  # a document's name is its title (as Dublin Core readers expect)
            out.add(s, f"<{DCTERMS}title>", text(label[lang], lang))
        for alias in (data.get("aliases") or {}).get(lang, []):
            out.add(s, f"<{SKOS}altLabel>", text(alias, lang))
        if description := (data.get("description") or {}).get(lang):
            out.add(s, f"<{RDFS}comment>", text(description, lang))
    _identifiers(out, s, label, data.get("ids") or {}, data.get("ids_provenance") or {})
    for cls, fields in BY_CLASS.items():
        if onto.is_a(rec.type, cls):
            _fields(out, s, data, fields, ev)
    if rec.type == "Observation":
        _observation(out, s, rec, ev)
    for item in data.get("relations") or []:
        key = next(k for k in item if k in RELATIONS)
        out.add(s, g(RELATIONS[key]), res(item[key]), Evidence.of(item))
    for n, role in enumerate(data.get("roles") or [], start=1):
        _role(out, rec, n, role, by_id)


def _observation(out: GraphBuilder, s: str, rec: Record, ev: Evidence | None) -> None:
    """What makes an observation comparable and part of the cube: its unit resource, its
    value in the base unit, its period resource and its data set (one per document)."""
    data = rec.data
    unit = out.units.resolve(data["unit"])
    assert unit is not None and ev is not None  # the validator made sure
    out.add(s, A, f"<{QB}Observation>")  # explicit, so IC-1 sees every observation
    out.add(s, g("unit"), text(written_form(data["unit"], unit)), ev)
    out.add(s, g("unitOfMeasure"), res(unit.id), ev)
    number = decimal_lexical(base_value(data["value"], unit))
    out.add(s, g("baseValue"), typed(number, "decimal"), ev)
    out.add(s, g("baseUnit"), res(unit.data["base"]))
    _qualifier(out, s, data, unit.id, ev)
    period = parse_period(data["period"])
    slug = period_slug(period)
    out.cube.periods.setdefault(slug, period)
    out.add(s, g("refPeriod"), res(slug), ev)
    out.cube.datasets.add(ev.doc)
    out.add(s, f"<{QB}dataSet>", res(f"dataset-{ev.doc}"))


def _qualifier(out: GraphBuilder, s: str, data: dict, unit_id: str, ev: Evidence) -> None:
    """What the text says about the value (gskg:valueQualifier) and the bounds that follow.

    A value in the unit 前N位 is a top-N bracket even where the record says no qualifier."""
    code = data.get("qualifier") or ("top" if unit_id == "unit-top-n" else None)
    qualifier = parse_qualifier(code) if code else None
    if qualifier:
        out.add(s, g("valueQualifier"), g(qualifier.local), ev)
    high = parse_number(data["value_max"]) if "value_max" in data else None
    lower, upper = bounds(parse_number(data["value"]), qualifier, high)
    for prop, bound in (("lowerBound", lower), ("upperBound", upper)):
        if bound is not None:
            out.add(s, g(prop), typed(decimal_lexical(bound), "decimal"), ev)


def _fields(out: GraphBuilder, s: str, data: dict, fields: dict, ev: Evidence | None) -> None:
    for key, spec in fields.items():
        if key not in data:
            continue
        value = data[key]
        if spec.kind in ("unit", "qualifier") or key == "value_max":
            continue  # written by _observation, with the unit resource and the bounds
        if spec.kind == "names":
            for name in value:
                out.add(s, g(spec.prop), text(name), ev)
        elif key == "qudt":
            out.add(s, f"<{SKOS}exactMatch>", iri(value))
        elif spec.kind in ("ref", "refs"):
            for target in value if isinstance(value, list) else [value]:
                out.add(s, g(spec.prop), res(target), ev)
        elif spec.kind == "date":
            out.date(s, spec.prop, parse_date(value), ev)
        elif spec.kind == "period":
            out.period(s, parse_period(value), ev)
        elif spec.kind == "number":
            out.add(s, g(spec.prop), typed(decimal_lexical(parse_number(value)), "decimal"), ev)
        elif key == "publisher":
            out.add(s, f"<{DCTERMS}publisher>", text(value))
        elif key == "author":
            out.add(s, f"<{DCTERMS}creator>", text(value))
        elif key == "url":
            out.add(s, f"<{SCHEMA}url>", iri(value))
        elif spec.prop:
            out.add(s, g(spec.prop), text(str(value)), ev)


def _identifiers(out: GraphBuilder, s: str, label: dict, ids: dict, provenance: dict) -> None:
    if qid := ids.get("wikidata"):
        same = iri(f"http://www.wikidata.org/entity/{qid}")
        out.add(s, f"<{OWL}sameAs>", same)
        # The same individual, so the same names; Protégé and owlcheck want every
        # individual of the export labelled in zh and en.
        for lang in ("zh", "en"):
            out.add(same, LABEL, text(label[lang], lang))
        if accepted := provenance.get("wikidata"):
            _link_provenance(out, (s, f"<{OWL}sameAs>", same), accepted)
    if geonames := ids.get("geonames"):
        point = iri(f"https://sws.geonames.org/{geonames}/")
        out.add(s, f"<{SKOS}closeMatch>", point)
        out.add(s, f"<{RDFS}seeAlso>", point)
    if ror := ids.get("ror"):
        out.add(s, g("rorId"), typed(ror, "anyURI"))
        out.add(s, f"<{RDFS}seeAlso>", iri(ror))


def _link_provenance(out: GraphBuilder, link: Triple, accepted: dict) -> None:
    """Who accepted a reconciled link, when, and how: an axiom annotation on the link."""
    date = parse_date(accepted["date"])
    ax = "_:link" + hashlib.sha1("\x1f".join(link).encode()).hexdigest()[:20]
    via = f" via {accepted['via']}" if accepted.get("via") else ""
    src = f" against {accepted['endpoint']}" if accepted.get("endpoint") else ""
    note = f"link accepted by {accepted['by']} on {date.text}{via}{src}"
    out.lines.update(
        line(*t)
        for t in (
            (ax, A, f"<{OWL}Axiom>"),
            (ax, f"<{OWL}annotatedSource>", link[0]),
            (ax, f"<{OWL}annotatedProperty>", link[1]),
            (ax, f"<{OWL}annotatedTarget>", link[2]),
            (ax, f"<{DCTERMS}creator>", text(str(accepted["by"]))),
            (ax, f"<{DCTERMS}created>", typed(date.datetime, "dateTime")),
            (ax, g("curatorNote"), text(note)),
        )
    )


# How a membership is named: 郭万达(中国(深圳)综合开发研究院常务副院长) / Guo Wanda (…, …).
ROLE_LABEL = {"zh": "{person}({org}{title})", "en": "{person} ({title}, {org})"}


def _role(out: GraphBuilder, rec: Record, n: int, role: dict, by_id: dict[str, Record]) -> None:
    """A person's post in an organisation, as a `gskg:Membership` node."""
    node = res(f"{rec.id}-role-{n}")
    ev = Evidence.of(role)
    org = by_id[role["org"]].data["label"]
    out.add(node, A, g("Membership"), ev)
    out.add(node, g("member"), res(rec.id), ev)
    out.add(node, g("organization"), res(role["org"]), ev)
    for lang, pattern in ROLE_LABEL.items():
        title = role["title"][lang]
        out.add(node, g("roleTitle"), text(title, lang), ev)
        name = pattern.format(person=rec.data["label"][lang], org=org[lang], title=title)
        if lang == "zh" and title.startswith(org[lang]):  # 全国人大代表, not 全国人大全国人大代表
            name = f"{rec.data['label'][lang]}({title})"
        out.add(node, LABEL, text(name, lang))


def _generated_label(rec: Record, by_id: dict[str, Record]) -> dict[str, str]:
    """`广州 · 技术合同登记份数 · 2020` for an Observation without a curated label."""
    area = by_id[rec.data["area"]].data["label"]
    indicator = by_id[rec.data["indicator"]].data["label"]
    period = parse_period(rec.data["period"])
    # The English label names the period in English ("not stated", not "未注明").
    return {
        "zh": f"{area['zh']} · {indicator['zh']} · {period.label}",
        "en": f"{area['en']} · {indicator['en']} · {period_labels(period)['en']}",
    }
