"""Every serialisation format as one record, and the one function that negotiates them.

SELECT and ASK answer in the SPARQL 1.1 result formats (JSON, XML, CSV, TSV); CONSTRUCT
and DESCRIBE answer in RDF (Turtle, N-Triples, JSON-LD, RDF/XML); dumps add the dataset
formats (N-Quads, TriG). Which one a client gets follows its ``Accept`` header (SPARQL
1.1 Protocol §2.1.5) or, for browsers and hand-written links, a ``format`` parameter.

``FORMATS`` is the only table: media types, file suffixes, ``format=`` names, the
rdflib and pyoxigraph serialiser names, W3C format IRIs and link titles of a format
live in its ``Format``; the endpoint, the pages' twins, the graph store, the dumps and
the source files look formats up here. Pure: no Flask request, no store, no pyoxigraph
(``oxigraph`` names a member of ``pyoxigraph.RdfFormat`` or ``QueryResultsFormat``,
which ``store/`` and ``build/`` turn into the member).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

HTML = "text/html"
#: Kinds of format: what a document in it holds.
RESULTS, GRAPH, DATASET = "results", "graph", "dataset"
W3C = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    """One serialisation format; the first media type and the first suffix are the canonical ones."""

    name: str  #: the ``format=`` value
    kind: str  #: RESULTS (SELECT/ASK), GRAPH (triples) or DATASET (quads)
    title: str  #: link text, alternate-link title, download button
    media_types: tuple[str, ...]  #: Content-Type sent, then the aliases accepted
    suffixes: tuple[str, ...]  #: file suffix written, then others read as this format
    oxigraph: str  #: member of pyoxigraph's ``RdfFormat`` (GRAPH, DATASET) or ``QueryResultsFormat``
    iri: str  #: the W3C format IRI (https://www.w3.org/ns/formats/)
    rdflib: str | None = None  #: rdflib's serialiser, for the RDF formats
    names: tuple[str, ...] = ()  #: more ``format=`` values
    negotiable: bool = True  #: the endpoint and the pages answer in it (by Accept or ``format=``)

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


SPARQL_JSON = Format(
    name="json",
    kind=RESULTS,
    title="JSON",
    media_types=("application/sparql-results+json", "application/json"),
    suffixes=(".json",),
    oxigraph="JSON",
    iri=W3C + "SPARQL_Results_JSON",
)
SPARQL_XML = Format(
    name="xml",
    kind=RESULTS,
    title="XML",
    media_types=("application/sparql-results+xml", "application/xml", "text/xml"),
    suffixes=(".xml",),
    oxigraph="XML",
    iri=W3C + "SPARQL_Results_XML",
)
CSV = Format(
    name="csv",
    kind=RESULTS,
    title="CSV",
    media_types=("text/csv",),
    suffixes=(".csv",),
    oxigraph="CSV",
    iri=W3C + "SPARQL_Results_CSV",
)
TSV = Format(
    name="tsv",
    kind=RESULTS,
    title="TSV",
    media_types=("text/tab-separated-values",),
    suffixes=(".tsv",),
    oxigraph="TSV",  # the store writes TSV itself, keeping every datatype (``store.evaluation.tsv``)
    iri=W3C + "SPARQL_Results_TSV",
)
TURTLE = Format(
    name="turtle",
    kind=GRAPH,
    title="Turtle",
    media_types=("text/turtle", "application/x-turtle"),
    suffixes=(".ttl",),
    oxigraph="TURTLE",
    iri=W3C + "Turtle",
    rdflib="turtle",
    names=("ttl", "n3"),  # n3: SPARQLWrapper's name; Turtle is N3's RDF subset
)
N_TRIPLES = Format(
    name="nt",
    kind=GRAPH,
    title="N-Triples",
    media_types=("application/n-triples", "text/plain"),
    suffixes=(".nt",),
    oxigraph="N_TRIPLES",
    iri=W3C + "N-Triples",
    rdflib="nt",
    names=("ntriples",),
)
JSON_LD = Format(
    name="jsonld",
    kind=GRAPH,
    title="JSON-LD",
    media_types=("application/ld+json", "application/json"),
    suffixes=(".jsonld",),
    oxigraph="JSON_LD",
    iri=W3C + "JSON-LD",
    rdflib="json-ld",
    names=("json-ld", "json"),
)
RDF_XML = Format(
    name="rdfxml",
    kind=GRAPH,
    title="RDF/XML",
    media_types=("application/rdf+xml", "application/xml"),
    suffixes=(".rdf", ".owl"),
    oxigraph="RDF_XML",
    iri=W3C + "RDF_XML",
    rdflib="xml",
    names=("rdf", "rdf+xml", "xml"),
)
#: Read, not written: a graph may be sent to the graph store as N3 (its RDF subset).
N3 = Format(
    name="notation3",
    kind=GRAPH,
    title="N3",
    media_types=("text/n3",),
    suffixes=(".n3",),
    oxigraph="N3",
    iri=W3C + "N3",
    rdflib="n3",
    negotiable=False,
)
#: The dumps with graph names (``service.build.dumps``).
N_QUADS = Format(
    name="nquads",
    kind=DATASET,
    title="N-Quads",
    media_types=("application/n-quads",),
    suffixes=(".nq",),
    oxigraph="N_QUADS",
    iri=W3C + "N-Quads",
    rdflib="nquads",
    negotiable=False,
)
TRIG = Format(
    name="trig",
    kind=DATASET,
    title="TriG",
    media_types=("application/trig",),
    suffixes=(".trig",),
    oxigraph="TRIG",
    iri=W3C + "TriG",
    rdflib="trig",
    negotiable=False,
)

#: Every format. Within a kind the order is the order of preference: the first is the
#: default for ``*/*``, and lists, links and buttons show them in this order.
FORMATS: tuple[Format, ...] = (
    SPARQL_JSON,
    SPARQL_XML,
    CSV,
    TSV,
    TURTLE,
    N_TRIPLES,
    JSON_LD,
    RDF_XML,
    N3,
    N_QUADS,
    TRIG,
)


class Choice(NamedTuple):
    """The media type to answer with for each kind of query result; None means 406."""

    results: str | None
    graph: str | None


#: SPARQL JSON for SELECT/ASK, nothing for graphs: the choice of the server's own queries.
JSON_RESULTS = Choice(SPARQL_JSON.media_type, None)


def of_kind(kind: str, negotiable: bool = True) -> tuple[Format, ...]:
    """The formats of one kind, in order; by default only those the endpoint and pages answer in.

    >>> [f.title for f in of_kind(GRAPH)]
    ['Turtle', 'N-Triples', 'JSON-LD', 'RDF/XML']
    """
    return tuple(f for f in FORMATS if f.kind == kind and (f.negotiable or not negotiable))


def offered(kind: str) -> list[str]:
    """The media types to negotiate for a kind of answer: canonical ones, then aliases, then HTML.

    >>> offered(RESULTS)[:2], offered(RESULTS)[-1]
    (['application/sparql-results+json', 'application/sparql-results+xml'], 'text/html')
    """
    found = of_kind(kind)
    return [f.media_type for f in found] + [t for f in found for t in f.media_types[1:]] + [HTML]


def by_media_type(media_type: str, kind: str) -> Format | None:
    """The format of a kind the endpoint answers in with this media type (or one of its aliases).

    >>> by_media_type("application/json", GRAPH).title
    'JSON-LD'
    >>> by_media_type("text/n3", GRAPH) is None
    True
    """
    return next((f for f in of_kind(kind) if media_type in f.media_types), None)


def by_name(name: str, kind: str) -> Format | None:
    """The format of a kind that a ``format=`` value names (case-insensitive).

    >>> by_name("JSON", RESULTS).media_type, by_name("json", GRAPH).media_type
    ('application/sparql-results+json', 'application/ld+json')
    """
    name = name.lower()
    return next((f for f in of_kind(kind) if name == f.name or name in f.names), None)


def by_suffix(suffix: str) -> Format | None:
    """The format of a file suffix (any of a format's suffixes; each names one format).

    >>> by_suffix(".owl").title
    'RDF/XML'
    >>> by_suffix(".gz") is None
    True
    """
    return next((f for f in FORMATS if suffix.lower() in f.suffixes), None)


def rdflib_name(fmt: Format) -> str:
    """rdflib's serialiser name of an RDF format (every graph and dataset format has one)."""
    assert fmt.rdflib is not None, f"{fmt.name} is no RDF format rdflib writes"
    return fmt.rdflib


def negotiate(accept: MIMEAccept | str | None, offered: Sequence[str]) -> str | None:
    """Best offered type for this client; None means 406. No Accept header means the first offered.

    >>> negotiate("text/turtle, */*;q=0.1", ["application/n-triples", "text/turtle"])
    'text/turtle'
    >>> negotiate("*/*", offered(RESULTS))
    'application/sparql-results+json'
    >>> negotiate("image/png", ["text/turtle"]) is None
    True
    >>> negotiate(None, ["text/csv"])
    'text/csv'
    """
    if isinstance(accept, str):
        accept = parse_accept_header(accept, MIMEAccept)
    if not accept:
        return offered[0] if offered else None
    return accept.best_match(offered)


def choose(accept: MIMEAccept | str | None, format_name: str | None) -> Choice:
    """Media types for a query's answer from ``format=`` (which wins) or ``Accept``.

    Clients send ``format`` values of their own (SPARQLWrapper adds one to every
    request); a value we do not know leaves the choice to the Accept header.

    >>> choose("text/html,application/xhtml+xml,*/*;q=0.8", None)
    Choice(results='text/html', graph='text/html')
    >>> choose(None, "xml")
    Choice(results='application/sparql-results+xml', graph='application/rdf+xml')
    >>> choose("*/*", "text/turtle")
    Choice(results=None, graph='text/turtle')
    >>> choose("text/csv", "yaml")
    Choice(results='text/csv', graph=None)
    """
    chosen = _from_format(format_name.strip()) if format_name else None
    return chosen or Choice(negotiate(accept, offered(RESULTS)), negotiate(accept, offered(GRAPH)))


def _from_format(name: str) -> Choice | None:
    media_type = name.split(";")[0].strip().lower()
    if name.lower() == "html" or media_type == HTML:
        return Choice(HTML, HTML)
    results, graph = by_name(name, RESULTS), by_name(name, GRAPH)
    if results or graph:
        return Choice(results.media_type if results else None, graph.media_type if graph else None)
    results, graph = by_media_type(media_type, RESULTS), by_media_type(media_type, GRAPH)
    if results or graph:
        return Choice(media_type if results else None, media_type if graph else None)
    return None


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type: text types say they are UTF-8.

    >>> content_type("text/csv")
    'text/csv; charset=utf-8'
    >>> content_type("application/sparql-results+json")
    'application/sparql-results+json'
    """
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type
