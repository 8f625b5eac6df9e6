"""The fact format, as data: which fields a record may have and what each one means.

`data/README.md` documents these tables for curators; `validate.py` enforces them and
`build.py` turns them into statements.  Adding a field means adding a row here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One YAML field: its value kind, the property it becomes, whether it is required."""

    kind: str  # text | langmap | aliases | ids | doc | date | ref | refs | number | period | ...
    prop: str | None = None
    required: bool = False


COMMON: dict[str, Field] = {
    "id": Field("slug", required=True),
    "type": Field("class", required=True),
    "label": Field("langmap", required=True),
    "aliases": Field("aliases"),
    "description": Field("langmap"),
    "ids": Field("ids"),
    "ids_provenance": Field("ids_provenance"),  # {wikidata: {by, date, via, endpoint}}
    "curated": Field("curated"),  # {by: NAME, date: "YYYY-MM-DD", via: curate}
    "doc": Field("doc", required=True),
    "quote": Field("text", required=True),
    "note": Field("text"),
    "relations": Field("relations"),
}

# Fields that only records of some classes (and their subclasses) may have.
BY_CLASS: dict[str, dict[str, Field]] = {
    "Agreement": {
        "parties": Field("refs", "hasParty", required=True),
        "date": Field("date", "signedOn"),
        "place": Field("ref", "signedAt"),
        "occasion": Field("ref", "occasion"),
        "topics": Field("refs", "hasTopic"),
    },
    "Policy": {
        "issued_by": Field("refs", "issuedBy"),
        "date": Field("date", "issuedOn"),
        "period": Field("period"),
        "topics": Field("refs", "hasTopic"),
        "supports": Field("refs", "supports"),
    },
    "Organization": {
        "founded_by": Field("refs", "foundedBy"),
        "date": Field("date", "foundedOn"),
    },
    "Platform": {
        "founded_by": Field("refs", "foundedBy"),
        "date": Field("date", "foundedOn"),
    },
    "Event": {
        "date": Field("date", "heldOn"),
        "place": Field("ref", "heldAt"),
    },
    "Person": {"roles": Field("roles")},
    "SourceDocument": {
        "file": Field("file", "fileName", required=True),  # inside the documents folder
        "date": Field("date", "publishedOn"),
        "publisher": Field("text"),
        "author": Field("text"),
        "url": Field("url"),
    },
    "Observation": {
        "area": Field("ref", "refArea", required=True),
        "indicator": Field("ref", "indicator", required=True),
        "value": Field("number", "value", required=True),
        # what the text says about the value (qualifiers.py): 过 → more-than …; an interval
        "qualifier": Field("qualifier", "valueQualifier"),
        "value_max": Field("number", "upperBound"),
        "unit": Field("unit", "unit", required=True),
        "period": Field("period", required=True),
        "measures": Field("text", "measures"),
        "report": Field("ref", "fromReport"),
    },
    # The unit table (data/units.yaml): reference data, see NO_EVIDENCE.
    "Unit": {
        "kind": Field("unitkind", "unitKind", required=True),
        "written": Field("names", "writtenAs"),
        "base": Field("ref", "baseUnit", required=True),
        "scale": Field("number", "conversionMultiplier", required=True),
        "qudt": Field("url"),
        "ucum": Field("text", "ucumCode"),
    },
    "Report": {"publisher": Field("refs", "publishedBy"), "date": Field("date", "publishedOn")},
}

# Units are reference data, not facts from a document: they need no doc and no quote.
NO_EVIDENCE = {"Unit"}
# Ids the builder gives to the resources it makes (periods, data sets, the structure).
RESERVED_PREFIXES = ("period-", "dataset-", "dsd-")
UNIT_KINDS = ("count", "currency", "percent", "rank", "multiple", "number", "length", "area",
              "duration")  # fmt: skip

# The label of an Observation is generated from its area, indicator and period.
GENERATED_LABEL = {"Observation"}

# YAML relation keys → ontology object properties.
RELATIONS: dict[str, str] = {
    "located_in": "locatedIn",
    "part_of": "partOf",
    "branch_of": "branchOf",
    "co_built_by": "coBuiltBy",
    "founded_by": "foundedBy",
    "member_of": "memberOf",
    "cooperates_with": "cooperatesWith",
    "supports": "supports",
    "led_by": "ledBy",
    "has_topic": "hasTopic",
}
RELATION_EXTRA = {"doc", "quote", "note", "topics"}

ROLE_FIELDS: dict[str, Field] = {
    "org": Field("ref", "organization", required=True),
    "title": Field("langmap", "roleTitle", required=True),
    "doc": Field("doc", required=True),
    "quote": Field("text", required=True),
    "note": Field("text"),
}

ID_PATTERNS = {
    "wikidata": r"Q[1-9][0-9]*",
    "geonames": r"[1-9][0-9]*",
    "ror": r"https://ror\.org/0[a-z0-9]{6}[0-9]{2}",
}

LANGS = ("zh", "en")
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
