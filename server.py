"""Serve the Guangzhou–Shenzhen knowledge graph: `python server.py` is `gskg serve`.

The embedded default: the built graph (dist/gskg.nt) in an in-process Oxigraph store,
on http://127.0.0.1:5000/ — query page at /, SPARQL endpoint at /sparql.  Every option of
`gskg serve --help` applies (and its GSKG_* environment variables).
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from gskg.cli import main
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    from gskg.cli import main

if __name__ == "__main__":
    main(["serve", *sys.argv[1:]], prog_name="server.py")
