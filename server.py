"""Serve the Guangzhou–Shenzhen knowledge graph: `python server.py` (see --help).

The embedded default: the built graph (dist/gskg.nt) in an in-process Oxigraph store,
on http://127.0.0.1:5000/ — query page at /, SPARQL endpoint at /sparql.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

try:
    from gskg.web.settings import click_options
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    from gskg.web.settings import click_options

from gskg.errors import GskgError


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click_options
@click.option("--get", "get", metavar="PATH", help="Fetch PATH in-process, print it and exit.")
def main(get: str | None, **options: object) -> None:
    """Serve gskg: SPARQL endpoint, query page and resource pages.

    Every option can also be set by an environment variable (GSKG_<NAME>).
    Production: --workers 2 (gunicorn), or the gunicorn command of README's Deployment section.
    """
    from gskg.web.serve import serve

    try:
        sys.exit(serve(options, get=get))
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc


if __name__ == "__main__":
    main()
