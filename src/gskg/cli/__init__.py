"""The `gskg` command: each subcommand reads its options and calls one library function.

Exit status: 0 success, 1 an error (message on stderr), 2 the data does not validate
(every problem on stderr, one per line, nothing written).
"""

from __future__ import annotations

import click

from .. import __version__
from . import curation, graph, linking, releases, serving


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gskg")
def main() -> None:
    """gskg — the Guangzhou–Shenzhen knowledge graph: build, check, query and serve it."""


# Each module of this package holds the commands of one area; all are subcommands of `gskg`.
for _module in (graph, serving, linking, curation, releases):
    for _command in vars(_module).values():
        if isinstance(_command, click.Command):
            main.add_command(_command)
