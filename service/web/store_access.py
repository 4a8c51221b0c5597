"""The one store a running app serves, opened once per process and shared by requests.

``STORE`` chooses it: empty for the published build, a folder for another build (or,
with ``WRITABLE``, a scratch store), or an http(s) URL of a SPARQL 1.1 server. The
engine that answers SPARQL for it (``get_engine``) lives beside it.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from service.store import built as stores

_engine_lock = threading.Lock()


def init_app(app: Flask) -> None:
    location, instance = app.config["STORE"], Path(app.config["INSTANCE_DIR"])
    if location.startswith(("http://", "https://")):
        from service.store.remote import RemoteStore

        holder: Any = RemoteStore(location, app.config)
    elif app.config.get("WRITABLE"):
        from service.store.scratch import ScratchStore

        folder = Path(location) if location else instance / "scratch"
        holder = ScratchStore(folder, int(app.config["QUERY_MEMORY_MB"]), float(app.config["QUERY_TIMEOUT"]))
    else:
        holder = stores.open_store(location, instance)
    app.extensions["sdkg.store"] = holder
    app.extensions["sdkg.engine"] = None


def get_store() -> stores.BuiltStore:
    """The built store to answer from (the newest published build, followed on swap)."""
    holder = current_app.extensions["sdkg.store"]
    return holder.get() if hasattr(holder, "get") else holder


def get_engine() -> Any:
    """The SPARQL engine of this app: the embedded worker pool, or a remote server."""
    with _engine_lock:
        engine = current_app.extensions.get("sdkg.engine")
        if engine is None:
            engine = _make_engine(current_app)
            current_app.extensions["sdkg.engine"] = engine
            atexit.register(engine.close)
        return engine


def _make_engine(app: Flask) -> Any:
    from service.namespaces import PREFIXES

    holder = app.extensions["sdkg.store"]
    if hasattr(holder, "engine"):
        return holder.engine(PREFIXES)
    from service.store.engine import EmbeddedEngine

    return EmbeddedEngine(holder, dict(app.config), dict(PREFIXES))
