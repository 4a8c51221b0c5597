"""The ontology: it parses, every term is documented in Dutch and English, the header is
complete, HermiT finds it consistent, and the closed namespace in ``service/namespaces.py``
lists exactly its terms (so a typo in code fails instead of minting a new IRI).
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from service.namespaces import PREFIXES, SDO

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "sdo.ttl"
SDO_NS = "https://sociaaldomein.example/def/"
ONTOLOGY = URIRef(SDO_NS)
SHAPES_NS = SDO_NS + "shapes/"
VANN = "http://purl.org/vocab/vann/"
DC = "http://purl.org/dc/elements/1.1/"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def terms() -> set[URIRef]:
    """Every class and property declared in the sdo: namespace."""
    graph = ontology()
    return {
        s
        for t in TERM_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(SDO_NS) and s != ONTOLOGY
    }


def langs(subject: URIRef, predicate: URIRef) -> list[str]:
    return [o.language or "" for o in ontology().objects(subject, predicate) if isinstance(o, Literal)]


def test_ontology_parses_and_declares_terms() -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology()
    assert len(terms()) > 100


@pytest.mark.parametrize("term", sorted(terms()), ids=lambda t: str(t).removeprefix(SDO_NS))
def test_term_is_documented(term: URIRef) -> None:
    assert sorted(langs(term, RDFS.label)) == ["en", "nl"], f"{term}: one rdfs:label @nl and @en"
    assert sorted(langs(term, SKOS.definition)) == ["en", "nl"], f"{term}: skos:definition @nl and @en"
    assert (term, RDFS.isDefinedBy, ONTOLOGY) in ontology()


def test_header_is_complete() -> None:
    graph = ontology()
    assert graph.value(ONTOLOGY, OWL.versionIRI) == URIRef(SDO_NS + "0.1.0/")
    assert graph.value(ONTOLOGY, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert {"nl", "en"} <= set(langs(ONTOLOGY, DCTERMS.title))
    assert {"nl", "en"} <= set(langs(ONTOLOGY, DCTERMS.description))
    assert graph.value(ONTOLOGY, URIRef(DC + "creator")) == Literal("Sociaal Domein Kennisgraaf")
    assert graph.value(ONTOLOGY, DCTERMS.created) is not None
    assert graph.value(ONTOLOGY, DCTERMS.modified) is not None
    assert graph.value(ONTOLOGY, URIRef(VANN + "preferredNamespacePrefix")) == Literal("sdo")
    assert graph.value(ONTOLOGY, URIRef(VANN + "preferredNamespaceUri")) == Literal(SDO_NS)


def test_readme_names_are_declared() -> None:
    """The contract in ontology/README.md: every sdo: name in it is a declared term."""
    import re

    readme = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    names = set(re.findall(r"`sdo:([A-Za-z]+)`", readme))
    for row in (line for line in readme.splitlines() if line.startswith("| `")):
        names |= set(re.findall(r"`([A-Z][A-Za-z]+)`", row))
    declared = {str(t).removeprefix(SDO_NS) for t in terms()}
    assert names - declared == set()


def test_closed_namespace_equals_ontology_terms() -> None:
    listed = {SDO_NS + name for name in SDO.__annotations__}
    assert listed == {str(t) for t in terms()}
    with pytest.raises(AttributeError):
        _ = SDO.Bevindnig  # a typo fails
    assert PREFIXES["sdo"] == SDO_NS


def test_every_sdo_term_used_in_the_data_is_declared() -> None:
    """Every IRI of the ``sdo:`` namespace that a data file uses (as subject, predicate or
    object) is a term of the ontology; the shapes namespace ``sdo:shapes/`` is not ontology."""
    declared = {str(t) for t in terms()} | {SDO_NS}
    used: dict[str, set[str]] = {}
    for path in sorted((ROOT / "data").rglob("*.ttl")):
        for triple in Graph().parse(path):
            for node in triple:
                iri = str(node)
                if isinstance(node, URIRef) and iri.startswith(SDO_NS) and not iri.startswith(SHAPES_NS):
                    used.setdefault(iri.removeprefix(SDO_NS), set()).add(str(path.relative_to(ROOT)))
    undeclared = {name: sorted(files) for name, files in used.items() if SDO_NS + name not in declared}
    assert undeclared == {}


def test_hermit_finds_the_ontology_consistent() -> None:
    """HermiT through owlready2, as the build runs it (every datatype in the OWL 2 map)."""
    import owlready2

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sdo.nt"
        path.write_bytes(ontology().serialize(format="nt", encoding="utf-8"))
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        assert list(world.inconsistent_classes()) == []
        world.close()
