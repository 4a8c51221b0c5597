"""Refuse XML that declares a DTD or entities, before any XML parser reads it.

An internal DTD can define entities that expand to each other ("billion laughs"):
under a kilobyte of RDF/XML becomes gigabytes in the parser. An external entity
reads a local file or a URL into the graph. RDF/XML never needs either, so every
way RDF/XML comes in (``sdkg build``, ``sdkg validate``, Graph Store Protocol
writes) asks ``dtd_problem`` first. It looks at the raw bytes, in one pass and
without parsing, so a refusal takes milliseconds whatever the file declares.
"""

from __future__ import annotations

import codecs
import re

_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARATION_BYTES = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
#: Byte order marks, UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: How ``<?`` or ``<`` starts a document without a byte order mark (XML 1.0, appendix F).
_STARTS = {
    b"<\x00\x00\x00": "utf-32-le",
    b"\x00\x00\x00<": "utf-32-be",
    b"<\x00?\x00": "utf-16-le",
    b"\x00<\x00?": "utf-16-be",
    b"\x4c\x6f\xa7\x94": "cp500",  # EBCDIC
}
_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
REFUSAL = (
    "RDF/XML with a document type declaration or entities (<!DOCTYPE, <!ENTITY) is refused: "
    "entities can expand without bound or read other files; write the RDF/XML without them"
)


def dtd_problem(data: bytes) -> str | None:
    """Why the XML ``data`` is refused, or None when it declares no DTD and no entity.

    Bytes that are not ASCII-compatible (UTF-16, UTF-32, EBCDIC) are decoded for the
    check, so a declaration cannot hide in another encoding.

    >>> dtd_problem(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "a">]><r>&a;</r>') is not None
    True
    >>> dtd_problem('<!DOCTYPE r><r/>'.encode("utf-16")) is not None
    True
    >>> dtd_problem(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>') is None
    True
    """
    if _DECLARATION_BYTES.search(data):
        return REFUSAL
    encoding = _foreign_encoding(data)
    if encoding and _DECLARATION.search(data.decode(encoding, errors="replace")):
        return REFUSAL
    return None


def _foreign_encoding(data: bytes) -> str | None:
    """The encoding of ``data`` when it is not ASCII-compatible (else None: the bytes were checked)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if data[:4] in _STARTS:
        return _STARTS[data[:4]]
    declared = _ENCODING.match(data)
    return _unless_ascii_compatible(declared.group(1).decode("ascii")) if declared else None


def _unless_ascii_compatible(encoding: str) -> str | None:
    try:
        same = "<!DOCTYPE".encode(encoding) == b"<!DOCTYPE"
    except LookupError:  # an encoding Python does not know: no parser here reads it either
        return None
    return None if same else encoding
