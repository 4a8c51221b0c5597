"""The pages of the site a search engine should index, read from the store in one query.

Every thing the asserted graphs describe (its ``/doc/`` page, sections included), every
statistical table (``/datasets/<slug>``), the ontology's terms (``/def/<Term>``) and
shapes (``/def/shapes/<Shape>``), after the fixed pages a visitor starts from. Paths are
root-relative on this site (``Links``); the web layer makes them absolute.
"""

from __future__ import annotations

from service import queries
from service.models.context import PageContext
from service.models.cube import SLUG
from service.models.links import sparql_iri
from service.models.resource import graphs_clause

#: The pages every build has, in the order a reader meets them.
FIXED = ("/", "/klassen", "/bronnen", "/datasets", "/downloads", "/def/", "/sparql")


def paths(ctx: PageContext) -> list[str]:
    """Every page's path: the fixed ones first, then the rest sorted, each once."""
    base, root = ctx.base, ctx.links.root
    query = queries.load(
        "sitemap",
        graphs=graphs_clause(ctx.store),
        things=_string(base + "id/"),
        tables=_string(base + "id/dataset/"),
        vocab=_string(ctx.vocab),
        shape_space=_string(ctx.vocab + "shapes/"),
        ontology=sparql_iri(base + "graph/ontology"),
        shapes=sparql_iri(base + "graph/shapes"),
    )
    found: set[str] = set()
    for row in ctx.query(query):
        path = _path(ctx, row["iri"].value, row["kind"].value)
        if path:
            found.add(path)
    fixed = [root + path for path in FIXED]
    return fixed + sorted(found - set(fixed))


def _path(ctx: PageContext, iri: str, kind: str) -> str | None:
    """The page of one IRI: a table has its own page beside its ``/doc/`` one; others follow ``Links``."""
    if kind == "table":
        slug = iri[len(ctx.base + "id/dataset/") :]
        return f"{ctx.links.root}/datasets/{slug}" if SLUG.match(slug) else None
    return ctx.links.href_for(iri)


def _string(text: str) -> str:
    """A SPARQL string literal of a namespace (IRIs checked by ``sparql_iri`` have no quote or backslash)."""
    return '"' + sparql_iri(text)[1:-1] + '"'
