"""SHACL validation with pyshacl, and a report that groups violations by shape and focus node.

The ontology is passed as ``ont_graph`` so that ``sh:class`` and ``sh:targetClass``
see the class hierarchy without copying it into the data.

Changes to the validator's copy of the shapes keep it linear and fast on large graphs,
without changing any result: the patterns ``core_to_sparql`` names run as SPARQL in
Oxigraph (see ``sparql_constraints``), and the property shapes of a node shape get the
node shape's targets (see ``lift_property_shapes``). pyshacl also gets its parameter
list in a faster form (see ``_use_parameter_set``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import pyoxigraph
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from service.build.validation import constraints as sparql_constraints
from service.build.validation import core_rewrites

SH = Namespace("http://www.w3.org/ns/shacl#")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


@dataclass(frozen=True)
class ShaclResult:
    severity: str
    shape: str
    focus: str
    path: str
    value: str
    message: str


@dataclass
class ShaclReport:
    conforms: bool
    results: list[ShaclResult] = field(default_factory=list)

    @classmethod
    def of(cls, results: list[ShaclResult]) -> ShaclReport:
        return cls(not any(r.severity == "Violation" for r in results), results)

    @property
    def violations(self) -> list[ShaclResult]:
        return [r for r in self.results if r.severity == "Violation"]

    def summary(self, limit: int = 200) -> str:
        """The violations grouped by shape, then by focus node, as readable lines."""
        grouped: dict[str, dict[str, list[ShaclResult]]] = defaultdict(lambda: defaultdict(list))
        for result in self.violations:
            grouped[result.shape][result.focus].append(result)
        lines = [f"{len(self.violations)} SHACL violation(s)"]
        for shape, by_focus in sorted(grouped.items()):
            lines.append(f"shape {shape}:")
            for focus, results in sorted(by_focus.items()):
                lines.append(f"  focus {focus}:")
                lines += [f"    {r.path or '-'} = {r.value or '-'}: {r.message}" for r in results]
        if len(lines) > limit:
            lines = lines[:limit] + [f"… {len(lines) - limit} more lines"]
        return "\n".join(lines)


def validate(data: Graph, shapes: Graph, ontology: Graph | None = None) -> ShaclReport:
    """Validate a data graph; the report lists every result with its source shape.

    ``data`` is changed: pyshacl adds the ontology to it (copying a large graph first
    would cost more than the validation of it). The SHACL-SPARQL constraints run on a
    store loaded from ``data`` and ``ontology``.
    """
    store = sparql_constraints.load(data, ontology)
    return ShaclReport.of(validate_core(data, shapes, ontology) + validate_sparql(store, shapes))


def validate_core(data: Graph, shapes: Graph, ontology: Graph | None = None) -> list[ShaclResult]:
    """pyshacl's results for the SHACL Core constraints (``data`` gets the ontology added)."""
    lifted, origin, _constraints = _prepared(shapes)
    _use_parameter_set()
    _conforms, report, _text = pyshacl_validate(
        data,
        shacl_graph=lifted,
        ont_graph=ontology,
        inference="none",
        # no SHACL-AF features are used; leaving them off halves pyshacl's time
        advanced=False,
        allow_warnings=True,
        # mix the ontology into ``data`` itself rather than into a copy of it
        inplace=True,
    )
    return [replace(r, shape=origin.get(r.shape, r.shape)) for r in _results(report)]


def validate_sparql(store: pyoxigraph.Store, shapes: Graph) -> list[ShaclResult]:
    """Oxigraph's results for the SHACL-SPARQL constraints (declared and rewritten), over
    the store's default graph, which holds the data and the ontology."""
    _lifted, _origin, constraints = _prepared(shapes)
    return [ShaclResult(**row) for row in sparql_constraints.evaluate(store, constraints)]


class _ParameterList(list):
    """pyshacl's list of constraint parameters, answering ``in`` from a set."""

    def __init__(self, items: list) -> None:
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _use_parameter_set() -> None:
    """Let pyshacl test membership of its constraint parameters by hash lookup.

    For every shape it validates, pyshacl tests each of the shape's predicates for
    membership in its list of about thirty constraint parameters, comparing rdflib terms
    one by one; on a large graph that was a fifth of its time. It keeps that list in the
    module attribute ``CONSTRAINT_PARAMS`` once computed; a list whose ``in`` uses a set
    gives the same answers, and copies of it (pyshacl extends a copy for SHACL-AF) are
    plain lists again. pyshacl's version is pinned in requirements.lock;
    tests/test_sparql_constraints.py checks the attribute is still read.
    """
    from pyshacl import constraints, shape

    parameters = getattr(shape, "CONSTRAINT_PARAMS", None)
    if parameters is None or not isinstance(parameters[0], _ParameterList):
        shape.CONSTRAINT_PARAMS = (
            _ParameterList(constraints.ALL_CONSTRAINT_PARAMETERS),
            constraints.CONSTRAINT_PARAMETERS_MAP,
        )


#: Prepared shapes by their triples: a contributor's or test's repeated validations
#: against the same shapes prepare them once.
_PREPARED: dict[frozenset, tuple[Graph, dict[str, str], list[sparql_constraints.SparqlConstraint]]] = {}


def _prepared(shapes: Graph) -> tuple[Graph, dict[str, str], list[sparql_constraints.SparqlConstraint]]:
    """The shapes for pyshacl (rewritten patterns out, property shapes lifted), the map
    from lifted copies to their property shapes, and the SPARQL constraints."""
    key = frozenset(shapes)
    if key not in _PREPARED:
        core, constraints = sparql_constraints.split(shapes)
        lifted, origin = lift_property_shapes(core)
        _PREPARED.clear()
        _PREPARED[key] = (lifted, origin, constraints)
    return _PREPARED[key]


def lift_property_shapes(shapes: Graph) -> tuple[Graph, dict[str, str]]:
    """A copy in which each property shape of a node shape carries that node shape's targets.

    pyshacl validates a node shape's ``sh:property`` shapes one focus node at a time,
    setting up each property shape again for every node; a property shape with its own
    targets is set up once for all its focus nodes. The results are the same (SHACL
    defines them per focus node either way), under a copy of the property shape whose
    name ``origin`` maps back. Only node shapes that nothing else refers to are lifted,
    so shapes reached through ``sh:node`` or ``sh:or`` keep their property shapes.
    """
    lifted, origin = Graph(), {}
    for triple in shapes:
        lifted.add(triple)
    for number, node in enumerate(sorted(set(shapes.subjects(SH.property, None)))):
        targets = [(p, o) for p, o in shapes.predicate_objects(node) if p in TARGETS]
        if not targets or not _liftable(shapes, node):
            continue
        for prop in sorted(shapes.objects(node, SH.property)):
            copy = BNode() if isinstance(prop, BNode) else URIRef(f"{prop}--lifted-{number}")
            origin[str(copy)] = str(prop)
            lifted.remove((node, SH.property, prop))
            lifted.add((copy, RDF.type, SH.PropertyShape))
            for p, o in [*shapes.predicate_objects(prop), *targets]:
                lifted.add((copy, p, o))
    return lifted, origin


def _liftable(shapes: Graph, node: Node) -> bool:
    """Whether moving the node shape's property shapes out leaves its results unchanged.

    Not when anything refers to the node shape, when it is deactivated or closed (its
    property shapes name the allowed properties), when it is also a class (an implicit
    target), or when its property shapes are qualified-disjoint siblings.
    """
    return (
        core_rewrites.reached_only_by_targets(shapes, node)
        and shapes.value(node, SH.closed) != Literal(True)
        and (node, RDF.type, RDFS.Class) not in shapes
        and not any(
            shapes.value(prop, SH.qualifiedValueShapesDisjoint) == Literal(True)
            for prop in shapes.objects(node, SH.property)
        )
    )


def _results(report: Graph):
    for node in report.subjects(RDF.type, SH.ValidationResult):
        yield ShaclResult(
            severity=_local(report.value(node, SH.resultSeverity)),
            shape=_text(report.value(node, SH.sourceShape)),
            focus=_text(report.value(node, SH.focusNode)),
            path=_text(report.value(node, SH.resultPath)),
            value=_text(report.value(node, SH.value)),
            message=_message(report, node),
        )


def _message(report: Graph, node: Node) -> str:
    messages = list(report.objects(node, SH.resultMessage))
    english = [m for m in messages if isinstance(m, Literal) and m.language == "en"]
    dutch = [m for m in messages if isinstance(m, Literal) and m.language == "nl"]
    chosen = dutch + english or messages
    return " / ".join(str(m) for m in chosen) or "(no message)"


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


def _local(node: Node | None) -> str:
    return "" if node is None else str(node).rsplit("#", 1)[-1]
