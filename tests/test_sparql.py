"""The /sparql endpoint end to end on a fixture build: formats, status codes, dataset, limits, gates.

Answers are parsed back with rdflib before asserting. The worker limits are set low
(3 s, 1 GiB) so that the runaway, crashing and memory-hungry queries are quick to test.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

from service import create_app
from service.build.pipeline import build
from tests.conftest import BASE, close_app, copy_project, settings_for

TIMEOUT = 3.0
SD = "http://www.w3.org/ns/sparql-service-description#"
WET = URIRef(BASE + "def/Wet")
JEUGDWET, PARTICIPATIEWET = URIRef(BASE + "id/wet/jeugdwet"), URIRef(BASE + "id/wet/participatiewet")
WETTEN = "SELECT ?s WHERE { ?s a sdo:Wet } ORDER BY ?s"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
NESTED = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
_THOUSAND = " ".join(str(i) for i in range(1000))
#: 10^9 rows, each adding 1 kB to one string: memory runs out long before time does
EXPLODING = (
    f"SELECT (STRLEN(GROUP_CONCAT(?s)) AS ?n) WHERE {{ VALUES ?a {{ {_THOUSAND} }} VALUES ?b {{ {_THOUSAND} }} "
    f'VALUES ?c {{ {_THOUSAND} }} BIND("{"x" * 1000}" AS ?s) }}'
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    root = tmp_path_factory.mktemp("sparql")
    build(settings_for(copy_project(root / "project"), root / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": str(root / "instance"),
            "STORE": "",
            "QUERY_TIMEOUT": TIMEOUT,
            "QUERY_MEMORY_MB": 1024,
            "QUERY_WORKERS": 2,
            "MAX_ROWS": 3,
            "MAX_QUERY_BYTES": 50_000,
            "ADMIN_TOKEN": "s3cret",
        }
    )
    yield app
    close_app(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def select(client: FlaskClient, query: str, **params: str) -> list[dict[str, str]]:
    response = client.get("/sparql", query_string={"query": query, **params})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json["results"]["bindings"]]


# -- the protocol: methods and formats ---------------------------------------------------------


def test_get_post_form_and_post_direct_give_the_same_answer(client: FlaskClient) -> None:
    by_get = client.get("/sparql", query_string={"query": WETTEN})
    by_form = client.post("/sparql", data={"query": WETTEN})
    by_body = client.post("/sparql", data=WETTEN, content_type="application/sparql-query")
    assert by_get.json == by_form.json == by_body.json
    assert [row["s"]["value"] for row in by_get.json["results"]["bindings"]] == [
        str(JEUGDWET),
        str(PARTICIPATIEWET),
    ]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+json", "application/sparql-results+json"),
    ],
)
def test_select_formats_parse_back(client: FlaskClient, accept: str, media_type: str) -> None:
    response = client.get("/sparql", query_string={"query": WETTEN}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert _subjects(response.data, media_type) == [str(JEUGDWET), str(PARTICIPATIEWET)]


def _subjects(body: bytes, media_type: str) -> list[str]:
    if media_type.endswith("xml"):
        return [str(row["s"]) for row in XMLResultParser().parse(io.BytesIO(body))]
    if media_type == "text/csv":
        return [row["s"] for row in csv.DictReader(io.StringIO(body.decode()))]
    if media_type == "text/tab-separated-values":
        return [line.strip("<>") for line in body.decode().splitlines()[1:]]
    return [row["s"]["value"] for row in json.loads(body)["results"]["bindings"]]


@pytest.mark.parametrize(
    ("fmt", "parser"), [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")]
)
def test_construct_formats_parse_back(client: FlaskClient, fmt: str, parser: str) -> None:
    response = client.get(
        "/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a sdo:Wet }", "format": fmt}
    )
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.data, format=parser)
    assert set(graph.subjects()) == {JEUGDWET, PARTICIPATIEWET}


def test_ask_and_describe(client: FlaskClient) -> None:
    assert client.get("/sparql", query_string={"query": "ASK { ?s a sdo:Wet }"}).json["boolean"] is True
    described = client.get(
        "/sparql", query_string={"query": f"DESCRIBE <{JEUGDWET}>"}, headers={"Accept": "text/turtle"}
    )
    assert (JEUGDWET, URIRef(BASE + "def/afkorting"), Literal("Jw")) in Graph().parse(data=described.data)


def test_html_view_caps_rows_and_says_so(client: FlaskClient) -> None:
    from bs4 import BeautifulSoup

    query = "SELECT ?s ?l WHERE { ?s rdfs:label ?l }"
    page = BeautifulSoup(
        client.get("/sparql", query_string={"query": query, "format": "html"}).text, "html.parser"
    )
    table = page.select_one("table.results")
    assert table["data-truncated"] == "true"
    assert len(table.select("tbody tr")) == 3
    assert "Afgekapt: de eerste 3 rijen" in page.select_one(".truncated").text
    assert page.select_one("textarea").text == query
    full = select(client, query)
    assert len(full) > 3, "machine formats are never capped"


def test_html_view_escapes_literals(client: FlaskClient) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": "SELECT ?l { ?s rdfs:label ?l FILTER(CONTAINS(?l, 'script')) }"},
        headers={"Accept": "text/html"},
    )
    assert "<script>alert" not in response.text and "&lt;script&gt;" in response.text


# -- status codes ------------------------------------------------------------------------------


def test_malformed_query_is_400_with_position(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "1:" in response.text and "expected" in response.text


@pytest.mark.parametrize(
    ("query", "accept", "fmt"),
    [("SELECT * {}", "text/turtle", ""), ("CONSTRUCT WHERE {}", "text/csv", ""), ("ASK {}", "", "nt")],
)
def test_unacceptable_format_is_406(client: FlaskClient, query: str, accept: str, fmt: str) -> None:
    params = {"query": query, **({"format": fmt} if fmt else {})}
    assert client.get("/sparql", query_string=params, headers={"Accept": accept}).status_code == 406
    assert (
        client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "image/png"}).status_code
        == 406
    )


def test_other_status_codes(client: FlaskClient) -> None:
    assert client.put("/sparql", data="ASK {}").status_code == 405
    assert client.post("/sparql", data="ASK {}", content_type="text/plain").status_code == 415
    assert client.get("/sparql", query_string={"query": "#" * 60_000}).status_code == 413


def test_errors_are_negotiated(client: FlaskClient) -> None:
    response = client.get("/sparql?query=ASK%20%7B", headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.json["status"] == 400 and response.json["message"]


# -- dataset, prefixes, service description ----------------------------------------------------


def assert_default_graph_has_inferred_but_not_shapes(client: FlaskClient) -> None:
    """The documented default graph; the remote-store tests hold a remote server to it too."""
    inferred = f"ASK {{ <{JEUGDWET}> sdo:heeftRegeling ?r }}"
    assert client.get("/sparql", query_string={"query": inferred}).json["boolean"] is True
    shapes = "ASK { ?shape a <http://www.w3.org/ns/shacl#NodeShape> }"
    assert client.get("/sparql", query_string={"query": shapes}).json["boolean"] is False
    in_graph = f"ASK {{ GRAPH <{BASE}graph/shapes> {{ ?shape a <http://www.w3.org/ns/shacl#NodeShape> }} }}"
    assert client.get("/sparql", query_string={"query": in_graph}).json["boolean"] is True


def test_default_graph_is_data_ontology_inferred_metadata_but_not_shapes(client: FlaskClient) -> None:
    assert_default_graph_has_inferred_but_not_shapes(client)


def test_every_named_graph_is_queryable(client: FlaskClient) -> None:
    rows = select(client, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert {r["g"] for r in rows} == {
        BASE + f"graph/{n}" for n in ("demo", "ontology", "shapes", "inferred", "metadata")
    }


def test_protocol_dataset_and_from_select_our_graphs(client: FlaskClient) -> None:
    only_shapes = {"default-graph-uri": BASE + "graph/shapes"}
    assert select(client, "SELECT ?s WHERE { ?s a sdo:Wet }", **only_shapes) == []
    from_demo = f"SELECT ?s FROM <{BASE}graph/demo> WHERE {{ ?s a sdo:Wet }} ORDER BY ?s"
    assert [r["s"] for r in select(client, from_demo)] == [str(JEUGDWET), str(PARTICIPATIEWET)]
    named = select(
        client, "SELECT ?g WHERE { GRAPH ?g { ?s a sdo:Wet } }", **{"named-graph-uri": BASE + "graph/demo"}
    )
    assert {r["g"] for r in named} == {BASE + "graph/demo"}


def test_prefixes_are_predeclared_and_can_be_overridden(client: FlaskClient) -> None:
    assert select(client, "SELECT ?x WHERE { BIND(skos:Concept AS ?x) BIND(dct:title AS ?y) }")[0][
        "x"
    ].endswith("#Concept")
    own = select(client, "PREFIX sdo: <urn:mine:> SELECT ?x WHERE { BIND(sdo:a AS ?x) }")
    assert own == [{"x": "urn:mine:a"}]


def test_service_description_for_rdf_clients(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.data, format="turtle")
    endpoint = URIRef("http://localhost/sparql")
    assert (endpoint, URIRef(SD + "endpoint"), endpoint) in graph
    declared = {str(o) for o in graph.objects(None, URIRef("http://www.w3.org/ns/shacl#prefix"))}
    assert {"sdo", "skos", "dct"} <= declared
    subsets = set(graph.objects(None, URIRef("http://rdfs.org/ns/void#subset")))
    assert URIRef(BASE + "graph/inferred") in subsets and URIRef(BASE + "graph/shapes") not in subsets


def test_bare_get_from_a_browser_is_the_query_page(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.mimetype == "text/html" and "<textarea" in response.text


def test_cors_is_open_for_get_and_post(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://elsewhere.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/sparql", headers={"Origin": "https://x.example", "Access-Control-Request-Method": "POST"}
    )
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    assert client.get("/sparql?query=ASK%20%7B").headers["Access-Control-Allow-Origin"] == "*"


# -- limits: a bad query costs only its own request ---------------------------------------------


def _answers_at_once(client: FlaskClient) -> None:
    started = time.monotonic()
    assert client.get("/sparql", query_string={"query": "ASK { ?s a sdo:Wet }"}).json["boolean"] is True
    assert time.monotonic() - started < 1.0


def test_timeout_stops_a_runaway_query_while_others_are_answered(client: FlaskClient, app: Flask) -> None:
    result: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        result["response"] = app.test_client().get("/sparql", query_string={"query": RUNAWAY})
        result["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    _answers_at_once(client)  # the other worker answers meanwhile
    thread.join(TIMEOUT + 10)
    assert result["response"].status_code == 503
    assert "stopped" in result["response"].text
    assert TIMEOUT <= result["seconds"] < TIMEOUT + 2
    _answers_at_once(client)


@pytest.mark.parametrize("query", [NESTED, EXPLODING], ids=["deeply-nested-groups", "exploding-expression"])
def test_a_crashing_query_costs_only_its_own_request(client: FlaskClient, query: str) -> None:
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 500
    assert "worker" in response.text
    _answers_at_once(client)
    _answers_at_once(client)


# -- read-only by default; writes with the admin token on a scratch store ----------------------


def test_published_build_is_read_only_even_with_the_token(client: FlaskClient) -> None:
    insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert client.post("/sparql", data={"update": insert}).status_code == 403
    token = {"Authorization": "Bearer s3cret"}
    response = client.post("/sparql", data={"update": insert}, headers=token)
    assert response.status_code == 403 and "read-only" in response.text
    assert (
        client.put(
            "/store?graph=urn:g", data="<urn:a> <urn:b> <urn:c> .", content_type="text/turtle"
        ).status_code
        == 403
    )
    assert client.delete(f"/store?graph={BASE}graph/demo", headers=token).status_code == 403
    assert select(client, "SELECT * WHERE { <urn:a> ?p ?o }") == []


def test_graph_store_get_reads_a_graph(client: FlaskClient) -> None:
    response = client.get(f"/store?graph={BASE}graph/demo", headers={"Accept": "application/n-triples"})
    assert (JEUGDWET, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), WET) in Graph().parse(
        data=response.data, format="nt"
    )
    assert client.get("/store?graph=urn:nothing").status_code == 404
    assert client.get("/store").status_code == 400


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder: Path = tmp_path_factory.mktemp("scratch")
    app = create_app(
        {"TESTING": True, "STORE": str(folder), "WRITABLE": True, "ADMIN_TOKEN": "s3cret", "QUERY_TIMEOUT": 5}
    )
    yield app
    close_app(app)


def test_scratch_store_graph_store_protocol(scratch: Flask) -> None:
    client, token = scratch.test_client(), {"Authorization": "Bearer s3cret"}
    data = "<urn:s> <urn:p> 'one' ."
    assert client.put("/store?graph=urn:g", data=data, content_type="text/turtle").status_code == 403
    assert (
        client.put("/store?graph=urn:g", data=data, content_type="text/turtle", headers=token).status_code
        == 201
    )
    more = "<urn:s> <urn:p> 'two' ."
    assert (
        client.post("/store?graph=urn:g", data=more, content_type="text/turtle", headers=token).status_code
        == 204
    )
    assert len(Graph().parse(data=client.get("/store?graph=urn:g").data, format="turtle")) == 2
    assert (
        client.put("/store?graph=urn:g", data=more, content_type="text/turtle", headers=token).status_code
        == 204
    )
    assert select(client, "SELECT ?o WHERE { GRAPH <urn:g> { ?s ?p ?o } }") == [{"o": "two"}]
    assert client.put("/store?default", data=data, content_type="image/png", headers=token).status_code == 415
    assert client.delete("/store?graph=urn:g", headers=token).status_code == 204
    assert client.delete("/store?graph=urn:g", headers=token).status_code == 404


def test_scratch_store_update_with_token(scratch: Flask) -> None:
    client, token = scratch.test_client(), {"Authorization": "Bearer s3cret"}
    insert = "INSERT DATA { <urn:a> <urn:b> 'c' }"
    assert client.post("/sparql", data={"update": insert}).status_code == 403
    assert (
        client.post("/sparql", data={"update": insert}, headers={"Authorization": "Bearer nope"}).status_code
        == 403
    )
    assert (
        client.post(
            "/sparql", data=insert, content_type="application/sparql-update", headers=token
        ).status_code
        == 204
    )
    assert select(client, "SELECT ?o WHERE { <urn:a> <urn:b> ?o }") == [{"o": "c"}]
    assert client.post("/sparql", data={"update": "CLEAR XYZ"}, headers=token).status_code == 400
    assert client.post("/sparql", data={"update": "CLEAR ALL"}, headers=token).status_code == 204
    assert select(client, "SELECT * WHERE { ?s ?p ?o }") == []


@pytest.mark.parametrize(
    ("update", "graph"),
    [
        ("DROP GRAPH <urn:missing>", "urn:missing"),
        ("CLEAR GRAPH <urn:missing>", "urn:missing"),
        ("MOVE <urn:missing> TO <urn:elsewhere>", "urn:missing"),
        ("CREATE GRAPH <urn:made>", "urn:made"),
    ],
)
def test_update_naming_a_graph_in_the_wrong_state_is_a_400(scratch: Flask, update: str, graph: str) -> None:
    """SPARQL 1.1 Update §3.2: without SILENT, a missing graph (or CREATE of an existing one) fails the request."""
    client, token = scratch.test_client(), {"Authorization": "Bearer s3cret"}
    assert (
        client.post("/sparql", data={"update": "CREATE SILENT GRAPH <urn:made>"}, headers=token).status_code
        == 204
    )
    response = client.post("/sparql", data={"update": update}, headers=token)
    assert response.status_code == 400 and f"<{graph}>" in response.text
    silent = (
        update.replace(" GRAPH <", " SILENT GRAPH <", 1) if "GRAPH" in update else "MOVE SILENT" + update[4:]
    )
    assert client.post("/sparql", data={"update": silent}, headers=token).status_code == 204
