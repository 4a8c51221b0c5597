"""What search engines read: schema.org JSON-LD in the pages, sitemap.xml and robots.txt."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
from flask import render_template_string
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from service.models import cube
from service.render import sitemap
from tests.conftest import BASE
from tests.html_checks import strict_html

SCHEMA = Namespace("https://schema.org/")
MAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "http://localhost"


def json_ld(html: str) -> list[dict]:
    """Every ``application/ld+json`` block of a page, parsed as JSON."""
    soup = strict_html(html)
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def as_rdf(document: dict) -> Graph:
    """The block read by rdflib as JSON-LD; schema.org's remote context is its ``@vocab``, given here
    so the test needs no network."""
    assert document["@context"] == "https://schema.org/"
    return Graph().parse(data=json.dumps({**document, "@context": {"@vocab": str(SCHEMA)}}), format="json-ld")


def locations(xml: bytes) -> list[str]:
    root = ElementTree.fromstring(xml)
    assert root.tag in (f"{MAP}urlset", f"{MAP}sitemapindex")
    return [loc.text or "" for loc in root.iter(f"{MAP}loc")]


# -- on the real data (slow) -----------------------------------------------------------------


@pytest.mark.slow
def test_home_page_describes_the_knowledge_graph_as_a_dataset(real_client) -> None:
    [document] = json_ld(real_client.get("/").get_data(as_text=True))
    graph = as_rdf(document)
    dataset = URIRef(BASE + "id/dataset/kennisgraaf")
    assert (dataset, RDF.type, SCHEMA.Dataset) in graph
    assert (dataset, SCHEMA.name, Literal("Sociaal Domein Kennisgraaf")) in graph
    assert (dataset, SCHEMA.isAccessibleForFree, Literal(True)) in graph
    assert str(graph.value(dataset, SCHEMA.license)) == "https://creativecommons.org/licenses/by/4.0/"
    assert str(graph.value(dataset, SCHEMA.temporalCoverage)) == "2013-01-01/2025-12-31"
    assert {str(x) for x in graph.objects(dataset, SCHEMA.inLanguage)} == {"nl", "en"}
    assert graph.value(graph.value(dataset, SCHEMA.publisher), SCHEMA.name) is not None
    downloads = {str(graph.value(d, SCHEMA.contentUrl)) for d in graph.objects(dataset, SCHEMA.distribution)}
    assert f"{HOST}/dumps/sdkg.trig" in downloads and f"{HOST}/dumps/kern.ttl" in downloads
    for url in sorted(downloads)[:3]:
        with real_client.get(url.removeprefix(HOST)) as response:
            assert response.status_code == 200, url


@pytest.mark.slow
def test_each_dataset_page_describes_its_table(real_client, real_store) -> None:
    listed = cube.catalogue(real_store, BASE)
    assert listed
    for table in (listed[0], listed[-1]):
        [document] = json_ld(real_client.get(f"/datasets/{table.slug}").get_data(as_text=True))
        graph = as_rdf(document)
        iri = URIRef(BASE + f"id/dataset/{table.slug}")
        assert (iri, RDF.type, SCHEMA.Dataset) in graph
        assert str(graph.value(iri, SCHEMA.name)) == table.label
        assert str(graph.value(iri, SCHEMA.url)) == f"{HOST}/datasets/{table.slug}"
        assert (
            graph.value(iri, SCHEMA.description) is not None and graph.value(iri, SCHEMA.license) is not None
        )
        assert (graph.value(iri, SCHEMA.isPartOf), RDF.type, SCHEMA.Dataset) in graph
        formats = {
            str(graph.value(d, SCHEMA.encodingFormat)) for d in graph.objects(iri, SCHEMA.distribution)
        }
        assert formats == {"text/csv", "text/turtle", "application/ld+json"}
        csv = f"{HOST}/datasets/{table.slug}.csv"
        assert csv in {
            str(graph.value(d, SCHEMA.contentUrl)) for d in graph.objects(iri, SCHEMA.distribution)
        }
        assert real_client.get(csv.removeprefix(HOST)).status_code == 200


@pytest.mark.slow
def test_sitemap_lists_entity_dataset_section_and_ontology_pages(real_client, real_store) -> None:
    response = real_client.get("/sitemap.xml")
    assert response.status_code == 200 and response.content_type.startswith("application/xml")
    urls = locations(response.data)
    assert len(urls) == len(set(urls)) and all(u.startswith(HOST + "/") for u in urls)
    slug = cube.catalogue(real_store, BASE)[0].slug
    for page in ("/doc/wet/jeugdwet", f"/datasets/{slug}", "/doc/sectie/nvrr-3-2", "/def/", "/def/Wet", "/"):
        assert HOST + page in urls, page
    assert any("/def/shapes/" in u for u in urls)
    for kind in ("/doc/", "/datasets/", "/doc/sectie/", "/def/", "/def/shapes/"):
        sample = next(u for u in urls if u.startswith(HOST + kind) and u != HOST + kind)
        assert real_client.get(sample.removeprefix(HOST)).status_code == 200, sample


# -- on the site fixture ---------------------------------------------------------------------


def test_a_big_site_gets_a_sitemap_index(site_client, monkeypatch) -> None:
    whole = locations(site_client.get("/sitemap.xml").data)
    assert site_client.get("/sitemap-1.xml").status_code == 404  # one file: no numbered ones
    monkeypatch.setattr(sitemap, "URLS_PER_SITEMAP", 10)
    response = site_client.get("/sitemap.xml")
    assert ElementTree.fromstring(response.data).tag == f"{MAP}sitemapindex"
    parts = locations(response.data)
    assert parts == [f"{HOST}/sitemap-{n}.xml" for n in range(1, len(parts) + 1)] and len(parts) > 1
    pieces = [locations(site_client.get(p.removeprefix(HOST)).data) for p in parts]
    assert all(len(piece) <= 10 for piece in pieces)
    assert [u for piece in pieces for u in piece] == whole
    assert site_client.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404
    assert site_client.get("/sitemap-0.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_off_queries(site_client) -> None:
    response = site_client.get("/robots.txt")
    assert response.status_code == 200 and response.content_type.startswith("text/plain")
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {HOST}/sitemap.xml" in lines
    assert "Disallow: /sparql?" in lines  # query URLs, not the query page
    assert "Disallow: /sparql" not in lines and "Allow: /" in lines
    assert site_client.get("/sparql", headers={"Accept": "text/html"}).status_code == 200


def test_json_ld_in_a_page_cannot_close_its_script(site_app) -> None:
    card = {"name": "</script><script>alert(1)</script>", "description": "a & b <!-- c"}
    with site_app.test_request_context("/"):
        html = render_template_string(
            '<script type="application/ld+json">{{ card|tojson }}</script>', card=card
        )
    assert "</script>" not in html.removesuffix("</script>") and "<!--" not in html
    [parsed] = json_ld(
        f"<!DOCTYPE html><html lang='nl'><head><title>t</title>{html}</head><body></body></html>"
    )
    assert parsed == card


def test_the_home_page_of_a_small_build_carries_its_card(site_client) -> None:
    [document] = json_ld(site_client.get("/").get_data(as_text=True))
    assert document["@type"] == "Dataset" and document["url"] == f"{HOST}/"
    assert (URIRef(document["@id"]), RDF.type, SCHEMA.Dataset) in as_rdf(document)
