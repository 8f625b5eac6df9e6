"""Releases and changes: release, diff, patch."""

from __future__ import annotations

from pathlib import Path

import click

from .common import DATA, ENDPOINT, ONTOLOGY, progress, writing

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


@click.command()
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
@ENDPOINT
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
    from ..release import make_release

    writing()
    result = make_release(version, data_dir, ontology_dir, releases_dir,
                          changelog=changelog, date=date, endpoint=endpoint, check=check,
                          track=progress)  # fmt: skip
    after = f" (after {result.previous})" if result.previous else ""
    click.echo(
        f"released {result.version}{after}: {result.triples} triples, "
        f"{len(result.files)} files → {result.folder}/; {result.notes['en']}"
    )


@click.command("diff")
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
    from ..release.compare import compare

    body = compare(old, new, fmt, releases_dir)
    if output is None:
        click.echo(body, nl=False)
        return
    try:
        output.write_text(body, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write: {exc.strerror or exc}") from exc
    click.echo(f"wrote {output}", err=True)


@click.command("patch")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("patch_file", metavar="PATCH", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the patched graph (N-Triples, .nt).")  # fmt: skip
def patch_command(old: Path, patch_file: Path, output: Path) -> None:
    """Apply an RDF Patch (from `gskg diff --format patch`) to OLD; write the result."""
    from ..release import write_patched

    count = write_patched(old, patch_file, output)
    click.echo(f"patched {old}: {count} triples → {output}")
