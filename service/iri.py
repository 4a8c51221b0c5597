"""IRI references resolved against a base exactly as RFC 3986 §5.2 says.

The SERVICE gate compares resolved endpoint IRIs with the allowlist, so it must
resolve ``BASE <…>`` and relative IRIs the way the engine does (Oxigraph follows the
RFC); ``urllib.parse.urljoin`` differs from it in corner cases.
"""

from __future__ import annotations

import re

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


def _split(text: str) -> tuple[str | None, ...]:
    match = _PARTS.match(text)
    assert match is not None  # every part of the pattern is optional
    return match.groups()


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
