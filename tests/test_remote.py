"""Remote mode against a real Oxigraph server: `sdkg build --into` fills it, `--store URL` serves it."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from rdflib import Graph, URIRef

from service import create_app
from tests.conftest import BASE, copy_project
from tests.servers import VENV_BIN, free_port, running
from tests.test_sparql import assert_default_graph_has_inferred_but_not_shapes

pytestmark = pytest.mark.slow
JEUGDWET = BASE + "id/wet/jeugdwet"


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` on a free loopback port, filled with `sdkg build --into`."""
    root: Path = tmp_path_factory.mktemp("remote")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        str(VENV_BIN / "oxigraph"),
        "serve",
        "--location",
        str(root / "oxi"),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    with running(command, base + "/query?query=ASK%7B%7D"):
        project = copy_project(root / "project")
        built = subprocess.run(
            [
                str(VENV_BIN / "sdkg"),
                "build",
                "--source-dir",
                str(project),
                "--instance-dir",
                str(root / "instance"),
                "--base-iri",
                BASE,
                "--into",
                base + "/store",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert built.returncode == 0, built.stderr
        assert "pushed 5 graphs" in built.stdout
        yield base


@pytest.fixture(scope="module")
def app(oxigraph: str) -> Flask:
    return create_app({"TESTING": True, "STORE": oxigraph + "/query", "MAX_ROWS": 2})


def test_select_is_forwarded_and_passed_through(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s a sdo:Wet } ORDER BY ?s"})
    assert response.status_code == 200 and response.mimetype == "application/sparql-results+json"
    assert [r["s"]["value"] for r in response.json["results"]["bindings"]] == [
        JEUGDWET,
        BASE + "id/wet/participatiewet",
    ]
    csv = client.get(
        "/sparql", query_string={"query": "SELECT ?s WHERE { ?s a sdo:Wet }"}, headers={"Accept": "text/csv"}
    )
    assert csv.mimetype == "text/csv" and JEUGDWET in csv.text


def test_default_graph_and_named_graphs_as_on_the_embedded_store(app: Flask) -> None:
    assert_default_graph_has_inferred_but_not_shapes(app.test_client())


def test_construct_and_html(app: Flask) -> None:
    client = app.test_client()
    response = client.get(
        "/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a sdo:Wet }", "format": "turtle"}
    )
    assert URIRef(JEUGDWET) in set(Graph().parse(data=response.data, format="turtle").subjects())
    page = client.get(
        "/sparql", query_string={"query": "SELECT ?s ?l { ?s rdfs:label ?l }", "format": "html"}
    )
    assert 'data-truncated="true"' in page.text


def test_gates_and_errors_apply_in_remote_mode(app: Flask) -> None:
    client = app.test_client()
    assert (
        client.get("/sparql", query_string={"query": "ASK { SERVICE <http://127.0.0.1:9/> {} }"}).status_code
        == 403
    )
    malformed = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert malformed.status_code == 400
    description = Graph().parse(
        data=client.get("/sparql", headers={"Accept": "text/turtle"}).data, format="turtle"
    )
    assert URIRef(BASE + "graph/demo") in set(
        description.objects(None, URIRef("http://rdfs.org/ns/void#subset"))
    )
