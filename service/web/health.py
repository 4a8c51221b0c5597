"""``/healthz``: readiness. Is there a store, does a query worker answer, how big is it, when was it built.

200 when the store is open and a query worker of this server process answers
``ASK {}`` within ``PROBE_SECONDS``; 503 otherwise, with the reason. The probe runs
in a thread of its own, one at a time per process, so a load balancer that asks
often while every worker is busy does not pile up requests: it waits for the probe
already under way.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, cast

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from service.sparql import formats
from service.sparql.request import SparqlRequest
from service.store.built import StoreMissingError
from service.web.store_access import get_engine, get_store

bp = Blueprint("health", __name__)

#: How long the readiness probe waits for a query worker's answer.
PROBE_SECONDS = 2.0
_JSON = formats.Choice("application/sparql-results+json", None)


class _Probe:
    """At most one ``ASK {}`` in flight per app and process; callers share its answer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Future[str | None] | None = None

    def check(self, app: Flask, base: str, timeout: float) -> str | None:
        """None when a worker answered, else why not."""
        with self._lock:
            if self._pending is None or self._pending.done():
                self._pending = Future()
                threading.Thread(target=_ask, args=(app, base, self._pending), daemon=True).start()
            pending = self._pending
        try:
            return pending.result(timeout)
        except FutureTimeout:
            return f"no query worker answered ASK {{}} within {timeout:g} s (all busy?)"


def _ask(app: Flask, base: str, future: Future[str | None]) -> None:
    try:
        with app.app_context():
            answer = get_engine().query(SparqlRequest(query="ASK {}"), _JSON, base, 1)
        body = answer.read()
        future.set_result(None if b"true" in body else f"ASK {{}} answered {body[:200]!r}")
    except Exception as error:  # every failure is a reason to be unready
        future.set_result(f"{type(error).__name__}: {error}")


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """The store's triple count and build time, and whether queries are answered; 503 when not ready."""
    try:
        built = get_store()
    except StoreMissingError as error:
        return jsonify(status="unavailable", error=str(error)), 503
    probe = current_app.extensions.setdefault("sdkg.health_probe", _Probe())
    app = cast(Any, current_app)._get_current_object()  # the app behind the proxy, for the probe's thread
    failure = probe.check(app, request.url_root + "sparql", PROBE_SECONDS)
    body = {
        "status": "ok" if failure is None else "unavailable",
        "query": "ok" if failure is None else failure,
        "triples": built.triple_count(),
        "built": built.info.get("built"),
        "build": built.folder.name,
        "graphs": built.info.get("graphs", {}),
    }
    if failure is not None:
        body["error"] = failure
    return jsonify(body), 200 if failure is None else 503
