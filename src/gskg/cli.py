"""The `gskg` command: each subcommand reads its options and calls one library function.

Exit status: 0 success, 1 an error (message on stderr), 2 the data does not validate
(every problem on stderr, one per line, nothing written).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

import click

from . import DEFAULT_ENDPOINT, __version__
from .errors import GskgError, ValidationFailed
from .web.settings import click_options

T = TypeVar("T")

DATA = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="data",
    show_default=True,
    help="Folder of curated YAML files.",
)
ONTOLOGY = click.option(
    "--ontology",
    "ontology_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="ontology",
    show_default=True,
    help="Folder of the ontology modules.",
)
DIST = click.option(
    "--dist",
    "dist_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="dist",
    show_default=True,
    help="Folder of the built graph.",
)


def _progress(items: Iterable[T], label: str) -> Iterable[T]:
    """A progress bar on stderr for long work (large builds); silent for small ones."""
    items = list(items)
    if len(items) < 5000:
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar


def _fail_validation(exc: ValidationFailed, *, writing: bool = False) -> None:
    """Every problem on stderr, one per line, then exit 2."""
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    outcome = "; nothing was written." if writing else "."
    click.echo(f"gskg: {len(exc.problems)} problem(s){outcome}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gskg")
def main() -> None:
    """gskg — the Guangzhou–Shenzhen knowledge graph: build, check, query and serve it."""


@main.command()
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
@click.option(
    "--endpoint",
    default=DEFAULT_ENDPOINT,
    show_default=True,
    envvar="GSKG_ENDPOINT",
    show_envvar=True,
    help="The public SPARQL endpoint void.ttl names (the server names its own address).",
)
def build(data_dir: Path, ontology_dir: Path, out_dir: Path, endpoint: str) -> None:
    """Validate the data and write every export to dist/ (atomically)."""
    from .pipeline import build_dist

    try:
        result = build_dist(data_dir, ontology_dir, out_dir, track=_progress, endpoint=endpoint)
    except ValidationFailed as exc:
        _fail_validation(exc, writing=True)
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(
        f"built {result.triples} triples from {result.records} records "
        f"in {result.seconds:.2f} s → {out_dir}/ ({', '.join(sorted(result.files))})"
    )


@main.command()
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
    from .checks import check_compiled
    from .pipeline import compile_graph

    start = time.perf_counter()
    try:
        compiled = compile_graph(data_dir, ontology_dir)
        lines = compiled.all_lines()
        problems = check_compiled(lines, reason=reason, shapes=shapes)
    except ValidationFailed as exc:
        _fail_validation(exc)
    if problems:
        _fail_validation(ValidationFailed(problems))
    checks = ["format"] + (["shapes"] if shapes else []) + (["HermiT"] if reason else [])
    click.echo(
        f"valid: {len(compiled.records)} records, {len(lines)} triples "
        f"({', '.join(checks)}) in {time.perf_counter() - start:.1f} s"
    )


@main.command()
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


@main.command()
@DIST
def stats(dist_dir: Path) -> None:
    """Counts of the built graph: per class and per source document."""
    from .stats import graph_stats

    try:
        report = graph_stats(dist_dir / "gskg.nt")
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(report)


@main.command()
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
    from .links import check_identifiers, link_report, render_report

    try:
        report = link_report(dist_dir / "gskg.nt")
        if classes:
            report = [c for c in report if c.cls in classes]
        click.echo(render_report(report, missing, lacking), nl=False)
        if csv_path is None:
            return
        applied, problems = check_identifiers(dist_dir / "gskg.nt", csv_path)
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(
        f"\n{csv_path}: {applied} rows match entities of the graph, {len(problems)} problem(s)"
    )
    if problems:
        sys.exit(1)


@main.command()
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
    from .ontology import load_ontology
    from .reconcile import find_candidates, write_review
    from .reconcile_apply import apply_review

    try:
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
    except ValidationFailed as exc:
        _fail_validation(exc)
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(
        f"{len(review['entities'])} {cls} entities without a Wikidata id, "
        f"{found} candidates → {out} (accept with `accept: true`, then --apply)"
    )


@main.command()
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
@click.option("--curator", help="Who accepted the proposals (with --apply).")
@DATA
@ONTOLOGY
def curate(
    file: Path | None,
    doc: str | None,
    output: Path | None,
    html_of: Path | None,
    apply_file: Path | None,
    curator: str | None,
    data_dir: Path,
    ontology_dir: Path,
) -> None:
    """Draft sourced records from a new document; review them; apply the accepted ones.

    `FILE --doc ID` writes a review file (every proposal `accept: false`);
    `--html REVIEW` writes its review page; `--apply REVIEW --curator NAME` writes the
    accepted proposals into data/ (all or nothing, validated as `gskg validate` does).
    """
    from .curate import curate_document
    from .curate.apply import apply_review
    from .curate.html import write_html

    try:
        if apply_file is not None:
            if not curator:
                raise click.UsageError("--apply needs --curator NAME")
            done = apply_review(apply_file, data_dir, ontology_dir, curator)
            files = ", ".join(f"{n} → {name}" for name, n in sorted(done.records.items()))
            click.echo(f"wrote {sum(done.records.values())} records ({files or 'none'}) "
                       f"and {done.relations} relations of existing records")  # fmt: skip
        elif html_of is not None:
            out = output or html_of.with_suffix(".html")
            count = write_html(html_of, out)
            click.echo(f"{count} proposals → {out}")
        else:
            if file is None or not doc:
                raise click.UsageError("give FILE --doc ID, or --html REVIEW, or --apply REVIEW")
            out = output or Path("review.yaml")
            done = curate_document(file, doc, data_dir, ontology_dir, out)
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(done.proposals.items()))
            click.echo(f"{done.sentences} sentences, {sum(done.proposals.values())} proposals "
                       f"({kinds}) → {out} (accept with `accept: true`, then --apply)")  # fmt: skip
    except ValidationFailed as exc:
        _fail_validation(exc, writing=apply_file is not None)
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc


@main.command()
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
    from .query import run_cli_query

    path = Path(query)
    text = path.read_text(encoding="utf-8") if path.suffix == ".rq" and path.is_file() else query
    try:
        click.echo(run_cli_query(dist_dir / "gskg.nt", text, fmt), nl=False)
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc


@main.command()
@click_options
@click.option("--get", "get", metavar="PATH", help="Fetch PATH in-process (no server), print it.")
def serve(get: str | None, **options: object) -> None:
    """Serve the SPARQL endpoint, query page and resource pages (options: also GSKG_* env).

    Production: --workers 2 (gunicorn), or the gunicorn command of README's Deployment section.
    """
    from .web.serve import serve as run_serve

    try:
        status = run_serve(options, get=get)
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc
    if status:
        sys.exit(status)


@main.command()
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
    default="https://w3id.org/gskg/graph",
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
    from .remote import push as push_graph

    nt = dist_dir / "gskg.nt"
    if not nt.is_file():
        raise click.ClickException(f"{nt} not found: run `gskg build` first")
    auth = (user, password or "") if user else None
    total = nt.stat().st_size * (1 if update_url else 2)
    try:
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
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(
        f"pushed {result.triples} triples to <{result.graph}> in {result.seconds:.1f} s "
        f"(verified, swapped by {result.swap})"
    )


@main.command()
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
    from .docs import build_docs

    try:
        written = build_docs(dist_dir, readme)
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"wrote {', '.join(str(p) for p in written)}")


@main.command("verify-sources")
@DATA
@click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="../shared/seeds",
    show_default=True,
    help="Folder of the source documents.",
)
def verify_sources(data_dir: Path, seeds_dir: Path) -> None:
    """Check that every quote occurs verbatim (whitespace aside) in the document it cites."""
    from .load import load_data
    from .sources import verify_quotes

    records, problems = load_data(data_dir)
    if problems:
        _fail_validation(ValidationFailed(problems))
    checked, missing = verify_quotes(records, seeds_dir)
    for problem in missing:
        click.echo(str(problem), err=True)
    if missing:
        click.echo(f"{len(missing)} of {checked} quotes not found in their documents", err=True)
        sys.exit(1)
    click.echo(f"all {checked} quotes found in their documents")


@main.command("check")
@DATA
@ONTOLOGY
@click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="../shared/seeds",
    show_default=True,
    help="Folder of the source documents (quotes are checked when it exists).",
)
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
    """The graph's health by severity: every problem with its record, file and line."""
    from .quality import run_checks
    from .quality.report import render

    try:
        report = run_checks(data_dir, ontology_dir, seeds_dir, shapes=shapes)
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(render(report, fmt), nl=False)
    if report.fails(fail_on):
        for item in report.at_least(fail_on):
            where = f"{item.where()}: " if item.where() else ""
            click.echo(f"{where}{item.record}: {item.message}", err=True)
        click.echo(f"gskg check: failing on {fail_on} ({report.summary()})", err=True)
        sys.exit(2)


RELEASES = click.option(
    "--releases",
    "releases_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="releases",
    show_default=True,
    envvar="GSKG_RELEASES",
    show_envvar=True,
    help="Folder of the releases.",
)


@main.command()
@click.argument("version")
@DATA
@ONTOLOGY
@RELEASES
@click.option(
    "--changelog",
    type=click.Path(dir_okay=False, path_type=Path),
    default="CHANGELOG.md",
    show_default=True,
    help="Changelog that gains the release's notes.",
)
@click.option(
    "--date",
    envvar="GSKG_RELEASE_DATE",
    show_envvar=True,
    help="Issue date, YYYY-MM-DD  [default: today (UTC)]",
)
@click.option(
    "--endpoint",
    default=DEFAULT_ENDPOINT,
    show_default=True,
    envvar="GSKG_ENDPOINT",
    show_envvar=True,
    help="The public SPARQL endpoint void.ttl names.",
)
@click.option(
    "--check/--no-check",
    default=True,
    show_default=True,
    help="Also check the SHACL shapes and run HermiT before releasing (as `gskg validate`).",
)
def release(
    version: str,
    data_dir: Path,
    ontology_dir: Path,
    releases_dir: Path,
    changelog: Path,
    date: str | None,
    endpoint: str,
    check: bool,
) -> None:
    """Build the data and write the release VERSION (e.g. 2026.12.0) to releases/VERSION/."""
    from .release import make_release

    try:
        result = make_release(version, data_dir, ontology_dir, releases_dir,
                              changelog=changelog, date=date, endpoint=endpoint, check=check,
                              track=_progress)  # fmt: skip
    except ValidationFailed as exc:
        _fail_validation(exc, writing=True)
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc
    after = f" (after {result.previous})" if result.previous else ""
    click.echo(
        f"released {result.version}{after}: {result.triples} triples, "
        f"{len(result.files)} files → {result.folder}/; {result.notes['en']}"
    )


@main.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "patch"]),
    default="md",
    show_default=True,
    help="md: release notes; json; patch: RDF Patch (A/D lines).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")  # fmt: skip
@RELEASES
def diff_command(old: str, new: str, fmt: str, output: Path | None, releases_dir: Path) -> None:
    """What changed from OLD to NEW, per record (builds, release folders or versions, files)."""
    from .release.compare import compare

    try:
        body = compare(old, new, fmt, releases_dir)
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc
    if output is None:
        click.echo(body, nl=False)
        return
    try:
        output.write_text(body, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write: {exc.strerror or exc}") from exc
    click.echo(f"wrote {output}", err=True)


@main.command("patch")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("patch_file", metavar="PATCH", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the patched graph (N-Triples, .nt).")  # fmt: skip
def patch_command(old: Path, patch_file: Path, output: Path) -> None:
    """Apply an RDF Patch (from `gskg diff --format patch`) to OLD; write the result."""
    from .release import write_patched

    try:
        count = write_patched(old, patch_file, output)
    except GskgError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"patched {old}: {count} triples → {output}")


if __name__ == "__main__":  # pragma: no cover
    main()
