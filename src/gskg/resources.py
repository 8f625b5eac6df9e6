"""Where the files gskg ships with are found, the same in a checkout and in an installed wheel.

Everything the package reads at run time that a user does not choose is package data, found
with `importlib.resources`: the ontology modules and the SHACL shapes (`ontology_data/`, in
a checkout a link to the repository's `ontology/`, the one edited source, copied into the
wheel when it is built), the queries (`queries/`), templates and static files (`web/`).
Paths a user may change (the curated data, an edited ontology, the seeds) come from options.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_path(*parts: str) -> Path:
    """A file or folder of the installed package, as a path (gskg is installed unzipped)."""
    return Path(str(files("gskg").joinpath(*parts)))


def packaged_ontology() -> Path:
    """The folder of the ontology modules and shapes that this gskg was built with."""
    return package_path("ontology_data")


def packaged_queries() -> Path:
    """The example queries, the profile panels' and the Data Cube checks' SPARQL."""
    return package_path("queries")


def ontology_or_packaged(folder: Path | str | None) -> Path:
    """`folder` when given; else ./ontology when there is one, else the packaged ontology."""
    if folder is not None:
        return Path(folder)
    here = Path("ontology")
    return here if here.is_dir() else packaged_ontology()
