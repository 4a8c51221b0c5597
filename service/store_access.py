"""The one store a running app serves, opened once per process and shared by requests."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from service import store as stores


def init_app(app: Flask) -> None:
    app.extensions["sdkg.store"] = stores.open_store(app.config["STORE"], Path(app.config["INSTANCE_DIR"]))


def get_store() -> stores.BuiltStore:
    """The built store to answer from (the newest published build, followed on swap)."""
    holder = current_app.extensions["sdkg.store"]
    return holder.get() if isinstance(holder, stores.PublishedStore) else holder
