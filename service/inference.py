"""Materialise RDFS and OWL-RL entailments into their own named graph.

The rules are SPARQL updates run by Oxigraph until nothing new follows, which is far
faster than a Python rule engine on a large graph. They read the asserted graphs plus
what was inferred so far, and write only into the inferred graph, so asserted and
inferred triples stay apart. The rules are a chosen part of OWL 2 RL (named by their
rule names in https://www.w3.org/TR/owl2-profiles/#OWL_2_RL): class and property
hierarchies, domains and ranges, inverses, symmetric and transitive properties.
"""

from __future__ import annotations

import pyoxigraph

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

    The closure is computed in a scratch in-memory store whose default graph holds the
    asserted triples: rules then insert without checking what exists (a store is a
    set), and the new triples are copied into ``inferred_graph`` at the end.
    """
    scratch = pyoxigraph.Store()
    asserted = [pyoxigraph.NamedNode(g) for g in source_graphs]
    scratch.extend(
        pyoxigraph.Quad(q.subject, q.predicate, q.object, pyoxigraph.DefaultGraph())
        for graph in asserted
        for q in store.quads_for_pattern(None, None, None, graph)
    )
    original = {(q.subject, q.predicate, q.object) for q in scratch}
    size = len(original)
    for _ in range(MAX_ROUNDS):
        for head, body in RULES.values():
            scratch.update(f"{PREFIXES}INSERT {{ {head} }} WHERE {{ {body} }}")
        grown = len(scratch)
        if grown == size:
            break
        size = grown
    target = pyoxigraph.NamedNode(inferred_graph)
    new = [q for q in scratch if (q.subject, q.predicate, q.object) not in original]
    store.extend(pyoxigraph.Quad(q.subject, q.predicate, q.object, target) for q in new)
    return len(new)
