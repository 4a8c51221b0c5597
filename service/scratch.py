"""A writable scratch store, for administrators and the conformance runner.

The published build is read-only. A scratch store (``sdkg serve --store DIR
--writable``) accepts SPARQL Update and Graph Store Protocol writes with the admin
token. One writer process owns the RocksDB store; after a write, the next reader
gets a fresh read-only snapshot (a RocksDB checkpoint: hard links, milliseconds),
just as a server follows a newly published build. So queries still run in the
killable workers, and never read a store another process is writing, which RocksDB
does not allow. Its default graph is the store's own default graph.
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

from service.store import BuiltStore
from service.workers import WorkerPool

KEEP_SNAPSHOTS = 3


class ScratchStore:
    """A writable store behind one writer worker, read through snapshots."""

    writable = True

    def __init__(self, folder: Path, memory_mb: int, timeout: float) -> None:
        self.folder = folder
        self.snapshots = folder / "snapshots"
        shutil.rmtree(self.snapshots, ignore_errors=True)
        self.snapshots.mkdir(parents=True)
        self.writer = WorkerPool(1, memory_mb, timeout, writable=str(folder / "live"))
        self._lock = threading.Lock()
        self._current: BuiltStore | None = None
        self._serial = 0

    def write(self, task: dict[str, Any]) -> Any:
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
        self.writer.run({"kind": "snapshot", "target": str(target / "store")})
        (target / "build.json").write_text(json.dumps({"default_graph": None, "scratch": True}))
        for old in sorted(self.snapshots.iterdir())[:-KEEP_SNAPSHOTS]:
            shutil.rmtree(old, ignore_errors=True)
        return BuiltStore.open(target)

    def close(self) -> None:
        self.writer.close()
