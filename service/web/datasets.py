"""Blueprint ``datasets``: every statistical table of the sources as a page, a chart, CSV(W) and RDF.

``/datasets`` lists the ``qb:DataSet``s; ``/datasets/<slug>`` shows one as an HTML
table with, where a reader would rather look than read, a chart drawn on the server
(``service.render.charts``). Its machine twins share the path and differ by suffix, the
datasette way: ``.csv`` with ``.csv-metadata.json`` (CSVW), ``.ttl`` and ``.jsonld``
(the dataset, its structure, code lists and observations), ``.svg`` (the chart).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Blueprint, Response, abort, current_app, render_template, url_for
from rdflib import XSD, Graph, Literal

from service import namespaces
from service.models import schema_org
from service.models.cube import QB, Cube, Reader, catalogue, dataset_iri, load
from service.models.links import sparql_iri
from service.render import charts, csvw, cube_table, twins
from service.sparql import formats
from service.sparql.formats import Format
from service.web.links import data_base, page_context, site_url
from service.web.store_access import get_store

bp = Blueprint("datasets", __name__)


def prefixes(base: str) -> dict[str, str]:
    """Prefixes that make the Turtle of a dataset read like the source files."""
    ids = {
        "dataset": "dataset",
        "obs": "observatie",
        "dsd": "structuur",
        "code": "code",
        "eenheid": "eenheid",
    }
    return {**namespaces.prefixes(base), "qb": QB, **{p: f"{base}id/{path}/" for p, path in ids.items()}}


def _cube(slug: str) -> Cube:
    found = load(get_store(), data_base(), slug)
    if found is None:
        abort(404)
    return found


@bp.get("/datasets")
def index() -> str:
    """All datasets with their title, source sections and number of observations."""
    return render_template("datasets/index.html", datasets=catalogue(get_store(), data_base()))


def page(cube: Cube) -> str:
    """The HTML page of one dataset."""
    table = cube_table.pivot(cube)
    chart = cube_table.chart_for(cube, table)
    marks, notes = cube_table.footnotes(cube, table)
    units = cube.units()
    quotes = [(cube.label, cube.quote)] if cube.quote else []
    quotes += [(o.label, o.quote) for o in cube.observations if o.quote and o.quote != cube.quote]
    return render_template(
        "datasets/dataset.html",
        cube=cube,
        table=table,
        chart=charts.render(chart) if chart else None,
        marks=marks,
        notes=notes,
        unit=units[0] if len(units) == 1 else None,
        cell_text=lambda obs: cube_table.cell_text(cube, obs, len(units) > 1, cube_table.decimals(cube)),
        quotes=list(dict.fromkeys(quotes)),
        downloads=DOWNLOADS,
        card=_card(cube),
    )


def _card(cube: Cube) -> dict:
    """The dataset's schema.org description, part of the knowledge graph's, for search engines."""
    ctx = page_context()
    return schema_org.table(ctx, site_url(), cube, schema_org.knowledge_graph(ctx, site_url()))


def csv_file(cube: Cube) -> Response:
    """One row per observation; a Link header points CSVW processors at the metadata (tabular-metadata §5.2)."""
    response = Response(csvw.to_csv(cube), content_type=formats.content_type(formats.CSV.media_type))
    metadata = url_for(".dataset", name=f"{cube.slug}.csv-metadata.json")
    response.headers["Link"] = f'<{metadata}>; rel="describedby"; type="application/csvm+json"'
    return response


def csv_metadata(cube: Cube) -> Response:
    """The CSVW description of the CSV: columns, component IRIs, datatypes and units."""
    described = csvw.metadata(cube, f"{cube.slug}.csv", current_app.config.get("LICENSE", ""))
    return Response(json.dumps(described, ensure_ascii=False, indent=2), content_type="application/csvm+json")


def twin_graph(cube: Cube) -> Graph:
    """The dataset's own triples as asserted: no inferred ones, nothing from neighbouring resources."""
    base = data_base()
    reader = Reader(get_store(), base)
    subjects = reader.run("cube_twin_subjects", dataset=sparql_iri(dataset_iri(base, cube.slug)))
    # two steps: oxigraph would otherwise scan every triple before joining the subjects
    values = " ".join(sparql_iri(s["s"].value) for s in subjects)
    graph = twins.graph_of(reader.run("cube_twin", subjects=values), prefixes(base))
    # RDF 1.1: "x"^^xsd:string is the simple literal "x"; rdflib tells them apart, so write the simple form
    for s, p, o in list(graph):
        if isinstance(o, Literal) and o.datatype == XSD.string:
            graph.remove((s, p, o))
            graph.add((s, p, Literal(str(o))))
    return graph


def rdf(fmt: Format) -> Callable[[Cube], Response]:
    def view(cube: Cube) -> Response:
        body = twins.serialize(twin_graph(cube), fmt, prefixes(data_base()))
        return Response(body, content_type=formats.content_type(fmt.media_type))

    return view


def svg(cube: Cube) -> Response:
    """The chart alone; 404 when the dataset has none (a single value, say)."""
    chart = cube_table.chart_for(cube, cube_table.pivot(cube))
    if chart is None:
        abort(404)
    return Response(str(charts.render(chart)), content_type="image/svg+xml; charset=utf-8")


#: suffix -> (link text, view); the longest suffix is tried first, so ``.csv`` never eats ``.csv-metadata.json``
DOWNLOADS: dict[str, tuple[str, Callable[[Cube], Response]]] = {
    ".csv-metadata.json": ("CSVW-metadata", csv_metadata),
    formats.CSV.suffix: (formats.CSV.title, csv_file),
    **{f.suffix: (f.title, rdf(f)) for f in (formats.TURTLE, formats.JSON_LD)},
    ".svg": ("Grafiek (SVG)", svg),
}


@bp.get("/datasets/<name>")
def dataset(name: str) -> str | Response:
    """One dataset as HTML, or as a download when the name ends in one of ``DOWNLOADS``."""
    for suffix, (_, view) in sorted(DOWNLOADS.items(), key=lambda item: -len(item[0])):
        if name.endswith(suffix):
            return view(_cube(name[: -len(suffix)]))
    return page(_cube(name))
