"""Blueprint ``datasets``: every statistical table of the sources as a page, a chart, CSV(W) and RDF.

``/datasets`` lists the ``qb:DataSet``s; ``/datasets/<slug>`` shows one as an HTML
table with, where a reader would rather look than read, a chart drawn on the server
(``service.render.charts``). Its machine twins share the path and differ by suffix, the
datasette way: ``.csv`` with ``.csv-metadata.json`` (CSVW), ``.ttl`` and ``.jsonld``
(the dataset, its structure, code lists and observations), ``.svg`` (the chart) and
``.json`` (the CSV's rows as JSON objects). The page, ``.csv``, ``.json`` and ``.svg``
take the filter and sort parameters of ``service.render.cube_query`` (``?onderdeel=…``,
``?sort=2017``); a parameter the dataset cannot answer is a 400 with a Dutch message.
``/datasets.zip`` holds every dataset's CSV with its CSVW metadata.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from rdflib import XSD, Graph, Literal

from service import namespaces
from service.models import schema_org
from service.models.cube import QB, Cube, Reader, catalogue, dataset_iri, load
from service.models.links import sparql_iri
from service.render import archive, charts, csvw, cube_query, cube_table, twins
from service.render.cube_query import BadQueryError, View
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


def _view(cube: Cube) -> View:
    """The filter and sort the request asks for; a 400 with the reason when the dataset has no such thing."""
    try:
        return cube_query.parse(cube, request.args.items(multi=True))
    except BadQueryError as error:
        abort(400, description=str(error))


def _shown(cube: Cube, view: View) -> tuple[Cube, cube_table.Table]:
    """The observations the view keeps and their table in the view's order."""
    shown = cube_query.filtered(cube, view)
    try:
        return shown, cube_query.sorted_table(shown, cube_table.pivot(shown), view)
    except BadQueryError as error:
        abort(400, description=str(error))


def _in_table_order(cube: Cube, table: cube_table.Table, view: View) -> Cube:
    """Observations in the order of the sorted table's rows; unsorted, the source's order stays."""
    if not view.sort:
        return cube
    row_of = {obs.iri: i for i, row in enumerate(table.rows) for cell in row.cells for obs in cell}
    ordered = sorted(cube.observations, key=lambda o: row_of.get(o.iri, len(row_of)))
    return replace(cube, observations=ordered)


def _href(cube: Cube, suffix: str, pairs: list[tuple[str, str]]) -> str:
    path = url_for(".dataset", name=cube.slug + suffix)
    return f"{path}?{urlencode(pairs)}" if pairs else path


def page(cube: Cube) -> str | tuple[str, int]:
    """The HTML page of one dataset: the table as filtered and sorted, its chart and footnotes.

    A filter or sort the dataset cannot answer gets a Dutch page that says why, with a 400.
    """
    try:
        view = cube_query.parse(cube, request.args.items(multi=True))
        shown = cube_query.filtered(cube, view)
        table = cube_query.sorted_table(shown, cube_table.pivot(shown), view)
    except BadQueryError as error:
        return render_template("datasets/bad_query.html", cube=cube, message=str(error)), 400
    chart = cube_table.chart_for(shown, table)
    marks, notes = cube_table.footnotes(shown, table)
    units = cube.units()
    quotes = [(cube.label, cube.quote)] if cube.quote else []
    quotes += [(o.label, o.quote) for o in shown.observations if o.quote and o.quote != cube.quote]
    names = {c.prop: name for name, c in cube_query.dimensions(cube).items()}
    return render_template(
        "datasets/dataset.html",
        cube=cube,
        shown=shown,
        table=table,
        view=view,
        chart=charts.render(chart) if chart else None,
        marks=marks,
        marks_width=max((len(",".join(map(str, m))) for m in marks.values()), default=0),
        notes=notes,
        unit=units[0] if len(units) == 1 else None,
        number_text=lambda obs: cube_table.cell_text(cube, obs, len(units) > 1, cube_table.decimals(cube)),
        quotes=list(dict.fromkeys(quotes)),
        downloads=DOWNLOADS,
        choices=cube_query.choices(cube),
        selected={name: codes for name, codes in view.filters},
        param_of=names,
        code_of=cube_query.code_of,
        value_key=cube_query.VALUE,
        sort_href=lambda key: _href(cube, "", view.pairs(key, view.sort == key and not view.descending)),
        view_href=lambda suffix: _href(cube, suffix, view.pairs()),
        card=_card(cube),
    )


def _card(cube: Cube) -> dict:
    """The dataset's schema.org description, part of the knowledge graph's, for search engines."""
    ctx = page_context()
    return schema_org.table(ctx, site_url(), cube, schema_org.knowledge_graph(ctx, site_url()))


def csv_file(cube: Cube) -> Response:
    """One row per observation; a Link header points CSVW processors at the metadata (tabular-metadata §5.2)."""
    view = _view(cube)
    shown, table = _shown(cube, view)
    body = csvw.to_csv(_in_table_order(shown, table, view))
    response = Response(body, content_type=formats.content_type(formats.CSV.media_type))
    metadata = url_for(".dataset", name=f"{cube.slug}.csv-metadata.json")
    response.headers["Link"] = f'<{metadata}>; rel="describedby"; type="application/csvm+json"'
    return response


def json_rows(cube: Cube) -> Response:
    """The CSV's rows as JSON objects, filtered and sorted as asked, with what view they are."""
    view = _view(cube)
    shown, table = _shown(cube, view)
    about = {
        "dataset": cube.iri,
        "title": cube.label,
        "filters": {name: list(codes) for name, codes in view.filters},
        "sort": view.sort or None,
        "sort_desc": view.descending,
        "total": len(cube.observations),
        "csv": _href(cube, formats.CSV.suffix, view.pairs()),
        "metadata": url_for(".dataset", name=f"{cube.slug}.csv-metadata.json"),
    }
    body = csvw.to_json(_in_table_order(shown, table, view), about)
    return Response(json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json")


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
    """The chart alone, of the view asked for; 404 when there is none (a single value, say)."""
    shown, table = _shown(cube, _view(cube))
    chart = cube_table.chart_for(shown, table)
    if chart is None:
        abort(404)
    return Response(str(charts.render(chart)), content_type="image/svg+xml; charset=utf-8")


#: suffix -> (link text, view); the longest suffix is tried first, so ``.csv`` never eats ``.csv-metadata.json``
DOWNLOADS: dict[str, tuple[str, Callable[[Cube], Response]]] = {
    ".csv-metadata.json": ("CSVW-metadata", csv_metadata),
    formats.CSV.suffix: (formats.CSV.title, csv_file),
    **{f.suffix: (f.title, rdf(f)) for f in (formats.TURTLE, formats.JSON_LD)},
    ".svg": ("Grafiek (SVG)", svg),
    ".json": ("JSON", json_rows),
}


@bp.get("/datasets.zip")
def everything() -> Response:
    """Every dataset's CSV with its CSVW metadata in one zip, the same bytes for the same build."""
    store, base = get_store(), data_base()
    key = (str(getattr(store, "folder", id(store))), base, current_app.config.get("LICENSE", ""))
    if key not in _ZIPS:
        cubes = [c for c in (load(store, base, d.slug) for d in catalogue(store, base)) if c is not None]
        built = getattr(store, "info", {}).get("built", "")
        _ZIPS.clear()  # one build is served at a time: keep only its zip
        _ZIPS[key] = archive.datasets_zip(cubes, key[2], built)
    response = Response(_ZIPS[key], content_type="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="datasets.zip"'
    return response


#: The zip of the served build, made on its first request (a build never changes).
_ZIPS: dict[tuple[str, str, str], bytes] = {}


@bp.get("/datasets/<name>")
def dataset(name: str) -> str | tuple[str, int] | Response:
    """One dataset as HTML, or as a download when the name ends in one of ``DOWNLOADS``."""
    for suffix, (_, view) in sorted(DOWNLOADS.items(), key=lambda item: -len(item[0])):
        if name.endswith(suffix):
            return view(_cube(name[: -len(suffix)]))
    return page(_cube(name))
