"""Build folders and the atomic swap that publishes one.

``<instance>/builds/<stamp>/`` holds one build (store, dumps, search index,
build.json). ``<instance>/current`` is a symbolic link to the published one; it is
replaced with ``os.replace``, which is atomic, so readers see the old build or the
new one and never a mix. A few older builds are kept because a running server may
still have one open.

``build.json`` is written last, in one atomic step, just before the swap: a folder
without it is a build that has not finished. One whose builder (its pid is in
``BUILDER``) is no longer running was killed, and the next build removes it;
pruning counts only complete builds, so a partial one never pushes a good one out.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

KEEP_BUILDS = 3
MARKER = "build.json"
BUILDER = "BUILDER"


def new_build_folder(instance_dir: Path) -> Path:
    """A fresh folder for this process's build (leftovers of killed builds are removed first)."""
    remove_abandoned(instance_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = instance_dir / "builds" / stamp
    folder.parent.mkdir(parents=True, exist_ok=True)
    # made beside builds/ and moved in whole, so no other build sees it without its pid
    starting = instance_dir / f".starting-{os.getpid()}-{stamp}"
    starting.mkdir()
    (starting / BUILDER).write_text(str(os.getpid()))
    starting.rename(folder)
    return folder


def published_folder(instance_dir: Path) -> Path | None:
    link = instance_dir / "current"
    return link.resolve() if link.is_symlink() else None


def mark_complete(folder: Path, info: dict[str, Any]) -> None:
    """Write build.json, the last file of a build, so that it appears whole or not at all."""
    temporary = folder / f".{MARKER}.tmp"
    temporary.write_text(json.dumps(info, indent=2))
    os.replace(temporary, folder / MARKER)


def is_complete(folder: Path) -> bool:
    return (folder / MARKER).is_file()


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
    """Keep the newest complete builds and the published one; remove abandoned ones."""
    current = published_folder(instance_dir)
    complete = [folder for folder in _folders(instance_dir) if is_complete(folder)]
    for old in complete[:-KEEP_BUILDS]:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)
    remove_abandoned(instance_dir)


def remove_abandoned(instance_dir: Path) -> None:
    """Remove every unfinished build whose builder is gone (killed, or the machine stopped)."""
    current = published_folder(instance_dir)
    for folder in _folders(instance_dir):
        if folder.resolve() != current and not is_complete(folder) and not _builder_running(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _folders(instance_dir: Path) -> list[Path]:
    builds = instance_dir / "builds"
    return sorted(p for p in builds.iterdir() if p.is_dir()) if builds.is_dir() else []


def _builder_running(folder: Path) -> bool:
    """Whether the process that made the folder still runs (another build, going on now)."""
    try:
        pid = int((folder / BUILDER).read_text())
    except (OSError, ValueError):  # no pid (a build from before pids were kept), or garbage
        return False
    return pid > 0 and _exists(pid)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except PermissionError:  # it does, as another user's process
        return True
    except OSError:
        return False
    return True
