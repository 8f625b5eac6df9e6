"""Releases and changes: `gskg release`, `gskg diff`, `gskg patch` (see each module)."""

from .diff import Diff, diff
from .graph import BadInput, read_snapshot
from .notes import markdown, summary
from .patch import BadPatch, apply_patch, patch_text, write_patched
from .release import ReleaseError, list_releases, make_release, parse_version

__all__ = [
    "BadInput",
    "BadPatch",
    "Diff",
    "ReleaseError",
    "apply_patch",
    "diff",
    "list_releases",
    "make_release",
    "markdown",
    "parse_version",
    "patch_text",
    "read_snapshot",
    "summary",
    "write_patched",
]
