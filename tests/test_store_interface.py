"""Every kind of store implements the one store interface, and so does each engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.settings import DEFAULTS
from service.store.built import BuiltStore, StoreMissingError
from service.store.engine import EmbeddedEngine
from service.store.interface import Engine, ServedStore
from service.store.remote import RemoteEngine, RemoteStore
from service.store.scratch import ScratchStore
from service.store.served import GivenBuild, PublishedStore


def test_the_published_and_a_given_build_are_served_stores(site_build, tmp_path: Path) -> None:
    given = GivenBuild(site_build.folder)
    for store in (given, PublishedStore(tmp_path)):
        assert isinstance(store, ServedStore) and not store.writable
        engine = store.engine(DEFAULTS)
        assert isinstance(engine, Engine) and isinstance(engine, EmbeddedEngine)
        engine.close()
    assert isinstance(given.get(), BuiltStore) and given.release() == site_build.folder.name
    with pytest.raises(StoreMissingError):
        PublishedStore(tmp_path).get()


def test_a_scratch_store_is_a_writable_served_store(tmp_path: Path) -> None:
    store = ScratchStore(tmp_path / "scratch", 512, 5.0)
    try:
        assert isinstance(store, ServedStore) and store.writable
        assert isinstance(store.engine(DEFAULTS), Engine)
    finally:
        store.close()


def test_a_remote_server_is_a_served_store_without_pages() -> None:
    store = RemoteStore("http://127.0.0.1:9/query", DEFAULTS)
    assert isinstance(store, ServedStore) and not store.writable
    assert isinstance(store.engine(DEFAULTS), RemoteEngine)
    with pytest.raises(StoreMissingError, match="SPARQL endpoint"):
        store.get()
