"""What the release pages show: the kept releases, newest first, and one release with its changelog.

Everything comes from the files a release keeps (``release.json``, ``changelog.json``,
the checksums), never from the served build, so an old release reads the same after
any number of later builds. The JSON form of a release is its record and changelog
as they were written, with the files and their SHA-256 beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.store import releases
from service.store.releases import Release


@dataclass(frozen=True)
class Summary:
    """One line of the list of releases."""

    version: str
    date: str
    ontology_version: str | None
    previous: str | None
    added: int
    removed: int
    changed: int


@dataclass(frozen=True)
class KeptFile:
    """A downloadable file of a release and the SHA-256 of its bytes."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Changes:
    """The things of one class (or the ontology's terms, or the shapes) added, removed and changed."""

    iri: str
    label: str
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    changed: list[dict[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class GraphCount:
    name: str
    graph: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        """After minus before; None where the graph is new, gone, or there is nothing before."""
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass
class Page:
    """One release: its record, files with checksums, and its changelog against the previous one."""

    release: Release
    files: list[KeptFile]
    graphs: list[GraphCount]
    entities: list[Changes]
    terms: Changes
    shapes: Changes
    changelog: dict[str, Any]

    @property
    def first(self) -> bool:
        return bool(self.changelog.get("first", self.release.info.get("previous") is None))

    @property
    def ontology_before(self) -> str | None:
        return (self.changelog.get("ontology") or {}).get("before")

    def as_json(self) -> dict[str, Any]:
        """The machine-readable release: its record, its files with checksums, its changelog."""
        info = {k: v for k, v in self.release.info.items() if k != "checksums"}
        files = [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in self.files]
        return {**info, "files": files, "changelog": self.changelog}


def listing(instance_dir: Path) -> list[Summary]:
    """Every kept release, newest first, with how many things its changelog lists."""
    return [_summary(r) for r in reversed(releases.all_releases(instance_dir))]


def _summary(release: Release) -> Summary:
    log = release.changelog()
    counts = {kind: sum(len(g.get(kind, [])) for g in log.get("entities", [])) for kind in _KINDS}
    return Summary(
        release.version,
        release.date,
        release.ontology_version,
        release.info.get("previous"),
        counts["added"],
        counts["removed"],
        counts["changed"],
    )


_KINDS = ("added", "removed", "changed")


def page(instance_dir: Path, version: str) -> Page | None:
    """The page of one release; None for an unknown version."""
    release = releases.find(instance_dir, version)
    if release is None:
        return None
    log = release.changelog()
    return Page(
        release=release,
        files=_files(release),
        graphs=[GraphCount(g["name"], g["graph"], g["before"], g["after"]) for g in log.get("graphs", [])],
        entities=[_changes(g["class"], g["label"], g) for g in log.get("entities", [])],
        terms=_changes("", "Ontologie", log.get("ontology") or {}),
        shapes=_changes("", "Shapes", log.get("shapes") or {}),
        changelog=log,
    )


def _files(release: Release) -> list[KeptFile]:
    """The release's files with their checksums, the whole-graph dumps first."""
    kept = []
    for name, digest in release.checksums.items():
        path = release.file(name)
        if path is not None:
            kept.append(KeptFile(name, path.stat().st_size, digest))
    return sorted(kept, key=lambda f: (not f.name.startswith("sdkg."), f.name))


def _changes(iri: str, label: str, found: dict[str, Any]) -> Changes:
    return Changes(iri, label, *(list(found.get(kind, [])) for kind in _KINDS))
