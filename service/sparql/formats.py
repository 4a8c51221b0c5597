"""Media types of the SPARQL endpoint as data, and the one function that negotiates them.

SELECT and ASK answer in the SPARQL 1.1 result formats (JSON, XML, CSV, TSV); CONSTRUCT
and DESCRIBE answer in RDF (Turtle, N-Triples, JSON-LD, RDF/XML). Which one a client
gets follows its ``Accept`` header (SPARQL 1.1 Protocol §2.1.5) or, for browsers and
hand-written links, a ``format`` parameter. Pure: no Flask request, no store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

HTML = "text/html"

#: SELECT/ASK: media type -> result serialiser; the first one is the default for ``*/*``.
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    HTML: "html",
}

#: CONSTRUCT/DESCRIBE: media type -> RDF serialiser; the first one is the default.
RDF_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "rdf-xml",
    "application/x-turtle": "turtle",
    "text/plain": "nt",
    "application/json": "json-ld",
    "application/xml": "rdf-xml",
    HTML: "html",
}

#: File suffixes of RDF documents (for links like ``/doc/x.ttl``).
SUFFIXES: dict[str, str] = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
}

#: ``format=`` values: name -> (media type for results, media type for graphs).
FORMAT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "html": (HTML, HTML),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"),
    "json-ld": (None, "application/ld+json"),
    "rdf": (None, "application/rdf+xml"),
    "rdfxml": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
    "n3": (None, "text/turtle"),  # SPARQLWrapper's name; Turtle is N3's RDF subset
}

#: Formats named in the service description (W3C format IRIs).
FORMAT_IRIS: dict[str, str] = {
    "application/sparql-results+json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "application/sparql-results+xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "text/csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "text/tab-separated-values": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "text/turtle": "http://www.w3.org/ns/formats/Turtle",
    "application/n-triples": "http://www.w3.org/ns/formats/N-Triples",
    "application/ld+json": "http://www.w3.org/ns/formats/JSON-LD",
    "application/rdf+xml": "http://www.w3.org/ns/formats/RDF_XML",
}


class Choice(NamedTuple):
    """The media type to answer with for each kind of query result; None means 406."""

    results: str | None
    graph: str | None


def negotiate(accept: MIMEAccept | str | None, offered: Sequence[str]) -> str | None:
    """Best offered type for this client; None means 406. No Accept header means the first offered.

    >>> negotiate("text/turtle, */*;q=0.1", ["application/n-triples", "text/turtle"])
    'text/turtle'
    >>> negotiate("*/*", list(RESULT_TYPES))
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
    return chosen or Choice(negotiate(accept, list(RESULT_TYPES)), negotiate(accept, list(RDF_TYPES)))


def _from_format(name: str) -> Choice | None:
    if name.lower() in FORMAT_NAMES:
        return Choice(*FORMAT_NAMES[name.lower()])
    media_type = name.split(";")[0].strip().lower()
    if media_type in RESULT_TYPES or media_type in RDF_TYPES:
        return Choice(
            media_type if media_type in RESULT_TYPES else None,
            media_type if media_type in RDF_TYPES else None,
        )
    return None


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type: text types say they are UTF-8.

    >>> content_type("text/csv")
    'text/csv; charset=utf-8'
    >>> content_type("application/sparql-results+json")
    'application/sparql-results+json'
    """
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type
