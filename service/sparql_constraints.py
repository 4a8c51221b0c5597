"""SHACL-SPARQL constraints (``sh:sparql``) evaluated by Oxigraph, all focus nodes at once.

pyshacl runs a constraint's SELECT once per focus node in Python, which took minutes
for the Data Cube integrity constraints over a few thousand observations. Here each
constraint runs once: ``$this`` becomes a variable bound by the shape's targets, as in
https://www.w3.org/TR/shacl/#sparql-constraints-prebound, and every solution is a
validation result. pyshacl still validates all SHACL Core constraints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph
from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class SparqlConstraint:
    shape: str
    select: str
    messages: tuple[str, ...]
    severity: str
    targets: str  # a graph pattern binding ?this


def split(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """The shapes without their sh:sparql constraints, and those constraints."""
    core = Graph()
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    constraints = [
        _constraint(shapes, shape, node)
        for shape, node in shapes.subject_objects(SH.sparql)
        if shapes.value(node, SH.deactivated) != Literal(True)
    ]
    return core, constraints


def _constraint(shapes: Graph, shape: Node, node: Node) -> SparqlConstraint:
    messages = tuple(str(m) for m in shapes.objects(node, SH.message)) or tuple(
        str(m) for m in shapes.objects(shape, SH.message)
    )
    severity = shapes.value(node, SH.severity) or shapes.value(shape, SH.severity) or SH.Violation
    select = _prefixes(shapes, node) + str(shapes.value(node, SH.select))
    select = select.replace("$currentShape", f"<{shape}>")
    return SparqlConstraint(
        str(shape), select, messages, str(severity).rsplit("#", 1)[-1], _targets(shapes, shape)
    )


def _prefixes(shapes: Graph, node: Node) -> str:
    lines = []
    for owner in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines) + "\n"


def _targets(shapes: Graph, shape: Node) -> str:
    patterns = [f"{{ ?this a/<{RDFS.subClassOf}>* <{c}> }}" for c in shapes.objects(shape, SH.targetClass)]
    if (shape, RDF.type, RDFS.Class) in shapes:
        patterns.append(f"{{ ?this a/<{RDFS.subClassOf}>* <{shape}> }}")
    patterns += [f"{{ ?this <{p}> [] }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    patterns += [f"{{ [] <{p}> ?this }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    patterns += [f"{{ VALUES ?this {{ <{n}> }} }}" for n in shapes.objects(shape, SH.targetNode)]
    return " UNION ".join(patterns)


def bulk_query(constraint: SparqlConstraint) -> str | None:
    """The constraint's SELECT with ``$this`` bound by the shape's targets; None without targets."""
    if not constraint.targets:
        return None
    text = constraint.select.replace("$this", "?this")
    match = re.search(r"\bWHERE\s*\{", text, flags=re.IGNORECASE)
    if match is None:
        raise ValueError(f"cannot find WHERE in the constraint of {constraint.shape}")
    return f"{text[: match.end()]} {{ {constraint.targets} }} {text[match.end() :]}"


def evaluate(store: pyoxigraph.Store, constraints: list[SparqlConstraint]) -> Iterator[dict[str, str]]:
    """Every violation of the constraints in the store's default graph."""
    for constraint in constraints:
        query = bulk_query(constraint)
        if query is None:
            continue
        try:
            results = store.query(query)
        except SyntaxError as error:
            raise ValueError(f"the SPARQL constraint of {constraint.shape} does not parse: {error}") from error
        names = [v.value for v in results.variables]
        for row in results:
            bindings = {name: row[name].value for name in names if row[name] is not None}
            yield {
                "severity": constraint.severity,
                "shape": constraint.shape,
                "focus": bindings.get("this", ""),
                "path": bindings.get("path", ""),
                "value": bindings.get("value", ""),
                "message": " / ".join(_fill(m, bindings) for m in constraint.messages) or "(no message)",
            }


def _fill(message: str, bindings: dict[str, str]) -> str:
    return re.sub(r"\{[?$](\w+)\}", lambda m: bindings.get(m[1], m[0]), message)


def load(data: Graph, ontology: Graph | None) -> pyoxigraph.Store:
    """An in-memory store of data plus ontology, the graph pyshacl validates too."""
    store = pyoxigraph.Store()
    for graph in (data, ontology):
        if graph is not None:
            store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store
