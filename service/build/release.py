"""Cut a release: keep a build's dumps, description and changelog under ``<instance>/releases/<version>/``.

The release folder is filled beside ``releases/`` under a temporary name and renamed
into place whole, with ``release.json`` (which lists every file's SHA-256) written
last: a release is either there with all its files or not at all. ``SHA256SUMS``
holds the same checksums in the format ``sha256sum -c`` reads, so a reader can check
a download without our software.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from service.build.void import VOID_FILE
from service.store import releases


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
    lines = "".join(f"{digest}  {name}\n" for name, digest in checksums.items())
    (temporary / releases.CHECKSUMS_FILE).write_text(lines, encoding="utf-8")
    _write_json(temporary / releases.RELEASE_FILE, {**_public(release), "checksums": checksums})
    temporary.rename(target)
    return target


def _public(release: dict[str, Any]) -> dict[str, Any]:
    """What release.json records: everything but the build's own note whether it is new."""
    return {key: value for key, value in release.items() if key != "new"}


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
