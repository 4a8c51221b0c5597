"""Ontology documentation at /def/: header, one page per term, shapes, examples, RDF by negotiation."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from tests.conftest import BASE
from tests.html_checks import strict_html

ONTOLOGY = URIRef(BASE + "def/")


def test_index_shows_the_header_and_every_term(site_client) -> None:
    response = site_client.get("/def/")
    assert response.headers["Vary"] == "Accept, Accept-Encoding"
    soup = strict_html(response.get_data(as_text=True))
    assert soup.h1.get_text(" ", strip=True).startswith("Ontologie Sociaal Domein Kennisgraaf")
    header = soup.select_one("dl.header").get_text(" ", strip=True)
    for expected in ("0.1.0", "sdo", "Sociaal Domein Kennisgraaf", "creativecommons.org/licenses/by/4.0"):
        assert expected in header
    assert soup.find("a", href="/def/Rekenkameronderzoek")
    assert soup.find("a", href="/def/betreftGemeente")


@pytest.mark.parametrize(
    ("path", "accept", "media_type", "rdflib_format"),
    [
        ("/def/", "text/turtle", "text/turtle", "turtle"),
        ("/def", "application/ld+json", "application/ld+json", "json-ld"),
        ("/def.ttl", None, "text/turtle", "turtle"),
        ("/def.nt", None, "application/n-triples", "nt"),
        ("/def.rdf", None, "application/rdf+xml", "xml"),
    ],
)
def test_the_ontology_itself_by_negotiation(site_client, path, accept, media_type, rdflib_format) -> None:
    response = site_client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.content_type.split(";")[0] == media_type
    graph = Graph().parse(data=response.data, format=rdflib_format)
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph
    assert (
        URIRef(BASE + "def/Rekenkameronderzoek"),
        RDFS.subClassOf,
        URIRef(BASE + "def/Onderzoek"),
    ) in graph


def test_class_page(site_client) -> None:
    soup = strict_html(site_client.get("/def/Rekenkameronderzoek").get_data(as_text=True))
    assert soup.h1.get_text(" ", strip=True) == "rekenkameronderzoek audit office study"
    assert soup.find(string="Een onderzoek van een rekenkamer.")
    assert soup.find(lang="en", string="A study by an audit office.")
    assert soup.find("a", href="/def/Onderzoek")  # superclass
    shapes = soup.select_one("#vormen").find_parent("section").get_text(" ", strip=True)
    assert "OnderzoekBronShape" in shapes and "Een onderzoek noemt de sectie waaruit het komt" in shapes
    assert soup.find("a", href="/doc/publicatie/rekenkamer-utrecht-2017-werken-naar-vermogen")
    assert soup.find("a", href="/klasse/Rekenkameronderzoek")


def test_property_page_lists_union_domains_range_and_uses(site_client) -> None:
    soup = strict_html(site_client.get("/def/betreftGemeente").get_data(as_text=True))
    text = soup.select_one("dl.props").get_text(" ", strip=True)
    assert "domein" in text and "bereik" in text
    for member in ("/def/Publicatie", "/def/Bevinding", "/def/Rekenkamer", "/def/Gemeente"):
        assert soup.select_one(f"dl.props a[href='{member}']")
    assert "BetreftGemeenteKlasseShape" in soup.get_text()
    assert soup.find("a", href="/doc/gemeente/utrecht")


def test_inverse_and_term_as_turtle(site_client) -> None:
    soup = strict_html(site_client.get("/def/bevindingVan").get_data(as_text=True))
    assert soup.find("a", href="/def/heeftBevinding")
    graph = Graph().parse(data=site_client.get("/def/heeftBevinding.ttl").data, format="turtle")
    assert (URIRef(BASE + "def/heeftBevinding"), OWL.inverseOf, URIRef(BASE + "def/bevindingVan")) in graph


def test_shape_iris_have_pages(site_client) -> None:
    response = site_client.get("/def/shapes/OnderzoekShape")
    assert response.status_code == 200
    assert "sh:targetClass" in strict_html(response.get_data(as_text=True)).get_text()
    assert site_client.get("/def/shapes/Onbekend").status_code == 404


@pytest.mark.parametrize("path", ["/def/BestaatNiet", "/def/Bestaat%20Niet", "/def.xyz"])
def test_unknown_terms_are_404(site_client, path: str) -> None:
    assert site_client.get(path).status_code == 404
