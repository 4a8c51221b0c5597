"""The machine twins of a page: the same resource as Turtle, JSON-LD, N-Triples or RDF/XML.

A twin is chosen by suffix (``/doc/wet/jeugdwet.ttl``) or by the Accept header
(RFC 9110 §12.5.1); the suffix wins, since it names one representation for good.
Media types, suffixes and ``negotiate`` are shared with the SPARQL endpoint
(``service.sparql.formats``); this module adds titles for the alternate links and the
conversion of store triples into an rdflib graph to serialise.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from werkzeug.datastructures import MIMEAccept

from service.sparql import formats

HTML = formats.HTML
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class RdfFormat(NamedTuple):
    suffix: str
    media_type: str
    rdflib_name: str
    title: str


#: The four twins, in the order pages list them.
RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat(".ttl", "text/turtle", "turtle", "Turtle"),
    RdfFormat(".jsonld", "application/ld+json", "json-ld", "JSON-LD"),
    RdfFormat(".nt", "application/n-triples", "nt", "N-Triples"),
    RdfFormat(".rdf", "application/rdf+xml", "xml", "RDF/XML"),
)
BY_SUFFIX = {f.suffix: f for f in RDF_FORMATS if formats.SUFFIXES.get(f.suffix) == f.media_type}
BY_MEDIA_TYPE = {f.media_type: f for f in RDF_FORMATS}
#: Offered types: HTML first (browsers send */*), then each RDF type and the endpoint's aliases.
OFFERED = (HTML, *BY_MEDIA_TYPE, *(t for t in formats.RDF_TYPES if t not in BY_MEDIA_TYPE and t != HTML))
_SERIALISER_TO_FORMAT = {"turtle": ".ttl", "json-ld": ".jsonld", "nt": ".nt", "rdf-xml": ".rdf"}


def split_suffix(local: str) -> tuple[str, RdfFormat | None]:
    """Split a known format suffix off a path.

    >>> split_suffix("wet/jeugdwet.ttl")[1].media_type
    'text/turtle'
    >>> split_suffix("wet/wmo-2015")
    ('wet/wmo-2015', None)
    """
    for suffix, fmt in BY_SUFFIX.items():
        if local.endswith(suffix):
            return local[: -len(suffix)], fmt
    return local, None


def choose(accept: MIMEAccept | str | None) -> RdfFormat | str | None:
    """HTML, an RDF format, or None (406) for this Accept header.

    >>> choose("text/turtle;q=0.9, */*;q=0.1").title
    'Turtle'
    >>> choose("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    'text/html'
    >>> choose("application/json").title
    'JSON-LD'
    >>> choose("image/png") is None
    True
    """
    media_type = formats.negotiate(accept, list(OFFERED))
    if media_type is None or media_type == HTML:
        return media_type
    return BY_SUFFIX[_SERIALISER_TO_FORMAT[formats.RDF_TYPES[media_type]]]


def to_rdflib(term: object) -> Node:
    """A pyoxigraph term as an rdflib term (by duck typing: only store.py imports pyoxigraph)."""
    kind = type(term).__name__
    if kind == "NamedNode":
        return URIRef(term.value)  # type: ignore[attr-defined]
    if kind == "BlankNode":
        return BNode(term.value)  # type: ignore[attr-defined]
    language = getattr(term, "language", None)
    if language:
        return Literal(term.value, lang=language)  # type: ignore[attr-defined]
    datatype = term.datatype.value  # type: ignore[attr-defined]
    if datatype == XSD_STRING:  # a plain literal in RDF 1.1; written without ^^xsd:string
        return Literal(term.value)  # type: ignore[attr-defined]
    return Literal(term.value, datatype=URIRef(datatype))  # type: ignore[attr-defined]


def graph_of(triples: Iterable[object], prefixes: dict[str, str]) -> Graph:
    """An rdflib Graph of pyoxigraph triples, with our prefixes bound for readable output."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(tuple(to_rdflib(getattr(triple, part)) for part in ("subject", "predicate", "object")))
    return graph


def serialize(graph: Graph, fmt: RdfFormat, prefixes: dict[str, str]) -> bytes:
    """The graph in one format; JSON-LD gets our prefixes as its context, so it reads compactly."""
    if fmt.rdflib_name == "json-ld":
        return graph.serialize(format="json-ld", context=dict(prefixes), encoding="utf-8")
    return graph.serialize(format=fmt.rdflib_name, encoding="utf-8")
