"""What changed between two releases: entities, triple counts per graph, ontology terms, shapes.

A reader who cited one release and finds another wants to know what is different.
The changelog compares the graphs of the new release with those of the previous one
(read back from that release's Turtle dumps): the things of the data graphs that were
added, removed or changed (by IRI and Dutch label, grouped by class), the triple count
of every named graph before and after, the ontology's terms and version, and the
named SHACL shapes. The first release has nothing to compare with and says so.

"Changed" means that the statements about a thing in the data graphs differ, its
blank-node values compared by what they say (their labels differ between builds).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode

from service.build.dumps import graph_file
from service.build.source_files import graph_iri

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
#: Graphs that are not data: the vocabulary, the constraints, and what the build derives.
NOT_DATA = ("ontology", "shapes", "inferred", "metadata")
TERM_TYPES = {
    OWL + "Class",
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
    "http://www.w3.org/2000/01/rdf-schema#Class",
}
SHAPE_TYPES = {SH + "NodeShape", SH + "PropertyShape"}


@dataclass
class _Thing:
    """A named subject: its types, labels and a fingerprint of what is said about it."""

    types: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)  # language -> label
    statements: list[tuple[Any, Any]] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def label(self) -> str:
        return self.labels.get("nl") or self.labels.get("") or next(iter(self.labels.values()), "")


@dataclass
class Snapshot:
    """One release's graphs: the store holding them and each graph's triple count."""

    store: pyoxigraph.Store
    base: str
    counts: dict[str, int]

    def graph(self, name: str) -> str:
        return graph_iri(self.base, name)


def read_release(folder: Path, info: dict[str, Any]) -> Snapshot:
    """A release read back from its per-graph Turtle dumps, each into its named graph."""
    store = pyoxigraph.Store()
    for graph in info.get("graphs", {}):
        path = folder / graph_file(graph)
        if path.is_file():
            store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE, to_graph=NamedNode(graph))
    return Snapshot(store, info["base_iri"], dict(info.get("graphs", {})))


def compare(after: Snapshot, before: Snapshot | None, version: str, previous: str | None) -> dict[str, Any]:
    """The changelog of release ``version`` against ``previous`` (None: the first release)."""
    log: dict[str, Any] = {"version": version, "previous": previous, "first": before is None}
    log["graphs"] = _counts(after, before)
    now_data = _things(after.store, _data_graphs(after))
    now_terms = _things(after.store, [after.graph("ontology")], TERM_TYPES)
    now_shapes = _things(after.store, [after.graph("shapes")], SHAPE_TYPES)
    log["ontology"] = {"before": None, "after": ontology_version(after.store, after.graph("ontology"))}
    if before is None:
        log["entities"], log["shapes"] = [], {"added": [], "removed": [], "changed": []}
        log["ontology"].update({"added": [], "removed": [], "changed": []})
        return log
    then_data = _things(before.store, _data_graphs(before))
    class_labels = _class_labels(after, before)
    diff = _diff(now_data, then_data)
    log["entities"] = _by_class(diff, now_data, then_data, class_labels, after.base + "def/")
    then_terms = _things(before.store, [before.graph("ontology")], TERM_TYPES)
    log["ontology"]["before"] = ontology_version(before.store, before.graph("ontology"))
    log["ontology"].update(_listed(_diff(now_terms, then_terms), now_terms, then_terms))
    then_shapes = _things(before.store, [before.graph("shapes")], SHAPE_TYPES)
    log["shapes"] = _listed(_diff(now_shapes, then_shapes), now_shapes, then_shapes)
    return log


def ontology_version(store: pyoxigraph.Store, graph: str) -> str | None:
    """The ``owl:versionInfo`` of the ontology in ``graph``."""
    query = f"SELECT ?v WHERE {{ GRAPH <{graph}> {{ ?o a <{OWL}Ontology> ; <{OWL}versionInfo> ?v }} }} ORDER BY ?v"
    rows = list(store.query(query))  # type: ignore[arg-type]
    return rows[0]["v"].value if rows else None


def ontology_version_iri(store: pyoxigraph.Store, graph: str) -> str | None:
    """The ``owl:versionIRI`` of the ontology in ``graph`` (``…/def/0.1.0/``)."""
    query = (
        f"SELECT ?i WHERE {{ GRAPH <{graph}> {{ ?o a <{OWL}Ontology> ; <{OWL}versionIRI> ?i }} }} ORDER BY ?i"
    )
    rows = list(store.query(query))  # type: ignore[arg-type]
    return rows[0]["i"].value if rows else None


def _data_graphs(snapshot: Snapshot) -> list[str]:
    excluded = {snapshot.graph(name) for name in NOT_DATA}
    return [g for g in snapshot.counts if g not in excluded]


def _counts(after: Snapshot, before: Snapshot | None) -> list[dict[str, Any]]:
    graphs = sorted(set(after.counts) | set(before.counts if before else {}))
    return [
        {
            "graph": g,
            "name": g.rstrip("/").rsplit("/", 1)[-1],
            "before": before.counts.get(g) if before else None,
            "after": after.counts.get(g),
        }
        for g in graphs
    ]


def _things(store: pyoxigraph.Store, graphs: list[str], types: set[str] | None = None) -> dict[str, _Thing]:
    """Every named subject of ``graphs`` that has a type (one of ``types`` when given)."""
    named: dict[str, _Thing] = defaultdict(_Thing)
    blank: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, NamedNode(graph)):
            subject, predicate, value = quad.subject, quad.predicate.value, quad.object
            if not isinstance(subject, (BlankNode, NamedNode)):  # a quoted triple: not in our data
                continue
            if isinstance(subject, BlankNode):
                blank[subject.value].append((predicate, value))
                continue
            thing = named[subject.value]
            thing.statements.append((predicate, value))
            if predicate == RDF_TYPE and isinstance(value, NamedNode):
                thing.types.add(value.value)
            elif predicate in (RDFS_LABEL, SKOS_PREF) and isinstance(value, Literal):
                _label(thing, predicate, value)
    wanted = {iri: t for iri, t in named.items() if t.types and (types is None or t.types & types)}
    for thing in wanted.values():
        lines = sorted(f"{p} {_term(o, blank, 0)}" for p, o in thing.statements)
        thing.fingerprint = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
        thing.statements = []
    return wanted


def _label(thing: _Thing, predicate: str, value: Literal) -> None:
    """Keep one label per language, ``skos:prefLabel`` before ``rdfs:label``."""
    if predicate == SKOS_PREF or (value.language or "") not in thing.labels:
        thing.labels[value.language or ""] = value.value


def _term(value: Any, blank: dict[str, list[tuple[Any, Any]]], depth: int) -> str:
    """A term as text, a blank node as what it says (its label is no part of it)."""
    if not isinstance(value, BlankNode):
        return str(value)
    if depth > 8:  # deep enough for lists and nested restrictions; guards against cycles
        return "[…]"
    inner = sorted(f"{p} {_term(o, blank, depth + 1)}" for p, o in blank.get(value.value, []))
    return "[" + "; ".join(inner) + "]"


def _diff(now: dict[str, _Thing], then: dict[str, _Thing]) -> dict[str, list[str]]:
    common = now.keys() & then.keys()
    return {
        "added": sorted(now.keys() - then.keys()),
        "removed": sorted(then.keys() - now.keys()),
        "changed": sorted(i for i in common if now[i].fingerprint != then[i].fingerprint),
    }


def _entry(iri: str, thing: _Thing) -> dict[str, str]:
    return {"iri": iri, "label": thing.label}


def _listed(diff: dict[str, list[str]], now: dict[str, _Thing], then: dict[str, _Thing]) -> dict[str, Any]:
    """The diff with each IRI's label (from the release it is in)."""
    return {kind: [_entry(i, now.get(i) or then[i]) for i in iris] for kind, iris in diff.items()}


def _main_class(thing: _Thing, vocab: str) -> str:
    """The class a thing is listed under: one of our own where it has one."""
    ours = sorted(t for t in thing.types if t.startswith(vocab))
    return (ours or sorted(thing.types))[0]


def _class_labels(after: Snapshot, before: Snapshot) -> dict[str, str]:
    labels = {iri: t.label for iri, t in _things(before.store, [before.graph("ontology")]).items()}
    labels.update({iri: t.label for iri, t in _things(after.store, [after.graph("ontology")]).items()})
    return labels


def _by_class(
    diff: dict[str, list[str]],
    now: dict[str, _Thing],
    then: dict[str, _Thing],
    class_labels: dict[str, str],
    vocab: str,
) -> list[dict[str, Any]]:
    """The changed entities grouped by class, classes in the order of their Dutch label."""
    groups: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(
        lambda: {"added": [], "removed": [], "changed": []}
    )
    for kind, iris in diff.items():
        for iri in iris:
            thing = now.get(iri) or then[iri]
            groups[_main_class(thing, vocab)][kind].append(_entry(iri, thing))
    listed = [
        {"class": cls, "label": class_labels.get(cls) or cls.rsplit("/", 1)[-1], **kinds}
        for cls, kinds in groups.items()
    ]
    return sorted(listed, key=lambda g: (g["label"].casefold(), g["class"]))
