"""SPARQL text as the engine reads it: the terminals of SPARQL 1.1 (§19.8), one pass.

Every decision the endpoint takes on a query's text (does it call SERVICE, and where;
does it LOAD; does it name FROM graphs; which form is it) is taken on these tokens,
so the text is interpreted once and the way Oxigraph does. That includes Oxigraph's
reading of escapes: ``\\u``/``\\U`` escapes count only inside IRIs and strings (a
``\\u0053ERVICE`` outside them is a syntax error, not a keyword), and a prefixed
name may carry ``PN_LOCAL_ESC`` escapes (``sdo:x\\#y``) that neither start a comment
nor a string. Text that matches no terminal is a ``LexicalError`` (the engine would
reject it too); ``tests/test_sparql_tokens.py`` holds this reading against
Oxigraph's own accept/reject decisions on the W3C syntax suite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\\\"']"
_EXPONENT = r"[eE][+-]?[0-9]+"

_TERMINALS = [
    ("space", r"[ \t\r\n]+"),
    ("comment", r"#[^\r\n]*"),
    ("iri", rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>"),
    ("string", rf"'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''"),
    ("string", rf'"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*"""'),
    ("string", rf"'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'"),
    ("string", rf'"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*"'),
    ("pname", rf"(?:{_PREFIX})?:(?:{_LOCAL})?"),
    ("bnode", rf"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
    ("var", rf"[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
    ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
    ("number", rf"[0-9]+\.[0-9]*{_EXPONENT}|\.?[0-9]+{_EXPONENT}|[0-9]*\.[0-9]+|[0-9]+"),
    ("name", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("punct", r"\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.*+\-/=<>!^|?]"),
]
_SCANNER = re.compile("|".join(f"(?P<t{i}>{pattern})" for i, (_, pattern) in enumerate(_TERMINALS)))
_KINDS = [kind for kind, _ in _TERMINALS]
_UCHAR_RE = re.compile(_UCHAR)
_LOCAL_ESCAPE = re.compile(r"\\(.)")


class LexicalError(ValueError):
    """The text has a character sequence that is no SPARQL terminal (a 400 for the client)."""

    def __init__(self, text: str, position: int) -> None:
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        shown = text[position : position + 20].split("\n")[0]
        super().__init__(f"error at {line}:{column}: no SPARQL token starts at {shown!r}")
        self.line, self.column = line, column


@dataclass(frozen=True)
class Token:
    """One terminal: its kind, where it stands in the text, and the text itself."""

    kind: str  # iri, string, pname, bnode, var, langtag, number, name, punct
    start: int
    end: int
    text: str

    @property
    def keyword(self) -> str:
        """The upper-cased keyword for a name token ('' otherwise); keywords ignore case.

        >>> next(tokenize("service")).keyword
        'SERVICE'
        """
        return self.text.upper() if self.kind == "name" else ""

    @property
    def iri(self) -> str:
        """The IRI of an ``<…>`` token, with its ``\\u`` escapes expanded.

        >>> next(tokenize(r"<http://a/\\u0062>")).iri
        'http://a/b'
        """
        return unescape(self.text[1:-1])

    @property
    def pname(self) -> tuple[str, str]:
        """Prefix and local part of a prefixed name, the local part's escapes removed.

        >>> next(tokenize(r"sdo:x\\#y")).pname
        ('sdo', 'x#y')
        """
        prefix, _, local = self.text.partition(":")
        return prefix, _LOCAL_ESCAPE.sub(r"\1", local)


def tokenize(text: str, start: int = 0) -> Iterator[Token]:
    """The tokens of a query or update from ``start`` on, without white space and comments.

    Raises LexicalError at the first character sequence that is no terminal.

    >>> [t.text for t in tokenize("SELECT * { ?s <a#b> 'c#' } # d")]
    ['SELECT', '*', '{', '?s', '<a#b>', "'c#'", '}']
    """
    position, end = start, len(text)
    while position < end:
        match = _SCANNER.match(text, position)
        if match is None or match.end() == position:
            raise LexicalError(text, position)
        kind = _KINDS[int(str(match.lastgroup)[1:])]
        if kind not in ("space", "comment"):
            yield Token(kind, position, match.end(), match.group())
        position = match.end()


def unescape(text: str) -> str:
    r"""Expand ``\uXXXX`` and ``\UXXXXXXXX`` escapes (inside IRIs and strings).

    >>> unescape(r"\u0053ERVICE")
    'SERVICE'
    """
    return _UCHAR_RE.sub(lambda m: chr(int(m.group()[2:], 16)), text)
