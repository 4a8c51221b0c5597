"""Downloads page, dump files and /.well-known/void."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from tests.conftest import BASE
from tests.html_checks import strict_html

VOID = "http://rdfs.org/ns/void#"


def test_downloads_page_lists_every_dump(site_client, site_build) -> None:
    soup = strict_html(site_client.get("/downloads").get_data(as_text=True))
    listed = {a.get_text() for a in soup.select("table a")}
    assert listed == {p.name for p in (site_build.folder / "dumps").iterdir()}
    assert soup.find("a", href="/.well-known/void")


@pytest.mark.parametrize(
    ("name", "media_type"),
    [("nvrr.ttl", "text/turtle"), ("sdkg.trig", "application/trig"), ("sdkg.nq.gz", "application/n-quads")],
)
def test_dump_files_are_served(site_client, name: str, media_type: str) -> None:
    with site_client.get(f"/dumps/{name}") as response:  # closes the file it streams
        assert response.status_code == 200
        assert response.content_type.split(";")[0] == media_type
        if name.endswith(".ttl"):
            assert len(Graph().parse(data=response.data, format="turtle")) > 0


@pytest.mark.parametrize("name", ["../build.json", "..%2Fbuild.json", "nope.ttl"])
def test_nothing_outside_the_dumps_folder(site_client, name: str) -> None:
    with site_client.get(f"/dumps/{name}") as response:
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
    ],
)
def test_well_known_void(site_client, accept, media_type, rdflib_format) -> None:
    response = site_client.get("/.well-known/void", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.content_type.split(";")[0] == media_type
    graph = Graph().parse(data=response.data, format=rdflib_format)
    dataset = URIRef(BASE + "id/dataset/kennisgraaf")
    assert (dataset, RDF.type, URIRef(VOID + "Dataset")) in graph
    assert (dataset, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")) in graph


def test_void_dumps_resolve_on_this_host(site_client) -> None:
    graph = Graph().parse(data=site_client.get("/.well-known/void").data, format="turtle")
    for dump in graph.objects(None, URIRef(VOID + "dataDump")):
        path = str(dump).removeprefix(BASE)
        with site_client.get("/" + path) as response:
            assert response.status_code == 200, path
