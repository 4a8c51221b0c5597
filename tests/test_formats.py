"""Negotiation tables: Accept headers and ``format=`` values -> the media type served."""

from __future__ import annotations

import pytest

from service.sparql import formats
from service.sparql.formats import Choice

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


@pytest.mark.parametrize(("suffix", "media_type"), sorted(formats.SUFFIXES.items()))
def test_every_suffix_names_a_served_rdf_type(suffix: str, media_type: str) -> None:
    assert media_type in formats.RDF_TYPES


def test_every_served_type_is_named_in_the_service_description() -> None:
    canonical = [t for t in formats.RESULT_TYPES if "sparql" in t or t.startswith("text/")][:4]
    assert set(canonical) | {"text/turtle", "application/n-triples"} <= set(formats.FORMAT_IRIS)
