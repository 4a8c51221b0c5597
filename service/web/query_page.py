"""The query page of /sparql: editor, example questions, result table, downloads.

The page works without JavaScript: its form GETs ``/sparql?query=…&format=html`` and the
server renders the result (``service.render.results_html``) with labels and links to our entity pages,
so the URL of any answer can be shared. ``static/sparql/*.js`` adds highlighting,
completion, sorting and running queries as SPARQL JSON. It gets the same prefix
table, label query, link base and download formats from this module (the page's
JSON configuration and ``/sparql/terms.json``), so both paths show the same thing.

Example questions are files ``queries/examples/<name>.rq``: the first comment line is
the title, the second the description. Each has its own URL, ``/sparql/examples/<name>``.
The files leave out the prefixes the endpoint predeclares; the page shows each example
with PREFIX lines for the prefixes it uses (``portable``, from this build's base IRI), so
a copied example runs on any SPARQL server. The editor starts with ``STARTER_QUERY``.
Federated examples, which also ask another SPARQL endpoint through ``SERVICE``, live
apart in ``queries/federated/``: they answer only where the operator has put that
endpoint on ``SERVICE_ALLOWLIST`` (``queries/federated/allowlist.env``), so the page
lists them on their own, with the endpoints they call and whether this server allows
them, and the examples every deployment answers stay free of outbound requests.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from service import namespaces
from service.models import vocabulary
from service.models.links import Links, sparql_iri
from service.render.result_checksum import result_sha256
from service.render.results_html import render_results_html
from service.sparql import formats, gate
from service.sparql.iri import InvalidIriError
from service.sparql.prefix_lines import with_prefix_lines
from service.sparql.request import SparqlRequest
from service.store.interface import Answer
from service.web import cite, errors
from service.web.error_text import PageError
from service.web.links import data_base, links, sparql_link
from service.web.store_access import get_engine

bp = Blueprint("page", __name__)

#: One query fetches the labels of every IRI in a result (the JS fills in ``%IRIS%`` too).
LABEL_QUERY = (
    "SELECT ?iri ?label WHERE { VALUES ?iri { %IRIS% } ?iri rdfs:label|skos:prefLabel|dct:title ?label }"
)
#: The response header with the SHA-256 of the result's canonical form (``render.result_checksum``).
CHECKSUM_HEADER = "Sdkg-Result-Sha256"
#: Labels are decoration: past this many IRIs the rest show as prefixed names.
MAX_LABELLED = 2000

TERMS_QUERY = """SELECT ?term ?kind ?label ?definition WHERE {
  VALUES (?type ?kind) { (owl:Class "klasse") (rdfs:Class "klasse") (owl:ObjectProperty "eigenschap")
    (owl:DatatypeProperty "eigenschap") (owl:AnnotationProperty "eigenschap") (rdf:Property "eigenschap") }
  ?term a ?type FILTER(STRSTARTS(STR(?term), STR(sdo:)))
  OPTIONAL { ?term rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "nl")) }
  OPTIONAL { ?term skos:definition ?definition FILTER(LANGMATCHES(LANG(?definition), "nl")) }
}"""

#: What the editor holds when no query is given: a simple question with its PREFIX lines.
STARTER_QUERY = """# Welke wetten staan in de kennisgraaf?
SELECT ?wet ?naam WHERE {
  ?wet a sdo:Wet ;
       rdfs:label ?naam .
  FILTER(LANG(?naam) = "nl")
}
ORDER BY ?naam
"""

#: Download buttons per kind of answer: (button text, ``format=`` value, file suffix).
DOWNLOADS: dict[str, tuple[tuple[str, str, str], ...]] = {
    kind: tuple((f.title, f.name, f.suffix.lstrip(".")) for f in formats.of_kind(kind))
    for kind in (formats.RESULTS, formats.GRAPH)
}


@dataclass(frozen=True)
class Example:
    """An example question: its URL name, Dutch title and description, and the query."""

    name: str
    title: str
    description: str
    text: str
    #: the other SPARQL endpoints the query calls through SERVICE; empty for our graph alone
    endpoints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Download:
    """One download button: a plain link, so it works without JavaScript."""

    label: str
    href: str
    filename: str


@lru_cache(maxsize=1)
def examples() -> tuple[Example, ...]:
    """Every ``queries/examples/*.rq``, ordered by title: questions our graph answers alone."""
    return _examples_in("examples")


@lru_cache(maxsize=1)
def federated_examples() -> tuple[Example, ...]:
    """Every ``queries/federated/*.rq``, ordered by title, each with the endpoints it calls."""
    return tuple(
        replace(example, endpoints=service_endpoints(example.text)) for example in _examples_in("federated")
    )


def all_examples() -> tuple[Example, ...]:
    """Both kinds: each has a URL, and a loaded query of either kind shows its title."""
    return examples() + federated_examples()


def _examples_in(folder_name: str) -> tuple[Example, ...]:
    folder = resources.files("service.queries").joinpath(folder_name)
    found = [
        parse_example(entry.name.removesuffix(".rq"), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".rq")
    ]
    return tuple(sorted(found, key=lambda example: example.title))


def service_endpoints(text: str) -> tuple[str, ...]:
    """The endpoints a query calls, read by the SERVICE gate itself, so the page names what it checks.

    >>> service_endpoints("SELECT * WHERE { SERVICE <https://a.example/sparql> { ?s ?p ?o } }")
    ('https://a.example/sparql',)
    """
    reading = gate.read(text, "", namespaces.PREFIXES)
    return tuple(sorted({endpoint for endpoint in reading.endpoints if endpoint}))


def parse_example(name: str, text: str) -> Example:
    """Title and description come from the first two comment lines.

    >>> parse_example("x", "# Welke wetten?\\n# Alle wetten.\\nSELECT * {}").title
    'Welke wetten?'
    """
    lines = text.splitlines() + ["", ""]
    return Example(name, lines[0].lstrip("# ").strip(), lines[1].lstrip("# ").strip(), text)


def portable(text: str) -> str:
    """The query with PREFIX lines for the prefixes it uses, from this build's base IRI.

    The endpoint predeclares them; the lines make an example run on any SPARQL server.
    """
    return with_prefix_lines(text, namespaces.prefixes(data_base()))


def starter_query() -> str:
    """The query the editor starts with, portable like the examples."""
    return portable(STARTER_QUERY)


def example_for(query: str) -> Example | None:
    """The example whose query this is (as shown, or as written), so a shared link still shows its title."""
    wanted = _normalised(query)
    return next(
        (
            example
            for example in all_examples()
            if wanted in (_normalised(example.text), _normalised(portable(example.text)))
        ),
        None,
    )


def _normalised(text: str) -> str:
    # a textarea submits CRLF line ends; the files have LF
    return text.replace("\r\n", "\n").strip()


@bp.get("/sparql/examples/<name>")
def example(name: str) -> BaseResponse:
    """One example question: 303 to /sparql with its query, the shareable URL of its answer."""
    found = next((example for example in all_examples() if example.name == name), None)
    if found is None:
        abort(404, f"no example query called {name!r}")
    return redirect(sparql_link(portable(found.text)), code=303)


@bp.get("/sparql/terms.json")
def terms() -> Response:
    """Prefixes and our ontology's classes and properties with labels, for the editor's completion."""
    found: dict[str, dict[str, str]] = {}
    base = data_base()
    for row in select(TERMS_QUERY):
        term = vocabulary.curie(row["term"]["value"], base)
        entry = found.setdefault(term, {"name": term, "kind": row["kind"]["value"]})
        for key in ("label", "definition"):
            if key in row:
                entry.setdefault(key, row[key]["value"])
    response = jsonify(
        prefixes=namespaces.prefixes(base), terms=sorted(found.values(), key=lambda t: t["name"].lower())
    )
    response.cache_control.max_age = 300
    return response


def select(query: str) -> list[dict[str, Any]]:
    """Bindings of a SELECT run by the same engine (and worker limits) as the endpoint."""
    endpoint = url_for("sparql.endpoint", _external=True)
    answer = get_engine().query(SparqlRequest(query=query), formats.JSON_RESULTS, endpoint, MAX_LABELLED * 4)
    return json.loads(answer.read())["results"]["bindings"]


def labels_for(iris: Iterable[str]) -> dict[str, str]:
    """A Dutch label (else one without language, else any) for each IRI that has one."""
    wanted = sorted({iri for iri in iris if _is_iriref(iri)})[:MAX_LABELLED]
    if not wanted:
        return {}
    try:
        rows = select(LABEL_QUERY.replace("%IRIS%", " ".join(sparql_iri(iri) for iri in wanted)))
    except errors.HANDLED:  # labels are decoration: a failing label query must not hide the answer
        current_app.logger.warning("label query failed", exc_info=True)
        return {}
    return best_labels(rows)


def best_labels(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Pick one label per IRI: Dutch first, as the page is Dutch.

    >>> best_labels([{"iri": {"value": "a"}, "label": {"value": "A", "xml:lang": "en"}},
    ...              {"iri": {"value": "a"}, "label": {"value": "Aa", "xml:lang": "nl"}}])
    {'a': 'Aa'}
    """
    rank = {"nl": 0, "": 1}
    best: dict[str, tuple[int, str]] = {}
    for row in rows:
        iri, label = row["iri"]["value"], row["label"]
        score = rank.get(label.get("xml:lang", "").lower(), 2)
        if iri not in best or score < best[iri][0]:
            best[iri] = (score, label["value"])
    return {iri: value for iri, (_, value) in best.items()}


def _is_iriref(iri: str) -> bool:
    try:
        sparql_iri(iri)
    except InvalidIriError:
        return False
    return True


def downloads(query: str, kind: str | None) -> list[Download]:
    """Plain links to the endpoint, one per format this kind of answer comes in."""
    endpoint = url_for("sparql.endpoint")
    return [
        Download(label, f"{endpoint}?{urlencode({'query': query, 'format': fmt})}", f"resultaat.{suffix}")
        for label, fmt, suffix in DOWNLOADS.get(kind or "", ())
    ]


def page_response(
    query: str, answer: Answer | None = None, error: PageError | None = None, status: int = 200
) -> Response:
    """The query page, with the answer as a table (or the error) when a query was run."""
    max_rows = int(current_app.config["MAX_ROWS"])
    results = checksum = citation = None
    if answer is not None:
        labels, mapper = labels_for(_iris(answer.table)), links()
        results = render_results_html(answer.table, max_rows, link=lambda iri: _link(mapper, iri, labels))
        checksum = result_sha256(answer.table, graph=answer.kind == formats.GRAPH)
        citation = result_citation(query, checksum, bool(answer.table.get("truncated")))
    html = render_template(
        "sparql/page.html",
        query=query,
        starter=starter_query(),
        results=results,
        error=error,
        kind=answer.kind if answer else None,
        downloads=downloads(query, answer.kind if answer else None),
        examples=examples(),
        federated_examples=federated_examples(),
        allowlist=gate.parse_allowlist(current_app.config["SERVICE_ALLOWLIST"]),
        example=example_for(query) if query else None,
        prefixes=sorted(namespaces.PREFIXES),
        config=client_config(max_rows),
        checksum=checksum,
        truncated=bool(answer and answer.table.get("truncated")),
        cite=citation,
    )
    response = Response(html, status=status, content_type=formats.content_type(formats.HTML))
    if checksum:
        response.headers[CHECKSUM_HEADER] = checksum
    response.vary.add("Accept")
    return response


def result_citation(query: str, checksum: str, truncated: bool) -> cite.Block:
    """The citation of a result: its query, and the checksum a reader can compare with theirs."""
    found = example_for(query)
    title = f"{found.title} (SPARQL-resultaat)" if found else "Resultaat van een SPARQL-query"
    covers = "de getoonde rijen (het resultaat is afgekapt)" if truncated else "het resultaat"
    notes = (f"Query: {query.strip()}", f"SHA-256 van {covers} in canonieke vorm: {checksum}")
    return cite.block(title, cite.query_url(query), notes)


def _iris(table: Mapping[str, Any]) -> Iterable[str]:
    for row in table.get("rows", []):
        yield from (cell[1] for cell in row if cell and cell[0] == "uri")


def _link(mapper: Links, iri: str, labels: Mapping[str, str]) -> tuple[str | None, str]:
    return mapper.href_for(iri), labels.get(iri) or vocabulary.curie(iri, mapper.base)


def client_config(max_rows: int) -> dict[str, Any]:
    """What editor.js needs to behave like the server-side page."""
    return {
        "endpoint": url_for("sparql.endpoint"),
        "terms": url_for("sparql.page.terms"),
        "base": data_base(),
        "root": request.script_root,
        "maxRows": max_rows,
        "labelQuery": LABEL_QUERY,
        "curies": vocabulary.prefixes(data_base()),
        "downloads": DOWNLOADS,
    }
