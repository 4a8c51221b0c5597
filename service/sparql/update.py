"""Rewrites of update text that the protocol asks for, done on the gate's tokens."""

from __future__ import annotations

from service.sparql.tokens import tokenize


class UsingConflictError(ValueError):
    """The request names USING graphs as parameters and in the update text (a 400)."""


def add_using(update: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """Apply the protocol's ``using-graph-uri``/``using-named-graph-uri`` to every INSERT/DELETE … WHERE.

    SPARQL 1.1 Protocol §2.2.3: the parameters act as USING / USING NAMED clauses, and a
    request that also has USING or WITH in the update is an error (UsingConflictError).

    >>> add_using("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", ("urn:g",), ())
    'INSERT { ?s ?p 1 } USING <urn:g> WHERE { ?s ?p ?o }'
    """
    if not (using or using_named):
        return update
    tokens = list(tokenize(update))
    if any(t.keyword in ("USING", "WITH") for t in tokens):
        raise UsingConflictError(
            "using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH"
        )
    clause = " ".join([*(f"USING <{g}>" for g in using), *(f"USING NAMED <{g}>" for g in using_named)])
    out, last, depth = [], 0, 0
    for previous, token in zip([None, *tokens], tokens, strict=False):
        depth += {"{": 1, "}": -1}.get(token.text, 0) if token.kind == "punct" else 0
        if token.keyword == "WHERE" and depth == 0 and previous is not None and previous.text == "}":
            out += [update[last : token.start], clause, " "]
            last = token.start
    return "".join([*out, update[last:]])
