"""One check for every IRI a request names, before it reaches SPARQL or the store.

Paths and parameters are visitor text. A percent-escape such as ``%C2%99`` decodes
to a C1 control character, which the SPARQL grammar lets through ``<…>`` but no IRI
may hold (RFC 3987 ``ucschar``); Oxigraph then fails on the whole query and the
visitor got a 500. ``check_iri`` applies both rules, the IRIREF production of
SPARQL 1.1 and Oxigraph's own IRI parser, and raises ``InvalidIriError``, which the
app answers with ``status``: 404 for a path (there is no such resource), 400 for a
parameter (the request is malformed).
"""

from __future__ import annotations

import re

from pyoxigraph import NamedNode

#: Characters that may not appear inside ``<…>`` in SPARQL (SPARQL 1.1 grammar, IRIREF).
NOT_IN_IRIREF = re.compile(r'[\x00-\x20<>"{}|^`\\]')
#: How much of a rejected text an error message repeats.
SHOWN = 200
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class InvalidIriError(ValueError):
    """Text that is no absolute IRI; ``status`` is the HTTP status a request naming it gets."""

    def __init__(self, text: str, status: int = 400, why: str = "") -> None:
        shown = text if len(text) <= SHOWN else text[:SHOWN] + "…"
        detail = f" ({_CONTROLS.sub(_escaped, why)})" if why else ""
        super().__init__(f"geen geldige IRI / not a valid IRI: {shown!r}{detail}")
        self.status = status


def check_iri(text: str, status: int = 400) -> str:
    """``text`` when it is an absolute IRI that SPARQL can quote; raises InvalidIriError.

    >>> check_iri("https://example.org/gemeente/’s-Hertogenbosch")
    'https://example.org/gemeente/’s-Hertogenbosch'
    >>> check_iri("https://example.org/a\\x99")
    Traceback (most recent call last):
    service.iris.InvalidIriError: geen geldige IRI / not a valid IRI: 'https://example.org/a\\x99' (Invalid IRI code point '\\x99')
    >>> check_iri("gemeente/utrecht")
    Traceback (most recent call last):
    service.iris.InvalidIriError: geen geldige IRI / not a valid IRI: 'gemeente/utrecht' (No scheme found in an absolute IRI)
    """
    if not text or NOT_IN_IRIREF.search(text):
        raise InvalidIriError(text, status)
    try:
        NamedNode(text)
    except ValueError as error:
        raise InvalidIriError(text, status, str(error)) from error
    return text


def _escaped(control: re.Match[str]) -> str:
    return f"\\x{ord(control[0]):02x}"
