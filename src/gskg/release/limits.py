"""What `gskg diff` and `gskg patch` agree to read: files of a bounded size, and RDF/XML
whose DTD cannot make the parser expand entities without bound (billion laughs).

The shipped graph is ~3 MB of N-Triples and a diff of two of them peaks near 80 MB
(`/usr/bin/time gskg diff dist dist`); MAX_INPUT_BYTES leaves 40 times that room.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import GskgError

MAX_INPUT_BYTES = 128 * 1024 * 1024
MIB = 1024 * 1024

# A general entity with a literal value: the only declaration RDF/XML writers (Protégé,
# the OWL API) use, for namespace abbreviations such as <!ENTITY owl "http://…#">.
_ENTITY = re.compile(rb"""<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>""")
_NESTED = re.compile(rb"&(?!#)|%|<")  # a reference to another entity, or markup


class TooLarge(GskgError):
    """An input over the stated limits of diff and patch."""


def check_size(path: Path) -> None:
    """TooLarge when the file at `path` is over MAX_INPUT_BYTES."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader reports a missing or unreadable file in its own words
    if size > MAX_INPUT_BYTES:
        raise TooLarge(
            f"{path}: {size / MIB:.0f} MiB is over the limit of {MAX_INPUT_BYTES // MIB} MiB "
            "that gskg diff and patch read"
        )


def check_rdfxml(path: Path, data: bytes) -> None:
    """TooLarge when RDF/XML `data` declares entities that could expand without bound:
    an entity made of entities, a parameter or external entity.  Plain text entities
    (namespace abbreviations) pass, with their expansion counted against the limit.

    Every `<!ENTITY` of the file is checked where it stands, so no declaration can hide
    behind a `]>` inside an earlier one."""
    values: dict[bytes, bytes] = {}
    for at in re.finditer(rb"<!ENTITY", data):
        m = _ENTITY.match(data, at.start())
        value = m and (m.group(2) if m.group(2) is not None else m.group(3))
        if m is None or value is None or _NESTED.search(value):
            shown = data[at.start() : at.start() + 60].split(b"\n")[0].decode("utf-8", "replace")
            raise TooLarge(
                f"{path}: the DTD declares {shown!r}…; gskg reads RDF/XML whose entities are "
                "plain text (no entity made of entities, no parameter or external entity)"
            )
        values[m.group(1)] = value
    grown = len(data) + sum(
        data.count(b"&" + name + b";") * len(value) for name, value in values.items()
    )
    if grown > MAX_INPUT_BYTES:
        raise TooLarge(
            f"{path}: its entities expand to {grown / MIB:.0f} MiB, over the limit of "
            f"{MAX_INPUT_BYTES // MIB} MiB that gskg diff and patch read"
        )
