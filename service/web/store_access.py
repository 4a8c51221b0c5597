"""The one store a running app serves, opened once per process and shared by requests.

``STORE`` chooses it: empty for the published build, a folder for another build (or,
with ``WRITABLE``, a scratch store), or an http(s) URL of a SPARQL 1.1 server. The
engine that answers SPARQL for it (``get_engine``) lives beside it.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

from flask import Flask, current_app

from service.store import built as stores
from service.store.interface import Engine, ServedStore
from service.store.served import open_store

_engine_lock = threading.Lock()


def init_app(app: Flask) -> None:
    location, instance = app.config["STORE"], Path(app.config["INSTANCE_DIR"])
    if location.startswith(("http://", "https://")):
        from service.store.remote import RemoteStore

        holder: ServedStore = RemoteStore(location, app.config)
    elif app.config.get("WRITABLE"):
        from service.store.scratch import ScratchStore

        folder = Path(location) if location else instance / "scratch"
        holder = ScratchStore(folder, int(app.config["QUERY_MEMORY_MB"]), float(app.config["QUERY_TIMEOUT"]))
    else:
        holder = open_store(location, instance)
    app.extensions["sdkg.store"] = holder
    app.extensions["sdkg.engine"] = None
    atexit.register(holder.close)


def served_store() -> ServedStore:
    """The store this app serves."""
    return current_app.extensions["sdkg.store"]


def get_store() -> stores.BuiltStore:
    """The built store the pages read (the newest published build, followed on swap)."""
    return served_store().get()


def get_engine() -> Engine:
    """The SPARQL engine of this app: the embedded worker pool, or a remote server."""
    with _engine_lock:
        engine = current_app.extensions.get("sdkg.engine")
        if engine is None:
            engine = _make_engine(current_app)
            current_app.extensions["sdkg.engine"] = engine
            atexit.register(engine.close)
        return engine


def _make_engine(app: Flask) -> Engine:
    return app.extensions["sdkg.store"].engine(dict(app.config))
