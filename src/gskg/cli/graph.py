"""Build, check and read the graph: build, validate, export, stats, query, docs, verify-sources."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..errors import ValidationFailed
from .common import DATA, DIST, ENDPOINT, ONTOLOGY, SEEDS, progress, writing


@click.command()
@DATA
@ONTOLOGY
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="dist",
    show_default=True,
    help="Where to write the exports.",
)
@ENDPOINT
def build(data_dir: Path, ontology_dir: Path, out_dir: Path, endpoint: str) -> None:
    """Validate the data and write every export to dist/ (atomically)."""
    from ..pipeline import build_dist
    from ..web.catalogfile import write_catalog

    writing()
    # With the exports, the serving index (catalog and search index): servers open it
    # instead of each building it from the store (web/catalogfile.py).
    result = build_dist(data_dir, ontology_dir, out_dir, track=progress, endpoint=endpoint,
                        also=write_catalog)  # fmt: skip
    click.echo(
        f"built {result.triples} triples from {result.records} records "
        f"in {result.seconds:.2f} s → {out_dir}/ ({', '.join(sorted(result.files))})"
    )


@click.command()
@DATA
@ONTOLOGY
@click.option(
    "--reason/--no-reason",
    default=True,
    show_default=True,
    help="Run the HermiT reasoner (consistency, unsatisfiable classes).",
)
@click.option(
    "--shapes/--no-shapes",
    default=True,
    show_default=True,
    help="Check the SHACL shapes of ontology/shapes.ttl.",
)
def validate(data_dir: Path, ontology_dir: Path, reason: bool, shapes: bool) -> None:
    """Check the data: fact format, references, types, shapes and OWL consistency."""
    from ..checks import check_compiled
    from ..pipeline import compile_graph

    start = time.perf_counter()
    compiled = compile_graph(data_dir, ontology_dir)
    lines = compiled.all_lines()
    problems = check_compiled(lines, ontology_dir=ontology_dir, reason=reason, shapes=shapes)
    if problems:
        raise ValidationFailed(problems)
    checks = ["format"] + (["shapes"] if shapes else []) + (["HermiT"] if reason else [])
    click.echo(
        f"valid: {len(compiled.records)} records, {len(lines)} triples "
        f"({', '.join(checks)}) in {time.perf_counter() - start:.1f} s"
    )


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "owl", "jsonld", "nt"]),
    default="ttl",
    show_default=True,
    help="Export format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@DIST
def export(fmt: str, output: Path | None, dist_dir: Path) -> None:
    """Write the built graph (ontology + facts) in one format."""
    source = dist_dir / f"gskg.{fmt}"
    if not source.is_file():
        raise click.ClickException(f"{source} not found: run `gskg build` first")
    data = source.read_bytes()
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        click.echo(f"wrote {len(data)} bytes to {output}", err=True)


@click.command()
@DIST
def stats(dist_dir: Path) -> None:
    """Counts of the built graph: per class and per source document."""
    from ..linking.stats import graph_stats

    report = graph_stats(dist_dir / "gskg.nt")
    click.echo(report)


@click.command()
@click.argument("query")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
)
@DIST
def query(query: str, fmt: str, dist_dir: Path) -> None:
    """Run a SPARQL query (a string, or the path of a .rq file) on the built graph."""
    from ..sparql.query import run_cli_query

    path = Path(query)
    text = path.read_text(encoding="utf-8") if path.suffix == ".rq" and path.is_file() else query
    click.echo(run_cli_query(dist_dir / "gskg.nt", text, fmt), nl=False)


@click.command()
@DIST
@click.option(
    "--readme",
    type=click.Path(dir_okay=False, path_type=Path),
    default="README.md",
    show_default=True,
    help="README whose class diagram (between the diagram markers) is regenerated.",
)
def docs(dist_dir: Path, readme: Path) -> None:
    """Generate the ontology's HTML documentation (pyLODE) and the README class diagram."""
    from ..docs import build_docs

    written = build_docs(dist_dir, readme)
    click.echo(f"wrote {', '.join(str(p) for p in written)}")


@click.command("verify-sources")
@DATA
@SEEDS
def verify_sources(data_dir: Path, seeds_dir: Path) -> None:
    """Check that every quote occurs verbatim (whitespace aside) in the document it cites
    (documents in --seeds, then in corpus/ beside the data folder)."""
    from ..checks.sources import verify_quotes
    from ..documents import CORPUS
    from ..pipeline.load import load_data

    records, problems = load_data(data_dir)
    if problems:
        raise ValidationFailed(problems)
    checked, missing = verify_quotes(records, seeds_dir, data_dir.parent / CORPUS)
    for problem in missing:
        click.echo(str(problem), err=True)
    if missing:
        click.echo(f"{len(missing)} of {checked} quotes not found in their documents", err=True)
        sys.exit(1)
    click.echo(f"all {checked} quotes found in their documents")
