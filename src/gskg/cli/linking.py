"""Links to other graphs: links, reconcile."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import DATA, DIST, ONTOLOGY


@click.command()
@DIST
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also check the graph against this identifier table (../shared/links/identifiers.csv).",
)
@click.option(
    "--missing/--no-missing",
    default=True,
    show_default=True,
    help="List the entities without an identifier of the --lacking kind.",
)
@click.option(
    "--lacking",
    type=click.Choice(["wikidata", "geonames", "ror"]),
    default="wikidata",
    show_default=True,
    help="Which kind of identifier --missing lists the entities without.",
)
@click.option("--class", "classes", multiple=True, help="Only this class (repeatable).")
def links(
    dist_dir: Path, csv_path: Path | None, missing: bool, lacking: str, classes: tuple[str, ...]
) -> None:
    """External identifiers (Wikidata, GeoNames, ROR) per class, and who lacks them."""
    from ..linking.links import check_identifiers, link_report, render_report

    report = link_report(dist_dir / "gskg.nt")
    if classes:
        report = [c for c in report if c.cls in classes]
    click.echo(render_report(report, missing, lacking), nl=False)
    if csv_path is None:
        return
    applied, problems = check_identifiers(dist_dir / "gskg.nt", csv_path)
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(
        f"\n{csv_path}: {applied} rows match entities of the graph, {len(problems)} problem(s)"
    )
    if problems:
        sys.exit(1)


@click.command()
@DATA
@ONTOLOGY
@click.option(
    "--endpoint",
    default="https://query.wikidata.org/sparql",
    show_default=True,
    help="SPARQL endpoint to look for candidates in.",
)
@click.option("--class", "cls", help="Reconcile the entities of this class (e.g. City).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default="review.yaml",
    show_default=True,
    help="Where to write the review file.",
)
@click.option("--limit", type=int, default=5, show_default=True, help="Candidates kept per entity.")
@click.option(
    "--apply",
    "apply_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the accepted candidates of this review file into data/.",
)
@click.option("--curator", help="Who accepted the candidates (with --apply).")
def reconcile(
    data_dir: Path,
    ontology_dir: Path,
    endpoint: str,
    cls: str | None,
    out: Path,
    limit: int,
    apply_file: Path | None,
    curator: str | None,
) -> None:
    """Find Wikidata candidates for entities without one; apply the accepted ones.

    `--class City` writes a review file of ranked candidates (all `accept: false`);
    `--apply FILE --curator NAME` writes the candidates accepted in FILE into data/.
    """
    from ..linking.reconcile import find_candidates, write_review
    from ..linking.reconcile_apply import apply_review
    from ..ontology import load_ontology

    if apply_file is not None:
        if not curator:
            raise click.UsageError("--apply needs --curator NAME")
        for link in apply_review(apply_file, data_dir, curator):
            click.echo(f"{link.id}: ids: {{wikidata: {link.qid}}} → {link.file}")
        return
    if not cls:
        raise click.UsageError("give --class CLASS (to find) or --apply FILE (to apply)")
    onto = load_ontology(ontology_dir)
    if cls not in onto.classes:
        raise click.UsageError(f"unknown class {cls!r}")
    review = find_candidates(endpoint, data_dir, cls, onto, limit)
    found = write_review(review, out)
    click.echo(
        f"{len(review['entities'])} {cls} entities without a Wikidata id, "
        f"{found} candidates → {out} (accept with `accept: true`, then --apply)"
    )
