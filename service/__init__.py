"""Sociaal Domein Kennisgraaf: the knowledge graph of the Dutch social-domain decentralisations.

``create_app`` is the one place where configuration is layered and blueprints are
registered: defaults from ``settings.SETTINGS``, then ``SDKG_*`` environment
variables, then the overrides a caller (the CLI or a test) passes in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask application around the published (or a given) store."""
    from service import (
        datasets,
        downloads,
        errors,
        gsp,
        headers,
        health,
        ontology_docs,
        pages,
        search,
        settings,
        sparql,
        store_access,
    )

    app = Flask(__name__)
    app.config.from_mapping(settings.from_environment())
    app.config.update(overrides or {})
    store_access.init_app(app)
    headers.init_app(app)
    for blueprint in (
        health.bp,
        errors.bp,
        sparql.bp,
        gsp.bp,
        pages.bp,
        search.bp,
        ontology_docs.bp,
        downloads.bp,
        datasets.bp,
    ):
        app.register_blueprint(blueprint)
    return app
