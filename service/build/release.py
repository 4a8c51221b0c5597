"""Cut a release: keep a build's dumps, description and changelog under ``<instance>/releases/<version>/``.

The release folder is filled beside ``releases/`` under a temporary name and renamed
into place whole, with ``release.json`` (which lists every file's SHA-256) written
last: a release is either there with all its files or not at all. ``SHA256SUMS``
holds the same checksums in the format ``sha256sum -c`` reads, so a reader can check
a download without our software. ``dcat.ttl`` describes the release as a DCAT dataset
whose distributions are its files at their release URLs, each with its size and
``spdx:checksum``: the checksums cannot be in the dumps' own metadata graph, which
is part of the bytes they sum.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from service.build.dumps import DUMP_FILES
from service.build.void import DCAT, DCT, OWL, RDF_TYPE, VOID_FILE, XSD, dataset_iri
from service.sparql import formats
from service.store import releases

DCAT_FILE = "dcat" + formats.TURTLE.suffix
SPDX = "http://spdx.org/rdf/terms#"
IANA = "https://www.iana.org/assignments/media-types/"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write(
    instance_dir: Path, build_folder: Path, release: dict[str, Any], info: dict[str, Any], log: dict[str, Any]
) -> Path:
    """Keep the build's dumps, void.ttl, build.json and the changelog as release ``release['version']``."""
    root = releases.folder(instance_dir)
    root.mkdir(parents=True, exist_ok=True)
    target = root / release["version"]
    if target.exists():  # only an interrupted writing leaves a folder without release.json
        if (target / releases.RELEASE_FILE).exists():
            raise FileExistsError(f"release {release['version']} exists already")
        shutil.rmtree(target)
    temporary = root / f".{release['version']}-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    for path in sorted((build_folder / "dumps").iterdir()):
        shutil.copyfile(path, temporary / path.name)
    shutil.copyfile(build_folder / VOID_FILE, temporary / VOID_FILE)
    _write_json(temporary / "build.json", info)
    _write_json(temporary / releases.CHANGELOG_FILE, log)
    checksums = {p.name: sha256_of(p) for p in sorted(temporary.iterdir())}
    base = info["base_iri"]
    (temporary / DCAT_FILE).write_bytes(
        describe(base, release, {n: temporary / n for n in checksums}, checksums)
    )
    checksums[DCAT_FILE] = sha256_of(temporary / DCAT_FILE)
    lines = "".join(f"{digest}  {name}\n" for name, digest in checksums.items())
    (temporary / releases.CHECKSUMS_FILE).write_text(lines, encoding="utf-8")
    _write_json(temporary / releases.RELEASE_FILE, {**_public(release), "checksums": checksums})
    temporary.rename(target)
    return target


def describe(base: str, release: dict[str, Any], files: dict[str, Path], checksums: dict[str, str]) -> bytes:
    """The release as a DCAT dataset (Turtle): its files as distributions with size and SHA-256."""
    version = release["version"]
    page = f"{base}releases/{version}"
    node = NamedNode(page)
    triples: list[tuple[Any, Any, Any]] = [
        (node, RDF_TYPE, NamedNode(DCAT + "Dataset")),
        (
            node,
            NamedNode(DCT + "title"),
            Literal(f"Sociaal Domein Kennisgraaf, release {version}", language="nl"),
        ),
        (
            node,
            NamedNode(DCT + "title"),
            Literal(f"Social Domain Knowledge Graph, release {version}", language="en"),
        ),
        (node, NamedNode(DCAT + "version"), Literal(version)),
        (node, NamedNode(OWL + "versionInfo"), Literal(version)),
        (node, NamedNode(DCT + "issued"), Literal(release["date"], datatype=NamedNode(XSD + "date"))),
        (node, NamedNode(DCT + "isVersionOf"), NamedNode(dataset_iri(base))),
        (node, NamedNode(DCAT + "landingPage"), node),
    ]
    for name, path in files.items():
        triples += _distribution(node, f"{page}/{name}", name, path.stat().st_size, checksums[name])
    document = pyoxigraph.serialize(
        sorted((Triple(*t) for t in triples), key=str),
        format=pyoxigraph.RdfFormat.TURTLE,
        prefixes={"dcat": DCAT, "dct": DCT, "owl": OWL, "spdx": SPDX, "xsd": XSD},
    )
    return bytes(document or b"")


def _distribution(
    dataset: NamedNode, url: str, name: str, size: int, sha256: str
) -> list[tuple[Any, Any, Any]]:
    distribution, checksum = NamedNode(f"{url}#distributie"), BlankNode(f"sha256{sha256[:16]}")
    media_type = DUMP_FILES[name][0].media_type if name in DUMP_FILES else _media_type(name)
    return [
        (dataset, NamedNode(DCAT + "distribution"), distribution),
        (distribution, RDF_TYPE, NamedNode(DCAT + "Distribution")),
        (distribution, NamedNode(DCT + "title"), _title(name)),
        (distribution, NamedNode(DCAT + "downloadURL"), NamedNode(url)),
        (distribution, NamedNode(DCAT + "accessURL"), NamedNode(url)),
        (distribution, NamedNode(DCAT + "mediaType"), NamedNode(IANA + media_type)),
        (
            distribution,
            NamedNode(DCAT + "byteSize"),
            Literal(str(size), datatype=NamedNode(XSD + "nonNegativeInteger")),
        ),
        (distribution, NamedNode(SPDX + "checksum"), checksum),
        (checksum, RDF_TYPE, NamedNode(SPDX + "Checksum")),
        (checksum, NamedNode(SPDX + "algorithm"), NamedNode(SPDX + "checksumAlgorithm_sha256")),
        (checksum, NamedNode(SPDX + "checksumValue"), Literal(sha256, datatype=NamedNode(XSD + "hexBinary"))),
    ]


def _title(name: str) -> Literal:
    """A whole-graph dump's Dutch title; another file is named by its file name."""
    return Literal(DUMP_FILES[name][1], language="nl") if name in DUMP_FILES else Literal(name)


def _media_type(name: str) -> str:
    """The media type of a kept file that is no whole-graph dump: a graph's Turtle, or JSON."""
    fmt = formats.by_suffix(Path(name).suffix) if not name.endswith(".json") else None
    return fmt.media_type if fmt is not None else "application/json"


def _public(release: dict[str, Any]) -> dict[str, Any]:
    """What release.json records: everything but the build's own note whether it is new."""
    return {key: value for key, value in release.items() if key != "new"}


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
