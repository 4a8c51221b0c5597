"""Blueprint ``sparql``: the SPARQL 1.1 Protocol at /sparql (https://www.w3.org/TR/sparql11-protocol/).

GET or POST a query and get SPARQL JSON/XML/CSV/TSV or Turtle/N-Triples/JSON-LD/
RDF-XML back, by Accept or ``format=``. A GET without a query gives RDF clients the
service description and browsers the query page. Updates are POSTed here too and
need the admin token. Every query passes the SERVICE gate (``federation``) inside a
killable worker (``workers``), so even reading it costs only its own time limit.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from service.namespaces import PREFIXES
from service.sparql import formats, gate
from service.sparql import request as protocol
from service.sparql.service_description import describe
from service.store.built import StoreMissingError
from service.store.engine import Answer, ReadOnlyError
from service.store.workers import EngineError, QueryTimeoutError, WorkerCrashError
from service.web import query_page
from service.web.errors import error_response
from service.web.store_access import get_engine

bp = Blueprint("sparql", __name__)
bp.register_blueprint(query_page.bp)  # the query page's examples and terms, under /sparql/

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
}


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """SPARQL 1.1 Protocol: queries by GET and POST, updates by POST with the admin token."""
    sparql = protocol.parse(request, int(current_app.config["MAX_QUERY_BYTES"]))
    if sparql.update is not None:
        return _update(sparql)
    if sparql.query is None:
        return _description_or_page()
    return _query(sparql)


def _query(sparql: protocol.SparqlRequest) -> Response:
    choice = formats.choose(request.accept_mimetypes, sparql.format)
    if choice == formats.Choice(None, None):
        return error_response(
            406, "no acceptable format; SELECT/ASK give " + ", ".join(formats.offered(formats.RESULTS))
        )
    try:
        answer = get_engine().query(sparql, choice, request.base_url, int(current_app.config["MAX_ROWS"]))
    except Exception as error:
        failed = failure_response(error)
        if choice.results == formats.HTML:  # a browser keeps its query and sees why it failed
            return query_page.page_response(sparql.query or "", error=str(error), status=failed.status_code)
        return failed
    return answer_response(answer, sparql.query or "")


def answer_response(answer: Answer, query: str) -> Response:
    if answer.media_type is None:
        offered = ", ".join(formats.offered(answer.kind))
        return error_response(406, f"this query's result can be given as {offered}")
    if answer.media_type == formats.HTML:
        return query_page.page_response(query, answer)
    response = Response(answer.body, content_type=formats.content_type(answer.media_type))
    response.vary.add("Accept")
    return response


def failure_response(error: Exception) -> Response:
    """The status and message for each way a query or update can fail."""
    if isinstance(error, gate.FederationError | ReadOnlyError):
        return error_response(403, str(error))
    if isinstance(error, EngineError):
        return error_response(400 if error.syntax else 500, str(error))
    if isinstance(error, QueryTimeoutError):
        return error_response(503, str(error), {"Retry-After": "1"})
    if isinstance(error, WorkerCrashError):
        return error_response(500, str(error))
    if isinstance(error, StoreMissingError):
        return error_response(503, str(error))
    if isinstance(error, ValueError):
        return error_response(400, str(error))
    raise error


def _update(sparql: protocol.SparqlRequest) -> Response:
    if not protocol.is_admin(request, current_app.config["ADMIN_TOKEN"]):
        return error_response(403, "SPARQL Update needs the admin token (Authorization: Bearer …)")
    try:
        get_engine().update(sparql, request.base_url)
    except Exception as error:
        return failure_response(error)
    return Response(status=204)


def _description_or_page() -> Response:
    # a client asking for JSON wants results, not the description as JSON-LD
    offered = [t for t in formats.offered(formats.GRAPH) if t not in formats.SPARQL_JSON.media_types]
    media_type = formats.negotiate(request.accept_mimetypes, offered)
    if media_type == formats.HTML:
        return query_page.page_response("")
    if media_type is None:
        return error_response(406, "the service description is given as " + ", ".join(offered))
    engine = get_engine()
    graph = describe(
        request.base_url,
        engine.default_graph(),
        engine.named_graphs(),
        PREFIXES,
        update=bool(current_app.config["ADMIN_TOKEN"]) and engine.writable,
        federated=bool(current_app.config["SERVICE_ALLOWLIST"]),
    )
    fmt = formats.by_media_type(media_type, formats.GRAPH)
    body = graph.serialize(format=fmt.rdflib if fmt else None, encoding="utf-8")
    response = Response(body, content_type=formats.content_type(media_type))
    response.vary.add("Accept")
    return response


@bp.after_app_request
def _cors(response: Response) -> Response:
    """Browser applications on other sites may query (GET and POST, no credentials)."""
    if request.path == "/sparql":
        response.headers.update(CORS_HEADERS)
    return response
