"""The machine twins of a page: the same resource as Turtle, JSON-LD, N-Triples or RDF/XML.

A twin is chosen by suffix (``/doc/wet/jeugdwet.ttl``) or by the Accept header
(RFC 9110 §12.5.1); the suffix wins, since it names one representation for good.
Media types, suffixes, titles and ``negotiate`` come from the one format table
(``service.sparql.formats``); this module adds the conversion of store triples into
an rdflib graph to serialise.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from werkzeug.datastructures import MIMEAccept

from service.sparql import formats
from service.sparql.formats import Format

HTML = formats.HTML
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


#: The twins, in the order pages list them: the RDF formats the endpoint answers in too.
RDF_FORMATS: tuple[Format, ...] = formats.of_kind(formats.GRAPH)
#: A twin's path ends in its format's canonical suffix (``.owl`` reads as RDF/XML, but names no twin).
BY_SUFFIX = {f.suffix: f for f in RDF_FORMATS}
#: Offered types: HTML first (browsers send */*), then each RDF type and its aliases.
OFFERED = (HTML, *(t for t in formats.offered(formats.GRAPH) if t != HTML))


def split_suffix(local: str) -> tuple[str, Format | None]:
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


def choose(accept: MIMEAccept | str | None) -> Format | str | None:
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
    return formats.by_media_type(media_type, formats.GRAPH)


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
        subject, predicate, value = (
            to_rdflib(getattr(triple, part)) for part in ("subject", "predicate", "object")
        )
        graph.add((subject, predicate, value))
    return graph


def serialize(graph: Graph, fmt: Format, prefixes: dict[str, str]) -> bytes:
    """The graph in one format; JSON-LD gets our prefixes as its context, so it reads compactly."""
    name = formats.rdflib_name(fmt)
    if fmt is formats.JSON_LD:
        return graph.serialize(format=name, context=dict(prefixes), encoding="utf-8")
    return graph.serialize(format=name, encoding="utf-8")
