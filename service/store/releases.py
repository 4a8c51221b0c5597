"""The releases kept in ``<instance>/releases/``: what each one is, read from its files.

A release is a folder named after its version holding the dumps, the VoID/DCAT
description, ``build.json``, ``changelog.json``, ``SHA256SUMS`` and, written last,
``release.json`` (version, date, content hash, ontology version, checksums). A folder
without ``release.json`` is one whose writing was interrupted: it does not count.
Builds are pruned; releases never are, so what a reader cited stays downloadable.

Versions are dates: ``YYYY.MM.N``, the year and month of the release and a counter
that starts at 0 in each month (``2026.12.0``, ``2026.12.1``, ``2027.01.0``).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph

from service.store.built import BuiltStore

FOLDER = "releases"
RELEASE_FILE = "release.json"
CHANGELOG_FILE = "changelog.json"
CHECKSUMS_FILE = "SHA256SUMS"
#: The header every response names the served release in, and its value for a build that is none.
HEADER = "Sdkg-Release"
UNRELEASED = "unreleased"

VERSION = re.compile(r"(\d{4})\.(\d{2})\.(\d+)")


@dataclass(frozen=True)
class Release:
    """One kept release: its folder and what ``release.json`` says about it."""

    folder: Path
    info: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.info["version"])

    @property
    def date(self) -> str:
        return str(self.info["date"])

    @property
    def content_hash(self) -> str:
        return str(self.info["content_hash"])

    @property
    def ontology_version(self) -> str | None:
        return self.info.get("ontology", {}).get("version")

    @property
    def checksums(self) -> dict[str, str]:
        """File name -> SHA-256 (hex) of every file a reader may download."""
        return dict(self.info.get("checksums", {}))

    def changelog(self) -> dict[str, Any]:
        path = self.folder / CHANGELOG_FILE
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def file(self, name: str) -> Path | None:
        """The path of a downloadable file of this release (None for any other name)."""
        if name != CHECKSUMS_FILE and name not in self.checksums:
            return None
        path = self.folder / name
        return path if path.is_file() else None


def version_key(version: str) -> tuple[int, int, int]:
    """Sort key of a version: by year, month and counter (``2026.12.10`` after ``2026.12.9``)."""
    match = VERSION.fullmatch(version)
    if match is None:
        raise ValueError(f"not a release version: {version!r}")
    year, month, counter = match.groups()
    return int(year), int(month), int(counter)


def is_version(text: str) -> bool:
    return VERSION.fullmatch(text) is not None


def next_version(existing: list[str], today: date) -> str:
    """The version a release cut today gets: the month's next counter."""
    month = (today.year, today.month)
    used = [version_key(v)[2] for v in existing if version_key(v)[:2] == month]
    return f"{today.year:04d}.{today.month:02d}.{max(used, default=-1) + 1}"


def folder(instance_dir: Path) -> Path:
    return instance_dir / FOLDER


def all_releases(instance_dir: Path) -> list[Release]:
    """Every complete release, oldest first."""
    root = folder(instance_dir)
    if not root.is_dir():
        return []
    found = []
    for path in root.iterdir():
        info_path = path / RELEASE_FILE
        if is_version(path.name) and info_path.is_file():
            found.append(Release(path, json.loads(info_path.read_text(encoding="utf-8"))))
    return sorted(found, key=lambda r: version_key(r.version))


def find(instance_dir: Path, version: str) -> Release | None:
    """The release of that version; None for an unknown one or text that is no version."""
    if not is_version(version):
        return None
    return next((r for r in all_releases(instance_dir) if r.version == version), None)


def with_content(instance_dir: Path, content_hash: str) -> Release | None:
    """The newest release whose graphs are exactly these (a rebuild of its sources)."""
    matches = [r for r in all_releases(instance_dir) if r.content_hash == content_hash]
    return matches[-1] if matches else None


def with_ontology(instance_dir: Path, ontology_version: str) -> Release | None:
    """The newest release that carries this version of the ontology."""
    matches = [r for r in all_releases(instance_dir) if r.ontology_version == ontology_version]
    return matches[-1] if matches else None


def ontology_store(release: Release) -> BuiltStore:
    """The ontology and shapes a release carries, as a store the ontology pages can read."""
    return _ontology_store(str(release.folder))


@functools.lru_cache(maxsize=8)
def _ontology_store(folder: str) -> BuiltStore:
    """Read once per process: a kept release never changes."""
    path = Path(folder)
    info = json.loads((path / "build.json").read_text(encoding="utf-8"))
    store = pyoxigraph.Store()
    graphs = []
    for name in ("ontology", "shapes"):
        graph = f"{info['base_iri']}graph/{name}"
        if (path / f"{name}.ttl").is_file():
            store.load(
                path=str(path / f"{name}.ttl"),
                format=pyoxigraph.RdfFormat.TURTLE,
                to_graph=pyoxigraph.NamedNode(graph),
            )
            graphs.append(graph)
    return BuiltStore(path, store, {"base_iri": info["base_iri"], "default_graph": graphs[:1]})
