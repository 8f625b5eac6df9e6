"""The `changes` blueprint: /changes (the releases and their summaries) and /changes/VERSION
(the notes of one release, per record, with quotes and links to the resource pages), and
/releases/VERSION/FILE, the files of a release, where its IRIs resolve
(`https://w3id.org/gskg/releases/VERSION/ontology` → `ontology.ttl` or `.owl` by Accept,
`…/dataset` → `void.ttl`).

Releases are read from the `releases` setting's folder (`gskg release` writes it):
each `VERSION/release.json` and `VERSION/changes.json`.  `last_release(iri)`, a template
global, says in which release a resource last changed (resource pages show it).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, g, render_template, request

from ..errors import NotFound
from ..ontology import RES
from ..release.release import VERSION, list_releases
from ..sparql.formats import negotiate

bp = Blueprint("changes", __name__)
_LOCK = threading.Lock()


def releases_dir() -> Path:
    """The folder of releases this server shows."""
    return Path(current_app.extensions["gskg"].settings.releases)


def _read(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotFound(f"{path.parent.name}: its {path.name} cannot be read ({exc})") from None


def _stamp(root: Path) -> tuple:
    stamp = []
    for version in list_releases(root):
        try:
            stamp.append((version, (root / version / "changes.json").stat().st_mtime_ns))
        except OSError:
            stamp.append((version, None))
    return tuple(stamp)


def last_changed(root: Path) -> dict[str, str]:
    """Record id → the newest release that added or changed it (kept per folder state)."""
    cache = current_app.extensions.setdefault("gskg-changes", {})
    stamp = (str(root), _stamp(root))
    with _LOCK:
        if cache.get("stamp") != stamp:
            found: dict[str, str] = {}
            for version in list_releases(root):
                try:
                    records = _read(root / version / "changes.json").get("records", [])
                except NotFound:  # a damaged release says nothing; the page still shows
                    records = []
                for record in records:
                    if record["status"] in ("added", "changed"):
                        found[record["id"]] = version
            cache["stamp"], cache["last"] = stamp, found
        return cache["last"]


@bp.app_template_global("last_release")
def last_release(iri: str) -> str:
    """The release in which the resource `iri` last changed ('' when none says)."""
    if not iri.startswith(RES):
        return ""
    return last_changed(releases_dir()).get(iri[len(RES) :], "")


@bp.route("/changes")
def index() -> str:
    """Every release, newest first, with its date and summary of changes."""
    root = releases_dir()
    releases = [_read(root / v / "release.json") for v in reversed(list_releases(root))]
    return render_template("changes.html", releases=releases)


@bp.route("/changes/<version>")
def release(version: str) -> str:
    """The notes of one release: records added, removed and changed, with their evidence."""
    root = releases_dir()
    if not VERSION.match(version) or version not in list_releases(root):
        known = ", ".join(list_releases(root)) or "none"
        raise NotFound(f"no release {version!r} here (releases: {known})")
    meta = _read(root / version / "release.json")
    changes = _read(root / version / "changes.json")
    groups = {
        status: [r for r in changes["records"] if r["status"] == status]
        for status in ("added", "removed", "changed")
    }
    return render_template("change.html", meta=meta, changes=changes, groups=groups)


# File extension → media type of the files a release holds.
MEDIA = {
    "nt": "application/n-triples", "ttl": "text/turtle; charset=utf-8",
    "owl": "application/rdf+xml", "jsonld": "application/ld+json",
    "json": "application/json", "md": "text/markdown; charset=utf-8",
    "patch": "application/rdf-patch; charset=utf-8", "": "text/plain; charset=utf-8",
}  # fmt: skip


def _release_file(version: str, name: str) -> Path:
    """The file `name` of release `version`: one its SHA256SUMS lists (or SHA256SUMS)."""
    root = releases_dir()
    if not VERSION.match(version) or version not in list_releases(root):
        raise NotFound(f"no release {version!r} here")
    if name == "ontology":
        offers = ("ttl", "rdf")
        name = (
            "ontology.owl"
            if negotiate(request.headers.get("Accept"), offers).name == "rdf"
            else "ontology.ttl"
        )
    elif name == "dataset":
        name = "void.ttl"
    try:
        sums = (root / version / "SHA256SUMS").read_text(encoding="utf-8")
    except OSError:
        raise NotFound(f"release {version} has no SHA256SUMS") from None
    listed = {line.split("  ", 1)[1] for line in sums.splitlines() if "  " in line}
    if name not in listed | {"SHA256SUMS"}:
        raise NotFound(f"release {version} has no file {name!r}")
    return root / version / name


@bp.route("/releases/<version>/<name>")
def release_file(version: str, name: str) -> Response:
    """A file of a release (`ontology` and `dataset` name its ontology and description)."""
    path = _release_file(version, name)
    ext = path.suffix.lstrip(".") if path.suffix else ""
    g.cacheable = True
    resp = Response(path.read_bytes(), content_type=MEDIA.get(ext, MEDIA[""]))
    resp.set_etag(f"{version}-{path.name}")
    resp.vary.add("Accept")
    return resp.make_conditional(request)
