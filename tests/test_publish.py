"""Builds that die: a killed build leaves no process behind, and its partial folder never outlives a good build."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from service import create_app
from service.build import publish
from service.build.pipeline import build
from tests.conftest import BASE, PROJECT, copy_project, settings_for

#: ``sdkg build`` with a SHACL Core check that takes minutes, so it is surely running when
#: the build is killed (on the fixture project the real check is over in a blink).
SLOW_CHECK_BUILD = (
    "import time\n"
    "from service.build.validation import shacl\n"
    "shacl.Validation.core = lambda *args: time.sleep(600)\n"
    "from service.cli import main\n"
    "main(['build'])\n"
)


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (read from /proc/*/stat, field 4)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _start_build(project: Path, instance: Path) -> tuple[subprocess.Popen, queue.Queue, threading.Thread]:
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT),
        "PYTHONUNBUFFERED": "1",
        "SDKG_SOURCE_DIR": str(project),
        "SDKG_INSTANCE_DIR": str(instance),
        "SDKG_BASE_IRI": BASE,
        "SDKG_SKIP_REASONER": "true",
    }
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_CHECK_BUILD],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=environment,
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True)
    reader.start()
    return process, lines, reader


def _wait_for_step(lines: queue.Queue, step: str, seen: list[str]) -> None:
    """Read progress lines until ``step`` has reported (60 s at most)."""
    deadline = time.monotonic() + 60
    while not (seen and seen[-1].startswith(f"[{step:>11}]")):
        seen.append(lines.get(timeout=max(deadline - time.monotonic(), 0.1)))


def test_a_killed_build_takes_its_check_along_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    project, instance = copy_project(tmp_path / "project"), tmp_path / "instance"
    process, lines, reader = _start_build(project, instance)
    checkers: set[int] = set()
    try:
        seen: list[str] = []
        _wait_for_step(lines, "check", seen)
        checkers |= _children(process.pid)
        _wait_for_step(lines, "load", seen)  # the folder is written; the check still runs
        checkers |= _children(process.pid)
        assert checkers and all(_running(pid) for pid in checkers), f"no running SHACL check: {seen}"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        assert _ended_within(checkers, 5.0), "the SHACL check outlived the build"
    finally:
        _end(process, checkers, reader)
    (partial,) = (instance / "builds").iterdir()
    assert not publish.is_complete(partial) and not (instance / "current").exists()

    settings = settings_for(project, instance)
    settings.skip_reasoner = True
    report = build(settings)
    assert list((instance / "builds").iterdir()) == [report.folder], "the partial folder is removed"
    assert publish.is_complete(report.folder)
    health = create_app({"INSTANCE_DIR": str(instance), "STORE": ""}).test_client().get("/healthz")
    assert health.get_json()["build"] == report.folder.name


def _ended_within(pids: set[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(_running(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _end(process: subprocess.Popen, started: set[int], reader: threading.Thread) -> None:
    """Whatever the test found, leave none of the processes it started running."""
    process.kill()
    process.wait(timeout=10)
    for pid in started:
        if _running(pid):
            os.kill(pid, signal.SIGKILL)
    reader.join(timeout=10)
    process.stdout.close()


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
