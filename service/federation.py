"""The gate for outbound requests: SERVICE only to allowlisted endpoints, LOAD never.

pyoxigraph evaluates ``SERVICE <iri>`` by calling that address, any address, and
echoes the remote answer in its error messages; ``LOAD <iri>`` fetches a document.
A query author must not be able to make this server reach its own network, so every
query and update is checked *before* it is evaluated (SPARQL 1.1 Federated Query §3).

The check is in two stages. ``sparql_text.has_keyword`` tells cheaply whether the
text can contain SERVICE or LOAD at all (after the ``\\u`` escapes the grammar
expands); only then the request is parsed with rdflib and every SERVICE node of its
algebra is examined, whatever its spelling: prefixed names, relative IRIs against
BASE, ``SERVICE SILENT``, nested in EXISTS or sub-queries. A variable endpoint cannot
be checked in advance and is refused. Text that mentions the keywords but rdflib
cannot parse is refused too: unchecked is not allowed.

``FROM``/``FROM NAMED`` and ``default-graph-uri``/``named-graph-uri`` need no gate:
Oxigraph resolves them against the graphs of its own dataset and never fetches.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

from rdflib import URIRef
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from service.sparql_text import has_keyword


class FederationError(Exception):
    """A query or update would make an outbound request we do not allow."""


def check_query(query: str, allowlist: Collection[str], prefixes: Mapping[str, str], base: str) -> None:
    """Raise FederationError unless every SERVICE in the query names an allowlisted endpoint."""
    if not has_keyword(query, "SERVICE"):
        return
    try:
        algebra = translateQuery(parseQuery(query), base=base, initNs=dict(prefixes)).algebra
    except Exception as error:  # rdflib's parse errors have no common base class
        raise FederationError(
            f"SERVICE is used but the query could not be checked: {_first_line(error)}"
        ) from error
    _check_services(algebra, allowlist)


def check_update(update: str, allowlist: Collection[str], prefixes: Mapping[str, str], base: str) -> None:
    """Raise FederationError for LOAD, and for SERVICE outside the allowlist, in an update."""
    if not has_keyword(update, "SERVICE", "LOAD"):
        return
    try:
        algebra = translateUpdate(parseUpdate(update), base=base, initNs=dict(prefixes)).algebra
    except Exception as error:
        raise FederationError(
            f"LOAD or SERVICE is used but the update could not be checked: {_first_line(error)}"
        ) from error
    if any(isinstance(op, CompValue) and op.name == "Load" for op in algebra):
        raise FederationError("LOAD is not executed by this server: it would fetch a document from the web")
    _check_services(algebra, allowlist)


def _check_services(algebra: Any, allowlist: Collection[str]) -> None:
    for node in _service_nodes(algebra):
        term = node.get("term")
        if not isinstance(term, URIRef):
            raise FederationError(f"SERVICE with a variable endpoint ({term.n3()}) is not allowed")
        if str(term) not in allowlist:
            allowed = ", ".join(sorted(allowlist)) or "none"
            raise FederationError(f"SERVICE <{term}> is not on the allowlist (allowed: {allowed})")


def _service_nodes(node: Any) -> Iterator[CompValue]:
    """Every ServiceGraphPattern anywhere below ``node``; shared sub-trees are visited once."""
    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                yield item
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def parse_allowlist(value: str | Collection[str]) -> frozenset[str]:
    """The SERVICE_ALLOWLIST setting (space-separated IRIs, or a list) as a set.

    >>> sorted(parse_allowlist("https://a.example/sparql  https://b.example/sparql"))
    ['https://a.example/sparql', 'https://b.example/sparql']
    """
    return frozenset(value.split() if isinstance(value, str) else value)


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
