"""`python -m gskg.cli`: the `gskg` command."""

from . import main

main()
