"""Options and helpers that every command module shares."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

import click

from .. import DEFAULT_ENDPOINT
from ..errors import ValidationFailed
from ..resources import ontology_or_packaged

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
    default=None,
    callback=lambda _ctx, _param, value: ontology_or_packaged(value),
    help="Folder of the ontology modules and shapes.ttl "
    "[default: ontology, else the ontology packaged with gskg].",
)
SEEDS = click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="../shared/seeds",
    show_default=True,
    help="Folder of the source documents (the texts the quotes come from).",
)
ENDPOINT = click.option(
    "--endpoint",
    default=DEFAULT_ENDPOINT,
    show_default=True,
    envvar="GSKG_ENDPOINT",
    show_envvar=True,
    help="The public SPARQL endpoint void.ttl names (the server names its own address).",
)
DIST = click.option(
    "--dist",
    "dist_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="dist",
    show_default=True,
    help="Folder of the built graph.",
)


def progress(items: Iterable[T], label: str) -> Iterable[T]:
    """A progress bar on stderr for long work (large builds); silent for small ones."""
    items = list(items)
    if len(items) < 5000:
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar


#: `ctx.meta` key: the running command writes files (a refusal then says nothing was).
WRITING = "gskg.writing"


def writing() -> None:
    """Mark the running command as one that writes (see `report_problems`)."""
    click.get_current_context().meta[WRITING] = True


def report_problems(exc: ValidationFailed, *, writing: bool = False) -> None:
    """Every problem on stderr, one per line, then the one-line summary."""
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    outcome = "; nothing was written." if writing else "."
    click.echo(f"gskg: {len(exc.problems)} problem(s){outcome}", err=True)
