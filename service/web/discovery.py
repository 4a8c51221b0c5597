"""Blueprint "discovery": what search engines read to find the site's pages.

``/sitemap.xml`` lists every entity, dataset, section and ontology page
(``service.models.sitemap``), as absolute URLs on the host that serves the request; with
more than 50,000 it is a sitemap index of ``/sitemap-<n>.xml``. ``/robots.txt`` points
to it and keeps crawlers off SPARQL query URLs (``/sparql?…``) and search results, while
the query page ``/sparql`` itself stays crawlable.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from service.models import sitemap as pages
from service.render import sitemap
from service.web.links import page_context, site_url

bp = Blueprint("discovery", __name__)
XML = "application/xml; charset=utf-8"


def _urls() -> list[str]:
    """Every page as an absolute URL on this host (a sitemap may name no other)."""
    site = site_url()
    return [site + path for path in pages.paths(page_context())]


@bp.get("/sitemap.xml")
def sitemap_xml() -> Response:
    """The sitemap, or the index of the numbered sitemaps when one file cannot hold them all."""
    parts = sitemap.chunks(_urls())
    if len(parts) == 1:
        return Response(sitemap.urlset(parts[0]), content_type=XML)
    root = site_url() + request.script_root
    return Response(
        sitemap.index([f"{root}/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]), content_type=XML
    )


@bp.get("/sitemap-<int:number>.xml")
def numbered(number: int) -> Response:
    """One of the sitemaps of the index (numbered from 1); 404 past the last."""
    parts = sitemap.chunks(_urls())
    if not 1 <= number <= len(parts) or len(parts) == 1:
        abort(404)
    return Response(sitemap.urlset(parts[number - 1]), content_type=XML)


@bp.get("/robots.txt")
def robots() -> Response:
    """Where the sitemap is, and which URLs crawlers leave alone."""
    text = sitemap.robots(request.script_root, site_url() + request.script_root + "/sitemap.xml")
    return Response(text, content_type="text/plain; charset=utf-8")
