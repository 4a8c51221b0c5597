"""The default graph of queries is one materialised set of triples, not a union evaluated per query."""

from __future__ import annotations

import gzip

import pytest

from service import create_app
from tests.conftest import BASE, close_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DISTINCT = "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def client(real_build):
    app = create_app({"TESTING": True, "STORE": str(real_build[1].folder)})
    yield app.test_client()
    close_app(app)


def _number(client, query: str) -> int:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.text
    return int(response.json["results"]["bindings"][0]["n"]["value"])


def test_the_default_graph_has_set_semantics(client, real_build) -> None:
    with gzip.open(real_build[1].folder / "dumps" / "sdkg.nt.gz", "rt", encoding="utf-8") as dump:
        lines = sum(1 for line in dump if line.strip())
    assert _number(client, COUNT) == _number(client, DISTINCT) == lines


def test_a_triple_asserted_in_two_graphs_counts_once(client) -> None:
    in_two = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
        f"FILTER EXISTS {{ GRAPH <{BASE}graph/kern> {{ ?s ?p ?o }} }} "
        f"FILTER EXISTS {{ GRAPH <{BASE}graph/vgn> {{ ?s ?p ?o }} }} }}"
    )
    assert _number(client, in_two) > 0  # such triples exist in the real data …
    assert _number(client, COUNT) == _number(client, DISTINCT)  # … and still count once


def test_the_build_records_it_and_the_store_holds_it(real_store) -> None:
    assert real_store.materialised and real_store.query_dataset() is None
    shapes = f"ASK {{ GRAPH <{BASE}graph/shapes> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ ?s ?p ?o }} }}"
    assert bool(real_store.query(shapes))  # the shapes stay out of the default graph
