"""Builds that die: a partial folder is removed by the next build and never outlives a good build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from service import publish


def _fabricate(instance: Path, name: str, complete: bool, builder: int | None = None) -> Path:
    folder = instance / "builds" / name
    folder.mkdir(parents=True)
    (folder / "store").mkdir()
    if builder is not None:
        (folder / publish.BUILDER).write_text(str(builder))
    if complete:
        publish.mark_complete(folder, {"graphs": {}})
    return folder


def _dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def test_pruning_keeps_complete_builds_and_removes_abandoned_partial_ones(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    complete = [_fabricate(instance, f"2026010{n}T000000000000", True, _dead_pid()) for n in range(1, 6)]
    killed = _fabricate(instance, "20260107T000000000000", False, _dead_pid())
    older = _fabricate(instance, "20260106T000000000000", False)  # from before pids were written
    running = _fabricate(instance, "20260108T000000000000", False, os.getpid())
    (instance / "current").symlink_to(complete[0].relative_to(instance))

    publish.prune(instance)

    left = set((instance / "builds").iterdir())
    assert left == {complete[0], *complete[-publish.KEEP_BUILDS :], running}
    assert killed not in left and older not in left
    assert json.loads((complete[-1] / "build.json").read_text()) == {"graphs": {}}


def test_a_new_build_folder_clears_abandoned_ones_but_not_a_running_build(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    killed = _fabricate(instance, "20260101T000000000000", False, _dead_pid())
    running = _fabricate(instance, "20260102T000000000000", False, os.getpid())
    folder = publish.new_build_folder(instance)
    assert set((instance / "builds").iterdir()) == {running, folder}
    assert not killed.exists()
    assert (folder / publish.BUILDER).read_text() == str(os.getpid())
