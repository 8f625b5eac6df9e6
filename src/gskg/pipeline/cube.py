"""The statistics as an RDF Data Cube: one data set per source document, one data
structure definition, and the reference periods as resources.

The builder calls `observation_cube` for each observation (its data set, its period) and
`cube_lines` once at the end, for the resources many observations share.  The component
properties are typed (qb:DimensionProperty …) in ontology/alignment.ttl.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..namespaces import GSKG, PROV, QB
from ..values import Date, Period

DSD = "dsd-statistics"

# (slug suffix, component kind, property, zh, en): the structure every data set shares.
COMPONENTS = (
    ("area", "dimension", "refArea", "维度:观测对象", "dimension: reference area"),
    ("period", "dimension", "refPeriod", "维度:统计期间", "dimension: reference period"),
    ("indicator", "dimension", "indicator", "维度:指标", "dimension: indicator"),
    ("value", "measure", "value", "度量:数值", "measure: value"),
    ("unit", "attribute", "unitOfMeasure", "属性:计量单位", "attribute: unit of measure"),
    # what the text says about the value (过, 以上, 约 …) and the bounds that follow: optional
    ("qualifier", "attribute", "valueQualifier", "属性:数值限定", "attribute: value qualifier"),
    ("lower", "attribute", "lowerBound", "属性:下限", "attribute: lower bound"),
    ("upper", "attribute", "upperBound", "属性:上限", "attribute: upper bound"),
)
REQUIRED = {"unitOfMeasure"}  # the attributes every observation has

# Periods the texts give only in words: a readable slug and an English name.
WORDED = {
    "未注明": ("unstated", "not stated"),
    "截至目前": ("as-of-now", "as of now (no date given)"),
    "目前": ("now", "now (no date given)"),
}


@dataclass
class CubeParts:
    """What the observations share, collected while building: periods and data sets."""

    periods: dict[str, Period] = field(default_factory=dict)
    datasets: set[str] = field(default_factory=set)


def _zh(date: Date) -> str:
    parts = date.text.split("-")
    return "".join(f"{int(n)}{u}" for n, u in zip(parts, ("年", "月", "日"), strict=False))


def period_slug(period: Period) -> str:
    """`period-2020`, `period-2020-01-2020-09`, `period-to-2019-11`, `period-unstated` …"""
    start, end = period.start, period.end
    if start and end:
        return f"period-{start.text}" if start == end else f"period-{start.text}-{end.text}"
    if end:
        return f"period-to-{end.text}"
    if start:
        return f"period-from-{start.text}"
    if period.label in WORDED:
        return f"period-{WORDED[period.label][0]}"
    return "period-" + hashlib.sha1(period.label.encode()).hexdigest()[:10]


def period_labels(period: Period) -> dict[str, str]:
    """The period's names in zh and en, made from its dates (or its words)."""
    start, end = period.start, period.end
    if start and end and start == end:
        return {"zh": _zh(start), "en": start.text}
    if start and end:
        return {"zh": f"{_zh(start)}–{_zh(end)}", "en": f"{start.text} – {end.text}"}
    if end:
        return {"zh": f"截至{_zh(end)}", "en": f"up to {end.text}"}
    if start:
        return {"zh": f"{_zh(start)}起", "en": f"from {start.text}"}
    en = WORDED[period.label][1] if period.label in WORDED else f"“{period.label}” (no dates)"
    return {"zh": period.label, "en": en}


def cube_statements(parts: CubeParts, doc_labels: dict[str, dict[str, str]]) -> Iterator[tuple]:
    """(subject slug, property, object, kind) for the DSD, the data sets and the periods.

    kind: "res" (object is a resource slug), "term" (a full IRI), "zh"/"en" (text),
    "dateTime", "int", "bool", "text".
    """
    yield DSD, "rdf:type", f"{QB}DataStructureDefinition", "term"
    yield DSD, "label", "统计数据的结构(地区 × 期间 × 指标)", "zh"
    yield DSD, "label", "Structure of the statistics (area × period × indicator)", "en"
    for order, (suffix, kind, prop, zh, en) in enumerate(COMPONENTS, start=1):
        spec = f"{DSD}-{suffix}"
        yield DSD, f"{QB}component", spec, "res"
        yield spec, "rdf:type", f"{QB}ComponentSpecification", "term"
        yield spec, f"{QB}{kind}", f"{GSKG}{prop}", "term"
        yield spec, f"{QB}order", str(order), "int"
        if kind == "attribute":
            yield spec, f"{QB}componentRequired", str(prop in REQUIRED).lower(), "bool"
        yield spec, "label", zh, "zh"
        yield spec, "label", en, "en"
    for doc in sorted(parts.datasets):
        ds = f"dataset-{doc}"
        title = doc_labels[doc]
        yield ds, "rdf:type", f"{QB}DataSet", "term"
        yield ds, f"{QB}structure", DSD, "res"
        yield ds, f"{PROV}wasDerivedFrom", doc, "res"
        yield ds, "label", f"{title['zh']}中的统计数据", "zh"
        yield ds, "label", f"Statistics in “{title['en']}”", "en"
    for slug, period in sorted(parts.periods.items()):
        yield slug, "rdf:type", f"{GSKG}Period", "term"
        for lang, name in period_labels(period).items():
            yield slug, "label", name, lang
        if period.start:
            yield slug, f"{GSKG}periodStart", period.start.datetime, "dateTime"
        if period.end:  # the end of the interval (values.Date.end_datetime)
            yield slug, f"{GSKG}periodEnd", period.end.end_datetime, "dateTime"
        if precise := period.start or period.end:
            yield slug, f"{GSKG}datePrecision", precise.precision, "text"
