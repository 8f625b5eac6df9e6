"""Stage 2: check records against the fact format and the ontology, reporting every problem.

Nothing stops at the first problem: a curator fixing a pull request wants the whole list.
The OWL reasoner (HermiT) and the SHACL shapes run on the built graph (see `check_graph`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ..documents import file_problem
from ..ontology import Ontology
from ..qualifiers import parse_qualifier
from ..schema import (
    BY_CLASS,
    COMMON,
    GENERATED_LABEL,
    ID_PATTERNS,
    LANGS,
    NO_EVIDENCE,
    RELATION_EXTRA,
    RELATIONS,
    RESERVED_PREFIXES,
    ROLE_FIELDS,
    SLUG,
    UNIT_KINDS,
    Field,
)
from ..values import parse_date, parse_number, parse_period
from .load import Mapping, Problem, Record
from .units import unit_table


def fields_for(rtype: str, onto: Ontology) -> dict[str, Field]:
    """The fields a record of class `rtype` may have."""
    fields = dict(COMMON)
    for cls, extra in BY_CLASS.items():
        if onto.is_a(rtype, cls):
            fields.update(extra)
    return fields


class Checker:
    """Validates a list of records; `run()` returns every problem found."""

    def __init__(self, records: list[Record], onto: Ontology) -> None:
        self.records = records
        self.onto = onto
        self.by_id: dict[str, Record] = {}
        self.problems: list[Problem] = []
        self.units = unit_table(records)

    def run(self) -> list[Problem]:
        """Check ids first (references need them), then every record."""
        for rec in self.records:
            if (first := self.by_id.get(rec.id)) is not None:
                where = f"{first.file}:{first.line}"
                self.problems.append(rec.problem("id", f"duplicate id (first defined at {where})"))
            else:
                self.by_id[rec.id] = rec
        qids: dict[str, Record] = {}
        for rec in self.records:
            self.check_record(rec)
            ids = rec.data.get("ids")
            qid = ids.get("wikidata") if isinstance(ids, dict) else None
            if isinstance(qid, str) and (first := qids.setdefault(qid, rec)) is not rec:
                self.add(rec, "ids", f"wikidata {qid} is already the id of {first.id!r}")
        self.check_units()
        return sorted(set(self.problems))

    # -- one record -------------------------------------------------------------------
    def check_record(self, rec: Record) -> None:
        if not re.fullmatch(SLUG, rec.id):
            self.add(rec, "id", f"{rec.id!r} is not a slug (lowercase ASCII words joined by '-')")
        if rec.id.startswith(RESERVED_PREFIXES):
            self.add(
                rec, "id", f"ids starting with {', '.join(RESERVED_PREFIXES)} are made by the build"
            )
        if rec.type not in self.onto.classes:
            self.add(rec, "type", f"{rec.type!r} is not a class of the ontology")
            return
        fields = fields_for(rec.type, self.onto)
        for key in rec.data:
            if key not in fields:
                allowed = ", ".join(sorted(fields))
                self.add(rec, key, f"unknown field for a {rec.type} (allowed: {allowed})")
        for key, spec in fields.items():
            if key not in rec.data:
                exempt = (key == "label" and rec.type in GENERATED_LABEL) or (
                    key in ("doc", "quote") and rec.type in NO_EVIDENCE
                )
                if spec.required and not exempt:
                    self.add(rec, key, "missing required field")
                continue
            self.check_value(rec, rec.data, key, spec)
        self.check_relations(rec)
        self.check_roles(rec)
        self.check_bounds(rec)

    def check_value(self, rec: Record, where: Mapping, key: str, spec: Field) -> None:
        value = where[key]
        line = where.key_lines.get(key, where.line)
        # roles are checked item by item in check_roles, so that kind has no checker here
        check: Callable[[Any], Iterator[str]] | None = getattr(self, f"_{spec.kind}", None)
        for message in check(value) if check else ():
            self.add(rec, key, message, line)
        if spec.kind in ("ref", "refs") and spec.prop:
            targets = value if isinstance(value, list) else [value]
            for target in targets:
                if isinstance(target, str):
                    self.check_link(rec, key, spec.prop, target, line)
        if key == "parties" and isinstance(value, list) and len(value) < 2:
            self.add(rec, key, "an agreement needs at least two parties", line)
        if key == "doc":
            self.check_doc(rec, key, value, line)

    # -- value kinds (each yields messages) -----------------------------------------
    def _text(self, value: Any) -> Iterator[str]:
        if not isinstance(value, str) or not value.strip():
            yield "expected non-empty text"

    _slug = _class = _doc = _url = _text

    def _file(self, value: Any) -> Iterator[str]:
        if (problem := file_problem(value)) is not None:
            yield problem

    def _langmap(self, value: Any) -> Iterator[str]:
        if not isinstance(value, dict):
            yield "expected {zh: …, en: …}"
            return
        for lang in LANGS:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                yield f"missing '{lang}' text"
        for extra in sorted(set(value) - set(LANGS)):
            yield f"unknown language key {extra!r} (expected zh and en)"

    def _aliases(self, value: Any) -> Iterator[str]:
        if not isinstance(value, dict) or set(value) - set(LANGS):
            yield "expected {zh: [..], en: [..]}"
            return
        for lang, names in value.items():
            if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
                yield f"'{lang}' aliases must be a list of names"

    def _ids(self, value: Any) -> Iterator[str]:
        if not isinstance(value, dict):
            yield "expected {wikidata: Q…, geonames: …, ror: https://ror.org/…}"
            return
        for scheme, ident in value.items():
            pattern = ID_PATTERNS.get(scheme)
            if pattern is None:
                yield f"unknown identifier scheme {scheme!r} (expected {', '.join(ID_PATTERNS)})"
            elif not re.fullmatch(pattern, str(ident)):
                yield f"{scheme} identifier {ident!r} does not match {pattern}"

    def _ids_provenance(self, value: Any) -> Iterator[str]:
        if not isinstance(value, dict) or set(value) - set(ID_PATTERNS):
            yield 'expected {wikidata: {by: NAME, date: "YYYY-MM-DD", via: reconcile}}'
            return
        for scheme, prov in value.items():
            if not isinstance(prov, dict) or not str(prov.get("by", "")).strip():
                yield f"{scheme}: needs `by` (the curator who accepted the link)"
                continue
            try:
                parse_date(prov.get("date"))
            except ValueError as exc:
                yield f"{scheme}.date: {exc}"

    def _curated(self, value: Any) -> Iterator[str]:
        if not isinstance(value, dict) or not str(value.get("by", "")).strip():
            yield 'expected {by: NAME, date: "YYYY-MM-DD", via: curate}'
            return
        for extra in sorted(set(value) - {"by", "date", "via"}):
            yield f"unknown key {extra!r} (expected by, date, via)"
        try:
            parse_date(value.get("date"))
        except ValueError as exc:
            yield f"date: {exc}"

    def _unit(self, value: Any) -> Iterator[str]:
        if not isinstance(value, str) or not value.strip():
            yield "expected a unit, as the text writes it (亿元, 件, %) or a unit id"
        elif value.strip() in self.units.ambiguous:
            ids = " or ".join(self.units.ambiguous[value.strip()])
            yield f"unit {value!r} is ambiguous in the unit table: write the unit id ({ids})"
        elif self.units.resolve(value) is None:
            known = self.units.known() or "none: add data/units.yaml"
            yield f"unknown unit {value!r}: not in the unit table (data/units.yaml; known: {known})"

    def _unitkind(self, value: Any) -> Iterator[str]:
        if value not in UNIT_KINDS:
            yield f"unknown unit kind {value!r} (expected one of {', '.join(UNIT_KINDS)})"

    def _names(self, value: Any) -> Iterator[str]:
        if not isinstance(value, list) or not all(isinstance(n, str) and n for n in value):
            yield "expected a list of written forms, e.g. [位, 名]"

    def _ref(self, value: Any) -> Iterator[str]:
        if not isinstance(value, str):
            yield "expected the id of a record"
        elif value not in self.by_id:
            yield f"unknown id {value!r}"

    def _refs(self, value: Any) -> Iterator[str]:
        if not isinstance(value, list) or not value:
            yield "expected a list of record ids"
            return
        for item in value:
            yield from self._ref(item)

    def _date(self, value: Any) -> Iterator[str]:
        try:
            parse_date(value)
        except ValueError as exc:
            yield str(exc)

    def _period(self, value: Any) -> Iterator[str]:
        try:
            parse_period(value)
        except (ValueError, TypeError) as exc:
            yield str(exc)

    def _qualifier(self, value: Any) -> Iterator[str]:
        try:
            parse_qualifier(value)
        except ValueError as exc:
            yield str(exc)

    def check_bounds(self, rec: Record) -> None:
        """`value_max` above `value`, and not with a qualifier (an interval has none)."""
        data = rec.data
        if "value_max" not in data:
            return
        line = data.key_lines.get("value_max", data.line)
        if "qualifier" in data:
            self.add(rec, "value_max", "an interval (value … value_max) takes no qualifier", line)
        try:
            low, high = parse_number(data.get("value")), parse_number(data["value_max"])
        except ValueError:
            return  # reported as a bad number
        if high <= low:
            self.add(rec, "value_max", f"expected a number above value ({low}), got {high}", line)

    def _number(self, value: Any) -> Iterator[str]:
        try:
            parse_number(value)
        except ValueError as exc:
            yield str(exc)

    # -- structured fields ------------------------------------------------------------
    def _relations(self, value: Any) -> Iterator[str]:
        if not isinstance(value, list):
            yield "expected a list of relations"

    def check_relations(self, rec: Record) -> None:
        relations = rec.data.get("relations")
        if not isinstance(relations, list):
            return  # reported by the field check ("expected a list of relations")
        for item in relations:
            if not isinstance(item, Mapping):
                self.add(
                    rec, "relations", "each relation is a mapping like {located_in: id, doc, quote}"
                )
                continue
            keys = [k for k in item if k not in RELATION_EXTRA]
            if len(keys) != 1 or keys[0] not in RELATIONS:
                known = ", ".join(RELATIONS)
                self.add(
                    rec, "relations", f"each relation needs exactly one of: {known}", item.line
                )
                continue
            key = keys[0]
            self.check_value(rec, item, key, Field("ref", RELATIONS[key]))
            for extra, spec in (
                ("doc", Field("doc", required=True)),
                ("quote", Field("text", required=True)),
                ("note", Field("text")),
                ("topics", Field("refs", "hasTopic")),
            ):
                if extra in item:
                    self.check_value(rec, item, extra, spec)
                elif spec.required:
                    self.add(
                        rec, f"relations.{key}", f"missing required field '{extra}'", item.line
                    )

    def check_roles(self, rec: Record) -> None:
        roles = rec.data.get("roles")
        if roles is None:
            return
        if not isinstance(roles, list):
            self.add(rec, "roles", "expected a list of {org, title, doc, quote}")
            return
        for item in roles:
            if not isinstance(item, Mapping):
                self.add(rec, "roles", "each role is a mapping {org, title, doc, quote}")
                continue
            for key in sorted(set(item) - set(ROLE_FIELDS)):
                self.add(rec, f"roles.{key}", "unknown field", item.key_lines[key])
            for key, spec in ROLE_FIELDS.items():
                if key in item:
                    self.check_value(rec, item, key, spec)
                elif spec.required:
                    self.add(rec, f"roles.{key}", "missing required field", item.line)

    # -- cross-record checks ---------------------------------------------------------
    def check_doc(self, rec: Record, key: str, value: Any, line: int) -> None:
        target = self.by_id.get(value) if isinstance(value, str) else None
        if target is None or not self.onto.is_a(target.type, "SourceDocument"):
            self.add(rec, key, f"unknown source document {value!r} (see data/sources.yaml)", line)

    def check_link(self, rec: Record, key: str, prop: str, target_id: str, line: int) -> None:
        """Is `rec --prop--> target` allowed by the property's domain and range?"""
        target = self.by_id.get(target_id)
        if target is None or target.type not in self.onto.classes:
            return
        if prop not in self.onto.kinds:
            self.add(rec, key, f"property gskg:{prop} is not in the ontology", line)
            return
        subject_type = "Membership" if key == "org" else rec.type
        domain = self.onto.domains.get(prop, set())
        range_ = self.onto.ranges.get(prop, set())
        if not self.onto.fits(subject_type, domain):
            expected = " and ".join(sorted(domain))
            self.add(rec, key, f"gskg:{prop} applies to a {expected}, not a {rec.type}", line)
        if not self.onto.fits(target.type, range_):
            expected = " and ".join(sorted(range_))
            self.add(
                rec,
                key,
                f"{target_id!r} is a {target.type}; gskg:{prop} expects a {expected}",
                line,
            )

    def check_units(self) -> None:
        """A written form claimed by two units; a `base` that is not itself a base unit."""
        for name, ids in sorted(self.units.ambiguous.items()):
            for unit_id in ids:
                rec = self.units.by_id[unit_id]
                self.add(rec, "written", f"{name!r} is also written for {', '.join(ids)}")
        for rec in self.units.by_id.values():
            base = self.units.by_id.get(rec.data.get("base"))  # type: ignore[arg-type]
            if base is not None and base.data.get("base") != base.id:
                self.add(rec, "base", f"{base.id!r} is not a base unit (its own base is another)")

    def add(self, rec: Record, key: str, message: str, line: int | None = None) -> None:
        self.problems.append(rec.problem(key, message, line))


def validate_records(records: list[Record], onto: Ontology) -> list[Problem]:
    """Every problem in `records`, sorted by file and line (empty list: the data is valid)."""
    return Checker(records, onto).run()
