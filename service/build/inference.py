"""Materialise RDFS and OWL-RL entailments into their own named graph.

The rules are SPARQL updates run by Oxigraph until nothing new follows, which is far
faster than a Python rule engine on a large graph. They read the asserted graphs plus
what was inferred so far; only what the asserted graphs lack goes into the inferred
graph, so asserted and inferred triples stay apart. The rules are a chosen part of OWL 2 RL (named by their
rule names in https://www.w3.org/TR/owl2-profiles/#OWL_2_RL): class and property
hierarchies, domains and ranges, inverses, symmetric and transitive properties.
"""

from __future__ import annotations

import pyoxigraph

from service.store.built import first

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

#: rule name -> (template to insert, pattern that entails it)
RULES: dict[str, tuple[str, str]] = {
    "cax-sco": (
        "?x a ?d",
        "?x a ?c . ?c (rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)+ ?d . FILTER(isIRI(?d))",
    ),
    "prp-spo1": (
        "?x ?q ?y",
        "?x ?p ?y . ?p (rdfs:subPropertyOf|owl:equivalentProperty|^owl:equivalentProperty)+ ?q . FILTER(isIRI(?q))",
    ),
    "prp-inv1": ("?y ?q ?x", "?x ?p ?y . ?p owl:inverseOf ?q . FILTER(!isLiteral(?y))"),
    "prp-inv2": ("?y ?p ?x", "?x ?q ?y . ?p owl:inverseOf ?q . FILTER(!isLiteral(?y))"),
    "prp-dom": ("?x a ?c", "?x ?p ?y . ?p rdfs:domain ?c . FILTER(isIRI(?c))"),
    "prp-rng": (
        "?y a ?c",
        "?x ?p ?y . ?p rdfs:range ?c . ?c a owl:Class . FILTER(isIRI(?c) && !isLiteral(?y))",
    ),
    "prp-symp": ("?y ?p ?x", "?p a owl:SymmetricProperty . ?x ?p ?y . FILTER(!isLiteral(?y))"),
    "prp-trp": ("?x ?p ?z", "?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z"),
}

MAX_ROUNDS = 10


def materialise(store: pyoxigraph.Store, source_graphs: list[str], inferred_graph: str) -> int:
    """Apply the rules until a fixpoint; return the number of inferred triples.

    The store's default graph must hold the union of ``source_graphs``: the rules insert
    into it without checking what exists (a graph is a set). At the fixpoint the triples
    that no source graph holds move to ``inferred_graph`` and the default graph is
    emptied, all inside Oxigraph.
    """
    size = len(store)
    for _ in range(MAX_ROUNDS):
        for head, body in RULES.values():
            store.update(f"{PREFIXES}INSERT {{ {head} }} WHERE {{ {body} }}")
        grown = len(store)
        if grown == size:
            break
        size = grown
    sources = " ".join(f"<{g}>" for g in source_graphs)
    store.update(
        f"INSERT {{ GRAPH <{inferred_graph}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o "
        f"FILTER NOT EXISTS {{ VALUES ?g {{ {sources} }} GRAPH ?g {{ ?s ?p ?o }} }} }}"
    )
    store.update("CLEAR DEFAULT")
    found = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{inferred_graph}> {{ ?s ?p ?o }} }}")
    return int(first(found)["n"].value)
