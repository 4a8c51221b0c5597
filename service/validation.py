"""SHACL validation with pyshacl, and a report that groups violations by shape and focus node.

The ontology is passed as ``ont_graph`` so that ``sh:class`` and ``sh:targetClass``
see the class hierarchy without copying it into the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pyshacl import validate as pyshacl_validate
from rdflib import RDF, Graph, Literal, Namespace
from rdflib.term import Node

from service import sparql_constraints

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

    pyshacl checks the SHACL Core constraints; the SHACL-SPARQL constraints run in
    Oxigraph over all focus nodes at once (see ``sparql_constraints``).
    """
    core, constraints = sparql_constraints.split(shapes)
    _conforms, report, _text = pyshacl_validate(
        data,
        shacl_graph=core,
        ont_graph=ontology,
        inference="none",
        # no SHACL-AF features are used; leaving them off halves pyshacl's time
        advanced=False,
        allow_warnings=True,
    )
    results = list(_results(report))
    if constraints:
        store = sparql_constraints.load(data, ontology)
        results += [ShaclResult(**row) for row in sparql_constraints.evaluate(store, constraints)]
    return ShaclReport(not any(r.severity == "Violation" for r in results), results)


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
