"""Error answers in the format the client can read: plain text, JSON or HTML.

Views raise typed errors and never build an error answer themselves: werkzeug's
``HTTPException``s (``abort(404)``, ``NotAcceptable(…)``) and the errors of the lower
layers, each with its HTTP status in ``ERRORS``. One handler, registered here for
each of them, answers with the negotiated body. Anything else is a bug: tests see the
exception, clients a 500 with werkzeug's generic message, never a traceback.

SPARQL clients show the body of an error to their user (SPARQLWrapper puts it in
the exception, YASGUI in the result pane), so the message says what went wrong and,
for a malformed query, where: the parser's line and column.

A message may quote the client's own input (a query, a path), so no form lets it act
as markup: the HTML body is escaped, the JSON body writes ``<``, ``>``, ``&`` and ``'``
as ``\\u`` escapes (the same string once parsed), and plain text goes out as
``text/plain`` with ``nosniff`` (``service.web.headers``), which no browser renders as HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, render_template_string, request
from jinja2.utils import htmlsafe_json_dumps
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from service.sparql import formats
from service.sparql.gate import FederationError
from service.sparql.iri import InvalidIriError
from service.sparql.request import ProtocolError
from service.store.built import StoreMissingError
from service.store.engine import ReadOnlyError
from service.store.workers import EngineError, QueryTimeoutError, WorkerCrashError

ERROR_TYPES = ("text/plain", "application/json", formats.HTML)

#: ``autoescape`` stated in the template itself, so escaping does not hang on how
#: Flask treats a template without a file name.
_HTML = """{% autoescape true %}<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ status }} {{ title }}</title></head>
<body><h1>{{ status }} {{ title }}</h1><pre>{{ message }}</pre></body></html>{% endautoescape %}"""


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A negotiated error body with the given status (text/plain unless the client prefers other)."""
    media_type = formats.negotiate(request.accept_mimetypes, ERROR_TYPES) or "text/plain"
    title = _title(status)
    if media_type == "application/json":
        response = _json(status, title, message)
    elif media_type == formats.HTML:
        response = Response(render_template_string(_HTML, status=status, title=title, message=message))
        response.content_type = formats.content_type(formats.HTML)
    else:
        response = Response(message + "\n", content_type=formats.content_type("text/plain"))
    response.status_code = status
    response.headers.update(headers or {})
    return response


def _json(status: int, title: str, message: str) -> Response:
    """The JSON error, with the characters HTML gives meaning to written as escapes."""
    body = htmlsafe_json_dumps({"status": status, "error": title, "message": message})
    return Response(body + "\n", content_type="application/json")


def _title(status: int) -> str:
    return HTTP_STATUS_CODES.get(status, "Error")


def _http(error: HTTPException) -> tuple[int, dict[str, str]]:
    headers = dict(error.get_response().headers)
    headers.pop("Content-Type", None)
    headers.pop("Content-Length", None)
    return error.code or 500, headers


def _status(
    status: int, headers: dict[str, str] | None = None
) -> Callable[[Any], tuple[int, dict[str, str]]]:
    return lambda _: (status, headers or {})


#: Every error a request may end in -> (status, headers) of its answer; the message is the error's own.
ERRORS: dict[type[Exception], Callable[[Any], tuple[int, dict[str, str]]]] = {
    HTTPException: _http,  # abort(404), NotAcceptable(…) …: werkzeug's typed errors
    ProtocolError: lambda e: (e.status, e.headers),  # 400, 405, 413, 415: what the protocol allows
    InvalidIriError: lambda e: (e.status, {}),  # 400, or 404 for a request path that is no IRI
    FederationError: _status(403),  # SERVICE or LOAD the gate refused
    ReadOnlyError: _status(403),  # a write to the published build or to a remote store
    EngineError: lambda e: (400 if e.syntax else 500, {}),  # a malformed request, or the engine failed
    QueryTimeoutError: _status(503, {"Retry-After": "1"}),  # stopped at its time limit: try again
    WorkerCrashError: _status(500),  # the query ended its worker
    StoreMissingError: _status(503),  # nothing published yet
}
#: The errors that have an answer: what a view may catch to answer otherwise (the query page).
HANDLED = tuple(ERRORS)


def status_of(error: Exception) -> tuple[int, dict[str, str]]:
    """The status and headers of the answer to one of the ``HANDLED`` errors (the most specific entry)."""
    entry = next(cls for cls in type(error).__mro__ if cls in ERRORS)
    return ERRORS[entry](error)


def message_of(error: Exception) -> str:
    return (error.description or "") if isinstance(error, HTTPException) else str(error)


#: Registered like a blueprint so that create_app keeps one list of what it installs.
bp = Blueprint("errors", __name__)


def handle(error: Exception) -> Response:
    """The one error handler: the negotiated error body with the error's status and headers."""
    status, headers = status_of(error)
    return error_response(status, message_of(error), headers)


for _error in ERRORS:
    bp.app_errorhandler(_error)(handle)
