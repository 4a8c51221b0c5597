"""Blueprint "pages": the linked-data pages of the graph.

* ``/id/<path>`` names a thing and answers 303 See Other to ``/doc/<path>``, as the
  Dutch URI strategy (PLDN, after "Designing URI sets for the UK Public Sector") asks;
* ``/doc/<path>`` describes it: HTML for browsers, Turtle, JSON-LD, N-Triples or
  RDF/XML by Accept or by suffix, with ``Vary: Accept`` and ``Link`` headers;
* ``/``, ``/klassen``, ``/klasse/<Term>`` and ``/bronnen`` help a reader find things.
"""

from __future__ import annotations

import math

from flask import Blueprint, Response, make_response, redirect, render_template, request, url_for
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response as BaseResponse

from service.models import cube, figures, listing, overview, resource, schema_org, search, vocabulary
from service.models.context import PageContext
from service.render import cube_table, svg, twins
from service.sparql import formats
from service.sparql.iri import InvalidIriError
from service.store import search_index
from service.web import errors
from service.web.links import data_base, href_for, links, page_context, site_url, sparql_link
from service.web.store_access import get_store

bp = Blueprint("pages", __name__)


@bp.app_context_processor
def helpers() -> dict:
    """Link helpers every template may use; they never turn a javascript: IRI into a link."""
    return {"href_for": href_for, "curie": curie, "sparql_link": sparql_link}


def curie(iri: str) -> str:
    """``vocabulary.curie`` against the served build's base (templates call it)."""
    return vocabulary.curie(iri, data_base())


@bp.get("/")
def home() -> str:
    """What the graph holds: counts, main classes, the figures, sources, example questions, downloads."""
    ctx = page_context()
    tables = cube.catalogue(ctx.store, ctx.base)
    return render_template(
        "home.html",
        summary=overview.summary(ctx),
        tables=tables,
        featured=_featured_charts(ctx, tables),
        card=schema_org.knowledge_graph(ctx, site_url()),
    )


def _featured_charts(ctx: PageContext, tables: list[cube.Listed]) -> list[tuple[cube.Listed, str]]:
    """A few datasets that have a chart, with the path of its SVG (the home page shows them as images)."""
    by_slug = {t.slug: t for t in tables}
    with_chart = [s for s in figures.featured(list(by_slug), count=len(by_slug)) if _has_chart(ctx, s)]
    return [(by_slug[s], url_for("datasets.dataset", name=s + ".svg")) for s in with_chart[:3]]


def _has_chart(ctx: PageContext, slug: str) -> bool:
    found = cube.load(ctx.store, ctx.base, slug)
    return found is not None and cube_table.chart_kind(found, cube_table.pivot(found)) is not None


@bp.get("/id/<path:local>")
def identifier(local: str) -> BaseResponse:
    """A thing's IRI: 303 to the document that describes it (404 for a path that is no IRI)."""
    links().iri_for("id", local)
    response = redirect(url_for(".document", local=local), code=303)
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/doc/<path:local>")
def document(local: str) -> Response:
    """Describe one resource as HTML or, by suffix or Accept, as RDF."""
    local, fmt = twins.split_suffix(local)
    ctx = page_context()
    iri = _known(ctx, local)
    if iri is None:
        return not_found(local)
    moved = _moved(ctx, iri, fmt)
    if moved is not None:
        return moved
    chosen = fmt or twins.choose(request.accept_mimetypes)
    if chosen is None:
        return _not_acceptable(local)
    if isinstance(chosen, formats.Format):
        response = make_response(_twin(ctx, iri, chosen))
        response.content_type = formats.content_type(chosen.media_type)
    else:
        response = make_response(_html(ctx, iri, local))
    return _headers(response, local, fmt)


def _moved(ctx: PageContext, iri: str, fmt: formats.Format | None) -> Response | None:
    """301 from the page of a merged IRI to the page of the entity it was merged into.

    The old IRI stays in the data with ``owl:sameAs``; a reader (and a crawler) who follows
    an old link lands on the one page that describes the thing, in the format asked for.
    """
    survivor = resource.merged_into(ctx, iri)
    local = ctx.links.local_part(survivor) if survivor else None
    if local is None:
        return None
    target = url_for(".document", local=local + (fmt.suffix if fmt else ""))
    response = make_response(redirect(target, code=301))
    response.headers["Vary"] = "Accept"
    return response


def _twin(ctx: PageContext, iri: str, fmt: formats.Format) -> bytes:
    prefixes = vocabulary.prefixes(ctx.base)
    return twins.serialize(twins.graph_of(resource.twin_triples(ctx, iri), prefixes), fmt, prefixes)


def _html(ctx: PageContext, iri: str, local: str) -> str:
    found = resource.describe(ctx, iri, request.args.get("in", 1, type=int) or 1)
    edges = [svg.Edge(direction, label, v.text, v.href) for direction, label, v in found.edges]
    return render_template(
        "resource.html",
        d=found,
        local=local,
        page=found.incoming_page,
        incoming_pages=max(1, math.ceil(found.incoming_total / resource.INCOMING_PAGE)),
        incoming_url=lambda n: url_for(".document", local=local, **{"in": n}) + "#verwijst",
        alternates=alternates(local),
        diagram=svg.neighbourhood(found.label, edges) if edges else None,
        datasets=figures.about(ctx, iri),
    )


def _known(ctx: PageContext, local: str) -> str | None:
    """The IRI of ``/id/<local>`` when the graph has it; None also for a path that is no IRI."""
    try:
        iri = ctx.links.iri_for("id", local)
    except InvalidIriError:  # spaces, angle brackets, control characters …: the helpful 404 still helps
        return None
    return iri if resource.exists(ctx, iri) else None


def alternates(local: str) -> list[tuple[str, str, str]]:
    """(title, media type, url) of every twin of ``/doc/<local>``."""
    return [
        (f.title, f.media_type, url_for("pages.document", local=local + f.suffix)) for f in twins.RDF_FORMATS
    ]


def _headers(response: Response, local: str, fmt: formats.Format | None) -> Response:
    links = [f'<{url}>; rel="alternate"; type="{media_type}"' for _, media_type, url in alternates(local)]
    links.append(f'<{url_for("pages.document", local=local, _external=True)}>; rel="canonical"')
    response.headers["Link"] = ", ".join(links)
    if fmt is None:
        response.headers["Vary"] = "Accept"
    return response


def _not_acceptable(local: str) -> Response:
    listed = "\n".join(f"{media_type}: {url}" for _, media_type, url in alternates(local))
    response = make_response(f"406 Not Acceptable. Available:\ntext/html\n{listed}\n", 406)
    response.content_type = "text/plain; charset=utf-8"
    response.headers["Vary"] = "Accept"
    return response


def not_found(local: str, iri: str | None = None) -> Response:
    """A helpful 404: what was asked for and what the search finds for its words."""
    iri = iri or links().path_iri("id", local)
    slug = local.rsplit("/", 1)[-1]
    words = " ".join(w for w in slug.replace("-", " ").split() if len(w) > 2)
    suggestions = _suggest(words)
    if twins.choose(request.accept_mimetypes) not in (twins.HTML, None):
        response = make_response(f"404 Not Found: no resource {iri}\n", 404)
        response.content_type = "text/plain; charset=utf-8"
        return response
    html = render_template("not_found.html", local=local, iri=iri, words=words, suggestions=suggestions)
    return make_response(html, 404)


@bp.app_errorhandler(NotFound)
def unknown_path(error: NotFound) -> Response:
    """A path no route knows: people get the site's own Dutch page with suggestions.

    Only misses of the URL map land here as HTML; a 404 a view raises (an unknown graph
    in the Graph Store Protocol, a dataset that does not exist) keeps the negotiated
    error body of ``errors``, and so does a client that does not prefer HTML.
    """
    if (
        request.url_rule is not None
        or formats.negotiate(request.accept_mimetypes, errors.ERROR_TYPES) != formats.HTML
    ):
        return errors.handle(error)
    words = " ".join(w for w in request.path.replace("-", " ").replace("/", " ").split() if len(w) > 2)
    html = render_template("not_found.html", path=request.path, words=words, suggestions=_suggest(words))
    return make_response(html, 404)


def _suggest(words: str, limit: int = 8) -> list[search_index.Hit]:
    """Hits for all the words, else for their first letters (typos), else for each word alone."""
    path = get_store().folder / "search.sqlite"
    if not words or not path.exists():
        return []
    shortened = [w[: max(3, len(w) - 2)] for w in words.split()]
    attempts = [words, " ".join(shortened), *words.split(), *shortened]
    found: dict[str, search_index.Hit] = {}
    for attempt in attempts:
        for hit in search.rerank(search_index.search(path, attempt, limit=300), attempt)[:limit]:
            found.setdefault(hit.iri, hit)
        if found:
            break
    return list(found.values())[:limit]


@bp.get("/klassen")
def classes() -> str:
    """Every class with instances, and how many."""
    return render_template("classes.html", classes=overview.class_counts(page_context()))


@bp.get("/klasse/<name>")
def class_index(name: str) -> Response:
    """The instances of one class: sorted, paged and narrowed by facets (a bad facet value is a 400)."""
    ctx = page_context()
    try:
        iri = ctx.links.iri_for("def", name)
    except InvalidIriError:
        return not_found(name, ctx.links.path_iri("def", name))
    found = listing.listing(ctx, iri, request.args)
    if found is None:
        return not_found(name, iri)
    return make_response(render_template("class_index.html", listing=found))


@bp.get("/bronnen")
def sources() -> str:
    """The two source documents and their sections, with how much the graph took from each."""
    return render_template("sources.html", documents=overview.source_sections(page_context()))


@bp.get("/graph/<name>")
def graph(name: str) -> BaseResponse:
    """A named graph's IRI: its dump for RDF clients, its VoID description for people."""
    links().iri_for("graph", name)
    chosen = twins.choose(request.accept_mimetypes)
    if isinstance(chosen, formats.Format):
        target = url_for("downloads.dump", filename=name + formats.TURTLE.suffix)
    else:
        target = url_for(".document", local=f"dataset/kennisgraaf-{name}")
    response = redirect(target, code=303)
    response.headers["Vary"] = "Accept"
    return response
