"""A small SPARQL lexer: what a request asks for, decided before the engine sees it.

The engine (pyoxigraph) executes `SERVICE` calls itself, so the endpoint must find every
`SERVICE` keyword first; it also needs the query form (to negotiate the response format),
whether the query names its own dataset (`FROM`), and how deeply it nests.  A regex over
the raw text would be fooled by strings, IRIs, comments and prefixed names; this module
tokenises the query the way the SPARQL grammar does (after the `\\u` escapes, which SPARQL
expands before parsing) and only then looks at keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import BadQuery, Forbidden

MAX_DEPTH = 200

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w.\-:%]|\\.)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<number>\d[\w.]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_WORDS = {
    "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH",
}  # fmt: skip


@dataclass(frozen=True)
class Scan:
    """What the lexer found in a request string."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, UPDATE or None (unrecognised)
    has_dataset: bool  # the query has FROM / FROM NAMED
    services: tuple[str | None, ...]  # endpoint IRIs of SERVICE clauses (None: a variable)
    depth: int  # deepest nesting of (), {}, [] and unary operators


def _tokens(text: str) -> list[tuple[str, str]]:
    return [
        (m.lastgroup or "other", m.group())
        for m in _TOKEN.finditer(text)
        if m.lastgroup not in ("ws", "comment")
    ]


def expand_escapes(text: str) -> str:
    """Expand `\\uXXXX` / `\\UXXXXXXXX` escapes as SPARQL does before parsing."""

    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group()

    return _ESCAPE.sub(one, text)


def _resolve(kind: str, value: str, prefixes: dict[str, str], base: str) -> str | None:
    if kind == "iri":
        return base + value[1:-1] if base and ":" not in value else value[1:-1]
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
        return value
    return None


def scan(text: str) -> Scan:
    """Tokenise `text` and report its form, dataset clause, SERVICE endpoints and depth."""
    toks = _tokens(expand_escapes(text))
    prefixes: dict[str, str] = {}
    base = ""
    i = 0
    # Prologue: BASE <iri> and PREFIX p: <iri>, in any order.
    while i < len(toks):
        word = toks[i][1].upper() if toks[i][0] == "word" else ""
        if word == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = toks[i + 1][1][1:-1]
            i += 2
        elif word == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
            i += 3
        else:
            break
    form = None
    if i < len(toks) and toks[i][0] == "word":
        first = toks[i][1].upper()
        form = first if first in QUERY_FORMS else "UPDATE" if first in UPDATE_WORDS else None
    services: list[str | None] = []
    has_dataset = False
    depth = deepest = run = 0
    for j, (kind, value) in enumerate(toks):
        # A run of unary operators (`!!!!x`, `- - -1`) nests like brackets in the parser.
        run = run + 1 if kind == "other" and value in "!-+" else 0
        deepest = max(deepest, depth + run)
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth -= 1
        elif kind == "word":
            upper = value.upper()
            if upper == "FROM":
                has_dataset = True
            elif upper == "SERVICE":
                k = j + 1
                if k < len(toks) and toks[k][0] == "word" and toks[k][1].upper() == "SILENT":
                    k += 1
                target = toks[k] if k < len(toks) else ("other", "")
                services.append(_resolve(target[0], target[1], prefixes, base))
    return Scan(form=form, has_dataset=has_dataset, services=tuple(services), depth=deepest)


def allowed_service(endpoint: str | None, allowlist: tuple[str, ...]) -> bool:
    """Is `endpoint` on the operator's allowlist (exact IRIs; a trailing `*` is a prefix)?"""
    if endpoint is None:
        return False
    for entry in allowlist:
        if entry.endswith("*") and endpoint.startswith(entry[:-1]):
            return True
        if endpoint == entry:
            return True
    return False


def check(text: str, allowlist: tuple[str, ...] = ()) -> Scan:
    """Scan a query and refuse what must never reach the engine (raises `BadQuery`/`Forbidden`)."""
    info = scan(text)
    if info.depth > MAX_DEPTH:
        raise BadQuery(f"the query nests more than {MAX_DEPTH} levels deep")
    if info.form == "UPDATE":
        raise Forbidden(READ_ONLY)
    for endpoint in info.services:
        if not allowed_service(endpoint, allowlist):
            what = "a variable" if endpoint is None else f"<{endpoint}>"
            raise Forbidden(
                f"SERVICE {what} refused: federated queries may only call endpoints the "
                "operator allows (--allow-service); this server allows "
                + (", ".join(allowlist) if allowlist else "none")
            )
    return info


READ_ONLY = (
    "This endpoint is read-only: SPARQL Update, LOAD and graph writes are refused. "
    "The graph is built from the YAML files in data/ (its single source of truth): "
    "edit them and run `gskg build` to change it."
)
