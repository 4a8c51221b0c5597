"""The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/).

Answered to a GET on /sparql without a query by RDF clients. Besides the usual
sd:endpoint, languages and formats it says what the default graph is made of
(sd:defaultDataset with one sd:namedGraph per graph, and an rdfs:comment), and lists
the predeclared prefixes as SHACL prefix declarations (sh:declare), the vocabulary
SPARQL editors read them from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from service.sparql import formats

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")

DEFAULT_GRAPH_NOTE = (
    "The default graph is the union of the data graphs, the ontology, the inferred triples and the "
    "build metadata (the shapes graph is left out). Every named graph can be queried with GRAPH."
)
SCRATCH_NOTE = "A writable scratch store: the default graph is the store's own default graph."


def describe(
    endpoint: str,
    default_graph: Iterable[str] | None,
    named_graphs: Iterable[str],
    prefixes: Mapping[str, str],
    update: bool,
    triples: int | None = None,
    federated: bool = False,
) -> Graph:
    """The sd:Service graph; ``default_graph`` None means the store's own default graph."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("sh", SH)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if update:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for fmt in (*formats.of_kind(formats.RESULTS), *formats.of_kind(formats.GRAPH)):
        g.add((service, SD.resultFormat, URIRef(fmt.iri)))
    if federated:  # SERVICE works only towards the endpoints on the allowlist
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    _dataset(g, service, default_graph, named_graphs, triples)
    for prefix, namespace in sorted(prefixes.items()):
        declaration = BNode()
        g.add((service, SH.declare, declaration))
        g.add((declaration, SH.prefix, Literal(prefix)))
        g.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    return g


def _dataset(
    g: Graph, service: URIRef, default_graph: Iterable[str] | None, named: Iterable[str], triples: int | None
) -> None:
    dataset, default = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add(
        (
            default,
            RDFS.comment,
            Literal(SCRATCH_NOTE if default_graph is None else DEFAULT_GRAPH_NOTE, lang="en"),
        )
    )
    if triples is not None:
        g.add((default, VOID.triples, Literal(triples)))
    for iri in default_graph or ():
        g.add((default, VOID.subset, URIRef(iri)))
    for iri in sorted(named):
        named_graph = BNode()
        g.add((dataset, SD.namedGraph, named_graph))
        g.add((named_graph, SD.name, URIRef(iri)))
