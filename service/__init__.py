"""Sociaal Domein Kennisgraaf: the knowledge graph of the Dutch social-domain decentralisations.

The folders are the layers, and imports point down only: ``web`` (Flask) uses
``render`` and ``models``, which use ``store`` and ``sparql``; ``build`` writes what
``store`` serves. ``settings``, ``namespaces`` and ``cli`` sit beside them.
``create_app`` is here so that ``flask --app service`` finds it; it lives in
``service.web.app``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask application (``service.web.app.create_app``)."""
    from service.web.app import create_app as create

    return create(overrides)
