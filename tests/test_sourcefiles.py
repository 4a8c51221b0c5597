"""Reading source files: rdflib graphs made from Oxigraph's parse."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from service.build import source_files
from service.settings import SOURCE_BASE_IRI

A_FILE = '<http://example.org/s> <http://example.org/p> _:b0 .\n_:b0 <http://example.org/q> "een"@nl .\n'


def test_blank_node_labels_stay_apart_across_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    first.write_text(A_FILE)
    second.write_text(A_FILE)
    sources = [source_files.read(path, "data", SOURCE_BASE_IRI) for path in (first, second)]
    graph = source_files.to_rdflib(sources)
    nodes = set(graph.objects(URIRef("http://example.org/s"), URIRef("http://example.org/p")))
    assert len(nodes) == 2 and all(isinstance(node, BNode) for node in nodes)
    assert len(graph) == 4  # two triples per file, none shared


def test_literals_keep_their_language_and_datatype(tmp_path: Path) -> None:
    path = tmp_path / "l.ttl"
    path.write_text(
        "@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:s ex:p "tekst"@nl , "plain" , 12 , "1.5"^^xsd:decimal , "2017"^^xsd:gYear .\n'
    )
    graph = source_files.to_rdflib([source_files.read(path, "data", SOURCE_BASE_IRI)])
    assert set(graph.objects()) >= {
        Literal("tekst", lang="nl"),
        Literal("plain"),
        Literal("12", datatype=XSD.integer),
        Literal("1.5", datatype=XSD.decimal),
        Literal("2017", datatype=XSD.gYear),
    }
