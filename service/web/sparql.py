"""Blueprint ``sparql``: the SPARQL 1.1 Protocol at /sparql (https://www.w3.org/TR/sparql11-protocol/).

GET or POST a query and get SPARQL JSON/XML/CSV/TSV or Turtle/N-Triples/JSON-LD/
RDF-XML back, by Accept or ``format=``. A GET without a query gives RDF clients the
service description and browsers the query page. Updates are POSTed here too and
need the admin token. Every query passes the SERVICE gate (``service.sparql.gate``) inside a
killable worker (``workers``), so even reading it costs only its own time limit.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import Forbidden, NotAcceptable

from service import namespaces
from service.sparql import formats
from service.sparql import request as protocol
from service.sparql.service_description import describe
from service.store.interface import Answer
from service.web import error_text, errors, query_page
from service.web.links import data_base
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
        raise NotAcceptable(
            "no acceptable format; SELECT/ASK give " + ", ".join(formats.offered(formats.RESULTS))
        )
    try:
        answer = get_engine().query(sparql, choice, request.base_url, int(current_app.config["MAX_ROWS"]))
    except errors.HANDLED as error:
        if choice.results != formats.HTML:
            raise
        # a browser keeps its query and sees why it failed, with the status any client gets
        status, _ = errors.status_of(error)
        query = sparql.query or ""
        shown = error_text.page_error(error, errors.message_of(error), status, query)
        return query_page.page_response(query, error=shown, status=status)
    return answer_response(answer, sparql.query or "")


def answer_response(answer: Answer, query: str) -> Response:
    if answer.media_type is None:
        offered = ", ".join(formats.offered(answer.kind))
        raise NotAcceptable(f"this query's result can be given as {offered}")
    if answer.media_type == formats.HTML:
        return query_page.page_response(query, answer)
    body = answer.body if answer.stream is None else answer.stream
    response = Response(body, content_type=formats.content_type(answer.media_type))
    response.vary.add("Accept")
    return response


def _update(sparql: protocol.SparqlRequest) -> Response:
    if not protocol.is_admin(request, current_app.config["ADMIN_TOKEN"]):
        raise Forbidden("SPARQL Update needs the admin token (Authorization: Bearer …)")
    get_engine().update(sparql, request.base_url)
    return Response(status=204)


def _description_or_page() -> Response:
    # a client asking for JSON wants results, not the description as JSON-LD
    offered = [t for t in formats.offered(formats.GRAPH) if t not in formats.SPARQL_JSON.media_types]
    media_type = formats.negotiate(request.accept_mimetypes, offered)
    if media_type == formats.HTML:
        return query_page.page_response("")
    if media_type is None:
        raise NotAcceptable("the service description is given as " + ", ".join(offered))
    engine = get_engine()
    graph = describe(
        request.base_url,
        engine.default_graph(),
        engine.named_graphs(),
        namespaces.prefixes(data_base()),
        update=bool(current_app.config["ADMIN_TOKEN"]) and engine.writable,
        federated=bool(current_app.config["SERVICE_ALLOWLIST"]),
    )
    fmt = formats.by_media_type(media_type, formats.GRAPH)
    assert fmt is not None, "negotiate offers only graph formats"
    body = graph.serialize(format=formats.rdflib_name(fmt), encoding="utf-8")
    response = Response(body, content_type=formats.content_type(media_type))
    response.vary.add("Accept")
    return response


@bp.after_app_request
def _cors(response: Response) -> Response:
    """Browser applications on other sites may query (GET and POST, no credentials)."""
    if request.path == "/sparql":
        response.headers.update(CORS_HEADERS)
    return response
