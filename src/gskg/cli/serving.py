"""Serve the graph, or push it to a remote store: serve, push."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..namespaces import GRAPH
from ..web.settings import click_options
from .common import DIST


@click.command()
@click_options
@click.option("--get", "get", metavar="PATH", help="Fetch PATH in-process (no server), print it.")
def serve(get: str | None, **options: object) -> None:
    """Serve the SPARQL endpoint, query page and resource pages (options: also GSKG_* env).

    Production: --workers 2 (gunicorn), or the gunicorn command of README's Deployment section.
    """
    from ..web.serve import serve as run_serve

    status = run_serve(options, get=get)
    if status:
        sys.exit(status)


@click.command()
@DIST
@click.option(
    "--graph-store",
    required=True,
    envvar="GSKG_GRAPH_STORE",
    help="SPARQL 1.1 Graph Store endpoint, e.g. "
    "http://host:8890/sparql-graph-crud-auth (Virtuoso), http://host:3030/ds/data.",
)
@click.option(
    "--graph",
    "graph_iri",
    default=GRAPH,
    show_default=True,
    help="The graph to replace.",
)
@click.option(
    "--update",
    "update_url",
    envvar="GSKG_SPARQL_UPDATE",
    help="SPARQL Update endpoint: swap in one MOVE (else a second PUT of the file).",
)
@click.option(
    "--query",
    "query_url",
    envvar="GSKG_SPARQL_QUERY",
    help="SPARQL query endpoint to count the uploaded triples (else a Graph Store GET).",
)
@click.option("--user", envvar="GSKG_STORE_USER", help="User name (Basic or Digest auth).")
@click.option("--password", envvar="GSKG_STORE_PASSWORD", help="Password (better: the env var).")
def push(
    dist_dir: Path,
    graph_store: str,
    graph_iri: str,
    update_url: str | None,
    query_url: str | None,
    user: str | None,
    password: str | None,
) -> None:
    """Upload the build to a remote triple store: new graph, verify its count, then swap."""
    from ..sparql.remote import push as push_graph

    nt = dist_dir / "gskg.nt"
    if not nt.is_file():
        raise click.ClickException(f"{nt} not found: run `gskg build` first")
    auth = (user, password or "") if user else None
    total = nt.stat().st_size * (1 if update_url else 2)
    with click.progressbar(length=total, label="uploading", file=sys.stderr) as bar:
        result = push_graph(
            nt,
            graph_store,
            graph_iri,
            auth,
            update_url=update_url,
            query_url=query_url,
            progress=bar.update,
        )
    click.echo(
        f"pushed {result.triples} triples to <{result.graph}> in {result.seconds:.1f} s "
        f"(verified, swapped by {result.swap})"
    )
