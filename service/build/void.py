"""Describe the dataset in VoID and DCAT: counts per graph, class and property partitions,
dumps, the SPARQL endpoint, license and the two source documents.

The description is computed from the built store with SPARQL, so its numbers are the
numbers of what is published. It is written into ``graph/metadata`` and ``void.ttl``.
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

SOURCE_DOCUMENTS = ("publicatie/nvrr-informatiedocument-3ds-2017", "publicatie/vgn-monitor-transities-7")


def dataset_iri(base_iri: str) -> str:
    return f"{base_iri}id/dataset/kennisgraaf"


def describe(
    store: pyoxigraph.Store,
    base_iri: str,
    graphs: list[str],
    license_iri: str,
    release: dict[str, Any] | None = None,
) -> list[Quad]:
    """The VoID/DCAT description of the store's current content, as quads in graph/metadata."""
    target = NamedNode(f"{base_iri}graph/metadata")
    dataset = NamedNode(dataset_iri(base_iri))
    triples = _dataset_header(dataset, base_iri, license_iri)
    triples += _counts(store, dataset, None)
    for graph in graphs:
        subset = NamedNode(f"{dataset.value}-{graph.rstrip('/').rsplit('/', 1)[-1]}")
        triples += [(dataset, _void("subset"), subset), (subset, RDF_TYPE, _void("Dataset"))]
        triples += [(subset, NamedNode(SD + "name"), NamedNode(graph))]
        triples += [(subset, _void("dataDump"), NamedNode(f"{base_iri}dumps/{graph_file(graph)}"))]
        triples += _counts(store, subset, graph)
        triples += _partitions(store, subset, graph)
    triples += _distributions(dataset, base_iri)
    if release is not None:
        triples += release_triples(dataset, base_iri, release)
    return [Quad(s, p, o, target) for s, p, o in triples]


def _void(term: str) -> NamedNode:
    return NamedNode(VOID + term)


def _text(value: str, language: str) -> Literal:
    return Literal(value, language=language)


def _dataset_header(dataset: NamedNode, base_iri: str, license_iri: str) -> list[tuple]:
    header = [
        (dataset, RDF_TYPE, _void("Dataset")),
        (dataset, RDF_TYPE, NamedNode(DCAT + "Dataset")),
        (dataset, NamedNode(DCT + "title"), _text("Sociaal Domein Kennisgraaf", "nl")),
        (dataset, NamedNode(DCT + "title"), _text("Social Domain Knowledge Graph", "en")),
        (
            dataset,
            NamedNode(DCT + "description"),
            _text(
                "De drie decentralisaties in het sociaal domein (Participatiewet, Jeugdwet, Wmo 2015) "
                "als linked data, met bron en citaat bij elk feit.",
                "nl",
            ),
        ),
        (dataset, NamedNode(DCT + "license"), NamedNode(license_iri)),
        (dataset, NamedNode(DCT + "language"), NamedNode("http://id.loc.gov/vocabulary/iso639-1/nl")),
        (dataset, _void("sparqlEndpoint"), NamedNode(f"{base_iri}sparql")),
        (dataset, _void("uriSpace"), Literal(f"{base_iri}id/")),
        (dataset, _void("vocabulary"), NamedNode(f"{base_iri}def/")),
        (dataset, NamedNode(DCAT + "landingPage"), NamedNode(base_iri)),
    ]
    header += [
        (dataset, NamedNode(DCT + "source"), NamedNode(f"{base_iri}id/{doc}")) for doc in SOURCE_DOCUMENTS
    ]
    return header


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


def _distributions(dataset: NamedNode, base_iri: str) -> list[tuple]:
    triples: list[tuple] = []
    for name, (fmt, title) in DUMP_FILES.items():
        dump = NamedNode(f"{base_iri}dumps/{name}")
        distribution = NamedNode(f"{base_iri}id/distributie/{name.replace('.', '-')}")
        triples += [
            (dataset, _void("dataDump"), dump),
            (dataset, NamedNode(DCAT + "distribution"), distribution),
            (distribution, RDF_TYPE, NamedNode(DCAT + "Distribution")),
            (distribution, NamedNode(DCAT + "downloadURL"), dump),
            (
                distribution,
                NamedNode(DCAT + "mediaType"),
                NamedNode(f"https://www.iana.org/assignments/media-types/{fmt.media_type}"),
            ),
            (distribution, NamedNode(DCT + "title"), _text(title, "nl")),
        ]
    return triples


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
