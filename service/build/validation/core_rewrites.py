"""The validator's copy of the shapes: rewrites that keep every result and make it fast.

Its one job is to change shapes, never to run them (``shacl`` decides where each part
runs). Two kinds of rewrite, each applied only where it provably gives the results that
pyshacl gives for the original shapes (``tests/test_sparql_constraints.py`` compares them
on every shape case):

**Three SHACL Core patterns become SPARQL constraints** (``rewrites``; ``without`` takes
them out of the copy). pyshacl evaluates ``sh:or`` and ``sh:not`` by validating every
member shape against every value node and building a full validation result for each
member that fails, even when the result is thrown away. Our shapes use two such patterns
on nearly every node shape, so at a few hundred thousand triples they were most of
pyshacl's time:

* disjointness: ``sh:not [ sh:or ( [ sh:class A ] [ sh:class B ] … ) ]``, "a focus
  node is not an instance of A, B, …";
* an exemption: ``sh:or ( [ sh:class A ] <P> )`` where ``P`` is a property shape with
  only ``sh:path`` and ``sh:minCount 1``, "an instance of A, or it has a value for P";
* a language count: a property shape with only ``sh:path``, ``sh:qualifiedValueShape
  [ sh:languageIn ( L ) ]`` and a qualified min/max count ("exactly one label @nl"),
  whose inner shape fails, with a full result, on every label in another language.

Each means the same as a short SPARQL query over the focus node, which Oxigraph runs for
all focus nodes at once. Results keep the node shape as their source shape and its
messages (a language count keeps its property shape). A node shape's constraints are
rewritten only when nothing else refers to it, so no nested validation loses a
constraint.

**Property shapes carry their node shape's targets** (``lift_property_shapes``). pyshacl
validates a node shape's ``sh:property`` shapes one focus node at a time, setting up
each property shape again for every node; a property shape with its own targets is set
up once for all its focus nodes.

The shapes files keep the Core form (any SHACL processor reads them the same way); only
the validator's copy is rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.term import BNode, Node, URIRef

SH = Namespace("http://www.w3.org/ns/shacl#")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
#: Triples a member property shape may carry besides sh:path and sh:minCount 1.
DESCRIPTIVE = {RDF.type, SH.message, SH.name, SH.description, RDFS.comment, RDFS.label, SH.severity}


@dataclass(frozen=True)
class Rewrite:
    """One Core constraint of a node shape, and the SELECT that replaces it."""

    shape: Node
    parameter: URIRef  # sh:not, sh:or or sh:property
    value: Node
    select: str

    @property
    def reported(self) -> Node:
        """The source shape of its results: the property shape for a language count."""
        return self.value if self.parameter == SH.property else self.shape

    @property
    def value_is_focus(self) -> bool:
        """Whether a result's ``sh:value`` is the focus node, as pyshacl reports it for
        ``sh:not`` and ``sh:or``; for a language count it reports none."""
        return self.parameter != SH.property


def rewrites(shapes: Graph) -> list[Rewrite]:
    """Every disjointness, exemption or language count on a node shape that can be rewritten."""
    found = []
    for shape, value in shapes.subject_objects(SH["not"]):
        classes = _disjoint_classes(shapes, shape, value)
        if classes:
            found.append(Rewrite(shape, SH["not"], value, _disjointness_select(classes)))
    for shape, value in shapes.subject_objects(SH["or"]):
        members = _exemption_members(shapes, shape, value)
        if members:
            found.append(Rewrite(shape, SH["or"], value, _exemption_select(members)))
    for shape, value in shapes.subject_objects(SH.property):
        count = _language_count(shapes, shape, value)
        if count:
            found.append(Rewrite(shape, SH.property, value, _language_count_select(*count)))
    return found


def without(shapes: Graph, done: list[Rewrite]) -> Graph:
    """A copy of the shapes without the rewritten constraints (and their now unused lists)."""
    core = Graph()
    dropped: set[tuple[Node, Node, Node]] = set()
    for rewrite in done:
        dropped.add((rewrite.shape, rewrite.parameter, rewrite.value))
        dropped |= _owned_triples(shapes, rewrite.value)
    for triple in shapes:
        if triple not in dropped:
            core.add(triple)
    return core


def reached_only_by_targets(shapes: Graph, shape: Node) -> bool:
    """An active node shape that no other shape points at (so it is only reached through
    its targets)."""
    is_property_shape = (shape, SH.path, None) in shapes
    deactivated = shapes.value(shape, SH.deactivated) == Literal(True)
    return not is_property_shape and not deactivated and next(shapes.subjects(None, shape), None) is None


def lift_property_shapes(shapes: Graph) -> tuple[Graph, dict[str, str]]:
    """A copy in which each property shape of a node shape carries that node shape's targets.

    The results are the same (SHACL defines them per focus node either way), under a
    copy of the property shape whose name ``origin`` maps back. Only node shapes that
    nothing else refers to are lifted, so shapes reached through ``sh:node`` or ``sh:or``
    keep their property shapes.
    """
    lifted, origin = Graph(), {}
    for triple in shapes:
        lifted.add(triple)
    for number, node in enumerate(sorted(set(shapes.subjects(SH.property, None)), key=str)):
        targets = [(p, o) for p, o in shapes.predicate_objects(node) if p in TARGETS]
        if not targets or not _liftable(shapes, node):
            continue
        for prop in sorted(shapes.objects(node, SH.property), key=str):
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
        reached_only_by_targets(shapes, node)
        and shapes.value(node, SH.closed) != Literal(True)
        and (node, RDF.type, RDFS.Class) not in shapes
        and not any(
            shapes.value(prop, SH.qualifiedValueShapesDisjoint) == Literal(True)
            for prop in shapes.objects(node, SH.property)
        )
    )


def _class_only(shapes: Graph, node: Node) -> URIRef | None:
    """The class of a blank member shape ``[ sh:class C ]`` that says nothing else."""
    if not isinstance(node, BNode):
        return None
    triples = list(shapes.predicate_objects(node))
    if len(triples) == 1 and triples[0][0] == SH["class"] and isinstance(triples[0][1], URIRef):
        return triples[0][1]
    return None


def _list(shapes: Graph, head: Node) -> list[Node]:
    return list(Collection(shapes, head)) if isinstance(head, BNode) or head == RDF.nil else []


def _disjoint_classes(shapes: Graph, shape: Node, value: Node) -> list[URIRef]:
    if not isinstance(value, BNode) or not reached_only_by_targets(shapes, shape):
        return []
    triples = list(shapes.predicate_objects(value))
    if len(triples) != 1 or triples[0][0] != SH["or"]:
        return []
    classes = [_class_only(shapes, member) for member in _list(shapes, triples[0][1])]
    return classes if classes and all(classes) else []  # type: ignore[return-value]


def _min_one_path(shapes: Graph, node: Node) -> URIRef | None:
    """The path of a property shape that only requires at least one value."""
    path = shapes.value(node, SH.path)
    if not isinstance(path, URIRef) or shapes.value(node, SH.minCount) != Literal(1):
        return None
    others = {p for p in shapes.predicates(node) if p not in (SH.path, SH.minCount)}
    return path if others <= DESCRIPTIVE else None


def _exemption_members(shapes: Graph, shape: Node, value: Node) -> list[tuple[str, URIRef]]:
    if not reached_only_by_targets(shapes, shape):
        return []
    members: list[tuple[str, URIRef]] = []
    for member in _list(shapes, value):
        cls, path = _class_only(shapes, member), _min_one_path(shapes, member)
        if cls is not None:
            members.append(("class", cls))
        elif path is not None:
            members.append(("path", path))
        else:
            return []
    return members if any(kind == "class" for kind, _ in members) else []


def _language_count(shapes: Graph, shape: Node, prop: Node) -> tuple[URIRef, list[str], int, int] | None:
    """(path, languages, min, max) of a property shape that only counts values by language."""
    if not reached_only_by_targets(shapes, shape) or shapes.value(prop, SH.deactivated) == Literal(True):
        return None
    path, inner = shapes.value(prop, SH.path), shapes.value(prop, SH.qualifiedValueShape)
    lowest, highest = shapes.value(prop, SH.qualifiedMinCount), shapes.value(prop, SH.qualifiedMaxCount)
    counted = {SH.path, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}
    if not isinstance(path, URIRef) or not isinstance(inner, BNode) or lowest is None and highest is None:
        return None
    if {p for p in shapes.predicates(prop) if p not in counted} - DESCRIPTIVE:
        return None
    triples = list(shapes.predicate_objects(inner))
    if len(triples) != 1 or triples[0][0] != SH.languageIn:
        return None
    languages = [str(tag) for tag in _list(shapes, triples[0][1])]
    return path, languages, int(str(lowest or 0)), -1 if highest is None else int(str(highest))


def _language_count_select(path: URIRef, languages: list[str], lowest: int, highest: int) -> str:
    # sh:languageIn matches like langMatches: "nl" also takes "nl-BE"
    matches = " || ".join(f'langMatches(lang(?value), "{tag}")' for tag in languages) or "false"
    bounds = [f"COUNT(?value) < {lowest}"] + ([f"COUNT(?value) > {highest}"] if highest >= 0 else [])
    # the result names the path and no value, like pyshacl's for the Core form
    return (
        f"SELECT $this (<{path}> AS ?path) WHERE {{\n"
        f"    OPTIONAL {{ $this <{path}> ?counted FILTER ({matches.replace('?value', '?counted')}) }}\n}}"
        f" GROUP BY $this HAVING ({' || '.join(bounds).replace('?value', '?counted')})"
    )


def _disjointness_select(classes: list[URIRef]) -> str:
    # one EXISTS per class: Oxigraph then follows the path from each focus node, where
    # ``?class IN (…)`` would walk the types of every node in the graph
    tests = " ||\n        ".join(f"EXISTS {{ $this {TYPE_PATH} <{c}> }}" for c in classes)
    return f"SELECT $this WHERE {{\n    FILTER ({tests})\n}}"


def _exemption_select(members: list[tuple[str, URIRef]]) -> str:
    tests = [
        f"    FILTER NOT EXISTS {{ $this {TYPE_PATH} <{iri}> }}"
        if kind == "class"
        else f"    FILTER NOT EXISTS {{ $this <{iri}> ?value{n} }}"
        for n, (kind, iri) in enumerate(members)
    ]
    return "SELECT $this WHERE {\n" + "\n".join(tests) + "\n}"


def _owned_triples(shapes: Graph, node: Node) -> set[tuple[Node, Node, Node]]:
    """The blank-node structure (list cells, member shapes) hanging from ``node``."""
    owned: set[tuple[Node, Node, Node]] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        if not isinstance(current, BNode):
            continue
        for p, o in shapes.predicate_objects(current):
            if (current, p, o) not in owned:
                owned.add((current, p, o))
                pending.append(o)
    return owned
