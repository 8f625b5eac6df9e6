"""What makes a build a release: the ontology's version stamp and the dataset's DCAT record.

The ontology header gets `owl:versionIRI <…/releases/VERSION/ontology>`, `owl:versionInfo`
and `owl:priorVersion` (the previous release's version IRI), replacing the header's own.
The VoID description is renamed to the release's dataset and gains DCAT 3's version
properties and one `dcat:Distribution` per export with its size and SHA-256 (SPDX).
"""

from __future__ import annotations

from pathlib import Path

from ..namespaces import ADMS, DATASET_IRI, DCAT, OWL, RDF, RELEASES, VOID
from ..namespaces import DCTERMS as DCT
from ..namespaces import ONTOLOGY_IRI as ONTOLOGY
from ..sparql.formats import FORMATS
from ..terms import iri, text, typed

ONTOLOGY_IRI = f"<{ONTOLOGY}>"
RELEASES_IRI = str(RELEASES)
SPDX = "http://spdx.org/rdf/terms#"
RDF_TYPE = f"<{RDF}type>"
STAMPED = {f"<{OWL}{p}>" for p in ("versionIRI", "versionInfo", "priorVersion")}
RELEASE_PREFIXES = {"dcat": str(DCAT), "adms": str(ADMS), "spdx": SPDX}
# Export file extension → the format of the one FORMATS table (for its media type).
MEDIA = {"nt": "nt", "ttl": "ttl", "owl": "rdf", "jsonld": "jsonld"}


def version_iri(version: str) -> str:
    """The ontology's version IRI in a release."""
    return f"{RELEASES_IRI}{version}/ontology"


def dataset_iri(version: str) -> str:
    """The dataset (DCAT/VoID) of one release."""
    return f"{RELEASES_IRI}{version}/dataset"


def stamp_ontology(lines: list[str], version: str, prior: str | None) -> list[str]:
    """The statements with the ontology header's version stamp replaced (sorted)."""
    kept = [ln for ln in lines if not _is_stamp(ln)]
    stamp = [
        f"{ONTOLOGY_IRI} <{OWL}versionIRI> {iri(version_iri(version))} .\n",
        f"{ONTOLOGY_IRI} <{OWL}versionInfo> {text(version)} .\n",
    ]
    if prior:
        stamp.append(f"{ONTOLOGY_IRI} <{OWL}priorVersion> {iri(version_iri(prior))} .\n")
    return sorted(set(kept) | set(stamp))


def _is_stamp(line: str) -> bool:
    s, _, rest = line.partition(" ")
    return s == ONTOLOGY_IRI and rest.partition(" ")[0] in STAMPED


def release_void(
    lines: list[str],
    version: str,
    prior: str | None,
    issued: str,
    notes: dict[str, str],
    files: dict[str, tuple[int, str]],
) -> list[str]:
    """The build's VoID lines as the release's dataset, with its DCAT version record.

    `files`: export file name → (size in bytes, SHA-256 hex).  `issued`: YYYY-MM-DD.
    """
    ds = iri(dataset_iri(version))
    base = f"{RELEASES_IRI}{version}/"
    out = {
        ln.replace(f"<{DATASET_IRI}>", ds)
        for ln in lines
        if f"<{VOID}dataDump>" not in ln or not ln.startswith(f"<{DATASET_IRI}>")
    }
    add = [
        (ds, RDF_TYPE, f"<{DCAT}Dataset>"),
        (ds, f"<{DCAT}version>", text(version)),
        (ds, f"<{DCT}issued>", typed(f"{issued}T00:00:00", "dateTime")),
        (ds, f"<{DCT}isVersionOf>", iri(DATASET_IRI)),
        (iri(DATASET_IRI), f"<{DCAT}hasVersion>", ds),
        (ds, f"<{DCT}conformsTo>", iri(version_iri(version))),
    ]
    if prior:
        add.append((ds, f"<{DCAT}previousVersion>", iri(dataset_iri(prior))))
    add += [(ds, f"<{ADMS}versionNotes>", text(notes[lang], lang)) for lang in ("zh", "en")]
    for name, (size, sha) in sorted(files.items()):
        dist, ext = iri(base + name), name.rsplit(".", 1)[1]
        checksum = f"_:sha256-{ext}"
        add += [
            (ds, f"<{DCAT}distribution>", dist),
            (dist, RDF_TYPE, f"<{DCAT}Distribution>"),
            (dist, f"<{DCAT}downloadURL>", dist),
            (dist, f"<{DCAT}mediaType>", iri(_media(ext))),
            (dist, f"<{DCAT}byteSize>", typed(str(size), "nonNegativeInteger")),
            (dist, f"<{SPDX}checksum>", checksum),
            (checksum, RDF_TYPE, f"<{SPDX}Checksum>"),
            (checksum, f"<{SPDX}algorithm>", f"<{SPDX}checksumAlgorithm_sha256>"),
            (checksum, f"<{SPDX}checksumValue>", typed(sha, "hexBinary")),
        ]
        if name == "gskg.nt":
            add.append((ds, f"<{VOID}dataDump>", dist))
    out |= {f"{s} {p} {o} .\n" for s, p, o in add}
    return sorted(out)


def _media(ext: str) -> str:
    return "https://www.iana.org/assignments/media-types/" + FORMATS[MEDIA[ext]].media_type


def read_lines(path: Path) -> list[str]:
    """An RDF file of a build as N-Triples lines (blank-node labels kept)."""
    import pyoxigraph as ox

    from .graph import READERS

    fmt = READERS[path.suffix.lower()]
    return [f"{q.subject} {q.predicate} {q.object} .\n" for q in ox.parse(path=path, format=fmt)]
