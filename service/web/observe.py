"""What the server did: a JSON access log, and Prometheus metrics at ``/metrics``.

The access log has one JSON line per request (``ACCESS_LOG``: standard error, a file,
or nothing): ``time`` (UTC), ``method``, ``path``, ``route`` (the URL rule, so that
``/doc/…`` pages group), ``status``, ``bytes`` (of the body as sent, after
compression), ``duration_ms``, ``client`` (as ``TRUSTED_PROXIES`` makes it out) and,
for /sparql, ``query_sha256``: a hash of the query or update text, which tells the
same query again without writing it down. Lines are written with one ``write`` on a
file opened for appending, so the lines of several server processes do not mix.

Metrics (text exposition format, ``prometheus_client``): requests by route, method
and status; request duration by route; the duration of SPARQL queries and updates
at /sparql; query worker restarts by reason (``timeout``, ``cancelled``: the client
went away, ``crash``) and query timeouts. Under ``sdkg serve`` the counters of all
server processes add up: ``prometheus_client``'s multiprocess mode, with its files in
the runtime folder the master made (``service.web.wsgi``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request
from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from service.sparql import request as protocol
from service.store import workers
from service.web.clients import current_client

REQUESTS = Counter("sdkg_http_requests", "HTTP requests answered", ["route", "method", "status"])
REQUEST_SECONDS = Histogram(
    "sdkg_http_request_duration_seconds",
    "Time to answer an HTTP request (until the body is ready)",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
QUERY_SECONDS = Histogram(
    "sdkg_query_duration_seconds",
    "Time to answer a SPARQL query or update at /sparql",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
WORKER_RESTARTS = Counter(
    "sdkg_query_worker_restarts", "Query workers killed or found dead, and replaced", ["reason"]
)
QUERY_TIMEOUTS = Counter("sdkg_query_timeouts", "Queries stopped at their QUERY_TIMEOUT")


def _worker_restarted(reason: str) -> None:
    WORKER_RESTARTS.labels(reason).inc()
    if reason == "timeout":
        QUERY_TIMEOUTS.inc()


workers.RESTART_LISTENERS.append(_worker_restarted)

bp = Blueprint("observe", __name__)


@bp.get("/metrics")
def metrics() -> Response:
    """Every counter of every server process, in the Prometheus text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_PLAIN_0_0_4)


class AccessLog:
    """One JSON line per request, appended with a single write."""

    def __init__(self, target: str) -> None:
        if target == "-":
            self.fd = 2
        else:
            self.fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        with contextlib.suppress(OSError):  # a full disk or a closed stderr must not fail the request
            os.write(self.fd, line.encode("utf-8"))


def query_sha256() -> str | None:
    """The hash of the query or update text of a /sparql request, if it has one."""
    try:
        operation = protocol.parse(request, int(current_app.config["MAX_QUERY_BYTES"]))
    except Exception:
        return None
    text = operation.query if operation.query is not None else operation.update
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def _note(response: Response) -> Response:
    """Leave what only Flask knows (route, client, query) in the environ for the middleware."""
    environ = request.environ
    environ["sdkg.route"] = request.url_rule.rule if request.url_rule is not None else "unmatched"
    environ["sdkg.client"] = current_client()
    if request.path == "/sparql":
        environ["sdkg.query_sha256"] = query_sha256()
    return response


class Observer:
    """WSGI middleware around the Flask app: times each request, counts it, logs it."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], log: AccessLog | None) -> None:
        self.wsgi_app = wsgi_app
        self.log = log

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.perf_counter()
        seen: dict[str, Any] = {}

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"] = int(status[:3])
            seen["length"] = next((v for k, v in headers if k.lower() == "content-length"), None)
            return start_response(status, headers, exc_info)

        try:
            body = self.wsgi_app(environ, start)
        except BaseException:
            self.record(environ, 500, 0, started)
            raise
        if environ.get("REQUEST_METHOD") == "HEAD":
            self.record(environ, seen.get("status", 500), 0, started)
            return body
        if seen.get("length") is not None:
            self.record(environ, seen.get("status", 500), int(seen["length"]), started)
            return body
        return _Counted(body, lambda sent: self.record(environ, seen.get("status", 500), sent, started))

    def record(self, environ: dict[str, Any], status: int, sent: int, started: float) -> None:
        seconds = time.perf_counter() - started
        route = environ.get("sdkg.route", "unmatched")
        method = environ.get("REQUEST_METHOD", "")
        REQUESTS.labels(route, method, str(status)).inc()
        REQUEST_SECONDS.labels(route).observe(seconds)
        digest = environ.get("sdkg.query_sha256")
        if digest and status not in (304, 429):
            QUERY_SECONDS.observe(seconds)
        if self.log is None:
            return
        record = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "method": method,
            "path": environ.get("PATH_INFO", ""),
            "route": route,
            "status": status,
            "bytes": sent,
            "duration_ms": round(seconds * 1000, 1),
            "client": environ.get("sdkg.client") or environ.get("REMOTE_ADDR", "-"),
        }
        if digest:
            record["query_sha256"] = digest
        self.log.write(record)


class _Counted:
    """A streamed body, counted as it is sent; recorded when the server closes it."""

    def __init__(self, body: Iterable[bytes], done: Callable[[int], None]) -> None:
        self.body, self.done, self.sent = body, done, 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.body:
            self.sent += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.done(self.sent)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.after_request(_note)
    target = app.config["ACCESS_LOG"]
    log = AccessLog(target) if target and not app.testing else None
    app.wsgi_app = Observer(app.wsgi_app, log)  # type: ignore[method-assign]
