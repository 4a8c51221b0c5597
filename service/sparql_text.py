"""Small lexical facts about SPARQL text, found without a full parser.

A query's keywords can hide behind ``\\u`` escapes, which SPARQL 1.1 §19.2 expands
before parsing, and behind look-alikes inside strings, IRIs and comments. ``mask``
expands the escapes and blanks out strings, IRIs and comments (keeping offsets), so a
keyword search on the result finds exactly the keywords the engine will see.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)


def unescape(text: str) -> str:
    r"""Expand ``\uXXXX`` and ``\UXXXXXXXX`` escapes as the SPARQL grammar does first.

    >>> unescape(r"\u0053ERVICE")
    'SERVICE'
    """
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def mask(text: str) -> str:
    """The query with strings, IRIs and comments replaced by spaces of the same length.

    >>> mask('SELECT * { ?s <urn:service> "SERVICE" } # SERVICE').split()
    ['SELECT', '*', '{', '?s', '}']
    """
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), unescape(text))


def has_keyword(text: str, *keywords: str) -> bool:
    """Whether any of the keywords occurs as a keyword (case-insensitive) in the query.

    >>> has_keyword("select * { service silent ?x { } }", "SERVICE")
    True
    >>> has_keyword("SELECT * { ?s <http://x/SERVICE> 'LOAD' }", "SERVICE", "LOAD")
    False
    """
    pattern = r"(?<![\w:?$])(?:" + "|".join(keywords) + r")(?![\w:-])"
    return re.search(pattern, mask(text), re.IGNORECASE) is not None


def add_using(update: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """Apply the protocol's ``using-graph-uri``/``using-named-graph-uri`` to every INSERT/DELETE … WHERE.

    SPARQL 1.1 Protocol §2.2.3: the parameters act as USING / USING NAMED clauses, and a
    request that also has USING or WITH in the update is an error (ValueError).

    >>> add_using("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", ("urn:g",), ())
    'INSERT { ?s ?p 1 } USING <urn:g> WHERE { ?s ?p ?o }'
    """
    if not (using or using_named):
        return update
    text = unescape(update)
    masked = mask(text)
    if re.search(r"(?<![\w:?$])(USING|WITH)(?![\w:-])", masked, re.IGNORECASE):
        raise ValueError("using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH")
    clause = " ".join([*(f"USING <{g}>" for g in using), *(f"USING NAMED <{g}>" for g in using_named)])
    out, last, depth = [], 0, 0
    for match in re.finditer(r"[{}]|(?<![\w:?$])WHERE(?![\w:-])", masked, re.IGNORECASE):
        token = match.group(0)
        if token in "{}":
            depth += 1 if token == "{" else -1
        elif depth == 0 and masked[: match.start()].rstrip().endswith("}"):
            out += [text[last : match.start()], clause, " "]
            last = match.start()
    return "".join([*out, text[last:]])
