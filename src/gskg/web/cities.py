"""The city of a resource, defined once for every view (catalog, browse, compare, search,
timeline, network): each `gskg:City` reachable from the resource along CITY_PATH, zero or
more steps — itself, what it lies in or is part of, the area an observation counts, where
something was signed or held, its parties, issuers and founders, and so on transitively.
"""

from __future__ import annotations

from ..namespaces import GSKG

CITY_PATH = ("locatedIn", "partOf", "refArea", "signedAt", "heldAt", "hasParty", "issuedBy",
             "foundedBy")  # fmt: skip
CITY_CLASS = f"{GSKG}City"


def city_of(subject: str, city: str) -> str:
    """A SPARQL pattern binding `city` to each city of `subject` (full IRIs, no prefix)."""
    path = "|".join(f"<{GSKG}{p}>" for p in CITY_PATH)
    return f"{subject} ({path})* {city} . {city} a <{CITY_CLASS}> ."
