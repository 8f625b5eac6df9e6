"""`gskg release VERSION`: a frozen, citable copy of the build in `releases/VERSION/`.

A release folder holds every export of the build with the ontology stamped with the
release's version IRI (`stamp.py`), the VoID + DCAT description of the release's dataset
(`void.ttl`), the changes since the previous release (`NOTES.md`, `changes.json`,
`changes.patch`), `release.json` and `SHA256SUMS`.  It is written next to its final place
and renamed into it in one step; an existing release is never overwritten.  The same
data, version and date give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import DEFAULT_ENDPOINT
from ..errors import GskgError, ValidationFailed
from ..pipeline.export import EXPORTS, PREFIXES, serialize_file
from .diff import Diff, diff
from .graph import empty_snapshot, read_snapshot
from .notes import add_to_changelog, markdown, summary
from .patch import patch_text
from .stamp import RELEASE_PREFIXES, read_lines, release_void, stamp_ontology, version_iri

# Calendar versions: YEAR.MONTH.N (2026.12.0, the first release of December 2026).
# \Z, not $: `$` also matches before a final newline, and "2026.12.1\n" is no version.
VERSION = re.compile(r"^(20\d\d)\.(1[0-2]|[1-9])\.(0|[1-9]\d{0,3})\Z")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")


class ReleaseError(GskgError):
    """A release that cannot be made (bad version, exists already, …)."""


@dataclass
class ReleaseResult:
    """What `make_release` wrote."""

    version: str
    folder: Path
    previous: str | None
    triples: int
    notes: dict[str, str]
    files: list[str]


def parse_version(version: str) -> tuple[int, int, int]:
    """(year, month, n) of a calendar version; `ReleaseError` when it is not one."""
    m = VERSION.match(version)
    if not m:
        raise ReleaseError(
            f"{version!r} is not a release version: expected YEAR.MONTH.N, "
            "e.g. 2026.12.0 (month 1–12 without a leading zero, N from 0)"
        )
    return int(m[1]), int(m[2]), int(m[3])


def list_releases(root: Path) -> list[str]:
    """The releases in `root`, oldest first (folders named by a version, with release.json)."""
    if not root.is_dir():
        return []
    found = [
        p.name for p in root.iterdir() if VERSION.match(p.name) and (p / "release.json").is_file()
    ]
    return sorted(found, key=parse_version)


def check_date(date: str | None) -> str:
    """The issue date, YYYY-MM-DD (today, UTC, when not given)."""
    if date is None:
        return dt.datetime.now(dt.UTC).date().isoformat()
    if not DATE.match(date):
        raise ReleaseError(f"--date {date!r}: expected YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(date).isoformat()
    except ValueError as exc:
        raise ReleaseError(f"--date {date!r}: {exc}") from None


def _previous(root: Path, version: str) -> str | None:
    existing = list_releases(root)
    if (root / version).exists():
        raise ReleaseError(
            f"release {version} exists already in {root}/: a release is never overwritten; "
            "choose the next version (e.g. raise the last number)"
        )
    later = [v for v in existing if parse_version(v) > parse_version(version)]
    if later:
        raise ReleaseError(f"release {version} would come before {later[-1]}: versions only go up")
    return existing[-1] if existing else None


def make_release(
    version: str,
    data_dir: Path,
    ontology_dir: Path,
    releases_dir: Path,
    *,
    changelog: Path | None = None,
    date: str | None = None,
    endpoint: str = DEFAULT_ENDPOINT,
    check: bool = True,
    track: Callable[[Iterable, str], Iterable] | None = None,
) -> ReleaseResult:
    """Build the data and write `releases_dir/version/`; add its notes to `changelog`.

    Raises `ReleaseError` (bad version or date, release exists) before building, and
    `ValidationFailed` when the data does not validate; in both cases nothing is written.
    """
    from ..pipeline import build_dist

    parse_version(version)
    issued = check_date(date)
    previous = _previous(releases_dir, version)
    with tempfile.TemporaryDirectory(prefix="gskg-release-") as tmp_name:
        build = Path(tmp_name) / "build"
        kwargs = {"track": track} if track else {}
        build_dist(data_dir, ontology_dir, build, endpoint=endpoint, **kwargs)
        if check:
            _check(build / "gskg.nt", ontology_dir)
        stage = Path(tmp_name) / version
        stage.mkdir()
        d, triples = _write(build, stage, version, previous, issued, releases_dir)
        _publish(stage, releases_dir / version)
    if changelog is not None:
        add_to_changelog(changelog, markdown(d, title=f"{version} — {issued}"))
    return ReleaseResult(version, releases_dir / version, previous, triples, summary(d),
                         sorted(p.name for p in (releases_dir / version).iterdir()))  # fmt: skip


def _check(nt: Path, ontology_dir: Path) -> None:
    """The checks of `gskg validate` on the build: SHACL shapes (of `ontology_dir`) and HermiT."""
    from ..checks import check_compiled

    lines = nt.read_text(encoding="utf-8").splitlines(keepends=True)
    problems = check_compiled(lines, ontology_dir=ontology_dir)
    if problems:
        raise ValidationFailed(problems)


def _write(
    build: Path, stage: Path, version: str, previous: str | None, issued: str, root: Path
) -> tuple[Diff, int]:
    """Every file of the release into `stage`; the diff from the previous release."""
    lines = stamp_ontology(read_lines(build / "gskg.nt"), version, previous)
    (stage / "gskg.nt").write_text("".join(lines), encoding="utf-8")
    for ext, fmt in EXPORTS.items():
        if ext != "nt":
            serialize_file(stage / "gskg.nt", fmt, stage / f"gskg.{ext}")
    onto = stamp_ontology(read_lines(build / "ontology.ttl"), version, previous)
    (stage / "ontology.nt").write_text("".join(onto), encoding="utf-8")
    serialize_file(stage / "ontology.nt", "ttl", stage / "ontology.ttl")
    serialize_file(stage / "ontology.nt", "rdf", stage / "ontology.owl")
    (stage / "ontology.nt").unlink()
    old = read_snapshot(root / previous) if previous else empty_snapshot()
    d = diff(old, read_snapshot(stage))
    d.old, d.new = previous or "(nothing)", version
    notes = summary(d)
    files = {f"gskg.{ext}": _size_and_hash(stage / f"gskg.{ext}") for ext in EXPORTS}
    void = release_void(read_lines(build / "void.ttl"), version, previous, issued, notes, files)
    parsed = ox.parse("".join(void).encode(), format=ox.RdfFormat.N_TRIPLES)
    prefixes = {**PREFIXES, **RELEASE_PREFIXES}
    ox.serialize(parsed, output=stage / "void.ttl", format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    (stage / "NOTES.md").write_text(markdown(d, title=f"{version} — {issued}"), encoding="utf-8")
    (stage / "changes.json").write_text(_json(d.to_json()), encoding="utf-8")
    if previous:
        (stage / "changes.patch").write_text(patch_text(d), encoding="utf-8")
    meta = {
        "version": version,
        "issued": issued,
        "previous": previous,
        "ontology_version_iri": version_iri(version),
        "triples": len(lines),
        "notes": notes,
        "counts": d.counts(),
    }
    (stage / "release.json").write_text(_json(meta), encoding="utf-8")
    sums = sorted((p.name, _size_and_hash(p)[1]) for p in stage.iterdir())
    (stage / "SHA256SUMS").write_text("".join(f"{h}  {n}\n" for n, h in sums), encoding="utf-8")
    return d, len(lines)


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _size_and_hash(path: Path) -> tuple[int, str]:
    data = path.read_bytes()
    return len(data), hashlib.sha256(data).hexdigest()


def _publish(stage: Path, final: Path) -> None:
    """Move the staged release to its place in one rename (never over an existing one)."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        near = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
    except OSError as exc:
        raise ReleaseError(f"cannot write to {final.parent}/: {exc.strerror or exc}") from None
    try:
        for p in sorted(stage.iterdir()):
            shutil.copyfile(p, near / p.name)
        os.chmod(near, 0o755)
        if final.exists():  # made meanwhile by another process
            raise ReleaseError(f"release {final.name} exists already in {final.parent}/")
        os.rename(near, final)
    except OSError as exc:
        raise ReleaseError(f"cannot write the release to {final}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(near, ignore_errors=True)
