"""The app factory: the one place where configuration is layered and blueprints are registered.

Defaults come from ``settings.SETTINGS``, then ``SDKG_*`` environment variables, then
the overrides a caller (the CLI or a test) passes in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask application around the published (or a given) store."""
    from service import settings
    from service.web import (
        caching,
        cite,
        clients,
        datasets,
        discovery,
        downloads,
        errors,
        graph_store,
        headers,
        health,
        limits,
        observe,
        ontology,
        pages,
        reconcile,
        reconcile_v1,
        releases,
        search,
        sparql,
        store_access,
    )

    app = Flask("service.web")
    app.config.from_mapping(settings.from_environment())
    app.config.update(overrides or {})
    store_access.init_app(app)
    headers.init_app(app)
    for blueprint in (
        health.bp,
        errors.bp,
        sparql.bp,
        graph_store.bp,
        pages.bp,
        search.bp,
        ontology.bp,
        downloads.bp,
        datasets.bp,
        reconcile.bp,
        reconcile_v1.bp,
        releases.bp,
        discovery.bp,
        cite.bp,
    ):
        app.register_blueprint(blueprint)
    # serving: who the client is, fair sharing, HTTP caching and compression, logs and metrics
    clients.init_app(app)
    limits.init_app(app)
    caching.init_app(app)
    observe.init_app(app)
    return app
