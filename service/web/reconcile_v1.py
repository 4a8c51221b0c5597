"""Blueprint "reconcile_v1": the Reconciliation Service API 1.0-draft at ``/reconcile/v1``.

The draft fixes the routes below its root: the manifest at ``/reconcile/v1``, batches
POSTed as JSON to ``/match``, ``/suggest/{entity,type,property}``, ``/preview``, data
extension POSTed to ``/extend`` and property proposals at ``/extend/propose``. Matching,
answers to suggest and previews are those of the 0.2 service (``service.web.reconcile``);
only the shapes of manifest, batches and extension differ (``service.models.reconcile_v1``).
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

from service.models import reconcile_v1 as draft
from service.models.reconcile import QueryError, parse_json
from service.web import reconcile as v02

bp = Blueprint("reconcile_v1", __name__, url_prefix=v02.PREFIX + "/v1")
bp.register_error_handler(QueryError, v02._bad_query)
bp.register_error_handler(HTTPException, v02._http_error)


def _body(what: str) -> object:
    """The JSON body of a POST (at most ``MAX_PARAMETER`` bytes), whatever its declared type."""
    if request.content_length is not None and request.content_length > v02.MAX_PARAMETER:
        raise QueryError(f"the {what} is larger than {v02.MAX_PARAMETER} bytes")
    data = request.get_data(cache=False)
    if len(data) > v02.MAX_PARAMETER:
        raise QueryError(f"the {what} is larger than {v02.MAX_PARAMETER} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryError(f"the {what} is not UTF-8") from None
    return parse_json(text, f"the {what}")


@bp.get("")
def manifest() -> Response:
    return v02.answer(draft.manifest(v02.current_index(), v02.index_release()))


@bp.post("/match")
def match() -> Response:
    """A batch of draft queries (JSON body) -> their candidates, in order."""
    index = v02.current_index()
    return v02.answer(draft.reconcile_batch(index, draft.parse_batch(index, _body("batch"))))


@bp.post("/extend")
def extend() -> Response:
    body = _body("extension query")
    return v02.answer(draft.extend(v02.current_index(), body))


@bp.get("/extend/propose")
def propose() -> Response:
    return v02.propose_properties()


@bp.get("/preview")
def preview() -> str:
    return v02.preview()


@bp.get("/suggest/entity")
def suggest_entity() -> Response:
    return v02.suggest_entity()


@bp.get("/suggest/type")
def suggest_type() -> Response:
    return v02.suggest_type()


@bp.get("/suggest/property")
def suggest_property() -> Response:
    return v02.suggest_property()
