"""The checks of `gskg check`: each turns the curated records into `Item`s.

They read the records (so every item has its file and line) and, for the SHACL shapes,
the built graph.  A curator who knows neither SHACL nor OWL should understand every
message and know from the hint what to change in which YAML field.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ..checks.sources import verify_quotes
from ..documents import CORPUS
from ..ontology import Ontology, load_ontology
from ..pipeline.load import Problem, Record, load_data
from ..pipeline.validate import validate_records
from ..qualifiers import written_qualifiers
from ..schema import BY_CLASS, RELATIONS
from ..values import parse_period
from . import CHECKS, Item, Report

# Classes whose members are expected to have a Wikidata, GeoNames or ROR identifier.
LINKABLE = ("Place", "Organization", "Platform", "Person")
# Records that are not entities of the region (bare/duplicate checks skip them).
NOT_ENTITIES = ("Observation", "Indicator", "Unit", "SourceDocument", "Membership")
TEXT_FIELDS = {"id", "type", "label", "aliases", "description", "quote", "note", "doc"}
NEAR = 0.92  # difflib ratio above which two English names in one class look the same
UNSTATED = "未注明"  # how the curators write "the text gives no period"
WINDOW = 5  # how many sorted neighbours each English name is compared with
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_PROP = re.compile(r"gskg:([a-zA-Z]+)")


def collect(data_dir: Path, ontology_dir: Path, seeds_dir: Path | None, *, shapes: bool) -> Report:
    """Every item for the data of `data_dir` (see `gskg.quality.run_checks`)."""
    records, problems = load_data(data_dir)
    onto = load_ontology(ontology_dir)
    problems += validate_records(records, onto)
    report = Report(records=len(records))
    items = [_from_problem(p) for p in problems]
    for check in (_identifiers, _bare, _duplicates, _periods, _qualifiers):
        items += check(records, onto)
    items += _quotes(records, seeds_dir, data_dir.parent / CORPUS)
    if shapes and not problems:
        items += _shapes(records, data_dir, ontology_dir)
    report.items = sorted(set(items))
    return report


def _item(check: str, rec: Record | None, message: str, hint: str = "", **kw) -> Item:
    severity = kw.get("severity") or CHECKS[check][2]
    line = kw.get("line") or (rec.line if rec else 0)
    return Item(
        severity, check, rec.file if rec else "", line, rec.id if rec else "", message, hint
    )


# ─── what the validator found, sorted into the checks a curator thinks in


def _from_problem(p: Problem) -> Item:
    check, hint = "format", "see data/README.md for the fields and what each expects"
    if p.field == "label" and re.search(r"missing '(zh|en)' text", p.message):
        check, hint = "labels", "write the name in both languages: label: {zh: …, en: …}"
    elif p.field == "unit":
        check, hint = "units", "use a unit of data/units.yaml (its `written` forms or its id)"
    elif p.field == "period":
        check, hint = "periods", 'give the period as "2020", "2020-10" or {label, start, end}'
    return Item("error", check, p.file, p.line, p.record, p.message, hint)


# ─── checks of the records


def _identifiers(records: list[Record], onto: Ontology) -> Iterator[Item]:
    for rec in records:
        cls = next((c for c in LINKABLE if onto.is_a(rec.type, c)), None)
        if cls and not rec.data.get("ids"):
            yield _item(
                "identifiers",
                rec,
                f"{rec.type} {_name(rec)} has no Wikidata, GeoNames or ROR identifier",
                f"look it up with `gskg reconcile --class {rec.type}` or in "
                "../shared/links/identifiers.csv; never add one from memory",
            )


def _references(records: list[Record]) -> set[str]:
    """Every id some record points to (in any field other than its own text fields)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in TEXT_FIELDS:
                    walk(v)

    for rec in records:
        for key, value in rec.data.items():
            if key not in TEXT_FIELDS:
                walk(value)
    return found


def _bare(records: list[Record], onto: Ontology) -> Iterator[Item]:
    pointed_at = _references(records)
    extra_fields = {k for fields in BY_CLASS.values() for k in fields}
    for rec in records:
        if any(onto.is_a(rec.type, c) for c in NOT_ENTITIES) or rec.id in pointed_at:
            continue
        facts = set(rec.data) & (extra_fields | {"relations"})
        if not facts:
            yield _item(
                "bare",
                rec,
                f"{rec.type} {_name(rec)} has only a type and names: no relation, no "
                "field of its own, and no record points to it",
                "add what the text says about it (relations: located_in, part_of …) or remove it",
            )


def _norm(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text).casefold())


def _duplicates(records: list[Record], onto: Ontology) -> Iterator[Item]:
    """Same name (zh or en, normalised) in one class, or nearly the same English name.

    Exact matches come from a dictionary; near matches compare each name with its
    neighbours in sorted order (WINDOW of them), so 100k records take seconds, not hours.
    """
    by_class: dict[str, list[Record]] = {}
    for rec in records:
        label = rec.data.get("label")
        if isinstance(label, dict) and not any(onto.is_a(rec.type, c) for c in NOT_ENTITIES):
            by_class.setdefault(rec.type, []).append(rec)
    for cls, group in sorted(by_class.items()):
        pairs: dict[tuple[str, str], tuple[Record, Record, str]] = {}
        for lang in ("zh", "en"):
            first: dict[str, Record] = {}
            for rec in group:
                key = _norm(str(rec.data["label"].get(lang, "")))
                if key and (a := first.setdefault(key, rec)) is not rec:
                    pairs.setdefault((a.id, rec.id), (a, rec, f"the same {lang} name"))
        # A total key: two records may share a name (or both lack one), and Records
        # themselves do not compare.
        names = sorted(
            ((_norm(str(r.data["label"].get("en", ""))), r) for r in group),
            key=lambda nr: (nr[0], nr[1].file, nr[1].line, nr[1].id),
        )
        names = [(n, r) for n, r in names if len(n) >= 8]
        for i, (a_name, a) in enumerate(names):
            for b_name, b in names[i + 1 : i + 1 + WINDOW]:
                near = difflib.SequenceMatcher(None, a_name, b_name).ratio() >= NEAR
                first_b = sorted((a, b), key=lambda r: (r.file, r.line))
                key = (first_b[0].id, first_b[1].id)
                if near and a_name != b_name and key not in pairs:
                    pairs[key] = (first_b[0], first_b[1], "nearly the same English name")
        for a, b, why in pairs.values():
            yield _item(
                "duplicates",
                b,
                f"{cls} {_name(b)} may be the same as {a.id} ({a.file}:{a.line}): {why}",
                "if they are one entity, keep one record and point the other's "
                "references to it; if not, make the names tell them apart",
            )


def _periods(records: list[Record], onto: Ontology) -> Iterator[Item]:
    for rec in records:
        if rec.type != "Observation" or "period" not in rec.data:
            continue
        try:
            period = parse_period(rec.data["period"])
        except (ValueError, TypeError):
            continue  # reported by the validator
        if period.start is None and period.end is None:
            said = (
                "no period: the text does not say when this figure holds (未注明)"
                if period.label == UNSTATED
                else f"the period is given only in words ({period.label!r}), with no dates"
            )
            yield _item(
                "periods",
                rec,
                f"{said}; it cannot be placed in time or compared with another year",
                "if the text or its publication date fixes the period, add start/end "
                "and say how in `note`",
                line=rec.line_of("period"),
            )


def _qualifiers(records: list[Record], onto: Ontology) -> Iterator[Item]:
    """A figure whose quote says 过/超/多/以上/约 … beside its number, stored as exact."""
    for rec in records:
        data = rec.data
        if rec.type != "Observation" or "qualifier" in data or "value_max" in data:
            continue
        if said := written_qualifiers(str(data.get("quote", "")), data.get("value")):
            yield _item(
                "qualifiers",
                rec,
                f"the quote qualifies {data.get('value')} ({', '.join(sorted(said))}) but the "
                "value has no `qualifier:`, so every view shows it as exact",
                f"add `qualifier: {sorted(said)[0]}` (codes: data/README.md)",
                line=rec.line_of("value"),
            )


def _quotes(records: list[Record], seeds_dir: Path | None, corpus: Path) -> Iterator[Item]:
    if seeds_dir is None or not seeds_dir.is_dir():
        yield Item(
            "info",
            "sources",
            "",
            0,
            "",
            f"the source documents were not found ({seeds_dir}), so quotes were not checked",
            "pass --seeds DIR (the folder of the documents, ../shared/seeds)",
        )
        return
    _checked, missing = verify_quotes(records, seeds_dir, corpus)
    for p in missing:
        yield Item(
            "error",
            "quotes",
            p.file,
            p.line,
            p.record,
            p.message,
            "copy the sentence verbatim from the document (whitespace does not matter)",
        )


# ─── the SHACL shapes, on the built graph, said in the YAML's words


def _shapes(records: list[Record], data_dir: Path, ontology_dir: Path) -> Iterator[Item]:
    from ..checks import check_compiled
    from ..pipeline import compile_graph

    by_id = {r.id: r for r in records}
    fields = _yaml_fields()
    lines = compile_graph(data_dir, ontology_dir).all_lines()
    for message in check_compiled(lines, ontology_dir=ontology_dir, reason=False):
        found = re.search(r"res:([a-z0-9]+(?:-[a-z0-9]+)*)", message)
        rec = by_id.get(found.group(1)) if found else None
        words = [fields[p] for p in _PROP.findall(message) if p in fields]
        hint = f"in the YAML: the field `{words[0]}`" if words else ""
        yield _item("shapes", rec, _plain(message), hint)


_TECHNICAL = re.compile(r"\s*\((?:gskg|rdfs|owl|xsd|rdf):[^)]*\)")


def _plain(message: str) -> str:
    """The shape's message without the focus node (the item names the record) and without
    the vocabulary in brackets (the hint names the YAML field instead)."""
    text = message.split(": ", 1)[1] if ": " in message else message
    return _TECHNICAL.sub("", text)


def _yaml_fields() -> dict[str, str]:
    """Ontology property → the YAML field (or relation key) that writes it."""
    out = {spec.prop: key for fields in BY_CLASS.values() for key, spec in fields.items()}
    out.update({prop: key for key, prop in RELATIONS.items()})
    out.update({"periodLabel": "period", "periodStart": "period", "periodEnd": "period"})
    out.update({"unitOfMeasure": "unit", "refPeriod": "period", "baseValue": "value"})
    return {p: k for p, k in out.items() if p}


def _name(rec: Record) -> str:
    label = rec.data.get("label")
    if isinstance(label, dict):
        names = [str(label[lang]) for lang in ("zh", "en") if label.get(lang)]
        if names:
            return f"“{' / '.join(names)}”"
    return repr(rec.id)
