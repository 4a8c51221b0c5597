"""The format table: Accept headers and ``format=`` values -> the media type served; every record complete."""

from __future__ import annotations

import pyoxigraph
import pytest
import rdflib.plugin
import rdflib.serializer

from service.build.dumps import DUMP_FILES
from service.render import twins
from service.sparql import formats
from service.sparql.formats import W3C, Choice
from service.sparql.service_description import describe
from service.web import graph_store
from service.web.downloads import media_type
from service.web.query_page import DOWNLOADS

JSON, XML = "application/sparql-results+json", "application/sparql-results+xml"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, Choice(JSON, "text/turtle")),
        ("*/*", Choice(JSON, "text/turtle")),
        (XML, Choice(XML, None)),
        ("text/csv", Choice("text/csv", None)),
        ("text/tab-separated-values", Choice("text/tab-separated-values", None)),
        ("application/json", Choice("application/json", "application/json")),
        ("application/n-triples", Choice(None, "application/n-triples")),
        ("application/ld+json", Choice(None, "application/ld+json")),
        ("application/rdf+xml, text/turtle;q=0.5", Choice(None, "application/rdf+xml")),
        (f"{JSON};q=0.9, text/turtle", Choice(JSON, "text/turtle")),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", Choice("text/html", "text/html")),
        ("image/png", Choice(None, None)),
    ],
)
def test_accept_header_chooses_per_result_kind(accept: str | None, expected: Choice) -> None:
    assert formats.choose(accept, None) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("json", Choice(JSON, "application/ld+json")),
        ("XML", Choice(XML, "application/rdf+xml")),
        ("csv", Choice("text/csv", None)),
        ("tsv", Choice("text/tab-separated-values", None)),
        ("html", Choice("text/html", "text/html")),
        ("turtle", Choice(None, "text/turtle")),
        ("nt", Choice(None, "application/n-triples")),
        ("jsonld", Choice(None, "application/ld+json")),
        ("rdfxml", Choice(None, "application/rdf+xml")),
        ("text/csv", Choice("text/csv", None)),
    ],
)
def test_format_parameter_wins_over_accept(name: str, expected: Choice) -> None:
    assert formats.choose("text/turtle", name) == expected


def test_unknown_format_parameter_leaves_the_choice_to_accept() -> None:
    assert formats.choose("text/csv", "yaml") == Choice("text/csv", None)


@pytest.mark.parametrize("suffix", sorted(twins.BY_SUFFIX))
def test_every_suffix_names_a_served_rdf_type(suffix: str) -> None:
    assert twins.BY_SUFFIX[suffix].media_type in formats.offered(formats.GRAPH)


def test_every_served_type_is_named_in_the_service_description() -> None:
    described = {str(o) for o in describe("http://x/sparql", [], [], {}, update=False).objects()}
    for kind in (formats.RESULTS, formats.GRAPH):
        assert {f.iri for f in formats.of_kind(kind)} <= described
    assert {W3C + "SPARQL_Results_JSON", W3C + "Turtle", W3C + "N-Triples"} <= described


def offered_anywhere() -> set[str]:
    """Every media type that some part of the service writes, reads or negotiates (HTML aside)."""
    offered = {t for kind in (formats.RESULTS, formats.GRAPH) for t in formats.offered(kind)}
    offered |= set(twins.OFFERED) | set(graph_store.READABLE)
    offered |= {fmt.media_type for fmt, _ in DUMP_FILES.values()}
    offered |= {
        formats.by_name(name, kind).media_type for kind, rows in DOWNLOADS.items() for _, name, _ in rows
    }
    offered |= {media_type(f"x{suffix}") for suffix in (".ttl", ".nq", ".trig")}
    return offered - {formats.HTML}


@pytest.mark.parametrize("media_type", sorted(offered_anywhere()))
def test_every_media_type_offered_anywhere_has_a_record(media_type: str) -> None:
    assert any(media_type in f.media_types for f in formats.FORMATS)


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f.name)
def test_every_record_is_complete(fmt: formats.Format) -> None:
    assert fmt.kind in (formats.RESULTS, formats.GRAPH, formats.DATASET)
    assert fmt.name and fmt.title and fmt.media_types and fmt.suffixes
    assert all(s.startswith(".") for s in fmt.suffixes)
    assert fmt.iri.startswith(W3C)
    members = pyoxigraph.QueryResultsFormat if fmt.kind == formats.RESULTS else pyoxigraph.RdfFormat
    assert getattr(members, fmt.oxigraph) == members.from_media_type(fmt.media_type)
    if fmt.kind != formats.RESULTS:  # rdflib writes the RDF formats
        assert fmt.rdflib in {p.name for p in rdflib.plugin.plugins(kind=rdflib.serializer.Serializer)}


def test_names_suffixes_and_canonical_types_name_one_record_each() -> None:
    for kind in (formats.RESULTS, formats.GRAPH, formats.DATASET):
        names = [n for f in formats.of_kind(kind, negotiable=False) for n in (f.name, *f.names)]
        assert len(names) == len(set(names)), kind
    suffixes = [s for f in formats.FORMATS for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes))
    canonical = [f.media_type for f in formats.FORMATS]
    assert len(canonical) == len(set(canonical))
