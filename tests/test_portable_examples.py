"""Every example query, with the PREFIX lines the page shows, runs on a server that predeclares nothing.

The endpoint predeclares our prefixes; Comunica, YASGUI elsewhere, rdflib and a bare
Oxigraph do not. So each example must parse in rdflib's SPARQL parser and in Oxigraph
with no prefixes given, and answer the fixture build with the same rows as before.
"""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib.plugins.sparql import prepareQuery

from service import namespaces
from service.sparql.prefix_lines import used_prefixes, with_prefix_lines
from service.store.built import BuiltStore
from service.web.query_page import STARTER_QUERY, all_examples, examples
from tests.conftest import BASE

PREFIXES = namespaces.prefixes(BASE)


def shown(text: str) -> str:
    return with_prefix_lines(text, PREFIXES)


@pytest.fixture(scope="module")
def store(site_build):
    return BuiltStore.open(site_build.folder)


def rows(results) -> list[tuple[str, ...]]:
    """Every row (or triple) as text, sorted: an answer independent of row order."""
    if isinstance(results, pyoxigraph.QueryBoolean):
        return [(str(bool(results)),)]
    if isinstance(results, pyoxigraph.QueryTriples):
        return sorted((str(t.subject), str(t.predicate), str(t.object)) for t in results)
    return sorted(tuple(str(value) for value in solution) for solution in results)


@pytest.mark.parametrize("example", [*all_examples()], ids=lambda example: example.name)
def test_an_example_with_its_prefix_lines_parses_without_predeclared_prefixes(example) -> None:
    text = shown(example.text)
    used, declared = used_prefixes(text)
    assert used and set(used) <= declared, "every prefix the example uses is declared"
    prepareQuery(text)  # rdflib, no initNs
    if not example.endpoints:  # a federated one would call the other endpoint: see below
        pyoxigraph.Store().query(text)
    assert text.splitlines()[:2] == example.text.splitlines()[:2], "title and description stay first"


def test_a_federated_example_parses_in_oxigraph_without_running_its_service() -> None:
    for example in all_examples():
        if example.endpoints:
            # a bare store would call the other endpoint; an empty SERVICE-free copy shows the syntax holds
            text = shown(example.text)
            for endpoint in example.endpoints:
                text = text.replace(f"SERVICE <{endpoint}>", "")
            pyoxigraph.Store().query(text)


@pytest.mark.parametrize("example", examples(), ids=lambda example: example.name)
def test_an_example_gives_the_same_rows_with_its_prefix_lines(store, example) -> None:
    before = rows(store.query(example.text, prefixes=PREFIXES))
    assert rows(store.query(shown(example.text))) == before


def test_only_prefixes_outside_strings_iris_and_comments_count() -> None:
    text = '# wet:x\nSELECT ?s { ?s sdo:p \'skos:x\' ; <dct:y> ?o ; rdfs:label """owl:z""" }'
    assert used_prefixes(text) == (["sdo", "rdfs"], set())
    lines = [line for line in shown(text).splitlines() if line.startswith("PREFIX")]
    assert lines == [f"PREFIX sdo: <{BASE}def/>", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"]


def test_a_declared_prefix_is_not_declared_again() -> None:
    text = "PREFIX sdo: <urn:elders/>\nSELECT * { ?s sdo:p ?o }"
    assert shown(text) == text
    assert shown(shown(STARTER_QUERY)) == shown(STARTER_QUERY)


def test_the_prefix_lines_follow_the_builds_base_iri() -> None:
    moved = with_prefix_lines(STARTER_QUERY, namespaces.prefixes("http://localhost:5000/"))
    assert "PREFIX sdo: <http://localhost:5000/def/>" in moved


def test_the_starter_query_runs_on_its_own(store) -> None:
    prepareQuery(shown(STARTER_QUERY))
    answer = rows(store.query(shown(STARTER_QUERY)))
    assert answer and any("Participatiewet" in cell for row in answer for cell in row)
