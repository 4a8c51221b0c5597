"""The embedded stores an app can serve: the published build (followed on swap), or one given build.

Both are read-only and implement ``interface.ServedStore``; a scratch store
(``scratch``) and a remote server (``remote``) are the other two kinds. A built
store lives in ``<instance>/builds/<stamp>/store``; ``<instance>/current`` is a
symbolic link to the published build. Swapping that link is atomic, so a server
that follows it moves to a new build between two requests and never sees half a
build.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from service.store.built import BuiltStore, StoreMissingError
from service.store.engine import EmbeddedEngine
from service.store.interface import ServedStore


class GivenBuild:
    """One build folder, served as it is (``STORE=<folder>``)."""

    writable = False

    def __init__(self, folder: Path) -> None:
        self.built = BuiltStore.open(folder)

    def get(self) -> BuiltStore:
        return self.built

    def release(self) -> str | None:
        return self.built.folder.name

    def engine(self, config: Mapping[str, Any]) -> EmbeddedEngine:
        return EmbeddedEngine(self, config)

    def close(self) -> None:
        """The read-only store needs no closing; its files stay as the build left them."""


class PublishedStore:
    """Follows ``<instance>/current`` and reopens when a new build is published."""

    writable = False

    def __init__(self, instance_dir: Path) -> None:
        self.link = instance_dir / "current"
        self._target: str | None = None
        self._built: BuiltStore | None = None

    def get(self) -> BuiltStore:
        try:
            target = os.readlink(self.link)
        except OSError as error:
            raise StoreMissingError(f"no published build at {self.link}: run `sdkg build`") from error
        if target != self._target or self._built is None:
            self._built = BuiltStore.open(self.link.parent / target)
            self._target = target
        return self._built

    def release(self) -> str | None:
        return self.get().folder.name

    def engine(self, config: Mapping[str, Any]) -> EmbeddedEngine:
        return EmbeddedEngine(self, config)

    def close(self) -> None:
        """Nothing to release: each build is opened read-only."""


def open_store(location: str, instance_dir: Path) -> ServedStore:
    """The store named by the STORE setting: the published build or a given build folder."""
    if not location:
        return PublishedStore(instance_dir)
    return GivenBuild(Path(location))
