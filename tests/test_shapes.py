"""The SHACL shapes, checked against the small graphs in ``tests/shape_cases/``.

Each case file is named ``<ShapeLocalName>.valid.ttl`` or ``<ShapeLocalName>.invalid-<why>.ttl``.
A valid case must conform; an invalid case must fail *because of the shape in its name* (the
shape itself or one of its property shapes is a ``sh:sourceShape`` of a result), so a case
cannot pass by accident through an unrelated violation. Validation runs exactly as the build
runs it, with ``service.build.validation.shacl.validate``: SHACL Core by pyshacl (the ontology as
``ont_graph``), SHACL-SPARQL constraints by Oxigraph. Oxigraph also gets them right where
rdflib's engine does not: on ``DataSet.invalid-code-not-in-list`` rdflib misses the IC-19
violation and reports IC-3/IC-6 violations that are not there (``FILTER NOT EXISTS`` over
property paths with a pre-bound ``$this``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from service.build.validation import shacl
from service.build.validation.shacl import ShaclReport

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "shape_cases"
SHAPES_FILE = ROOT / "shapes" / "sdo-shapes.ttl"
ONTOLOGY_FILE = ROOT / "ontology" / "sdo.ttl"
SHP = "https://sociaaldomein.example/def/shapes/"

CASE_FILES = sorted(CASES.glob("*.ttl"))
VALID = [p for p in CASE_FILES if p.name.endswith(".valid.ttl")]
INVALID = [p for p in CASE_FILES if ".invalid-" in p.name]


@cache
def shapes() -> Graph:
    """The shapes graph, parsed once."""
    return Graph().parse(SHAPES_FILE)


@cache
def ontology() -> Graph:
    """The ontology, parsed once."""
    return Graph().parse(ONTOLOGY_FILE)


def run(path: Path) -> ShaclReport:
    """Validate one case file the way the build does."""
    return shacl.validate(Graph().parse(path), shapes(), ontology())


def shape_of(path: Path) -> URIRef:
    """The shape a case file is about, from the part of its name before the first dot."""
    return URIRef(SHP + path.name.split(".", 1)[0])


def own_shapes(shape: URIRef) -> set[Node]:
    """The node shape and the property shapes it uses."""
    return {shape, *shapes().objects(shape, SH.property)}


def node_shapes() -> set[Node]:
    return set(shapes().subjects(RDF.type, SH.NodeShape))


def all_shapes() -> set[Node]:
    """Every declared node or property shape, and every shape used with sh:property."""
    graph = shapes()
    return (
        node_shapes()
        | set(graph.subjects(RDF.type, SH.PropertyShape))
        | set(graph.objects(None, SH.property))
    )


def languages(node: Node) -> set[str]:
    return {m.language or "" for m in shapes().objects(node, SH.message) if isinstance(m, Literal)}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_case_conforms(path: Path) -> None:
    report = run(path)
    assert report.conforms, report.summary()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_case_fails_on_its_shape(path: Path) -> None:
    report = run(path)
    expected = {str(s) for s in own_shapes(shape_of(path))}
    # warnings (a long quote, a study without a rekenkamer) do not stop the build but must fire
    results = [r for r in report.results if r.shape in expected]
    assert results, f"no result from {shape_of(path)} or its property shapes:\n{report.summary()}"
    for result in results:
        assert result.message != "(no message)", f"result without message in {path.name}"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_case_file_names_a_shape_and_says_why(path: Path) -> None:
    assert shape_of(path) in node_shapes(), f"{path.name}: no node shape {shape_of(path)}"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    expected = "# Valid: " if path.name.endswith(".valid.ttl") else "# Invalid: "
    assert first.startswith(expected), f"{path.name}: first line must start with {expected!r}"


def test_every_node_shape_has_a_valid_and_an_invalid_case() -> None:
    names = {p.name for p in CASE_FILES}
    for shape in node_shapes():
        if not isinstance(shape, URIRef):
            continue
        local = str(shape).removeprefix(SHP)
        assert f"{local}.valid.ttl" in names, f"no valid case for {local}"
        assert any(n.startswith(f"{local}.invalid-") for n in names), f"no invalid case for {local}"


def test_every_shape_has_an_iri_and_messages_in_dutch_and_english() -> None:
    for shape in all_shapes():
        assert isinstance(shape, URIRef), f"blank shape: {shape!r}"
        assert str(shape).startswith(SHP), f"shape outside the shapes namespace: {shape}"
        assert {"nl", "en"} <= languages(shape), f"{shape} lacks a message in nl and en"


def test_every_sparql_constraint_has_messages_in_dutch_and_english() -> None:
    graph = shapes()
    constraints = set(graph.objects(None, SH.sparql))
    assert constraints
    for constraint in constraints:
        assert isinstance(constraint, URIRef), f"blank SPARQL constraint: {constraint!r}"
        assert {"nl", "en"} <= languages(constraint), f"{constraint} lacks a message in nl and en"


def test_every_class_in_the_ontology_has_a_node_shape() -> None:
    """Except the abstract sdo:Bewering, whose rules every claim shape carries."""
    sdo = "https://sociaaldomein.example/def/"
    targets = set(shapes().objects(None, SH.targetClass))
    classes = {
        c
        for c in ontology().subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
        if isinstance(c, URIRef) and str(c).startswith(sdo)
    }
    assert classes - targets == {URIRef(sdo + "Bewering")}
