"""An HTTP request -> one SPARQL 1.1 Protocol operation, or a ProtocolError.

SPARQL 1.1 Protocol §2.1 (query) and §2.2 (update): a query comes by GET ``?query=``,
by POST form-encoded or by POST ``application/sparql-query``; an update only by POST
form-encoded or ``application/sparql-update``. The dataset parameters are
``default-graph-uri``/``named-graph-uri`` (query) and ``using-graph-uri``/
``using-named-graph-uri`` (update). Anything else is a client error: 400 for a
malformed request (a graph parameter that is no IRI, percent-escapes that are no
UTF-8, ``query`` both in the URL and in a form body), 405 for another method, 413
for an oversized query, 415 for another media type or charset.

The request is werkzeug's ``Request``, the class Flask's request subclasses, so this
layer needs no Flask.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request

from service.sparql.iri import InvalidIriError, check_iri

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
METHODS = ("GET", "HEAD", "POST")


class ProtocolError(Exception):
    """A request the protocol does not allow; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class SparqlRequest:
    """One protocol operation: a query, an update, or neither (a bare GET)."""

    query: str | None = None
    update: str | None = None
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    format: str | None = None

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graph_uris or self.named_graph_uris)


def parse(request: Request, max_bytes: int) -> SparqlRequest:
    """Read the operation from a request; raises ProtocolError."""
    if request.method not in METHODS:
        raise ProtocolError(
            405, f"{request.method} is not allowed here; use GET or POST", {"Allow": "GET, POST"}
        )
    _check_utf8(request.query_string, "the URL's query string")
    if request.method == "POST":
        _check_length(request, max_bytes)
        params, query, update = _post(request)
    else:
        if "update" in request.args:
            raise ProtocolError(400, "an update must be sent with POST (SPARQL 1.1 Protocol §2.2)")
        params, query, update = request.args, _single(request.args, "query"), None
    for text in (query, update):
        if text is not None and len(text.encode("utf-8")) > max_bytes:
            raise ProtocolError(413, f"the request is larger than {max_bytes} bytes")
    graph_keys = ("using-graph-uri", "using-named-graph-uri") if update is not None else _QUERY_GRAPH_KEYS
    return SparqlRequest(
        query=query,
        update=update,
        default_graph_uris=_graph_uris(params, graph_keys[0]),
        named_graph_uris=_graph_uris(params, graph_keys[1]),
        format=params.get("format") or None,
    )


def _graph_uris(params: MultiDict, key: str) -> tuple[str, ...]:
    """The values of one dataset parameter, each an IRI (SPARQL 1.1 Protocol §2.1.4)."""
    try:
        return tuple(check_iri(value) for value in params.getlist(key))
    except InvalidIriError as error:
        raise ProtocolError(400, f"{key}: {error}") from error


def _check_utf8(encoded: bytes, where: str) -> None:
    """Percent-escapes must decode to UTF-8 (RFC 3986 §2.5); Werkzeug would put U+FFFD in their place."""
    try:
        unquote_to_bytes(encoded).decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(
            400, f"{where} is not valid UTF-8 after percent-decoding ({error.reason})"
        ) from error


_QUERY_GRAPH_KEYS = ("default-graph-uri", "named-graph-uri")


def _post(request: Request) -> tuple[MultiDict, str | None, str | None]:
    media_type = request.mimetype
    if media_type not in (FORM, QUERY_TYPE, UPDATE_TYPE):
        shown = media_type or "no Content-Type"
        raise ProtocolError(415, f"POST {shown} is not supported; use {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")
    if "query" in request.args or "update" in request.args:
        # §2.1.2: a form carries every parameter in its body; §2.1.3: the body is the operation
        raise ProtocolError(400, "a POST carries the operation in its body, not as a URL parameter")
    if media_type == FORM:
        return _form(request)
    text = _body_text(request)
    return (
        request.args,
        (text if media_type == QUERY_TYPE else None),
        (text if media_type == UPDATE_TYPE else None),
    )


def _form(request: Request) -> tuple[MultiDict, str | None, str | None]:
    _check_utf8(request.get_data(cache=True), "the form-encoded body")
    form = request.form
    query, update = _single(form, "query"), _single(form, "update")
    if query is None and update is None:
        raise ProtocolError(400, "a form-encoded POST needs a 'query' or an 'update' parameter")
    if query is not None and update is not None:
        raise ProtocolError(400, "send either 'query' or 'update', not both")
    return _merged(request.args, form), query, update


def _body_text(request: Request) -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"charset {charset} is not supported; send UTF-8")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"the body is not valid UTF-8: {error}") from error


def _single(params: MultiDict, key: str) -> str | None:
    values = params.getlist(key)
    if len(values) > 1:
        raise ProtocolError(400, f"more than one '{key}' parameter")
    return values[0] if values else None


def _merged(first: MultiDict, second: MultiDict) -> MultiDict:
    merged = MultiDict(first)
    for key, value in second.items(multi=True):
        merged.add(key, value)
    return merged


def _check_length(request: Request, max_bytes: int) -> None:
    # a form-encoded body may be up to three times the query it carries (%XX escapes)
    if request.content_length is not None and request.content_length > 3 * max_bytes + 4096:
        raise ProtocolError(413, f"the request is larger than {max_bytes} bytes")


def bearer_token(request: Request) -> str | None:
    """The admin token of a request: ``Authorization: Bearer``, or RFC 6750's ``access_token`` parameter.

    The parameter form exists for clients that cannot set headers (such as the W3C
    test runner); headers are preferred because URLs end up in access logs.
    """
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.args.get("access_token")


def is_admin(request: Request, expected: str) -> bool:
    """Whether the request carries the configured admin token; never when none is configured."""
    given = bearer_token(request)
    return bool(expected) and given is not None and hmac.compare_digest(given.encode(), expected.encode())
