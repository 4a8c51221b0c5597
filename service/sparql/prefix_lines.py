"""PREFIX lines for a query: the declarations it needs to run on any SPARQL server.

Our endpoint predeclares the graph's prefixes, so a hand-written query may use
``sdo:`` without declaring it. A query copied elsewhere (Comunica, YASGUI, R or Python)
would fail with an unknown prefix, so the examples the page shows carry their own
``PREFIX`` lines, generated from the prefixes the text actually uses: prefixed names
read by the engine's own tokenizer, so a ``sdo:`` inside a string, an IRI or a
comment does not count.
"""

from __future__ import annotations

from collections.abc import Mapping

from service.sparql.tokens import LexicalError, tokenize


def used_prefixes(text: str) -> tuple[list[str], set[str]]:
    """The prefixes the text's prefixed names use (in order of first use) and those it declares.

    >>> used_prefixes("PREFIX a: <x:> SELECT * { ?s a:p 'b:c' ; c:d ?o } # e:f")
    (['a', 'c'], {'a'})
    """
    used: dict[str, None] = {}
    declared: set[str] = set()
    after_prefix = False
    for token in tokenize(text):
        if token.kind == "pname":
            prefix = token.pname[0]
            if after_prefix:
                declared.add(prefix)
            else:
                used.setdefault(prefix, None)
        after_prefix = token.keyword == "PREFIX"
    return list(used), declared


def with_prefix_lines(text: str, prefixes: Mapping[str, str]) -> str:
    """The text with a ``PREFIX`` line for each prefix it uses but does not declare.

    The lines follow the map's order and come after the leading comment lines, so an
    example keeps its title and description first. Prefixes the map does not know are
    left alone (the server will name them), and text that does not tokenize is returned as is.

    >>> print(with_prefix_lines("# T\\nSELECT * { ?s b:x ?o ; a:y 'c:z' }", {"a": "urn:a/", "b": "urn:b/"}))
    # T
    PREFIX a: <urn:a/>
    PREFIX b: <urn:b/>
    SELECT * { ?s b:x ?o ; a:y 'c:z' }
    """
    try:
        used, declared = used_prefixes(text)
    except LexicalError:
        return text
    wanted = set(used) - declared
    lines = [f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in prefixes.items() if prefix in wanted]
    if not lines:
        return text
    head = _leading_comments(text)
    return text[:head] + "".join(lines) + text[head:]


def _leading_comments(text: str) -> int:
    """Where the text's leading lines of comments (and blank lines) end."""
    position = 0
    for line in text.splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        position += len(line)
    return position
