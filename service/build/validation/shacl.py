"""SHACL validation: the one entry point, and the whole strategy behind it.

**Entry point.** ``prepare(shapes)`` splits the shapes once and gives a ``Validation``.
``Validation.run(data, ontology)`` validates in one process; ``sdkg validate`` and the
shape-case tests call it through ``validate(data, shapes, ontology)``. The build runs the
same two halves apart and joins them with ``ShaclReport.of``: ``Validation.core`` in a
child process forked after ``prepare`` (so the split is made once), ``Validation.sparql``
on the build's in-memory store. Violations are results of severity ``sh:Violation``;
warnings and infos are reported without failing.

**Which shapes go where.**

* Oxigraph (``constraints``) runs every SHACL-SPARQL constraint the shapes declare, and
  three SHACL Core patterns that ``core_rewrites`` turns into SPARQL constraints (class
  disjointness, the source exemption, the per-language count). A constraint whose
  ``$this`` is bound at the top level runs once, joined with its shape's targets; any
  other runs once per focus node. The store holds the data and the ontology.
* pyshacl runs the rest of SHACL Core: the shapes without the ``sh:sparql`` constraints
  and the rewritten patterns, each property shape of a node shape carrying that node
  shape's targets (``core_rewrites.lift_property_shapes``; results are reported under the
  original property shape). The ontology is its ``ont_graph``, so ``sh:class`` and
  ``sh:targetClass`` see the class hierarchy without RDFS inference on the data.

**The guarantee.** Each change applies only where it leaves the results unchanged, and
``tests/test_sparql_constraints.py`` checks that on the shape cases:
on every case the SHACL Core results (source shape, focus node, path, value, severity) equal pyshacl's
for the original shapes with its default options
(``test_core_results_match_pyshacl_on_the_original_shapes``), and so do the rewritten
patterns alone (``test_rewritten_core_patterns_match_pyshacl``) and, on every invalid
case, the lifted shapes alone (``test_lifted_property_shapes_give_the_same_results``);
on every case each joined SPARQL constraint gives the results of running it per focus node with ``$this`` pre-bound, as
SHACL-SPARQL defines them (``test_joined_queries_match_per_focus_queries``; rdflib's
engine in pyshacl gets one of our constraints wrong, see ``tests/test_shapes.py``).

**Why.** Per 184k triples (``scripts/benchmark_build.py --copies 10``), pyshacl needed
about 12 s of CPU with the three Core patterns left to it, about 11 s with them
rewritten but property shapes unlifted, and about 3 s with both changes; running the SPARQL constraints per focus node
instead of joined was about 7 times slower on the real graph.

**pyshacl's public API only.** It is called through ``pyshacl.validate`` (see
``_run_pyshacl`` for each option and why); nothing of pyshacl's is patched or read
beyond it, which ``test_validation_uses_only_pyshacls_public_api`` holds to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import pyoxigraph
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, Graph, Literal, Namespace
from rdflib.term import Node

from service.build.validation import constraints as sparql_constraints
from service.build.validation import core_rewrites

SH = Namespace("http://www.w3.org/ns/shacl#")


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


@dataclass(frozen=True, eq=False)
class Validation:
    """Shapes split for validation: what pyshacl runs, and what Oxigraph runs."""

    #: for pyshacl: SHACL Core without what Oxigraph runs, property shapes lifted
    core_shapes: Graph
    #: a lifted copy of a property shape -> that property shape
    origin: dict[str, str]
    #: for Oxigraph: the declared SHACL-SPARQL constraints and the rewritten Core patterns
    constraints: tuple[sparql_constraints.SparqlConstraint, ...]

    def run(self, data: Graph, ontology: Graph | None = None) -> ShaclReport:
        """Both halves in this process. ``data`` is changed (see ``core``)."""
        store = sparql_constraints.load(data, ontology)  # before ``core`` adds the ontology
        return ShaclReport.of(self.core(data, ontology) + self.sparql(store))

    def core(self, data: Graph, ontology: Graph | None = None) -> list[ShaclResult]:
        """pyshacl's results for SHACL Core. ``data`` gets the ontology added: copying a
        large graph first would cost more than validating it."""
        report = _run_pyshacl(data, self.core_shapes, ontology)
        return [replace(r, shape=self.origin.get(r.shape, r.shape)) for r in _results(report)]

    def sparql(self, store: pyoxigraph.Store) -> list[ShaclResult]:
        """Oxigraph's results for the SPARQL constraints, over the store's default graph,
        which holds the data and the ontology."""
        return [ShaclResult(**row) for row in sparql_constraints.evaluate(store, list(self.constraints))]


def validate(data: Graph, shapes: Graph, ontology: Graph | None = None) -> ShaclReport:
    """Validate a data graph; the report lists every result with its source shape.
    ``data`` is changed: pyshacl adds the ontology to it."""
    return prepare(shapes).run(data, ontology)


def split(shapes: Graph) -> tuple[Graph, list[sparql_constraints.SparqlConstraint]]:
    """The SHACL Core shapes left for pyshacl (before lifting), and the SPARQL
    constraints for Oxigraph: the declared ones and the rewritten Core patterns."""
    done = core_rewrites.rewrites(shapes)
    core = core_rewrites.without(shapes, done)
    core.remove((None, SH.sparql, None))
    constraints = sparql_constraints.declared(shapes) + [
        sparql_constraints.standing_for(shapes, r.shape, r.reported, r.select, r.value_is_focus) for r in done
    ]
    return core, constraints


#: The last shapes prepared, by their triples: repeated validations against the same
#: shapes (a contributor's files, the shape cases) split them once.
_PREPARED: dict[frozenset, Validation] = {}


def prepare(shapes: Graph) -> Validation:
    """The shapes split for validation (see the module docstring)."""
    key = frozenset(shapes)
    if key not in _PREPARED:
        core, constraints = split(shapes)
        lifted, origin = core_rewrites.lift_property_shapes(core)
        _PREPARED.clear()
        _PREPARED[key] = Validation(lifted, origin, tuple(constraints))
    return _PREPARED[key]


def _run_pyshacl(data: Graph, shapes: Graph, ontology: Graph | None) -> Graph:
    """pyshacl's report graph, through its public API.

    No inference and no SHACL-AF (pyshacl's defaults, spelt out): the shapes need only
    the ontology's class hierarchy, for ``sh:class`` and ``sh:targetClass``, which
    ``ont_graph`` brings in. ``inplace=True`` mixes the ontology into ``data`` itself
    rather than into a copy of it (copying took nearly as long as validating: 5 s of CPU
    instead of 3 at 184k triples). Conformance is taken from the results
    (``ShaclReport.of``), not from pyshacl, so no severity option is needed and nested
    shapes are judged as SHACL says.
    """
    _conforms, report, _text = pyshacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=False,
        inplace=True,
    )
    return report


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
