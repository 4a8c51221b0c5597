"""The gate for outbound requests: SERVICE only to allowlisted endpoints, LOAD never.

pyoxigraph evaluates ``SERVICE <iri>`` by calling that address, any address, and
``LOAD <iri>`` fetches a document. So every query and update is read once, with the
tokens of ``service.sparql.tokens``, before the engine sees it (SPARQL 1.1 Federated Query
§3), and the same reading answers the other questions the endpoint asks of a text:
does it name FROM graphs, does it LOAD.

The engine's grammar is a PEG whose keywords need no white space after them:
``SERVICE:x {}``, ``SERVICESILENT<…>`` and ``PREFIXa: <…>`` are read by Oxigraph as
the keyword followed by the rest. So every token that *begins* with SERVICE (or,
in a prologue, PREFIX) is taken as that keyword, and where the engine could read an
endpoint in two ways (``SERVICE SILENT:x``), both must be allowed. A variable
endpoint, or one whose prefix is unknown, cannot be checked and is refused.

This is one of two controls: the workers that evaluate queries without an allowed
SERVICE have no network at all (``service.store.isolation``), so a misreading here still cannot
reach anything.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from service.sparql.iri import resolve
from service.sparql.tokens import LexicalError, Token, tokenize


class FederationError(Exception):
    """A query or update would make an outbound request we do not allow."""


@dataclass(frozen=True)
class Reading:
    """What the gate read in a query or update text."""

    endpoints: tuple[str | None, ...]  # every endpoint SERVICE may call; None: one that cannot be known
    has_from: bool
    has_load: bool


def read(text: str, base: str, prefixes: Mapping[str, str]) -> Reading:
    """Read a query or update once; raises LexicalError (a 400) for text that is no SPARQL.

    >>> read("PREFIX e: <http://x/> ASK { SERVICE e:sparql {} }", "http://b/", {}).endpoints
    ('http://x/sparql',)
    >>> read("SELECT * FROM <g> { ?s ?p ?o }", "http://b/", {}).has_from
    True
    """
    return _read(text, base, tuple(sorted(prefixes.items())))


@functools.lru_cache(maxsize=256)
def _read(text: str, base: str, prefixes: tuple[tuple[str, str], ...]) -> Reading:
    tokens = list(tokenize(text))
    reader = _Reader(text, base, dict(prefixes))
    endpoints: list[str | None] = []
    for index, token in enumerate(tokens):
        reader.declare(tokens, index)
        if _starts(token, "SERVICE") and not (index and tokens[index - 1].keyword == "PREFIX"):
            endpoints += reader.endpoints(token)
    return Reading(
        endpoints=tuple(endpoints),
        has_from=any(_starts(t, "FROM") for t in tokens),
        has_load=any(_starts(t, "LOAD") for t in tokens),
    )


def _starts(token: Token, keyword: str) -> bool:
    return token.kind in ("name", "pname") and token.text[: len(keyword)].upper() == keyword


class _Reader:
    """The prologue state (BASE and prefixes) as the text declares it, in order."""

    def __init__(self, text: str, base: str, prefixes: dict[str, str]) -> None:
        self.text, self.base, self.prefixes = text, base, prefixes

    def declare(self, tokens: list[Token], index: int) -> None:
        """Apply a BASE or PREFIX declaration that starts at ``tokens[index]``."""
        token, after = tokens[index], tokens[index + 1 : index + 3]
        if token.keyword == "BASE" and after and after[0].kind == "iri":
            self.base = resolve(after[0].iri, self.base)
        elif token.keyword == "PREFIX" and len(after) == 2 and after[0].kind == "pname":
            self._prefix(after[0].text, after[1])
        elif token.kind == "pname" and _starts(token, "PREFIX") and after and after[0].kind == "iri":
            self._prefix(token.text[len("PREFIX") :], after[0])  # PREFIXa: <…> is PREFIX a: <…>

    def _prefix(self, name: str, iri: Token) -> None:
        if name.endswith(":") and iri.kind == "iri":
            self.prefixes[name[:-1]] = resolve(iri.iri, self.base)

    def endpoints(self, token: Token) -> list[str | None]:
        """Every endpoint the engine could read after this SERVICE keyword."""
        rest = token.start + len("SERVICE")
        found = [self._endpoint(rest)]
        silent = _skip(self.text, rest)
        if self.text[silent : silent + 6].upper() == "SILENT":
            found.append(self._endpoint(silent + 6))
        return [e for e in found if e != ""]

    def _endpoint(self, position: int) -> str | None:
        """The endpoint IRI at a position; None when it cannot be known, "" when none is there."""
        try:
            token = next(tokenize(self.text, position), None)
        except LexicalError:
            return ""
        if token is None or token.kind not in ("iri", "pname", "var"):
            return ""
        if token.kind == "iri":
            return resolve(token.iri, self.base)
        if token.kind == "pname" and token.pname[0] in self.prefixes:
            return self.prefixes[token.pname[0]] + token.pname[1]
        return None


_SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\r\n]*)*")


def _skip(text: str, position: int) -> int:
    """The position after white space and comments (what the grammar's ``_`` consumes)."""
    match = _SPACE.match(text, position)
    return match.end() if match else position


def check_query(reading: Reading, allowlist: Collection[str]) -> None:
    """Raise FederationError unless every SERVICE of the query names an allowlisted endpoint."""
    for endpoint in reading.endpoints:
        if endpoint is None:
            raise FederationError(
                "SERVICE with a variable endpoint, or a prefix this query does not declare, is not allowed"
            )
        if endpoint not in allowlist:
            allowed = ", ".join(sorted(allowlist)) or "none"
            raise FederationError(f"SERVICE <{endpoint}> is not on the allowlist (allowed: {allowed})")


def check_update(reading: Reading) -> None:
    """Raise FederationError for LOAD and for SERVICE in an update: updates make no requests."""
    if reading.has_load:
        raise FederationError("LOAD is not executed by this server: it would fetch a document from the web")
    if reading.endpoints:
        raise FederationError("SERVICE is not executed in an update: updates make no outbound requests")


def refuse_service(text: str) -> None:
    """Raise FederationError if a query the server itself evaluates (a page's) could call SERVICE.

    Page queries are fixed templates into which only escaped IRIs and literals go;
    this makes that a guarantee instead of a convention, at the cost of one look
    for the letters "service" in the text.
    """
    if "service" in text.lower() and read(text, "", {}).endpoints:
        raise FederationError("a page query may not call SERVICE")


def parse_allowlist(value: str | Collection[str]) -> frozenset[str]:
    """The SERVICE_ALLOWLIST setting (space-separated IRIs, or a list) as a set.

    >>> sorted(parse_allowlist("https://a.example/sparql  https://b.example/sparql"))
    ['https://a.example/sparql', 'https://b.example/sparql']
    """
    return frozenset(value.split() if isinstance(value, str) else value)
