"""Describe the dataset in VoID: counts per graph, class and property partitions, dumps
and the SPARQL endpoint.

The description is computed from the built store with SPARQL, so its numbers are the
numbers of what is published. It is written into ``graph/metadata`` and ``void.ttl``,
together with the DCAT-AP-NL description of ``service.build.dcat`` (same dataset IRI).
It holds no time of building, so the same sources give the same description; a
release adds its version, its date and the ontology version it carries
(``release_triples``).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from service.build.dumps import DUMP_FILES, graph_file
from service.sparql import formats
from service.store.built import first, solutions

#: The description as a file of the build, beside the dumps.
VOID_FILE = "void" + formats.TURTLE.suffix

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SD = "http://www.w3.org/ns/sparql-service-description#"
OWL = "http://www.w3.org/2002/07/owl#"
RDFS_SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
XSD = "http://www.w3.org/2001/XMLSchema#"


def dataset_iri(base_iri: str) -> str:
    return f"{base_iri}id/dataset/kennisgraaf"


def describe(
    store: pyoxigraph.Store, base_iri: str, graphs: list[str], release: dict[str, Any] | None = None
) -> list[Quad]:
    """The VoID description of the store's current content, as quads in graph/metadata."""
    target = NamedNode(f"{base_iri}graph/metadata")
    dataset = NamedNode(dataset_iri(base_iri))
    triples = _dataset_header(dataset, base_iri)
    triples += _counts(store, dataset, None)
    for graph in graphs:
        subset = NamedNode(f"{dataset.value}-{graph.rstrip('/').rsplit('/', 1)[-1]}")
        triples += [(dataset, _void("subset"), subset), (subset, RDF_TYPE, _void("Dataset"))]
        triples += [(subset, NamedNode(SD + "name"), NamedNode(graph))]
        triples += [(subset, _void("dataDump"), NamedNode(f"{base_iri}dumps/{graph_file(graph)}"))]
        triples += _counts(store, subset, graph)
        triples += _partitions(store, subset, graph)
    triples += _dumps(dataset, base_iri)
    if release is not None:
        triples += release_triples(dataset, base_iri, release)
    return [Quad(s, p, o, target) for s, p, o in triples]


def _void(term: str) -> NamedNode:
    return NamedNode(VOID + term)


def _dataset_header(dataset: NamedNode, base_iri: str) -> list[tuple]:
    """VoID's own statements; titles, licence and dates are the DCAT description's (``dcat``)."""
    return [
        (dataset, RDF_TYPE, _void("Dataset")),
        (dataset, _void("sparqlEndpoint"), NamedNode(f"{base_iri}sparql")),
        (dataset, _void("uriSpace"), Literal(f"{base_iri}id/")),
        (dataset, _void("vocabulary"), NamedNode(f"{base_iri}def/")),
    ]


def _counts(store: pyoxigraph.Store, node: NamedNode, graph: str | None) -> list[tuple]:
    scope = f"GRAPH <{graph}>" if graph else "GRAPH ?g"
    row = first(
        store.query(
            f"SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s_) (COUNT(DISTINCT ?p) AS ?p_) "
            f"WHERE {{ {scope} {{ ?s ?p ?o }} }}"
        )
    )
    return [
        (node, _void("triples"), _integer(row["t"].value)),
        (node, _void("distinctSubjects"), _integer(row["s_"].value)),
        (node, _void("properties"), _integer(row["p_"].value)),
    ]


def _partitions(store: pyoxigraph.Store, subset: NamedNode, graph: str) -> list[tuple]:
    triples: list[tuple] = []
    for row in solutions(
        store.query(
            f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s a ?c }} }} GROUP BY ?c"
        )
    ):
        part = BlankNode()
        triples += [(subset, _void("classPartition"), part), (part, _void("class"), row["c"])]
        triples.append((part, _void("entities"), _integer(row["n"].value)))
    for row in solutions(
        store.query(f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} GROUP BY ?p")
    ):
        part = BlankNode()
        triples += [(subset, _void("propertyPartition"), part), (part, _void("property"), row["p"])]
        triples.append((part, _void("triples"), _integer(row["n"].value)))
    return triples


def _dumps(dataset: NamedNode, base_iri: str) -> list[tuple]:
    return [(dataset, _void("dataDump"), NamedNode(f"{base_iri}dumps/{name}")) for name in DUMP_FILES]


def release_triples(dataset: NamedNode, base_iri: str, release: dict[str, Any]) -> list[tuple]:
    """The release this build is: its version and date, where it is kept, the ontology version it carries."""
    version, day = Literal(release["version"]), Literal(release["date"], datatype=NamedNode(XSD + "date"))
    triples = [
        (dataset, NamedNode(OWL + "versionInfo"), version),
        (dataset, NamedNode(DCAT + "version"), version),
        (dataset, NamedNode(DCT + "issued"), day),
        (dataset, NamedNode(DCT + "modified"), day),
        (dataset, NamedNode(RDFS_SEE_ALSO), NamedNode(f"{base_iri}releases/{release['version']}")),
    ]
    ontology = release.get("ontology") or {}
    if ontology.get("version_iri"):
        triples.append((dataset, _void("vocabulary"), NamedNode(ontology["version_iri"])))
    for name in DUMP_FILES:
        dump = NamedNode(f"{base_iri}releases/{release['version']}/{name}")
        distribution = NamedNode(f"{base_iri}id/distributie/{name.replace('.', '-')}")
        triples.append((distribution, NamedNode(DCAT + "downloadURL"), dump))
    return triples


def _integer(value: str) -> Literal:
    return Literal(value, datatype=NamedNode(XSD + "integer"))
