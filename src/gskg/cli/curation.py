"""Curators' tools: curate (drafts from a new document), check (the graph's health)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import DATA, ONTOLOGY, SEEDS, writing


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--doc", help="Id of the document in sources.yaml (with FILE).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write (default review.yaml; with --html, the review file's name with .html).",
)
@click.option(
    "--html",
    "html_of",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the static review page of this review file.",
)
@click.option(
    "--apply",
    "apply_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the accepted proposals of this review file into data/.",
)
@click.option(
    "--serve",
    "serve_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Serve the review page of this review file on 127.0.0.1, with keyboard "
    "accept/reject written back to the file.",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="Port for --serve (0: a free one)."
)
@click.option("--curator", help="Who accepted the proposals (with --apply).")
@DATA
@ONTOLOGY
@SEEDS
def curate(
    file: Path | None,
    doc: str | None,
    output: Path | None,
    html_of: Path | None,
    apply_file: Path | None,
    serve_file: Path | None,
    port: int,
    curator: str | None,
    data_dir: Path,
    ontology_dir: Path,
    seeds_dir: Path,
) -> None:
    """Draft sourced records from a new document; review them; apply the accepted ones.

    `FILE --doc ID` writes a review file (every proposal `accept: false`);
    `--html REVIEW` writes its review page; `--serve REVIEW` serves it on 127.0.0.1 with
    keyboard accept/reject written back to the file; `--apply REVIEW --curator NAME` writes the
    accepted proposals into data/ (all or nothing, validated as `gskg validate` does).
    """
    from ..curate import curate_document
    from ..curate.apply import apply_review
    from ..curate.html import write_html

    if apply_file is not None:
        if not curator:
            raise click.UsageError("--apply needs --curator NAME")
        writing()
        done = apply_review(apply_file, data_dir, ontology_dir, curator, seeds_dir=seeds_dir)
        files = ", ".join(f"{n} → {name}" for name, n in sorted(done.records.items()))
        click.echo(f"wrote {sum(done.records.values())} records ({files or 'none'}) "
                   f"and {done.relations} relations of existing records")  # fmt: skip
    elif serve_file is not None:
        from ..curate.serve import serve

        serve(serve_file, port, echo=click.echo)
    elif html_of is not None:
        out = output or html_of.with_suffix(".html")
        count = write_html(html_of, out)
        click.echo(f"{count} proposals → {out}")
    else:
        if file is None or not doc:
            raise click.UsageError("give FILE --doc ID, or --html REVIEW, or --apply REVIEW")
        out = output or Path("review.yaml")
        done = curate_document(file, doc, data_dir, ontology_dir, out, seeds_dir=seeds_dir)
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(done.proposals.items()))
        click.echo(f"{done.sentences} sentences, {sum(done.proposals.values())} proposals "
                   f"({kinds}) → {out} (accept with `accept: true`, then --apply)")  # fmt: skip


@click.command("check")
@DATA
@ONTOLOGY
@SEEDS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default=None,
    help="Exit 2 when the report has an item this severe (or worse); for CI.",
)
@click.option(
    "--shapes/--no-shapes",
    default=True,
    show_default=True,
    help="Check the SHACL shapes on the built graph (a few seconds).",
)
def check(
    data_dir: Path, ontology_dir: Path, seeds_dir: Path, fmt: str, fail_on: str | None, shapes: bool
) -> None:
    """The graph's health by severity: every problem with its record, file and line.

    Quotes are checked against the documents in --seeds when that folder exists."""
    from ..quality import run_checks
    from ..quality.report import render

    report = run_checks(data_dir, ontology_dir, seeds_dir, shapes=shapes)
    click.echo(render(report, fmt), nl=False)
    if report.fails(fail_on):
        for item in report.at_least(fail_on):
            where = f"{item.where()}: " if item.where() else ""
            click.echo(f"{where}{item.record}: {item.message}", err=True)
        click.echo(f"gskg check: failing on {fail_on} ({report.summary()})", err=True)
        sys.exit(2)
