"""Blueprint "search": ``/search?q=`` over labels and texts, with its twins ``/search.json`` and ``/search.csv``.

The ranking, Dutch folding (case, diacritics), prefixes and abbreviations (Wmo, Pw,
Jw …) live in ``service.store.search_index``, paging and facets in
``service.models.search``; this module reads the query string, links the hits (a
dataset to its ``/datasets/`` page) and shows them: grouped by type for people, flat
with the same fields for machines (datasette's ``.json`` and ``.csv`` rule). The JSON
holds one page, like the HTML; the CSV holds every hit of the query, up to
``MAX_HITS``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from service.models import search
from service.models.context import PageContext
from service.models.cube import SLUG, dataset_iri
from service.sparql import formats
from service.web.links import page_context

bp = Blueprint("search", __name__)

QB_DATASET = "http://purl.org/linked-data/cube#DataSet"
CSV_COLUMNS = ("iri", "label", "type", "type_label", "url")


def _href_for(ctx: PageContext) -> search.HrefFor:
    """Links for hits: a dataset to its table page, anything else to its description."""
    datasets = dataset_iri(ctx.base, "")

    def href(iri: str, type_iri: str) -> str | None:
        slug = iri[len(datasets) :]
        if type_iri == QB_DATASET and iri.startswith(datasets) and SLUG.fullmatch(slug):
            return url_for("datasets.dataset", name=slug)
        return ctx.links.href_for(iri)

    return href


def _find() -> search.Found:
    """The page of hits this request asks for (``q``, ``page`` and the facet filters)."""
    ctx = page_context()
    chosen = search.chosen_filters(request.args)
    page = search.page_number(request.args.get("page"))
    index = ctx.store.folder / "search.sqlite"
    return search.find(ctx, index, request.args.get("q", ""), chosen, page, _href_for(ctx))


def _url(endpoint: str, found: search.Found, page: int = 1, **filters: str | None) -> str:
    """The address of ``found`` with another page or filters; a filter set to None is dropped."""
    params: dict[str, Any] = {"q": found.query, **found.chosen, **filters}
    params = {k: v for k, v in params.items() if v}
    if page > 1:
        params["page"] = page
    return url_for(endpoint, **params)


@bp.get("/search")
def search_page() -> str:
    """One page of results grouped by type, facets beside them, links to the twins."""
    found = _find()
    return render_template(
        "search.html",
        q=found.query,
        found=found,
        groups=search.grouped(found.results),
        link=lambda endpoint="search.search_page", page=1, **filters: _url(endpoint, found, page, **filters),
    )


@bp.get("/search.json")
def search_json() -> Response:
    """The same page of results as JSON: one object per hit, best first, with the facets and paging."""
    found = _find()

    def here(page: int) -> str:
        return _url("search.search_json", found, page)

    return jsonify(
        query=found.query,
        count=found.total,
        page=found.page,
        pages=found.pages,
        per_page=search.PAGE_SIZE,
        first=found.first,
        last=found.last,
        filters=found.chosen,
        next=here(found.page + 1) if found.page < found.pages else None,
        previous=here(found.page - 1) if found.page > 1 else None,
        csv=_url("search.search_csv", found),
        facets=[
            {
                "name": f.name,
                "title": f.title,
                "values": [vars(v) for v in f.values],
                "more": f.more,
            }
            for f in found.facets
        ],
        results=[_json_hit(r) for r in found.results],
    )


def _json_hit(r: search.Result) -> dict[str, Any]:
    return {
        "iri": r.hit.iri,
        "label": r.hit.label,
        "label_en": r.hit.label_en or None,
        "type": r.hit.kind or None,
        "type_iri": r.hit.type_iri or None,
        "type_label": r.kind_label,
        "snippet": r.hit.snippet,
        "score": round(r.hit.score, 4),
        "href": r.href,
    }


@bp.get("/search.csv")
def search_csv() -> Response:
    """Every hit of the query that passes the filters (up to ``MAX_HITS``), one row each, best first."""
    ctx = page_context()
    chosen = search.chosen_filters(request.args)
    index = ctx.store.folder / "search.sqlite"
    results = search.every_result(ctx, index, request.args.get("q", ""), chosen, _href_for(ctx))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        writer.writerow((r.hit.iri, r.hit.label, r.hit.type_iri, r.kind_label, _absolute(r.href)))
    response = Response(out.getvalue(), content_type=formats.content_type(formats.CSV.media_type))
    response.headers["Content-Disposition"] = 'inline; filename="zoekresultaten.csv"'
    return response


def _absolute(href: str | None) -> str:
    """A page link as a full URL on this host, so a spreadsheet can open it."""
    if not href:
        return ""
    return request.host_url.rstrip("/") + href if href.startswith("/") else href
