"""Every dump parses back and holds exactly what the store holds, graph by graph."""

from __future__ import annotations

import gzip
import json

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from service.build.dumps import graph_file
from service.store.built import BuiltStore
from tests.conftest import BASE


def _store_graph(store: BuiltStore, graph: str) -> Graph:
    text = store.store.dump(
        format=__import__("pyoxigraph").RdfFormat.N_TRIPLES,
        from_graph=__import__("pyoxigraph").NamedNode(graph),
    )
    return Graph().parse(data=text.decode(), format="nt")


@pytest.fixture
def published(built):
    _, report = built
    return BuiltStore.open(report.folder), report


def test_each_graph_turtle_dump_is_isomorphic(published) -> None:
    store, report = published
    for graph in report.graphs:
        dumped = Graph().parse(report.folder / "dumps" / graph_file(graph), format="turtle")
        assert isomorphic(dumped, _store_graph(store, graph)), graph


@pytest.mark.parametrize(
    ("name", "fmt"), [("sdkg.nq.gz", "nquads"), ("sdkg.trig", "trig"), ("sdkg.jsonld", "json-ld")]
)
def test_dataset_dumps_keep_every_graph(published, name: str, fmt: str) -> None:
    store, report = published
    path = report.folder / "dumps" / name
    data = gzip.decompress(path.read_bytes()).decode() if name.endswith(".gz") else path.read_text()
    dataset = Dataset().parse(data=data, format=fmt)
    for graph in report.graphs:
        assert isomorphic(dataset.graph(URIRef(graph)), _store_graph(store, graph)), (name, graph)


def test_jsonld_dump_has_a_context_and_compact_iris(published) -> None:
    _, report = published
    document = json.loads((report.folder / "dumps" / "sdkg.jsonld").read_text())
    assert document["@context"]["sdo"] == BASE + "def/"
    assert "sdo:afkorting" in json.dumps(document)


def test_ntriples_dump_is_the_default_graph(published) -> None:
    store, report = published
    triples = Graph().parse(
        data=gzip.decompress((report.folder / "dumps" / "sdkg.nt.gz").read_bytes()).decode(), format="nt"
    )
    expected = Graph()
    for graph in store.info["default_graph"]:
        expected += _store_graph(store, graph)
    assert isomorphic(triples, expected)
    assert not any("shacl" in str(p) for p in triples.predicates()), "shapes are not in the default graph"
