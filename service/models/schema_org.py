"""schema.org ``Dataset`` descriptions for search engines (what Google Dataset Search reads).

The home page describes the knowledge graph, each ``/datasets/<slug>`` page one
statistical table. The knowledge graph's card is read from its DCAT description in
``graph/metadata`` (``service.build.dcat``), so title, licence, publisher, coverage
and downloads say what the portals are told; a table's card comes from its cube and
points to the knowledge graph as the whole it is part of. The result is a plain dict
for a ``<script type="application/ld+json">`` block; URLs are absolute on the site
that serves the page (``site``, e.g. ``http://127.0.0.1:5000``).
"""

from __future__ import annotations

from typing import Any

from service import queries
from service.models.context import PageContext
from service.models.cube import Cube
from service.models.links import sparql_iri
from service.store.built import BuiltStore

CONTEXT = "https://schema.org/"
IANA = "http://www.iana.org/assignments/media-types/"
NETHERLANDS = {
    "@type": "Place",
    "name": "Nederland",
    "sameAs": "http://publications.europa.eu/resource/authority/country/NLD",
}
#: Download suffix of a table page -> its media type (``service.web.datasets.DOWNLOADS``).
TABLE_DOWNLOADS = {".csv": "text/csv", ".ttl": "text/turtle", ".jsonld": "application/ld+json"}


def release_of(store: BuiltStore) -> str:
    """The version a reader cites: the release of build.json when the build is one, else the build's id."""
    return str(store.info.get("release") or store.folder.name)


def absolute(ctx: PageContext, site: str, iri: str) -> str:
    """The URL of an IRI on the site serving the page: IRIs under the base become ``site`` + path."""
    href = ctx.links.href_for(iri) or iri
    return site + href if href.startswith("/") else href


def knowledge_graph(ctx: PageContext, site: str) -> dict[str, Any] | None:
    """The knowledge graph as a schema.org Dataset; None when the build has no DCAT description."""
    iri = f"{ctx.base}id/dataset/kennisgraaf"
    values = {"metadata": sparql_iri(f"{ctx.base}graph/metadata"), "dataset": sparql_iri(iri)}
    row = next(iter(ctx.query(queries.load("schema_dataset", **values))), None)
    if row is None or row["name"] is None:
        return None
    card: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "@id": iri,
        "identifier": iri,
        "name": _text(row, "name"),
        "alternateName": _text(row, "name_en"),
        "description": _text(row, "description"),
        "url": absolute(ctx, site, ctx.base),
        "license": _text(row, "license"),
        "isAccessibleForFree": True,
        "inLanguage": ["nl", "en"],
        "keywords": sorted(k for k in _text(row, "keywords").split("|") if k),
        "spatialCoverage": NETHERLANDS,
        "version": release_of(ctx.store),
        "dateModified": _text(row, "modified"),
    }
    if row["publisher"] is not None:
        card["creator"] = card["publisher"] = _organisation(ctx, site, row)
    if row["start"] is not None and row["end"] is not None:
        card["temporalCoverage"] = f"{row['start'].value}/{row['end'].value}"
    if row["catalogue"] is not None:
        card["includedInDataCatalog"] = {"@type": "DataCatalog", "name": _text(row, "catalogue_name")}
    card["distribution"] = _distributions(ctx, site, values)
    return {key: value for key, value in card.items() if value not in ("", None, [])}


def _text(row: Any, name: str) -> str:
    return row[name].value if row[name] is not None else ""


def _organisation(ctx: PageContext, site: str, row: Any) -> dict[str, Any]:
    """The publisher as the ``Organization`` that Google asks for as creator and publisher."""
    organisation = {
        "@type": "Organization",
        "@id": row["publisher"].value,
        "name": _text(row, "publisher_name"),
    }
    if row["publisher_url"] is not None:
        organisation["url"] = absolute(ctx, site, row["publisher_url"].value)
    return organisation


def _distributions(ctx: PageContext, site: str, values: dict[str, str]) -> list[dict[str, Any]]:
    """Every download of the DCAT description as a ``DataDownload``, with its size where known."""
    found = []
    for row in ctx.query(queries.load("schema_distributions", **values)):
        download: dict[str, Any] = {
            "@type": "DataDownload",
            "contentUrl": absolute(ctx, site, row["url"].value),
            "encodingFormat": _text(row, "media_type").removeprefix(IANA),
            "name": _text(row, "title"),
        }
        if row["size"] is not None:
            download["contentSize"] = f"{row['size'].value} B"
        found.append({k: v for k, v in download.items() if v})
    return found


def table(ctx: PageContext, site: str, cube: Cube, parent: dict[str, Any] | None) -> dict[str, Any]:
    """One statistical table as a schema.org Dataset, part of the knowledge graph (``parent``)."""
    page = f"{site}{ctx.links.root}/datasets/{cube.slug}"
    card: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "@id": cube.iri,
        "identifier": cube.iri,
        "name": cube.label or cube.slug,
        "alternateName": cube.label_en,
        "description": cube.description or cube.table_title or cube.label,
        "url": page,
        "isAccessibleForFree": True,
        "inLanguage": "nl",
        "spatialCoverage": NETHERLANDS,
        "temporalCoverage": temporal_coverage(cube),
        "variableMeasured": cube.measure().label,
        "isBasedOn": [absolute(ctx, site, source.iri) for source in cube.sources],
        "distribution": [
            {"@type": "DataDownload", "contentUrl": page + suffix, "encodingFormat": media_type}
            for suffix, media_type in TABLE_DOWNLOADS.items()
        ],
    }
    if parent is not None:
        for key in ("license", "creator", "publisher", "version"):
            if key in parent:
                card[key] = parent[key]
        card["isPartOf"] = {
            "@type": "Dataset",
            "@id": parent["@id"],
            "name": parent["name"],
            "url": parent["url"],
        }
    return {key: value for key, value in card.items() if value not in ("", None, [])}


def temporal_coverage(cube: Cube) -> str:
    """The years of the table's reference periods as an ISO 8601 interval (``2015/2017``), or one year."""
    years = sorted(
        {
            term.key[:4]
            for obs in cube.observations
            for prop, term in obs.values.items()
            if prop == cube.vocab + "refPeriode" and term.key[:4].isdigit()
        }
    )
    if not years:
        return ""
    return years[0] if years[0] == years[-1] else f"{years[0]}/{years[-1]}"
