"""`gskg diff OLD NEW`: two builds, releases or RDF files → notes, JSON or an RDF Patch."""

from __future__ import annotations

import json
from pathlib import Path

from .diff import diff
from .graph import read_snapshot
from .notes import markdown
from .patch import patch_text
from .release import VERSION

FORMATS = ("md", "json", "patch")


def locate(arg: str, releases_dir: Path) -> Path:
    """A path as given, or a release version (`2026.12.0`) found in `releases_dir`."""
    path = Path(arg)
    if not path.exists() and VERSION.match(arg) and (releases_dir / arg).is_dir():
        return releases_dir / arg
    return path


def compare(old: str, new: str, fmt: str = "md", releases_dir: Path = Path("releases")) -> str:
    """The changes from `old` to `new` in `fmt` (md, json or patch)."""
    d = diff(read_snapshot(locate(old, releases_dir)), read_snapshot(locate(new, releases_dir)))
    d.old, d.new = old, new
    if fmt == "json":
        return json.dumps(d.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if fmt == "patch":
        return patch_text(d)
    return markdown(d)
