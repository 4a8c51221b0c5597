"""How validation runs on large graphs, checked against the slower reference forms
(the guarantee that ``service/build/validation/shacl.py`` states).

* The SHACL Core results of the whole strategy equal pyshacl's for the original shapes,
  on every shape case.
* Every constraint gives the same results joined with its targets (one query for all
  focus nodes) as run once per focus node with ``$this`` pre-bound, on every shape case.
* The Core patterns rewritten into SPARQL (disjointness ``sh:not [ sh:or (…) ]``, the
  ``sh:or ( [ sh:class A ] <min-one path> )`` exemption and the per-language count of
  ``sh:qualifiedValueShape [ sh:languageIn … ]``) give the same results as pyshacl gives
  for the original Core form, on every shape case.
* Property shapes lifted to their node shape's targets give pyshacl's results for the
  unlifted shapes, on every invalid shape case.
* Validation calls pyshacl through its public API only.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.term import Node

from service.build.validation import constraints as sparql_constraints
from service.build.validation import core_rewrites, shacl
from service.build.validation.constraints import joinable

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "shape_cases").glob("*.ttl"))
SH = Namespace("http://www.w3.org/ns/shacl#")


@cache
def shapes() -> Graph:
    return Graph().parse(ROOT / "shapes" / "sdo-shapes.ttl")


@cache
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "sdo.ttl")


@cache
def constraints() -> tuple[Graph, list[sparql_constraints.SparqlConstraint]]:
    return shacl.split(shapes())


def results(store, chosen, join: bool) -> set[tuple[str, str, str, str]]:
    return {
        (r["shape"], r["focus"], r["value"], r["message"])
        for r in sparql_constraints.evaluate(store, chosen, join=join)
    }


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_joined_queries_match_per_focus_queries(case: Path) -> None:
    store = sparql_constraints.load(Graph().parse(case), ontology())
    _core, chosen = constraints()
    assert results(store, chosen, join=True) == results(store, chosen, join=False)


def test_the_joined_form_is_the_one_used() -> None:
    """Only joinable constraints are cheap at scale; ours all are."""
    _core, chosen = constraints()
    assert [c.shape for c in chosen if not c.joinable] == []


TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.message, SH.severity}


def only_rewritten() -> Graph:
    """The rewritten node shapes with their targets and just the rewritten constraint."""
    graph, original = Graph(), shapes()
    for rewrite in core_rewrites.rewrites(original):
        graph.add((rewrite.shape, RDF.type, SH.NodeShape))
        for p, o in original.predicate_objects(rewrite.shape):
            if p in TARGETS:
                graph.add((rewrite.shape, p, o))
        graph.add((rewrite.shape, rewrite.parameter, rewrite.value))
        pending = [rewrite.value]
        while pending:
            node = pending.pop()
            for p, o in original.predicate_objects(node):
                graph.add((node, p, o))
                pending.append(o)
    return graph


def text(node: Node | None) -> str:
    """A term as text, "" for none (``Literal(0)`` is falsy, so not ``node or ""``)."""
    return "" if node is None else str(node)


COMPONENTS = {
    SH.NotConstraintComponent: SH["not"],
    SH.OrConstraintComponent: SH["or"],
    SH.QualifiedMinCountConstraintComponent: SH.property,
    SH.QualifiedMaxCountConstraintComponent: SH.property,
}


@cache
def core_report(case: Path) -> tuple[tuple[str, str, str, str, URIRef], ...]:
    """(source shape, focus, path, value, rewritten parameter) of pyshacl's results for the
    Core form."""
    _conforms, report, _text = pyshacl_validate(
        Graph().parse(case),
        shacl_graph=only_rewritten(),
        ont_graph=ontology(),
        inference="none",
        advanced=False,
    )
    return tuple(
        (
            str(report.value(r, SH.sourceShape)),
            str(report.value(r, SH.focusNode)),
            text(report.value(r, SH.resultPath)),
            text(report.value(r, SH.value)),
            COMPONENTS[report.value(r, SH.sourceConstraintComponent)],
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )


def core_results(case: Path) -> set[tuple[str, str, str, str]]:
    return {result[:4] for result in core_report(case)}


def rewritten_results(case: Path) -> set[tuple[str, str, str, str]]:
    done = core_rewrites.rewrites(shapes())
    chosen = [c for c in constraints()[1] if c.select in {r.select for r in done}]
    store = sparql_constraints.load(Graph().parse(case), ontology())
    return {
        (r["shape"], r["focus"], r["path"], r["value"]) for r in sparql_constraints.evaluate(store, chosen)
    }


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_rewritten_core_patterns_match_pyshacl(case: Path) -> None:
    assert rewritten_results(case) == core_results(case)


def test_the_rewrites_are_exercised() -> None:
    """Some cases break a disjointness, an exemption or a language count, so the
    comparison above compares non-empty results too."""
    kinds = {result[-1] for case in CASES if ".invalid-" in case.name for result in core_report(case)}
    assert kinds == {SH["not"], SH["or"], SH.property}


def test_every_node_shape_disjointness_is_rewritten() -> None:
    remaining, _ = constraints()
    node_shapes = set(shapes().subjects(RDF.type, SH.NodeShape))
    assert len([s for s, _ in shapes().subject_objects(SH["not"]) if s in node_shapes]) > 40
    assert [s for s, _ in remaining.subject_objects(SH["not"]) if s in node_shapes] == []


def test_a_shape_other_shapes_point_at_keeps_its_core_form() -> None:
    graph = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:A a sh:NodeShape ; sh:targetClass ex:C ;
            sh:not [ sh:or ( [ sh:class ex:D ] ) ] .
        ex:B a sh:NodeShape ; sh:targetClass ex:E ; sh:node ex:A .
        """,
        format="turtle",
    )
    assert core_rewrites.rewrites(graph) == []
    graph.remove((URIRef("http://example.org/B"), SH.node, None))
    assert [str(r.shape) for r in core_rewrites.rewrites(graph)] == ["http://example.org/A"]


@pytest.mark.parametrize(
    ("select", "expected"),
    [
        ("SELECT $this WHERE { $this ?p ?o }", True),
        ("SELECT $this WHERE { BIND ($this AS ?v) FILTER (isIRI(?v)) }", True),
        ("SELECT $this WHERE { ?x ?p ?o . FILTER NOT EXISTS { $this ?q ?x } }", True),
        ("SELECT $this WHERE { ?x ?p ?o . FILTER NOT EXISTS { $this ?q ?x . BIND (1 AS ?one) } }", False),
        ("SELECT $this WHERE { { $this ?p ?o } UNION { ?o ?p $this } }", False),
        ("SELECT $this WHERE { OPTIONAL { { $this ?p ?o } } }", False),
        ("SELECT $this WHERE { OPTIONAL { BIND ($this AS ?v) } }", False),
        ("SELECT $this WHERE { $this ?p ?o VALUES ?o { 1 } }", False),
        (
            "SELECT $this ?n WHERE { { SELECT $this (COUNT(*) AS ?n) WHERE { $this ?p ?o } GROUP BY ?p } }",
            False,
        ),
        ('SELECT $this WHERE { $this ?p "{ BIND }" }  # { $this', True),
        ("SELECT $this ?o WHERE { $this ?p ?o } LIMIT 1", False),
        ("SELECT $this WHERE { ?x ?p ?o FILTER NOT EXISTS { ?x ?q ?y MINUS { $this ?p ?o } } }", False),
        ("SELECT $this ?x WHERE { { SELECT $this ?x WHERE { ?x ?q ?y FILTER (?y = $this) } } }", False),
        ("SELECT $this ?n WHERE { { SELECT $this (COUNT(?o) AS ?n) WHERE { $this ?p ?o } } }", False),
        ("SELECT (COUNT(?o) AS ?n) WHERE { $this ?p ?o } GROUP BY ?p", False),
        ("SELECT $this (COUNT(?o) AS ?n) WHERE { $this ?p ?o } GROUP BY $this", True),
        ("SELECT $this ?THIS WHERE { $this ?p ?THIS }", True),
        ("SELECT $this WHERE { OPTIONAL { ?x ?p ?o FILTER (?o = $this) } }", True),
    ],
)
def test_joinable(select: str, expected: bool) -> None:
    assert joinable(select) is expected


def pyshacl_results(
    case: Path, shapes_graph: Graph, origin: dict[str, str]
) -> set[tuple[str, str, str, str]]:
    _conforms, report, _text = pyshacl_validate(
        Graph().parse(case), shacl_graph=shapes_graph, ont_graph=ontology(), inference="none", advanced=False
    )
    return {
        (
            origin.get(str(report.value(r, SH.sourceShape)), str(report.value(r, SH.sourceShape))),
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.value)),
            str(report.value(r, SH.sourceConstraintComponent)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


@pytest.mark.parametrize("case", [c for c in CASES if ".invalid-" in c.name], ids=lambda p: p.stem)
def test_lifted_property_shapes_give_the_same_results(case: Path) -> None:
    """Property shapes carrying their node shape's targets report what they reported
    as sh:property of the node shape, under the original property shape's name."""
    core, _ = constraints()
    lifted, origin = core_rewrites.lift_property_shapes(core)
    assert origin, "our node shapes have property shapes to lift"
    assert pyshacl_results(case, lifted, origin) == pyshacl_results(case, core, {})


def severity_results(case: Path, shapes_graph: Graph) -> set[tuple[str, str, str, str, str]]:
    """(source shape, focus, path, value, severity) of pyshacl's results, default options."""
    _conforms, report, _text = pyshacl_validate(
        Graph().parse(case), shacl_graph=shapes_graph, ont_graph=ontology()
    )
    return {
        tuple(text(report.value(r, p)) for p in (SH.sourceShape, SH.focusNode, SH.resultPath, SH.value))
        + (str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],)
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def without_sparql(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    copy.remove((None, SH.sparql, None))
    return copy


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_core_results_match_pyshacl_on_the_original_shapes(case: Path) -> None:
    """What pyshacl and the rewritten patterns report together, through the entry point
    the build uses, is what pyshacl alone reports for the shapes as written (without
    their SHACL-SPARQL constraints, which the tests above check against pre-binding)."""
    validation = shacl.prepare(shapes())
    declared = set(sparql_constraints.declared(shapes()))
    rewritten = [c for c in validation.constraints if c not in declared]
    store = sparql_constraints.load(Graph().parse(case), ontology())
    found = {
        (r.shape, r.focus, r.path, r.value, r.severity)
        for r in validation.core(Graph().parse(case), ontology())
    }
    found |= {
        (r["shape"], r["focus"], r["path"], r["value"], r["severity"])
        for r in sparql_constraints.evaluate(store, rewritten)
    }
    assert found == severity_results(case, without_sparql(shapes()))


def test_validation_uses_only_pyshacls_public_api() -> None:
    """Nothing of pyshacl is patched or read beyond ``pyshacl.validate``: a pyshacl
    release can change its internals without changing our results unnoticed."""
    imported = set()
    for module in sorted((ROOT / "service" / "build" / "validation").glob("*.py")):
        source = module.read_text()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pyshacl"):
                imported |= {(node.module, alias.name) for alias in node.names}
            elif isinstance(node, ast.Import):
                imported |= {(alias.name, "") for alias in node.names if alias.name.startswith("pyshacl")}
    assert imported == {("pyshacl", "validate")}
