"""IRIs: checked before they reach SPARQL or the store, and resolved as RFC 3986 §5.2 says.

Paths and parameters are visitor text. A percent-escape such as ``%C2%99`` decodes
to a C1 control character, which the SPARQL grammar lets through ``<…>`` but no IRI
may hold (RFC 3987 ``ucschar``); Oxigraph then fails on the whole query. So
``check_iri`` applies RFC 3987's grammar of an absolute IRI (which also keeps out
every character SPARQL's IRIREF forbids) and raises ``InvalidIriError``, which the
app answers with ``status``: 404 for a path, 400 for a parameter.
``tests/test_iri.py`` holds the check against Oxigraph's own IRI parser.

The SERVICE gate compares resolved endpoint IRIs with the allowlist, so it must
resolve ``BASE <…>`` and relative IRIs the way the engine does (Oxigraph follows the
RFC); ``urllib.parse.urljoin`` differs from it in corner cases.
"""

from __future__ import annotations

import ipaddress
import re

#: How much of a rejected text an error message repeats.
SHOWN = 200
# RFC 3987 ucschar and iprivate, as (first, last) code points
_UCS_RANGES = (
    [(0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF)]
    + [(plane << 16, (plane << 16) + 0xFFFD) for plane in range(1, 14)]
    + [(0xE1000, 0xEFFFD)]
)
_PRIVATE_RANGES = [(0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)]
_UCS = "".join(f"{chr(a)}-{chr(b)}" for a, b in _UCS_RANGES)
_PRIVATE = "".join(f"{chr(a)}-{chr(b)}" for a, b in _PRIVATE_RANGES)
_PCT = "%[0-9A-Fa-f]{2}"
_UNRESERVED = "A-Za-z0-9\\-._~" + _UCS
_SUB = "!$&'()*+,;="
_PCHAR = f"(?:[{_UNRESERVED}{_SUB}:@]|{_PCT})"
_ABSOLUTE_IRI = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+\-.]*):"
    f"(?://(?:(?:[{_UNRESERVED}{_SUB}:]|{_PCT})*@)?"
    rf"(?P<host>\[[0-9A-Fa-f:.]+\]|(?:[{_UNRESERVED}{_SUB}]|{_PCT})*)(?::[0-9]*)?"
    f"(?:/{_PCHAR}*)*"
    f"|/?(?:{_PCHAR}+(?:/{_PCHAR}*)*)?)"
    rf"(?:\?(?:{_PCHAR}|[/?{_PRIVATE}])*)?"
    f"(?:#(?:{_PCHAR}|[/?])*)?"
)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class InvalidIriError(ValueError):
    """Text that is no absolute IRI; ``status`` is the HTTP status a request naming it gets."""

    def __init__(self, text: str, status: int = 400) -> None:
        shown = text if len(text) <= SHOWN else text[:SHOWN] + "…"
        super().__init__(f"geen geldige IRI / not a valid IRI: {_CONTROLS.sub(_escaped, repr(shown))}")
        self.status = status


def check_iri(text: str, status: int = 400) -> str:
    """``text`` when it is an absolute IRI that SPARQL can quote; raises InvalidIriError.

    >>> check_iri("https://example.org/gemeente/’s-Hertogenbosch")
    'https://example.org/gemeente/’s-Hertogenbosch'
    >>> check_iri("https://example.org/a\x99")
    Traceback (most recent call last):
    service.sparql.iri.InvalidIriError: geen geldige IRI / not a valid IRI: 'https://example.org/a\\x99'
    >>> check_iri("gemeente/utrecht")
    Traceback (most recent call last):
    service.sparql.iri.InvalidIriError: geen geldige IRI / not a valid IRI: 'gemeente/utrecht'
    """
    match = _ABSOLUTE_IRI.fullmatch(text)
    if match is None or not _valid_ip_literal(match.group("host")):
        raise InvalidIriError(text, status)
    return text


def _valid_ip_literal(host: str | None) -> bool:
    if not host or not host.startswith("["):
        return True
    try:
        ipaddress.IPv6Address(host[1:-1])
    except ValueError:
        return False
    return True


def _escaped(control: re.Match[str]) -> str:
    return f"\\x{ord(control[0]):02x}"


# RFC 3986 Appendix B: scheme, authority, path, query, fragment
_PARTS = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.DOTALL)


def resolve(reference: str, base: str | None) -> str:
    """The target IRI of ``reference`` against ``base`` (RFC 3986 §5.2.2).

    >>> resolve("g;x=1/../y", "http://a/b/c/d;p?q")
    'http://a/b/c/y'
    >>> resolve("../../../g", "http://a/b/c/d;p?q")
    'http://a/g'
    >>> resolve("//evil.example/x", "http://a/b")
    'http://evil.example/x'
    """
    if not base:
        return reference
    r_scheme, r_auth, r_path, r_query, r_frag = _split(reference)
    b_scheme, b_auth, b_path, b_query, _ = _split(base)
    scheme: str | None
    auth: str | None
    query: str | None
    if r_scheme is not None:
        scheme, auth, path, query = r_scheme, r_auth, remove_dot_segments(r_path), r_query
    elif r_auth is not None:
        scheme, auth, path, query = b_scheme, r_auth, remove_dot_segments(r_path), r_query
    elif r_path == "":
        scheme, auth, path, query = b_scheme, b_auth, b_path, (r_query if r_query is not None else b_query)
    else:
        path = r_path if r_path.startswith("/") else _merge(b_auth, b_path, r_path)
        scheme, auth, path, query = b_scheme, b_auth, remove_dot_segments(path), r_query
    return _compose(scheme, auth, path, query, r_frag)


def _split(text: str) -> tuple[str | None, str | None, str, str | None, str | None]:
    """Scheme, authority, path (never None: it may be empty), query and fragment."""
    match = _PARTS.match(text)
    assert match is not None  # every part of the pattern is optional
    scheme, authority, path, query, fragment = match.groups()
    return scheme, authority, path or "", query, fragment


def _merge(base_authority: str | None, base_path: str, path: str) -> str:
    """RFC 3986 §5.2.3."""
    if base_authority is not None and base_path == "":
        return "/" + path
    return base_path[: base_path.rfind("/") + 1] + path


def remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4.

    >>> remove_dot_segments("/a/b/c/./../../g")
    '/a/g'
    """
    output: list[str] = []
    while path:
        if path.startswith(("../", "./")):
            path = path[path.index("/") + 1 :]
        elif path.startswith("/./") or path == "/.":
            path = "/" + path[3:]
        elif path.startswith("/../") or path == "/..":
            path = "/" + path[4:]
            if output:
                output.pop()
        elif path in (".", ".."):
            path = ""
        else:
            end = path.find("/", 1)
            end = len(path) if end == -1 else end
            output.append(path[:end])
            path = path[end:]
    return "".join(output)


def _compose(scheme: str | None, auth: str | None, path: str, query: str | None, frag: str | None) -> str:
    """RFC 3986 §5.3."""
    text = f"{scheme}:" if scheme is not None else ""
    text += f"//{auth}" if auth is not None else ""
    text += path
    text += f"?{query}" if query is not None else ""
    return text + (f"#{frag}" if frag is not None else "")
