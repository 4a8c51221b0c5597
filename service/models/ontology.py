"""The ontology as small records for its documentation pages (pyLODE's normalising idea).

Everything is read from ``graph/ontology`` and ``graph/shapes`` of the served build:
labels and definitions in nl and en, super- and subclasses, domains and ranges (an
``owl:unionOf`` domain is listed member by member), the SHACL shapes that apply, and
a few examples of use from the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.models import vocabulary
from service.models.context import PageContext
from service.models.links import sparql_iri
from service.models.resource import Value, graphs_clause, value_of

PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX sh: <http://www.w3.org/ns/shacl#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX dct: <http://purl.org/dc/terms/> "
)
HEADER_FIELDS = {
    "title": "dct:title",
    "description": "dct:description",
    "version": "owl:versionInfo",
    "version_iri": "owl:versionIRI",
    "license": "dct:license",
    "creator": "dc:creator",
    "modified": "dct:modified",
    "prefix": "vann:preferredNamespacePrefix",
    "namespace": "vann:preferredNamespaceUri",
}
TERM_LINKS = {
    "superclasses": "?t rdfs:subClassOf ?v",
    "subclasses": "?v rdfs:subClassOf ?t",
    "domains": "?t rdfs:domain ?d . OPTIONAL { ?d owl:unionOf/rdf:rest*/rdf:first ?m } BIND(COALESCE(?m, ?d) AS ?v)",
    "ranges": "?t rdfs:range ?r . OPTIONAL { ?r owl:unionOf/rdf:rest*/rdf:first ?m } BIND(COALESCE(?m, ?r) AS ?v)",
    "superproperties": "?t rdfs:subPropertyOf ?v",
    "subproperties": "?v rdfs:subPropertyOf ?t",
    "inverse": "{ ?t owl:inverseOf ?v } UNION { ?v owl:inverseOf ?t }",
    "disjoint": "{ ?t owl:disjointWith ?v } UNION { ?v owl:disjointWith ?t }",
}


@dataclass
class ShapeDoc:
    shape: Value
    target: Value | None
    path: Value | None
    constraints: list[tuple[str, str]] = field(default_factory=list)
    message: str = ""


@dataclass
class TermDoc:
    iri: str
    name: str
    kinds: list[str]
    label: str
    label_en: str
    definition: str
    definition_en: str
    comments: list[str] = field(default_factory=list)
    links: dict[str, list[Value]] = field(default_factory=dict)
    shapes: list[ShapeDoc] = field(default_factory=list)
    examples: list[tuple[Value, Value]] = field(default_factory=list)
    instances: int = 0

    @property
    def is_class(self) -> bool:
        return "Class" in self.kinds


def _graph(ctx: PageContext, name: str) -> str:
    return f"<{ctx.base}graph/{name}>"


def _query(ctx: PageContext, text: str) -> list:
    return list(ctx.query(PREFIXES + text))


def header(ctx: PageContext) -> dict[str, list[Value]]:
    """The owl:Ontology's header fields, each a list of values (titles in nl and en …)."""
    return {name: _header_field(ctx, predicate) for name, predicate in HEADER_FIELDS.items()}


def _header_field(ctx: PageContext, predicate: str) -> list[Value]:
    predicate_iri = vocabulary.expand(predicate, ctx.base)
    rows = _query(
        ctx, f"SELECT ?v WHERE {{ GRAPH {_graph(ctx, 'ontology')} {{ <{ctx.vocab}> <{predicate_iri}> ?v }} }}"
    )
    values = [value_of(ctx.links, row["v"]) for row in rows]
    # an IRI in the header (license, version IRI) reads best in full
    values = [Value(v.iri, v.href, v.iri) if v.iri else v for v in values]
    return sorted(values, key=lambda v: v.lang != "nl")


def terms(ctx: PageContext) -> tuple[list[TermDoc], list[TermDoc]]:
    """(classes, properties) of our namespace, each sorted by label."""
    rows = _query(
        ctx,
        f"SELECT DISTINCT ?t ?k WHERE {{ GRAPH {_graph(ctx, 'ontology')} {{ ?t a ?k "
        f'FILTER(STRSTARTS(STR(?t), "{ctx.vocab}") && ?k IN (owl:Class, owl:ObjectProperty, '
        "owl:DatatypeProperty, owl:AnnotationProperty, rdf:Property)) } }",
    )
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["t"].value, []).append(row["k"].value.rsplit("#", 1)[-1])
    docs = [_summary(ctx, iri, kinds) for iri, kinds in found.items()]
    docs.sort(key=lambda d: d.label.casefold())
    return [d for d in docs if d.is_class], [d for d in docs if not d.is_class]


def _summary(ctx: PageContext, iri: str, kinds: list[str]) -> TermDoc:
    meta = vocabulary.info(ctx, iri)
    name = iri[len(ctx.vocab) :]
    return TermDoc(iri, name, kinds, meta.label, meta.label_en, meta.definition, meta.definition_en)


def term(ctx: PageContext, name: str) -> TermDoc | None:
    """The full documentation of one term, or None when the ontology does not define it."""
    iri = ctx.vocab + name
    try:
        sparql_iri(iri)
    except ValueError:
        return None
    kinds = _kinds(ctx, iri)
    if not kinds:
        return None
    doc = _summary(ctx, iri, kinds)
    doc.comments = [
        row["c"].value
        for row in _query(
            ctx, f"SELECT ?c WHERE {{ GRAPH {_graph(ctx, 'ontology')} {{ <{iri}> rdfs:comment ?c }} }}"
        )
        if row["c"].language in (None, "nl")
    ]
    for name_, pattern in TERM_LINKS.items():
        doc.links[name_] = _linked(ctx, iri, pattern)
    doc.shapes = shapes_for(ctx, iri, doc.is_class)
    doc.examples, doc.instances = _examples(ctx, iri, doc.is_class)
    return doc


def _kinds(ctx: PageContext, iri: str) -> list[str]:
    """``Class``, ``ObjectProperty`` …: what the ontology says the term is."""
    rows = _query(
        ctx, f"SELECT DISTINCT ?k WHERE {{ GRAPH {_graph(ctx, 'ontology')} {{ {sparql_iri(iri)} a ?k }} }}"
    )
    return [row["k"].value.rsplit("#", 1)[-1] for row in rows]


def _linked(ctx: PageContext, iri: str, pattern: str) -> list[Value]:
    rows = _query(
        ctx,
        f"SELECT DISTINCT ?v (SAMPLE(?l) AS ?label) WHERE {{ GRAPH {_graph(ctx, 'ontology')} {{ {pattern.replace('?t', f'<{iri}>')} }} "
        'FILTER(isIRI(?v)) OPTIONAL { ?v rdfs:label ?l FILTER(langMatches(lang(?l), "nl")) } } GROUP BY ?v',
    )
    values = (value_of(ctx.links, row["v"], row["label"]) for row in rows)
    return sorted(values, key=lambda v: v.text.casefold())


def shapes_for(ctx: PageContext, iri: str, is_class: bool) -> list[ShapeDoc]:
    """Property shapes that check this class's instances, or that constrain this property."""
    if is_class:  # shapes targeting the class or one of its superclasses
        where = "?node sh:targetClass ?c ; sh:property ?shape ."
        outside = f"GRAPH {_graph(ctx, 'ontology')} {{ <{iri}> rdfs:subClassOf* ?c }}"
    else:
        where = f"?shape sh:path <{iri}> . OPTIONAL {{ ?node sh:property ?shape . OPTIONAL {{ ?node sh:targetClass ?c }} }}"
        outside = ""
    rows = _query(
        ctx,
        f"SELECT ?shape (SAMPLE(?c) AS ?target) (SAMPLE(?path) AS ?p) (SAMPLE(?m) AS ?message) WHERE {{ GRAPH {_graph(ctx, 'shapes')} {{ "
        f"{where} OPTIONAL {{ ?shape sh:path ?path }} "
        'OPTIONAL { ?shape sh:message ?m FILTER(langMatches(lang(?m), "nl")) } } '
        f"{outside} }} GROUP BY ?shape ORDER BY ?p",
    )
    return [_shape_doc(ctx, row) for row in rows]


def _shape_doc(ctx: PageContext, row: Any) -> ShapeDoc:
    target = value_of(ctx.links, row["target"], _label(ctx, row["target"])) if row["target"] else None
    path = (
        value_of(ctx.links, row["p"], _label(ctx, row["p"]))
        if row["p"] and type(row["p"]).__name__ == "NamedNode"
        else None
    )
    message = row["message"].value if row["message"] else ""
    return ShapeDoc(value_of(ctx.links, row["shape"]), target, path, _constraints(ctx, row["shape"]), message)


def _label(ctx: PageContext, term: object) -> str:
    return vocabulary.info(ctx, term.value).label  # type: ignore[attr-defined]


def _constraints(ctx: PageContext, shape: object) -> list[tuple[str, str]]:
    if type(shape).__name__ != "NamedNode":
        return []
    rows = _query(
        ctx,
        f"SELECT ?p ?o WHERE {{ GRAPH {_graph(ctx, 'shapes')} {{ <{shape.value}> ?p ?o "  # type: ignore[attr-defined]
        "FILTER(STRSTARTS(STR(?p), STR(sh:)) && ?p NOT IN (sh:path, sh:message, sh:name, sh:description) "
        "&& !isBlank(?o)) } }",
    )
    curie = lambda iri: vocabulary.curie(iri, ctx.base)  # noqa: E731
    return [(curie(row["p"].value), curie(row["o"].value)) for row in rows]


def _examples(ctx: PageContext, iri: str, is_class: bool) -> tuple[list[tuple[Value, Value]], int]:
    """A few uses from the data: instances of a class, statements with a property."""
    if is_class:  # ?o repeats ?s so that one query shape serves both cases
        pattern = f"?s a <{iri}> BIND(?s AS ?o)"
    else:
        pattern = f"GRAPH ?g {{ ?s <{iri}> ?o }} FILTER(?g IN ({graphs_clause(ctx.store)}))"
    count = _query(ctx, f"SELECT (COUNT(DISTINCT *) AS ?n) WHERE {{ {pattern} }}")
    rows = _query(
        ctx,
        f"SELECT ?s ?o (SAMPLE(?sl) AS ?slabel) (SAMPLE(?ol) AS ?olabel) WHERE {{ {pattern} "
        'OPTIONAL { ?s rdfs:label ?sl FILTER(langMatches(lang(?sl), "nl")) } '
        'OPTIONAL { ?o rdfs:label ?ol FILTER(langMatches(lang(?ol), "nl")) } } GROUP BY ?s ?o ORDER BY ?s LIMIT 8',
    )
    examples = [
        (
            value_of(ctx.links, row["s"], row["slabel"]),
            value_of(ctx.links, row["o"], row["olabel"]) if row["o"] else Value(""),
        )
        for row in rows
    ]
    return examples, int(count[0]["n"].value) if count else 0
