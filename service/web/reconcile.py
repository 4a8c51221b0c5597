"""Blueprint "reconcile": the Reconciliation Service API (0.2) at ``/reconcile``, as OpenRefine speaks it.

``/reconcile`` alone answers the manifest; with ``queries=`` (a JSON batch, by GET or a
POSTed form, as OpenRefine sends it) or ``query=`` it reconciles; with ``extend=`` it
fetches property values. Beside it: ``/reconcile/preview`` (an HTML card per entity),
``/reconcile/suggest/{entity,type,property}`` and ``/reconcile/propose_properties``.
Every JSON answer takes a JSONP ``callback`` (OpenRefine's suggest widget loads it
as a script) and is readable from any origin.

The matching index is read from the served build once (``service.models.reconcile_index``)
and kept per app until another build is served. Every problem with a request is a 400
with a JSON body that says what to change; nothing a client sends reaches SPARQL.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from jinja2.utils import htmlsafe_json_dumps
from werkzeug.exceptions import BadRequest, HTTPException, NotFound
from werkzeug.http import HTTP_STATUS_CODES

from service.models import reconcile_services as services
from service.models.reconcile import (
    QueryError,
    parse_batch,
    parse_json,
    parse_query,
    reconcile,
    reconcile_batch,
)
from service.models.reconcile_index import Index
from service.web.links import data_base, href_for
from service.web.store_access import get_store, served_store

PREFIX = "/reconcile"
bp = Blueprint("reconcile", __name__, url_prefix=PREFIX)

#: A JSONP callback is a dotted JavaScript name, nothing else.
CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")
MAX_CALLBACK = 100
MAX_PARAMETER = 1_000_000
CORS = {"Access-Control-Allow-Origin": "*"}
_index_lock = threading.Lock()


def current_index() -> Index:
    """The index of the served build, read at the first request and again only for another build."""
    built = get_store()
    key = (served_store().release(), str(built.folder))
    cache = current_app.extensions.setdefault("sdkg.reconcile", {})
    with _index_lock:
        if key[0] is None or cache.get("key") != key:
            cache["index"], cache["key"] = Index.load(built, data_base()), key
        return cache["index"]


def service_url() -> str:
    """The absolute URL of ``/reconcile`` on this host, for the manifest's links."""
    return request.host_url.rstrip("/") + request.script_root + PREFIX


def _parameter(name: str) -> str | None:
    value = request.form.get(name) if request.method == "POST" else None
    value = value if value is not None else request.args.get(name)
    if value is not None and len(value) > MAX_PARAMETER:
        raise QueryError(f"{name} is longer than {MAX_PARAMETER} characters")
    return value


def answer(data: Any, status: int = 200) -> Response:
    """JSON (or JSONP when a ``callback`` is given), with ``<``, ``>``, ``&`` and ``'`` escaped."""
    body = htmlsafe_json_dumps(data)
    callback = request.args.get("callback")
    if callback is not None:
        if len(callback) > MAX_CALLBACK or not CALLBACK.match(callback):
            raise QueryError("callback must be a JavaScript name such as jsonp123 or jQuery.cb_1")
        response = Response(f"/**/{callback}({body});", status, content_type="application/javascript")
    else:
        response = Response(body, status, content_type="application/json")
    response.headers.update(CORS)
    return response


@bp.errorhandler(QueryError)
def _bad_query(error: QueryError) -> Response:
    return _error(400, str(error))


@bp.errorhandler(HTTPException)
@bp.errorhandler(NotFound)  # by code too, so the site's Dutch 404 page does not take it over
def _http_error(error: HTTPException) -> Response:
    return _error(error.code or 500, error.description or "")


def _error(status: int, message: str) -> Response:
    """The protocol has no error format; this one says what went wrong, as JSON (never JSONP)."""
    title = HTTP_STATUS_CODES.get(status, "Error")
    body = htmlsafe_json_dumps({"status": status, "error": title, "message": message})
    response = Response(body, status, content_type="application/json")
    response.headers.update(CORS)
    return response


@bp.route("", methods=["GET", "POST"])
def endpoint() -> Response:
    """Manifest, reconciliation (``queries`` or ``query``) or data extension (``extend``)."""
    index = current_index()
    queries, single, extension = _parameter("queries"), _parameter("query"), _parameter("extend")
    if queries is not None:
        return answer(reconcile_batch(index, parse_batch(index, parse_json(queries, "queries"))))
    if single is not None:
        raw = parse_json(single, "query") if single.lstrip().startswith("{") else single
        return answer(reconcile(index, parse_query(index, raw)))
    if extension is not None:
        return answer(services.extend(index, parse_json(extension, "extend")))
    return answer(services.manifest(index, service_url(), index_release()))


def index_release() -> str:
    """The build this service answers from (its folder name), as the manifest's service version."""
    return served_store().release() or "scratch"


@bp.get("/preview")
def preview() -> str:
    """A small HTML card for one entity (``id`` is its IRI), shown by OpenRefine beside a candidate."""
    iri = request.args.get("id", "")
    if not iri:
        raise BadRequest("id is required: the IRI of the entity to preview")
    entity = current_index().entity(iri)
    if entity is None:
        raise NotFound(f"no entity with id {iri[:200]!r} in the reconciliation service")
    card = services.preview(current_index(), entity)
    return render_template("reconcile/preview.html", card=card, href_for=href_for)


@bp.get("/suggest/entity")
def suggest_entity() -> Response:
    prefix = _prefix()
    return answer(services.suggest_entities(current_index(), prefix, request.args.get("type")))


@bp.get("/suggest/type")
def suggest_type() -> Response:
    return answer(services.suggest_types(current_index(), _prefix()))


@bp.get("/suggest/property")
def suggest_property() -> Response:
    return answer(services.suggest_properties(current_index(), _prefix()))


@bp.get("/propose_properties")
def propose_properties() -> Response:
    limit = request.args.get("limit", "")
    if limit and not limit.isdigit():
        raise QueryError("limit must be a positive whole number")
    return answer(services.propose_properties(current_index(), request.args.get("type"), int(limit or 0)))


def _prefix() -> str:
    prefix = request.args.get("prefix", "")
    if len(prefix) > 200:
        raise QueryError("prefix is longer than 200 characters")
    return prefix
