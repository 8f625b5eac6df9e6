"""Shared by the link tests: the fixture data and a Wikidata-shaped endpoint on loopback.

The endpoint is a real HTTP server in a subprocess: the gskg server itself
(`python server.py --data wikidata.ttl`), serving the hand-written Wikidata-shaped fixture.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import ROOT, Server, free_port, start_server, stop_server

from gskg.pipeline import build_dist

LINKS = ROOT / "tests" / "fixtures" / "links"
DATA = LINKS / "data"
WIKIDATA_TTL = LINKS / "wikidata.ttl"
GEONAMES_TTL = LINKS / "geonames-extract.ttl"
GEONAMES_GRAPH = "https://sws.geonames.org/"
# The checked identifiers beside the checkout (shared/links/); the copy in the fixtures (the
# same file, copied 2026-11-22) lets the suite run on a checkout without them.
SHARED_CSV = ROOT.parent / "shared" / "links" / "identifiers.csv"
IDENTIFIERS_CSV = SHARED_CSV if SHARED_CSV.exists() else LINKS / "identifiers.csv"


@contextmanager
def wikidata_endpoint(logs: Path) -> Iterator[str]:
    """The Wikidata-shaped fixture served on a loopback port; yields its /sparql URL."""
    port = free_port()
    cmd = [sys.executable, "server.py", "--port", str(port), "--data", str(WIKIDATA_TTL)]
    server = start_server(cmd, {}, port, logs / f"wikidata-{port}.log")
    try:
        yield server.url + "/sparql"
    finally:
        stop_server(server.proc)


@contextmanager
def gskg_server(logs: Path, nt: Path, *options: str) -> Iterator[Server]:
    """`python server.py` serving the build `nt` with extra command-line `options`."""
    port = free_port()
    cmd = [sys.executable, "server.py", "--port", str(port), "--data", str(nt), *options]
    server = start_server(cmd, {}, port, logs / f"gskg-{port}.log")
    try:
        yield server
    finally:
        stop_server(server.proc)


def build(data: Path, out: Path) -> Path:
    """Build `data` into `out` (as `gskg build` does); returns the N-Triples file."""
    build_dist(data, ROOT / "ontology", out)
    return out / "gskg.nt"
