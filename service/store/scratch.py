"""A writable scratch store, for administrators and the conformance runner.

The published build is read-only. A scratch store (``sdkg serve --store DIR
--writable``) accepts SPARQL Update and Graph Store Protocol writes with the admin
token. One writer process owns the RocksDB store; after a write, the next reader
gets a fresh read-only snapshot (a RocksDB checkpoint: hard links, milliseconds),
just as a server follows a newly published build. So queries still run in the
killable workers, and never read a store another process is writing, which RocksDB
does not allow. Its default graph is the store's own default graph.

"One writer process" is enforced, not assumed: the store takes an exclusive
``flock`` on ``<folder>/lock`` before it touches the folder and holds it for the
life of the process. A second server on the same folder would otherwise clear the
first one's snapshots and answer every request 500, as RocksDB refuses it the store;
now it stops at start-up with ``StoreInUseError``.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from service.store import tasks
from service.store.built import BuiltStore
from service.store.engine import EmbeddedEngine
from service.store.workers import WorkerPool

KEEP_SNAPSHOTS = 3
LOCK_FILE = "lock"


class StoreInUseError(RuntimeError):
    """Another process already serves this scratch store."""


def take_lock(folder: Path) -> IO[str]:
    """The open lock file of ``folder``, locked for this process; raises StoreInUseError.

    The lock goes with the open file, so it ends when the file is closed or the
    process ends, however it ends: a crashed server leaves no stale lock behind.
    """
    folder.mkdir(parents=True, exist_ok=True)
    handle = (folder / LOCK_FILE).open("a+", encoding="ascii")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as error:
        raise _in_use(folder, handle) from error
    handle.truncate(0)
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def _in_use(folder: Path, handle: IO[str]) -> StoreInUseError:
    """The refusal, naming the process that holds the lock (its pid is the file's content)."""
    handle.seek(0)
    holder = handle.read().strip() or "?"
    handle.close()
    return StoreInUseError(
        f"scratch-store {folder} is al in gebruik door proces {holder} / "
        f"the scratch store is in use by process {holder}"
    )


class ScratchStore:
    """A writable store behind one writer worker, read through snapshots."""

    writable = True

    def __init__(self, folder: Path, memory_mb: int, timeout: float) -> None:
        self.folder = folder
        self._lock_file = take_lock(folder)  # before anything in the folder is touched
        self.snapshots = folder / "snapshots"
        shutil.rmtree(self.snapshots, ignore_errors=True)
        self.snapshots.mkdir(parents=True)
        self.writer = WorkerPool(1, memory_mb, timeout, writable=str(folder / "live"))
        self._lock = threading.Lock()
        self._current: BuiltStore | None = None
        self._serial = 0

    def engine(self, config: Mapping[str, Any]) -> EmbeddedEngine:
        return EmbeddedEngine(self, config)

    def release(self) -> str | None:
        """None: every write changes what the store answers."""
        return None

    def write(self, task: tasks.Task) -> Any:
        """Run a write task on the writer; the next read sees its effect."""
        with self._lock:
            try:
                return self.writer.run(task)
            finally:
                self._current = None

    def get(self) -> BuiltStore:
        """A read-only snapshot that includes every write made so far."""
        with self._lock:
            if self._current is None:
                self._current = self._snapshot()
            return self._current

    def _snapshot(self) -> BuiltStore:
        self._serial += 1
        target = self.snapshots / f"{self._serial:08d}"
        target.mkdir()
        self.writer.run(tasks.Snapshot(str(target / "store")))
        (target / "build.json").write_text(json.dumps({"default_graph": None, "scratch": True}))
        for old in sorted(self.snapshots.iterdir())[:-KEEP_SNAPSHOTS]:
            shutil.rmtree(old, ignore_errors=True)
        return BuiltStore.open(target)

    def close(self) -> None:
        """Stop the writer; the lock goes with the process (or with ``release``)."""
        self.writer.close()
        self._lock_file.close()
