"""N-Triples terms, the form every statement of the build takes (`"<s> <p> <o> .\n"`).

Shared by the build (pipeline/build.py), its VoID (pipeline/void.py) and the release
stamps (release/stamp.py).
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from .namespaces import GSKG, RDF, RDFS, RES, XSD

Triple = tuple[str, str, str]


def line(s: str, p: str, o: str) -> str:
    """One N-Triples statement."""
    return f"{s} {p} {o} .\n"


def iri(value: str) -> str:
    """An IRI term; raises ValueError when `value` is not a valid IRI."""
    return str(ox.NamedNode(value))


def text(value: str, lang: str | None = None) -> str:
    """A plain (xsd:string) or language-tagged literal term."""
    return str(ox.Literal(value, language=lang)) if lang else str(ox.Literal(value))


def typed(value: str, datatype: str) -> str:
    """A literal term of an XSD datatype given by local name."""
    return str(ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)))


@cache
def g(local: str) -> str:
    """An ontology term."""
    return f"<{GSKG}{local}>"


def res(slug: str) -> str:
    """A resource of the graph."""
    return f"<{RES}{slug}>"


A = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"
