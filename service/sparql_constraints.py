"""SHACL-SPARQL constraints (``sh:sparql``) evaluated by Oxigraph.

pyshacl evaluates a constraint's SELECT with rdflib's SPARQL engine, which took
minutes for the Data Cube integrity constraints over a few hundred observations.
Oxigraph runs the same SELECT with ``$this`` pre-bound to each focus node, as
https://www.w3.org/TR/shacl/#sparql-constraints-prebound defines (see ``prebind``), in a
fraction of the time. Every solution is a validation result. pyshacl still checks SHACL Core.
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


def focus_nodes(store: pyoxigraph.Store, constraint: SparqlConstraint) -> list[pyoxigraph.NamedNode]:
    """The shape's focus nodes, found with one query for all its targets."""
    if not constraint.targets:
        return []
    return [row["this"] for row in store.query(f"SELECT DISTINCT ?this WHERE {{ {constraint.targets} }}")]


#: Where ``$this`` must stay a variable: projections, and GROUP BY / ORDER BY clauses.
PROJECTION = re.compile(r"(SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?)([^{]*?)(\bWHERE\b|\{)", re.IGNORECASE)
GROUPING = re.compile(
    r"((?:GROUP|ORDER)\s+BY\s)(.*?)(\bHAVING\b|\bORDER\b|\bLIMIT\b|\bOFFSET\b|\}|$)",
    re.IGNORECASE | re.DOTALL,
)


def prebind(select: str, focus: pyoxigraph.NamedNode) -> str:
    """The query with ``$this`` replaced by the focus IRI, as SHACL's pre-binding defines.

    In projections (``SELECT $this …``) and GROUP BY / ORDER BY clauses the variable
    stays, renamed to ``?this``: an IRI is not allowed there, and grouping by a
    variable that is unbound in every solution groups exactly as by the constant. Oxigraph's own ``substitutions`` join the binding at
    the top of the query instead, so ``$this`` inside ``BIND`` or a nested ``FILTER``
    would stay unbound; that is used only for blank-node focus nodes, which have no
    syntax of their own.

    >>> prebind("SELECT $this ?v WHERE { BIND ($this AS ?v) }", pyoxigraph.NamedNode("http://a/x"))
    'SELECT ?this ?v WHERE { BIND (<http://a/x> AS ?v) }'
    """
    marked = select
    for clause in (PROJECTION, GROUPING):
        marked = clause.sub(lambda m: m[1] + m[2].replace("$this", "?this") + m[3], marked)
    return marked.replace("$this", str(focus))


def _run(store: pyoxigraph.Store, constraint: SparqlConstraint, focus: object) -> pyoxigraph.QuerySolutions:
    try:
        if isinstance(focus, pyoxigraph.NamedNode):
            return store.query(prebind(constraint.select, focus))
        return store.query(constraint.select, substitutions={pyoxigraph.Variable("this"): focus})
    except SyntaxError as error:
        raise ValueError(f"the SPARQL constraint of {constraint.shape} does not parse: {error}") from error


def evaluate(store: pyoxigraph.Store, constraints: list[SparqlConstraint]) -> Iterator[dict[str, str]]:
    """Every violation of the constraints in the store's default graph."""
    for constraint in constraints:
        for focus in focus_nodes(store, constraint):
            results = _run(store, constraint, focus)
            names = [v.value for v in results.variables]
            for row in results:
                bindings = {name: row[name].value for name in names if row[name] is not None}
                yield {
                    "severity": constraint.severity,
                    "shape": constraint.shape,
                    "focus": focus.value,
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
