"""``/healthz``: is there a store, how big is it and when was it built."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from service.store.built import StoreMissingError
from service.web.store_access import get_store

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Report the store's triple count and build time; 503 when nothing is published."""
    try:
        built = get_store()
    except StoreMissingError as error:
        return jsonify(status="unavailable", error=str(error)), 503
    return jsonify(
        status="ok",
        triples=built.triple_count(),
        built=built.info.get("built"),
        build=built.folder.name,
        graphs=built.info.get("graphs", {}),
    ), 200
