"""The statistics datasets as the rest of the site points at them: on the home page and beside a resource.

The dataset pages themselves are ``cube`` (one dataset) and ``cube.catalogue`` (all of
them); this module answers the questions other pages ask: how many tables there are,
which few to feature, and which datasets concern a section, a law or a gemeente.
Every query goes through the ``PageContext``.
"""

from __future__ import annotations

from dataclasses import dataclass

from service import queries
from service.models.context import PageContext
from service.models.links import sparql_iri

#: Datasets the home page shows as charts: a time series, a comparison and a budget, when present.
FEATURED = ("vgn-omzetontwikkeling", "nvrr-macrobudget-participatiewet", "vgn-contractaspecten")


@dataclass(frozen=True)
class Related:
    """A dataset as a link: its slug (``/datasets/<slug>``), title and how many of its observations concern the resource."""

    slug: str
    label: str
    observations: int


def slug_of(ctx: PageContext, iri: str) -> str | None:
    """The slug of a dataset IRI under ``{base}id/dataset/``, None for any other IRI."""
    prefix = ctx.base + "id/dataset/"
    return iri[len(prefix) :] if iri.startswith(prefix) and "/" not in iri[len(prefix) :] else None


def about(ctx: PageContext, iri: str) -> list[Related]:
    """The datasets taken from this resource or with observations that name it, most observations first."""
    found = []
    for row in ctx.query(queries.load("datasets_about", resource=sparql_iri(iri))):
        slug = slug_of(ctx, row["dataset"].value)
        if slug is not None and slug_of(ctx, iri) != slug:
            label = row["label"].value if row["label"] is not None else slug
            found.append(Related(slug, label, int(row["observations"].value)))
    return found


def featured(slugs: list[str], wanted: tuple[str, ...] = FEATURED, count: int = 3) -> list[str]:
    """The featured slugs the build has, topped up with the first others, ``count`` in all.

    >>> featured(["a", "b", "vgn-contractaspecten"], count=2)
    ['vgn-contractaspecten', 'a']
    """
    chosen = [s for s in wanted if s in slugs]
    chosen += [s for s in slugs if s not in chosen]
    return chosen[:count]
