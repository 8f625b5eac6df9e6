"""The `gskg` command: each subcommand reads its options and calls one library function.

Exit status: 0 success, 1 an error (message on stderr), 2 the data does not validate
(every problem on stderr, one per line, nothing written).  Subcommands raise `GskgError`;
the group alone turns it into the message and the exit status.
"""

from __future__ import annotations

from typing import Any

import click

from .. import __version__
from ..errors import GskgError, ValidationFailed
from . import curation, graph, linking, releases, serving
from .common import WRITING, report_problems


class Group(click.Group):
    """The `gskg` group: errors of every subcommand end here, as one line and a status."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; `ValidationFailed` exits 2 with every problem, `GskgError` 1."""
        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            report_problems(exc, writing=ctx.meta.get(WRITING, False))
            ctx.exit(2)
        except GskgError as exc:
            raise click.ClickException(exc.message) from exc


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gskg")
def main() -> None:
    """gskg — the Guangzhou–Shenzhen knowledge graph: build, check, query and serve it."""


# Each module of this package holds the commands of one area; all are subcommands of `gskg`.
for _module in (graph, serving, linking, curation, releases):
    for _command in vars(_module).values():
        if isinstance(_command, click.Command):
            main.add_command(_command)
