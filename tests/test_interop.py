"""A real client against a real server: SPARQLWrapper talks to `sdkg serve` on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from service.build.pipeline import build
from tests.conftest import BASE, copy_project, settings_for
from tests.servers import VENV_BIN, free_port, running

pytestmark = pytest.mark.slow
JEUGDWET = BASE + "id/wet/jeugdwet"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("interop")
    report = build(settings_for(copy_project(root / "project"), root / "instance"))
    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    command = [str(VENV_BIN / "sdkg"), "serve", "--port", str(port), "--store", str(report.folder)]
    with running(command, url + "?query=ASK%7B%7D", {"SDKG_QUERY_TIMEOUT": "10"}):
        yield url


def client(endpoint: str, query: str, fmt: str = JSON, method: str | None = None) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    if method:
        wrapper.setMethod(method)
    return wrapper


@pytest.mark.parametrize("method", [None, POST])
def test_select_as_json(endpoint: str, method: str | None) -> None:
    result = client(endpoint, "SELECT ?s WHERE { ?s a sdo:Wet } ORDER BY ?s", JSON, method).queryAndConvert()
    assert [row["s"]["value"] for row in result["results"]["bindings"]] == [
        JEUGDWET,
        BASE + "id/wet/participatiewet",
    ]


def test_select_as_xml_and_csv(endpoint: str) -> None:
    document = client(endpoint, "SELECT ?s WHERE { ?s a sdo:Wet }", XML).queryAndConvert()
    uris = {node.firstChild.data for node in document.getElementsByTagName("uri")}
    assert JEUGDWET in uris
    text = client(endpoint, "SELECT ?s WHERE { ?s a sdo:Wet }", CSV).queryAndConvert().decode()
    assert text.splitlines()[0] == "s" and JEUGDWET in text


# SPARQLWrapper parses RDF/XML into an rdflib ConjunctiveGraph, which rdflib 7 deprecates
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_ask_and_construct(endpoint: str) -> None:
    assert client(endpoint, "ASK { ?s a sdo:Wet }").queryAndConvert()["boolean"] is True
    graph = client(endpoint, "CONSTRUCT WHERE { ?s a sdo:Wet }", TURTLE).queryAndConvert()
    parsed = Graph().parse(data=graph, format="turtle")
    assert URIRef(JEUGDWET) in set(parsed.subjects())
    default = client(endpoint, "CONSTRUCT WHERE { ?s a sdo:Wet }", XML).queryAndConvert()
    assert isinstance(default, Graph) and URIRef(JEUGDWET) in set(default.subjects())


def test_malformed_query_raises_with_the_parser_message(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed) as failure:
        client(endpoint, "SELECT * WHERE { ?s ?p }").query()
    assert "expected" in str(failure.value)
