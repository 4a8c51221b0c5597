"""Build folders and the atomic swap that publishes one.

``<instance>/builds/<stamp>/`` holds one build (store, dumps, search index,
build.json). ``<instance>/current`` is a symbolic link to the published one; it is
replaced with ``os.replace``, which is atomic, so readers see the old build or the
new one and never a mix. A few older builds are kept because a running server may
still have one open.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

KEEP_BUILDS = 3


def new_build_folder(instance_dir: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = instance_dir / "builds" / stamp
    folder.mkdir(parents=True)
    return folder


def published_folder(instance_dir: Path) -> Path | None:
    link = instance_dir / "current"
    return link.resolve() if link.is_symlink() else None


def publish(instance_dir: Path, folder: Path) -> None:
    """Point ``current`` at ``folder`` in one atomic step, then prune old builds."""
    link = instance_dir / "current"
    temporary = instance_dir / f".current-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(folder.relative_to(instance_dir))
    os.replace(temporary, link)
    prune(instance_dir)


def discard(folder: Path) -> None:
    """Remove a build that failed; the published one is never touched."""
    shutil.rmtree(folder, ignore_errors=True)


def prune(instance_dir: Path) -> None:
    current = published_folder(instance_dir)
    builds = sorted((instance_dir / "builds").iterdir())
    for old in builds[:-KEEP_BUILDS]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
