"""Error answers in the format the client can read: plain text, JSON or HTML.

SPARQL clients show the body of an error to their user (SPARQLWrapper puts it in
the exception, YASGUI in the result pane), so the message says what went wrong and,
for a malformed query, where: the parser's line and column.

A message may quote the client's own input (a query, a path), so no form lets it act
as markup: the HTML body is escaped, the JSON body writes ``<``, ``>``, ``&`` and ``'``
as ``\\u`` escapes (the same string once parsed), and plain text goes out as
``text/plain`` with ``nosniff`` (``service.web.headers``), which no browser renders as HTML.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template_string, request
from jinja2.utils import htmlsafe_json_dumps
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from service.sparql import formats
from service.sparql.iri import InvalidIriError
from service.sparql.request import ProtocolError

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


#: Registered like a blueprint so that create_app keeps one list of what it installs.
bp = Blueprint("errors", __name__)


@bp.app_errorhandler(ProtocolError)
def _protocol_error(error: ProtocolError) -> Response:
    return error_response(error.status, error.message, error.headers)


@bp.app_errorhandler(InvalidIriError)
def _invalid_iri(error: InvalidIriError) -> Response:
    return error_response(error.status, str(error))


@bp.app_errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    headers = dict(error.get_response().headers)
    headers.pop("Content-Type", None)
    headers.pop("Content-Length", None)
    return error_response(error.code or 500, error.description or "", headers)
