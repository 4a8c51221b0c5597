"""HTTP caching and compression.

A published build never changes, so every GET or HEAD answer from it is fixed by the
build and the request alone. Its ``ETag`` is a hash of the build (folder name and
build time), of the code and the settings that serve it, and of the request: method,
scheme, host, path, query string and the ``Accept`` and ``Accept-Encoding`` headers
(what answers vary on). So ``If-None-Match`` is answered before any work is done: a
304 costs no page rendering and no query. A writable scratch store or a remote
server can change under us: their answers get no such ``ETag`` and ``no-cache``.

``Cache-Control``: ``public, max-age=300`` for pages, data and query results (a new
build shows within five minutes, and revalidating is one cheap 304), ``public,
max-age=3600`` for the static files (their URLs carry no version), ``no-cache`` for
4xx answers (stored, but revalidated each time), ``no-store`` for 5xx and 429 (they
say something about that moment), for POST (updates and queries sent as forms) and
for ``/healthz`` and ``/metrics``. A view that sets its own ``Cache-Control`` keeps it.

Text answers over ``GZIP_MIN_BYTES`` are gzip-compressed for clients that accept it,
with ``Vary: Accept-Encoding``; streamed answers and files other than the static ones
are sent as they are.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from flask import Flask, Response, current_app, g, request

from service.store.built import StoreMissingError
from service.web.store_access import get_store, served_store

#: Answers about this moment rather than about the build.
LIVE_PATHS = ("/healthz", "/metrics")
PAGE_CACHE = "public, max-age=300"
STATIC_CACHE = "public, max-age=3600"
GZIP_MIN_BYTES = 1024
#: The static files are small; larger files (dumps) come compressed already or are sent whole.
GZIP_MAX_FILE_BYTES = 1 << 20
COMPRESSIBLE = {
    "application/json",
    "application/javascript",
    "application/ld+json",
    "application/n-quads",
    "application/n-triples",
    "application/rdf+xml",
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "application/trig",
    "application/xml",
    "image/svg+xml",
}
_CONDITIONAL_METHODS = ("GET", "HEAD")


def code_fingerprint() -> str:
    """Names, sizes and times of the package's files: a deploy of other code changes every ETag."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _settings_fingerprint(app: Flask) -> str:
    from service.settings import DEFAULTS

    shown = {name: app.config.get(name) for name in sorted(DEFAULTS) if name != "ADMIN_TOKEN"}
    shown["ADMIN_TOKEN"] = bool(app.config.get("ADMIN_TOKEN"))
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def build_etag() -> str | None:
    """The ETag of this request's answer, when it comes from a published build; else None."""
    if "sdkg_etag" in g:
        return g.sdkg_etag
    g.sdkg_etag = _compute_etag()
    return g.sdkg_etag


def _compute_etag() -> str | None:
    if request.method not in _CONDITIONAL_METHODS or request.path in LIVE_PATHS:
        return None
    try:
        release = served_store().release()
        built = get_store()
    except StoreMissingError:
        return None
    if release is None:
        return None  # a scratch store or a remote server: its answers can change any time
    parts = [
        current_app.extensions["sdkg.fingerprint"],
        built.folder.name,
        str(built.info.get("built", "")),
        "GET",  # a HEAD answer is the GET answer without its body
        request.scheme,
        request.host,
        request.root_path,
        request.path,
        request.query_string.decode("latin-1"),
        request.headers.get("Accept", ""),
        request.headers.get("Accept-Encoding", ""),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def _not_modified() -> Response | None:
    """304 before any work when the client holds the current answer."""
    etag = build_etag()
    if etag is not None and request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        del response.headers["Content-Type"]
        response.set_etag(etag)
        response.vary.update(("Accept", "Accept-Encoding"))
        return response
    return None


def _cache_headers(response: Response) -> Response:
    status = response.status_code
    if (
        request.method not in _CONDITIONAL_METHODS
        or request.path in LIVE_PATHS
        or status >= 500
        or status == 429
    ):
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("ETag", None)
        return response
    etag = build_etag()
    if etag is None:
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache"
        return response
    if "ETag" not in response.headers or request.endpoint == "static":
        response.set_etag(etag)  # a dump keeps send_file's own (size and time of the file), for ranges
    if request.endpoint == "static":
        response.headers["Cache-Control"] = STATIC_CACHE
    elif status >= 400:
        response.headers["Cache-Control"] = "no-cache"
    elif "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = PAGE_CACHE
    return response


def compressible(mimetype: str | None) -> bool:
    """Whether an answer of this media type is text that gzip shrinks.

    >>> compressible("text/turtle"), compressible("application/sparql-results+json"), compressible("image/png")
    (True, True, False)
    """
    if not mimetype:
        return False
    return mimetype.startswith("text/") or mimetype in COMPRESSIBLE or mimetype.endswith(("+json", "+xml"))


def _compress(response: Response) -> Response:
    if not compressible(response.mimetype) or "Content-Encoding" in response.headers:
        return response
    response.vary.add("Accept-Encoding")
    if response.status_code != 200 or request.accept_encodings["gzip"] <= 0:
        return response
    if response.direct_passthrough:  # a file: only the static ones, which are small
        if request.endpoint != "static" or (response.content_length or 0) > GZIP_MAX_FILE_BYTES:
            return response
        _read_file(response)
    elif response.is_streamed:
        return response
    data = response.get_data()
    if len(data) < GZIP_MIN_BYTES:
        return response
    response.set_data(gzip.compress(data, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


def _read_file(response: Response) -> None:
    """Turn a file answer into bytes, closing the file at once."""
    body = response.response
    try:
        data = b"".join(part if isinstance(part, bytes) else part.encode() for part in body)
    finally:
        if hasattr(body, "close"):
            body.close()
    response.direct_passthrough = False
    response.set_data(data)


def init_app(app: Flask) -> None:
    app.extensions["sdkg.fingerprint"] = hashlib.sha256(
        (code_fingerprint() + _settings_fingerprint(app)).encode()
    ).hexdigest()
    app.before_request(_not_modified)
    app.after_request(_cache_headers)
    app.after_request(_compress)
