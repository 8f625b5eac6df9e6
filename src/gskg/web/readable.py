"""Statements as a reader reads them: the words of the resource pages' statement tables.

The resource view (resource.py) is the same for both languages; what a reader of one
language sees is chosen here, at rendering time: one name per term in the reader's
language (the other's when it has none, marked with its `lang`), of two literals of one
property in both languages only the reader's, numbers with their thousands grouped,
dates at their precision, no `@zh` or `^^xsd:decimal` (the datatype stays in the tooltip).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Flask, g
from markupsafe import Markup

from ..namespaces import OWL, RDF, RDFS, SCHEMA, SKOS, XSD
from ..ontology import GSKG
from .i18n import pick

DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
#: Names of the other vocabularies' terms a resource page shows (they carry no label here).
NAMES: dict[str, tuple[str, str]] = {
    f"{RDF}type": ("类型", "type"),
    f"{OWL}sameAs": ("等同于", "same as"),
    f"{RDFS}seeAlso": ("另见", "see also"),
    f"{SKOS}exactMatch": ("完全对应", "exact match"),
    f"{SKOS}closeMatch": ("近似对应", "close match"),
    f"{SKOS}broadMatch": ("上位对应", "broader match"),
    f"{SCHEMA}url": ("网址", "web address"),
    f"{PROV}wasDerivedFrom": ("来源于", "derived from"),
    f"{DCT}title": ("标题", "title"),
    f"{DCT}creator": ("作者", "creator"),
    f"{DCT}created": ("创建日期", "created"),
    f"{DCT}issued": ("发布日期", "issued"),
    f"{DCT}modified": ("修改日期", "modified"),
    f"{DCT}publisher": ("发布者", "publisher"),
    f"{DCT}license": ("许可", "licence"),
    f"{DCT}description": ("描述", "description"),
    # on the ontology's pages
    f"{RDFS}subClassOf": ("上位类", "subclass of"),
    f"{RDFS}subPropertyOf": ("上位属性", "subproperty of"),
    f"{RDFS}domain": ("定义域", "domain"),
    f"{RDFS}range": ("值域", "range"),
    f"{OWL}inverseOf": ("互逆属性", "inverse of"),
    f"{OWL}disjointWith": ("不相交于", "disjoint with"),
    f"{OWL}Class": ("类", "class"),
    f"{OWL}ObjectProperty": ("对象属性", "object property"),
    f"{OWL}DatatypeProperty": ("数据属性", "datatype property"),
    f"{OWL}AnnotationProperty": ("注释属性", "annotation property"),
    f"{SKOS}example": ("示例", "example"),
    f"{SKOS}inScheme": ("所属概念体系", "in scheme"),
    f"{SKOS}notation": ("代码", "notation"),
}
NUMBERS = {f"{XSD}{t}" for t in ("decimal", "integer", "int", "long", "double", "float",
                                 "nonNegativeInteger", "positiveInteger")}  # fmt: skip
#: Words some plain literals hold (gskg:datePrecision), in the reader's language.
WORDS = {"year": "年", "month": "月", "day": "日", "true": "是", "false": "否"}
ENGLISH_WORDS = {"true": "yes", "false": "no"}
GROUP_FROM = 10_000  # 7024 stays as it is (like a year); 14,945 is grouped


def grouped(lexical: str) -> str:
    """A number as people write it: thousands grouped from 10 000 on, no exponent, no
    trailing zeros ("2500000000000.0" → "2,500,000,000,000"; "1.50" → "1.5")."""
    try:
        n = Decimal(lexical.strip())
    except (InvalidOperation, AttributeError):
        return lexical
    if not n.is_finite():
        return lexical
    text = format(n, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if abs(n) < GROUP_FROM:
        return text
    whole, dot, frac = text.partition(".")
    return f"{int(whole):,}" + dot + frac


def literal_text(t: dict[str, Any]) -> str:
    """The text of a literal term (a dict of resource.py) as the reader reads it."""
    if t.get("display"):  # a date, cut to its precision by the view
        return t["display"]
    value, datatype = t["value"], t.get("datatype") or ""
    if datatype in NUMBERS:
        return grouped(value)
    if datatype == f"{XSD}dateTime":
        return value[:10]
    if not t.get("lang") and value in WORDS:
        return ENGLISH_WORDS.get(value, value) if g.get("lang") == "en" else WORDS[value]
    return value


def name(t: dict[str, Any]) -> Markup | None:
    """One name of an IRI term in the reader's language (None: it has none to show)."""
    zh, en = t.get("zh"), t.get("en")
    if not zh and not en and t["value"] in NAMES:
        zh, en = NAMES[t["value"]]
    return pick(zh, en) if zh or en else None


def in_reader_language(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`statements` without the literals of another language where the same property has
    one in the reader's language (a role title in zh and en: the reader's one); on an
    English page, an observation's period label ("未注明", as the text says it) as its
    period's English name ("not stated")."""
    lang = "en" if g.get("lang") == "en" else "zh"
    have = {
        st["p"]["value"]
        for st in statements
        if st["x"]["kind"] == "literal" and (st["x"].get("lang") or "")[:2] == lang
    }
    shown = [st for st in statements
             if not (st["x"]["kind"] == "literal" and st["x"].get("lang")
                     and st["x"]["lang"][:2] != lang and st["p"]["value"] in have)]  # fmt: skip
    period = next((st["x"].get("en") for st in statements
                   if st["p"]["value"] == f"{GSKG}refPeriod"), None)  # fmt: skip
    if lang != "en" or not period:
        return shown
    return [{**st, "x": {**st["x"], "display": period, "lang": "en"}}
            if st["p"]["value"] == f"{GSKG}periodLabel" else st for st in shown]  # fmt: skip


def init_app(app: Flask) -> None:
    """Give templates `literal_text`, `term_name` and `in_reader_language`."""
    app.jinja_env.globals.update(literal_text=literal_text, term_name=name,
                                 in_reader_language=in_reader_language)  # fmt: skip
