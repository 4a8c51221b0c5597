"""The index page of one class: its instances, sorted, paged and narrowed by facets.

Facets are offered where they help a reader narrow a list: the law, the gemeente, the
theme and the year a thing is about. A facet only shows when at least two values
occur (or one is chosen). Filter values come from the query string, so every IRI is
checked by ``check_iri`` and a year must be four digits before it reaches SPARQL;
a value that fails is answered 400, since silently dropping it would list
everything while the reader believes the list is narrowed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.exceptions import BadRequest

from service.models import vocabulary
from service.models.context import PageContext
from service.models.links import Links, sparql_iri
from service.models.resource import Value, value_of
from service.sparql.iri import check_iri

PAGE_SIZE = 50
#: query parameter -> predicate (CURIE); "jaar" filters on the year of dct:issued
FACETS = {
    "wet": "sdo:betreftWet",
    "gemeente": "sdo:betreftGemeente",
    "thema": "sdo:thema",
    "jaar": "dct:issued",
}
SORTS = {
    "naam": "LCASE(STR(?label)) ?s",
    "-naam": "DESC(LCASE(STR(?label))) ?s",
    "datum": "DESC(?date) LCASE(STR(?label))",
    "-datum": "?date LCASE(STR(?label))",
}
FACET_TITLES = {"wet": "Wet", "gemeente": "Gemeente", "thema": "Thema", "jaar": "Jaar"}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    active: bool


@dataclass
class Facet:
    name: str
    title: str
    values: list[FacetValue]


@dataclass
class Listing:
    cls: str
    label: str
    definition: str
    total: int
    page: int
    pages: int
    sort: str
    items: list[tuple[Value, str]] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    chosen: dict[str, str] = field(default_factory=dict)


def _filters(base: str, chosen: Mapping[str, str]) -> str:
    parts = []
    for name, value in chosen.items():
        if name == "jaar":
            parts.append(
                f'?s <http://purl.org/dc/terms/issued> ?fy FILTER(SUBSTR(STR(?fy), 1, 4) = "{value}")'
            )
        else:
            parts.append(f"?s <{vocabulary.expand(FACETS[name], base)}> {sparql_iri(value)} .")
    return "\n".join(parts)


def _chosen(args: Mapping[str, str]) -> dict[str, str]:
    """The facet values asked for; a value that is no IRI (or no year) is a 400, not an empty list."""
    return {name: _facet_value(name, args[name]) for name in FACETS if args.get(name)}


def _facet_value(name: str, value: str) -> str:
    if name != "jaar":
        return check_iri(value)
    if not re.fullmatch(r"\d{4}", value):
        raise BadRequest(f"jaar is vier cijfers / year must be four digits: {value[:20]!r}")
    return value


def listing(ctx: PageContext, cls: str, args: Mapping[str, str]) -> Listing | None:
    """The listing for the class IRI, or None when nothing has that type."""
    chosen = _chosen(args)
    where = f"?s a {sparql_iri(cls)} .\n{_filters(ctx.base, chosen)}"
    total = _count(ctx, where)
    if total == 0 and not chosen:
        return None
    sort = args.get("sort", "naam") if args.get("sort") in SORTS else "naam"
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(_int(args.get("page", "1")), 1), pages)
    meta = vocabulary.info(ctx, cls)
    found = Listing(cls, meta.label, meta.definition, total, page, pages, sort, chosen=chosen)
    found.items = _items(ctx, where, sort, page)
    found.facets = [f for f in (_facet(ctx, name, where, chosen) for name in FACETS) if f is not None]
    return found


def _int(text: str) -> int:
    return int(text) if text.isdigit() else 1


def _count(ctx: PageContext, where: str) -> int:
    rows = list(ctx.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} }}"))
    return int(rows[0]["n"].value) if rows else 0


def _items(ctx: PageContext, where: str, sort: str, page: int) -> list[tuple[Value, str]]:
    rows = ctx.query(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX dct: <http://purl.org/dc/terms/> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        f"SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) WHERE {{ {where} "
        'OPTIONAL { ?s rdfs:label|skos:prefLabel ?l FILTER(langMatches(lang(?l), "nl") || lang(?l) = "") } '
        f"OPTIONAL {{ ?s dct:issued ?d }} }} GROUP BY ?s ORDER BY {SORTS[sort]} "
        f"LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}"
    )
    return [_item(ctx.links, row) for row in rows]


def _item(links: Links, row: Any) -> tuple[Value, str]:
    """An instance and its date (``dct:issued``), as the list shows them."""
    date = value_of(links, row["date"]).text if row["date"] else ""
    return value_of(links, row["s"], row["label"]), date


def _facet(ctx: PageContext, name: str, where: str, chosen: dict[str, str]) -> Facet | None:
    predicate = vocabulary.expand(FACETS[name], ctx.base)
    if name == "jaar":
        select = f"?s <{predicate}> ?d BIND(SUBSTR(STR(?d), 1, 4) AS ?v)"
    else:
        select = f'?s <{predicate}> ?v OPTIONAL {{ ?v <http://www.w3.org/2000/01/rdf-schema#label> ?vl FILTER(langMatches(lang(?vl), "nl")) }}'
    rows = list(
        ctx.query(
            f"SELECT ?v (SAMPLE(?vl) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} {select} }} "
            "GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 40"
        )
    )
    if len(rows) < 2 and name not in chosen:
        return None
    values = [
        FacetValue(
            row["v"].value,
            row["label"].value if row["label"] else row["v"].value.rsplit("/", 1)[-1],
            int(row["n"].value),
            chosen.get(name) == row["v"].value,
        )
        for row in rows
    ]
    return Facet(name, FACET_TITLES[name], values)
