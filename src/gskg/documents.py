"""Where the source documents live, and what a SourceDocument's `file` may name.

A document is a file in the seeds folder (../shared/seeds, `--seeds`) or in `corpus/`
beside the data folder.  Its `file` in sources.yaml is a name relative to those folders:
never absolute, never with `..`, never resolving (through a symlink) outside them, so a
record cannot make a tool read /etc/passwd or a review cite a file we do not hold.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath

CORPUS = "corpus"  # beside data/: new documents join here, each described in sources.yaml
_SPACE = re.compile(r"\s+")


def file_problem(value: object) -> str | None:
    """Why `value` cannot be a SourceDocument's `file` (None when it can)."""
    if not isinstance(value, str) or not value.strip():
        return "expected a file name relative to the documents folder"
    if "\\" in value or any(ord(c) < 32 for c in value):
        return f"{value!r}: expected a plain relative path (no backslash or control character)"
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).drive:
        return f"{value!r}: an absolute path; expected a name inside the documents folder"
    if ".." in PurePosixPath(value).parts:
        return f"{value!r}: '..' leaves the documents folder; expected a name inside it"
    return None


def folders(seeds_dir: Path | None, data_dir: Path) -> list[Path]:
    """The folders documents are looked up in, in order: the seeds, then corpus/."""
    return [f for f in (seeds_dir, data_dir.parent / CORPUS) if f is not None]


def locate(name: object, where: list[Path]) -> Path | None:
    """The document file `name` names, inside one of the folders `where` (None if none)."""
    if file_problem(name) is not None:
        return None
    for folder in where:
        root = folder.resolve()
        path = (folder / str(name)).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


def same_bytes(a: Path, b: Path) -> bool:
    """Do the two files hold the same bytes?  (Read only when their sizes agree.)"""
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def squash(text: str) -> str:
    """`text` without whitespace: quotes are compared so (captured pages wrap lines)."""
    return _SPACE.sub("", text)
