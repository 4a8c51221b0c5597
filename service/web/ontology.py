"""Blueprint "ontology": ``/def/`` documents the ontology, one page per class and property.

``/def/`` is the ontology's IRI: browsers get the index with the header (version,
license, creators, preferred prefix); RDF clients get the ontology itself, as do
``/def.ttl``, ``/def.jsonld``, ``/def.nt`` and ``/def.rdf``. A term's page answers
RDF clients with the term's own statements. Shapes (``/def/shapes/…``) are IRIs of
the graph too, so they get a page listing their constraints.

``/def/<version>/`` is the ontology's version IRI (``owl:versionIRI``): the same
document, for the served build when its ontology has that version, else read from
the newest kept release that carries it (``service.store.releases``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, make_response, render_template, request, url_for

from service.models import ontology, vocabulary
from service.models.context import PageContext
from service.models.links import Links, sparql_iri
from service.models.resource import value_of
from service.render import twins
from service.sparql import formats
from service.sparql.iri import InvalidIriError
from service.store import releases
from service.store.built import StoreMissingError
from service.web import pages
from service.web.links import page_context

bp = Blueprint("ontology", __name__)

OWL_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"


def _rdf(ctx: PageContext, where: str, fmt: formats.Format) -> Response:
    triples = ctx.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")
    prefixes = vocabulary.prefixes(ctx.base)
    response = make_response(twins.serialize(twins.graph_of(triples, prefixes), fmt, prefixes))
    response.content_type = formats.content_type(fmt.media_type)
    return response


def _negotiated(
    ctx: PageContext, fmt: formats.Format | None, where: str, html: Callable[[], str], alternates_of: str
) -> Response:
    chosen = fmt or twins.choose(request.accept_mimetypes)
    if chosen is None:
        response = make_response(
            "406 Not Acceptable: text/html, " + ", ".join(f.media_type for f in twins.RDF_FORMATS), 406
        )
        response.content_type = "text/plain; charset=utf-8"
    elif isinstance(chosen, formats.Format):
        response = _rdf(ctx, where, chosen)
    else:
        response = make_response(html())
    if alternates_of:
        links = [
            f'<{alternates_of}{f.suffix}>; rel="alternate"; type="{f.media_type}"' for f in twins.RDF_FORMATS
        ]
        response.headers["Link"] = ", ".join(links)
    if fmt is None:
        response.headers["Vary"] = "Accept"
    return response


@bp.get("/def/")
def index() -> Response:
    """The ontology: its header and every class and property, or the ontology as RDF."""
    return _ontology(None)


@bp.get("/def")
def bare() -> Response:
    """``/def`` without the slash is the same document."""
    return _ontology(None)


@bp.get("/def.<ext>")
def index_as(ext: str) -> Response:
    """The ontology in one RDF format, by suffix."""
    fmt = twins.BY_SUFFIX.get("." + ext)
    if fmt is None:
        abort(404)
    return _ontology(fmt)


@bp.get("/def/<int:major>.<int:minor>.<int:patch>/")
def version(major: int, minor: int, patch: int) -> Response:
    """A version IRI of the ontology (``/def/0.1.0/``): the ontology of that version, wherever it is kept."""
    version = f"{major}.{minor}.{patch}"
    try:
        served = page_context()
        if version in _versions(served):
            return _ontology(None, served)
    except StoreMissingError:  # nothing published: the kept releases still answer
        pass
    kept = releases.with_ontology(Path(current_app.config["INSTANCE_DIR"]), version)
    if kept is None:
        abort(404, description=f"Onbekende versie van de ontologie: {version}. De huidige staat op /def/.")
    built = releases.ontology_store(kept)
    return _ontology(None, PageContext(built, Links(built.info["base_iri"], request.script_root)), "")


def _versions(ctx: PageContext) -> set[str]:
    """The ``owl:versionInfo`` of the ontology this context reads."""
    where = f"GRAPH <{ctx.base}graph/ontology> {{ <{ctx.vocab}> <{OWL_VERSION_INFO}> ?v }}"
    return {row["v"].value for row in ctx.query(f"SELECT ?v WHERE {{ {where} }}")}


def _ontology(
    fmt: formats.Format | None, ctx: PageContext | None = None, alternates: str | None = None
) -> Response:
    """The ontology document of ``ctx`` (the served build's by default); ``alternates``: its suffix paths."""
    ctx = ctx or page_context()

    def html() -> str:
        classes, properties = ontology.terms(ctx)
        return render_template(
            "ontology/index.html",
            header=ontology.header(ctx),
            classes=classes,
            properties=properties,
            ontology_iri=ctx.vocab,
            rdf_formats=twins.RDF_FORMATS,
        )

    where = f"GRAPH <{ctx.base}graph/ontology> {{ ?s ?p ?o }}"
    alternates_of = request.script_root + "/def" if alternates is None else alternates
    return _negotiated(ctx, fmt, where, html, alternates_of)


@bp.get("/def/<path:name>")
def term(name: str) -> Response:
    """One class or property (or shape): definitions, hierarchy, shapes and examples."""
    name, fmt = twins.split_suffix(name)
    ctx = page_context()
    doc = ontology.term(ctx, name) if "/" not in name else None
    if doc is not None:
        where = f"GRAPH <{ctx.base}graph/ontology> {{ ?s ?p ?o FILTER(?s = {sparql_iri(doc.iri)}) }}"
        html = lambda: render_template("ontology/term.html", term=doc)  # noqa: E731
        return _negotiated(ctx, fmt, where, html, url_for(".term", name=name))
    if name.startswith("shapes/") or name == "shapes":
        return _shape(ctx, name, fmt)
    return pages.not_found(name, ctx.vocab + name)


def _shape(ctx: PageContext, name: str, fmt: formats.Format | None) -> Response:
    try:
        iri = sparql_iri(ctx.vocab + name + ("/" if name == "shapes" else ""))
    except InvalidIriError:
        abort(404)
    graph = f"<{ctx.base}graph/shapes>"
    rows = list(ctx.query(f"SELECT ?p ?o WHERE {{ GRAPH {graph} {{ {iri} ?p ?o }} }} ORDER BY ?p"))
    if not rows:
        abort(404)
    statements = [(vocabulary.info(ctx, r["p"].value), value_of(ctx.links, r["o"])) for r in rows]
    where = f"GRAPH {graph} {{ ?s ?p ?o FILTER(?s = {iri}) }}"
    return _negotiated(
        ctx,
        fmt,
        where,
        lambda: render_template("ontology/shape.html", iri=iri[1:-1], name=name, statements=statements),
        url_for(".term", name=name),
    )
