"""Blueprint ``graph_store``: the SPARQL 1.1 Graph Store HTTP Protocol at /store (https://www.w3.org/TR/sparql11-http-rdf-update/).

``?graph=IRI`` names a graph, ``?default`` the default graph. GET and HEAD read a
graph, for everyone, as a CONSTRUCT would. PUT (replace), POST (merge) and DELETE
change the store and answer 403 unless the request carries the admin token and the
served store is a writable scratch store: the published build is never written.
RDF/XML that declares a DTD or entities is refused with 400 before it is parsed.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import BadRequest, Forbidden, NotFound, UnsupportedMediaType

from service.sparql import formats, rdf_xml
from service.sparql import request as protocol
from service.sparql.iri import check_iri
from service.sparql.request import SparqlRequest
from service.web.sparql import answer_response
from service.web.store_access import get_engine

bp = Blueprint("gsp", __name__)

#: What a graph may be sent as (only formats holding triples: the target names the graph).
READABLE = tuple(f.media_type for f in formats.of_kind(formats.GRAPH, negotiable=False))


@bp.route("/store", methods=["GET", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    """Read (anyone) or write (admin token, writable store) one graph of the store."""
    graph = _target()
    if request.method == "GET":
        return _read(graph)
    if not protocol.is_admin(request, current_app.config["ADMIN_TOKEN"]):
        raise Forbidden("changing the store needs the admin token (Authorization: Bearer …)")
    if request.method == "DELETE":
        if not get_engine().drop_graph(graph):
            raise NotFound(f"no graph <{graph}>")
        return Response(status=204)
    media_type = request.mimetype
    if media_type not in READABLE:
        raise UnsupportedMediaType(f"send the graph as one of {', '.join(READABLE)}")
    refused = _refused(media_type, request.get_data())
    if refused:
        raise BadRequest(f"the request body is refused: {refused}")
    created = get_engine().write_graph(graph, request.get_data(), media_type, request.method == "PUT")
    return Response(status=201 if created else 204)


def _refused(media_type: str, body: bytes) -> str | None:
    """Why an RDF/XML body is not parsed at all (a DTD or entities), checked before any parser."""
    return rdf_xml.dtd_problem(body) if media_type == formats.RDF_XML.media_type else None


def _target() -> str | None:
    """The graph IRI of ``?graph=``, or None for ``?default``; anything else is a 400."""
    graph, default = request.args.get("graph"), "default" in request.args
    if (graph is None) == (not default):
        raise protocol.ProtocolError(400, "name one graph: ?graph=IRI or ?default")
    return None if graph is None else check_iri(graph)


def _read(graph: str | None) -> Response:
    engine = get_engine()
    choice = formats.Choice(None, formats.negotiate(request.accept_mimetypes, formats.offered(formats.GRAPH)))
    base, max_rows = request.base_url, int(current_app.config["MAX_ROWS"])
    if graph is not None:
        ask = SparqlRequest(f"ASK {{ GRAPH <{graph}> {{}} }}")
        if b"true" not in engine.query(ask, formats.JSON_RESULTS, base, max_rows).read():
            raise NotFound(f"no graph <{graph}>")
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    else:
        text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    answer = engine.query(SparqlRequest(text), choice, base, max_rows)
    return answer_response(answer, text)
