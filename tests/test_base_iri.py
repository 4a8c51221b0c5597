"""One base IRI: a build with another base serves its prefixes, examples, terms and pages from it.

The real project is built a second time with ``http://localhost:5000/``, the natural
base of a local deployment, and every example query of the query page and every
competency question must answer there as it does on the default build.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef

from service import create_app
from service.build.pipeline import BuildSettings, build
from service.namespaces import rebase
from service.web.query_page import examples
from tests.conftest import PROJECT, close_app

LOCAL = "http://localhost:5000/"
QUESTIONS = sorted((PROJECT / "ontology" / "competency-questions").glob("*.rq"))
SH = "http://www.w3.org/ns/shacl#"


def _app(folder: Path) -> Flask:
    return create_app({"TESTING": True, "STORE": str(folder)})


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    settings = BuildSettings(
        source_dir=PROJECT, instance_dir=tmp_path_factory.mktemp("local"), base_iri=LOCAL, skip_reasoner=True
    )
    app = _app(build(settings).folder)
    yield app.test_client()
    close_app(app)


@pytest.fixture(scope="module")
def default(real_build) -> Iterator[FlaskClient]:
    app = _app(real_build[1].folder)
    yield app.test_client()
    close_app(app)


def _rows(client: FlaskClient, query: str) -> list:
    """The bindings of a SELECT, or the triples of a CONSTRUCT/DESCRIBE."""
    accept = "application/sparql-results+json, application/n-triples"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    if response.mimetype == "application/n-triples":
        return [line for line in response.get_data(as_text=True).splitlines() if line.strip()]
    return response.json["results"]["bindings"]


def test_predeclared_sdo_follows_the_base(local: FlaskClient, default: FlaskClient) -> None:
    query = "SELECT ?s WHERE { ?s a sdo:Wet }"
    found = [row["s"]["value"] for row in _rows(local, query)]
    assert found and all(iri.startswith(LOCAL + "id/wet/") for iri in found)
    assert len(found) == len(_rows(default, query))


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.name)
def test_every_example_answers_on_another_base(local: FlaskClient, default: FlaskClient, example) -> None:
    rows = _rows(local, example.text)
    assert rows, example.name
    assert len(rows) == len(_rows(default, example.text))


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda p: p.stem)
def test_every_competency_question_answers_on_another_base(
    local: FlaskClient, default: FlaskClient, path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    rows = _rows(local, rebase(text, LOCAL))
    assert rows, path.name
    assert len(rows) == len(_rows(default, text))


def test_terms_and_service_description_use_the_base(local: FlaskClient) -> None:
    terms = local.get("/sparql/terms.json").json
    assert terms["prefixes"]["sdo"] == LOCAL + "def/" and len(terms["terms"]) > 50
    description = Graph().parse(
        data=local.get("/sparql", headers={"Accept": "text/turtle"}).data, format="turtle"
    )
    declared = {
        str(description.value(d, URIRef(SH + "prefix"))): str(description.value(d, URIRef(SH + "namespace")))
        for d in description.objects(None, URIRef(SH + "declare"))
    }
    assert declared["sdo"] == LOCAL + "def/"


def test_pages_of_another_base(local: FlaskClient) -> None:
    page = local.get("/doc/wet/jeugdwet")
    assert page.status_code == 200 and "Jeugdwet" in page.get_data(as_text=True)
